package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/capture"
	"github.com/vigie-project/vigie/internal/casefile"
	"github.com/vigie-project/vigie/internal/ingest"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
	"github.com/vigie-project/vigie/internal/web"
	"github.com/vigie-project/vigie/internal/webhook"
)

const serveHelp = `Serve the web application: investigators search and read documents, first-line
users triage, analysts read statistics. Pages are rendered on the server and
work offline; log in with an account made by "vigie user add".

It listens on 127.0.0.1 by default: to serve a unit's network, put it behind a
TLS-terminating proxy (and pass --secure) or listen on an internal address.

Examples:
  vigie user add ana --role investigator --data /srv/vigie
  vigie serve --data /srv/vigie --addr 127.0.0.1:8080
`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[flags]", serveHelp)
	df := addDataFlags(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	secure := fs.Bool("secure", false, "mark session cookies Secure (vigie is reached over HTTPS)")
	region := fs.String("region", "BE", "default `region` for phone numbers typed in searches (ISO 3166 alpha-2)")
	private := fs.Bool("allow-private-urls", false, "let users fetch URLs (triage, ingest) on this machine and private networks; refused by default, so that a URL typed in a page cannot reach internal services")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "vigie serve: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	reg, ok := analyze.RegionCode(*region)
	if !ok {
		fmt.Fprintf(e.stderr, "vigie serve: --region %q: want an ISO 3166 alpha-2 code such as BE\n", *region)
		return errUsage
	}
	st, ev, err := df.openWith(ctx, store.OpenForServing)
	if err != nil {
		return err
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	uploads := filepath.Join(*df.data, "uploads")
	if err := os.RemoveAll(uploads); err != nil { // left by a server stopped mid-ingest
		return err
	}
	key, err := casefile.LoadOrCreateKey(instanceKeyPath(*df.data))
	if err != nil {
		return fmt.Errorf("instance key (signs case exports): %w", err)
	}
	srv, err := web.New(st, web.Options{Secure: *secure, Region: reg, Log: log,
		Ingest: webIngest(df, *region, !*private), UploadDir: uploads, Evidence: ev,
		FetchPage: fetchPage(!*private), CaseKey: key, PrivateURLs: *private})
	if err != nil {
		return err
	}
	defer srv.Wait() // ingests started from the web end before the store closes
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Expired sessions are removed every hour (they no longer open
	// anything, but they need not stay).
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if n, err := st.DeleteExpiredSessions(ctx, time.Now()); err != nil {
				log.Error("delete expired sessions", "err", err)
			} else if n > 0 {
				log.Info("expired sessions deleted", "n", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	// Alerts raised by ingests are posted to their watches' webhooks.
	go deliverLoop(ctx, st, &webhook.Sender{PublicOnly: !*private}, 10*time.Second, log)
	fmt.Fprintf(e.stdout, "vigie serving on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// webIngest returns the ingest the web application runs: vigie ingest
// itself, on the same store, its progress lines passed on and its
// summary returned.
func webIngest(df dataFlags, region string, publicOnly bool) web.IngestFunc {
	// One ingest at a time: the store has one writer, and the clustering
	// index one owner.
	var one sync.Mutex
	return func(ctx context.Context, input string, progress func(string)) (string, error) {
		progress("waiting for the ingest before it to end")
		one.Lock()
		defer one.Unlock()
		progress("started")
		var out bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: lineWriter(progress)}
		args := []string{"--data", *df.data, "--region", region}
		if publicOnly {
			args = append(args, "--public-only")
		}
		if *df.db != "" {
			args = append(args, "--db", *df.db)
		}
		err := runIngest(ctx, e, append(args, input))
		if errors.Is(err, errFound) {
			err = errors.New("some records were rejected: see the summary")
		}
		return out.String(), err
	}
}

// fetchPage returns how the triage page reads a URL: fetched and read as
// vigie ingest would, nothing kept.
func fetchPage(publicOnly bool) func(ctx context.Context, u string) ([]vigie.Document, error) {
	f := &capture.Fetcher{Timeout: 20 * time.Second, MaxBody: 8 << 20, PublicOnly: publicOnly}
	return func(ctx context.Context, u string) ([]vigie.Document, error) {
		c, err := f.Fetch(ctx, u)
		if err != nil {
			return nil, err
		}
		if c.StatusCode < 200 || c.StatusCode > 299 {
			return nil, fmt.Errorf("the server answered %s", c.Status)
		}
		var docs []vigie.Document
		err = readCapture(c, "", func(r ingest.Record) error {
			if r.Err != nil {
				return r.Err
			}
			if strings.TrimSpace(r.Doc.Text) != "" {
				docs = append(docs, r.Doc)
			}
			return nil
		})
		return docs, err
	}
}

// lineWriter is an io.Writer that calls f with each line written.
type lineWriter func(string)

func (f lineWriter) Write(p []byte) (int, error) {
	for _, l := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			f(l)
		}
	}
	return len(p), nil
}
