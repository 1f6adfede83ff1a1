// Package phone finds phone numbers in text and returns them validated and
// formatted in E.164.
//
// The candidate finder is ours (github.com/nyaruka/phonenumbers has no
// in-text matcher); validation and formatting are phonenumbers'. Candidates
// are runs of digit groups joined by separators of every kind (spaces,
// dots, dashes, stars, slashes, brackets, '@', emoji, the words "dash" and
// "tiret"); cheap context checks on the normalised text drop dates, times,
// prices, percentages, postcodes, enterprise and VAT numbers, IBANs, card
// numbers and case references before phonenumbers is asked anything.
//
// It is a pure stage: no I/O and no mutable global state (a sync.Pool
// recycles scratch space, and pattern automata and parsing metadata are
// built once, on first use); every function is safe for concurrent use.
package phone

import (
	"math/bits"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Options carry the region evidence for one text.
type Options struct {
	Region  string   // the input line's region hint ("" if none), ISO 3166 alpha-2
	Default string   // the --region default (the CLI default is "BE")
	Cues    []string // regions suggested by other stages (countries/cities named in the text), most likely first
}

// Find returns the phone entities of t, which must be a normalize.Digits
// view, in order of Start. Value is E.164, Start/End are original byte
// offsets (t.Span), Text the original substring.
//
// A number written with an international prefix (+, ++, 00, or 011 when a
// NANP region is in play) is parsed as international. Any other number is
// tried in the regions [opt.Region, opt.Cues…, TextCues(t)…, opt.Default]
// in that order and taken in the first region where it is a valid number
// (never a merely possible one) written with the national prefix where the
// region requires it.
func Find(t *normalize.Text, opt Options) []vigie.Entity {
	if t == nil || len(t.Norm) == 0 {
		return nil
	}
	// Room for the usual few regions without a heap allocation (the
	// finder keeps a copy).
	var room [8]string
	regions := room[:0]
	add := func(r string) {
		r = canonRegion(r)
		if r == "" {
			return
		}
		for _, x := range regions {
			if x == r {
				return
			}
		}
		regions = append(regions, r)
	}
	add(opt.Region)
	for _, r := range opt.Cues {
		add(r)
	}
	tld := tldCues(t.Norm)
	for _, r := range tld {
		add(r)
	}
	add(opt.Default)
	// The shortest number any of these regions can hold: shorter chains
	// of digits are dropped before any check. (A region cued only by an
	// international number later in the text does not lower it.)
	minDigits := minIntlDigits
	for _, r := range regions {
		minDigits = min(minDigits, regionTable[r].minLen)
	}
	f := newFinder(t.Norm, minDigits)
	if f == nil {
		return nil
	}
	defer f.release()
	// The regions of international numbers in the text come after the
	// hints and the other stages' cues, before the ccTLDs and the default.
	intl := f.intlRegions()
	if len(intl) > 0 {
		regions = regions[:0]
		add(opt.Region)
		for _, r := range opt.Cues {
			add(r)
		}
		for _, r := range intl {
			add(r)
		}
		for _, r := range tld {
			add(r)
		}
		add(opt.Default)
	}
	f.regions = append(f.regions[:0], regions...)
	for _, r := range regions {
		f.infos = append(f.infos, regionTable[r])
	}
	f.minDigits = minDigits
	ms := f.matches()
	if len(ms) == 0 {
		return nil
	}
	out := make([]vigie.Entity, 0, len(ms))
	for _, m := range ms {
		start, end := t.Span(m.start, m.end)
		out = append(out, vigie.Entity{
			Kind:  vigie.KindPhone,
			Value: m.e164,
			Text:  t.Orig[start:end],
			Start: start,
			End:   end,
		})
	}
	return out
}

// TextCues returns regions suggested by the text itself, most likely first:
// the countries of explicit international numbers, then the ccTLDs of URLs
// and e-mail addresses (.be, .fr, .co.uk, .com.au…).
func TextCues(t *normalize.Text) []string {
	if t == nil || len(t.Norm) == 0 {
		return nil
	}
	var out []string
	if f := newFinder(t.Norm, minIntlDigits); f != nil {
		out = f.intlRegions()
		f.release()
	}
	for _, r := range tldCues(t.Norm) {
		dup := false
		for _, x := range out {
			dup = dup || x == r
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

// canonRegion returns the upper-case region code of r if phonenumbers
// supports it, mapping the common alias UK to GB, and "" otherwise.
func canonRegion(r string) string {
	if len(r) != 2 {
		return ""
	}
	r = strings.ToUpper(r)
	if r == "UK" {
		r = "GB"
	}
	if regionTable[r] == nil {
		return ""
	}
	return r
}

// regionInfo holds what the finder needs to know of a region before it
// asks phonenumbers: lengths that can possibly validate there.
type regionInfo struct {
	cc             int
	ccs            string // cc in decimal
	np             string // national prefix
	minLen, maxLen int    // national significant number lengths
	lens           uint32 // bit set of national significant number lengths
	// totalLens is the bit set of digit counts a national candidate can
	// have: the number, with the national prefix, with the country code.
	totalLens uint32
	// freeParse is set when the national prefix for parsing is a pattern
	// (carrier codes, mobile tokens) and not simply np.
	freeParse bool
	// npRequired is set when some formatting rule of the region writes
	// the national prefix, so a number without it needs a closer look.
	npRequired bool
	shared     bool // the calling code serves several regions
	nanp       bool
	general    *digitPattern // the general national number pattern
	// valid decides phonenumbers.IsValidNumberForRegion for the region
	// without its per-call pattern building and cache look-ups (nil: ask
	// phonenumbers).
	valid *validator
	idd   *regexp.Regexp // the international prefix, anchored at the start
	pm    *parseMeta     // what parsing needs of the region's metadata
}

// plausible reports whether d could parse as a valid national number of
// the region: its length and national prefix fit, and what remains could
// match the region's general number pattern. It is a cheap gate in front
// of phonenumbers, never a verdict.
func (ri *regionInfo) plausible(d string) bool {
	if len(d) < ri.minLen || len(d) > ri.maxLen+5 {
		return false
	}
	if ri.freeParse {
		return true
	}
	if ri.hasLen(len(d)) && ri.general.match(d) {
		return true
	}
	if ri.np != "" && strings.HasPrefix(d, ri.np) {
		if n := d[len(ri.np):]; ri.hasLen(len(n)) && ri.general.match(n) {
			return true
		}
	}
	if strings.HasPrefix(d, ri.ccs) {
		n := d[len(ri.ccs):]
		if ri.np != "" && strings.HasPrefix(n, ri.np) && ri.hasLen(len(n)-len(ri.np)) {
			return true
		}
		return ri.hasLen(len(n))
	}
	return false
}

func (ri *regionInfo) hasLen(n int) bool { return n >= 0 && n < 32 && ri.lens&(1<<n) != 0 }

var (
	regionTable = map[string]*regionInfo{}
	// ccTable maps each calling code to its main region's info (an empty
	// one for non-geographic codes such as 800 and 882).
	ccTable = map[int]*regionInfo{}
	// ccValidators decides phonenumbers.IsValidNumber per calling code,
	// where every region of the code has a validator.
	ccValidators = map[int]*ccValidator{}
	// ccMetas holds the parseMeta of the main region of each calling
	// code (of the code itself for non-geographic ones).
	ccMetas = map[int]*parseMeta{}
	// minIntlDigits is the fewest digits (country code included) a valid
	// international number can have.
	minIntlDigits = 7
)

func init() { initTables() }

// initTables fills regionTable and ccTable from the phonenumbers metadata.
func initTables() {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return
	}
	minIntl := 99
	mds := map[string]*phonenumbers.PhoneMetadata{}
	pms := map[string]*parseMeta{}
	// Regions share many patterns ("\\d{8}"): one digitPattern each.
	pats := patternSet{}
	for _, md := range coll.GetMetadata() {
		id := md.GetId()
		mds[id] = md
		if id == "001" {
			pm := newParseMeta(md, pats)
			pm.nonGeo = true
			ccMetas[pm.cc] = pm
		}
		if len(id) != 2 {
			continue
		}
		pms[id] = newParseMeta(md, pats)
		ri := &regionInfo{cc: int(md.GetCountryCode()), minLen: 99, np: md.GetNationalPrefix(), pm: pms[id]}
		ri.ccs = itoa(ri.cc)
		for _, l := range md.GetGeneralDesc().GetPossibleLength() {
			if l < 1 || l > 31 {
				continue
			}
			ri.minLen = min(ri.minLen, int(l))
			ri.maxLen = max(ri.maxLen, int(l))
			ri.lens |= 1 << l
		}
		if ri.maxLen == 0 {
			continue
		}
		npp := md.GetNationalPrefixForParsing()
		ri.freeParse = npp != "" && npp != ri.np
		// Without a general pattern, plausible lets everything through.
		ri.general = pats.get(md.GetGeneralDesc().GetNationalNumberPattern(), false)
		ri.freeParse = ri.freeParse || ri.general == nil
		if ip := md.GetInternationalPrefix(); ip != "" && ip != "00" {
			ri.idd, _ = regexp.Compile("^(?:" + ip + ")")
		}
		for _, nf := range md.GetNumberFormat() {
			if nf.GetNationalPrefixFormattingRule() != "" && !nf.GetNationalPrefixOptionalWhenFormatting() {
				ri.npRequired = true
			}
		}
		ri.valid = newValidator(md, pats)
		ri.shared = len(phonenumbers.GetRegionCodesForCountryCode(ri.cc)) > 1
		for l := ri.minLen; l <= ri.maxLen; l++ {
			if !ri.hasLen(l) {
				continue
			}
			for _, extra := range []int{0, len(ri.np), len(ri.ccs), len(ri.ccs) + len(ri.np)} {
				if l+extra < 32 {
					ri.totalLens |= 1 << (l + extra)
				}
			}
		}
		if ri.freeParse {
			for l := ri.minLen; l <= ri.maxLen+5 && l < 32; l++ {
				ri.totalLens |= 1 << l
			}
		}
		ri.nanp = ri.cc == 1
		regionTable[id] = ri
		ccLen := len(itoa(ri.cc))
		minIntl = min(minIntl, ccLen+ri.minLen)
	}
	if minIntl < 99 {
		minIntlDigits = minIntl
	}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if v := newCCValidator(cc, mds, pats); v != nil {
			ccValidators[cc] = v
		}
		main := phonenumbers.GetRegionCodeForCountryCode(cc)
		if pm := pms[main]; pm != nil {
			ccMetas[cc] = pm
		}
		if ri := regionTable[main]; ri != nil {
			ccTable[cc] = ri
		} else {
			ccTable[cc] = &regionInfo{cc: cc, ccs: itoa(cc)}
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// group is one maximal run of ASCII digits in Norm.
type group struct {
	start, end int
	doff       int // offset of its digits in finder.ds
	// linked reports whether a short run of separators joins this group to
	// the previous one.
	linked  bool
	blocked bool
	plus    int // start of a '+' prefix written just before, or -1
}

func (g group) len() int { return g.end - g.start }

// match is one accepted number, as a Norm byte range.
type match struct {
	start, end int
	e164       string
	region     string
}

// finder holds the state of one search over one normalised text.
type finder struct {
	s      string
	groups []group
	// ds is the digits of all groups, back to back, so that the digits
	// of any run of groups are a substring of it: candidates and memo
	// keys cost no allocation. It is built on first use (see digits).
	ds        string
	dbuf      []byte
	total     int // digits in the text
	regions   []string
	infos     []*regionInfo // regionTable[regions[k]]
	minDigits int
	num       *phonenumbers.PhoneNumber
	cc        int32 // storage behind num's fields
	nn        uint64
	lead      bool
	zeros     int32
	recent    []memoEntry
	cache     map[memoKey]match
	out       []match
	nsn       string // the national significant number check last set in num ("" after parse)
	raw       string // storage behind num.RawInput
	src       phonenumbers.PhoneNumber_CountryCodeSource
	// budget and tries bound the phonenumbers calls and the candidate
	// checks per text, so that a text made of nothing but digit groups
	// (tables, "0 0 0 0 …") costs time linear in its length.
	budget, tries int
}

// maxParses is the phonenumbers calls allowed per text, plus one per
// 256 bytes; each call costs microseconds.
const maxParses = 4096

// finders recycles finders and their slices: Find runs once per text and
// would otherwise allocate its scratch space anew every time. A finder
// holds nothing of a text once released.
var finders = sync.Pool{New: func() any { return &finder{num: &phonenumbers.PhoneNumber{}} }}

// newFinder scans s into digit groups and marks the groups that context
// rules out. It returns nil when s has too few digits to hold any number;
// otherwise the caller must release the finder when done with it.
func newFinder(s string, minDigits int) *finder {
	f := finders.Get().(*finder)
	f.s = s
	f.budget, f.tries = maxParses+len(s)/256, 512+len(s)/16
	f.scan(minDigits)
	if f.total < minDigits {
		f.release()
		return nil
	}
	// Chains too short to hold a number need no context checks.
	short := true
	gs := f.groups
	for a := 0; a < len(gs); {
		b, n := a, gs[a].len()
		for b+1 < len(gs) && gs[b+1].linked {
			b++
			n += gs[b].len()
		}
		if n < minDigits {
			for k := a; k <= b; k++ {
				gs[k].blocked = true
			}
		} else {
			short = false
		}
		a = b + 1
	}
	if short {
		f.release()
		return nil
	}
	f.block()
	return f
}

// release clears f of its text and results and returns it to the pool.
func (f *finder) release() {
	f.s, f.ds, f.nsn, f.raw = "", "", "", ""
	f.total, f.minDigits = 0, 0
	if len(f.cache) > 1024 {
		// Don't let one text made of digits pin a big map.
		f.cache = nil
	}
	if len(f.cache) > 0 {
		clear(f.cache)
	}
	// Drop the strings the entries hold; the entries beyond len were
	// cleared by an earlier release.
	clear(f.out)
	clear(f.recent)
	f.groups, f.dbuf, f.out = f.groups[:0], f.dbuf[:0], f.out[:0]
	clear(f.regions)
	f.regions, f.infos, f.recent = f.regions[:0], f.infos[:0], f.recent[:0]
	finders.Put(f)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitMask has bit 7 of byte k set when byte k of the little-endian word
// x is an ASCII digit: in each byte b, bit 7 of b+0x50 is set when b >= '0'
// and bit 7 of b+0x46 when b > '9' (b < 0x80, so no carry crosses bytes);
// bytes >= 0x80 are masked out.
func digitMask(x uint64) uint64 {
	const lo7, high = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	b := x & lo7
	return (b + 0x5050505050505050) &^ (b + 0x4646464646464646) &^ x & high
}

// load8 returns the 8 bytes of s at i as a little-endian word. (Kept
// apart from digitMask so that both inline; the compiler makes it one
// load.)
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// nextDigit returns the offset of the first ASCII digit of s at or after
// i, or len(s).
func nextDigit(s string, i int) int {
	// Two words per round while no digit shows: most text has none.
	for ; i+16 <= len(s) && digitMask(load8(s, i))|digitMask(load8(s, i+8)) == 0; i += 16 {
	}
	for ; i+8 <= len(s); i += 8 {
		if m := digitMask(load8(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s) && !isDigit(s[i]); i++ {
	}
	return i
}

// maxSepRunes is the longest run of separators that still joins two digit
// groups: "] [" in "[4] [6]", " - ", a few emoji.
const maxSepRunes = 6

// scan fills f.groups and f.total.
func (f *finder) scan(minDigits int) {
	s := f.s
	linkTo, doff := -1, 0
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i = nextDigit(s, i+1)
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		f.total += j - i
		g := group{start: i, end: j, doff: doff, linked: i == linkTo, plus: -1}
		linkTo = -1
		k, next := sepRun(s, j)
		if next {
			linkTo = k
		}
		i = j
		// A lone short number (an age, a price, an hour) can never be
		// part of a phone number: keep the slice small.
		if !g.linked && !next && j-g.start < minDigits {
			continue
		}
		if !g.linked {
			g.plus = plusBefore(s, g.start)
		}
		f.groups = append(f.groups, g)
		doff += j - g.start
	}
}

// plusBefore returns the offset of a '+' (or "++") written just before the
// digits at i, allowing "(+32)" and "+ 32", or -1.
func plusBefore(s string, i int) int {
	k := i
	for n := 0; n < 2 && k > 0 && (s[k-1] == ' ' || s[k-1] == '('); n++ {
		k--
	}
	if k == 0 || s[k-1] != '+' {
		return -1
	}
	k--
	if k > 0 && s[k-1] == '+' {
		k--
	}
	// "650+253+1234" is arithmetic or a list, not an international prefix.
	if k > 0 && isDigit(s[k-1]) {
		return -1
	}
	return k
}

// sepRun scans the separators after a digit group ending at j and reports
// where the next group starts if a joining run leads to one.
func sepRun(s string, j int) (int, bool) {
	k, runes := j, 0
	for k < len(s) && runes <= maxSepRunes {
		c := s[k]
		if isDigit(c) {
			break
		}
		if c < utf8.RuneSelf {
			if c == '/' && inURL(s, j) {
				// Path segments of a URL ("…-50/32467609") are not digit
				// groups of one number.
				return k, false
			}
			switch c {
			case ' ', '.', '-', '*', '/', '(', ')', '[', ']', '{', '}', '@', '~', '_', '|', '\\', '\'', '"', '=', ':', '!', '?', '^':
				k++
				runes++
				continue
			case ',', ';':
				// "12, 15, 20" is a list: a comma followed by a space ends
				// the run.
				if k+1 < len(s) && s[k+1] == ' ' {
					return k, false
				}
				k++
				runes++
				continue
			}
			if c == '$' && k == j && k+1 < len(s) && isDigit(s[k+1]) {
				// "773$240$1317": a sign between digits is a separator.
				k++
				runes++
				continue
			}
			if isASCIILetter(c) {
				if w := sepWord(s, k); w > 0 {
					k += w
					runes++
					continue
				}
			}
			return k, false
		}
		r, w := utf8.DecodeRuneInString(s[k:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			return k, false
		}
		if unicode.Is(unicode.Sc, r) && (k != j || k+w >= len(s) || !isDigit(s[k+w])) {
			return k, false
		}
		k += w
		runes++
	}
	return k, runes > 0 && runes <= maxSepRunes && k < len(s) && isDigit(s[k])
}

// inURL reports whether offset j lies in a URL: the text since the last
// space holds "://" or starts with "www.".
func inURL(s string, j int) bool {
	k := strings.LastIndexByte(s[max(0, j-512):j], ' ')
	tok := s[max(0, j-512)+k+1 : j]
	return strings.Contains(tok, "://") || strings.HasPrefix(tok, "www.")
}

// sepWord returns the length of a separator word ("dash", "tiret") at k,
// or 0.
func sepWord(s string, k int) int {
	if k > 0 && isASCIILetter(s[k-1]) {
		return 0
	}
	if c := s[k]; c != 'd' && c != 't' && c != 's' {
		return 0 // the first letters of the words below
	}
	for _, w := range [...]string{"dash", "tiret", "streepje"} {
		if strings.HasPrefix(s[k:], w) && (k+len(w) == len(s) || !isASCIILetter(s[k+len(w)])) {
			return len(w)
		}
	}
	return 0
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// intlRegions returns the regions of valid numbers written with an
// explicit international prefix, in order of appearance.
func (f *finder) intlRegions() []string {
	var out []string
	gs := f.groups
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		if g.blocked || (g.plus < 0 && !strings.HasPrefix(f.s[g.start:], "00")) {
			continue
		}
		for j := f.lastJ(i); j >= i; j-- {
			d := f.digits(i, j)
			if len(d) < minIntlDigits {
				break
			}
			if g.plus < 0 {
				d = d[2:]
			}
			if m, ok := f.tryIntl(d); ok {
				dup := false
				for _, r := range out {
					dup = dup || r == m.region
				}
				// A number of a non-geographic service (+800, +808,
				// +870, +881, +882, +883, +888, +979: region "001")
				// is valid but names no country.
				if !dup && canonRegion(m.region) != "" {
					out = append(out, m.region)
				}
				i = j
				break
			}
		}
	}
	return out
}

// maxDigits is the most digits a written number can have: a 3-digit
// international prefix, a 3-digit country code and a 17-digit number.
const maxDigits = 20

// lastJ returns the last group that can end a candidate starting at group
// i: groups stay linked and unblocked and the digits stay within maxDigits.
func (f *finder) lastJ(i int) int {
	gs := f.groups
	n := gs[i].len()
	j := i
	for j+1 < len(gs) && gs[j+1].linked && !gs[j+1].blocked && n+gs[j+1].len() <= maxDigits {
		j++
		n += gs[j].len()
	}
	return j
}

// digits returns the digits of groups i..j, a substring of f.ds.
func (f *finder) digits(i, j int) string {
	if f.ds == "" {
		for _, g := range f.groups {
			f.dbuf = append(f.dbuf, f.s[g.start:g.end]...)
		}
		f.ds = string(f.dbuf)
	}
	return f.ds[f.groups[i].doff : f.groups[j].doff+f.groups[j].len()]
}

// matches runs the greedy search: from each group, the longest run of
// linked groups that is a valid number wins; its groups are consumed.
func (f *finder) matches() []match {
	out := f.out[:0]
	gs := f.groups
	for i := 0; i < len(gs); {
		if gs[i].blocked {
			i++
			continue
		}
		found := false
		last := f.lastJ(i)
		all := f.digits(i, last)
		n := len(all)
		for j := last; j >= i; j-- {
			if j < last {
				n -= gs[j+1].len()
			}
			d := all[:n]
			if len(d) < f.minDigits {
				break
			}
			if m, ok := f.try(i, d); ok {
				m.start, m.end = f.extend(i, j)
				out = append(out, m)
				i = j + 1
				found = true
				break
			}
		}
		if found {
			continue
		}
		// Two numbers written back to back without a separator.
		if g := gs[i]; g.len() >= 18 && g.len() <= 2*maxDigits {
			if ms := f.split(i); ms != nil {
				out = append(out, ms...)
			}
		}
		i++
	}
	f.out = out
	return out
}

// split tries to cut one overlong digit group into two valid numbers of at
// least 9 digits each; anything less leaves the group alone, so that an
// order number or a card number never yields a phone.
func (f *finder) split(i int) []match {
	g := f.groups[i]
	d := f.s[g.start:g.end]
	for cut := 9; cut <= len(d)-9; cut++ {
		a, ok := f.tryNational(d[:cut])
		if !ok {
			continue
		}
		b, ok := f.tryNational(d[cut:])
		if !ok {
			continue
		}
		a.start, a.end = g.start, g.start+cut
		b.start, b.end = g.start+cut, g.end
		return []match{a, b}
	}
	return nil
}

// extend returns the Norm range of groups i..j, with the '+' prefix and
// brackets that enclose the first or last digits.
func (f *finder) extend(i, j int) (int, int) {
	s := f.s
	start, end := f.groups[i].start, f.groups[j].end
	if p := f.groups[i].plus; p >= 0 {
		start = p
	}
	// Closers without their opener inside the span ("2-1-9)) {{4.3.3.}}
	// [[7328") take the openers just before it; openers without their
	// closer take the closers just after it.
	depth, low := 0, 0
	for k := start; k < end; k++ {
		switch s[k] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			low = min(low, depth)
		}
	}
	for n := -low; n > 0 && start > 0 && isOpener(s[start-1]); n-- {
		start--
	}
	for n := depth - low; n > 0 && end < len(s) && isCloser(s[end]); n-- {
		end++
	}
	return start, end
}

func isOpener(c byte) bool { return c == '(' || c == '[' || c == '{' }
func isCloser(c byte) bool { return c == ')' || c == ']' || c == '}' }

// try reports whether the digits d of a candidate starting at group i are
// a valid number.
func (f *finder) try(i int, d string) (match, bool) {
	if f.groups[i].plus >= 0 {
		return f.tryIntl(d)
	}
	if len(d) > 4 && d[0] == '0' && d[1] == '0' {
		if m, ok := f.tryIntl(d[2:]); ok {
			return m, true
		}
	}
	if strings.HasPrefix(d, "011") && len(d) > 6 {
		for _, ri := range f.infos {
			if ri.nanp {
				if m, ok := f.tryIntl(d[3:]); ok {
					return m, true
				}
				break
			}
		}
	}
	return f.tryNational(d)
}

// tryIntl validates d, the digits after an international prefix.
func (f *finder) tryIntl(d string) (match, bool) {
	if len(d) < minIntlDigits || len(d) > 17+3 || d[0] == '0' || f.tries <= 0 {
		return match{}, false
	}
	f.tries--
	return f.memo(memoKey{"+", d}, func() (match, bool) {
		for l := 1; l <= 3; l++ {
			cc := atoi(d[:l])
			ci, ok := ccTable[cc]
			if !ok {
				continue
			}
			// Calling codes are prefix-free: only one can match.
			rest := d[l:]
			if f.check(cc, rest, "", nil) {
				return f.result(true), true
			}
			// "+32 (0)475…": the trunk prefix written after the calling code.
			if ci.np != "" && strings.HasPrefix(rest, ci.np) && f.check(cc, rest[len(ci.np):], "", nil) {
				return f.result(true), true
			}
			if ci.freeParse {
				return f.parse(d, "ZZ", true)
			}
			return match{}, false
		}
		return match{}, false
	})
}

// tryNational validates d as a national number of each region in turn.
func (f *finder) tryNational(d string) (match, bool) {
	for k, r := range f.regions {
		ri := f.infos[k]
		// The region's own international prefixes beyond 00 and 011:
		// 0011 (AU), 0081 and 019 (SG), 009 (NG)…
		if ri.idd != nil && !ri.nanp && d[0] == '0' && f.tries > 0 {
			if loc := ri.idd.FindStringIndex(d); loc != nil && loc[1] < len(d) && d[loc[1]] != '0' {
				if m, ok := f.tryIntl(d[loc[1]:]); ok {
					return m, true
				}
			}
		}
		if len(d) > 31 || ri.totalLens&(1<<len(d)) == 0 || f.tries <= 0 {
			continue
		}
		f.tries--
		m, ok := f.memo(memoKey{r, d}, func() (match, bool) {
			if !ri.plausible(d) {
				return match{}, false
			}
			return f.national(d, r, ri)
		})
		if ok {
			return m, true
		}
	}
	return match{}, false
}

// national validates d as a national number of region r: with the national
// prefix ("0475…"), without it where the region allows that ("650…" in the
// US), or starting with the country code but no '+' ("32475…").
func (f *finder) national(d, r string, ri *regionInfo) (match, bool) {
	if ri.freeParse {
		return f.parse(d, r, false)
	}

	if ri.np != "" && strings.HasPrefix(d, ri.np) && ri.hasLen(len(d)-len(ri.np)) &&
		f.check(ri.cc, d[len(ri.np):], r, ri) {
		return f.result(false), true
	}
	if ri.hasLen(len(d)) && f.check(ri.cc, d, r, ri) {
		if ri.np == "" || !ri.npRequired {
			return f.result(false), true
		}
		// Only the formatting rules say whether this number needs its
		// national prefix ("475 12 34 56" is no Belgian number).
		f.raw, f.src = d, phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY
		f.num.RawInput, f.num.CountryCodeSource = &f.raw, &f.src
		if f.npPresent(d) {
			return f.result(false), true
		}
	}
	if rest, ok := strings.CutPrefix(d, ri.ccs); ok {
		if ri.np != "" && strings.HasPrefix(rest, ri.np) && f.check(ri.cc, rest[len(ri.np):], r, ri) {
			return f.result(false), true
		}
		if f.check(ri.cc, rest, r, ri) {
			return f.result(false), true
		}
	}
	return match{}, false
}

// check sets f.num to the number cc/nsn and reports whether phonenumbers
// holds it valid: for region r (ri = regionTable[r]) if given, or any
// region sharing its calling code; else for any region.
func (f *finder) check(cc int, nsn, r string, ri *regionInfo) bool {
	if len(nsn) < 2 || len(nsn) > 17 || f.budget <= 0 {
		return false
	}
	f.budget--
	f.setNum(cc, nsn)
	if ri == nil {
		return f.validAny(cc, nsn, nil)
	}
	// IsValidNumberForRegion first: IsValidNumber tries every region of a
	// shared calling code (25 for NANP).
	var failed *validator
	if ri.valid != nil {
		// nsn is the national significant number of f.num as
		// phonenumbers writes it (leading zeros included).
		if ri.cc == cc {
			if ri.valid.match(nsn) {
				return true
			}
			failed = ri.valid
		}
	} else if phonenumbers.IsValidNumberForRegion(f.num, r) {
		return true
	}
	ci := ccTable[cc]
	return ci != nil && ci.shared && f.validAny(cc, nsn, failed)
}

// setNum sets f.num to the number cc/nsn, nsn being 2 to 17 digits, as
// phonenumbers' parser would: leading zeros kept apart from the value.
func (f *finder) setNum(cc int, nsn string) {
	f.nsn = nsn
	var n uint64
	for i := 0; i < len(nsn); i++ {
		n = n*10 + uint64(nsn[i]-'0')
	}
	f.num.Reset()
	f.cc, f.nn = int32(cc), n
	f.num.CountryCode, f.num.NationalNumber = &f.cc, &f.nn
	if nsn[0] == '0' {
		f.lead = true
		f.num.ItalianLeadingZero = &f.lead
		z := int32(1)
		for int(z) < len(nsn)-1 && nsn[z] == '0' {
			z++
		}
		if z > 1 {
			f.zeros = z
			f.num.NumberOfLeadingZeros = &f.zeros
		}
	}
}

// validAny is phonenumbers.IsValidNumber(f.num), f.num being cc/nsn.
// failed, if not nil, is a validator already known to reject nsn.
func (f *finder) validAny(cc int, nsn string, failed *validator) bool {
	if v := ccValidators[cc]; v != nil {
		return v.match(nsn, failed)
	}
	return phonenumbers.IsValidNumber(f.num)
}

// result returns the match for the number in f.num.
func (f *finder) result(withRegion bool) match {
	var m match
	if f.nsn != "" && f.nn != 0 {
		// What phonenumbers.Format writes in E.164 when check set num
		// (a zero national number would make it write the raw input).
		m.e164 = "+" + ccString(int(f.cc)) + f.nsn
	} else {
		m.e164 = phonenumbers.Format(f.num, phonenumbers.E164)
	}
	if withRegion {
		m.region = phonenumbers.GetRegionCodeForNumber(f.num)
	}
	return m
}

// ccString returns cc in decimal, without allocating for a known code.
func ccString(cc int) string {
	if ci := ccTable[cc]; ci != nil {
		return ci.ccs
	}
	return itoa(cc)
}

// parse does what phonenumbers.ParseAndKeepRawInputToNumber(d, r) and the
// validity checks would, for the regions whose national prefix rules are
// patterns (carrier codes, mobile tokens). d is digits; with r == "ZZ" it
// is parsed as "+"+d.
func (f *finder) parse(d, r string, anyRegion bool) (match, bool) {
	if f.budget <= 0 {
		return match{}, false
	}
	f.budget--
	var p parsed
	var v parseVerdict
	if r == "ZZ" {
		p, v = parsePlus(d)
	} else if ri := regionTable[r]; ri != nil {
		p, v = parseDigits(d, ri.pm)
	} else {
		v = parseAsk
	}
	switch v {
	case parseFailed:
		return match{}, false
	case parseAsk:
		if r == "ZZ" {
			d = "+" + d
		}
		return f.parseLib(d, r, anyRegion)
	}
	f.setNum(p.cc, p.nsn)
	f.src = p.src
	f.num.CountryCodeSource = &f.src
	if f.nn == 0 {
		// phonenumbers formats a zero number as its raw input (see result).
		if r == "ZZ" {
			d = "+" + d
		}
		f.raw = d
		f.num.RawInput = &f.raw
	}
	if anyRegion || p.src != phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY {
		if !f.validAny(p.cc, p.nsn, nil) {
			return match{}, false
		}
		return f.result(true), true
	}
	if !f.validAny(p.cc, p.nsn, nil) || !f.npPresent(d) {
		return match{}, false
	}
	return f.result(false), true
}

// npPresent is phonenumbers.IsNationalPrefixPresentIfRequired(f.num) for
// f.num read from the default country out of the digits raw.
func (f *finder) npPresent(raw string) bool {
	pm := ccMetas[int(f.cc)]
	if pm == nil || pm.nonGeo {
		return true // phonenumbers finds no metadata for the region
	}
	if pm.get().ok {
		return pm.npPresent(f.nsn, raw)
	}
	f.raw, f.src = raw, phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY
	f.num.RawInput, f.num.CountryCodeSource = &f.raw, &f.src
	return phonenumbers.IsNationalPrefixPresentIfRequired(f.num)
}

// parseLib is parse done by phonenumbers itself, d being the text to
// parse. The budget is already paid.
func (f *finder) parseLib(d, r string, anyRegion bool) (match, bool) {
	f.nsn = ""
	f.num.Reset()
	if err := phonenumbers.ParseAndKeepRawInputToNumber(d, r, f.num); err != nil || f.num.GetExtension() != "" {
		return match{}, false
	}
	if anyRegion || f.num.GetCountryCodeSource() != phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY {
		if !phonenumbers.IsValidNumber(f.num) {
			return match{}, false
		}
		return f.result(true), true
	}
	if !phonenumbers.IsValidNumber(f.num) || !phonenumbers.IsNationalPrefixPresentIfRequired(f.num) {
		return match{}, false
	}
	return f.result(false), true
}

// memo returns the cached verdict on key, computing it with fn once per
// text: ads repeat their number many times.
func (f *finder) memo(key memoKey, fn func() (match, bool)) (match, bool) {
	// Most texts hold a handful of candidates: a short list first, a map
	// beyond.
	for _, e := range f.recent {
		if e.key == key {
			return e.m, e.m.e164 != ""
		}
	}
	if m, ok := f.cache[key]; ok {
		return m, m.e164 != ""
	}
	m, ok := fn()
	if !ok {
		m = match{}
	}
	if len(f.recent) < 16 {
		f.recent = append(f.recent, memoEntry{key, m})
		return m, ok
	}
	if f.cache == nil {
		f.cache = make(map[memoKey]match)
	}
	f.cache[key] = m
	return m, ok
}

type memoEntry struct {
	key memoKey
	m   match
}

// memoKey is a region ("+" for international) and the candidate digits.
type memoKey struct{ region, digits string }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// validator is phonenumbers' number type test of one region, reduced to
// "is it of any type": the general description must match, then one of
// the type descriptions, in the library's order and with the library's
// patterns, so the verdict is the library's.
type validator struct {
	general descMatcher
	types   []descMatcher // premium rate … voicemail, then fixed line
	mobile  *descMatcher  // nil when mobile and fixed line share a pattern
}

// descMatcher is one phonenumbers.PhoneNumberDesc: its possible lengths
// (any when empty) and its national number pattern.
type descMatcher struct {
	lens []int32
	p    *digitPattern
}

func (d *descMatcher) match(nsn string) bool {
	if len(d.lens) > 0 {
		found := false
		for _, l := range d.lens {
			if int(l) == len(nsn) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return d.p.match(nsn)
}

// newValidator builds the validator of md, or nil if some description is
// missing or its pattern does not compile (phonenumbers is then asked).
func newValidator(md *phonenumbers.PhoneMetadata, pats patternSet) *validator {
	mk := func(d *phonenumbers.PhoneNumberDesc) (descMatcher, bool) {
		if d == nil {
			return descMatcher{}, false
		}
		p := pats.get(d.GetNationalNumberPattern(), false)
		return descMatcher{lens: d.PossibleLength, p: p}, p != nil
	}
	v := &validator{}
	var ok bool
	if v.general, ok = mk(md.GetGeneralDesc()); !ok {
		return nil
	}
	for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetPremiumRate(), md.GetTollFree(), md.GetSharedCost(),
		md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(), md.GetFixedLine()} {
		m, ok := mk(d)
		if !ok {
			return nil
		}
		v.types = append(v.types, m)
	}
	if !md.GetSameMobileAndFixedLinePattern() {
		m, ok := mk(md.GetMobile())
		if !ok {
			return nil
		}
		v.mobile = &m
	}
	return v
}

// match reports whether nsn, a national significant number, is a valid
// number of the region.
func (v *validator) match(nsn string) bool {
	if !v.general.match(nsn) {
		return false
	}
	for k := range v.types {
		if v.types[k].match(nsn) {
			return true
		}
	}
	return v.mobile != nil && v.mobile.match(nsn)
}

// ccValidator is phonenumbers.IsValidNumber for one calling code: the
// region is the only one of the code, or the first whose leading digits
// match or, without leading digits, that holds the number valid; then the
// number must be valid there.
type ccValidator struct {
	regions []ccRegion
}

type ccRegion struct {
	leading *digitPattern // matched on a prefix; nil when the region has no leading digits
	valid   *validator
}

// newCCValidator builds the ccValidator of cc from the regions' metadata,
// or returns nil (phonenumbers is then asked).
func newCCValidator(cc int, mds map[string]*phonenumbers.PhoneMetadata, pats patternSet) *ccValidator {
	regions := phonenumbers.GetRegionCodesForCountryCode(cc)
	if len(regions) == 0 {
		return nil
	}
	v := &ccValidator{}
	for _, r := range regions {
		ri, md := regionTable[r], mds[r]
		if ri == nil || ri.valid == nil || md == nil || ri.cc != cc || int(md.GetCountryCode()) != cc {
			return nil
		}
		cr := ccRegion{valid: ri.valid}
		if ld := md.GetLeadingDigits(); len(regions) > 1 && len(ld) > 0 {
			if cr.leading = pats.get(ld, true); cr.leading == nil {
				return nil
			}
		}
		v.regions = append(v.regions, cr)
	}
	return v
}

// match reports whether nsn is a valid number of the calling code.
// failed, if not nil, is a validator known to reject nsn: its verdict is
// not asked again (the main region of a shared code, such as the US for
// NANP, is usually the one the caller just tried).
func (v *ccValidator) match(nsn string, failed *validator) bool {
	valid := func(r *ccRegion) bool { return r.valid != failed && r.valid.match(nsn) }
	if len(v.regions) == 1 {
		return valid(&v.regions[0])
	}
	for k := range v.regions {
		r := &v.regions[k]
		if r.leading != nil {
			if r.leading.match(nsn) {
				return valid(r)
			}
		} else if valid(r) {
			return true
		}
	}
	return false
}
