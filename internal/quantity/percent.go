package quantity

import (
	"strconv"

	"github.com/vigie-project/vigie/internal/vigie"
)

var (
	// percentAfter follow the number: "95%", "95 pour cent", "95 درصد".
	percentAfter = newPhraseSet("%", "٪", "pour cent", "pourcent", "pour-cent", "percent", "per cent",
		"per-cent", "procent", "procente", "prozent", "por ciento", "por cien", "per cento", "percento",
		"la sută", "la suta", "процента", "процент", "درصد", "بالمئة", "بالمائة", "في المئة", "في المائة",
		"بالمية", "pct",
		// "95 pour 100", "90 por 100": also what Digits makes of "por
		// ciento", "per cento" and "la sută" (ciento, cento and sută are
		// "hundred").
		"pour 100", "por 100", "per 100", "la 100", "su 100", "op 100", "von 100")
	// percentBefore precede it: Turkish "%95", "yüzde 95", Arabic "٪95".
	percentSigns = newPhraseSet("%", "٪")
	percentWords = newPhraseSet("yüzde")
)

// percent reads a percent sign or word around amount a.
func (sc *scanner) percent(a amount) (match, bool) {
	s := sc.s
	m := match{kind: vigie.KindPercentage, start: a.start, end: a.end}
	p := skipSpace(s, a.end)
	if e, ok := percentAfter.at(s, p); ok {
		// "100%25" is URL encoding, not a percentage.
		if e < len(s) && isDigit(s[e]) {
			return match{}, false
		}
		m.end, m.suffix = e, true
		m.value = percentValue(a)
		return m, true
	}
	// A sign glued before the number, not inside a URL ("%20", "=%41").
	if b, ok := percentSigns.before(s, a.start); ok && b >= sc.lastEnd && !alnumAt(s, a.end) {
		if b == 0 || !alnumBefore(s, b) && !isURLByte(s[b-1]) {
			m.start, m.prefix = b, true
			m.value = percentValue(a)
			return m, true
		}
	}
	if b, ok := percentWords.before(s, backSpace(s, a.start)); ok && b >= sc.lastEnd && !alnumAt(s, a.end) {
		m.start, m.prefix = b, true
		m.value = percentValue(a)
		return m, true
	}
	return match{}, false
}

func isURLByte(c byte) bool {
	switch c {
	case '/', '=', '?', '&', '%', '+', '.', '_', '-', '#':
		return true
	}
	return false
}

// percentValue writes a as "95%" or "99.5%", decimals as written.
func percentValue(a amount) string {
	b := strconv.AppendInt(make([]byte, 0, 16), a.whole, 10)
	if a.frac != "" {
		b = append(b, '.')
		b = append(b, a.frac...)
	}
	return string(append(b, '%'))
}
