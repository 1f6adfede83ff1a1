package normalize

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// goldenPath holds one SHA-256 per corpus of everything Fold, DigitsOf,
// Tokens and Span give on it. It guards optimisations: they must not
// change a single byte or offset. Refresh it with -update only when a
// change of output is intended.
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

// hashText writes to h everything a caller can observe of t: Norm, its
// tokens and their spans, the origin of every byte and of some empty and
// out-of-range spans.
func hashText(h hash.Hash, t *Text) {
	var buf []byte
	num := func(v int) { buf = binary.AppendVarint(buf, int64(v)) }
	num(len(t.Norm))
	buf = append(buf, t.Norm...)
	toks := t.Tokens()
	num(len(toks))
	for _, tok := range toks {
		num(int(tok.Start))
		num(int(tok.End))
		num(int(tok.Kind))
		s, e := t.Span(int(tok.Start), int(tok.End))
		num(s)
		num(e)
	}
	for i := range len(t.Norm) {
		s, e := t.Span(i, i+1)
		num(s)
		num(e)
	}
	n := len(t.Norm)
	for _, r := range [][2]int{{-5, 3}, {0, 0}, {n / 2, n / 2}, {n / 3, 2 * n / 3}, {0, n}, {n, n + 1}, {-1, n + 9}, {3, 1}} {
		s, e := t.Span(r[0], r[1])
		num(s)
		num(e)
	}
	h.Write(buf)
}

// TestGolden checks that Fold, DigitsOf(Fold), Tokens and Span give, on
// every text of the corpora, exactly what they gave when the golden
// hashes were recorded.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("normalises several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range equivCorpora(t) {
		hf, hd := sha256.New(), sha256.New()
		for _, s := range c.texts {
			f := Fold(s)
			d := DigitsOf(f)
			hashText(hf, f)
			hashText(hd, d)
		}
		lines = append(lines,
			fmt.Sprintf("%s fold %d %s", c.name, len(c.texts), hex.EncodeToString(hf.Sum(nil))),
			fmt.Sprintf("%s digits %d %s", c.name, len(c.texts), hex.EncodeToString(hd.Sum(nil))))
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
