package rules

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

var update = flag.Bool("update", false, "rewrite docs/indicators.md from the rulebook")

// testContext is a context.json for the tests of this file.
const testContext = `{"contexts": [
 {"id": "context.reporting.news", "group": "reporting", "weight": 0.5,
  "explanation": {"en": "news", "fr": "presse"}, "source": "test",
  "patterns": {"en": ["were arrested", "police"]}},
 {"id": "context.reporting.court", "group": "reporting", "weight": 0.5,
  "explanation": {"en": "court", "fr": "justice"}, "source": "test",
  "patterns": {"en": ["court"]}},
 {"id": "context.legitimacy.contract", "group": "legitimacy", "weight": 0.9,
  "explanation": {"en": "contract", "fr": "contrat"}, "source": "test",
  "patterns": {"en": ["permanent contract"]}}
]}`

// testBook builds a book from a context.json and category files given as
// "file name" → JSON.
func testBook(t testing.TB, files map[string]string) *Book {
	t.Helper()
	b, err := Parse(testFS(files))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return b
}

func testFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"VERSION": {Data: []byte("2026.11.0\n")}}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

// ind renders one indicator of a test category file.
func ind(id, group string, weight float64, patterns string) string {
	g := ""
	if group != "" {
		g = `"group": "` + group + `", `
	}
	return `{"id": "` + id + `", ` + g + `"weight": ` + ftoa(weight) + `,
	  "explanation": {"en": "` + id + ` en", "fr": "` + id + ` fr"}, "source": "test",
	  "patterns": ` + patterns + `}`
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func cat(id, extra string, inds ...string) string {
	return `{"category": "` + id + `", "title": {"en": "t", "fr": "t"}, ` + extra + `
	"indicators": [` + strings.Join(inds, ",\n") + `]}`
}

// defaultBook parses the embedded rulebook, failing the test (instead of
// panicking like Default) with the error that names the file, indicator
// and pattern at fault.
func defaultBook(t testing.TB) *Book {
	t.Helper()
	sub, err := fs.Sub(embedded, "rulebook")
	if err != nil {
		t.Fatal(err)
	}
	if ex := os.Getenv("VIGIE_RULES_EXCLUDE"); ex != "" {
		// Development aid: leave out category files being rewritten by
		// another author, e.g. VIGIE_RULES_EXCLUDE=labour_exploitation.recruitment.json.
		m := fstest.MapFS{}
		names, _ := fs.Glob(sub, "*")
		for _, n := range names {
			if strings.Contains(","+ex+",", ","+n+",") {
				continue
			}
			data, err := fs.ReadFile(sub, n)
			if err != nil {
				t.Fatal(err)
			}
			m[n] = &fstest.MapFile{Data: data}
		}
		b, err := Parse(m)
		if err != nil {
			t.Fatalf("embedded rulebook without %s: %v", ex, err)
		}
		return b
	}
	if _, err := Parse(sub); err != nil {
		t.Fatalf("embedded rulebook: %v", err)
	}
	return Default()
}

func TestDefault(t *testing.T) {
	b := defaultBook(t)
	if b.Version() == "" {
		t.Fatal("Default().Version() is empty")
	}
	if Default() != b {
		t.Error("Default() returned two different books")
	}
	if len(b.Indicators()) == 0 {
		t.Fatal("Default() has no indicators")
	}
	for _, c := range b.Categories() {
		t.Logf("%s: %d indicators", c.ID, len(b.categories[indexOf(b, c.ID)].inds))
	}
	// The matcher must see every pattern of every indicator, each distinct
	// pattern once with every language key that lists it.
	n := 0
	for _, ind := range b.Indicators() {
		for _, ps := range ind.Patterns {
			n += len(ps)
		}
	}
	keys := 0
	for _, p := range b.m.pats {
		keys += len(p.langs)
	}
	if keys > n || len(b.m.pats) > n {
		t.Errorf("patterns in the book = %d; compiled %d with %d language keys", n, len(b.m.pats), keys)
	}
	if len(b.m.pats) < n/2 {
		t.Errorf("patterns in the book = %d; only %d compiled", n, len(b.m.pats))
	}
	t.Logf("rulebook %s: %d indicators, %d patterns, %d distinct", b.Version(), len(b.Indicators()), n, len(b.m.pats))
}

func indexOf(b *Book, id string) int {
	for i, c := range b.categories {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func TestParseErrors(t *testing.T) {
	good := ind("smuggling.passage.boat", "", 0.4, `{"en": ["boat"]}`)
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error
	}{
		{"unknown file", map[string]string{"foo.json": `{}`}, []string{"foo.json", "not a category"}},
		{"syntax", map[string]string{"smuggling.passage.json": "{\n\"category\": }"}, []string{"smuggling.passage.json:2:"}},
		{"unknown field", map[string]string{"smuggling.passage.json": `{"category": "smuggling.passage", "weigth": 1}`}, []string{"smuggling.passage.json", "weigth"}},
		{"category mismatch", map[string]string{"smuggling.passage.json": cat("smuggling.marriage", "", good)}, []string{"does not match"}},
		{"no title", map[string]string{"smuggling.passage.json": `{"category": "smuggling.passage", "indicators": [` + good + `]}`}, []string{"title"}},
		{"id prefix", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.boat", "", 0.4, `{"en": ["boat"]}`))}, []string{"indicator smuggling.boat", "must start with"}},
		{"duplicate id", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", good, good)}, []string{"smuggling.passage.boat", "duplicate"}},
		{"weight", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 1.5, `{"en": ["boat"]}`))}, []string{"smuggling.passage.x", "weight"}},
		{"lang key", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"english": ["boat"]}`))}, []string{"smuggling.passage.x", "english"}},
		{"gap range", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"en": ["price ~9 person"]}`))}, []string{"smuggling.passage.json", "smuggling.passage.x", `"price ~9 person"`, "~9"}},
		{"gap start", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"en": ["~2 person"]}`))}, []string{`"~2 person"`, "start"}},
		{"gap end", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"en": ["person ~2"]}`))}, []string{`"person ~2"`, "end"}},
		{"short stem", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"en": ["bo*"]}`))}, []string{`"bo*"`, "stem"}},
		{"placeholder", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"en": ["<money> boat"]}`))}, []string{`"<money> boat"`, "<money>"}},
		{"num only", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"*": ["<num> ~2 <num>"]}`))}, []string{`"<num> ~2 <num>"`, "every number"}},
		{"word in star", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", ind("smuggling.passage.x", "", 0.5, `{"*": ["boat"]}`))}, []string{`"boat"`, "language-neutral"}},
		{"anchor", map[string]string{"smuggling.passage.json": cat("smuggling.passage", `"anchors": ["smuggling.passage.nope"],`, good)}, []string{"anchor smuggling.passage.nope"}},
		{"dampened_by", map[string]string{"smuggling.passage.json": cat("smuggling.passage", `"dampened_by": ["gossip"],`, good)}, []string{`"gossip"`}},
		{"context group", map[string]string{"context.json": `{"contexts": [{"id": "context.x.y", "weight": 0.5, "explanation": {"en": "a", "fr": "b"}, "source": "s", "patterns": {"en": ["x"]}}]}`}, []string{"context.json", "context.x.y", "group"}},
		{"no source", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", `{"id": "smuggling.passage.x", "weight": 0.5, "explanation": {"en": "a", "fr": "b"}, "patterns": {"en": ["x"]}}`)}, []string{"smuggling.passage.x", "source"}},
		{"no french", map[string]string{"smuggling.passage.json": cat("smuggling.passage", "", `{"id": "smuggling.passage.x", "weight": 0.5, "explanation": {"en": "a"}, "source": "s", "patterns": {"en": ["x"]}}`)}, []string{"smuggling.passage.x", "explanation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(testFS(tt.files))
			if err == nil {
				t.Fatalf("Parse(%s) = nil error; want one containing %q", tt.name, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%s) = %q; want it to contain %q", tt.name, err, w)
				}
			}
		})
	}
}

func TestParseMissingFiles(t *testing.T) {
	// A book with a single category file and no context.json is valid:
	// category files arrive one by one while the rulebook is written.
	b := testBook(t, map[string]string{
		"smuggling.marriage.json": cat("smuggling.marriage", "", ind("smuggling.marriage.sham", "", 0.5, `{"en": ["sham marriage"]}`)),
	})
	if got := len(b.Categories()); got != 1 {
		t.Errorf("len(Categories()) = %d; want 1", got)
	}
	if _, err := Parse(fstest.MapFS{}); err == nil {
		t.Error("Parse(empty) = nil error; want a missing VERSION error")
	}
}

func TestExplain(t *testing.T) {
	b := testBook(t, map[string]string{
		"smuggling.marriage.json": cat("smuggling.marriage", "", ind("smuggling.marriage.sham", "", 0.5, `{"en": ["sham marriage"]}`)),
	})
	tests := []struct{ id, lang, want string }{
		{"smuggling.marriage.sham", "fr", "smuggling.marriage.sham fr"},
		{"smuggling.marriage.sham", "en", "smuggling.marriage.sham en"},
		{"smuggling.marriage.sham", "nl", "smuggling.marriage.sham en"},
		{"smuggling.marriage.nope", "en", ""},
	}
	for _, tt := range tests {
		if got := b.Explain(tt.id, tt.lang); got != tt.want {
			t.Errorf("Explain(%q, %q) = %q; want %q", tt.id, tt.lang, got, tt.want)
		}
	}
}

// TestIndicatorsDoc keeps docs/indicators.md in step with the rulebook;
// run `go test ./internal/rules -run TestIndicatorsDoc -update` to rewrite it.
func TestIndicatorsDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := defaultBook(t).WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "indicators.md")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/rules -run TestIndicatorsDoc -update)", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("%s is out of date with the rulebook; run go test ./internal/rules -run TestIndicatorsDoc -update", path)
	}
	for _, ind := range defaultBook(t).Indicators() {
		if !bytes.Contains(got, []byte("### "+ind.ID+"\n")) {
			t.Errorf("%s lacks indicator %s", path, ind.ID)
		}
	}
}

// TestExamples checks that the optional examples of each indicator fire it.
func TestExamples(t *testing.T) {
	b := defaultBook(t)
	for _, in := range b.Indicators() {
		for _, ex := range in.Examples {
			res := b.Score(normalize.Fold(ex), nil, 0.5)
			if !hasHit(res.Hits, in.ID) {
				t.Errorf("example %q of %s does not fire it; hits %v", ex, in.ID, hitIDs(res.Hits))
			}
		}
	}
}

func hasHit(hits []vigie.Hit, id string) bool {
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

func hitIDs(hits []vigie.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}
