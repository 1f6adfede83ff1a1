package analyze

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/vigie"
)

func newTestAnalyzer() *Analyzer {
	return New(rules.Default(), DefaultRegion, DefaultThreshold)
}

// collect streams input through a and returns the analyses in emit order.
func collect(t *testing.T, a *Analyzer, input string, opt StreamOptions) ([]*Line, Stats) {
	t.Helper()
	var got []*Line
	st, err := a.Stream(context.Background(), strings.NewReader(input), func(l *Line) error {
		got = append(got, l)
		return nil
	}, opt)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	return got, st
}

func TestStreamBadInput(t *testing.T) {
	long := strings.Repeat("a", 10<<20) // a 10 MB line
	tests := []struct {
		name    string
		line    string
		wantID  string
		wantErr string // substring of the error; "" means no error
	}{
		{"json object", `{"id": "p1", "text": "Appelez le 0470 00 00 00"}`, `"p1"`, ""},
		{"numeric id kept as given", `{"id": 42, "text": "bonjour"}`, `42`, ""},
		{"plain text", `Call me on WhatsApp`, `"3"`, ""},
		{"empty line", ``, `"4"`, "empty line"},
		{"blank line", "   \t", `"5"`, "empty line"},
		{"invalid utf-8", "caf\xe9 ouvert", `"6"`, "invalid UTF-8 at byte 3"},
		{"nul byte", "abc\x00def", `"7"`, "NUL byte at byte 3"},
		{"broken json", `{"id": "p8", "text": "unterminated`, `"8"`, "invalid JSON"},
		{"json without text", `{"id": "p9"}`, `"p9"`, `no "text"`},
		{"json text not a string", `{"id": "p10", "text": 12}`, `"10"`, "invalid JSON"},
		{"escaped nul in text", `{"id": "p11", "text": "a\u0000b"}`, `"p11"`, "NUL character"},
		{"bad region", `{"id": "p12", "text": "x", "region": "Belgium"}`, `"p12"`, "invalid region"},
		{"10 MB line", long, `"13"`, "line too long"},
		{"json array is plain text", `["a", "b"]`, `"14"`, ""},
		{"crlf line ending", "texte avec CRLF\r", `"15"`, ""},
		{"lone surrogate escape", `{"id": "p16", "text": "\ud800"}`, `"p16"`, ""},
	}
	var in strings.Builder
	for _, tc := range tests {
		in.WriteString(tc.line)
		in.WriteString("\n")
	}
	a := newTestAnalyzer()
	got, st := collect(t, a, in.String(), StreamOptions{Workers: 3})
	if len(got) != len(tests) {
		t.Fatalf("Stream emitted %d lines; want %d", len(got), len(tests))
	}
	if st.Lines != len(tests) {
		t.Errorf("Stats.Lines = %d; want %d", st.Lines, len(tests))
	}
	wantErrors := 0
	for i, tc := range tests {
		l := got[i]
		if l.N != i+1 {
			t.Errorf("%s: line number %d; want %d", tc.name, l.N, i+1)
		}
		if string(l.Analysis.ID) != tc.wantID {
			t.Errorf("%s: id %s; want %s", tc.name, l.Analysis.ID, tc.wantID)
		}
		if tc.wantErr == "" {
			if l.Analysis.Error != "" {
				t.Errorf("%s: error %q; want none", tc.name, l.Analysis.Error)
			}
		} else {
			wantErrors++
			if !strings.Contains(l.Analysis.Error, tc.wantErr) {
				t.Errorf("%s: error %q; want it to contain %q", tc.name, l.Analysis.Error, tc.wantErr)
			}
		}
		if l.Analysis.Rulebook == "" {
			t.Errorf("%s: no rulebook version", tc.name)
		}
		if l.Analysis.Entities == nil || l.Analysis.Categories == nil || l.Analysis.Indicators == nil {
			t.Errorf("%s: nil lists would print as null", tc.name)
		}
	}
	if st.Errors != wantErrors {
		t.Errorf("Stats.Errors = %d; want %d", st.Errors, wantErrors)
	}
}

func TestStreamKeepsOrder(t *testing.T) {
	var in strings.Builder
	const n = 2000
	for i := range n {
		// Vary the length so that workers finish out of order.
		fmt.Fprintf(&in, `{"id": "d%d", "text": "%s WhatsApp 0470 00 00 %02d"}`+"\n", i, strings.Repeat("passage bateau ", i%37), i%100)
	}
	got, _ := collect(t, newTestAnalyzer(), in.String(), StreamOptions{Workers: 4})
	if len(got) != n {
		t.Fatalf("Stream emitted %d lines; want %d", len(got), n)
	}
	for i, l := range got {
		if want := fmt.Sprintf(`"d%d"`, i); string(l.Analysis.ID) != want {
			t.Fatalf("line %d: id %s; want %s", i+1, l.Analysis.ID, want)
		}
	}
}

func TestStreamNoTrailingNewline(t *testing.T) {
	got, _ := collect(t, newTestAnalyzer(), "first\nsecond", StreamOptions{})
	if len(got) != 2 || got[1].Text != "second" {
		t.Fatalf("Stream(\"first\\nsecond\") = %d lines; want 2 with the last one \"second\"", len(got))
	}
	got, _ = collect(t, newTestAnalyzer(), "", StreamOptions{})
	if len(got) != 0 {
		t.Fatalf("Stream(\"\") = %d lines; want 0", len(got))
	}
}

func TestStreamEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	in := strings.Repeat("line\n", 500)
	calls := 0
	_, err := newTestAnalyzer().Stream(context.Background(), strings.NewReader(in), func(*Line) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	}, StreamOptions{Workers: 2})
	if !errors.Is(err, stop) {
		t.Fatalf("Stream error = %v; want %v", err, stop)
	}
	if calls != 10 {
		t.Errorf("emit called %d times after failing; want 10", calls)
	}
}

func TestStreamCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := newTestAnalyzer().Stream(ctx, strings.NewReader(strings.Repeat("line\n", 1000)), func(*Line) error {
		calls++
		if calls == 5 {
			cancel()
		}
		return nil
	}, StreamOptions{Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream error = %v; want context.Canceled", err)
	}
}

func TestAnalyzeDeterministic(t *testing.T) {
	a := newTestAnalyzer()
	in := Input{ID: json.RawMessage(`"x"`), Text: "🚤 Passage Zuwara → Lampedusa, 2500 € par personne, taux de réussite 95%, WhatsApp +218 91 000 0000"}
	first, _ := json.Marshal(a.Analyze(in))
	for range 20 {
		again, _ := json.Marshal(a.Analyze(in))
		if !bytes.Equal(first, again) {
			t.Fatalf("Analyze is not deterministic:\n%s\n%s", first, again)
		}
	}
}

// checkSpans fails when an entity or hit does not point at its evidence.
func checkSpans(t testing.TB, text string, an *vigie.Analysis) {
	t.Helper()
	for _, e := range an.Entities {
		if e.Start < 0 || e.End > len(text) || e.Start > e.End || text[e.Start:e.End] != e.Text {
			t.Errorf("entity %+v does not match text[%d:%d]", e, e.Start, e.End)
		}
	}
	for _, h := range an.Indicators {
		if h.Start < 0 || h.End > len(text) || h.Start > h.End || text[h.Start:h.End] != h.Text {
			t.Errorf("hit %+v does not match text[%d:%d]", h, h.Start, h.End)
		}
	}
}

func FuzzAnalyzeLine(f *testing.F) {
	for _, s := range []string{
		`{"id": "p1", "text": "Appelez le 0470 00 00 00"}`,
		"🚤 Zuwara → Lampedusa 2500 € WhatsApp +218 91 000 0000",
		"caf\xe9", "", "{", `{"text": "\u0000"}`, "wa.me/32470000000 t.me/some_name",
	} {
		f.Add([]byte(s))
	}
	a := newTestAnalyzer()
	f.Fuzz(func(t *testing.T, data []byte) {
		an, text := a.analyzeLine(1, data)
		if an.Error != "" {
			return
		}
		checkSpans(t, text, &an)
		if an.Risk < 0 || an.Risk > 1 {
			t.Errorf("risk %v out of [0,1]", an.Risk)
		}
	})
}

// endlessLines is an io.Reader of endless JSON lines of about 10 KB that
// counts the lines it has handed out.
type endlessLines struct {
	line   []byte
	off    int
	served int
}

func (r *endlessLines) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if r.off == 0 {
			r.served++
		}
		c := copy(p[n:], r.line[r.off:])
		n += c
		r.off = (r.off + c) % len(r.line)
	}
	return n, nil
}

// TestStreamReadsAheadBoundedly checks the flat-memory promise: while the
// consumer is slow, Stream reads only a bounded number of lines ahead of
// it, however long the input.
func TestStreamReadsAheadBoundedly(t *testing.T) {
	text := strings.Repeat("passage bateau 0470 00 00 00 ", 350)
	r := &endlessLines{line: []byte(`{"id": "x", "text": "` + text + `"}` + "\n")}
	stop := errors.New("enough")
	const workers = 2
	emitted := 0
	_, err := newTestAnalyzer().Stream(context.Background(), r, func(*Line) error {
		emitted++
		if emitted == 200 {
			return stop
		}
		return nil
	}, StreamOptions{Workers: workers})
	if !errors.Is(err, stop) {
		t.Fatalf("Stream error = %v; want %v", err, stop)
	}
	// In flight at most: the reorder queue (4 batches per worker), one
	// batch queued and one being analysed per worker, one being filled,
	// plus what the 64 KB read buffer holds.
	batch := min(maxBatchLines, maxBatchBytes/len(r.line)+1)
	limit := emitted + (6*workers+1)*batch + (64<<10)/len(r.line) + 2
	if r.served > limit {
		t.Errorf("Stream read %d lines for %d emitted; want at most %d", r.served, emitted, limit)
	}
}

// TestStreamAnswersSlowInputAtOnce checks that batching never holds a line
// back waiting for more input: a producer that sends the next line only
// once it has the answer to the previous one (an interactive pipe) must
// not stall.
func TestStreamAnswersSlowInputAtOnce(t *testing.T) {
	pr, pw := io.Pipe()
	answered := make(chan int, 3)
	go func() {
		defer pw.Close()
		for i := range 3 {
			fmt.Fprintf(pw, `{"id": "%d", "text": "passage bateau 2500 euros"}`+"\n", i)
			select {
			case <-answered:
			case <-time.After(30 * time.Second):
				return // Stream held the line back; the test fails below
			}
		}
	}()
	n := 0
	_, err := newTestAnalyzer().Stream(context.Background(), pr, func(l *Line) error {
		n++
		answered <- l.N
		return nil
	}, StreamOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("Stream answered %d of 3 lines sent one at a time; want 3", n)
	}
}
