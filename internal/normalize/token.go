package normalize

import (
	"math"
	"math/bits"
	"sync"
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
	Start, End int32
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
	if len(s) > math.MaxInt32 {
		// Offsets are kept in 32 bits: a view of 2 GiB or more is
		// tokenised on its first 2 GiB.
		s = s[:math.MaxInt32]
	}
	// Tokens are gathered in a pooled buffer and copied out at their exact
	// number: cheaper than growing a slice and no memory left unused.
	scratch := tokPool.Get().(*[]Token)
	toks := (*scratch)[:0]
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
			// acc gathers the classes of the rest of the run: bit 0 is
			// set by a letter.
			acc := uint8(0)
			for j < len(s) {
				var a uint8
				j, a = asciiAlnumRun(s, j)
				acc |= a
				if j >= len(s) || s[j] < utf8.RuneSelf {
					break
				}
				r, w2 := utf8.DecodeRuneInString(s[j:])
				if runeTokClass(r) != tcLetter {
					break
				}
				acc |= rbLetter
				j += w2
			}
			letters := cls == tcLetter || acc&rbLetter != 0
			k := Number
			if letters {
				k = Word
			}
			toks = append(toks, Token{int32(i), int32(j), k})
			i = j
		case tcPunct:
			toks = append(toks, Token{int32(i), int32(i + w), Punct})
			i += w
		default:
			toks = append(toks, Token{int32(i), int32(i + w), Symbol})
			i += w
		}
	}
	out := make([]Token, len(toks))
	copy(out, toks)
	if cap(toks) <= maxPooledTokens {
		*scratch = toks
		tokPool.Put(scratch)
	}
	t.tokens = out
	return out
}

// maxPooledTokens bounds the buffers kept in tokPool, so that one huge
// text does not pin its buffer.
const maxPooledTokens = 1 << 16

// tokPool holds scratch buffers for Tokens.
var tokPool = sync.Pool{New: func() any { return new([]Token) }}

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

// Bits of what a run of letters and digits holds.
const (
	rbLetter = 1
	rbDigit  = 2
)

// runBits returns rbLetter if letters is not 0, or'ed with rbDigit if
// digits is not 0, without branches: which a run holds is unpredictable.
func runBits(letters, digits uint64) uint8 {
	return uint8((letters|-letters)>>63) | uint8((digits|-digits)>>63)<<1
}

// asciiAlnumRun returns the end of the run of ASCII letters and digits
// that starts at s[j], and whether it holds letters (rbLetter) and digits
// (rbDigit). Eight bytes are classified at a time, so that the end of a
// run costs one test instead of one per byte.
func asciiAlnumRun(s string, j int) (end int, acc uint8) {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	for j+8 <= len(s) {
		t := s[j : j+8]
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		// Additions carry out of a byte only at a non-ASCII byte, which
		// ends the run: the bytes before it are classified right.
		ascii := ^x & high
		y := x | ones*0x20
		letters := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1)) & ascii
		digits := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1)) & ascii
		stop := ^(letters | digits) & high
		if stop != 0 {
			n := bits.TrailingZeros64(stop) &^ 7
			keep := uint64(1)<<n - 1
			return j + n>>3, acc | runBits(letters&keep, digits&keep)
		}
		acc |= runBits(letters, digits)
		j += 8
	}
	for ; j < len(s); j++ {
		switch c := s[j]; {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			acc |= rbLetter
		case '0' <= c && c <= '9':
			acc |= rbDigit
		default:
			return j, acc
		}
	}
	return j, acc
}

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
