package phone

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite testdata/find_golden.txt from the current output")

// goldenPath holds one SHA-256 per corpus and default region of the JSON of
// every Find result (and TextCues) on it. It guards optimisations: they
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
		for _, def := range []string{"US", "BE"} {
			h := sha256.New()
			n := 0
			for _, s := range c.Texts {
				d := normalize.Digits(s)
				got := Find(d, Options{Default: def})
				n += len(got)
				b, err := json.Marshal(got)
				if err != nil {
					t.Fatal(err)
				}
				h.Write(b)
				h.Write([]byte{'\n'})
				if def == "US" {
					b, _ := json.Marshal(TextCues(d))
					h.Write(b)
					h.Write([]byte{'\n'})
				}
			}
			lines = append(lines, c.Name+" "+def+" "+hex.EncodeToString(h.Sum(nil)))
			t.Logf("%s %s: %d texts, %d phones", c.Name, def, len(c.Texts), n)
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, goldenPath, got, *update)
}
