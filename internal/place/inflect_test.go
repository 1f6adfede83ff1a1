package place

import (
	"github.com/vigie-project/vigie/internal/wordtable"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestInflectionFilter checks that mayInflect lets through every word
// inflected can take apart: a plain one-word name written in Latin
// letters and an ending, or for "ei" the name less its final "a".
func TestInflectionFilter(t *testing.T) {
	n := 0
	for first, es := range index {
		if _, ok := plainName(es); !ok || len(first) < 5 || first[0] >= utf8.RuneSelf {
			continue
		}
		for _, ends := range caseEndings {
			for _, suf := range ends {
				words := []string{first + suf}
				if suf == "ei" && strings.HasSuffix(first, "a") {
					words = append(words, first[:len(first)-1]+suf)
				}
				for _, w := range words {
					n++
					if !mayInflect(w, wordtable.Key(w)) {
						t.Errorf("mayInflect(%q) = false", w)
					}
					if !mayBeCandidate(wordtable.Key(w)) {
						t.Errorf("mayBeCandidate(Key(%q)) = false", w)
					}
				}
			}
		}
	}
	if n < 1000 {
		t.Errorf("%d inflected words checked; want >= 1000", n)
	}
	for first := range index {
		if k := wordtable.Key(first); !mayBeCandidate(k) || !table.MayHave(k) {
			t.Errorf("filters reject the name %q", first)
		}
	}
}
