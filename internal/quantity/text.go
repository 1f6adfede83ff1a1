package quantity

import (
	"math/bits"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
)

// fold returns the matching form of a table word, so that tables can be
// written as people spell the words and still match the normalised view.
func fold(w string) string { return normalize.Fold(w).Norm }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// letterAt reports whether a letter (or combining mark) starts at s[i], and
// its width.
func letterAt(s string, i int) (int, bool) {
	if i < 0 || i >= len(s) {
		return 0, false
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return 1, isASCIILetter(c)
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return w, isLetterRune(r)
}

// letterBefore reports whether a letter ends at s[j-1], and its width.
func letterBefore(s string, j int) (int, bool) {
	if j <= 0 || j > len(s) {
		return 0, false
	}
	c := s[j-1]
	if c < utf8.RuneSelf {
		return 1, isASCIILetter(c)
	}
	r, w := utf8.DecodeLastRuneInString(s[:j])
	return w, isLetterRune(r)
}

func isLetterRune(r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// alnumAt reports whether a letter or digit starts at s[i].
func alnumAt(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	if isDigit(s[i]) {
		return true
	}
	_, ok := letterAt(s, i)
	return ok
}

// alnumBefore reports whether a letter or digit ends at s[j-1].
func alnumBefore(s string, j int) bool {
	if j <= 0 || j > len(s) {
		return false
	}
	if isDigit(s[j-1]) {
		return true
	}
	_, ok := letterBefore(s, j)
	return ok
}

// wordEnd returns the end of the run of letters starting at i (i itself
// when there is none).
func wordEnd(s string, i int) int {
	// Eight bytes at a time up to the first byte that is no ASCII letter,
	// which the loop below takes from there (it may be a letter of
	// another script).
	for i >= 0 && i+8 <= len(s) {
		w := le64(s[i : i+8])
		y := w | 0x20*ones // upper case made lower case
		t := y &^ tops
		other := ^((t + (0x80-'a')*ones) &^ (t + (0x7f-'z')*ones | y)) & tops
		if other != 0 {
			i += bits.TrailingZeros64(other) / 8
			break
		}
		i += 8
	}
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf { // the common case, without a call
			if !isASCIILetter(c) {
				break
			}
			i++
			continue
		}
		w, ok := letterAt(s, i)
		if !ok {
			break
		}
		i += w
	}
	return i
}

// wordStart returns the start of the run of letters ending at j.
func wordStart(s string, j int) int {
	for j > 0 {
		if c := s[j-1]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				break
			}
			j--
			continue
		}
		w, ok := letterBefore(s, j)
		if !ok {
			break
		}
		j -= w
	}
	return j
}

// skipSpace skips at most one space (Norm never holds two in a row).
func skipSpace(s string, i int) int {
	if i < len(s) && s[i] == ' ' {
		return i + 1
	}
	return i
}

// backSpace steps back over at most one space before j.
func backSpace(s string, j int) int {
	if j > 0 && s[j-1] == ' ' {
		return j - 1
	}
	return j
}

// phraseSet is a set of folded phrases, indexed by first and by last byte
// and longest first in each index, so that "years old" wins over "years"
// and a probe costs a few comparisons. first2 and last2 hold the first and
// the last two bytes of the phrases (see pairSet.addFirst): most probes
// stop there, before the list of their byte.
type phraseSet struct {
	all           []string
	byFirst       [256][]string
	byLast        [256][]string
	first2, last2 pairSet
}

func newPhraseSet(words ...string) *phraseSet {
	seen := map[string]bool{}
	p := &phraseSet{}
	for _, w := range words {
		f := fold(w)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		p.all = append(p.all, f)
	}
	sort.SliceStable(p.all, func(i, j int) bool { return len(p.all[i]) > len(p.all[j]) })
	for _, f := range p.all {
		p.byFirst[f[0]] = append(p.byFirst[f[0]], f)
		p.byLast[f[len(f)-1]] = append(p.byLast[f[len(f)-1]], f)
		p.first2.addFirst(f)
		p.last2.addLast(f)
	}
	return p
}

// at returns the end of the longest phrase of p found at s[i:]. A phrase
// ending in a letter or digit must not run on into another one.
func (p *phraseSet) at(s string, i int) (int, bool) {
	if i < 0 || i >= len(s) || !p.first2.has(s[i], byteAt(s, i+1)) {
		return 0, false
	}
	rest := s[i:]
	for _, ph := range p.byFirst[s[i]] {
		if !strings.HasPrefix(rest, ph) {
			continue
		}
		e := i + len(ph)
		if alnumBefore(ph, len(ph)) && alnumAt(s, e) {
			continue
		}
		return e, true
	}
	return 0, false
}

// before returns the start of the longest phrase of p ending at s[:j]. A
// phrase starting with a letter or digit must not follow another one.
func (p *phraseSet) before(s string, j int) (int, bool) {
	if j <= 0 || j > len(s) || !endsPair(s, j, &p.last2) {
		return 0, false
	}
	head := s[:j]
	for _, ph := range p.byLast[s[j-1]] {
		if !strings.HasSuffix(head, ph) {
			continue
		}
		b := j - len(ph)
		if alnumAt(ph, 0) && alnumBefore(s, b) {
			continue
		}
		return b, true
	}
	return 0, false
}

// within reports whether any phrase of p occurs in s[i:j] (clamped).
func (p *phraseSet) within(s string, i, j int) bool {
	if i < 0 {
		i = 0
	}
	if j > len(s) {
		j = len(s)
	}
	if i >= j {
		return false
	}
	w := s[i:j]
	for _, ph := range p.all {
		if strings.Contains(w, ph) {
			return true
		}
	}
	return false
}

// wordSet is a set of folded single words.
type wordSet struct {
	m    map[string]bool
	keys keyFilter
}

func newWordSet(words ...string) *wordSet {
	ws := &wordSet{m: map[string]bool{}}
	for _, w := range words {
		f := fold(w)
		ws.m[f] = true
		ws.keys.add(f)
	}
	return ws
}

// has reports whether w is in the set.
func (ws *wordSet) has(w string) bool {
	return ws.keys.mayHave(w) && ws.m[w]
}

// keyFilter turns away most words that are not keys of a table before the
// map hashes them: the scanners look up whatever word stands next to a
// number, and almost none is a key. A key of n bytes sets bit min(n, 63)
// of first[its first byte] and of last[its last byte]; a word whose bit is
// clear in either is no key, one that passes may be.
type keyFilter struct {
	first, last [256]uint64
	empty       bool // "" is a key
}

func lenBit(n int) uint64 { return 1 << min(n, 63) }

// add records key k.
func (f *keyFilter) add(k string) {
	if k == "" {
		f.empty = true
		return
	}
	f.first[k[0]] |= lenBit(len(k))
	f.last[k[len(k)-1]] |= lenBit(len(k))
}

// mayHave reports false when w is surely not a key.
func (f *keyFilter) mayHave(w string) bool {
	if w == "" {
		return f.empty
	}
	b := lenBit(len(w))
	return f.first[w[0]]&b != 0 && f.last[w[len(w)-1]]&b != 0
}
