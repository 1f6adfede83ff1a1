package contact

import (
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/normalize"
)

// TestLargeInputsLinear guards against quadratic behaviour: adversarial
// texts of about 1 MB made of many matches, markers or long runs must be
// scanned in a time comparable to ordinary text.
func TestLargeInputsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs take a second; skipped with -short")
	}
	shapes := map[string]string{
		"many urls":      "a.com http://x.com/(a) ",
		"many emails":    "b@c.de x (at) y (dot) com ",
		"many cues":      "whatsapp telegram: @abcdef insta ",
		"dots":           "a.",
		"ats":            "a@",
		"long local run": "a",
		"www":            "www dot ",
		"iban-like":      "BE71 ",
		"base58 tokens":  "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb ",
	}
	for name, unit := range shapes {
		s := strings.Repeat(unit, 1<<20/len(unit))
		f := normalize.Fold(s)
		start := time.Now()
		es := Find(f, fakePhones(s))
		d := time.Since(start)
		t.Logf("%s: %v, %d entities", name, d, len(es))
		if d > 30*time.Second {
			t.Errorf("Find on 1 MB of %q took %v (%d entities): not linear", unit, d, len(es))
		}
	}
}
