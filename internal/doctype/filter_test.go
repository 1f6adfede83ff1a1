package doctype

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
)

// everyWord is nextCandidate without its filter: every word is a
// candidate. Find with it is the reference for Find with the filter.
func everyWord(_ string, toks []normalize.Token, i int) int {
	for i < len(toks) && toks[i].Kind != normalize.Word {
		i++
	}
	return i
}

// filterTexts returns texts that hold every phrase's first token, alone
// (where the filter reads the last bytes of a text one at a time) and
// inside a sentence (where it reads eight at once), in capitals, with
// Arabic clitics, with the Memex ads and the test cases.
func filterTexts(tb testing.TB) []string {
	texts := memexTexts(tb)
	for _, c := range cases {
		texts = append(texts, c.in)
	}
	var all []string
	for _, first := range slices.Sorted(maps.Keys(index)) {
		words := []string{first, strings.ToUpper(first)}
		if isArabicLead(first[0]) {
			for _, p := range arabicPrefixes {
				words = append(words, p+first, p+"ال"+first)
			}
			for _, s := range arabicSuffixes {
				words = append(words, first+s, "و"+strings.TrimSuffix(first, "ه")+"ت"+s)
			}
		}
		for _, w := range words {
			for _, e := range index[first] {
				phrase := strings.Join(append([]string{w}, e.rest...), " ")
				texts = append(texts, phrase, "a "+phrase+" for sale, "+phrase+" again.")
				all = append(all, phrase)
			}
		}
	}
	return append(texts, strings.Join(all, " and "))
}

// TestFilterMissesNothing checks that the filter of nextCandidate changes
// nothing Find returns.
func TestFilterMissesNothing(t *testing.T) {
	for _, s := range filterTexts(t) {
		f := normalize.Fold(s)
		if got, want := Find(f), find(f, everyWord); !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v; want %v, as without filter", s, summary(got), summary(want))
		}
	}
}
