package contact

import (
	"sort"
	"strings"
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

// newSpansIn is newSpans in buf (zeroed) when it is big enough.
func newSpansIn(buf []uint64, n int) spans {
	if n/64+1 <= len(buf) {
		return buf[:n/64+1]
	}
	return newSpans(n)
}

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
	if a < 0x1100 && b < 0x1100 {
		return false // no CJK rune: the common case, decided cheaply
	}
	al := a < utf8.RuneSelf && isAlnum(byte(a))
	bl := b < utf8.RuneSelf && isAlnum(byte(b))
	return al && isCJK(b) || bl && isCJK(a)
}

// prefixSet is a set of up to 64 patterns, seen through their first three
// bytes: bit k of m[d][c] is set when pattern k has byte c at offset d (or
// is shorter than d+1 bytes, so that any byte goes). The scanners use it as
// a branch-light prefilter: they look only at the positions where one of
// their patterns may start, instead of testing every byte.
type prefixSet struct {
	m [3][256]uint64
	n int
}

// add puts a pattern in the set; a byte class per offset (nil: any byte).
func (p *prefixSet) add(classes ...func(c byte) bool) {
	if p.n == 64 {
		panic("contact: prefixSet holds at most 64 patterns")
	}
	for d := range p.m {
		for c := 0; c < 256; c++ {
			if d >= len(classes) || classes[d] == nil || classes[d](byte(c)) {
				p.m[d][c] |= 1 << p.n
			}
		}
	}
	p.n++
}

// addString puts a literal pattern in the set.
func (p *prefixSet) addString(w string) {
	var cl []func(c byte) bool
	for d := 0; d < len(w) && d < 3; d++ {
		b := w[d]
		cl = append(cl, func(c byte) bool { return c == b })
	}
	p.add(cl...)
}

// at has the bits of the patterns that may start at s[i], given the byte
// before (any byte at i == 0); bytes past the end read as 0.
func (p *prefixSet) at(s string, i int, prev *[256]uint64) uint64 {
	var b1, b2 byte
	if i+1 < len(s) {
		b1 = s[i+1]
	}
	if i+2 < len(s) {
		b2 = s[i+2]
	}
	m := p.m[0][s[i]] & p.m[1][b1] & p.m[2][b2]
	if i > 0 {
		m &= prev[s[i-1]]
	}
	return m
}

// all appends to dst the positions where a pattern of the set may start,
// in order, as next would give them one by one with first true.
func (p *prefixSet) all(s string, prev *[256]uint64, dst []int) []int {
	for i := p.next(s, 0, prev, true); i >= 0; i = p.next(s, i+1, prev, true) {
		dst = append(dst, i)
	}
	return dst
}

// next returns the first i >= from where a pattern of the set may start
// and prev[s[i-1]] is set (at i == 0: when first is true), or -1 if there
// is none. The main loop tests eight positions per branch.
func (p *prefixSet) next(s string, from int, prev *[256]uint64, first bool) int {
	i := max(from, 0)
	n := len(s)
	if i == 0 {
		if n == 0 {
			return -1
		}
		if first && p.at(s, 0, prev) != 0 {
			return 0
		}
		i = 1
	}
	m0, m1, m2 := &p.m[0], &p.m[1], &p.m[2]
	for ; i+10 <= n; i += 8 {
		w := s[i-1 : i+10]
		acc := m0[w[1]]&m1[w[2]]&m2[w[3]]&prev[w[0]] |
			m0[w[2]]&m1[w[3]]&m2[w[4]]&prev[w[1]] |
			m0[w[3]]&m1[w[4]]&m2[w[5]]&prev[w[2]] |
			m0[w[4]]&m1[w[5]]&m2[w[6]]&prev[w[3]] |
			m0[w[5]]&m1[w[6]]&m2[w[7]]&prev[w[4]] |
			m0[w[6]]&m1[w[7]]&m2[w[8]]&prev[w[5]] |
			m0[w[7]]&m1[w[8]]&m2[w[9]]&prev[w[6]] |
			m0[w[8]]&m1[w[9]]&m2[w[10]]&prev[w[7]]
		if acc != 0 {
			break
		}
	}
	for ; i < n; i++ {
		if p.at(s, i, prev) != 0 {
			return i
		}
	}
	return -1
}

// colons holds the offsets of the colons of a text, in order. The links
// that the finders search ("://", "live:", "viber://", "skype:") all hold
// one: a single scan for the colons serves them all, where a scan of the
// text per link cost more than everything else those finders do.
type colons []int

// appendColons appends the offsets of the colons of s to dst.
func appendColons(dst colons, s string) colons {
	for p := 0; ; p++ {
		k := strings.IndexByte(s[p:], ':')
		if k < 0 {
			return dst
		}
		p += k
		dst = append(dst, p)
	}
}

// index returns the first k >= p where w occurs in s, or -1; w[pivot] is
// ':' and c are the colons of s.
func (c colons) index(s string, p int, w string, pivot int) int {
	for _, q := range c[sort.SearchInts(c, p+pivot):] {
		// The first and last bytes first: most colons are no link.
		if k := q - pivot; k+len(w) <= len(s) && s[k] == w[0] && s[k+len(w)-1] == w[len(w)-1] && s[k:k+len(w)] == w {
			return k
		}
	}
	return -1
}

// load64 returns s[i:i+8] as a little-endian word (the compiler makes it
// one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// le64 returns b[0:8] as a little-endian word: load64 for a b whose
// length the caller has checked, so that the compiler drops the bounds
// checks.
func le64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

const (
	ones = 0x0101010101010101 // a byte value times ones is that byte eight times
	tops = 0x8080808080808080 // the top bit of each byte
)

// The word-at-a-time tests of wordConsts work on eight bytes of text at
// once and answer with the top bit of each byte. Per byte, with its top bit cleared
// (t <= 0x7f), t+(0x80-lo) has its top bit set exactly when t >= lo, and
// t+(0x7f-hi) exactly when t > hi; no sum passes 0xff, so bytes never carry
// into each other and every answer is exact. Bytes >= 0x80 are in no range.

// wordConsts holds the constants of the word-at-a-time tests. The tests
// read them from a variable (wordK) instead of writing them as constants
// because the compiler rebuilds a 64-bit constant with a 10-byte
// instruction at each use inside a loop, which doubled the cost of a test;
// from memory they are one operand.
type wordConsts struct {
	low7, tops   uint64 // 0x7f and 0x80 in every byte
	digLo, digHi uint64 // (0x80-'0') and (0x7f-'9') in every byte
	lower        uint64 // 0x20 in every byte
	letLo, letHi uint64 // (0x80-'a') and (0x7f-'z') in every byte
	hi30         uint64 // 0x80-'0' in every byte: (w&low7)+hi30 has the top bit of the bytes >= '0'
}

var wordK = wordConsts{
	low7: 0x7f * ones, tops: tops,
	digLo: (0x80 - '0') * ones, digHi: (0x7f - '9') * ones,
	lower: 0x20 * ones,
	letLo: (0x80 - 'a') * ones, letHi: (0x7f - 'z') * ones,
	hi30: (0x80 - '0') * ones,
}

// digits marks the ASCII digits of w: the bytes in ['0', '9'].
func (k *wordConsts) digits(w uint64) uint64 {
	t := w & k.low7
	return (t + k.digLo) &^ (t + k.digHi | w) & k.tops
}

// letters marks the ASCII letters of w: upper-case ones are made
// lower-case first, which leaves bytes >= 0x80 at or above 0x80.
func (k *wordConsts) letters(w uint64) uint64 {
	y := w | k.lower
	t := y & k.low7
	return (t + k.letLo) &^ (t + k.letHi | y) & k.tops
}

// allAlnum reports whether the eight bytes of w are all ASCII letters or
// digits.
func (k *wordConsts) allAlnum(w uint64) bool { return k.digits(w)|k.letters(w) == k.tops }

// digitBits marks the ASCII digits of w.
func digitBits(w uint64) uint64 { return wordK.digits(w) }

// letterBits marks the ASCII letters of w.
func letterBits(w uint64) uint64 { return wordK.letters(w) }

// allAlnum reports whether the eight bytes of w are all ASCII letters or
// digits.
func allAlnum(w uint64) bool { return wordK.allAlnum(w) }

// isASCII reports whether s has no byte >= 0x80, 32 bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+32 <= len(s); i += 32 {
		b := s[i : i+32]
		if (le64(b)|le64(b[8:])|le64(b[16:])|le64(b[24:]))&tops != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
