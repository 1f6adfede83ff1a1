package sharedtest

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Corpus is a named list of texts.
type Corpus struct {
	Name  string
	Texts []string
}

// CSV returns the records of a CSV file under ../shared/data, header
// dropped. Records may have any number of fields.
func CSV(tb testing.TB, rel string) [][]string {
	tb.Helper()
	f, err := os.Open(File(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", rel, err)
	}
	if len(recs) == 0 {
		tb.Fatalf("%s: empty", rel)
	}
	return recs[1:]
}

// MemexAds returns the ad texts of memex-ads-classifier/file
// ("testing.csv" or "training.csv").
func MemexAds(tb testing.TB, file string) []string {
	tb.Helper()
	var out []string
	for _, rec := range CSV(tb, "memex-ads-classifier/"+file) {
		if len(rec) > 1 {
			out = append(out, rec[1])
		}
	}
	return out
}

// Lines returns the lines of the file at path.
func Lines(tb testing.TB, path string) []string {
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

// SMS returns the messages of the UCI SMS spam collection.
func SMS(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, l := range Lines(tb, File(tb, "uci-sms-spam-collection/SMSSpamCollection")) {
		if _, msg, ok := strings.Cut(l, "\t"); ok {
			out = append(out, msg)
		}
	}
	return out
}

// WhatsAppLines returns every line of every .txt chat export, in path
// order.
func WhatsAppLines(tb testing.TB) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(Dir(tb, "whatsapp-chat-exports"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".txt") {
			out = append(out, Lines(tb, p)...)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// RuleCases returns the texts of the rulebook's case files
// (internal/rules/testdata/cases/*.jsonl), from a test of a package
// directly under internal/.
func RuleCases(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "cases", "*.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, p := range paths {
		for _, l := range Lines(tb, p) {
			if strings.TrimSpace(l) == "" {
				continue
			}
			var c struct{ Text string }
			if err := json.Unmarshal([]byte(l), &c); err != nil {
				tb.Fatalf("%s: %v", p, err)
			}
			out = append(out, c.Text)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no rules cases found")
	}
	return out
}

// EdgeTexts are inputs no corpus holds: invalid UTF-8, controls, keycaps,
// spelled numbers, compatibility forms with spaces, long repeats.
var EdgeTexts = []string{
	"", " ", "\x00", "\xff\xfe", "a\xffb", "  Hello\t\tWORLD  ", "4\ufe0f\u20e3 5\ufe0f\u20e3",
	"call 0seven9one1 now", "quatre-vingt-dix-sept", "twenty six", "2O6 l0l", "\u3371 \u33c2 x",
	"\u200d\u200dab\u00ad", "①②③ 𝟏𝟐 ❶", "خمسة وعشرين", "Ǆ ǅ ǆ İ ẞ", "e\u0301\u0301\u0301",
	"a" + strings.Repeat("\u0301", 300), strings.Repeat("one two ", 50), strings.Repeat("x ", 2000),
}

// TextCorpora returns the corpora that golden tests of text stages
// (normalize, langid) hash: the Memex ads, SMS, WhatsApp lines, the
// rulebook cases and EdgeTexts.
func TextCorpora(tb testing.TB) []Corpus {
	tb.Helper()
	return []Corpus{
		{"memex/testing.csv", MemexAds(tb, "testing.csv")},
		{"memex/training.csv", MemexAds(tb, "training.csv")},
		{"sms", SMS(tb)},
		{"whatsapp", WhatsAppLines(tb)},
		{"cases", RuleCases(tb)},
		{"edge", EdgeTexts},
	}
}

// Golden compares got with the golden file at path (relative to the
// test's package), or rewrites the file when update is set (a test's
// -update flag). A missing file fails the test with how to make it.
func Golden(tb testing.TB, path, got string, update bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (generate it with -update)", err)
	}
	if got != string(want) {
		tb.Errorf("%s changed:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// PostCorpora returns the corpora that golden tests of extractors
// (contact, phone) hash: the Memex ads, SMS, smishing messages and the
// text fields of EMSCAD job ads.
func PostCorpora(t testing.TB) []Corpus {
	t.Helper()
	smish := Corpus{Name: "smishing"}
	for _, rec := range CSV(t, "smishing-dataset-5971/Dataset_5971.csv") {
		if len(rec) > 1 {
			smish.Texts = append(smish.Texts, rec[1])
		}
	}
	jobs := Corpus{Name: "emscad"}
	for _, rec := range CSV(t, "emscad-fake-job-postings-sample/fj_small.csv") {
		// title, location, department, salary, company profile,
		// description, requirements, benefits.
		for k := 1; k <= 8 && k < len(rec); k++ {
			if rec[k] != "" {
				jobs.Texts = append(jobs.Texts, rec[k])
			}
		}
	}
	return []Corpus{
		{Name: "memex/testing.csv", Texts: MemexAds(t, "testing.csv")},
		{Name: "memex/training.csv", Texts: MemexAds(t, "training.csv")},
		{Name: "sms", Texts: SMS(t)},
		smish,
		jobs,
	}
}

// HashResults returns the SHA-256, in hex, of the JSON of result on each
// of texts, one line each: what golden tests of extractors compare.
func HashResults[T any](tb testing.TB, texts []string, result func(string) T) string {
	tb.Helper()
	h := sha256.New()
	for _, s := range texts {
		b, err := json.Marshal(result(s))
		if err != nil {
			tb.Fatal(err)
		}
		h.Write(b)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
