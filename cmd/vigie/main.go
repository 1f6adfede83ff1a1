// Command vigie is a self-hosted investigation platform against human
// trafficking and migrant smuggling online. Run `vigie help` for the
// subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may touch of the process: its streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdoutTTY      bool
	stderrTTY      bool
}

var commands []command

func init() {
	commands = []command{
		{"analyze", "extract contacts and score indicators in posts (JSON lines or plain text)", runAnalyze},
		{"audit", "check the audit trail's hash chain and list its rows", runAudit},
		{"bench-search", "measure search latency on the store with a mix of realistic queries", runBenchSearch},
		{"bench-web", "measure page latency of a running vigie serve under concurrent logged-in clients", runBenchWeb},
		{"demo", "try vigie: ingest an invented demo corpus, make an admin account and serve the web application", runDemo},
		{"export", "export networks for Aleph (FollowTheMoney), Gephi and Maltego (GraphML, GEXF) or as CSV", runExport},
		{"ingest", "store posts with their original bytes as evidence, analysed and indexed", runIngest},
		{"key", "print the fingerprint of the instance key that signs case exports (made if missing)", runKey},
		{"network", "show one network: its identifiers, categories, places, prices and posts", runNetwork},
		{"networks", "list the networks of posts linked by shared phones, handles, e-mails and photos", runNetworks},
		{"retention", "keep documents only as long as their source's retention: list, set, apply", runRetention},
		{"search", "search stored posts by words, contacts, category, risk, language, source and date", runSearch},
		{"serve", "serve the web application (search, documents, accounts) on a local address", runServe},
		{"similar", "show the posts written from the same template as one post, and the template", runSimilar},
		{"stats", "print what the store holds", runStats},
		{"subject", "print everything held about one identifier (subject access requests)", runSubject},
		{"synth", "print invented posts of every category, with planted networks, for tests and benchmarks", runSynth},
		{"user", "manage the accounts of the web application: add, passwd, role, disable, enable, token, list", runUser},
		{"verify-export", "check a case export offline: signature, signer, every file's SHA-256", runVerifyExport},
		{"verify", "check every evidence blob against its digest and every document's original", runVerify},
		{"version", "print the version of vigie and of its rulebook", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr)}
	stopProfile, err := startProfiles(os.Getenv("VIGIE_CPUPROFILE"), os.Getenv("VIGIE_BLOCKPROFILE"), os.Getenv("VIGIE_MUTEXPROFILE"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "vigie: %v\n", err)
		os.Exit(1)
	}
	status := run(ctx, e, os.Args[1:])
	stopProfile()
	os.Exit(status)
}

// startProfiles starts the profiles whose files are set: the CPU
// profile, the block profile (where goroutines waited: on locks,
// channels, the database pool) and the mutex profile (which locks were
// contended). It returns what stops them and writes them.
func startProfiles(cpu, block, mutex string) (stop func(), err error) {
	stopCPU, err := startProfile(cpu)
	if err != nil {
		return nil, err
	}
	if block != "" {
		runtime.SetBlockProfileRate(int(10 * time.Microsecond)) // a wait of 10 µs or more is sampled
	}
	if mutex != "" {
		runtime.SetMutexProfileFraction(10)
	}
	return func() {
		stopCPU()
		for _, p := range []struct{ name, file string }{{"block", block}, {"mutex", mutex}} {
			if p.file == "" {
				continue
			}
			if err := writeProfile(p.name, p.file); err != nil {
				fmt.Fprintf(os.Stderr, "vigie: %s profile: %v\n", p.name, err)
			}
		}
	}, nil
}

// writeProfile writes the runtime profile name to file.
func writeProfile(name, file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// startProfile writes a CPU profile of the whole command to file, when
// set (VIGIE_CPUPROFILE, for whoever measures vigie; go tool pprof reads
// it), and returns what stops it.
func startProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "vigie: cpu profile: %v\n", err)
		}
	}, nil
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			return run(ctx, e, []string{args[1], "--help"})
		}
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	// What a command changes is recorded in the audit trail as done by
	// the person running it.
	if store.ActorOf(ctx).Name == audit.ActorSystem {
		ctx = store.WithActor(ctx, store.Actor{Name: audit.CLIActor(osUser())})
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, errFound):
			return 1
		default:
			fmt.Fprintf(e.stderr, "vigie %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "vigie: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

// errUsage reports a command line that the flag set already explained.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprint(w, `vigie — find, explain and link online evidence of human trafficking and migrant smuggling.

Usage:
  vigie <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "vigie <command> --help" for the flags of one command.
`)
}

// newFlags returns a flag set for a subcommand whose errors and help go to
// stderr and which returns errors instead of exiting.
func newFlags(e *env, name, synopsis, help string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: vigie %s %s\n\n%s\nFlags:\n", name, synopsis, help)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and maps flag errors to errUsage (the flag
// package has already printed them) and --help to flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// osUser returns the name of the account running vigie, for the audit
// trail.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "unknown"
}

// parseArgs parses flags that may come before, between or after the
// positional arguments, and returns those.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
