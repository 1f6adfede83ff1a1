package analyze

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/vigie"
)

// DefaultMaxLine is the longest input line Stream analyses; longer lines
// get an error and are skipped without being held in memory.
const DefaultMaxLine = 4 << 20

// StreamOptions tune Stream. The zero value uses every core and
// DefaultMaxLine.
type StreamOptions struct {
	Workers int // goroutines analysing lines; <= 0 means runtime.GOMAXPROCS(0)
	MaxLine int // longest line analysed, in bytes; <= 0 means DefaultMaxLine
	// Render, when set, is called on the worker goroutines, for each line
	// in any order, and its result stored in Line.Out before the line
	// reaches Emit: formatting output takes as long as a good share of
	// the analysis, and would otherwise run on Emit's single goroutine. An
	// error stops the stream as an error of Emit does.
	Render func(l *Line) ([]byte, error)
}

// Stats counts what Stream did.
type Stats struct {
	Lines  int   // input lines read, empty ones included
	Errors int   // lines that got an error instead of an analysis
	Bytes  int64 // input bytes read
}

// Line is one analysed input line.
type Line struct {
	N        int    // line number, from 1
	Text     string // the analysed text ("" when the line was rejected)
	Analysis *vigie.Analysis
	Out      []byte // what StreamOptions.Render made of the line, if set
	err      error  // Render's error
}

// Emit receives each analysed line, in input order, from a single
// goroutine. An error stops the stream.
type Emit func(l *Line) error

// Stream reads JSON lines (or plain text lines) from r, analyses them on
// several goroutines and calls emit for each line in input order. Memory
// stays flat: at most a few lines per worker are in flight. A malformed
// line yields an Analysis with Error set, never an error from Stream;
// Stream fails only when reading r, emit or ctx fails.
func (a *Analyzer) Stream(ctx context.Context, r io.Reader, emit Emit, opt StreamOptions) (Stats, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	maxLine := opt.MaxLine
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}

	// Lines travel in batches: one channel send and one goroutine wake-up
	// per line cost a tenth of the analysis. A batch ends at maxBatchLines
	// or maxBatchBytes, or as soon as no more input is buffered, so that
	// lines piped in slowly are answered at once.
	type line struct {
		n    int
		data []byte
		err  string // set when the line was rejected while reading
	}
	type job struct {
		lines []line
		out   chan []*Line
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	work := make(chan *job, workers)
	order := make(chan *job, 4*workers)
	readErr := make(chan error, 1)

	var stats Stats
	go func() {
		defer close(work)
		defer close(order)
		br := bufio.NewReaderSize(r, 64<<10)
		send := func(j *job) bool {
			select {
			case order <- j:
			case <-ctx.Done():
				return false
			}
			select {
			case work <- j:
			case <-ctx.Done():
				return false
			}
			return true
		}
		j := &job{out: make(chan []*Line, 1)}
		size := 0
		for n := 1; ; n++ {
			data, sz, tooLong, err := readLine(br, maxLine)
			stats.Bytes += int64(sz)
			if sz == 0 && err != nil {
				if err != io.EOF {
					readErr <- fmt.Errorf("read line %d: %w", n, err)
				}
				if len(j.lines) > 0 {
					send(j)
				}
				return
			}
			l := line{n: n, data: data}
			if tooLong {
				l.err = fmt.Sprintf("line too long: more than %d bytes (raise --max-line)", maxLine)
			}
			j.lines = append(j.lines, l)
			size += len(data)
			if err != nil || len(j.lines) == maxBatchLines || size >= maxBatchBytes || br.Buffered() == 0 {
				if !send(j) {
					return
				}
				j = &job{out: make(chan []*Line, 1)}
				size = 0
			}
			if err != nil {
				if err != io.EOF {
					readErr <- fmt.Errorf("read line %d: %w", n, err)
				}
				return
			}
		}
	}()

	for range workers {
		go func() {
			for j := range work {
				out := make([]*Line, len(j.lines))
				for k, in := range j.lines {
					var res vigie.Analysis
					var text string
					if in.err != "" {
						res = vigie.Analysis{ID: lineID(in.n), Error: in.err}
					} else {
						res, text = a.analyzeLine(in.n, in.data)
					}
					if res.Error != "" {
						res.Rulebook = a.book.Version()
						res.Entities = []vigie.Entity{}
						res.Categories = []vigie.CategoryScore{}
						res.Indicators = []vigie.Hit{}
					}
					l := &Line{N: in.n, Text: text, Analysis: &res}
					if opt.Render != nil {
						l.Out, l.err = opt.Render(l)
					}
					out[k] = l
				}
				j.out <- out
			}
		}()
	}

	for j := range order {
		var batch []*Line
		select {
		case batch = <-j.out:
		case <-ctx.Done():
			// The batch may never have reached a worker.
			for range order {
			}
			return stats, ctx.Err()
		}
		for _, res := range batch {
			stats.Lines++
			if res.Analysis.Error != "" {
				stats.Errors++
			}
			err := res.err
			if err == nil {
				err = emit(res)
			}
			if err == nil {
				err = ctx.Err()
			} else {
				cancel()
			}
			if err != nil {
				// Drain so the reader and workers can finish.
				for range order {
				}
				return stats, err
			}
		}
	}
	select {
	case err := <-readErr:
		return stats, err
	default:
	}
	return stats, ctx.Err()
}

// Batches of lines handed to one worker at a time (see Stream).
const (
	maxBatchLines = 64
	maxBatchBytes = 256 << 10
)

// readLine returns the next line of br without its line ending, and the
// number of bytes consumed. A line longer than max is consumed but not
// kept: tooLong is set and data is nil. err is io.EOF after the last line.
func readLine(br *bufio.Reader, max int) (data []byte, size int, tooLong bool, err error) {
	for {
		chunk, e := br.ReadSlice('\n')
		size += len(chunk)
		if !tooLong {
			if len(data)+len(chunk) > max+2 { // +2: the line ending is not content
				tooLong, data = true, nil
			} else {
				data = append(data, chunk...)
			}
		}
		if errors.Is(e, bufio.ErrBufferFull) {
			continue
		}
		if e != nil && e != io.EOF {
			return nil, size, tooLong, e
		}
		data = bytes.TrimSuffix(data, []byte("\n"))
		data = bytes.TrimSuffix(data, []byte("\r"))
		if !tooLong && len(data) > max {
			tooLong, data = true, nil
		}
		if tooLong {
			data = nil
		}
		return data, size, tooLong, e
	}
}

// inputLine is the JSON shape of one input line (DESIGN §5).
type inputLine struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Region string          `json:"region"`
	Lang   string          `json:"lang"`
}

// analyzeLine parses and analyses one input line and returns the analysis
// and the analysed text. Errors are returned in the Analysis, with the line
// number as id when the line has none.
func (a *Analyzer) analyzeLine(n int, data []byte) (vigie.Analysis, string) {
	id := lineID(n)
	fail := func(format string, args ...any) (vigie.Analysis, string) {
		return vigie.Analysis{ID: id, Error: fmt.Sprintf(format, args...)}, ""
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return fail("empty line")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fail("NUL byte at byte %d: not a text line", i)
	}
	if !utf8.Valid(data) {
		return fail("invalid UTF-8 at byte %d (convert the input to UTF-8, e.g. with iconv)", invalidAt(data))
	}
	in := Input{ID: id, Text: string(data)}
	if trimmed[0] == '{' {
		var l inputLine
		if err := json.Unmarshal(trimmed, &l); err != nil {
			return fail("invalid JSON: %v", err)
		}
		if len(l.ID) > 0 && !bytes.Equal(l.ID, []byte("null")) {
			id = l.ID
			in.ID = l.ID
		}
		if l.Text == nil {
			return fail(`invalid input: no "text" string`)
		}
		if i := indexNUL(*l.Text); i >= 0 {
			return fail("NUL character in text at byte %d", i)
		}
		if !utf8.ValidString(*l.Text) {
			return fail("invalid UTF-8 in text (a lone surrogate escape?)")
		}
		in.Text = *l.Text
		if l.Region != "" {
			r, ok := regionCode(l.Region)
			if !ok {
				return fail("invalid region %q: want an ISO 3166 alpha-2 code such as BE", l.Region)
			}
			in.Region = r
		}
		in.Lang = l.Lang
	}
	return a.Analyze(in), in.Text
}

// lineID is the id of a line that has none of its own: its line number, as a
// JSON string.
func lineID(n int) json.RawMessage {
	return json.RawMessage(strconv.Quote(strconv.Itoa(n)))
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, w := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && w == 1 {
			return i
		}
		i += w
	}
	return len(b)
}

func indexNUL(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return i
		}
	}
	return -1
}

// regionCode upper-cases and checks a two-letter region code.
func regionCode(s string) (string, bool) {
	if len(s) != 2 {
		return "", false
	}
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			return "", false
		}
		b[i] = c
	}
	return string(b), true
}

// RegionCode reports whether s is a two-letter region code and returns it
// upper-cased.
func RegionCode(s string) (string, bool) { return regionCode(s) }
