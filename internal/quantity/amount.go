package quantity

import "strconv"

// amount is one number of the normalised text with its thousands and
// decimal separators resolved.
type amount struct {
	start, end int    // Norm[start:end] holds the number as written
	whole      int64  // integer part, separators removed
	frac       string // decimal digits as written (may be empty)
	digits     int    // number of integer digits
	plain      bool   // one run of digits, no separator, no leading dot
	spaced     bool   // has groups after a space ("15 000")
}

// maxDigits bounds integer parts so that whole*100*multiplier stays far
// from overflowing int64.
const maxDigits = 13

type group struct {
	sep        string // separator before the group ("" for the first)
	start, end int
}

// sepAt returns the thousands/decimal separator at s[i], if any.
func sepAt(s string, i int) string {
	if i >= len(s) {
		return ""
	}
	switch s[i] {
	case '.', ',', ' ', '\'':
		return s[i : i+1]
	case 0xe2: // ’ U+2019
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 {
			return s[i : i+3]
		}
	}
	return ""
}

// groupAt reports whether a separator and a digit follow at s[k], so that
// another group may start there.
func groupAt(s string, k int) bool {
	sep := sepAt(s, k)
	return sep != "" && k+len(sep) < len(s) && isDigit(s[k+len(sep)])
}

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// parseAmount reads the number whose first digit is s[i]. Groups after a
// space or an apostrophe must have three digits; the meaning of '.' and ','
// follows from the group sizes: one or two digits after the last separator
// make it a decimal point, three make it a thousands separator ("3.500" is
// 3500, "12,50" is 12.5, "3,500.50" and "3.500,50" both 3500.5). It reports
// false when the digits do not form one amount (dates, versions, "3.14159").
func parseAmount(s string, i int) (amount, bool) {
	return parseGroups(s, i, true)
}

// parseHead reads the number at s[i] without space-separated groups: "100
// 100%" is two numbers, and "$80 300" is not 80300 dollars.
func parseHead(s string, i int) (amount, bool) {
	return parseGroups(s, i, false)
}

func parseGroups(s string, i int, spaces bool) (amount, bool) {
	e := digitsEnd(s, i)
	if !groupAt(s, e) {
		// One run of digits, as most numbers are: the groups below would
		// come to the same (addDigits, written out for speed).
		if e-i > maxDigits {
			return amount{}, false
		}
		var whole int64
		for _, c := range []byte(s[i:e]) {
			whole = whole*10 + int64(c-'0')
		}
		return amount{start: i, end: e, whole: whole, digits: e - i, plain: true}, true
	}
	var buf [8]group
	gs := append(buf[:0], group{"", i, e})
	for len(gs) < 8 {
		k := gs[len(gs)-1].end
		sep := sepAt(s, k)
		if sep == "" {
			break
		}
		m := k + len(sep)
		if m >= len(s) || !isDigit(s[m]) {
			break
		}
		n := digitsEnd(s, m)
		if (sep == " " || sep == "'" || sep == "’") && n-m != 3 || sep == " " && !spaces {
			break
		}
		gs = append(gs, group{sep, m, n})
	}
	a, ok := interpret(s, gs)
	a.spaced = ok && hasSpaceGroup(gs)
	if ok && hasSpaceGroup(gs) {
		// "80 300" inside "80 300 4567" is a run of separate numbers.
		e := a.end
		if e+1 < len(s) && s[e] == ' ' && isDigit(s[e+1]) {
			ok = false
		}
	}
	if !ok && hasSpaceGroup(gs) {
		// Fall back to the groups before the first space.
		k := 1
		for k < len(gs) && gs[k].sep != " " {
			k++
		}
		a, ok = interpret(s, gs[:k])
		a.spaced = false
	}
	return a, ok
}

func hasSpaceGroup(gs []group) bool {
	for _, g := range gs[1:] {
		if g.sep == " " {
			return true
		}
	}
	return false
}

func interpret(s string, gs []group) (a amount, ok bool) {
	n := len(gs) - 1
	a = amount{start: gs[0].start, end: gs[n].end}
	first := s[gs[0].start:gs[0].end]
	if n == 0 {
		a.plain = true
		return addDigits(a, first)
	}
	last := gs[n]
	lastLen := last.end - last.start
	intGroups := gs
	if (last.sep == "." || last.sep == ",") && (lastLen <= 2 || n == 1 && first == "0") {
		a.frac = s[last.start:last.end]
		intGroups = gs[:n]
	}
	// Every group after the first is a thousands group of three digits with
	// the same separator, which is not the decimal separator.
	if len(intGroups) > 1 {
		if len(first) > 3 || first[0] == '0' {
			return amount{}, false
		}
		sep := intGroups[1].sep
		for _, g := range intGroups[1:] {
			if g.sep != sep || g.end-g.start != 3 {
				return amount{}, false
			}
		}
		if a.frac != "" && last.sep == sep {
			return amount{}, false
		}
	}
	for _, g := range intGroups {
		if a, ok = addDigits(a, s[g.start:g.end]); !ok {
			return amount{}, false
		}
	}
	return a, true
}

// addDigits appends decimal digits to the integer part of a.
func addDigits(a amount, digits string) (amount, bool) {
	a.digits += len(digits)
	if a.digits > maxDigits {
		return amount{}, false
	}
	for i := 0; i < len(digits); i++ {
		a.whole = a.whole*10 + int64(digits[i]-'0')
	}
	return a, true
}

// cents returns the amount in hundredths, the decimals beyond two dropped.
func (a amount) cents() int64 {
	c := a.whole * 100
	switch {
	case len(a.frac) == 1:
		c += int64(a.frac[0]-'0') * 10
	case len(a.frac) >= 2:
		c += int64(a.frac[0]-'0')*10 + int64(a.frac[1]-'0')
	}
	return c
}

// formatMoney writes cents as "3500 EUR" or "12.50 EUR".
func formatMoney(cents int64, code string) string {
	b := make([]byte, 0, 24)
	b = strconv.AppendInt(b, cents/100, 10)
	if r := cents % 100; r != 0 {
		b = append(b, '.', byte('0'+r/10), byte('0'+r%10))
	}
	b = append(b, ' ')
	b = append(b, code...)
	return string(b)
}
