// Package quantity finds prices, percentages and ages in post text: the
// numbers that carry meaning in smuggling, trafficking and job ads ("3500 €
// par personne", "taux de réussite 95%", "19 ans").
//
// It works on the normalize.Digits view, so obfuscated and spelled-out
// numbers and digits of every script are already ASCII, and reports spans
// in the original text. It is a pure stage: no I/O, no mutable globals; Find
// is safe for concurrent use on different texts.
//
// Decisions worth knowing:
//   - A bare "$" is US dollars; "C$", "CA$", "AU$", "US$" and ISO codes say
//     otherwise.
//   - "roses" (escort-ad slang for dollars) is USD from 30 up.
//   - "3500e" (glued "e") is euros from 10 up, unless a French ordinal noun
//     follows ("20e arrondissement").
//   - "pound(s)" is GBP only near money words and away from weight words;
//     "£", "GBP", "sterling", "quid" always are.
//   - "lire" is GBP (Romanian usage: "lire sterline"), "lira" and "TL" TRY.
//   - Dinars, rials, dirhams, Arabic liras and kronor take their country from
//     a qualifier ("dinar tunisien", "ريال سعودي"), else from a place named
//     in the text, else a default: dinar LYD, rial IRR in Persian text or
//     "rial" and SAR otherwise, dirham MAD, ليرة SYP, kr SEK, جنيه EGP.
//     "franc" and "livre" count only with a qualifier.
//   - Toman is converted to rials (1 toman = 10 IRR).
//   - '.' and ',' followed by three digits group thousands ("3.500" is
//     3500); followed by one or two digits they are a decimal point.
//   - Rates ("$300/hour", "per person") do not change the value.
//   - Ages are 14 to 99; requirement and duration contexts ("at least 18
//     years old", "18 ans et plus", "depuis 19 ans", "19 ans d'expérience")
//     are not ages.
package quantity

import (
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Find returns the price, percentage and age entities of t, which must be a
// normalize.Digits view (spelled-out numbers already digits), in order of
// Start. Entities never overlap. A nil t has none.
func Find(t *normalize.Text) []vigie.Entity {
	if t == nil || len(t.Norm) == 0 {
		return nil
	}
	sc := scanner{t: t, s: t.Norm, pending: -1, rangeB: -1}
	sc.run()
	return sc.out
}

// match is one quantity found in Norm[start:end].
type match struct {
	kind       vigie.EntityKind
	start, end int
	value      string
	// How the kind was recognised, so that the other end of a range can
	// share it: "18-25 ans", "$401-600".
	prefix, suffix bool
	code           string
	factor         int64
}

type scanner struct {
	t        *normalize.Text
	s        string
	out      []vigie.Entity
	lastEnd  int // Norm offset where the last entity ended
	lastOrig int // and its original offset

	// pending is the start of a range's second number that takes the kind
	// of the first ("$401-600"), and tmpl what it inherits.
	pending int
	tmpl    match

	rangeB int // start of the second number of the last range seen

	persian int8 // lazily: 1 when the original has Persian letters, -1 not
}

func (sc *scanner) run() {
	s := sc.s
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		i = sc.at(i)
	}
}

// at examines the number starting at s[i] and returns where to go on.
func (sc *scanner) at(i int) int {
	s := sc.s
	start := i
	// ".5%": a decimal without its zero.
	if i >= 1 && s[i-1] == '.' && (i == 1 || s[i-2] == ' ') && digitsEnd(s, i)-i <= 2 {
		start = i - 1
	}
	a, ok := parseAmount(s, i)
	if !ok {
		return blobEnd(s, i)
	}
	if a.plain && a.digits >= 10 {
		// Phone numbers, ids: no quantity has ten digits in a row.
		return a.end
	}
	if a.spaced {
		// Groups after spaces are thousands only before a currency word or
		// sign, as in "15 000 €"; elsewhere "21 100%" is two numbers.
		if start == i && !alnumBefore(s, i) {
			if m, ok := sc.price(a, false, false); ok && m.suffix {
				sc.emit(m)
				return m.end
			}
		}
		a, _ = parseHead(s, i)
	}
	if start != i {
		if !a.plain || a.digits > 3 {
			return blobEnd(s, i)
		}
		a = amount{start: start, end: a.end, frac: s[i:a.end], digits: 1}
	}
	// Part of a bigger run of digits and punctuation: a date, a time, a
	// version, a phone number.
	if start >= 2 && strings.IndexByte(".,:/'-", s[start-1]) >= 0 && isDigit(s[start-2]) && start != sc.rangeB {
		return blobEnd(s, i)
	}
	// Fractions: "1⁄2", and "½" which folds to "1/2" (below).
	if strings.HasPrefix(s[a.end:], "⁄") || strings.HasSuffix(s[:start], "⁄") {
		return a.end
	}
	glued := false
	if w, ok := letterBefore(s, start); ok {
		glued = true
		// Arabic clitics glued to numbers: "ب500", "و19".
		if w == 2 && strings.Contains("بلوفك", s[start-w:start]) {
			if _, l := letterBefore(s, start-w); !l {
				glued = false
			}
		}
	}
	e := a.end
	bStart := -1
	if e+1 < len(s) && strings.IndexByte(".,:/'", s[e]) >= 0 && isDigit(s[e+1]) ||
		strings.HasPrefix(s[e:], "’") && e+3 < len(s) && isDigit(s[e+3]) {
		if s[e] == '/' && !(a.digits == 1 && digitsEnd(s, e+1) == e+2) {
			// "$150/30min" is a rate; "24/7" and "12/05" are not amounts.
			if m, ok := sc.price(a, glued, true); ok {
				sc.emit(m)
				return m.end
			}
		}
		return blobEnd(s, i)
	}
	var b amount
	if p, ok := rangeNext(s, e, betweenBefore(s, start)); ok {
		if b, ok = parseAmount(s, p); ok && rangeEndOK(s, b) {
			bStart = p
		}
	}
	if bStart < 0 && e+1 < len(s) && s[e] == '-' && isDigit(s[e+1]) {
		// 555-123-4567.
		return blobEnd(s, i)
	}

	m, ok := sc.classify(a, glued)
	if !ok && start == sc.pending {
		m, ok = sc.inherit(sc.tmpl, a)
	}
	sc.pending = -1
	if bStart >= 0 {
		sc.rangeB = bStart
		if a.whole <= b.whole {
			if ok && m.prefix {
				sc.pending, sc.tmpl = bStart, m
			} else if !ok && !glued && !afterDigits(s, start) {
				if mb, okb := sc.classify(b, false); okb && mb.suffix {
					m, ok = sc.inherit(mb, a)
				}
			}
		}
	}
	if !ok {
		return e
	}
	sc.emit(m)
	return m.end
}

// classify tries the kinds in order of how specific their markers are.
func (sc *scanner) classify(a amount, glued bool) (match, bool) {
	if !glued {
		if m, ok := sc.percent(a); ok {
			return m, true
		}
	}
	if m, ok := sc.price(a, glued, false); ok {
		return m, true
	}
	if !glued {
		return sc.age(a)
	}
	return match{}, false
}

// inherit gives amount a the kind of the other end of its range.
func (sc *scanner) inherit(tm match, a amount) (match, bool) {
	m := match{kind: tm.kind, start: a.start, end: a.end}
	switch tm.kind {
	case vigie.KindPrice:
		v, ok := money(a, tm.factor)
		if !ok {
			return match{}, false
		}
		m.value = formatMoney(v, tm.code)
	case vigie.KindPercentage:
		m.value = percentValue(a)
	case vigie.KindAge:
		if !a.plain || a.whole < minAge || a.whole > maxAge {
			return match{}, false
		}
		m.value = strconv.FormatInt(a.whole, 10)
	default:
		return match{}, false
	}
	return m, true
}

func (sc *scanner) emit(m match) {
	if m.start < sc.lastEnd || m.end <= m.start {
		return
	}
	st, en := sc.t.Span(m.start, m.end)
	// One original character may fold into several ("½" into "1⁄2"):
	// entities must still not share original bytes.
	if st < sc.lastOrig || en > len(sc.t.Orig) || st >= en {
		return
	}
	sc.lastOrig = en
	sc.out = append(sc.out, vigie.Entity{
		Kind: m.kind, Value: m.value, Text: sc.t.Orig[st:en], Start: st, End: en,
	})
	sc.lastEnd = m.end
}

// origUpper reports whether the original text of Norm[i:j] has no ASCII
// lower-case letter ("MAD" but not "mad").
func (sc *scanner) origUpper(i, j int) bool {
	o := sc.t.OrigText(i, j)
	for k := 0; k < len(o); k++ {
		if 'a' <= o[k] && o[k] <= 'z' {
			return false
		}
	}
	return true
}

// blobEnd skips a run of digits and the punctuation between them.
func blobEnd(s string, i int) int {
	for i < len(s) {
		if isDigit(s[i]) {
			i++
			continue
		}
		if i+1 < len(s) && strings.IndexByte(".,:/'-", s[i]) >= 0 && isDigit(s[i+1]) {
			i += 2
			continue
		}
		break
	}
	return i
}

// rangeNext reports whether a range connector follows the number ending at
// e ("18-25", "100 – 200", "$300 to $400") and where the second number
// starts.
func rangeNext(s string, e int, between bool) (int, bool) {
	p := e
	sp := false
	if p < len(s) && s[p] == ' ' {
		p++
		sp = true
	}
	switch {
	case strings.HasPrefix(s[p:], "-") || strings.HasPrefix(s[p:], "~"):
		p++
	case strings.HasPrefix(s[p:], "–") || strings.HasPrefix(s[p:], "—"):
		p += len("–")
	case sp:
		w := wordEnd(s, p)
		switch word := s[p:w]; {
		case rangeWords[word], between && betweenAnd[word]:
			p = w
		default:
			return 0, false
		}
		if p >= len(s) || s[p] != ' ' {
			return 0, false
		}
	default:
		return 0, false
	}
	p = skipSpace(s, p)
	if p < len(s) && isDigit(s[p]) {
		return p, true
	}
	return 0, false
}

var (
	// rangeWords join the ends of a range: "3000 à 5000 €", "2000 to 3000
	// dollars".
	rangeWords = newWordSet("to", "à", "tot", "bis", "al", "la", "ila", "الى", "إلى", "até", "hasta", "до",
		"ta", "tot", "fino a", "kadar")
	// betweenAnd join them after "between": "entre 3000 et 5000 euros".
	betweenWords = newPhraseSet("entre", "between", "tussen", "zwischen", "între", "tra", "fra", "بين",
		"между", "arasi", "bein")
	betweenAnd = newWordSet("et", "and", "en", "und", "y", "e", "și", "si", "و", "и", "ile", "ve")
)

// betweenBefore reports whether "between" stands right before the number
// at start.
func betweenBefore(s string, start int) bool {
	_, ok := betweenWords.before(s, backSpace(s, start))
	return ok
}

// afterDigits reports whether the number at start continues a run of
// digits ("06 12 34 56 78"), so that it cannot open a range.
func afterDigits(s string, start int) bool {
	j := start
	if j > 0 && (s[j-1] == ' ' || strings.IndexByte(".-/", s[j-1]) >= 0) {
		j--
	}
	return j > 0 && j < start && isDigit(s[j-1])
}

// rangeEndOK reports whether the second number of a range stands alone (it
// is not the middle of a phone number such as 555-123-4567).
func rangeEndOK(s string, b amount) bool {
	e := b.end
	if b.digits > 7 {
		return false
	}
	return !(e+1 < len(s) && strings.IndexByte(".,:/'-", s[e]) >= 0 && isDigit(s[e+1]))
}
