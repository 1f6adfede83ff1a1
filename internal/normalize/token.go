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
// masks: a token starts at a bit of starts and ends after the matching
// bit of lasts. A run of letters and digits that reaches the end of a
// block is carried into the next (pend). Blocks follow each other at a
// fixed stride, so that the processor classifies the next block while it
// cuts this one. A block holding a non-ASCII byte is cut up to that byte,
// then scanned rune by rune (scanToken) to its end.
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
		lasts := alnum&^(alnum>>1) | punct
		if lim > 0 && alnum>>(lim-1)&1 != 0 {
			// The last run reaches the limit and may go on: carry it
			// into the next block, or scan it with the non-ASCII byte.
			r := lim - bits.LeadingZeros64(^(alnum << (64 - lim)))
			starts &= uint64(1)<<r - 1
			lasts &= uint64(1)<<r - 1
			if lim == 64 {
				pend, pendLetter = i+r, letter>>r != 0
			} else if scan > i+r {
				scan = i + r
			}
		}
		toks = slices.Grow(toks, 64)
		n := cutBlock(s, i, starts, lasts, letter, (*[64]Token)(toks[len(toks):len(toks)+64]))
		toks = toks[:len(toks)+n]
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

// cutBlock writes to out the tokens of the block of s at i and returns
// their number: the k-th token starts at the k-th bit of starts and ends
// after the k-th bit of lasts; it is a run of alnum bytes, a Word when it
// holds a bit of letter, or one other byte. There are at most 64, so out
// has room for them all: the loop has no call to grow a slice, and the
// values it keeps fit in registers.
func cutBlock(s string, i int, starts, lasts, letter uint64, out *[64]Token) int {
	c := 0
	for starts != 0 {
		// The lowest bits of starts and lasts are those of the token;
		// neither is 0, which spares TrailingZeros64 a test.
		p := bits.TrailingZeros64(starts)
		q := bits.TrailingZeros64(lasts | 1<<63)
		first, last := starts&-starts, lasts&-lasts
		starts ^= first
		lasts ^= last
		// A run that starts with a digit and holds a letter is a Word:
		// the second half of tokenKind.
		h := 0
		if letter&(last+last-first) != 0 {
			h = 256
		}
		out[c&63] = Token{int32(i + p), int32(i + q + 1), tokenKind[h+int(s[i+p])]}
		c++
	}
	return c
}

// blockMasks classifies the 64 bytes of s from i (the end of s is padded
// with spaces, which end runs and are no token) into masks with bit k for
// byte i+k: ASCII letters and digits, letters, spaces and non-ASCII bytes.
func blockMasks(s string, i int) (alnum, letter, space, other uint64) {
	var words [8]uint64
	if i+64 <= len(s) {
		t := s[i : i+64]
		for k := range words {
			words[k] = load64(t, 8*k)
		}
	} else {
		pad := spaces64
		copy(pad[:], s[i:])
		for k := range words {
			words[k] = binary.LittleEndian.Uint64(pad[8*k:])
		}
	}
	all := uint64(0)
	// From the last word down, so that each word's masks are shifted
	// into place by a constant.
	for k := 7; k >= 0; k-- {
		// Non-ASCII bytes may set any bit here: they are cleared below.
		x := words[k]
		x7 := x &^ high     // no addition below carries into the next byte
		y := x7 | ones*0x20 // letters lower-cased
		l := (y + ones*(0x80-'a')) &^ (y + ones*(0x80-'z'-1))
		d := (x7 + ones*(0x80-'0')) &^ (x7 + ones*(0x80-'9'-1))
		sp := ^((x7 ^ ones*' ') + ones*0x7f)
		alnum = alnum<<8 | packHigh((l|d)&high)
		letter = letter<<8 | packHigh(l&high)
		space = space<<8 | packHigh(sp&high)
		all |= x
	}
	if all&high != 0 {
		// Non-ASCII bytes are none of the three.
		for k := 0; k < 8; k++ {
			other |= packHigh(words[k]&high) << (8 * k)
		}
		alnum &^= other
		letter &^= other
		space &^= other
	}
	return alnum, letter, space, other
}

// spaces64 pads the last block of a text.
var spaces64 = [64]byte{
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
	' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
}

// tokenKind is the kind of the token an ASCII byte starts: Word or Number
// for a run of letters and digits as its first byte says in its first
// half, Word in the second half (the run holds a letter). It has an entry
// for every byte, so that indexing it needs no bounds check.
var tokenKind = func() (t [512]TokenKind) {
	for c := range utf8.RuneSelf {
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
		t[256+c] = t[c]
		if t[c] == Number {
			t[256+c] = Word
		}
	}
	return t
}()

// packHigh gathers the high bits of the eight bytes of m, whose other bits
// are 0, into one byte: the high bit of byte k becomes bit k. m is
// multiplied by a constant with bits 0, 7, 14, … 49, chosen so that the
// product of byte k's bit by bit 7(7-k) lands on bit 56+k; the other
// products land below bit 56 without carrying into it (their sum is less
// than 2^56), or above bit 63.
func packHigh(m uint64) uint64 {
	return m * 0x0002040810204081 >> 56
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
