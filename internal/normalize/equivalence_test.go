package normalize

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
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
	for _, c := range sharedtest.TextCorpora(t) {
		hf, hd := sha256.New(), sha256.New()
		for _, s := range c.Texts {
			f := Fold(s)
			d := DigitsOf(f)
			hashText(hf, f)
			hashText(hd, d)
		}
		lines = append(lines,
			fmt.Sprintf("%s fold %d %s", c.Name, len(c.Texts), hex.EncodeToString(hf.Sum(nil))),
			fmt.Sprintf("%s digits %d %s", c.Name, len(c.Texts), hex.EncodeToString(hd.Sum(nil))))
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, goldenPath, got, *update)
}
