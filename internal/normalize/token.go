package normalize

import (
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies a token of a normalised text.
type TokenKind uint8

// Token kinds.
const (
	// Word is a run of letters (and marks), possibly with digits inside, such as "zuwara" or "a4".
	Word TokenKind = iota + 1
	// Number is a run of ASCII digits.
	Number
	// Symbol is one symbol or emoji rune, such as "🚤" or "€".
	Symbol
	// Punct is one punctuation rune.
	Punct
)

// Token is a span Norm[Start:End] of a normalised text. Spaces are never
// part of a token.
type Token struct {
	Start, End int
	Kind       TokenKind
}

// Tokens splits Norm into words, numbers, symbols and punctuation. The
// slice is computed once and shared; callers must not modify it. Tokens is
// not safe for concurrent first use on the same Text.
func (t *Text) Tokens() []Token {
	if t.tokens != nil {
		return t.tokens
	}
	s := t.Norm
	toks := make([]Token, 0, len(s)/5+1)
	for i := 0; i < len(s); {
		c := s[i]
		var cls uint8
		w := 1
		if c < utf8.RuneSelf {
			cls = tokClass[c]
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(s[i:])
			cls = runeTokClass(r)
		}
		switch cls {
		case tcSpace:
			i += w
		case tcLetter, tcDigit:
			j := i + w
			letters := cls == tcLetter
			for j < len(s) {
				c := s[j]
				if c < utf8.RuneSelf {
					switch tokClass[c] {
					case tcLetter:
						letters = true
					case tcDigit:
					default:
						goto done
					}
					j++
					continue
				}
				r, w2 := utf8.DecodeRuneInString(s[j:])
				if runeTokClass(r) != tcLetter {
					break
				}
				letters = true
				j += w2
			}
		done:
			k := Number
			if letters {
				k = Word
			}
			toks = append(toks, Token{i, j, k})
			i = j
		case tcPunct:
			toks = append(toks, Token{i, i + w, Punct})
			i += w
		default:
			toks = append(toks, Token{i, i + w, Symbol})
			i += w
		}
	}
	t.tokens = toks
	return toks
}

// Token classes.
const (
	tcSymbol = iota
	tcSpace
	tcLetter
	tcDigit
	tcPunct
)

// tokClass classifies ASCII bytes.
var tokClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		r := rune(c)
		switch {
		case r == ' ':
			t[c] = tcSpace
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
			t[c] = tcLetter
		case '0' <= r && r <= '9':
			t[c] = tcDigit
		case unicode.IsPunct(r):
			t[c] = tcPunct
		}
	}
	return t
}()

// runeTokClass classifies a non-ASCII rune. Digits of other scripts do not
// occur in folded text; should they, they count as letters.
func runeTokClass(r rune) uint8 {
	switch {
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.IsDigit(r):
		return tcLetter
	case unicode.IsPunct(r):
		return tcPunct
	}
	return tcSymbol
}
