package contact

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/phone"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

var update = flag.Bool("update", false, "rewrite testdata/find_golden.txt from the current output")

// goldenPath holds one SHA-256 per corpus and phone mode of the JSON of
// every Find result on it, with the phones of phone.Find and with none. It guards optimisations: they
// must not change a single byte of the output. Refresh it with -update only
// when a change of results is intended.
var goldenPath = filepath.Join("testdata", "find_golden.txt")

// equivCorpus is one named list of texts.
type equivCorpus struct {
	name  string
	texts []string
}

// readCSV returns the records of a shared CSV file, header dropped.
func readCSV(t *testing.T, rel string) [][]string {
	t.Helper()
	f, err := os.Open(sharedtest.File(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", rel)
	}
	return recs[1:]
}

// equivCorpora loads the texts the golden hashes cover.
func equivCorpora(t *testing.T) []equivCorpus {
	t.Helper()
	var out []equivCorpus
	for _, name := range []string{"testing.csv", "training.csv"} {
		c := equivCorpus{name: "memex/" + name}
		for _, rec := range readCSV(t, "memex-ads-classifier/"+name) {
			if len(rec) > 1 {
				c.texts = append(c.texts, rec[1])
			}
		}
		out = append(out, c)
	}
	f, err := os.Open(sharedtest.File(t, "uci-sms-spam-collection/SMSSpamCollection"))
	if err != nil {
		t.Fatal(err)
	}
	sms := equivCorpus{name: "sms"}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, msg, ok := strings.Cut(sc.Text(), "\t"); ok {
			sms.texts = append(sms.texts, msg)
		}
	}
	f.Close()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	out = append(out, sms)
	smish := equivCorpus{name: "smishing"}
	for _, rec := range readCSV(t, "smishing-dataset-5971/Dataset_5971.csv") {
		if len(rec) > 1 {
			smish.texts = append(smish.texts, rec[1])
		}
	}
	out = append(out, smish)
	jobs := equivCorpus{name: "emscad"}
	for _, rec := range readCSV(t, "emscad-fake-job-postings-sample/fj_small.csv") {
		// title, location, department, salary, company profile,
		// description, requirements, benefits.
		for k := 1; k <= 8 && k < len(rec); k++ {
			if rec[k] != "" {
				jobs.texts = append(jobs.texts, rec[k])
			}
		}
	}
	return append(out, jobs)
}

func TestFindGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Find over several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range equivCorpora(t) {
		if len(c.texts) < 100 {
			t.Fatalf("corpus %s has %d texts; want at least 100", c.name, len(c.texts))
		}
		for _, mode := range []string{"phones", "nil"} {
			h := sha256.New()
			n := 0
			for _, s := range c.texts {
				f := normalize.Fold(s)
				var phones []vigie.Entity
				if mode == "phones" {
					phones = phone.Find(normalize.DigitsOf(f), phone.Options{Default: "US"})
				}
				got := Find(f, phones)
				n += len(got)
				b, err := json.Marshal(got)
				if err != nil {
					t.Fatal(err)
				}
				h.Write(b)
				h.Write([]byte{'\n'})
			}
			lines = append(lines, c.name+" "+mode+" "+hex.EncodeToString(h.Sum(nil)))
			t.Logf("%s %s: %d texts, %d entities", c.name, mode, len(c.texts), n)
		}
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
		t.Fatalf("%v (generate it with -update)", err)
	}
	if got != string(want) {
		t.Errorf("Find golden hashes changed:\n got:\n%s want:\n%s", got, want)
	}
}
