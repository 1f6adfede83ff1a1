package phone

import "strings"

// tldCues returns the regions of the country-code top-level domains of the
// URLs, host names and e-mail addresses in s (a Fold or Digits view, so
// lower case), most frequent first.
func tldCues(s string) []string {
	var regions []string
	var counts []int
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '.')
		if k < 0 {
			break
		}
		dot := i + k
		i = dot + 1
		// The label after the dot: two letters, then not a letter, digit
		// or hyphen.
		e := dot + 1
		for e < len(s) && isASCIILetter(s[e]) {
			e++
		}
		if e-dot-1 != 2 || (e < len(s) && (isDigit(s[e]) || s[e] == '-' || s[e] == '_' || s[e] >= 0x80)) {
			continue
		}
		if e < len(s) && s[e] == '.' && e+1 < len(s) && isASCIILetter(s[e+1]) {
			continue // not the last label
		}
		tld := s[dot+1 : e]
		host, ctx := hostBefore(s, dot)
		if host == "" {
			continue
		}
		// The scheme, "www.", an '@', a path or a second-level label
		// (co.uk, com.au) make it a domain; a bare "word.xx" counts only
		// for country codes that are not also common words or file
		// extensions.
		strong := ctx || strings.HasPrefix(host, "www.") || strings.Count(host, ".") >= 1 ||
			(e < len(s) && s[e] == '/')
		if !strong && weakTLD.has(tld) {
			continue
		}
		if tld == "ly" && strings.HasSuffix(host, "bit") {
			continue
		}
		r := canonRegion(tld)
		if r == "" || genericTLD.has(tld) {
			continue
		}
		found := false
		for n, x := range regions {
			if x == r {
				counts[n]++
				found = true
			}
		}
		if !found {
			regions = append(regions, r)
			counts = append(counts, 1)
		}
	}
	// Stable sort by count, most frequent first; lists are tiny.
	for a := 1; a < len(regions); a++ {
		for b := a; b > 0 && counts[b] > counts[b-1]; b-- {
			regions[b], regions[b-1] = regions[b-1], regions[b]
			counts[b], counts[b-1] = counts[b-1], counts[b]
		}
	}
	return regions
}

// hostBefore returns the host name that ends at the dot at p ("example" in
// "www.example.be" gives "www.example") and whether it follows "//" or '@'.
func hostBefore(s string, p int) (string, bool) {
	k := p
	for k > 0 && p-k < 253 { // the longest host name
		c := s[k-1]
		if isASCIILetter(c) || isDigit(c) || c == '-' || c == '.' || c == '_' {
			k--
			continue
		}
		break
	}
	host := s[k:p]
	if len(host) < 2 || host[0] == '.' || host[0] == '-' {
		return "", false
	}
	ctx := k > 0 && (s[k-1] == '@' || s[k-1] == '/')
	return host, ctx
}

// weakTLD are country codes that are also words or file extensions, so a
// bare "word.xx" with them says nothing about a country.
var weakTLD = set(
	"it", "in", "is", "me", "to", "am", "at", "by", "do", "go", "hi", "id", "if", "my", "no", "of", "on",
	"or", "so", "us", "we", "as", "an", "pl", "py", "sh", "md", "js", "cc", "ly", "la", "ai", "fm", "tv", "ws",
)

// genericTLD are country codes used world-wide as generic domains.
var genericTLD = set("tv", "io", "me", "co", "ai", "cc", "ws", "fm", "to", "gg", "la", "am", "nu", "tk", "ml",
	"ga", "cf", "gq", "vc", "gl", "cx", "ms", "su", "eu", "ac")
