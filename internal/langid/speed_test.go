package langid

import (
	"github.com/vigie-project/vigie/internal/sharedtest"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
)

// TestLookupWord checks that the hash table gives what wordEvidence gives,
// for every word of it and for words that are not in it, and that the
// slot of a word holds its number of languages.
func TestLookupWord(t *testing.T) {
	langsOf := func(ws []weight) uint32 {
		var m uint32
		for _, x := range ws {
			if x.w != langShare[len(ws)] {
				t.Errorf("weight %v of %d languages; want %v", x.w, len(ws), langShare[len(ws)])
			}
			m |= 1 << x.l
		}
		return m
	}
	for w, ws := range wordEvidence {
		k := lookupWord(w, wordSample(w))
		got, ok := wordSlots[k].langs, k != 0
		if want := langsOf(ws); !ok || got != want {
			t.Errorf("lookupWord(%q) = %b, %v; want %b, true", w, got, ok, want)
		}
		if c := wordSlots[k].count; int(c) != len(ws) {
			t.Errorf("count of %q = %d; want %d", w, c, len(ws))
		}
		for _, v := range []string{w + "x", "x" + w, w[:len(w)-1], strings.ToUpper(w)} {
			ws, wok := wordEvidence[v]
			k := lookupWord(v, wordSample(v))
			got, ok := wordSlots[k].langs, k != 0
			if want := langsOf(ws); ok != wok || got != want {
				t.Errorf("lookupWord(%q) = %b, %v; want %b, %v", v, got, ok, want, wok)
			}
		}
	}
}

// TestSamplesAt checks samplesAt against wordSample and tailAt for every
// span of short texts, the bytes around the span differing.
func TestSamplesAt(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghijklmnopqrstuvwxyz0123456789", "\xff\x00é ab", strings.Repeat("xyz", 40)} {
		for i := 0; i < len(s); i++ {
			for j := i + 1; j <= len(s); j++ {
				x, tail := samplesAt(s, i, j)
				if want, wantTail := wordSample(s[i:j]), tailAt(s, j); x != want || tail != wantTail {
					t.Errorf("samplesAt(%q, %d, %d) = %x, %x; want %x, %x", s, i, j, x, tail, want, wantTail)
				}
			}
		}
	}
}

// TestLatinCuePrefilter checks that mayHaveLatinCue, and mayCue as
// plainWords uses it, never rule out a word latinCues finds something in,
// on the words of the corpora and on made-up ones.
func TestLatinCuePrefilter(t *testing.T) {
	words := []string{"ij", "bij", "vrij", "l7rga", "ba3d", "abcdefij", "abcdefgij", "a2b", "3ab", "ab3", "é3a", "abcdefghij", "abcdefghijk", "abcdefghijklmnop", "abcdefghijklmnopij", "abcdefgh7abcdefgh"}
	for _, c := range sharedtest.TextCorpora(t) {
		for _, s := range c.Texts {
			f := normalize.Fold(s)
			for _, tok := range f.Tokens() {
				if tok.Kind == normalize.Word {
					words = append(words, f.Norm[tok.Start:tok.End])
				}
			}
		}
	}
	for _, w := range words {
		ij, ar := latinCues(w)
		if may := len(w) <= 8 && jOrDigit(wordSample(w)) || len(w) > 8 && mayHaveLatinCue(w); (ij || ar) && !may {
			t.Errorf("mayHaveLatinCue(%q) = false; latinCues = %v, %v", w, ij, ar)
		}
		if (ij || ar) && !plainMayCue(w) {
			t.Errorf("mayCue rules out %q; latinCues = %v, %v", w, ij, ar)
		}
		if ij != strings.Contains(w, "ij") || ar != arabiziDigits(w) {
			t.Errorf("latinCues(%q) = %v, %v; want %v, %v", w, ij, ar, strings.Contains(w, "ij"), arabiziDigits(w))
		}
	}
}

// plainMayCue is mayCue over the bytes of w as plainWords reads them: w
// all in its sample when of eight bytes or less, else eight bytes at a
// time, the last eight overlapping.
func plainMayCue(w string) bool {
	if len(w) <= 8 {
		return mayCue(wordSample(w), sampleMasks[len(w)].first)
	}
	for p := 0; p < len(w)-8; p += 8 {
		if mayCue(load64(w, p), ^uint64(0)) {
			return true
		}
	}
	return mayCue(load64(w, len(w)-8), ^uint64(0))
}
