package normalize

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
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
// safe for concurrent use: concurrent first calls may each compute the
// slice, all alike.
func (t *Text) Tokens() []Token {
	if p := t.tokens.Load(); p != nil {
		return *p
	}
	s := t.Norm
	if len(s) > math.MaxInt32 {
		// Offsets are kept in 32 bits: a view of 2 GiB or more is
		// tokenised on its first 2 GiB.
		s = s[:math.MaxInt32]
	}
	// Tokens are gathered in a pooled buffer and copied out at their exact
	// number, into a slice a released Text gave back when there is one:
	// cheaper than growing a slice and little memory left unused.
	scratch := tokPool.Get().(*[]Token)
	toks := appendTokens(s, (*scratch)[:0])
	out := tokenSlices.get(len(toks))
	copy(out, toks)
	if cap(toks) <= maxPooledTokens {
		*scratch = toks
		tokPool.Put(scratch)
	}
	t.tokens.Store(&out)
	return out
}

// scanToken appends the token that starts at s[i], if any, and returns
// where the next may start.
func scanToken(s string, i int, toks []Token) (int, []Token) {
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
		k := Number
		if cls == tcLetter || acc&rbLetter != 0 {
			k = Word
		}
		return j, append(toks, Token{int32(i), int32(j), k})
	case tcPunct:
		toks = append(toks, Token{int32(i), int32(i + w), Punct})
	default:
		toks = append(toks, Token{int32(i), int32(i + w), Symbol})
	}
	return i + w, toks
}

// appendTokens appends the tokens of s to toks.
//
// ASCII text is cut in blocks of 64 bytes without a test per byte: the
// bytes are classified eight at a time (SWAR) into bit masks with one bit
// per byte (blockMasks), and every token is found by bit operations on the
// masks. A run of letters and digits that reaches the end of a block is
// carried into the next (pend). Blocks follow each other at a fixed
// stride, so that the processor classifies the next block while it cuts
// this one. A block holding a non-ASCII byte is cut up to that byte, then
// scanned rune by rune (scanToken) to its end.
func appendTokens(s string, toks []Token) []Token {
	pend, pendLetter := -1, false // a run carried from the block before
	for i := 0; i < len(s); {
		alnum, letter, space, other := blockMasks(s, i)
		lim := bits.TrailingZeros64(other) // only bytes before it are cut here
		valid := uint64(1)<<lim - 1        // all ones when lim is 64
		alnum &= valid
		punct := ^(alnum | space | other) & valid // one token each
		// scan is where to scan from, for a block with a non-ASCII byte.
		scan := -1
		if lim < 64 {
			scan = i + lim
		}
		if pend >= 0 {
			// Byte 0, if alnum, goes on with the carried run.
			switch e := bits.TrailingZeros64(^alnum); {
			case e == 64:
				pendLetter = pendLetter || letter != 0
				i += 64
				continue
			case e == lim:
				// It reaches the non-ASCII byte, which may go on with it.
				scan = pend
			default:
				toks = append(toks, Token{int32(pend), int32(i + e), runKind(pendLetter || letter&(uint64(1)<<e-1) != 0)})
			}
			alnum &^= alnum &^ (alnum + 1) // its bits, from bit 0
			pend = -1
		}
		starts := alnum&^(alnum<<1) | punct
		if lim > 0 && alnum>>(lim-1)&1 != 0 {
			// The last run reaches the limit and may go on: carry it
			// into the next block, or scan it with the non-ASCII byte.
			r := lim - bits.LeadingZeros64(^(alnum << (64 - lim)))
			starts &= uint64(1)<<r - 1
			if lim == 64 {
				pend, pendLetter = i+r, letter>>r != 0
			} else if scan > i+r {
				scan = i + r
			}
		}
		toks = cutBlock(s, i, alnum, letter, starts, toks)
		if scan < 0 {
			i += 64
			continue
		}
		for i += 64; scan < i && scan < len(s); {
			scan, toks = scanToken(s, scan, toks)
		}
		i = scan
	}
	if pend >= 0 {
		toks = append(toks, Token{int32(pend), int32(len(s)), runKind(pendLetter)})
	}
	return toks
}

// runKind returns the kind of a run of letters and digits.
func runKind(letters bool) TokenKind {
	if letters {
		return Word
	}
	return Number
}

// cutBlock appends the tokens of the block of s at i that start at the
// bits of starts: a run of alnum bytes, or one other byte.
func cutBlock(s string, i int, alnum, letter, starts uint64, toks []Token) []Token {
	// At most 64 tokens: room for them all, so that the loop has no call
	// to grow the slice.
	toks = slices.Grow(toks, 64)
	out := toks[len(toks) : len(toks)+64]
	c := 0
	for ; starts != 0; starts &= starts - 1 {
		p := bits.TrailingZeros64(starts)
		// The token's bytes are the low ones of a: the run of alnum bits
		// from p, or the single byte p when it is not alnum.
		a := alnum >> p
		n := bits.TrailingZeros64(^a)
		if n == 0 {
			n = 1
		}
		k := asciiKind[s[i+p]&0x7f] // ASCII: p is before the limit
		if letter>>p&(a&^(a+1)) != 0 {
			k = Word // a run that starts with a digit and holds a letter
		}
		out[c] = Token{int32(i + p), int32(i + p + n), k}
		c++
	}
	return toks[:len(toks)+c]
}

// blockMasks classifies the 64 bytes of s from i (the end of s is padded
// with spaces, which end runs and are no token) into masks with bit k for
// byte i+k: ASCII letters and digits, letters, spaces and non-ASCII bytes.
func blockMasks(s string, i int) (alnum, letter, space, other uint64) {
	var words [8]uint64
	if i+64 <= len(s) {
		for k := range words {
			words[k] = load64(s, i+8*k)
		}
	} else {
		var pad [64]byte
		n := copy(pad[:], s[i:])
		for k := n; k < len(pad); k++ {
			pad[k] = ' '
		}
		for k := range words {
			words[k] = binary.LittleEndian.Uint64(pad[8*k:])
		}
	}
	all := uint64(0)
	for k, x := range words {
		x7 := x &^ high
		asc := ^x & high
		y := x7 | ones*0x20 // letters lower-cased
		l := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1)) & asc
		d := (x7 + ones*(0x80-'0')) &^ (x7 + ones*(0x80-'9'-1)) & asc
		sp := asc &^ ((x7 ^ ones*' ') + ones*0x7f)
		alnum |= packHigh(l|d) << (8 * k)
		letter |= packHigh(l) << (8 * k)
		space |= packHigh(sp) << (8 * k)
		all |= x
	}
	if all&high != 0 {
		for k, x := range words {
			other |= packHigh(x&high) << (8 * k)
		}
	}
	return alnum, letter, space, other
}

// asciiKind is the kind of the token an ASCII byte starts; Word and
// Number for a run of letters and digits as its first byte says.
var asciiKind = func() (t [utf8.RuneSelf]TokenKind) {
	for c := range t {
		switch tokClass[c] {
		case tcLetter:
			t[c] = Word
		case tcDigit:
			t[c] = Number
		case tcPunct:
			t[c] = Punct
		default:
			t[c] = Symbol
		}
	}
	return t
}()

// packHigh gathers the high bits of the eight bytes of m, whose other bits
// are 0, into one byte: the high bit of byte k becomes bit k. Shifted down
// to bit 0 of each byte, they are multiplied by a constant with one bit
// per byte, chosen so that the product of byte k's bit lands on bit 56+k,
// and no two products meet on a bit at or above 56.
func packHigh(m uint64) uint64 {
	return (m >> 7) * 0x0102040810204080 >> 56
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
