package contact

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
)

// emailMatch is an e-mail address found in the matching view.
type emailMatch struct {
	s, e  int
	value string
}

// localBytes marks the bytes of an unquoted local part (RFC 5322 atext and
// the dot).
var localBytes = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c)) || c < 0x80 && strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", byte(c)) >= 0
	}
	return t
}()

func localByte(c byte) bool { return localBytes[c] }

// webmail lists providers whose name alone ("name@gmail") people write for
// the full domain; ".com" is added, the dominant domain of each.
var webmail = map[string]bool{
	"gmail": true, "googlemail": true, "hotmail": true, "yahoo": true, "outlook": true,
	"icloud": true, "aol": true, "protonmail": true, "ymail": true,
}

// validEmailDomain checks a folded e-mail domain: at least two labels, no
// underscores, a TLD of the embedded list or in punycode (IP literals,
// numeric and dot-less domains are refused by policy; "msg@kiosk.valid"
// in running text is not an address).
func validEmailDomain(d string) bool {
	if len(d) > 253 || strings.IndexByte(d, '_') >= 0 || strings.IndexByte(d, '.') < 0 {
		return false
	}
	for _, l := range strings.Split(d, ".") {
		if !validLabel(l, false) {
			return false
		}
	}
	tld := d[strings.LastIndexByte(d, '.')+1:]
	return knownTLD(tld) || strings.HasPrefix(tld, "xn--") && len(tld) > 5
}

// validLocal checks an unquoted local part.
func validLocal(l string) bool {
	return len(l) > 0 && len(l) <= 64 && l[0] != '.' && l[len(l)-1] != '.' && !strings.Contains(l, "..")
}

// scanLocalLeft returns the start of the local part ending at a.
func scanLocalLeft(s string, a int) int {
	l := a
	prev := rune('@')
	for l > 0 {
		c := s[l-1]
		if c < utf8.RuneSelf {
			if !localByte(c) || scriptBreak(rune(c), prev) {
				break
			}
			prev = rune(c)
			l--
			continue
		}
		r, w := utf8.DecodeLastRuneInString(s[:l])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) || scriptBreak(r, prev) {
			break
		}
		prev = r
		l -= w
	}
	// Quotes and bars before a name are punctuation, not part of it.
	for l < a && (s[l] == '\'' || s[l] == '`' || s[l] == '|' || s[l] == '{') {
		l++
	}
	return l
}

// scanEmailDomain returns the end of the domain starting at i, with
// trailing dots and hyphens (sentence punctuation) dropped.
func scanEmailDomain(s string, i int) int {
	j := i
	prev := rune('@')
	for j < len(s) {
		c := s[j]
		if c == '.' {
			if j+1 < len(s) && s[j+1] == '.' {
				break
			}
			j++
			prev = '.'
			continue
		}
		r, w := runeAt(s, j)
		if !hostRune(r, false) || scriptBreak(prev, r) {
			break
		}
		prev = r
		j += w
	}
	for j > i && (s[j-1] == '.' || s[j-1] == '-') {
		j--
	}
	return j
}

// findEmails finds plain addresses around each '@' outside the claimed
// ranges; "mailto:" is kept in the span.
func findEmails(t *normalize.Text, claimed *spans) []emailMatch {
	s := t.Norm
	var out []emailMatch
	for p := 0; p < len(s); {
		a := strings.IndexByte(s[p:], '@')
		if a < 0 {
			break
		}
		a += p
		p = a + 1
		if claimed.covers(a) {
			continue
		}
		l := scanLocalLeft(s, a)
		local := s[l:a]
		if !validLocal(local) {
			continue
		}
		if a+1 < len(s) && s[a+1] == '[' {
			continue // IP literal: refused by policy.
		}
		e := scanEmailDomain(s, a+1)
		dom := s[a+1 : e]
		start := l
		mailto := l >= 7 && s[l-7:l] == "mailto:"
		if mailto {
			start = l - 7
		}
		switch {
		case validEmailDomain(dom):
		case webmail[dom] && (e >= len(s) || s[e] != '.'):
			dom += ".com"
		case mailto && dom != "" && strings.IndexByte(dom, '.') < 0 && validLabel(dom, false):
		default:
			continue
		}
		if len(local)+1+len(dom) > 254 || claimed.overlaps(start, e) {
			continue
		}
		out = append(out, emailMatch{s: start, e: e, value: local + "@" + dom})
		claimed.add(span{start, e})
		p = e
	}
	return out
}

// atSeps lists the ways people spell '@' to dodge filters; the bool says
// whether the marker alone is obfuscated enough to trust plain dots after
// it ("name at example.com" is refused: "look at example.com" is common).
var atSeps = []struct {
	s      string
	strong bool
}{
	{" (at) ", true}, {" [at] ", true}, {" {at} ", true}, {" <at> ", true},
	{"(at)", true}, {"[at]", true}, {"{at}", true}, {"<at>", true},
	{" (@) ", true}, {"(@)", true}, {"[@]", true},
	{" (arobase) ", true}, {"(arobase)", true}, {" arobase ", true},
	{" (apenstaartje) ", true}, {" apenstaartje ", true}, {" arroba ", true}, {"(arroba)", true},
	{" arond ", true}, {" klammeraffe ", true},
	{" @ ", true}, {" @", true}, {"@ ", true}, {"@", true},
	{" at ", false},
}

// findObfuscatedEmails finds "name (at) example (dot) com", "name arobase
// example.fr", "name at example dot com" (worded dots only) and spaced
// forms like "name @ gmail .com".
//
// cands is normCandidates(nil, t, ascii) (ascii: whether t.Norm is ASCII).
func findObfuscatedEmails(t *normalize.Text, claimed *spans, cands []int) []emailMatch {
	s := t.Norm
	var out []emailMatch
	from := 1
	for _, i := range cands {
		if i < from {
			continue
		}
		// The spellings whose first three bytes are there, in the order
		// of atSeps: only they may match.
		seps := normTriggers.at(s, i, normPrev) & atBits
		if seps == 0 || claimed.covers(i) {
			continue
		}
		from = i + 1
		var strong, plain bool
		me := -1
		for ; seps != 0; seps &= seps - 1 {
			m := atSeps[bits.TrailingZeros64(seps)-atBase]
			if strings.HasPrefix(s[i:], m.s) {
				me, strong, plain = i+len(m.s), m.strong, m.s == "@"
				break
			}
		}
		if me < 0 {
			continue
		}
		l := i
		for l > 0 && (isLower(s[l-1]) || isDigit(s[l-1]) || strings.IndexByte("._%+-", s[l-1]) >= 0) {
			l--
		}
		local := s[l:i]
		if !validLocal(local) || l > 0 && (s[l-1] == '@' || s[l-1] == '/' || s[l-1] == ':') {
			continue
		}
		// Domain: label (dot label)+ with any mix of dot spellings.
		var labels []string
		obf, worded := !plain, false
		j := me
		end := me
		for len(labels) < 8 {
			k := scanLabel(s, j)
			if k == j {
				break
			}
			labels = append(labels, s[j:k])
			end = k
			e, o, ok := matchDotSep(s, k)
			if !ok {
				break
			}
			if o {
				obf = true
				// "name at example dot com" needs a "dot" spelling: "room at
				// some point so" is English, not an address.
				if strings.Contains(s[k:e], "dot") || strings.ContainsAny(s[k:e], "([{") {
					worded = true
				}
			}
			j = e
		}
		if len(labels) < 2 || !obf || !strong && !worded {
			continue
		}
		if !knownTLD(labels[len(labels)-1]) || end < len(s) && (isAlnum(s[end]) || s[end] == '@') {
			continue
		}
		dom := strings.Join(labels, ".")
		if !validEmailDomain(dom) || claimed.overlaps(l, end) {
			continue
		}
		out = append(out, emailMatch{s: l, e: end, value: local + "@" + dom})
		claimed.add(span{l, end})
		from = end + 1
	}
	return out
}
