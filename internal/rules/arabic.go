package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Arabic script attaches conjunctions, prepositions and the article to the
// next word: "والهجرة" is "و" + "ال" + "هجرة". Patterns are written without
// them; the matcher tries each Arabic word of the text with every clitic
// prefix removed, and each Arabic word of a pattern with its article
// removed (single-letter prefixes are not removed from patterns because
// many stems begin with those letters: "بيع", "فيزا").

// cliticPrefixes are the prefixes removed from Arabic words of the text,
// longest first. The forms are folded (normalize.Fold leaves them as is).
var cliticPrefixes = []string{
	"وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل",
	"لل", "ال", "و", "ف", "ب", "ل", "ك",
}

// articlePrefixes are the prefixes removed from Arabic words of patterns.
var articlePrefixes = []string{"وال", "فال", "بال", "كال", "ولل", "لل", "ال"}

// minStemRunes is the shortest remainder kept after removing a prefix:
// Arabic roots have three letters, and shorter remainders ("بحر" without
// "ب" is "حر") would match unrelated words.
const minStemRunes = 3

// isArabic reports whether s starts with a letter of the Arabic block
// (U+0600–U+06FF, which covers Persian and Urdu letters too).
func isArabic(s string) bool {
	return len(s) >= 2 && s[0] >= 0xd8 && s[0] <= 0xdb
}

// clitics appends to dst the forms of the Arabic word w without each clitic
// prefix it starts with, and returns dst. It does not allocate when dst has
// room (at most five forms).
func clitics(w string, dst []string) []string {
	for _, p := range cliticPrefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) && utf8.RuneCountInString(w[len(p):]) >= minStemRunes {
			dst = append(dst, w[len(p):])
		}
	}
	return dst
}

// articleless appends to dst the forms of the Arabic pattern word w
// without its article, and returns dst.
func articleless(w string, dst []string) []string {
	if !isArabic(w) {
		return dst
	}
	for _, p := range articlePrefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) && utf8.RuneCountInString(w[len(p):]) >= minStemRunes-1 {
			dst = append(dst, w[len(p):])
		}
	}
	return dst
}

func isLetterRune(r rune) bool {
	return unicode.IsLetter(r)
}
