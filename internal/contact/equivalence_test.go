package contact

import (
	"crypto/sha256"
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

// equivCorpora loads the texts the golden hashes cover.
func equivCorpora(t *testing.T) []sharedtest.Corpus {
	t.Helper()
	smish := sharedtest.Corpus{Name: "smishing"}
	for _, rec := range sharedtest.CSV(t, "smishing-dataset-5971/Dataset_5971.csv") {
		if len(rec) > 1 {
			smish.Texts = append(smish.Texts, rec[1])
		}
	}
	jobs := sharedtest.Corpus{Name: "emscad"}
	for _, rec := range sharedtest.CSV(t, "emscad-fake-job-postings-sample/fj_small.csv") {
		// title, location, department, salary, company profile,
		// description, requirements, benefits.
		for k := 1; k <= 8 && k < len(rec); k++ {
			if rec[k] != "" {
				jobs.Texts = append(jobs.Texts, rec[k])
			}
		}
	}
	return []sharedtest.Corpus{
		{Name: "memex/testing.csv", Texts: sharedtest.MemexAds(t, "testing.csv")},
		{Name: "memex/training.csv", Texts: sharedtest.MemexAds(t, "training.csv")},
		{Name: "sms", Texts: sharedtest.SMS(t)},
		smish,
		jobs,
	}
}

func TestFindGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Find over several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range equivCorpora(t) {
		if len(c.Texts) < 100 {
			t.Fatalf("corpus %s has %d texts; want at least 100", c.Name, len(c.Texts))
		}
		for _, mode := range []string{"phones", "nil"} {
			h := sha256.New()
			n := 0
			for _, s := range c.Texts {
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
			lines = append(lines, c.Name+" "+mode+" "+hex.EncodeToString(h.Sum(nil)))
			t.Logf("%s %s: %d texts, %d entities", c.Name, mode, len(c.Texts), n)
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
