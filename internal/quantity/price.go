package quantity

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/vigie"
)

// price reads a currency before or after amount a. glued says a letter
// touches the number, so only a currency word glued before it ("usd300",
// "N50,000") can make it a price; prefixOnly ignores currencies after it.
func (sc *scanner) price(a amount, glued, prefixOnly bool) (match, bool) {
	s := sc.s
	// Ten digits in a row, or a leading zero, is a phone number.
	if a.plain && (a.digits >= 10 || a.digits >= 4 && s[a.start] == '0') {
		return match{}, false
	}
	after := a.end
	// "€2.500,-": the dash says there are no cents.
	if strings.HasPrefix(s[after:], ",-") || strings.HasPrefix(s[after:], ".-") {
		after += 2
		if after < len(s) && s[after] == '-' {
			after++
		}
	}
	mult, mEnd := multiplierAt(s, after)
	if mult != 1 || a.whole >= 1000000 && a.frac == "" {
		// "2,5 millions d'euros", "3 millones de dólares" (which Digits
		// may already have made "3000000 de dólares").
		for _, of := range []string{" d'", " d’", " de ", " of "} {
			if strings.HasPrefix(s[mEnd:], of) {
				mEnd += len(strings.TrimSuffix(of, " "))
				break
			}
		}
	}

	var suf, pre curToken
	hasSuf, hasPre := false, false
	if !glued && !prefixOnly {
		suf, hasSuf = sc.suffixCurrency(a.end, mEnd)
		if !hasSuf && mult != 1 {
			// "5 mille" with no currency: maybe "5 euros" is not there either.
			suf, hasSuf = sc.suffixCurrency(a.end, after)
			if hasSuf {
				mult, mEnd = 1, after
			}
		}
	}
	pre, hasPre = sc.prefixCurrency(a.start, glued)
	if !hasPre && !hasSuf {
		return match{}, false
	}

	m := match{kind: vigie.KindPrice, start: a.start, end: a.end}
	var tok curToken
	switch {
	case hasPre && hasSuf:
		// "$1500 USD", "€ 300 euros": one price written twice; the word
		// after is the more specific.
		tok = suf
		if suf.cur.flags&symbol != 0 || pre.code != "USD" {
			tok = pre
		}
		m.start, m.end = pre.start, suf.end
		m.prefix, m.suffix = true, true
	case hasSuf:
		tok = suf
		m.end = suf.end
		m.suffix = true
	default:
		tok = pre
		m.start = pre.start
		m.end = max(a.end, after)
		m.prefix = true
		if mult == 1 {
			mEnd = after
		}
	}
	if mult != 1 || after > a.end {
		m.end = max(m.end, mEnd)
	}

	code, qEnd, ok := sc.resolve(tok)
	if !ok {
		return match{}, false
	}
	if tok.end == m.end && qEnd > m.end {
		m.end = qEnd
	}
	if c := tok.cur; c.flags&moneyCtx != 0 && !sc.moneyContext(m.start, m.end) {
		return match{}, false
	}
	scale := tok.cur.scale
	if scale == 0 {
		scale = 1
	}
	if tok.cur.min > 0 && a.whole*mult < tok.cur.min {
		return match{}, false
	}
	factor := mult * scale
	v, ok := money(a, factor)
	if !ok {
		return match{}, false
	}
	m.value = formatMoney(v, code)
	m.code, m.factor = code, factor
	return m, true
}

// money returns a in hundredths times factor, or false on overflow.
func money(a amount, factor int64) (int64, bool) {
	c := a.cents()
	if factor <= 0 || c > math.MaxInt64/factor {
		return 0, false
	}
	return c * factor, true
}

// suffixCurrency reads a currency after the amount ending at Norm offset
// end, from offset p.
func (sc *scanner) suffixCurrency(end, p int) (curToken, bool) {
	s := sc.s
	q := skipSpace(s, p)
	tok, ok := currencyAt(s, q)
	if !ok {
		return curToken{}, false
	}
	c := tok.cur
	if c.flags&post == 0 {
		return curToken{}, false
	}
	if c.flags&attached != 0 && (q != end || p != end) {
		return curToken{}, false
	}
	if c.flags&upper != 0 && !sc.origUpper(tok.start, tok.end) {
		return curToken{}, false
	}
	// "100 $200": the sign belongs to the next number; "75 $pecial": it
	// stands for an S.
	if c.flags&symbol != 0 && q > p && alnumAt(s, tok.end) {
		return curToken{}, false
	}
	if c.code == "EUR" && c.flags&attached != 0 {
		// "20e arrondissement", "3e étage" are ordinals.
		n := skipSpace(s, tok.end)
		if ordinalNouns.has(s[n:wordEnd(s, n)]) {
			return curToken{}, false
		}
	}
	return tok, true
}

// prefixCurrency reads a currency before the amount starting at Norm
// offset start.
func (sc *scanner) prefixCurrency(start int, glued bool) (curToken, bool) {
	s := sc.s
	j := start
	spaced := false
	if !glued {
		if j > 0 && s[j-1] == ' ' {
			j--
			spaced = true
		}
	}
	tok, ok := currencyBefore(s, j)
	if !ok || tok.start < sc.lastEnd {
		return curToken{}, false
	}
	c := tok.cur
	if c.flags&pre == 0 {
		return curToken{}, false
	}
	if glued && c.flags&symbol != 0 {
		return curToken{}, false
	}
	if c.flags&attached != 0 && spaced {
		return curToken{}, false
	}
	if c.flags&upper != 0 && !sc.origUpper(tok.start, tok.end) {
		return curToken{}, false
	}
	// A word currency glued to a word before it is part of that word.
	if c.flags&symbol == 0 && alnumBefore(s, tok.start) {
		return curToken{}, false
	}
	return tok, true
}

// resolve gives the ISO code of a currency token: a family word takes the
// country from a qualifier after it, else from the text, else its default.
// It returns the end of the qualifier when one was read.
func (sc *scanner) resolve(tok curToken) (string, int, bool) {
	c := tok.cur
	if c.fam == famNone {
		return tok.code, tok.end, tok.code != ""
	}
	s := sc.s
	q := skipSpace(s, tok.end)
	if w := wordEnd(s, q); w > q {
		if code, ok := qualifiers[s[q:w]]; ok {
			return code, w, true
		}
	}
	if c.fam == famQualified {
		return "", 0, false
	}
	if c.fam == famDollar {
		return tok.code, tok.end, true
	}
	for _, cu := range famCues[c.fam] {
		if strings.Contains(s, cu.cue) {
			return cu.code, tok.end, true
		}
	}
	if c.fam == famRial && tok.code == "IRR" {
		// "ريال" is Iranian in Persian text, Saudi otherwise; "rial" is
		// Iranian (or Omani, Yemeni: named by a cue above).
		w := s[tok.start:tok.end]
		if w[0] >= utf8.RuneSelf && !sc.isPersian() && !strings.Contains(sc.t.OrigText(tok.start, tok.end), "﷼") {
			return "SAR", tok.end, true
		}
	}
	return tok.code, tok.end, true
}

// isPersian reports whether the original text holds letters that Persian
// writes and Arabic does not (the folded view has unified them).
func (sc *scanner) isPersian() bool {
	if sc.persian == 0 {
		sc.persian = -1
		if strings.ContainsAny(sc.t.Orig, "یکپچگژ") {
			sc.persian = 1
		}
	}
	return sc.persian > 0
}

// moneyContext reports whether Norm[i:j] sits among money words and away
// from weights: "£" is money, "120 pounds" in a list of body stats is not.
func (sc *scanner) moneyContext(i, j int) bool {
	s := sc.s
	if weightWords.within(s, i-60, j+40) {
		return false
	}
	return moneyWords.within(s, i-40, j+40)
}
