package phone

import "regexp/syntax"

// heads is the set of the first two digits of the strings a metadata
// pattern can match. A pattern without an automaton (see digitPattern),
// and the national prefix of parsing, ask it before they run a regexp:
// most candidates fail on their first digits, and a bit test costs far
// less than a regexp match.
//
// It is built from the parsed pattern and over-approximates: a pattern
// that could match a string starting with "ab" always has "ab" in its
// heads (anchors and other empty-width assertions are taken as always
// true), so a miss proves the pattern fails. Only digits are tracked: the
// strings tested hold nothing else.
type heads struct {
	ok    bool      // the pattern was understood; if not, every test passes
	empty bool      // the pattern can match ""
	one   uint16    // bit c: the pattern can match the one-digit string c
	two   [2]uint64 // bit 10a+b: it can match a string starting with digits a, b
}

// headsOf returns the heads of pattern, or heads that let everything
// through if it does not parse.
func headsOf(pattern string) heads {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return heads{}
	}
	h, ok := headsOfRe(re)
	h.ok = ok
	return h
}

// mayMatch reports whether a pattern with heads h can match all of the
// digit string d. False is certain; true means the pattern must be run.
func (h *heads) mayMatch(d string) bool {
	if !h.ok || len(d) < 2 {
		return true
	}
	return h.has2(d)
}

// mayPrefix reports whether a pattern with heads h can match a prefix of
// the digit string d. False is certain.
func (h *heads) mayPrefix(d string) bool {
	if !h.ok || len(d) < 2 || h.empty || h.one&(1<<(d[0]-'0')) != 0 {
		return true
	}
	return h.has2(d)
}

// has2 reports whether h holds the first two bytes of d; anything but two
// digits can't be ruled out (heads track only digits).
func (h *heads) has2(d string) bool {
	a, b := uint(d[0]-'0'), uint(d[1]-'0')
	if a > 9 || b > 9 {
		return true
	}
	n := a*10 + b
	return h.two[n>>6]&(1<<(n&63)) != 0
}

// union adds the strings of g to h.
func (h *heads) union(g heads) {
	h.empty = h.empty || g.empty
	h.one |= g.one
	h.two[0] |= g.two[0]
	h.two[1] |= g.two[1]
}

// firsts returns the set of first digits of the non-empty strings of h.
func (h *heads) firsts() uint16 {
	f := h.one
	for x := uint(0); x < 10; x++ {
		if h.row(x) != 0 {
			f |= 1 << x
		}
	}
	return f
}

// row returns the second digits that follow the first digit x in h.two.
func (h *heads) row(x uint) uint16 {
	n := 10 * x
	// Bits n..n+9 of the 128-bit set, which may straddle the two words.
	v := h.two[n>>6] >> (n & 63)
	if n&63 > 54 && n < 64 {
		v |= h.two[1] << (64 - n)
	}
	return uint16(v & (1<<10 - 1))
}

// setRow adds the pairs x·y for the digits y in ys to h.two.
func (h *heads) setRow(x uint, ys uint16) {
	n := 10 * x
	h.two[n>>6] |= uint64(ys) << (n & 63)
	if n&63 > 54 && n < 64 {
		h.two[1] |= uint64(ys) >> (64 - n)
	}
}

// concat returns the heads of the strings of a followed by those of b.
func concat(a, b heads) heads {
	var h heads
	h.empty = a.empty && b.empty
	if b.empty {
		h.one |= a.one
	}
	if a.empty {
		h.one |= b.one
		h.two = b.two
	}
	h.two[0] |= a.two[0]
	h.two[1] |= a.two[1]
	if fb := b.firsts(); fb != 0 && a.one != 0 {
		for x := uint(0); x < 10; x++ {
			if a.one&(1<<x) != 0 {
				h.setRow(x, fb)
			}
		}
	}
	return h
}

// digitsOf returns the set of digits in [lo, hi].
func digitsOf(lo, hi rune) uint16 {
	lo, hi = max(lo, '0'), min(hi, '9')
	var m uint16
	for r := lo; r <= hi; r++ {
		m |= 1 << (r - '0')
	}
	return m
}

// headsOfRe returns the heads of re, and false for an operator it does not
// know.
func headsOfRe(re *syntax.Regexp) (heads, bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return heads{}, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return heads{empty: true}, true
	case syntax.OpLiteral:
		h := heads{empty: true}
		for _, r := range re.Rune {
			h = concat(h, heads{one: digitsOf(r, r)})
		}
		return h, true
	case syntax.OpCharClass:
		var m uint16
		for k := 0; k+1 < len(re.Rune); k += 2 {
			m |= digitsOf(re.Rune[k], re.Rune[k+1])
		}
		return heads{one: m}, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return heads{one: 1<<10 - 1}, true
	case syntax.OpCapture:
		return headsOfRe(re.Sub[0])
	case syntax.OpConcat:
		h := heads{empty: true}
		for _, sub := range re.Sub {
			g, ok := headsOfRe(sub)
			if !ok {
				return heads{}, false
			}
			h = concat(h, g)
		}
		return h, true
	case syntax.OpAlternate:
		var h heads
		for _, sub := range re.Sub {
			g, ok := headsOfRe(sub)
			if !ok {
				return heads{}, false
			}
			h.union(g)
		}
		return h, true
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		x, ok := headsOfRe(re.Sub[0])
		if !ok {
			return heads{}, false
		}
		lo, hi := 0, -1 // hi < 0: unbounded
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		// The first two digits of k ≥ 2 repetitions are those of two
		// repetitions, so powers 0, 1 and 2 tell everything.
		powers := [3]heads{{empty: true}, x, concat(x, x)}
		var h heads
		for k := range powers {
			if (k >= lo || (k == 2 && lo > 2)) && (hi < 0 || k <= hi) {
				h.union(powers[k])
			}
		}
		return h, true
	}
	return heads{}, false
}
