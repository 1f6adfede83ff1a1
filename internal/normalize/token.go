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
	toks := make([]Token, 0, len(s)/4+1)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			i += w
		case isDigit(r) || isLetter(r):
			j := i
			letters := false
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if isLetter(r2) {
					letters = true
				} else if !isDigit(r2) {
					break
				}
				j += w2
			}
			k := Number
			if letters {
				k = Word
			}
			toks = append(toks, Token{i, j, k})
			i = j
		case unicode.IsPunct(r):
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

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}
