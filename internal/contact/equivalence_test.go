package contact

import (
	"flag"
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

func TestFindGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Find over several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range sharedtest.PostCorpora(t) {
		if len(c.Texts) < 100 {
			t.Fatalf("corpus %s has %d texts; want at least 100", c.Name, len(c.Texts))
		}
		for _, mode := range []string{"phones", "nil"} {
			h := sharedtest.HashResults(t, c.Texts, func(s string) []vigie.Entity {
				f := normalize.Fold(s)
				var phones []vigie.Entity
				if mode == "phones" {
					phones = phone.Find(normalize.DigitsOf(f), phone.Options{Default: "US"})
				}
				return Find(f, phones)
			})
			lines = append(lines, c.Name+" "+mode+" "+h)
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, goldenPath, got, *update)
}
