package contact

import (
	"unicode"
	"unicode/utf8"
)

// span is a byte range of the matching view (normalize.Text.Norm).
type span struct{ s, e int }

// spans marks the claimed bytes of the matching view, one bit per byte,
// so that membership tests stay O(1) on texts with thousands of matches.
type spans []uint64

// newSpans returns an empty set for a view of n bytes.
func newSpans(n int) spans { return make(spans, n/64+1) }

// covers reports whether byte i is claimed.
func (c spans) covers(i int) bool {
	return i >= 0 && i/64 < len(c) && c[i/64]&(1<<(uint(i)%64)) != 0
}

// overlaps reports whether a byte of [s, e) is claimed.
func (c spans) overlaps(s, e int) bool {
	for i := s; i < e; i++ {
		if c.covers(i) {
			return true
		}
	}
	return false
}

// add claims the bytes of r.
func (c *spans) add(r span) {
	l := *c
	for i := max(r.s, 0); i < r.e && i/64 < len(l); i++ {
		l[i/64] |= 1 << (uint(i) % 64)
	}
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isLower(c) || isDigit(c) || 'A' <= c && c <= 'Z' }

// isCJK reports whether r belongs to a script written without spaces, at
// whose edges a Latin domain name ends.
func isCJK(r rune) bool {
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// hostRune reports whether r can be part of a host label. Symbols (such as
// "✪") are accepted only after an explicit scheme.
func hostRune(r rune, scheme bool) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return isAlnum(c) || c == '-' || c == '_'
	}
	if r == utf8.RuneError {
		return false
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return true
	}
	return scheme && unicode.Is(unicode.So, r)
}

// lastRune decodes the rune ending at s[i].
func lastRune(s string, i int) (rune, int) {
	if i <= 0 {
		return utf8.RuneError, 0
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// runeAt decodes the rune starting at s[i].
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// scriptBreak reports whether a Latin/digit rune and a CJK rune meet
// between a and b: text in those scripts glues words to domains.
func scriptBreak(a, b rune) bool {
	al := a < utf8.RuneSelf && isAlnum(byte(a))
	bl := b < utf8.RuneSelf && isAlnum(byte(b))
	return al && isCJK(b) || bl && isCJK(a)
}
