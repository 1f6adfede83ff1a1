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
	"math/bits"
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
	// Entities gather on the stack and leave in one allocation of the
	// right size, instead of a slice regrown on the heap entity by entity.
	// (The buffer must not be a field of the scanner: the scanner's
	// pointers escape through Span, and buf would go with them.)
	var buf [16]vigie.Entity
	sc := scanner{t: t, s: t.Norm, pending: -1, rangeB: -1}
	out := sc.run(buf[:0])
	if len(out) == 0 {
		return nil
	}
	return append([]vigie.Entity(nil), out...)
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
	lastEnd  int // Norm offset where the last entity ended
	lastOrig int // and its original offset

	// pending is the start of a range's second number that takes the kind
	// of the first ("$401-600"), and tmpl what it inherits.
	pending int
	tmpl    match

	rangeB int // start of the second number of the last range seen

	persian int8 // lazily: 1 when the original has Persian letters, -1 not
}

// run appends the entities of the text to out.
func (sc *scanner) run(out []vigie.Entity) []vigie.Entity {
	s := sc.s
	var m match
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i = nextDigit(s, i+1)
			continue
		}
		next, found := sc.at(i, &m)
		if found {
			if e, ok := sc.entity(m); ok {
				out = append(out, e)
			}
		}
		i = next
	}
	return out
}

// at examines the number starting at s[i] and returns where to go on, and
// whether it found a quantity there, which it stores in *found. (A result
// by pointer: most numbers are none, and a returned match would be zeroed
// and copied for each.)
func (sc *scanner) at(i int, found *match) (int, bool) {
	s := sc.s
	start := i
	// ".5%": a decimal without its zero.
	if i >= 1 && s[i-1] == '.' && (i == 1 || s[i-2] == ' ') && digitsEnd(s, i)-i <= 2 {
		start = i - 1
	}
	a, ok := parseAmount(s, i)
	if !ok {
		return blobEnd(s, i), false
	}
	if a.plain && a.digits >= 10 {
		// Phone numbers, ids: no quantity has ten digits in a row.
		return a.end, false
	}
	if a.spaced {
		// Groups after spaces are thousands only before a currency word or
		// sign, as in "15 000 €"; elsewhere "21 100%" is two numbers.
		if start == i && !alnumBefore(s, i) {
			if m, ok := sc.price(a, false, false); ok && m.suffix {
				*found = m
				return m.end, true
			}
		}
		a, _ = parseHead(s, i)
	}
	if start != i {
		if !a.plain || a.digits > 3 {
			return blobEnd(s, i), false
		}
		a = amount{start: start, end: a.end, frac: s[i:a.end], digits: 1}
	}
	// Part of a bigger run of digits and punctuation: a date, a time, a
	// version, a phone number.
	if start >= 2 && joiners[s[start-1]] && isDigit(s[start-2]) && start != sc.rangeB {
		return blobEnd(s, i), false
	}
	// Fractions: "1⁄2", and "½" which folds to "1/2" (below).
	if strings.HasPrefix(s[a.end:], "⁄") || strings.HasSuffix(s[:start], "⁄") {
		return a.end, false
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
	if e+1 < len(s) && joiners[s[e]] && s[e] != '-' && isDigit(s[e+1]) ||
		strings.HasPrefix(s[e:], "’") && e+3 < len(s) && isDigit(s[e+3]) {
		if s[e] == '/' && !(a.digits == 1 && digitsEnd(s, e+1) == e+2) {
			// "$150/30min" is a rate; "24/7" and "12/05" are not amounts.
			if m, ok := sc.price(a, glued, true); ok {
				*found = m
				return m.end, true
			}
		}
		return blobEnd(s, i), false
	}
	var b amount
	if p, ok := rangeNext(s, e, start); ok {
		if b, ok = parseAmount(s, p); ok && rangeEndOK(s, b) {
			bStart = p
		}
	}
	if bStart < 0 && e+1 < len(s) && s[e] == '-' && isDigit(s[e+1]) {
		// 555-123-4567.
		return blobEnd(s, i), false
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
		return e, false
	}
	*found = m
	return m.end, true
}

// classify tries the kinds in order of how specific their markers are.
func (sc *scanner) classify(a amount, glued bool) (match, bool) {
	if quiet(sc.s, a.start, a.end) {
		return match{}, false // no marker around: none would match
	}
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

// entity turns m into an entity, unless it overlaps the last one.
func (sc *scanner) entity(m match) (vigie.Entity, bool) {
	if m.start < sc.lastEnd || m.end <= m.start {
		return vigie.Entity{}, false
	}
	st, en := sc.t.Span(m.start, m.end)
	// One original character may fold into several ("½" into "1⁄2"):
	// entities must still not share original bytes.
	if st < sc.lastOrig || en > len(sc.t.Orig) || st >= en {
		return vigie.Entity{}, false
	}
	sc.lastOrig = en
	sc.lastEnd = m.end
	return vigie.Entity{Kind: m.kind, Value: m.value, Text: sc.t.Orig[st:en], Start: st, End: en}, true
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

// nextDigit returns the index of the first ASCII digit of s at or after i,
// or len(s). Most of a text is not digits: it looks at sixteen bytes at a
// time, and the digit mask of a word gives the first digit in it.
func nextDigit(s string, i int) int {
	// The constants in local variables stay in registers: written as
	// constants, each use inside the loop would rebuild one.
	zeros, tens, tops := digitK.zeros, digitK.tens, digitK.tops
	for ; i+16 <= len(s); i += 16 {
		b := s[i : i+16] // which frees the loads of bounds checks
		x0, x1 := le64(b)^zeros, le64(b[8:])^zeros
		if m := (x0 - tens) &^ x0 & tops; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		if m := (x1 - tens) &^ x1 & tops; m != 0 {
			return i + 8 + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(s) && !isDigit(s[i]) {
		i++
	}
	return i
}

// le64 returns b[0:8] as a little-endian word (the compiler makes it one
// load, without bounds checks when the caller has checked len(b)).
func le64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// digitK holds the constants of the digit mask of nextDigit: XOR with
// zeros turns the digits into the bytes below 10; subtracting tens from
// every byte sets the top bit of those, and &^x drops the bytes whose top
// bit was set before. A borrow can set a wrong bit only above a byte that
// was below 10, so the lowest bit of the mask is the first digit.
var digitK = struct{ zeros, tens, tops uint64 }{zeros: '0' * ones, tens: 10 * ones, tops: tops}

const (
	ones = 0x0101010101010101 // a byte value times ones is that byte eight times
	tops = 0x8080808080808080 // the top bit of each byte
)

// joiners marks the bytes ".,:/'-" that join runs of digits into dates,
// times, versions and phone numbers: a table, where strings.IndexByte on
// the list cost a call per number.
var joiners = func() (t [256]bool) {
	for _, c := range []byte(".,:/'-") {
		t[c] = true
	}
	return t
}()

// blobEnd skips a run of digits and the punctuation between them.
func blobEnd(s string, i int) int {
	for i < len(s) {
		if isDigit(s[i]) {
			i++
			continue
		}
		if i+1 < len(s) && joiners[s[i]] && isDigit(s[i+1]) {
			i += 2
			continue
		}
		break
	}
	return i
}

// rangeNext reports whether a range connector follows the number s[start:e]
// ("18-25", "100 – 200", "$300 to $400") and where the second number
// starts.
func rangeNext(s string, e, start int) (int, bool) {
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
		case rangeWords.has(word), betweenAnd.has(word) && betweenBefore(s, start):
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
	return !(e+1 < len(s) && joiners[s[e]] && isDigit(s[e+1]))
}
