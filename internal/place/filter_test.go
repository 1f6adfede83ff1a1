package place

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/wordtable"
)

// everyWord is nextCandidate without its filters: every word is a
// candidate. Find with it is the reference for Find with the filters.
func everyWord(_ string, toks []normalize.Token, i int) int {
	for i < len(toks) && toks[i].Kind != normalize.Word {
		i++
	}
	return i
}

// filterTexts returns texts that hold every name's first token and every
// inflection, alone (where the filter reads the last bytes of a text one
// at a time), inside a sentence (where it reads eight at once), capitalised
// and after a preposition, with the Memex ads and the test cases.
func filterTexts(tb testing.TB) []string {
	texts := memexTexts(tb)
	for _, c := range cases {
		texts = append(texts, c.in)
	}
	var all []string
	for _, first := range slices.Sorted(maps.Keys(index)) {
		words := []string{first}
		if _, ok := plainName(index[first]); ok && len(first) >= 5 && first[0] < utf8.RuneSelf {
			for _, ends := range caseEndings {
				for _, suf := range ends {
					words = append(words, first+suf)
				}
			}
			if strings.HasSuffix(first, "a") {
				words = append(words, first[:len(first)-1]+"ei")
			}
		}
		if isArabicLead(first[0]) {
			words = append(words, "و"+first, "بال"+first, "لل"+strings.TrimPrefix(first, "ال"))
		}
		for i, w := range words {
			title := strings.ToUpper(w[:1]) + w[1:]
			if texts = append(texts, title); i == 0 {
				texts = append(texts, w, "to "+title, "we went to "+title+" yesterday, "+w+" again.")
			}
			all = append(all, w, "in "+title)
		}
	}
	return append(texts, strings.Join(all, " and "))
}

// TestFiltersMissNothing checks that the filters of nextCandidate change
// nothing Find returns.
func TestFiltersMissNothing(t *testing.T) {
	for _, s := range filterTexts(t) {
		f := normalize.Fold(s)
		if got, want := Find(f), find(f, everyWord); !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v; want %v, as without filters", s, summary(got), summary(want))
		}
	}
}

// TestCandidatesRejectMost checks that the filter of the candidates lets
// few other words through: far more means its key or bits are broken.
func TestCandidatesRejectMost(t *testing.T) {
	passed, n := 0, 0
	for _, s := range memexTexts(t) {
		f := normalize.Fold(s)
		for _, tok := range f.Tokens() {
			w := f.Norm[tok.Start:tok.End]
			if tok.Kind != normalize.Word || index[w] != nil {
				continue
			}
			n++
			if mayBeCandidate(wordtable.Key(w)) {
				passed++
			}
		}
	}
	// The Memex ads let through about 2%.
	if passed > n/20 {
		t.Errorf("candidates let %d of %d other words through; want under %d", passed, n, n/20)
	}
}
