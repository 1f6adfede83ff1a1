package quantity

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

var update = flag.Bool("update", false, "rewrite testdata/find_golden.txt from the current output")

// goldenPath holds one SHA-256 per corpus of the JSON of every Find result
// on it. It guards optimisations: they must not change a single byte of
// the output. Refresh it with -update only when a change of results is
// intended.
var goldenPath = filepath.Join("testdata", "find_golden.txt")

func TestFindGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Find over several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range sharedtest.PostCorpora(t) {
		h := sharedtest.HashResults(t, c.Texts, func(s string) []vigie.Entity { return Find(normalize.Digits(s)) })
		lines = append(lines, c.Name+" "+h)
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, goldenPath, got, *update)
}
