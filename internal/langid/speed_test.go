package langid

import (
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
)

// TestLookupWord checks that the hash table gives what wordEvidence gives,
// for every word of it and for words that are not in it.
func TestLookupWord(t *testing.T) {
	for w, want := range wordEvidence {
		got, ok := lookupWord(w, wordSample(w))
		if !ok || !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("lookupWord(%q) = %v, %v; want %v, true", w, got, ok, want)
		}
		for _, v := range []string{w + "x", "x" + w, w[:len(w)-1], strings.ToUpper(w)} {
			want, wok := wordEvidence[v]
			got, ok := lookupWord(v, wordSample(v))
			if ok != wok || !slices.Equal(got, want) {
				t.Errorf("lookupWord(%q) = %v, %v; want %v, %v", v, got, ok, want, wok)
			}
		}
	}
}

// TestLatinCuePrefilter checks that mayHaveLatinCue never rules out a
// word latinCues finds something in, on the words of the corpora and on
// made-up ones.
func TestLatinCuePrefilter(t *testing.T) {
	words := []string{"ij", "bij", "vrij", "l7rga", "ba3d", "abcdefij", "abcdefgij", "a2b", "3ab", "ab3", "é3a"}
	for _, c := range equivCorpora(t) {
		for _, s := range c.texts {
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
		if (ij || ar) && !mayHaveLatinCue(w, wordSample(w)) {
			t.Errorf("mayHaveLatinCue(%q) = false; latinCues = %v, %v", w, ij, ar)
		}
		if ij != strings.Contains(w, "ij") || ar != arabiziDigits(w) {
			t.Errorf("latinCues(%q) = %v, %v; want %v, %v", w, ij, ar, strings.Contains(w, "ij"), arabiziDigits(w))
		}
	}
}
