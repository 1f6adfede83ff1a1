package langid

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt")

// goldenPath holds one SHA-256 per corpus of the language and the exact
// confidence Detect gives for every text. It guards optimisations: they
// must not change a single result. Refresh it with -update only when a
// change of results is intended.
var goldenPath = filepath.Join("testdata", "golden.txt")

// equivCorpus is one named list of texts.
type equivCorpus struct {
	name  string
	texts []string
}

// equivCorpora loads the real texts the golden hashes cover.
func equivCorpora(tb testing.TB) []equivCorpus {
	tb.Helper()
	var out []equivCorpus
	for _, name := range []string{"testing.csv", "training.csv"} {
		f, err := os.Open(sharedtest.File(tb, "memex-ads-classifier/"+name))
		if err != nil {
			tb.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		c := equivCorpus{name: "memex/" + name}
		for _, rec := range recs[1:] {
			if len(rec) > 1 {
				c.texts = append(c.texts, rec[1])
			}
		}
		out = append(out, c)
	}
	sms := equivCorpus{name: "sms"}
	for _, l := range equivLines(tb, sharedtest.File(tb, "uci-sms-spam-collection/SMSSpamCollection")) {
		if _, msg, ok := strings.Cut(l, "\t"); ok {
			sms.texts = append(sms.texts, msg)
		}
	}
	out = append(out, sms)
	wa := equivCorpus{name: "whatsapp"}
	root := sharedtest.Dir(tb, "whatsapp-chat-exports")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".txt") {
			wa.texts = append(wa.texts, equivLines(tb, p)...)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	out = append(out, wa)
	cases := equivCorpus{name: "cases"}
	paths, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "cases", "*.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range paths {
		for _, l := range equivLines(tb, p) {
			var c struct{ Text string }
			if strings.TrimSpace(l) == "" {
				continue
			}
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				tb.Fatalf("%s: %v", p, err)
			}
			cases.texts = append(cases.texts, c.Text)
		}
	}
	if len(cases.texts) == 0 {
		tb.Fatal("no rules cases found")
	}
	out = append(out, cases)
	// Edge cases no corpus holds: invalid UTF-8, controls, keycaps,
	// spelled numbers, compatibility forms with spaces.
	out = append(out, equivCorpus{name: "edge", texts: []string{
		"", " ", "\x00", "\xff\xfe", "a\xffb", "  Hello\t\tWORLD  ", "4\ufe0f\u20e3 5\ufe0f\u20e3",
		"call 0seven9one1 now", "quatre-vingt-dix-sept", "twenty six", "2O6 l0l", "\u3371 \u33c2 x",
		"\u200d\u200dab\u00ad", "①②③ 𝟏𝟐 ❶", "خمسة وعشرين", "Ǆ ǅ ǆ İ ẞ", "e\u0301\u0301\u0301",
		"a" + strings.Repeat("\u0301", 300), strings.Repeat("one two ", 50), strings.Repeat("x ", 2000),
	}})
	return out
}

func equivLines(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestGolden checks that Detect gives, on every text of the corpora,
// exactly what it gave when the golden hashes were recorded, whether or
// not the tokens of the text were computed before.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("detects the language of several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range equivCorpora(t) {
		h := sha256.New()
		for _, s := range c.texts {
			f := normalize.Fold(s)
			l, conf := Detect(f)
			l2, conf2 := Detect(f)
			if l2 != l || conf2 != conf {
				t.Errorf("Detect(%q) = %s %v, then %s %v", s, l, conf, l2, conf2)
			}
			fmt.Fprintf(h, "%s %x\n", l, math.Float64bits(conf))
		}
		lines = append(lines, fmt.Sprintf("%s %d %s", c.name, len(c.texts), hex.EncodeToString(h.Sum(nil))))
	}
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(goldenPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run with -update to record it)", err)
	}
	if got != string(want) {
		t.Errorf("golden hashes differ:\ngot:\n%s\nwant:\n%s", got, want)
	}
}
