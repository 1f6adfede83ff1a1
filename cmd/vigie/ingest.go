package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/capture"
	"github.com/vigie-project/vigie/internal/evidence"
	"github.com/vigie-project/vigie/internal/ingest"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
)

const ingestHelp = `Store posts, keeping their original bytes as evidence: each input file is
first copied into the evidence store under its SHA-256, then read from there,
analysed on every core and stored with what the analysis found, so that every
document points back to the exact bytes it came from.

Ingesting the same content from the same source again adds nothing: an
interrupted run can simply be run again. A malformed record is reported with
its file and line and the rest is stored.

New posts join their template clusters (near-duplicate texts) and their
networks (posts sharing a phone, handle, e-mail, wallet, IBAN or photo):
only what they touch is relinked. The clustering index is kept between
ingests in DATA/clusters.snapshot; without it, or when the store changed
since, it is rebuilt from the stored signatures (seconds per million posts).

Exit status: 0 when every record read was stored or already present; 1 when
some were rejected (each reported, the rest stored) or an input could not be
read; 2 for a command-line error.

Formats (told by the file name, or --format):
  jsonl         one JSON document per line: {"id", "source", "platform", "url",
                "author", "posted_at", "text", "region", "lang", "media"}, only
                "text" required (.jsonl, .ndjson; standard input with FILE -)
  whatsapp      a WhatsApp "Export chat" text file, any phone and locale (.txt):
                one document per message, system messages included
  whatsapp-zip  a WhatsApp export with media (.zip, kept whole as evidence):
                attached files are linked to their messages by SHA-256
  telegram      a Telegram Desktop JSON export, one chat or a whole account
                (.json)
  csv           a table with a header row (.csv): the text is the first column
                named text, body, content, description, message…, or those
                --columns names; other columns map to the document's fields
  html          a saved web page (.html, .htm), UTF-8, UTF-16 or a declared
                charset: its readable text, or one document per ad of a
                listing page
  warc          a web archive (.warc, .warc.gz): the pages and feeds of its
                response and resource records
  feed          an RSS or Atom feed (.rss, .atom, .xml): one document per item
  URL           an http:// or https:// address is fetched (bounded in time,
                redirects and size), kept as a WARC file of the request and
                response with its SHA-256 and capture time, and read as a page
                or a feed

Examples:
  vigie ingest examples/posts.jsonl
  vigie ingest --data /srv/vigie --json export.jsonl
  vigie ingest --columns 'text=title+description,id=job_id,posted_at=date' jobs.csv
  vigie ingest https://example.org/listing.html
`

// dataFlags are the flags naming the store, shared by the commands that
// use one.
type dataFlags struct {
	data, db *string
}

func addDataFlags(fs interface {
	String(name, value, usage string) *string
}) dataFlags {
	def := os.Getenv("VIGIE_DATA")
	if def == "" {
		def = "vigie-data"
	}
	return dataFlags{
		data: fs.String("data", def, "data `directory` of the embedded store and the evidence (env VIGIE_DATA)"),
		db:   fs.String("db", os.Getenv("VIGIE_DATABASE_URL"), "PostgreSQL `URL` instead of the embedded store (env VIGIE_DATABASE_URL)"),
	}
}

func (f dataFlags) open(ctx context.Context) (*store.Store, *evidence.Store, error) {
	return f.openWith(ctx, store.Open)
}

// openWith is open with the store opened by openStore (store.Open, or
// store.OpenForServing for a server).
func (f dataFlags) openWith(ctx context.Context, openStore func(context.Context, string) (*store.Store, error)) (*store.Store, *evidence.Store, error) {
	target := *f.data
	if *f.db != "" {
		target = *f.db
	}
	st, err := openStore(ctx, target)
	if err != nil {
		return nil, nil, err
	}
	ev, err := evidence.Open(filepath.Join(*f.data, "evidence"))
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, ev, nil
}

// ingestSummary is what --json prints.
type ingestSummary struct {
	Files      []string             `json:"files"`
	Read       int                  `json:"documents_read"`
	Added      int                  `json:"documents_added"`
	Skipped    int                  `json:"documents_skipped"`
	Errors     int                  `json:"errors"`
	Problems   []problem            `json:"error_list"`
	Categories map[string]int       `json:"categories"`
	Captures   []captureInfo        `json:"captures,omitempty"`
	Clusters   *ingest.ClusterStats `json:"clusters,omitempty"`
	Networks   *linkStats           `json:"networks,omitempty"`
	Alerts     int                  `json:"alerts"` // raised by watchlists for the new documents
	Seconds    float64              `json:"seconds"`
}

type problem struct {
	File  string `json:"file"`
	Where string `json:"where"`
	Error string `json:"error"`
}

// maxListed bounds the problems listed; all are counted.
const maxListed = 1000

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "[flags] FILE|-…", ingestHelp)
	df := addDataFlags(fs)
	format := fs.String("format", "auto", "input `format`: auto (from the file name), "+strings.Join(formats, ", "))
	columns := fs.String("columns", "", "CSV `mapping` of document fields to columns (names or numbers from 1): text=COL[+COL…],id=,source=,platform=,url=,author=,posted_at=,region=,lang=")
	timeout := fs.Duration("timeout", capture.DefaultTimeout, "longest `time` to fetch one URL, redirects and body included")
	region := fs.String("region", analyze.DefaultRegion, "default `country` for phone numbers written without one")
	workers := fs.Int("workers", 0, "analyse on `n` goroutines (0: one per core)")
	batch := fs.Int("batch", 0, "store at most `n` documents per transaction (0: 10000; smaller uses less memory, larger is faster)")
	asJSON := fs.Bool("json", false, "print one JSON summary on standard output instead of text")
	publicOnly := fs.Bool("public-only", false, "fetch URLs from public internet addresses only: refuse this machine, private networks and link-local addresses (vigie serve sets it for URLs given in its pages)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *batch < 0 || *workers < 0 {
		fmt.Fprintln(e.stderr, "vigie ingest: --batch and --workers take a number >= 0")
		return errUsage
	}
	reg, ok := analyze.RegionCode(*region)
	if !ok {
		fmt.Fprintf(e.stderr, "vigie ingest: --region %q: want an ISO 3166 alpha-2 code such as BE\n", *region)
		return errUsage
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, "vigie ingest: no FILE or URL given (use - for standard input)")
		return errUsage
	}
	for _, f := range files {
		if _, err := inputFormat(*format, f); err != nil {
			fmt.Fprintf(e.stderr, "vigie ingest: %v\n", err)
			return errUsage
		}
	}
	cols, err := parseColumns(*columns)
	if err != nil {
		fmt.Fprintf(e.stderr, "vigie ingest: --columns: %v\n", err)
		return errUsage
	}
	fetcher := &capture.Fetcher{Timeout: *timeout, PublicOnly: *publicOnly}
	st, ev, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := ev.CleanTemp(); err != nil {
		return err
	}
	start := time.Now()
	// The clustering index of what the store holds, read from its
	// snapshot or rebuilt from the stored signatures; documents stored
	// before are signed now.
	clusters, cst, err := ingest.NewClusterer(ctx, st, filepath.Join(*df.data, "clusters.snapshot"))
	if err != nil {
		return err
	}
	if cst.Documents+cst.Signed > 0 && !*asJSON {
		if cst.Snapshot == "read" {
			fmt.Fprintf(e.stderr, "template clusters: %d documents read from the snapshot (%.1fs)\n",
				cst.Documents, time.Since(start).Seconds())
		} else {
			fmt.Fprintf(e.stderr, "template clusters: rebuilt (snapshot: %s): %d stored documents read, %d signed, %d repaired (%.1fs)\n",
				cst.Snapshot, cst.Documents, cst.Signed, cst.Repaired, time.Since(start).Seconds())
		}
	}
	run, err := st.BeginRun(ctx, strings.Join(args, " "))
	if err != nil {
		return err
	}
	sum := ingestSummary{Files: files, Categories: map[string]int{}, Problems: []problem{}}
	var added []int64 // store ids of the documents added
	progress := newProgress(e)
	a := analyze.New(rules.Default(), reg, analyze.DefaultThreshold)
	for _, name := range files {
		file := displayName(name)
		format, _ := inputFormat(*format, name)
		var read func(fn func(ingest.Record) error) error
		done := func() {}
		if format == "url" {
			// A page that cannot be fetched is an error of that input; the
			// other inputs are still ingested.
			c, err := fetcher.Fetch(ctx, name)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				sum.Errors++
				sum.Problems = append(sum.Problems, problem{File: file, Where: "fetch", Error: err.Error()})
				if !*asJSON {
					fmt.Fprintf(e.stderr, "%s: %v\n", file, err)
				}
				continue
			}
			ref, err := ev.PutBytes(c.WARC)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			sum.Captures = append(sum.Captures, captureInfo{URL: c.URL, FinalURL: c.FinalURL, Status: c.StatusCode, CapturedAt: c.Time, WARC: ref.SHA256})
			read = func(fn func(ingest.Record) error) error { return readCapture(c, ref.SHA256, fn) }
		} else {
			r, closeFn, err := openInput(e, name)
			if err != nil {
				return err
			}
			ref, err := ev.Put(r)
			closeFn()
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			if read, done, err = reader(ev, ref, format, name, cols); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
		}
		p := &ingest.Pipeline{
			Analyzer: a, Store: st, Run: run, Workers: *workers, Batch: *batch, Clusters: clusters,
			Problem: func(where string, err error) {
				if len(sum.Problems) < maxListed {
					sum.Problems = append(sum.Problems, problem{File: file, Where: where, Error: err.Error()})
				}
				if !*asJSON {
					fmt.Fprintf(e.stderr, "%s: %s: %v\n", file, where, err)
				}
			},
			Progress: func(t ingest.Totals) {
				progress.update(file, sum.Read+t.Read, sum.Added+t.Added, sum.Skipped+t.Skipped, sum.Errors+t.Errors)
			},
		}
		t, err := p.Ingest(ctx, read)
		done()
		sum.Read += t.Read
		sum.Added += t.Added
		added = append(added, t.IDs...)
		sum.Skipped += t.Skipped
		sum.Errors += t.Errors
		for c, n := range t.Categories {
			sum.Categories[c] += n
		}
		if err != nil {
			st.FinishRun(context.WithoutCancel(ctx), store.Run{ID: run, Added: sum.Added, Skipped: sum.Skipped, Errors: sum.Errors})
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	progress.done()
	if err := st.FinishRun(ctx, store.Run{ID: run, Added: sum.Added, Skipped: sum.Skipped, Errors: sum.Errors}); err != nil {
		return err
	}
	// Without a snapshot the next ingest only takes longer: say so and go on.
	if _, err := clusters.Save(ctx); err != nil {
		fmt.Fprintf(e.stderr, "vigie ingest: warning: %v (the next ingest rebuilds the template clusters)\n", err)
	}
	cs := clusters.Stats()
	sum.Clusters = &cs
	if sum.Added > 0 {
		// New posts may join, make or merge networks: relink them and
		// what they touch, or everything when they are most of the store.
		total, err := st.Count(ctx)
		if err != nil {
			return err
		}
		var ls linkStats
		if int64(len(added))*2 >= total {
			ls, err = relink(ctx, st)
		} else {
			ls, err = relinkNew(ctx, st, added)
		}
		if err != nil {
			return fmt.Errorf("documents stored, but linking them failed (vigie networks --relink retries): %w", err)
		}
		sum.Networks = &ls
		if sum.Alerts, err = st.RaiseAlerts(ctx, added); err != nil {
			return fmt.Errorf("documents stored, but matching them against the watchlists failed: %w", err)
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "%d documents read: %d added, %d already present, %d errors (%.1fs)\n",
			sum.Read, sum.Added, sum.Skipped, sum.Errors, sum.Seconds)
		fmt.Fprintf(e.stdout, "clustered %d posts by template (%.1fs)\n", cs.Added, cs.Seconds)
		if sum.Networks != nil {
			fmt.Fprintln(e.stdout, sum.Networks)
		}
		if sum.Alerts > 0 {
			fmt.Fprintf(e.stdout, "%d alerts raised by watchlists\n", sum.Alerts)
		}
		cats := make([]string, 0, len(sum.Categories))
		for c := range sum.Categories {
			cats = append(cats, c)
		}
		slices.Sort(cats)
		for _, c := range cats {
			fmt.Fprintf(e.stdout, "  %-34s %d\n", c, sum.Categories[c])
		}
	}
	if sum.Errors > 0 {
		return errFound // each already reported, with its file and line
	}
	return nil
}

// formats are the input formats ingest reads.
var formats = []string{"jsonl", "csv", "whatsapp", "whatsapp-zip", "telegram", "html", "warc", "feed"}

// inputFormat returns the reader format of file: the flag's, or one told
// by the file's name.
func inputFormat(flag, file string) (string, error) {
	if flag != "auto" {
		if !slices.Contains(formats, flag) {
			return "", fmt.Errorf("--format %q: want auto or one of %s", flag, strings.Join(formats, ", "))
		}
		return flag, nil
	}
	if isURL(file) {
		return "url", nil
	}
	if file == "-" {
		return "jsonl", nil
	}
	lower := strings.ToLower(file)
	if strings.HasSuffix(lower, ".warc.gz") {
		return "warc", nil
	}
	switch filepath.Ext(lower) {
	case ".csv":
		return "csv", nil
	case ".html", ".htm", ".xhtml":
		return "html", nil
	case ".warc":
		return "warc", nil
	case ".rss", ".atom", ".xml":
		return "feed", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	case ".json":
		// Telegram Desktop writes one JSON document (result.json).
		return "telegram", nil
	case ".txt":
		return "whatsapp", nil
	case ".zip":
		return "whatsapp-zip", nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name; give --format (one of %s)", file, strings.Join(formats, ", "))
}

// reader returns the function that reads the documents of the blob ref of
// file in format, and a function to call when done.
func reader(ev *evidence.Store, ref evidence.Ref, format, file string, cols ingest.CSVColumns) (func(fn func(ingest.Record) error) error, func(), error) {
	if format == "whatsapp-zip" {
		f, size, err := ev.OpenVerified(ref.SHA256)
		if err != nil {
			return nil, nil, err
		}
		source := ingest.ChatName(strings.TrimSuffix(filepath.Base(file), ".zip") + ".txt")
		return func(fn func(ingest.Record) error) error {
			return ingest.ReadWhatsAppZip(f, size, ref.SHA256, withSource(source, fn))
		}, func() { f.Close() }, nil
	}
	blob, err := ev.Open(ref.SHA256)
	if err != nil {
		return nil, nil, err
	}
	done := func() { blob.Close() }
	switch format {
	case "whatsapp":
		source := ingest.ChatName(filepath.Base(file))
		return func(fn func(ingest.Record) error) error {
			return ingest.ReadWhatsApp(blob, ref.SHA256, withSource(source, fn))
		}, done, nil
	case "telegram":
		return func(fn func(ingest.Record) error) error { return ingest.ReadTelegram(blob, ref.SHA256, fn) }, done, nil
	case "csv":
		return func(fn func(ingest.Record) error) error { return ingest.ReadCSV(blob, ref.SHA256, cols, fn) }, done, nil
	case "html":
		return func(fn func(ingest.Record) error) error {
			return ingest.ReadHTML(blob, ref.SHA256, ingest.HTMLOptions{}, fn)
		}, done, nil
	case "warc":
		return func(fn func(ingest.Record) error) error { return readWARCFile(blob, ref.SHA256, fn) }, done, nil
	case "feed":
		return func(fn func(ingest.Record) error) error {
			// A feed is read whole (it is bounded by its items' size), so
			// that the same code reads feeds from files and from the web.
			b, err := io.ReadAll(io.LimitReader(blob, maxFeedFile+1))
			if err != nil {
				return err
			}
			if len(b) > maxFeedFile {
				return fmt.Errorf("feed larger than %d MiB", maxFeedFile>>20)
			}
			if !capture.IsFeed(b[:min(len(b), 4096)]) {
				return fmt.Errorf("not an RSS or Atom feed (give --format)")
			}
			return readWebBody(webBody{body: b, contentType: "application/rss+xml", blob: ref.SHA256, length: int64(len(b)), record: "feed"}, fn)
		}, done, nil
	}
	return func(fn func(ingest.Record) error) error { return ingest.ReadJSONL(blob, ref.SHA256, fn) }, done, nil
}

// withSource sets the source of documents that have none to source (a
// chat named by its file).
func withSource(source string, fn func(ingest.Record) error) func(ingest.Record) error {
	if source == "" {
		return fn
	}
	return func(r ingest.Record) error {
		if r.Doc.Source == "" {
			r.Doc.Source = source
		}
		return fn(r)
	}
}

// progress reports a long ingest: a line rewritten in place on a
// terminal, a plain line every few seconds otherwise.
type progress struct {
	e     *env
	tty   bool
	last  time.Time
	shown bool
}

func newProgress(e *env) *progress {
	return &progress{e: e, tty: e.stderrTTY, last: time.Now()}
}

func (p *progress) update(file string, read, added, skipped, errs int) {
	every := 5 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	if time.Since(p.last) < every {
		return
	}
	p.last = time.Now()
	line := fmt.Sprintf("ingest %s: %d read, %d added, %d present, %d errors", file, read, added, skipped, errs)
	if p.tty {
		fmt.Fprintf(p.e.stderr, "\r\033[K%s", line)
		p.shown = true
	} else {
		fmt.Fprintln(p.e.stderr, line)
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.e.stderr, "\r\033[K")
	}
}
