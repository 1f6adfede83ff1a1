package langid

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
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

// TestGolden checks that Detect gives, on every text of the corpora,
// exactly what it gave when the golden hashes were recorded, whether or
// not the tokens of the text were computed before.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("detects the language of several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range sharedtest.TextCorpora(t) {
		h := sha256.New()
		for _, s := range c.Texts {
			f := normalize.Fold(s)
			l, conf := Detect(f)
			l2, conf2 := Detect(f)
			if l2 != l || conf2 != conf {
				t.Errorf("Detect(%q) = %s %v, then %s %v", s, l, conf, l2, conf2)
			}
			fmt.Fprintf(h, "%s %x\n", l, math.Float64bits(conf))
		}
		lines = append(lines, fmt.Sprintf("%s %d %s", c.Name, len(c.Texts), hex.EncodeToString(h.Sum(nil))))
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, goldenPath, got, *update)
}
