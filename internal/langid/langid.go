// Package langid identifies the main language of short, mixed posts: one
// line of ad text with emojis, phone numbers, brand names and, often, two
// languages or two scripts.
//
// It decides by script first (Arabic, Cyrillic, Ethiopic, … letters are
// strong evidence on their own), then inside a script by letters that only
// some languages use and by embedded lists of function words and word
// endings. There is no external model. It is a pure stage; Detect is safe
// for concurrent use.
package langid

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
)

// Und is the code Detect returns when it cannot tell.
const Und = "und"

// lang indexes the languages Detect weighs against each other.
type lang uint8

const (
	fr lang = iota
	en
	nl
	de
	es
	it
	pt
	ro
	tr
	ar
	fa
	ur
	ps
	bg
	ru
	uk
	ti
	am
	nLang
)

var codes = [nLang]string{"fr", "en", "nl", "de", "es", "it", "pt", "ro", "tr", "ar", "fa", "ur", "ps", "bg", "ru", "uk", "ti", "am"}

// script groups the letters of the text.
type script uint8

const (
	scNone script = iota
	scLatin
	scArabic
	scCyrillic
	scEthiopic
	scGreek
	scHebrew
	scHan
	scKana
	scHangul
	scDevanagari
	scBengali
	scThai
	scGeorgian
	scArmenian
	nScript
)

// singleLang names the language of scripts vigie does not split further.
var singleLang = [nScript]string{
	scGreek: "el", scHebrew: "he", scHan: "zh", scKana: "ja", scHangul: "ko", scDevanagari: "hi",
	scBengali: "bn", scThai: "th", scGeorgian: "ka", scArmenian: "hy",
}

// scriptLangs lists the languages weighed inside a script.
var scriptLangs = [nScript][]lang{
	scLatin:    {fr, en, nl, de, es, it, pt, ro, tr, ar},
	scArabic:   {ar, fa, ur, ps},
	scCyrillic: {bg, ru, uk},
	scEthiopic: {ti, am},
}

// weight is a share of evidence for one language.
type weight struct {
	l lang
	w float32
}

var (
	// wordEvidence maps a folded word to the languages it is evidence of;
	// brand names and loanwords map to nil.
	wordEvidence = map[string][]weight{}
	// suffixGroups holds the listed word endings (bytes of the Fold view)
	// grouped by their last two bytes, longest first; suffixGroup maps the
	// last two bytes of a word (as pairKey) to its group, 0 for none.
	// suffixEnds filters the words that may end with a listed ending,
	// by the last two bytes (endKey2) of the endings of two bytes and
	// the last three (endKey3) of the longer ones, so that most words
	// cost one read of an 8 KB array rather than of the 64 KB one.
	suffixGroups = [][]suffixCue{nil}
	suffixGroup  [1 << 16]uint8
	suffixEnds   [1 << 16 / 64]uint64
)

// endKey2 and endKey3 are the suffixEnds keys of the last two and three
// bytes of a word whose tailAt is tail; they rarely collide.
func endKey2(tail uint64) uint32 { return uint32(tail>>48) * 0x9e3779b1 >> 16 }

func endKey3(tail uint64) uint32 { return uint32(tail>>40) * 0x85ebca6b >> 16 }

// mayEnd returns 1 when suffixEnds may hold an ending of a word whose
// tailAt is tail, else 0.
func mayEnd(tail uint64) uint64 {
	k2, k3 := endKey2(tail), endKey3(tail)
	return (suffixEnds[k2/64]>>(k2%64) | suffixEnds[k3/64]>>(k3%64)) & 1
}

// suffixCue is a word ending and the languages it is evidence of. A word
// ends with it when tailAt(word) >> shift == tail: the ending is eight
// bytes long at most.
type suffixCue struct {
	suffix string
	tail   uint64
	shift  uint8
	ws     []weight
}

// tailAt returns the eight bytes of s that end at j, s[j-1] in the top
// byte; the bytes before the start of s are zero.
func tailAt(s string, j int) uint64 {
	if j >= 8 {
		return load64(s, j-8)
	}
	var x uint64
	for i := 0; i < j; i++ {
		x = x>>8 | uint64(s[i])<<56
	}
	return x
}

// pairKey is the suffixGroup key of the last two bytes of a word whose
// tailAt is tail.
func pairKey(tail uint64) uint16 { return uint16(tail >> 48) }

func init() {
	langOf := map[string]lang{}
	for l, c := range codes {
		langOf[c] = lang(l)
	}
	owners := map[string][]lang{}
	langOf["ar-latn"] = ar
	for c, list := range stopWords {
		for _, w := range strings.Fields(list) {
			f := normalize.Fold(w).Norm
			if !contains(owners[f], langOf[c]) {
				owners[f] = append(owners[f], langOf[c])
			}
		}
	}
	for w, ls := range owners {
		// A word shared by n languages is 1/n evidence for each.
		for _, l := range ls {
			wordEvidence[w] = append(wordEvidence[w], weight{l, 1 / float32(len(ls))})
		}
	}
	sufOwners := map[string][]lang{}
	for c, list := range suffixCues {
		for _, s := range list {
			if !contains(sufOwners[s], langOf[c]) {
				sufOwners[s] = append(sufOwners[s], langOf[c])
			}
		}
	}
	sufs := make([]string, 0, len(sufOwners))
	for s := range sufOwners {
		sufs = append(sufs, s)
	}
	// Longest first, then by bytes, so the order never depends on map
	// iteration.
	slices.SortFunc(sufs, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	for _, s := range sufs {
		ls := sufOwners[s]
		if len(s) > 8 {
			panic("langid: suffix cue longer than eight bytes: " + s)
		}
		shift := 64 - 8*len(s)
		cue := suffixCue{suffix: s, tail: tailAt(s, len(s)) >> shift, shift: uint8(shift)}
		for _, l := range ls {
			cue.ws = append(cue.ws, weight{l, 0.3 / float32(len(ls))})
		}
		k := pairKey(tailAt(s, len(s)))
		e := endKey3(tailAt(s, len(s)))
		if len(s) == 2 {
			e = endKey2(tailAt(s, len(s)))
		}
		suffixEnds[e/64] |= 1 << (e % 64)
		if suffixGroup[k] == 0 {
			suffixGroups = append(suffixGroups, nil)
			suffixGroup[k] = uint8(len(suffixGroups) - 1)
		}
		g := suffixGroup[k]
		suffixGroups[g] = append(suffixGroups[g], cue)
	}
	if len(suffixGroups) > 255 {
		panic("langid: too many suffix groups")
	}
	for _, w := range neutralWords {
		// A neutral word is known and evidence of nothing.
		wordEvidence[normalize.Fold(w).Norm] = nil
	}
	buildWordTable()
}

// wordSlotBits and wordIndexBits size the word table: up to
// 1<<wordSlotBits - 1 words, in an index of 1<<wordIndexBits slots kept a
// quarter full. Fixed sizes make the masks constants and the bounds checks
// of lookups go away; init panics when wordEvidence outgrows them.
const (
	wordSlotBits  = 11
	wordIndexBits = 13
	wordSlotMask  = 1<<wordSlotBits - 1
	wordMoved     = 1 << wordSlotBits
	wordTag       = 1<<32 - 1<<(wordSlotBits+1)
)

var (
	// wordIndex and wordSlots are wordEvidence as an open-addressing hash
	// table, whose lookups cost a fraction of a map's: Detect looks up
	// every word. A slot of wordIndex holds 0 when empty, else the high
	// bits of the hash of a word (wordTag), a flag (wordMoved) and, in the
	// low bits (wordSlotMask), the index of the word in wordSlots, whose
	// slot 0 matches no word (an empty slot points there). It is kept a
	// quarter full, so that nearly every word is in the slot its hash
	// points to; wordMoved marks the slots that a word of that hash had to
	// be moved on from.
	wordIndex [1 << wordIndexBits]uint32
	wordSlots [1 << wordSlotBits]wordSlot
	// wordLong holds, at the same index as wordSlots, the words longer
	// than eight bytes, which their sample does not spell out.
	wordLong []string
	// langShare[n] is the weight of a word that is evidence of n
	// languages, 1/n as init computes it. It has 32 entries so that
	// wordSlot.count&31 indexes it with no bounds check.
	langShare [32]float32
)

// wordSlot is a word of wordEvidence: its wordSample and length, equal to
// those of another word only when the words are (up to eight bytes), and
// the languages it is evidence of, as bits (none for a neutral word), each
// for langShare[count], count being their number.
type wordSlot struct {
	sample uint64
	langs  uint32
	n      uint16
	count  uint8
}

// wordSample spells out a word up to eight bytes long, byte k at bits 8k
// (zero above), and mixes the first and last eight bytes of a longer one.
func wordSample(w string) uint64 {
	n := len(w)
	if n > 8 {
		return load64(w, 0) ^ bits.RotateLeft64(load64(w, n-8), 29)
	}
	var x uint64
	for i := n - 1; i >= 0; i-- {
		x = x<<8 | uint64(w[i])
	}
	return x
}

// samplesAt returns wordSample(s[i:j]) and tailAt(s, j), i < j. When s
// holds eight bytes from i and eight up to j, it reads them and masks what
// does not belong to the sample, with no branch on the length: the
// lengths of the words of a text would make one unpredictable.
func samplesAt(s string, i, j int) (x, tail uint64) {
	n := j - i
	if n >= len(sampleMasks) || i+8 > len(s) || j < 8 {
		return wordSample(s[i:j]), tailAt(s, j)
	}
	m := &sampleMasks[n]
	tail = load64(s, j-8)
	return load64(s, i)&m.first ^ bits.RotateLeft64(tail&m.last, 29), tail
}

// sampleMasks[n] keeps what wordSample takes of the eight bytes from the
// start and the eight up to the end of a word of n bytes.
var sampleMasks = func() (m [64]struct{ first, last uint64 }) {
	for n := range m {
		switch {
		case n > 8:
			m[n].first, m[n].last = ^uint64(0), ^uint64(0)
		case n == 8:
			m[n].first = ^uint64(0)
		default:
			m[n].first = 1<<(8*n) - 1
		}
	}
	return m
}()

// wordHash hashes a word from its wordSample x: the high half of a
// product, whose top bits depend on every bit of x, pick the slot of
// wordIndex (wordIndexOf). The length of the word is left out: x spells
// out a word of eight bytes or less, and mixes all of a longer one.
func wordHash(x uint64) uint32 { return uint32(x * 0x9e3779b97f4a7c15 >> 32) }

// wordIndexOf returns the slot of wordIndex of a word whose wordHash is h.
func wordIndexOf(h uint32) uint32 { return h >> (32 - wordIndexBits) }

// load64 reads the eight bytes of s from i, little-endian. Slicing them
// with both bounds, rather than s[i:], is one bounds check, and no masking
// of the pointer for a slice that might be empty.
func load64(s string, i int) uint64 {
	t := s[i : i+8]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

func buildWordTable() {
	for n := 1; n <= int(nLang); n++ {
		langShare[n] = 1 / float32(n)
	}
	if len(wordEvidence) >= len(wordSlots) || 4*len(wordEvidence) > len(wordIndex) {
		panic("langid: too many words for the word table; raise wordSlotBits and wordIndexBits")
	}
	// Slot 0 holds a length no word has.
	wordSlots[0] = wordSlot{n: ^uint16(0)}
	wordLong = make([]string, 1, len(wordEvidence)+1)
	// Insert in sorted order so that the layout never depends on map
	// iteration (lookups do not either way).
	keys := make([]string, 0, len(wordEvidence))
	for w := range wordEvidence {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	const mask = len(wordIndex) - 1
	for i, w := range keys {
		if len(w) >= int(^uint16(0)) {
			panic("langid: listed word too long: " + w)
		}
		x := wordSample(w)
		h := wordHash(x)
		k := int(wordIndexOf(h))
		if wordIndex[k] != 0 {
			wordIndex[k] |= wordMoved
			for wordIndex[k] != 0 {
				k = (k + 1) & mask
			}
		}
		sl := wordSlot{sample: x, n: uint16(len(w)), count: uint8(len(wordEvidence[w]))}
		for _, x := range wordEvidence[w] {
			if x.w != langShare[len(wordEvidence[w])] {
				panic("langid: a word's evidence is not shared evenly")
			}
			sl.langs |= 1 << x.l
		}
		long := ""
		if len(w) > 8 {
			long = w
		}
		wordIndex[k] = h&wordTag | uint32(i+1)
		wordSlots[i+1] = sl
		wordLong = append(wordLong, long)
	}
}

// lookupWord returns the index in wordSlots of w, 0 when w is not in
// wordEvidence; x is wordSample(w).
func lookupWord(w string, x uint64) uint32 {
	e := wordIndex[wordIndexOf(wordHash(x))]
	k := e & wordSlotMask
	sl := &wordSlots[k]
	// The sample and the length tell apart words of eight bytes or less
	// (the tag of e is not needed); longer words are compared. One test
	// rather than two, whose outcome (known or not) the words of a text
	// make unpredictable: the differences are or-ed.
	if sl.sample^x|uint64(sl.n)^uint64(len(w)) == 0 && (len(w) <= 8 || wordLong[k] == w) {
		return k
	}
	if e&wordMoved == 0 {
		return 0
	}
	return lookupMoved(w, x)
}

// lookupMoved is lookupWord for a word whose hash points to a slot that a
// word was moved on from: it probes the next slots.
func lookupMoved(w string, x uint64) uint32 {
	h := wordHash(x)
	for k := wordIndexOf(h) + 1; ; k++ {
		e := wordIndex[k%uint32(len(wordIndex))]
		if e == 0 {
			return 0
		}
		if (e^h)&wordTag == 0 {
			i := e & wordSlotMask
			sl := &wordSlots[i]
			if sl.sample == x && int(sl.n) == len(w) && (len(w) <= 8 || wordLong[i] == w) {
				return i
			}
		}
	}
}

func contains(ls []lang, l lang) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// runeCue is the evidence one letter of the original text gives: letters
// such as "ș", "ğ", "ñ", "پ" or "ы" belong to few languages. Fold removes
// diacritics and unifies Persian and Arabic letters, so these are read from
// Orig.
var runeCue = map[rune][]weight{}

func addRuneCue(w float32, runes string, ls ...lang) {
	for _, r := range runes {
		for _, l := range ls {
			runeCue[r] = append(runeCue[r], weight{l, w / float32(len(ls))})
		}
	}
}

func init() {
	// Latin.
	addRuneCue(0.6, "șțăȘȚĂ", ro)
	addRuneCue(0.5, "ţŢ", ro)
	addRuneCue(0.5, "şŞ", ro, tr)
	addRuneCue(0.3, "âÂ", ro, fr, pt, tr)
	addRuneCue(0.3, "îÎ", ro, fr)
	addRuneCue(0.6, "ğĞıİ", tr)
	addRuneCue(0.3, "çÇ", fr, pt, tr)
	addRuneCue(0.3, "öÖüÜ", de, tr)
	addRuneCue(0.6, "ßẞ", de)
	addRuneCue(0.5, "äÄ", de)
	addRuneCue(0.6, "ñÑ¿¡", es)
	addRuneCue(0.3, "áÁíÍóÓúÚ", es, pt, it)
	addRuneCue(0.6, "ãÃõÕ", pt)
	addRuneCue(0.3, "êÊôÔ", fr, pt)
	addRuneCue(0.3, "éÉ", fr, es, pt, it)
	addRuneCue(0.3, "èÈàÀùÙ", fr, it)
	addRuneCue(0.4, "ûÛœŒ", fr)
	addRuneCue(0.4, "ìÌòÒ", it)
	addRuneCue(0.3, "ëËïÏ", nl, fr)
	// Arabic script: Persian, Urdu and Pashto letters, and the Arabic forms
	// that Persian does not use.
	addRuneCue(1, "پچژگکی", fa, ur, ps)
	addRuneCue(1.2, "ٹڈڑںےہھ", ur)
	addRuneCue(1.5, "ټډړږښځڅګۍېڼ", ps)
	addRuneCue(0.6, "ةىكيؤ", ar)
	// Cyrillic.
	addRuneCue(1, "ыэёЫЭЁ", ru)
	addRuneCue(0.6, "ъЪ", bg)
	addRuneCue(0.3, "ьЬ", ru, uk)
	addRuneCue(1.2, "іїєґІЇЄҐ", uk)
	// Ethiopic: the qhä series and "ኣ" are Tigrinya.
	addRuneCue(1, "ቐቑቒቓቔቕቖቘኣኸኹኺኻኼኽኾዀ", ti)
	addRuneCue(0.6, "ሀሁሂሃሄህሆኀ", am)
}

// runeTableSize covers the runes whose cue and script Detect reads from
// tables: Latin, Greek, Cyrillic, Hebrew, Arabic, Ethiopic and the scripts
// between them.
const runeTableSize = 0x1400

var (
	// cueIdx maps a rune below runeTableSize to its runeCue list in
	// cueLists; 0 for none.
	cueIdx   [runeTableSize]uint8
	cueLists = [][]weight{nil}
	// letterScript holds scriptOf(r) for the letters below runeTableSize,
	// scNone for the other runes.
	letterScript [runeTableSize]script
)

func init() {
	rs := make([]rune, 0, len(runeCue))
	for r := range runeCue {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	for _, r := range rs {
		if r < runeTableSize {
			cueLists = append(cueLists, runeCue[r])
			cueIdx[r] = uint8(len(cueLists) - 1)
		}
	}
	if len(cueLists) > 255 {
		panic("langid: too many rune cues")
	}
	for r := rune(0); r < runeTableSize; r++ {
		if s := scriptOf(r); s != scNone && unicode.IsLetter(r) {
			letterScript[r] = s
		}
	}
}

// cueOf returns runeCue[r].
func cueOf(r rune) []weight {
	if r < runeTableSize {
		return cueLists[cueIdx[r]]
	}
	return runeCue[r]
}

// letterScriptOf returns the script of r when it is a letter, scNone
// otherwise.
func letterScriptOf(r rune) script {
	if r < runeTableSize {
		return letterScript[r]
	}
	if s := scriptOf(r); s != scNone && unicode.IsLetter(r) {
		return s
	}
	return scNone
}

// asciiRun returns the length of the run of ASCII bytes s starts with.
func asciiRun(s string) int {
	const high = 0x8080808080808080
	i := 0
	// 32 bytes a step, most posts being ASCII from end to end; t has a
	// constant length, so that its reads need no bounds check.
	for ; i+32 <= len(s); i += 32 {
		t := s[i : i+32]
		if (load64(t, 0)|load64(t, 8)|load64(t, 16)|load64(t, 24))&high != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if m := load64(s, i) & high; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// asciiLetters counts the ASCII letters of s.
func asciiLetters(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		// Bytes from 0x80 up are 0xa0 or more after the or.
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			n++
		}
	}
	return n
}

// scriptOf returns the script of a letter.
func scriptOf(r rune) script {
	switch {
	case r < 0x250:
		return scLatin
	case r >= 0x600 && r <= 0x6ff, r >= 0x750 && r <= 0x77f, r >= 0xfb50 && r <= 0xfdff, r >= 0xfe70 && r <= 0xfeff:
		return scArabic
	case r >= 0x400 && r <= 0x52f:
		return scCyrillic
	case r >= 0x1200 && r <= 0x139f, r >= 0x2d80 && r <= 0x2ddf, r >= 0xab00 && r <= 0xab2f:
		return scEthiopic
	case r >= 0x370 && r <= 0x3ff, r >= 0x1f00 && r <= 0x1fff:
		return scGreek
	case r >= 0x590 && r <= 0x5ff:
		return scHebrew
	case r >= 0x3040 && r <= 0x30ff:
		return scKana
	case r >= 0xac00 && r <= 0xd7af, r >= 0x1100 && r <= 0x11ff:
		return scHangul
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3400 && r <= 0x4dbf:
		return scHan
	case r >= 0x900 && r <= 0x97f:
		return scDevanagari
	case r >= 0x980 && r <= 0x9ff:
		return scBengali
	case r >= 0xe00 && r <= 0xe7f:
		return scThai
	case r >= 0x10a0 && r <= 0x10ff:
		return scGeorgian
	case r >= 0x530 && r <= 0x58f:
		return scArmenian
	case r >= 0x1e00 && r <= 0x1eff:
		return scLatin
	}
	return scNone
}

// Detect returns the ISO 639-1 code of the main language of t (a
// normalize.Fold view) and a confidence in [0,1]; "und" with 0 when it
// cannot tell (no letters, too little evidence).
//
// The main script is the one with the most words (brand names, links and
// numbers do not count), ties going to the one with more letters; the
// language is then the best supported inside that script.
func Detect(t *normalize.Text) (lang string, confidence float64) {
	if t == nil || t.Norm == "" {
		return Und, 0
	}
	var score scores
	var letters, words [nScript]int
	letterCues(t.Orig, &score, &letters)
	wordCues(t.Norm, t.Tokens(), &score, &words)

	main, total := scNone, 0
	asciiCounted := false
	for s := scLatin; s < nScript; s++ {
		total += words[s]
		if words[s] == words[main] && words[s] > 0 && !asciiCounted {
			// Only a tie reads the letters: count the ASCII ones now.
			letters[scLatin] += asciiLetters(t.Orig)
			asciiCounted = true
		}
		if words[s] > words[main] || words[s] == words[main] && words[s] > 0 && letters[s] > letters[main] {
			main = s
		}
	}
	if main == scNone {
		return Und, 0
	}
	share := float64(words[main]) / float64(total)

	if l := singleLang[main]; l != "" {
		return l, clamp(share * evidence(float64(words[main]), 2))
	}
	cands := scriptLangs[main]
	best, second := cands[0], cands[1]
	if score[second] > score[best] {
		best, second = second, best
	}
	for _, l := range cands[2:] {
		switch {
		case score[l] > score[best]:
			best, second = l, best
		case score[l] > score[second]:
			second = l
		}
	}
	switch main {
	case scArabic:
		// The script itself is evidence for Arabic; Persian, Urdu and
		// Pashto need their own letters or words to win.
		score[ar] += 0.5
		if score[ar] >= score[best] {
			best, second = ar, best
			if second == ar {
				second = fa
			}
		}
	case scCyrillic:
		// Russian is the default reading of Cyrillic without cues.
		score[ru] += 0.2
		if score[ru] > score[best] {
			best, second = ru, best
			if second == ru {
				second = bg
			}
		}
	case scEthiopic:
		// Tigrinya is the language of Eritrean posts, the most common
		// Ethiopic-script texts in vigie's domain.
		score[ti] += 0.2
		if score[ti] > score[best] {
			best, second = ti, best
			if second == ti {
				second = am
			}
		}
	}
	b, s2 := float64(score[best]), float64(score[second])
	if main == scLatin && b < 0.6 {
		// Latin letters alone say nothing about the language.
		return Und, 0
	}
	margin := (b - s2) / b
	conf := share * (0.3 + 0.7*margin) * evidence(b, 3)
	if main != scLatin {
		// Another script is strong evidence on its own.
		conf = share * (0.6 + 0.4*margin) * evidence(float64(words[main]), 2)
	}
	return codes[best], clamp(conf)
}

// scores holds the evidence of each language, indexed by lang. It has 32
// entries rather than nLang so that indexing it by the number of a bit of
// wordSlot.langs needs no bounds check.
type scores [32]float32

// letterCues adds the evidence of the letters of o, the original text, to
// score, and counts the letters of each script in letters, but for the
// ASCII ones: they are evidence of nothing and only a tie between scripts
// needs their number (asciiLetters).
func letterCues(o string, score *scores, letters *[nScript]int) {
	for i := 0; i < len(o); {
		if o[i] < utf8.RuneSelf {
			i += asciiRun(o[i:])
			continue
		}
		r, w := utf8.DecodeRuneInString(o[i:])
		i += w
		for _, x := range cueOf(r) {
			score[x.l] += x.w
		}
		if s := letterScriptOf(r); s != scNone {
			letters[s]++
		}
	}
}

// wordCues adds the evidence of the words of n, a Norm view whose tokens
// are toks, to score, and counts the words of each script in words
// (brand names, links and numbers do not count). plainWords weighs the
// runs of plain words, nearly all of them, and wordCue any other word.
func wordCues(n string, toks []normalize.Token, score *scores, words *[nScript]int) {
	for len(toks) > 0 {
		k, latin := plainWords(n, toks, score)
		words[scLatin] += latin
		if k == len(toks) {
			return
		}
		wordCue(n, toks[k], score, words)
		toks = toks[k+1:]
	}
}

// plainWords weighs the words toks starts with, up to the first word that
// is not plain, and returns the index of that word's token (len(toks) when
// there is none) and the number of words it weighed, all Latin. It adds
// their evidence to score, in order.
//
// A plain word starts with an ASCII byte, has eight bytes of n from its
// start and eight up to its end, and its slot of the word table decides
// whether it is listed, with no string to compare: it is of eight bytes or
// less, or not listed; and no word of its hash was moved on, or it is in
// its slot. A plain word that is not listed holds no byte that latinCues
// may need (mayCue). plainWords calls no function, so that its variables
// stay in registers rather than being saved around calls.
func plainWords(n string, toks []normalize.Token, score *scores) (next, latin int) {
	for k, tok := range toks {
		if tok.Kind != normalize.Word {
			continue
		}
		i, j := int(tok.Start), int(tok.End)
		size := j - i
		if i+8 > len(n) || j < 8 {
			return k, latin
		}
		head, tail := load64(n, i), load64(n, j-8)
		if head&0x80 != 0 {
			return k, latin
		}
		// samplesAt, with no test of the length.
		m := &sampleMasks[min(uint(size), 9)]
		x := head&m.first ^ bits.RotateLeft64(tail&m.last, 29)
		h := wordHash(x)
		e := wordIndex[wordIndexOf(h)]
		sl := &wordSlots[e&wordSlotMask]
		// One test rather than two, whose outcome (listed or not) the
		// words of a text make unpredictable: the differences are or-ed.
		d := sl.sample ^ x | uint64(sl.n) ^ uint64(size)
		if d != 0 && e&wordMoved != 0 {
			if size > 8 {
				return k, latin
			}
			// lookupMoved, written out; an empty slot leads to slot 0,
			// which matches no word.
			for q := wordIndexOf(h) + 1; ; q++ {
				e = wordIndex[q%uint32(len(wordIndex))]
				sl = &wordSlots[e&wordSlotMask]
				d = sl.sample ^ x | uint64(sl.n) ^ uint64(size)
				if d == 0 || e == 0 {
					break
				}
			}
		}
		if d == 0 {
			if size > 8 {
				return k, latin // its bytes are to be compared
			}
			if sl.langs != 0 { // else neutral
				latin++
				addWordEvidence(score, sl)
			}
			continue
		}
		if size <= 8 {
			if mayCue(x, m.first) {
				return k, latin
			}
		} else {
			for p := i; p < j-8; p += 8 {
				if mayCue(load64(n, p), ^uint64(0)) {
					return k, latin
				}
			}
			if mayCue(tail, ^uint64(0)) {
				return k, latin
			}
		}
		latin++
		// Endings count on words of five bytes or more. Whether a word is
		// that long is as unpredictable as its ending: one test for both
		// (uint64(4-size)>>63 is 1 when size >= 5). What follows is
		// addEnding, written out.
		if mayEnd(tail)&(uint64(4-size)>>63) != 0 {
			g := suffixGroups[suffixGroup[pairKey(tail)]]
			for gi := range g {
				if c := &g[gi]; len(c.suffix)+2 <= size && tail>>c.shift == c.tail {
					for _, x := range c.ws {
						score[x.l&31] += x.w
					}
					break
				}
			}
		}
	}
	return len(toks), latin
}

// mayCue reports whether the bytes of x that valid keeps may hold what
// latinCues looks for, an "ij" or a digit: a j, or a byte below 0x40 or
// from 0x80 up (the others are letters and the rest of ASCII from 0x40).
func mayCue(x, valid uint64) bool {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	j := x ^ ones*'j'
	// A zero byte of j is a j of x; the subtraction may flag the bytes
	// above one too, which "may" allows.
	return ((x^ones*0x40)&(ones*0xc0)|(j-ones)&^j&high)&valid != 0
}

// wordCue weighs one word of n, whatever it is, as plainWords weighs the
// plain ones: it adds its evidence to score and counts it in words.
func wordCue(n string, tok normalize.Token, score *scores, words *[nScript]int) {
	w := n[tok.Start:tok.End]
	x, tail := samplesAt(n, int(tok.Start), int(tok.End))
	k := lookupWord(w, x)
	sl := &wordSlots[k]
	if k != 0 && sl.langs == 0 {
		return // neutral
	}
	s := scLatin // the script of every rune below U+0250
	if w[0] >= utf8.RuneSelf {
		r, _ := utf8.DecodeRuneInString(w)
		s = scriptOf(r)
	}
	if s == scNone {
		return
	}
	words[s]++
	if sl.langs != 0 {
		addWordEvidence(score, sl)
		return
	}
	if (s == scLatin || s == scCyrillic) && mayEnd(tail)&(uint64(4-len(w))>>63) != 0 {
		addEnding(score, w, tail)
	}
	switch s {
	case scLatin:
		// A word of eight bytes or less is all in x.
		if len(w) <= 8 && jOrDigit(x) || len(w) > 8 && mayHaveLatinCue(w) {
			addLatinCues(score, w)
		}
	case scCyrillic:
		// "ьо" (шофьор, актьор) is Bulgarian spelling.
		if strings.Contains(w, "ьо") {
			score[bg] += 0.5
		}
	}
}

// addWordEvidence adds to score the evidence of the listed word of slot sl.
func addWordEvidence(score *scores, sl *wordSlot) {
	// Each language once: the order of the additions does not matter.
	share := langShare[sl.count&31]
	for langs := sl.langs; langs != 0; langs &= langs - 1 {
		score[bits.TrailingZeros32(langs)] += share
	}
}

// addEnding adds to score the evidence of the listed ending of w, if any;
// tail is tailAt of the end of w. An ending must leave a stem of two bytes
// or more.
func addEnding(score *scores, w string, tail uint64) {
	g := suffixGroups[suffixGroup[pairKey(tail)]]
	for i := range g {
		if c := &g[i]; len(c.suffix)+2 <= len(w) && tail>>c.shift == c.tail {
			for _, x := range c.ws {
				score[x.l] += x.w
			}
			return
		}
	}
}

// addLatinCues adds to score the evidence of "ij" (Dutch) and of Arabizi
// digits in w, a Latin word.
func addLatinCues(score *scores, w string) {
	ij, arabizi := latinCues(w)
	if ij {
		score[nl] += 0.3
	}
	if arabizi {
		score[ar] += 0.5
	}
}

// mayHaveLatinCue reports whether latinCues may find something in w,
// eight bytes long or more: a word of ASCII bytes needs a j or a digit.
func mayHaveLatinCue(w string) bool {
	// Check every eight bytes, the last ones overlapping.
	for i := 0; ; i += 8 {
		if i+8 > len(w) {
			i = len(w) - 8
		}
		if jOrDigit(load64(w, i)) {
			return true
		}
		if i+8 == len(w) {
			return false
		}
	}
}

// jOrDigit reports whether the eight bytes x may hold a j or a digit:
// they do, or some byte is not ASCII.
func jOrDigit(x uint64) bool {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	if x&high != 0 {
		return true
	}
	j := x ^ ones*'j'
	if (j-ones)&^j&high != 0 {
		return true
	}
	// With every byte below 0x80, no addition carries into the next byte.
	return (x+ones*(0x80-'0'))&^(x+ones*(0x80-'9'-1))&high != 0
}

// latinCues reports in one pass over a Latin word whether it holds "ij"
// and whether arabiziDigits holds for it.
func latinCues(w string) (ij, arabizi bool) {
	for i := 0; i+1 < len(w); i++ {
		switch cueByte[w[i]] {
		case 0:
			continue
		case cbI:
			ij = ij || w[i+1] == 'j'
		case cbDigit:
			arabizi = arabizi || i > 0 && isASCIILetter(w[i-1]) && isASCIILetter(w[i+1])
		}
	}
	return ij, arabizi
}

// cueByte marks the bytes latinCues looks at.
var cueByte = [256]uint8{'i': cbI, '2': cbDigit, '3': cbDigit, '5': cbDigit, '7': cbDigit, '9': cbDigit}

const (
	cbI = iota + 1
	cbDigit
)

// arabiziDigits reports whether a Latin word has a 2, 3, 5, 7 or 9 between
// two letters, as Arabizi writes ع, ح, ق inside words ("l7rga", "ba3d");
// "19yrs" or "35d" do not count.
func arabiziDigits(w string) bool {
	for i := 1; i+1 < len(w); i++ {
		switch w[i] {
		case '2', '3', '5', '7', '9':
			if isASCIILetter(w[i-1]) && isASCIILetter(w[i+1]) {
				return true
			}
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' }

// evidence grows from 0 towards 1 as x reaches full.
func evidence(x, full float64) float64 {
	if x >= full {
		return 1
	}
	return x / full
}

func clamp(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
