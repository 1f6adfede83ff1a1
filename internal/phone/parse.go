package phone

import (
	"regexp"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// This file holds phonenumbers' parsing of a string of ASCII digits,
// restated with the library's own patterns compiled once per region. The
// library looks each pattern up in a mutex-guarded cache on every call and
// runs generic patterns (punctuation, extensions, alpha numbers, RFC 3966)
// that a string of digits never needs; restated, a parse costs a fraction
// of the library's. Every step keeps the library's order, patterns and
// tests, so the verdicts are the library's (TestParseDigitsMatchesLibrary
// compares them on every region).

// source says where the country calling code of a parsed number came from,
// as phonenumbers.PhoneNumber_CountryCodeSource does.
type source = phonenumbers.PhoneNumber_CountryCodeSource

// Results of phonenumbers' testNumberLength that parsing tells apart.
const (
	lenPossible = iota
	lenLocalOnly
	lenTooShort
	lenTooLong
	lenInvalid
)

// parseMeta is what parsing needs of one region's metadata (or of one
// non-geographic calling code's), its patterns compiled on first use:
// compiling the formats of every region at start-up would cost tens of
// milliseconds for the few regions a run meets.
type parseMeta struct {
	once sync.Once
	md   *phonenumbers.PhoneMetadata
	cc   int
	ccs  string
	// nonGeo is set for a non-geographic calling code: phonenumbers has
	// no region metadata for its numbers.
	nonGeo bool

	ok        bool           // the metadata was understood; if not, phonenumbers is asked
	idd       *regexp.Regexp // the international prefix, anchored at the start
	npp       *regexp.Regexp // the national prefix for parsing, anchored; nil if none
	nppH      heads
	transform string        // the national prefix transform rule
	general   *digitPattern // nil if it does not compile
	lens      []int32       // the general description's possible lengths, in metadata order
	local     []int32       // and its local-only lengths
	formats   []formatRule
}

// formatRule is one phonenumbers.NumberFormat, as far as
// IsNationalPrefixPresentIfRequired looks at it.
type formatRule struct {
	pattern *digitPattern
	leading *digitPattern // the last leading digits pattern, on a prefix; nil if none
	// needNP is set when the rule writes a national prefix that is
	// neither optional nor a mere bracketing of the first group.
	needNP bool
}

func newParseMeta(md *phonenumbers.PhoneMetadata, pats patternSet) *parseMeta {
	return &parseMeta{md: md, cc: int(md.GetCountryCode()), ccs: itoa(int(md.GetCountryCode())),
		general: pats.get(md.GetGeneralDesc().GetNationalNumberPattern(), false)}
}

// get returns pm with its patterns compiled. Safe for concurrent use.
func (pm *parseMeta) get() *parseMeta {
	pm.once.Do(pm.build)
	return pm
}

// build compiles the patterns of pm.md. Any pattern that does not compile
// leaves pm.ok false.
func (pm *parseMeta) build() {
	md := pm.md
	var err error
	// phonenumbers searches the international prefix anywhere and wants
	// the leftmost match at 0: the same as an anchored match.
	if pm.idd, err = regexp.Compile("^(?:" + md.GetInternationalPrefix() + ")"); err != nil {
		return
	}
	if npp := md.GetNationalPrefixForParsing(); npp != "" {
		if pm.npp, err = regexp.Compile("^(?:" + npp + ")"); err != nil {
			return
		}
		pm.nppH = headsOf(npp)
	}
	pm.transform = md.GetNationalPrefixTransformRule()
	gd := md.GetGeneralDesc()
	if pm.general == nil {
		return
	}
	pm.lens, pm.local = gd.GetPossibleLength(), gd.GetPossibleLengthLocalOnly()
	if len(pm.lens) == 0 {
		return // phonenumbers would index an empty list
	}
	for _, nf := range md.GetNumberFormat() {
		var fr formatRule
		if fr.pattern, err = newDigitPattern(nf.GetPattern(), false); err != nil {
			return
		}
		if ld := nf.GetLeadingDigitsPattern(); len(ld) > 0 {
			// The library uses the last, most detailed pattern and wants
			// its leftmost match at 0.
			last := ld[len(ld)-1]
			if fr.leading, err = newDigitPattern(last, true); err != nil {
				return
			}
		}
		rule := nf.GetNationalPrefixFormattingRule()
		fr.needNP = rule != "" && !nf.GetNationalPrefixOptionalWhenFormatting() &&
			!phonenumbers.FIRST_GROUP_ONLY_PREFIX_PATTERN.MatchString(rule)
		pm.formats = append(pm.formats, fr)
	}
	pm.ok = true
}

// generalMatch reports whether n matches the general national number
// pattern.
func (pm *parseMeta) generalMatch(n string) bool {
	return pm.general.match(n)
}

// stripNP is phonenumbers' maybeStripNationalPrefixAndCarrierCode: n
// without its national prefix (transformed where the region says so), and
// whether anything was stripped. The carrier code is dropped: nothing here
// reads it.
func (pm *parseMeta) stripNP(n string) (string, bool) {
	if len(n) == 0 || pm.npp == nil || !pm.nppH.mayPrefix(n) {
		return n, false
	}
	groups := pm.npp.FindStringSubmatchIndex(n)
	if groups == nil {
		return n, false
	}
	viable := pm.generalMatch(n)
	k := len(groups)/2 - 1 // capturing groups
	if pm.transform == "" || groups[k*2] < 0 {
		if viable && !pm.generalMatch(n[groups[1]:]) {
			return n, false
		}
		return n[groups[1]:], true
	}
	t := pm.npp.ReplaceAllString(n, pm.transform)
	if viable && !pm.generalMatch(t) {
		return n, false
	}
	return t, true
}

// testLen is phonenumbers' testNumberLength for the unknown type.
func (pm *parseMeta) testLen(n string) int {
	if pm.lens[0] == -1 {
		return lenInvalid
	}
	l := int32(len(n))
	for _, x := range pm.local {
		if x == l {
			return lenLocalOnly
		}
	}
	switch {
	case pm.lens[0] == l:
		return lenPossible
	case pm.lens[0] > l:
		return lenTooShort
	case pm.lens[len(pm.lens)-1] < l:
		return lenTooLong
	}
	for _, x := range pm.lens[1:] {
		if x == l {
			return lenPossible
		}
	}
	return lenInvalid
}

// npPresent is phonenumbers.IsNationalPrefixPresentIfRequired for a
// number of pm's calling code (pm being its main region) read from the
// default country: nsn is its national significant number and raw the
// digits it was written with.
func (pm *parseMeta) npPresent(nsn, raw string) bool {
	for k := range pm.formats {
		fr := &pm.formats[k]
		if fr.leading != nil {
			if !fr.leading.match(nsn) || !fr.pattern.match(nsn) {
				continue
			}
		} else if !fr.pattern.match(nsn) {
			continue
		}
		// The first matching rule decides.
		if !fr.needNP {
			return true
		}
		_, stripped := pm.stripNP(raw)
		return stripped
	}
	return true
}

// parsed is a number as phonenumbers.ParseAndKeepRawInputToNumber fills it
// in: calling code, national significant number (leading zeros included)
// and where the calling code came from.
type parsed struct {
	cc  int
	nsn string
	src source
}

// parseVerdict is the outcome of parseDigits and parsePlus.
type parseVerdict int8

const (
	parseFailed parseVerdict = iota // phonenumbers returns an error
	parseOK
	parseAsk // some metadata was not understood: ask phonenumbers
)

// parseDigits is phonenumbers.ParseAndKeepRawInputToNumber(d, region)
// for d made of ASCII digits only and pm the region's parseMeta.
func parseDigits(d string, pm *parseMeta) (parsed, parseVerdict) {
	if !pm.get().ok {
		return parsed{}, parseAsk
	}
	if len(d) < 2 {
		return parsed{}, parseFailed // not a viable number
	}
	// The region's international prefix, unless a 0 follows it (calling
	// codes never start with 0).
	if loc := pm.idd.FindStringIndex(d); loc != nil && (loc[1] == len(d) || d[loc[1]] != '0') {
		rest := d[loc[1]:]
		if len(rest) <= 2 {
			return parsed{}, parseFailed // too short after the prefix
		}
		cc, n := splitCC(rest)
		if cc == 0 {
			return parsed{}, parseFailed // unknown calling code
		}
		return parseTail(cc, n, ccMetas[cc], phonenumbers.PhoneNumber_FROM_NUMBER_WITH_IDD)
	}
	// The region's calling code written without '+': taken when the
	// number did not fit the region before and does after, or was too
	// long.
	if rest, ok := strings.CutPrefix(d, pm.ccs); ok {
		n, _ := pm.stripNP(rest)
		if (!pm.generalMatch(d) && pm.generalMatch(n)) || pm.testLen(d) == lenTooLong {
			// The main region of the calling code goes on.
			return parseTail(pm.cc, n, ccMetas[pm.cc], phonenumbers.PhoneNumber_FROM_NUMBER_WITHOUT_PLUS_SIGN)
		}
	}
	return parseTail(pm.cc, d, pm, phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY)
}

// parsePlus is phonenumbers.ParseAndKeepRawInputToNumber("+"+d, "ZZ") for
// d made of ASCII digits only.
func parsePlus(d string) (parsed, parseVerdict) {
	if len(d) <= 2 {
		return parsed{}, parseFailed // not viable, or too short after the '+'
	}
	cc, n := splitCC(d)
	if cc == 0 {
		return parsed{}, parseFailed
	}
	return parseTail(cc, n, ccMetas[cc], phonenumbers.PhoneNumber_FROM_NUMBER_WITH_PLUS_SIGN)
}

// parseTail ends a parse once the calling code is known: n is what follows
// it, pm the metadata that strips its national prefix.
func parseTail(cc int, n string, pm *parseMeta, src source) (parsed, parseVerdict) {
	if pm == nil || !pm.get().ok {
		return parsed{}, parseAsk
	}
	if len(n) < 2 {
		return parsed{}, parseFailed
	}
	// The prefix goes only if what remains has a possible length:
	// otherwise the number could be a valid short number.
	s, _ := pm.stripNP(n)
	switch pm.testLen(s) {
	case lenTooShort, lenLocalOnly, lenInvalid:
	default:
		n = s
	}
	if len(n) < 2 || len(n) > 17 {
		return parsed{}, parseFailed
	}
	return parsed{cc: cc, nsn: n, src: src}, parseOK
}

// splitCC returns the calling code that starts d and the digits after it,
// or 0 and "".
func splitCC(d string) (int, string) {
	if len(d) == 0 || d[0] == '0' {
		return 0, ""
	}
	for l := 1; l <= 3 && l <= len(d); l++ {
		if cc := atoi(d[:l]); ccTable[cc] != nil {
			return cc, d[l:]
		}
	}
	return 0, ""
}
