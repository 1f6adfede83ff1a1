package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/vigie-project/vigie/examples"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/synth"
)

const demoHelp = `Try vigie on a fresh machine in one command: it makes a data directory,
ingests a demo corpus (the example posts and invented posts of every
category with planted networks, from vigie synth), makes an admin account
with a one-time password printed once, and serves the web application.

Run again on the same directory, it ingests nothing new and keeps the
accounts (vigie user passwd admin sets a new password).

Everything in the demo corpus is invented: no real person's text or number.

Examples:
  vigie demo
  vigie demo --data /tmp/vigie-demo --addr 127.0.0.1:9090 --admin-password 'a long passphrase'
`

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[flags]", demoHelp)
	data := fs.String("data", "vigie-demo", "data `directory` (made if missing)")
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to serve on")
	adminPW := fs.String("admin-password", "", "`password` of the admin account when it is made (default: a one-time password, printed)")
	count := fs.Int("posts", 3000, "number of invented `posts` in the demo corpus")
	noServe := fs.Bool("no-serve", false, "prepare the data directory and stop (for scripts and tests)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "vigie demo: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *adminPW != "" && len([]rune(*adminPW)) < auth.MinPasswordLen {
		fmt.Fprintf(e.stderr, "vigie demo: --admin-password: at least %d characters\n", auth.MinPasswordLen)
		return errUsage
	}
	if *count < 0 {
		fmt.Fprintf(e.stderr, "vigie demo: --posts %d: want a number >= 0\n", *count)
		return errUsage
	}
	if err := os.MkdirAll(*data, 0o750); err != nil {
		return err
	}
	st, err := store.Open(ctx, *data)
	if err != nil {
		return err
	}
	n, err := st.Count(ctx)
	users, uerr := st.Users(ctx)
	st.Close()
	if err != nil {
		return err
	}
	if uerr != nil {
		return uerr
	}
	if n == 0 {
		files, err := writeDemoCorpus(filepath.Join(*data, "demo-corpus"), *count)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "ingesting the demo corpus (%d invented posts and the examples)…\n", *count)
		if err := runIngest(ctx, e, append([]string{"--data", *data}, files...)); err != nil {
			return fmt.Errorf("ingest the demo corpus: %w", err)
		}
	} else {
		fmt.Fprintf(e.stdout, "%s holds %d documents already: nothing ingested\n", *data, n)
	}
	if len(users) == 0 {
		pw, made := *adminPW, ""
		if pw == "" {
			pw = auth.NewPassword()
			made = pw
		}
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return err
		}
		st, err := store.Open(ctx, *data)
		if err != nil {
			return err
		}
		_, err = st.AddUser(ctx, store.User{Name: "admin", Role: auth.RoleAdmin.String(), PasswordHash: hash})
		st.Close()
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "account admin made (role admin)")
		if made != "" {
			fmt.Fprintf(e.stdout, "one-time password of admin (shown once, hyphens included): %s\n", made)
		}
	} else {
		fmt.Fprintf(e.stdout, "%d accounts exist: log in with yours (vigie user passwd admin --data %s sets a new password)\n", len(users), *data)
	}
	if *noServe {
		return nil
	}
	return runServe(ctx, e, []string{"--data", *data, "--addr", *addr})
}

// writeDemoCorpus writes the example posts and count invented posts into
// dir and returns the files' paths.
func writeDemoCorpus(dir string, count int) ([]string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	// The examples mix JSON lines and plain text lines (vigie analyze
	// reads both); ingest reads JSON lines.
	var exb bytes.Buffer
	for i, line := range bytes.Split(bytes.TrimSpace(examples.Posts), []byte("\n")) {
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("{")) {
			exb.Write(line)
			exb.WriteByte('\n')
			continue
		}
		b, err := jsonLine(map[string]string{"id": "example-" + strconv.Itoa(i+1), "source": "examples", "text": string(line)})
		if err != nil {
			return nil, err
		}
		exb.Write(b)
	}
	ex := filepath.Join(dir, "examples.jsonl")
	if err := os.WriteFile(ex, exb.Bytes(), 0o640); err != nil {
		return nil, err
	}
	syn := filepath.Join(dir, "synth-"+strconv.Itoa(count)+".jsonl")
	f, err := os.Create(syn)
	if err != nil {
		return nil, err
	}
	g := synth.New(1)
	var werr error
	for range count {
		b, err := jsonLine(g.Next())
		if err != nil {
			werr = err
			break
		}
		if _, err := f.Write(b); err != nil {
			werr = err
			break
		}
	}
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return nil, fmt.Errorf("write the demo corpus: %w", werr)
	}
	return []string{ex, syn}, nil
}

// jsonLine returns v as one line of JSON, HTML characters unescaped.
func jsonLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
