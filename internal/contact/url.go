package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
)

// urlMatch is a URL found in the matching view.
type urlMatch struct {
	s, e   int    // Norm range of the whole URL
	host   string // folded host
	rest   string // folded port, path, query and fragment
	scheme bool
	value  string // rebuilt value of an obfuscated URL, else ""
}

// validHost reports whether the folded host h may be a URL host. Without a
// scheme the TLD must be in the embedded list; with one any alphabetic TLD,
// an IPv4 address or localhost is accepted.
func validHost(h string, scheme bool) bool {
	if len(h) == 0 || len(h) > 253 {
		return false
	}
	if scheme && h == "localhost" {
		return true
	}
	n := strings.Count(h, ".") + 1
	if n < 2 {
		return false
	}
	if scheme && n == 4 && isIPv4(h) {
		return true
	}
	i := 0
	for k := 0; k < n; k++ {
		j := strings.IndexByte(h[i:], '.')
		if j < 0 {
			j = len(h)
		} else {
			j += i
		}
		lab := h[i:j]
		if !validLabel(lab, k < n-2) {
			return false
		}
		if k == n-1 && !validTLD(lab, scheme) {
			return false
		}
		i = j + 1
	}
	return true
}

// validLabel checks one DNS label: 1–63 bytes, no leading or trailing
// hyphen or underscore, underscores only in sub-domains, punycode ASCII.
func validLabel(l string, sub bool) bool {
	if len(l) == 0 || len(l) > 63 {
		return false
	}
	if f, z := l[0], l[len(l)-1]; f == '-' || f == '_' || z == '-' || z == '_' {
		return false
	}
	if !sub && strings.IndexByte(l, '_') >= 0 {
		return false
	}
	if strings.HasPrefix(l, "xn--") {
		for i := 0; i < len(l); i++ {
			if l[i] >= utf8.RuneSelf {
				return false
			}
		}
	}
	return true
}

// validTLD checks the last label of a host.
func validTLD(t string, scheme bool) bool {
	if knownTLD(t) {
		return true
	}
	if !scheme {
		return false
	}
	if strings.HasPrefix(t, "xn--") {
		return len(t) > 5
	}
	ascii := 0
	for _, r := range t {
		if r < utf8.RuneSelf {
			if !isLower(byte(r)) {
				return false
			}
			ascii++
		} else if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return false
		}
	}
	return ascii == 0 || ascii >= 2 && ascii == len(t)
}

func isIPv4(h string) bool {
	parts := 0
	for _, p := range strings.Split(h, ".") {
		if len(p) == 0 || len(p) > 3 {
			return false
		}
		v := 0
		for i := 0; i < len(p); i++ {
			if !isDigit(p[i]) {
				return false
			}
			v = v*10 + int(p[i]-'0')
		}
		if v > 255 {
			return false
		}
		parts++
	}
	return parts == 4
}

// authorityByte reports whether c may appear in the user-info part of an
// authority.
func authorityByte(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-._~%!$&'*+,;=:@", c) >= 0
}

// scanHostRun returns the end of the run of host runes and single dots
// starting at i.
func scanHostRun(s string, i int, scheme bool) int {
	j := i
	prev := rune(' ')
	for j < len(s) {
		if s[j] == '.' {
			if j+1 < len(s) && s[j+1] == '.' {
				break
			}
			j++
			prev = '.'
			continue
		}
		r, w := runeAt(s, j)
		if !hostRune(r, scheme) || !scheme && scriptBreak(prev, r) {
			break
		}
		prev = r
		j += w
	}
	for j > i && s[j-1] == '.' {
		j--
	}
	return j
}

// scanPort parses ":digits" at i; it returns the end of the port, i when
// there is none, and ok false for an impossible port.
func scanPort(s string, i int) (int, bool) {
	if i+1 >= len(s) || s[i] != ':' || !isDigit(s[i+1]) {
		return i, true
	}
	j, v := i+1, 0
	for j < len(s) && isDigit(s[j]) {
		v = v*10 + int(s[j]-'0')
		if v > 65535 {
			return i, false
		}
		j++
	}
	if j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
		return i, false
	}
	return j, true
}

// scanPath returns the end of the path, query and fragment starting at i,
// with trailing punctuation and unbalanced closing brackets trimmed; start is
// where the URL begins, for bracket balance.
func scanPath(t *normalize.Text, start, i int) int {
	s := t.Norm
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '<' || c == '>' || c == '\\' || c == 0x7f {
				break
			}
			// A quote followed by a delimiter closes a quoted URL, as in
			// JSON ("…",") and HTML (href="…">).
			if c == '"' && j+1 < len(s) && strings.IndexByte(",;:>", s[j+1]) >= 0 {
				break
			}
			if !isAlnum(c) && endsPath(t, j) {
				break
			}
			j++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError || isCJK(r) ||
			!(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Pd, r)) {
			break
		}
		j += w
	}
	return trimURLEnd(s, start, j)
}

// endsPath reports whether the ASCII punctuation at Norm[j] was folded
// from full-width or ideographic punctuation ("｜", "）"), which ends a
// URL in CJK text; a folded dash ("–") does not.
func endsPath(t *normalize.Text, j int) bool {
	os, oe := t.Span(j, j+1)
	if oe-os < 2 || t.Orig[os] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.Orig[os:oe])
	return !unicode.Is(unicode.Pd, r)
}

// trimURLEnd drops sentence punctuation, unpaired quotes and unbalanced
// closing brackets from the end of s[start:end].
func trimURLEnd(s string, start, end int) int {
	for end > start {
		c := s[end-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '*':
			end--
			continue
		case '"', '\'':
			if strings.Count(s[start:end], string(c))%2 == 1 {
				end--
				continue
			}
		case ')', ']', '}':
			open := "("
			if c == ']' {
				open = "["
			} else if c == '}' {
				open = "{"
			}
			if strings.Count(s[start:end], open) < strings.Count(s[start:end], string(c)) {
				end--
				continue
			}
		}
		break
	}
	return end
}

// findSchemeURLs finds http, https and ftp URLs. Every "scheme://" it sees,
// valid or not, is claimed so that the bare-domain finder does not pick
// pieces out of a rejected URL.
//
// cs are the colons of t.Norm.
func findSchemeURLs(t *normalize.Text, claimed *spans, cs colons) []urlMatch {
	s := t.Norm
	var out []urlMatch
	for p := 0; p < len(s); {
		k := cs.index(s, p, "://", 0)
		if k < 0 {
			break
		}
		p = k + 3
		ss := k
		for ss > 0 && isLower(s[ss-1]) {
			ss--
		}
		// The authority: user-info, host and port.
		a := k + 3
		hs := a
		for j := a; j < len(s) && s[j] != '/' && s[j] != '?' && s[j] != '#'; {
			c := s[j]
			if c == '@' {
				hs = j + 1
			}
			if c < utf8.RuneSelf {
				if !authorityByte(c) {
					break
				}
				j++
				continue
			}
			r, w := utf8.DecodeRuneInString(s[j:])
			if !hostRune(r, true) {
				break
			}
			j += w
		}
		he := scanHostRun(s, hs, true)
		claim := span{ss, he}
		if claim.e < k+3 {
			claim.e = k + 3
		}
		if claimed.covers(ss) || claimed.covers(k) {
			continue
		}
		claimed.add(claim)
		p = claim.e
		scheme := s[ss:k]
		if scheme != "http" && scheme != "https" && scheme != "ftp" {
			continue
		}
		if ss > 0 {
			b := s[ss-1]
			if isDigit(b) || b == '_' || b == '$' || b == '#' {
				continue
			}
			if b == '@' {
				if r, _ := lastRune(s, ss-1); ss-1 == 0 || !hostRune(r, false) {
					continue
				}
			}
		}
		host := s[hs:he]
		if !validHost(host, true) {
			continue
		}
		e, ok := scanPort(s, he)
		if !ok {
			continue
		}
		if e < len(s) && (s[e] == '/' || s[e] == '?' || s[e] == '#') {
			e = scanPath(t, ss, e)
		}
		out = append(out, urlMatch{s: ss, e: e, host: host, rest: s[he:e], scheme: true})
		claimed.add(span{claim.e, e})
		p = e
	}
	return out
}

// findBareURLs finds scheme-less URLs ("example.com/path", "www.x.be")
// whose TLD is in the embedded list, outside the claimed ranges.
func findBareURLs(t *normalize.Text, claimed spans) []urlMatch {
	s := t.Norm
	var out []urlMatch
	for p := 0; p < len(s); {
		d := strings.IndexByte(s[p:], '.')
		if d < 0 {
			break
		}
		d += p
		p = d + 1
		if d+1 >= len(s) || s[d+1] == '.' || claimed.covers(d) {
			continue
		}
		if c := s[d+1]; c < utf8.RuneSelf && !hostRune(rune(c), false) {
			// A full stop: the host run would end at the dot, and a host
			// needs a label after it. Most dots are these.
			continue
		}
		// Expand to the whole run of labels around the dot.
		l := d
		prev := rune('.')
		for l > 0 {
			if s[l-1] == '.' {
				if l >= 2 && s[l-2] == '.' {
					break
				}
				l--
				prev = '.'
				continue
			}
			r, w := lastRune(s, l)
			if !hostRune(r, false) || scriptBreak(r, prev) {
				break
			}
			prev = r
			l -= w
		}
		for l < d && s[l] == '.' {
			l++
		}
		r := scanHostRun(s, l, false)
		if r <= d {
			continue
		}
		p = r
		if claimed.overlaps(l, r) {
			continue
		}
		if l > 0 {
			b := s[l-1]
			if b == '@' || b == '$' || b == '#' || b == '/' || b == '\\' || b == ':' || b == '_' ||
				b == '.' && (l < 2 || s[l-2] != '.') {
				continue
			}
		}
		if r < len(s) && s[r] == '@' {
			continue
		}
		host := s[l:r]
		// "Escortwww.example.com": a word glued before "www.".
		if w := strings.Index(host, "www."); w > 0 && isLower(host[w-1]) {
			l += w
			host = host[w:]
		}
		if !validHost(host, false) {
			continue
		}
		e, ok := scanPort(s, r)
		if !ok {
			continue
		}
		if e < len(s) && s[e] == '/' {
			e = scanPath(t, l, e)
		}
		if (e == r || s[r] == ':') && !strings.HasPrefix(host, "www.") && (missingSpace(t, host, r) || wordTLDSentence(t, host, r)) {
			continue
		}
		out = append(out, urlMatch{s: l, e: e, host: host, rest: s[r:e]})
		p = e
	}
	return out
}

// missingSpace reports whether the host ending at Norm offset r reads as
// two words with the space after a full stop missing: a title-case TLD
// ("here.It", "time.Me") or a TLD in capitals after a name with small
// letters ("discrete.NO", "Philadelphia.PA"), whereas "MLB.tv" and
// "GOOGLE.COM" are domains.
func missingSpace(t *normalize.Text, host string, r int) bool {
	dot := strings.LastIndexByte(host, '.')
	os, oe := t.Span(r-(len(host)-dot-1), r)
	tld := t.Orig[os:oe]
	if len(tld) < 2 || tld[0] < 'A' || tld[0] > 'Z' {
		return false
	}
	for i := 1; i < len(tld); i++ {
		if isLower(tld[i]) {
			return true
		}
	}
	prev := strings.LastIndexByte(host[:dot], '.') + 1
	ps, pe := t.Span(r-(len(host)-prev), r-(len(host)-dot))
	for i := ps; i < pe; i++ {
		if isLower(t.Orig[i]) {
			return true
		}
	}
	return false
}

// wordTLDs are TLDs that are also short words of English, French, Dutch,
// Spanish or Romanian, which a missing space after a full stop turns into a
// "domain": "days.so you", "message.it is", "home.love u".
var wordTLDs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`so my it in is be am pa me no to us at as an do la de es im id ai al il ma mi
		ne se si su tu un et en op om of or ok love live life fun one win men best cool run date today top world city
		party team zone plus tips games game rocks ninja guru pub bar cafe fit art sex cam tube video chat care gold
		red blue pink green black land estate house homes work works news page link click store shop club space email
		media studio design photo photos pics events tickets trade money cash bank bet ltd inc llc name pro moe ink xxx`) {
		m[w] = true
	}
	return m
}()

// wordTLDSentence reports whether a two-label host ending at r with a word
// TLD reads as two words of a sentence: its name has no letter ("2.im"), or
// a word follows after a space (not a line break).
func wordTLDSentence(t *normalize.Text, host string, r int) bool {
	s := t.Norm
	dot := strings.IndexByte(host, '.')
	if dot != strings.LastIndexByte(host, '.') || !wordTLDs[host[dot+1:]] {
		return false
	}
	if strings.IndexFunc(host[:dot], unicode.IsLetter) < 0 {
		return true
	}
	if r+1 < len(s) && s[r] == '\'' && isLower(s[r+1]) {
		return true // "thangam.it's"
	}
	if r+1 >= len(s) || s[r] != ' ' || !unicode.IsLetter(rune(s[r+1])) {
		return false
	}
	// A line break, unlike a space, ends the sentence.
	os, _ := t.Span(r, r+1)
	return t.Orig[os] == ' '
}

// dotSeps lists the ways people spell the dot of a domain to dodge
// filters, longest first; the bool says whether it is obfuscated.
var dotSeps = []struct {
	s   string
	obf bool
}{
	{" (dot) ", true}, {" [dot] ", true}, {" {dot} ", true}, {"(dot)", true}, {"[dot]", true}, {"{dot}", true},
	{" (point) ", true}, {"(point)", true}, {" (punt) ", true}, {"(punt)", true},
	{" dot ", true}, {" point ", true}, {" punt ", true}, {" punto ", true}, {" punct ", true},
	{" (.) ", true}, {" [.] ", true}, {"(.)", true}, {"[.]", true},
	{" . ", true}, {" .", true}, {".", false},
}

// matchDotSep returns the end of a dot separator at i.
func matchDotSep(s string, i int) (end int, obf, ok bool) {
	for _, d := range dotSeps {
		if strings.HasPrefix(s[i:], d.s) {
			return i + len(d.s), d.obf, true
		}
	}
	return i, false, false
}

// scanLabel returns the end of an ASCII label [a-z0-9-] at i.
func scanLabel(s string, i int) int {
	j := i
	for j < len(s) && (isLower(s[j]) || isDigit(s[j]) || s[j] == '-') {
		j++
	}
	return j
}

// findObfuscatedURLs finds "www dot example dot com", "www(.)example(.)com"
// and the glued "wwwdotexampledotcom"; the value is rebuilt.
func findObfuscatedURLs(t *normalize.Text, claimed spans) []urlMatch {
	s := t.Norm
	var out []urlMatch
	for p := 0; p < len(s); {
		k := strings.Index(s[p:], "www")
		if k < 0 {
			break
		}
		k += p
		p = k + 3
		if k > 0 && (isAlnum(s[k-1]) || s[k-1] == '.') || claimed.covers(k) {
			continue
		}
		var labels []string
		obf := false
		i := k + 3
		end := i
		if strings.HasPrefix(s[i:], "dot") && i+3 < len(s) && isLower(s[i+3]) {
			// Glued form: the rest is one run "exampledotcom".
			j := scanLabel(s, i+3)
			run := s[i+3 : j]
			if d := strings.LastIndex(run, "dot"); d > 0 && knownTLD(run[d+3:]) {
				labels = []string{strings.ReplaceAll(run[:d], "dot", "."), run[d+3:]}
				obf, end = true, j
			}
		} else {
			for len(labels) < 8 {
				e, o, ok := matchDotSep(s, i)
				if !ok {
					break
				}
				j := scanLabel(s, e)
				if j == e {
					break
				}
				labels = append(labels, s[e:j])
				obf = obf || o
				i, end = j, j
			}
		}
		if !obf || len(labels) < 2 || !knownTLD(labels[len(labels)-1]) || claimed.overlaps(k, end) {
			continue
		}
		if end < len(s) && isAlnum(s[end]) {
			continue
		}
		host := "www." + strings.Join(labels, ".")
		if !validHost(host, false) {
			continue
		}
		out = append(out, urlMatch{s: k, e: end, host: host, value: host})
		p = end
	}
	return out
}
