package normalize

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// entry is the precomputed fold of one non-ASCII rune: the low 3 bits are
// an action, the rest locate the replacement in pool. The zero entry means
// "keep the rune as it is", so untouched scripts cost nothing to build.
type entry uint32

const (
	actKeep       = 0 // copy the rune's bytes
	actRepl       = 1 // emit pool[off : off+n]
	actDropAttach = 2 // emit nothing; the preceding output's span grows over it
	actDrop       = 3 // emit nothing
	actSpace      = 4 // white space
)

func (e entry) act() uint32 { return uint32(e) & 7 }
func (e entry) n() uint32   { return uint32(e) >> 3 & 63 }
func (e entry) off() uint32 { return uint32(e) >> 9 }

// tableSize covers the BMP and the Supplementary Multilingual Plane, where
// every script, symbol, emoji and compatibility form we fold lives; runes
// above it go through foldHigh.
const tableSize = 0x20000

var (
	// runeTable holds the fold of every rune below tableSize.
	runeTable []entry
	// pool holds the replacement strings runeTable points into.
	pool string
	// highRanges holds the few runes at or above tableSize that do not
	// keep, in order.
	highRanges []highRange
	// asciiClass classifies ASCII bytes for the fast path.
	asciiClass [utf8.RuneSelf]uint8
	// asciiRun marks the bytes Fold copies as they are or lower-cased:
	// printable ASCII other than the space.
	asciiRun [256]bool
)

const (
	ascCopy = iota
	ascLower
	ascSpace
	ascDrop
)

func init() {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			asciiClass[c] = ascSpace
		case c < 0x20 || c == 0x7f:
			asciiClass[c] = ascDrop
		case 'A' <= c && c <= 'Z':
			asciiClass[c] = ascLower
		}
		asciiRun[c] = asciiClass[c] <= ascLower && c != ' '
	}
	buildTables()
	buildNumWords()
	buildTrie()
}

// foldRange gives the fold of the runes lo…hi: an action and, for
// actRepl, the replacement.
type foldRange struct {
	lo, hi rune
	act    uint8
	s      string
}

// buildTables fills runeTable, highRanges and pool from foldRanges, the
// generated summary of computeFoldRanges.
func buildTables() {
	size := 0
	for _, fr := range foldRanges {
		size += len(fr.s)
	}
	p := make([]byte, 0, size)
	runeTable = make([]entry, tableSize)
	highRanges = highRanges[:0]
	for _, fr := range foldRanges {
		e := entry(fr.act)
		if fr.act == actRepl {
			e = entry(uint32(len(p))<<9 | uint32(len(fr.s))<<3 | actRepl)
			p = append(p, fr.s...)
		}
		if fr.lo >= tableSize {
			highRanges = append(highRanges, highRange{fr.lo, fr.hi, e})
			continue
		}
		for r := fr.lo; r <= fr.hi; r++ {
			runeTable[r] = e
		}
	}
	pool = string(p)
}

// highRange is the fold of the runes lo…hi above tableSize.
type highRange struct {
	lo, hi rune
	e      entry
}

// highEntry returns the fold of a rune at or above tableSize.
func highEntry(r rune) entry {
	i, ok := slices.BinarySearchFunc(highRanges, r, func(h highRange, r rune) int {
		switch {
		case h.hi < r:
			return -1
		case h.lo > r:
			return 1
		}
		return 0
	})
	if !ok {
		return actKeep
	}
	return highRanges[i].e
}

// computeFoldRanges computes the fold of every rune from first principles
// (Unicode decompositions, categories and the maps below). It is slow; a
// test checks that the generated foldRanges equal its result and
// regenerates them with -update.
func computeFoldRanges() []foldRange {
	digits := decimalDigits()
	var out []foldRange
	var buf [utf8.UTFMax]byte
	add := func(r rune, act uint8, s string) {
		if n := len(out); n > 0 && act != actRepl && out[n-1].act == act && out[n-1].hi == r-1 {
			out[n-1].hi = r
			return
		}
		out = append(out, foldRange{lo: r, hi: r, act: act, s: s})
	}
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		switch {
		case r >= 0xd800 && r <= 0xdfff, r >= 0xac00 && r <= 0xd7a3, r >= 0x4e00 && r <= 0x9fff,
			r >= 0x30000 && r < 0xe0000, r >= 0xf0000:
			// Surrogates, Hangul syllables, CJK ideographs and private use
			// planes keep; skipping them saves time only.
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		if norm.NFKD.Properties(buf[:n]).Decomposition() == nil && !unicode.IsUpper(r) &&
			!unicode.IsTitle(r) && !special(r) && digits[r] == 0 {
			continue
		}
		act, s := foldSlow(r, digits)
		if act == actRepl && s == string(r) {
			continue
		}
		add(r, uint8(act), s)
	}
	return out
}

// decimalDigits maps every decimal digit of every script (Unicode Nd) to
// its ASCII digit plus one (0 means "not a digit"). Unicode encodes each
// script's digits as a run of ten code points from zero to nine.
func decimalDigits() map[rune]byte {
	m := map[rune]byte{}
	prev, k := rune(-2), 0
	for _, r16 := range unicode.Nd.R16 {
		for r := rune(r16.Lo); r <= rune(r16.Hi); r += rune(r16.Stride) {
			if r != prev+1 {
				k = 0
			}
			m[r] = byte('0'+k%10) + 1
			prev, k = r, k+1
		}
	}
	for _, r32 := range unicode.Nd.R32 {
		for r := rune(r32.Lo); r <= rune(r32.Hi); r += rune(r32.Stride) {
			if r != prev+1 {
				k = 0
			}
			m[r] = byte('0'+k%10) + 1
			prev, k = r, k+1
		}
	}
	return m
}

// special reports whether r needs the slow path although it has no
// decomposition and is not upper case.
func special(r rune) bool {
	if _, ok := extraMap[r]; ok {
		return true
	}
	if _, ok := letterMap[r]; ok {
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Cc, r) ||
		unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Mn, r) ||
		r == 0x0640 || isInvisible(r) || isSkinTone(r) || dingbatDigit(r) != "" || squaredLetter(r) != 0
}

// foldSlow computes the fold of one rune from first principles; it runs
// at init only.
func foldSlow(r rune, digits map[rune]byte) (act uint32, out string) {
	switch {
	case r == utf8.RuneError:
		return actRepl, "\uFFFD"
	case unicode.Is(unicode.Cc, r) && !unicode.IsSpace(r):
		return actDrop, ""
	case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || r == 0x2028 || r == 0x2029:
		return actSpace, ""
	case r == 0xfeff:
		// A byte-order mark is not part of the text around it.
		return actDrop, ""
	case r == 0x0640, isInvisible(r), isSkinTone(r), unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Me, r), isStripMark(r):
		return actDropAttach, ""
	}
	if s, ok := extraMap[r]; ok {
		return actRepl, s
	}
	if s := dingbatDigit(r); s != "" {
		return actRepl, s
	}
	if c := squaredLetter(r); c != 0 {
		return actRepl, string(c)
	}
	s := string(r)
	// Iterate to a fixed point so that Fold is idempotent.
	for range 4 {
		t := foldString(s, digits)
		if t == s {
			break
		}
		s = t
	}
	if strings.TrimSpace(s) == "" && !unicode.IsSpace(r) {
		// Spacing accents (¨ ´ ˜ …) decompose to a space and a mark;
		// they are not white space in the text, keep them.
		return actRepl, string(r)
	}
	return actRepl, s
}

// foldString decomposes s (NFKD), drops the diacritics of the scripts
// that use them as accents, maps digits to ASCII, lower-cases, unifies
// letter variants and recomposes (NFC) what other scripts need composed.
func foldString(s string, digits map[rune]byte) string {
	var out []rune
	for _, c := range norm.NFKD.String(s) {
		if isStripMark(c) || c == 0x0640 {
			continue
		}
		if m, ok := extraMap[c]; ok {
			out = append(out, []rune(m)...)
			continue
		}
		if d := digits[c]; d != 0 {
			out = append(out, rune(d-1))
			continue
		}
		c = unicode.ToLower(c)
		if m, ok := letterMap[c]; ok {
			out = append(out, []rune(m)...)
			continue
		}
		out = append(out, c)
	}
	return norm.NFC.String(string(out))
}

// isStripMark reports whether r is a combining mark used as a diacritic
// on Latin, Greek, Cyrillic, Hebrew or Arabic letters (accents, niqqud,
// harakat, hamza and madda above or below). Marks of Indic and other
// scripts are vowel signs that belong to the word and stay.
func isStripMark(r rune) bool {
	switch {
	case r >= 0x0300 && r <= 0x036f, r >= 0x0483 && r <= 0x0489,
		r >= 0x0591 && r <= 0x05c7 && unicode.Is(unicode.Mn, r),
		r >= 0x0610 && r <= 0x061a, r >= 0x064b && r <= 0x065f, r == 0x0670,
		r >= 0x06d6 && r <= 0x06ed && unicode.Is(unicode.Mn, r),
		r >= 0x08d3 && r <= 0x08ff && unicode.Is(unicode.Mn, r),
		r >= 0x1ab0 && r <= 0x1aff, r >= 0x1dc0 && r <= 0x1dff,
		r >= 0x20d0 && r <= 0x20ff, r >= 0xfe00 && r <= 0xfe0f, r >= 0xfe20 && r <= 0xfe2f,
		r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return false
}

// isInvisible reports whether r is a character that renders as nothing
// and is used to break up words that filters look for: joiners, bidi
// controls, fillers, Mongolian and Khmer invisible signs, tags.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00ad, r == 0x034f, r == 0x061c, r == 0x115f, r == 0x1160,
		r >= 0x17b4 && r <= 0x17b5, r >= 0x180b && r <= 0x180f,
		r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2060 && r <= 0x206f, r == 0x3164, r == 0xffa0,
		r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return false
}

// isSkinTone reports whether r is an emoji skin-tone modifier, which only
// qualifies the emoji before it.
func isSkinTone(r rune) bool { return r >= 0x1f3fb && r <= 0x1f3ff }

// dingbatDigit returns the number written by an enclosed digit that has
// no compatibility decomposition (dingbat and negative circled digits).
func dingbatDigit(r rune) string {
	ten := func(base rune) string {
		if n := r - base + 1; n == 10 {
			return "10"
		} else {
			return string('0' + n)
		}
	}
	switch {
	case r >= 0x2776 && r <= 0x277f: // ❶…❿
		return ten(0x2776)
	case r >= 0x2780 && r <= 0x2789: // ➀…➉
		return ten(0x2780)
	case r >= 0x278a && r <= 0x2793: // ➊…➓
		return ten(0x278a)
	case r >= 0x24f5 && r <= 0x24fe: // ⓵…⓾
		return ten(0x24f5)
	case r >= 0x24eb && r <= 0x24f4: // ⓫…⓴
		n := r - 0x24eb + 11
		return string('0'+n/10) + string('0'+n%10)
	case r == 0x24ff, r == 0x1f10b, r == 0x1f10c: // ⓿ 🄋 🄌
		return "0"
	case r == 0x1f51f: // 🔟
		return "10"
	}
	return ""
}

// squaredLetter returns the Latin letter written by a negative circled or
// negative squared letter (🅐, 🅰), which have no decomposition but are
// used to spell words past filters.
func squaredLetter(r rune) rune {
	switch {
	case r >= 0x1f150 && r <= 0x1f169:
		return 'a' + r - 0x1f150
	case r >= 0x1f170 && r <= 0x1f189:
		return 'a' + r - 0x1f170
	}
	return 0
}

// letterMap unifies letter variants that a decomposition leaves apart.
// Keys are lower case.
var letterMap = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i",
	'ħ': "h", 'ŧ': "t", 'ς': "σ",
	// Arabic: alef variants, alef maqsura, teh marbuta, Persian and Urdu
	// yeh, kaf and heh. Hamza carriers (أ إ آ ؤ ئ) decompose to their base
	// letter and a hamza mark, which is dropped.
	'ٱ': "ا", 'ٲ': "ا", 'ٳ': "ا", 'ٵ': "ا",
	'ى': "ي", 'ی': "ي", 'ې': "ي", 'ۍ': "ي", 'ێ': "ي",
	'ة': "ه", 'ۀ': "ه", 'ہ': "ه", 'ھ': "ه", 'ۃ': "ه",
	'ک': "ك", 'ڪ': "ك",
}

// extraMap gives punctuation a single matching form: typographic
// apostrophes and quotes, dashes and minus, Arabic punctuation and
// separators.
var extraMap = map[rune]string{
	'\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
	'\u02bc': "'", '\u00b4': "'", '\u02b9': "'", '\u02bb': "'",
	'\u201c': "\"", '\u201d': "\"", '\u201e': "\"", '\u201f': "\"", '\u2033': "\"",
	'\u2010': "-", '\u2011': "-", '\u2012': "-", '\u2013': "-", '\u2014': "-", '\u2015': "-",
	'\u2212': "-", '\ufe58': "-", '\ufe63': "-", '\uff0d': "-",
	'\u2044': "/",
	'\u060c': ",", '\u061b': ";", '\u061f': "?", '\u066a': "%", '\u066b': ".", '\u066c': ",",
	'\u06d4': ".",
}
