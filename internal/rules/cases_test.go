package rules

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// testCase is one line of testdata/cases/*.jsonl.
type testCase struct {
	Name string   `json:"name"`
	Lang string   `json:"lang"`
	Text string   `json:"text"`
	Want []string `json:"want"`
	Note string   `json:"note"`

	file string
	line int
}

func loadCases(t testing.TB) []testCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no case files in testdata/cases")
	}
	var out []testCase
	names := map[string]string{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			var c testCase
			if err := json.Unmarshal([]byte(line), &c); err != nil {
				t.Errorf("%s:%d: %v", f, n, err)
				continue
			}
			c.file, c.line = filepath.Base(f), n
			if c.Name == "" || c.Text == "" || c.Want == nil {
				t.Errorf("%s:%d: name, text and want (possibly []) are required", c.file, n)
				continue
			}
			if prev, dup := names[c.Name]; dup {
				t.Errorf("%s:%d: case name %q already used in %s", c.file, n, c.Name, prev)
			}
			names[c.Name] = fmt.Sprintf("%s:%d", c.file, n)
			for _, w := range c.Want {
				if !slices.Contains(vigie.Categories, w) {
					t.Errorf("%s:%d %q: unknown category %q in want", c.file, n, c.Name, w)
				}
			}
			out = append(out, c)
		}
		if err := sc.Err(); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		fh.Close()
	}
	return out
}

// describe renders a result for failure messages: every category with its
// score and hit indicators, then the context hits.
func describe(r Result) string {
	var sb strings.Builder
	for _, c := range r.All {
		fmt.Fprintf(&sb, "\n    %s %.3f %v", c.ID, c.Score, c.Indicators)
	}
	var ctx []string
	for _, h := range r.Hits {
		if h.Category == ContextCategory {
			ctx = append(ctx, fmt.Sprintf("%s(%q)", h.ID, h.Text))
		}
	}
	if len(ctx) > 0 {
		fmt.Fprintf(&sb, "\n    context: %s", strings.Join(ctx, " "))
	}
	if sb.Len() == 0 {
		return "nothing"
	}
	return sb.String()
}

func TestCases(t *testing.T) {
	b := defaultBook(t)
	for _, c := range loadCases(t) {
		res := b.Score(normalize.Fold(c.Text), nil, 0.5)
		var got []string
		for _, cs := range res.Categories {
			got = append(got, cs.ID)
		}
		slices.Sort(got)
		want := slices.Clone(c.Want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:%d %q (%s): got %v; want %v; scores:%s", c.file, c.line, c.Name, c.Lang, got, want, describe(res))
		}
	}
}

// TestCaseRates logs recall per category and the false-alarm rate on hard
// negatives, the figures of the targets; it fails only through
// TestCases.
func TestCaseRates(t *testing.T) {
	b := defaultBook(t)
	type rate struct{ hit, pos, fa, neg int }
	rates := map[string]*rate{}
	langs := map[string]int{}
	for _, c := range loadCases(t) {
		res := b.Score(normalize.Fold(c.Text), nil, 0.5)
		got := map[string]bool{}
		for _, cs := range res.Categories {
			got[cs.ID] = true
		}
		langs[c.Lang]++
		for _, id := range vigie.Categories {
			r := rates[id]
			if r == nil {
				r = &rate{}
				rates[id] = r
			}
			if slices.Contains(c.Want, id) {
				r.pos++
				if got[id] {
					r.hit++
				}
			} else if len(c.Want) == 0 {
				r.neg++
				if got[id] {
					r.fa++
				}
			}
		}
	}
	for _, id := range vigie.Categories {
		r := rates[id]
		if r == nil || r.pos == 0 {
			t.Logf("%-34s no positive case", id)
			continue
		}
		t.Logf("%-34s recall %d/%d = %.2f; false alarms on hard negatives %d/%d", id, r.hit, r.pos, float64(r.hit)/float64(r.pos), r.fa, r.neg)
	}
	t.Logf("cases by language: %v", langs)
}
