package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
)

const analyzeHelp = `Read posts, one per line, and print for each its language, extracted entities
(phones, messaging handles, e-mails, URLs, prices, IBANs, wallets, ages,
places, documents), indicator hits with their evidence and explanation, and
the categories that score at or above the threshold.

A line is a JSON object {"id": "…", "text": "…", "region": "BE", "lang": "fr"}
(only "text" is required) or, if it does not start with "{", plain text whose
id is its line number. With no FILE, or when FILE is -, read standard input.
Output is one JSON object per input line, in input order; a malformed line
gets {"id": …, "error": "…"} and the run goes on (exit status 0).

Examples:
  vigie analyze examples/posts.jsonl
  vigie analyze --format text --lang fr examples/posts.jsonl
  echo 'Passage Zuwara → Lampedusa, 2500 € par personne, WhatsApp +218 91 234 5678' | vigie analyze --format text
`

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "analyze", "[flags] [FILE|-]…", analyzeHelp)
	region := fs.String("region", analyze.DefaultRegion, "default `country` (ISO 3166 alpha-2) for phone numbers written without one")
	threshold := fs.Float64("threshold", analyze.DefaultThreshold, "report categories scoring at or above this `score` (0–1)")
	format := fs.String("format", "jsonl", "output `format`: jsonl (for tools) or text (for people)")
	lang := fs.String("lang", "en", "`language` of the explanations: en or fr")
	color := fs.String("color", "auto", "highlight text output with colours: auto, always or never")
	workers := fs.Int("workers", 0, "analyse on `n` goroutines (0: one per core)")
	maxLine := fs.Int("max-line", analyze.DefaultMaxLine, "longest line analysed, in `bytes`; longer lines get an error")
	stats := fs.Bool("stats", false, "print lines, errors and throughput to standard error at the end")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	reg, ok := analyze.RegionCode(*region)
	if !ok {
		fmt.Fprintf(e.stderr, "vigie analyze: --region %q: want an ISO 3166 alpha-2 code such as BE\n", *region)
		return errUsage
	}
	if *threshold < 0 || *threshold > 1 {
		fmt.Fprintf(e.stderr, "vigie analyze: --threshold %v: want a score between 0 and 1\n", *threshold)
		return errUsage
	}
	if *format != "jsonl" && *format != "text" {
		fmt.Fprintf(e.stderr, "vigie analyze: --format %q: want jsonl or text\n", *format)
		return errUsage
	}
	if *lang != "en" && *lang != "fr" {
		fmt.Fprintf(e.stderr, "vigie analyze: --lang %q: want en or fr\n", *lang)
		return errUsage
	}
	useColor := false
	switch *color {
	case "always":
		useColor = true
	case "never":
	case "auto":
		useColor = e.stdoutTTY && os.Getenv("NO_COLOR") == ""
	default:
		fmt.Fprintf(e.stderr, "vigie analyze: --color %q: want auto, always or never\n", *color)
		return errUsage
	}

	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	a := analyze.New(rules.Default(), reg, *threshold)
	out := bufio.NewWriterSize(e.stdout, 256<<10)
	defer out.Flush()
	// Lines are rendered on the workers (Render), written here in order.
	render := func(l *analyze.Line) ([]byte, error) {
		if *lang != "en" {
			for i := range l.Analysis.Indicators {
				h := &l.Analysis.Indicators[i]
				h.Explanation = a.Book().Explain(h.ID, *lang)
			}
		}
		var buf bytes.Buffer
		if *format == "text" {
			err := a.WriteText(&buf, l, analyze.TextOptions{Color: useColor, Lang: *lang})
			return buf.Bytes(), err
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(l.Analysis)
		return buf.Bytes(), err
	}
	emit := func(l *analyze.Line) error {
		_, err := out.Write(l.Out)
		if err == nil && e.stdoutTTY {
			err = out.Flush()
		}
		return err
	}

	var total analyze.Stats
	start := time.Now()
	for _, name := range files {
		r, closeFn, err := openInput(e, name)
		if err != nil {
			return err
		}
		st, err := a.Stream(ctx, r, emit, analyze.StreamOptions{Workers: *workers, MaxLine: *maxLine, Render: render})
		closeFn()
		total.Lines += st.Lines
		total.Errors += st.Errors
		total.Bytes += st.Bytes
		if err != nil {
			return fmt.Errorf("%s: %w", displayName(name), err)
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if *stats {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(e.stderr, "vigie analyze: %d lines, %d errors, %.1f MB in %.2fs (%.1f MB/s, %.0f lines/s), rulebook %s\n",
			total.Lines, total.Errors, float64(total.Bytes)/1e6, secs,
			float64(total.Bytes)/1e6/secs, float64(total.Lines)/secs, a.Rulebook())
	}
	return nil
}

func openInput(e *env, name string) (io.Reader, func(), error) {
	if name == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, nil, fmt.Errorf("%s is a directory; give the files to analyse", name)
	}
	return f, func() { f.Close() }, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return strings.TrimSpace(name)
}
