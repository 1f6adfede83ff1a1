package normalize

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// Digits returns the view used to find numbers: Fold, then numbers written
// in disguise made ASCII digits, every converted part keeping the span of
// exactly the original characters it came from.
//
//   - Number words of English, French, Dutch, German, Spanish, Italian,
//     Romanian, Portuguese, Turkish and Arabic, alone or glued to digits and
//     to each other: "four seven five" → "4 7 5", "0seven9one1" → "07911",
//     "TEN" → "10", "twenty six" and "twentysix" → "26",
//     "quatre-vingt-dix-sept" → "97", "zevenentwintig" → "27",
//     "خمسة وعشرين" → "25", "five hundred" and "5 hundred" → "500",
//     "deux mille" → "2000". Tens followed by a unit, units before a
//     hundred or thousand, and the "and" of languages that put one between
//     (et, en, und, y, e, și, و) join into one number; other number words
//     in a row stay separate numbers.
//   - A run of letters and digits is converted only when it splits wholly
//     into number words, digits and confusables, so "someone" or "tone"
//     never change. In such a run holding a digit, o stands for 0 and i, l
//     for 1 ("2O6" → "206", "o16one" → "0161"); a lone "I" or "o" never
//     changes.
//   - Words that are also ordinary words (one, een, un, dos, tres, sept,
//     neuf, once, sei, bir, on …) are converted only inside such runs, when
//     they join into a number with another number word, or in a row of
//     numbers that holds a number word or between two numbers.
//   - Between two numbers, "dash", "hyphen", "tiret", "streepje", "guion",
//     "Strich" … become "-" and "dot", "point", "punt", "punkt" … become
//     ".". All other separators (spaces, dots, dashes, stars, slashes,
//     brackets, @, letters glued to digits) stay as Fold leaves them.
func Digits(s string) *Text {
	return digitsOf(Fold(s))
}

// DigitsOf returns the Digits view of a text already folded by Fold, so a
// caller that needs both views folds once: DigitsOf(Fold(s)) equals
// Digits(s). It may return fold itself when there is nothing to convert.
func DigitsOf(fold *Text) *Text {
	return digitsOf(fold)
}

// maxRun is the longest run of letters and digits that may be a number.
const maxRun = 96

// trie over the folded spellings of the number words.
type trieEdge struct {
	c    byte
	next int32
}

type trieNode struct {
	first, n int32 // edges[first : first+n]
	word     int32 // index in trieWords, or -1
	// letters has bit c-'a' set for each child by a letter c; nLow counts
	// the children by bytes below 'a', which come first in byte order.
	letters uint32
	nLow    int32
}

var (
	trieNodes []trieNode
	trieEdges []trieEdge
	trieWords []numWord
	trieRoot  [256]int32 // node reached from the root by a byte; 0 for none
	// pair is the set of first two bytes of the number words.
	pair [256][8]uint32
	// dead3 is the set of the three lower-case letters (indexed by tri)
	// that startsWithWord rules out, whatever follows them.
	dead3 [(26*26*26 + 63) / 64]uint64
	// noWord tells, for a run of lower-case ASCII letters, whether
	// startsWithWord rules it out, from its first three letters and its
	// length alone: row a&31 | (b&31)<<5 for its first two letters (b is
	// 0 past the end), then bit 0 for a run of one or two letters, bit
	// c&31 for a run of three, and bit 32 + c&31 for a longer run, set
	// when every run of four letters or more that starts so is ruled out
	// (dead3).
	noWord [1 << 10]uint64
)

// tri indexes three lower-case letters.
func tri(a, b, c byte) int {
	return (int(a-'a')*26+int(b-'a'))*26 + int(c-'a')
}

// walkDies3 reports whether startsWithWord returns false on every run of
// three bytes or more that starts with a, b, c: its walk down the trie
// finds no word that decides, and stops within the three bytes.
func walkDies3(a, b, c byte) bool {
	n := trieRoot[a]
	for _, next := range [...]byte{b, c} {
		if n == 0 {
			return true
		}
		if wi := trieNodes[n].word; wi >= 0 {
			switch w := &trieWords[wi]; {
			case w.kind == wPrefix || w.kind == wConn:
				if w.lang&ar != 0 {
					return false
				}
			case w.kind == wDash || w.kind == wDot || w.flags&fAlone != 0:
			default:
				return false
			}
		}
		n = trieNext(n, next)
	}
	return n == 0
}

// ruledOut reports whether a run of letters cannot split into number
// words, by the cheapest test that applies: dead3 or pair.
func ruledOut(run string) bool {
	if len(run) >= 3 {
		a, b, c := run[0], run[1], run[2]
		if a-'a' < 26 && b-'a' < 26 && c-'a' < 26 {
			k := tri(a, b, c)
			return dead3[k>>6]&(1<<(k&63)) != 0
		}
	}
	return len(run) >= 2 && !pairHas(run[0], run[1])
}

func buildTrie() {
	keys := make([]string, 0, len(numWords))
	for w := range numWords {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	// Nodes are the distinct prefixes of the words; with the words sorted,
	// a node's children are created in byte order, so each node's edges
	// can be laid out contiguously in a second pass.
	type tnode struct {
		kids []trieEdge
		word int32
	}
	nodes := []tnode{{word: -1}}
	for _, w := range keys {
		n := int32(0)
		for i := 0; i < len(w); i++ {
			var next int32
			if k := nodes[n].kids; len(k) > 0 && k[len(k)-1].c == w[i] {
				next = k[len(k)-1].next
			} else {
				next = int32(len(nodes))
				nodes = append(nodes, tnode{word: -1})
				nodes[n].kids = append(nodes[n].kids, trieEdge{w[i], next})
			}
			n = next
		}
		nodes[n].word = int32(len(trieWords))
		trieWords = append(trieWords, numWords[w])
	}
	trieNodes = make([]trieNode, len(nodes))
	for i, n := range nodes {
		nd := trieNode{first: int32(len(trieEdges)), n: int32(len(n.kids)), word: n.word}
		for _, e := range n.kids {
			switch {
			case e.c < 'a':
				nd.nLow++
			case e.c <= 'z':
				nd.letters |= 1 << (e.c - 'a')
			}
		}
		trieNodes[i] = nd
		trieEdges = append(trieEdges, n.kids...)
	}
	for _, e := range nodes[0].kids {
		trieRoot[e.c] = e.next
	}
	if len(trieWords) > math.MaxInt16 {
		panic("normalize: too many number words for dpCell.w")
	}
	for _, w := range keys {
		if len(w) >= 2 {
			pair[w[0]][w[1]>>5] |= 1 << (w[1] & 31)
		}
	}
	for a := byte('a'); a <= 'z'; a++ {
		for b := byte('a'); b <= 'z'; b++ {
			for c := byte('a'); c <= 'z'; c++ {
				if k := tri(a, b, c); walkDies3(a, b, c) {
					dead3[k>>6] |= 1 << (k & 63)
				}
			}
		}
	}
	buildNoWord()
}

// buildNoWord fills noWord from startsWithWord and dead3.
func buildNoWord() {
	set := func(run string, bit int) {
		row := int(run[0]&31) | int(run[1]&31)<<5
		noWord[row] |= 1 << bit
	}
	for a := byte('a'); a <= 'z'; a++ {
		if !startsWithWord(string(a)) {
			set(string([]byte{a, 0}), 0)
		}
		for b := byte('a'); b <= 'z'; b++ {
			if !startsWithWord(string([]byte{a, b})) {
				set(string([]byte{a, b}), 0)
			}
			for c := byte('a'); c <= 'z'; c++ {
				run := string([]byte{a, b, c})
				if !startsWithWord(run) {
					set(run, int(c&31))
				}
				if k := tri(a, b, c); dead3[k>>6]&(1<<(k&63)) != 0 {
					set(run, 32+int(c&31))
				}
			}
		}
	}
}

// startsWithWord reports whether run may split into number words: some
// word that can open a number is a prefix of it, or it is a whole word
// (a connective, "a"). It rules out most ordinary words before segment.
func startsWithWord(run string) bool {
	if len(run) >= 2 && !pairHas(run[0], run[1]) {
		return false
	}
	n := trieRoot[run[0]]
	for j := 1; n != 0; j++ {
		if wi := trieNodes[n].word; wi >= 0 {
			w := &trieWords[wi]
			switch {
			case j == len(run):
				return true
			case w.kind == wPrefix || w.kind == wConn:
				if w.lang&ar != 0 && startsWithWord(run[j:]) {
					return true
				}
			case w.kind == wDash || w.kind == wDot || w.flags&fAlone != 0:
			default:
				return true
			}
		}
		if j >= len(run) {
			break
		}
		n = trieNext(n, run[j])
	}
	return false
}

// wholeWord returns the trieWords index of run, -1 when run is not a
// number word.
func wholeWord(run string) int32 {
	if len(run) == 0 {
		return -1
	}
	n := trieRoot[run[0]]
	for j := 1; j < len(run) && n != 0; j++ {
		n = trieNext(n, run[j])
	}
	if n == 0 {
		return -1
	}
	return trieNodes[n].word
}

func trieNext(n int32, c byte) int32 {
	nd := &trieNodes[n]
	if c-'a' < 26 {
		// The children by letters follow those by lower bytes, in order.
		bit := uint32(1) << (c - 'a')
		if nd.letters&bit == 0 {
			return 0
		}
		return trieEdges[nd.first+nd.nLow+int32(bits.OnesCount32(nd.letters&(bit-1)))].next
	}
	for _, e := range trieEdges[nd.first : nd.first+nd.n] {
		if e.c == c {
			return e.next
		}
		if e.c > c {
			break
		}
	}
	return 0
}

// piece kinds.
const (
	pDigit = iota + 1
	pConf
	pWord
)

// piece is one part of a run: an ASCII digit, a confusable letter standing
// for a digit, or a number word. Offsets are into the folded text.
type piece struct {
	start, end int32
	w          int32 // trieWords index for pWord
	kind       uint8
	d          byte // digit for pDigit and pConf
}

// DP states: what the last piece was.
const (
	stStart = iota
	stWord
	stConn
	stOther
	stPrefix
	nStates
)

// unreached is a row of dp cells none of which is reached.
var unreached = [nStates]dpCell{{cost: -1}, {cost: -1}, {cost: -1}, {cost: -1}, {cost: -1}}

type dpCell struct {
	cost   int16 // -1: unreachable
	w      int16 // trieWords index
	from   int8  // previous position
	fromSt uint8
	kind   uint8
	d      byte
}

// segment splits run (at offset base of the folded text) into pieces,
// appending them to ps, and reports whether the whole run splits. Among
// the splits it takes the one with the fewest pieces, then the fewest
// confusables.
func segment(run string, base int, hasDigit bool, ps []piece, dp *[maxRun + 1][nStates]dpCell) ([]piece, bool) {
	n := len(run)
	for i := range dp[:n+1] {
		dp[i] = unreached // one copy of the row, not a store per cell
	}
	dp[0][stStart].cost = 0
	relax := func(j, st int, c int16, i, from int, kind uint8, d byte, w int32) {
		cell := &dp[j][st]
		if cell.cost < 0 || c < cell.cost {
			*cell = dpCell{cost: c, from: int8(i), fromSt: uint8(from), kind: kind, d: d, w: int16(w)}
		}
	}
	reach := 0
	for i := 0; i < n; i++ {
		if i > reach {
			return ps, false
		}
		var live [nStates]int16
		any := false
		for st := range live {
			live[st] = dp[i][st].cost
			any = any || live[st] >= 0
		}
		if !any {
			continue
		}
		b := run[i]
		if '0' <= b && b <= '9' || hasDigit && (b == 'o' || (b == 'i' || b == 'l') && i > 0 && i+1 < n &&
			digitLike(run[i-1]) && digitLike(run[i+1])) {
			kind, d, add := uint8(pDigit), b, int16(2)
			if b > '9' {
				kind, d, add = pConf, '1', 3
				if b == 'o' {
					d = '0'
				}
			}
			for st, c := range live {
				if c >= 0 && st != stConn && st != stPrefix {
					relax(i+1, stOther, c+add, i, st, kind, d, -1)
					reach = max(reach, i+1)
				}
			}
		}
		node := trieRoot[b]
		subst := false
		if b == '0' {
			// A zero standing for the letter o: "th0usand", "tw0".
			node, subst = trieRoot['o'], true
		}
		for j := i + 1; node != 0; j++ {
			if wi := trieNodes[node].word; wi >= 0 && (!subst || j-i >= 3) {
				w := &trieWords[wi]
				whole := i == 0 && j == n
				for st, c := range live {
					if c < 0 {
						continue
					}
					to := -1
					switch w.kind {
					case wConn:
						switch {
						case whole:
							to = stWord
						case st == stWord:
							to = stConn
						case st == stStart:
							to = stPrefix
						}
					case wPrefix:
						if st == stStart && !whole {
							to = stPrefix
						}
					case wDash, wDot:
						if whole {
							to = stWord
						}
					default:
						if w.flags&fAlone == 0 || whole {
							to = stWord
						}
					}
					if to >= 0 {
						relax(j, to, c+2, i, st, pWord, 0, wi)
						reach = max(reach, j)
					}
				}
			}
			if j >= n {
				break
			}
			c := run[j]
			if c == '0' {
				c, subst = 'o', true
			}
			node = trieNext(node, c)
		}
	}
	best, bst := int16(-1), -1
	for _, st := range []int{stWord, stOther} {
		if c := dp[n][st].cost; c >= 0 && (best < 0 || c < best) {
			best, bst = c, st
		}
	}
	if bst < 0 {
		return ps, false
	}
	k := len(ps)
	for j, st := n, bst; j > 0; {
		cell := dp[j][st]
		ps = append(ps, piece{start: int32(base) + int32(cell.from), end: int32(base + j), w: int32(cell.w), kind: cell.kind, d: cell.d})
		j, st = int(cell.from), int(cell.fromSt)
	}
	slices.Reverse(ps[k:])
	return ps, true
}

// digitLike reports whether c is a digit or the letter o, the company an
// i or l needs to stand for 1 ("2i6", "1l0"), while "i5" stays.
func digitLike(c byte) bool { return '0' <= c && c <= '9' || c == 'o' }

// screenRun reports whether the run s[i:j] holds an ASCII digit and, if
// not, whether it may split into number words, by the test of ruledOut:
// most runs are short words it rules out, so it tests their first eight
// bytes at once.
func screenRun(s string, i, j int) (hasDigit, maybe bool) {
	if i+8 > len(s) || j-i > 8 {
		for k := i; k < j; k++ {
			if '0' <= s[k] && s[k] <= '9' {
				return true, true
			}
		}
		return false, !ruledOut(s[i:j])
	}
	x := load64(s, i)
	x7 := x &^ high
	d := (x7 + ones*(0x80-'0')) &^ (x7 + ones*(0x80-'9'-1)) &^ x & high
	if d&(uint64(1)<<(8*(j-i))-1) != 0 { // the bytes of the run only
		return true, true
	}
	if a, b, c := byte(x), byte(x>>8), byte(x>>16); j-i >= 3 && a-'a' < 26 && b-'a' < 26 && c-'a' < 26 {
		k := tri(a, b, c)
		return false, dead3[k>>6]&(1<<(k&63)) == 0
	}
	return false, !ruledOut(s[i:j])
}

// Verdicts of screenWord on a run of letters and digits.
const (
	vSkip    = iota // no digit, and startsWithWord rules it out
	vWord           // no digit, and startsWithWord accepts it
	vDigit          // it holds an ASCII digit
	vUnknown        // no digit; startsWithWord must tell
	vSlow           // screenRun must tell
)

// screenWord screens the run s[i:j] of a Word token: it returns vDigit
// when the run holds an ASCII digit, else vSkip when noWord rules it out,
// vWord when noWord accepts a run of up to three letters, vUnknown when
// startsWithWord must tell and vSlow when screenRun must, for runs of
// more than 16 bytes, ending the text closer than 8 bytes from their
// start or not starting with three lower-case ASCII letters (or fewer).
// The bytes of a Word token are ASCII letters and digits and non-ASCII
// bytes, so a digit is a byte whose two high bits are 0, and a lower-case
// ASCII letter one whose three high bits are 011.
func screenWord(s string, i, j int) uint8 {
	n := j - i
	if n > 16 || i+8 > len(s) {
		return vSlow
	}
	x := load64(s, i)
	if n < 8 {
		x &= 1<<(8*n) - 1 // the bytes of the run only
	}
	nx := ^x
	dig := nx & (nx << 1) & high
	if n < 8 {
		dig &= 1<<(8*n) - 1
	}
	if n > 8 {
		y := ^load64(s, j-8) // overlaps x: all bytes of the run
		dig |= y & (y << 1) & high
	}
	if dig != 0 {
		return vDigit
	}
	r := &runShapes[min(n, 8)]
	if x&r.lower != r.want {
		return vSlow
	}
	if noWord[x&31|x>>3&(31<<5)]>>((x>>16&31+r.bit)&63)&1 != 0 {
		return vSkip
	}
	if n <= 3 {
		return vWord // noWord is exact for them
	}
	return vUnknown
}

// item kinds.
const (
	itDigits = iota + 1 // a run of ASCII digits
	itWords             // a run split into pieces
	itConn              // a run that is one connective ("and")
	itSep               // a run that is one separator word ("dash")
)

// item is a run of letters and digits that takes part in numbers.
type item struct {
	start, end int32 // in the folded text
	run        int32 // ordinal of the run among all runs
	p0, p1     int32 // pieces[p0:p1]
	kind       uint8
	numeric    bool // holds a digit and a word or confusable, or two words
}

// group is a number being read from number words.
type group struct {
	start, end   int32
	total, cur   uint64
	lastBig      uint64
	lastVal      uint64
	last         wordKind
	lang         lang
	nwords       int
	strong       bool
	numeric      bool
	digitLit     bool
	roArticle    bool
	item0, item1 int
}

// extend adds w to the number g, joined by a connective of languages conn
// (0 for none), and reports whether the grammar of some common language
// allows it.
func (g *group) extend(w *numWord, conn lang) bool {
	l := g.lang & w.lang
	if g.roArticle && g.nwords == 1 && w.lang&ro != 0 && (w.kind == wHundred || w.kind == wBig) && conn == 0 {
		// Romanian "o sută", "o mie": o is the article "one".
		l, g.cur, g.lastVal = ro, 1, 1
	}
	if l == 0 || (conn != 0 && conn&l == 0) {
		return false
	}
	v := w.val
	hundredsDone := g.last == wHundred || g.last == wHundreds || (g.last == wBig || g.last == wBigFixed) && g.cur == 0
	switch w.kind {
	case wUnit:
		switch {
		case v == 0:
			return false
		case g.last == wTens && g.cur%10 == 0, hundredsDone:
			g.cur += v
		default:
			return false
		}
	case wTeen:
		switch {
		case w.flags&fArTeen != 0 && g.last == wUnit && conn == 0 && l&ar != 0 && g.cur%100 >= 1 && g.cur%100 <= 9:
			g.cur += v
		case hundredsDone:
			g.cur += v
		case g.last == wTens && l&fr != 0 && v < 20 && (g.cur%100 == 60 || g.cur%100 == 80):
			g.cur += v
		default:
			return false
		}
	case wTens:
		switch {
		case hundredsDone:
			g.cur += v
		case g.last == wUnit && conn == 0 && v == 20 && g.lastVal == 4 && l&fr != 0:
			g.cur += 76 // quatre-vingt
		case g.last == wUnit && conn != 0 && l&(de|nl|ar) != 0 && g.lastVal > 0 && g.cur%100 < 10:
			g.cur += v
		case g.last == wTens && v == 10 && l&fr != 0 && (g.cur%100 == 60 || g.cur%100 == 80):
			g.cur += v
		default:
			return false
		}
	case wHundred:
		switch {
		case conn == 0 && (g.last == wUnit || g.last == wTeen || g.last == wArticle) && g.cur > 0 && g.cur < 100:
			g.cur *= 100
		case (g.last == wBig || g.last == wBigFixed) && g.cur == 0:
			g.cur = 100
		default:
			return false
		}
	case wHundreds:
		if !((g.last == wBig || g.last == wBigFixed) && g.cur == 0) {
			return false
		}
		g.cur = v
	case wBig:
		if conn != 0 || g.cur == 0 || (g.lastBig != 0 && v >= g.lastBig) {
			return false
		}
		switch g.last {
		case wUnit, wTeen, wTens, wHundred, wHundreds, wArticle:
		default:
			return false
		}
		g.total += g.cur * v
		g.cur, g.lastBig = 0, v
	default:
		return false
	}
	g.lang = l
	g.last, g.lastVal = w.kind, v
	g.nwords++
	if w.flags&fWeak == 0 {
		g.strong = true
	}
	return true
}

// begin starts g with the word w.
func (g *group) begin(w *numWord, p piece, it int, numeric bool) {
	*g = group{start: p.start, end: p.end, lang: w.lang, last: w.kind, lastVal: w.val, nwords: 1,
		strong: w.flags&fWeak == 0, numeric: numeric, roArticle: w.flags&fRoArticle != 0, item0: it, item1: it}
	switch w.kind {
	case wBig:
		g.total, g.lastBig = w.val, w.val
	case wBigFixed:
		g.total, g.lastBig = w.val, 1000
	case wHundred:
		g.cur = 100
	default:
		g.cur = w.val
	}
}

// numGroup is a finished group.
type numGroup struct {
	start, end   int32
	val          uint64
	lang         lang // languages of its words; 0 for a written number times a word
	unit         bool // a single unit word (0–9)
	item0, item1 int
	conv         bool // converted for sure
	weak         bool // to convert only in numeric context
}

// digitLit is the last run of literal digits seen, which a multiplier
// word may follow ("5 hundred").
type digitLit struct {
	start, end int32
	val        uint64
	ok         bool
	// scale is the number of decimals of a decimal number ("1.5",
	// "2,25"), read as val / 10^scale, which only a multiplier of
	// thousands may follow ("1.5 mille" is 1500). item0 is then the item
	// of its integer part.
	scale, item0 int
}

// pow10 returns 10^n for a small n.
func pow10(n int) uint64 {
	v := uint64(1)
	for range n {
		v *= 10
	}
	return v
}

// pairHas reports whether some number word starts with the bytes a, b:
// the test that rules out most runs, inlined.
func pairHas(a, b byte) bool { return pair[a][b>>5]&(1<<(b&31)) != 0 }

// joinable reports whether a gap between two number words lets them form
// one number: white space and at most one hyphen ("twenty six",
// "soixante-deux").
func joinable(gap string) bool {
	if len(gap) > 3 {
		return false
	}
	dash := 0
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case ' ':
		case '-':
			dash++
		default:
			return false
		}
	}
	return dash <= 1
}

// maxSepGap is the longest gap between two runs in one row of numbers.
const maxSepGap = 8

// digitsScratch holds the working memory of digitsOf, pooled: most texts
// hold nothing to convert, and allocating it for each was most of their
// cost.
type digitsScratch struct {
	items  []item
	pieces []piece
	words  bool // some item holds number words or confusables
	groups []numGroup
	anchor []bool
	dp     [maxRun + 1][nStates]dpCell
}

// maxPooledItems bounds the slices kept in digitsPool.
const maxPooledItems = 1 << 14

var digitsPool = sync.Pool{New: func() any { return new(digitsScratch) }}

// scanRuns appends to sc.items the runs of letters and digits of s that
// may take part in numbers, toks being the tokens of s, and to sc.pieces
// their splits; it sets sc.words when some run holds number words or
// confusables. The runs are the Word and Number tokens: the token cache,
// which the callers of DigitsOf need anyway, saves scanning the text
// again. Most Word tokens are ordinary words that isPlainWord rules out
// at once; wordRun looks at the others.
func (sc *digitsScratch) scanRuns(s string, toks []Token) {
	nrun := int32(0) // ordinal of the next run
	for k := range toks {
		switch tk := &toks[k]; tk.Kind {
		case Number:
			sc.items = append(sc.items, item{start: tk.Start, end: tk.End, run: nrun, kind: itDigits})
			nrun++
		case Word:
			nrun++
			n := int(tk.End - tk.Start)
			if n <= 8 && int(tk.Start)+8 <= len(s) && isPlainWord(load64(s, int(tk.Start)), n) {
				continue
			}
			sc.wordRun(s, item{start: tk.Start, end: tk.End, run: nrun - 1})
		}
	}
}

// isPlainWord reports whether a run of n bytes of a Word token, 1 <= n <=
// 8, its bytes in x (the first in the low byte), holds no digit and is
// ruled out by startsWithWord, on the evidence of noWord: its first three
// bytes (or fewer) must be lower-case ASCII letters. The bytes of a Word
// token are ASCII letters and digits and non-ASCII bytes, so a digit is a
// byte whose two high bits are 0, and a lower-case ASCII letter one whose
// three high bits are 011.
func isPlainWord(x uint64, n int) bool {
	r := &runShapes[n&15]
	x &= r.keep
	nx := ^x
	if (x&r.lower)^r.want|nx&(nx<<1)&r.digits != 0 {
		return false
	}
	return noWord[x&31|x>>3&(31<<5)]>>((x>>16&31+r.bit)&63)&1 != 0
}

// runShape holds what isPlainWord needs to know of a run of n bytes.
type runShape struct {
	keep   uint64 // its bytes
	lower  uint64 // the three high bits of its first three bytes
	want   uint64 // what they must be (011) for lower-case letters
	digits uint64 // the high bits of its bytes past the third
	bit    uint64 // what to add to the third letter for its bit in noWord
}

var runShapes = func() (t [16]runShape) {
	for n := 1; n <= 8; n++ {
		keep := ^uint64(0)
		if n < 8 {
			keep = 1<<(8*n) - 1
		}
		t[n] = runShape{keep: keep, lower: 0xe0e0e0 & keep, want: 0x606060 & keep, digits: high & keep &^ 0xffffff}
		if n > 3 {
			t[n].bit = 32
		}
	}
	return t
}()

// wordRun appends it to sc.items, completed with the split of its run
// s[it.start:it.end] (appended to sc.pieces), when the run of a Word token
// may take part in numbers.
func (sc *digitsScratch) wordRun(s string, it item) {
	i, j := int(it.start), int(it.end)
	if j-i > maxRun {
		return
	}
	var hasDigit bool
	switch screenWord(s, i, j) {
	case vSkip:
		return
	case vDigit:
		hasDigit = true
	case vUnknown:
		if !startsWithWord(s[i:j]) {
			return
		}
	case vSlow:
		var maybe bool
		hasDigit, maybe = screenRun(s, i, j)
		if !hasDigit && (!maybe || !startsWithWord(s[i:j])) {
			return
		}
	}
	pieces := sc.pieces
	p0 := len(pieces)
	var ok bool
	wi := int32(-1)
	if !hasDigit {
		wi = wholeWord(s[i:j])
	}
	if wi >= 0 && trieWords[wi].kind != wPrefix {
		// The split of a run that is one word is that word, as
		// segment would find at the least cost, only faster.
		pieces, ok = append(pieces, piece{start: int32(i), end: int32(j), w: wi, kind: pWord}), true
	} else {
		pieces, ok = segment(s[i:j], i, hasDigit, pieces, &sc.dp)
	}
	if !ok {
		sc.pieces = pieces[:p0]
		return
	}
	sc.pieces = pieces
	it.p0, it.p1, it.kind = int32(p0), int32(len(pieces)), itWords
	nw, other := 0, 0
	for _, p := range pieces[p0:] {
		if p.kind == pWord {
			switch trieWords[p.w].kind {
			case wConn, wPrefix, wDash, wDot:
			default:
				nw++
			}
		} else if p.kind == pConf {
			other++
		}
	}
	if len(pieces)-p0 == 1 && pieces[p0].kind == pWord {
		switch trieWords[pieces[p0].w].kind {
		case wConn:
			it.kind = itConn
		case wDash, wDot:
			it.kind = itSep
		}
	}
	it.numeric = nw >= 2 || hasDigit && (nw > 0 || other > 0)
	if it.kind != itWords || nw > 0 || other > 0 {
		sc.words = true
	}
	sc.items = append(sc.items, it)
}

func digitsOf(f *Text) *Text {
	s := f.Norm
	sc := digitsPool.Get().(*digitsScratch)
	sc.items, sc.pieces, sc.words = sc.items[:0], sc.pieces[:0], false
	sc.scanRuns(s, f.Tokens())
	var (
		items  = sc.items
		pieces = sc.pieces
		groups = sc.groups[:0]
		words  = sc.words
	)
	defer func() {
		if cap(items) <= maxPooledItems && cap(pieces) <= maxPooledItems && cap(groups) <= maxPooledItems {
			sc.items, sc.pieces, sc.groups = items[:0], pieces[:0], groups[:0]
			digitsPool.Put(sc)
		}
	}()
	if !words {
		return f
	}

	// Read numbers from the pieces.
	var (
		g       group
		active  bool
		lit     digitLit
		conn    lang // connective pending between the group and the next word
		connOK  bool // the pending connective is joinable to what follows
		prevIdx = -1
	)
	finish := func() {
		if !active {
			return
		}
		active = false
		ng := numGroup{start: g.start, end: g.end, val: g.total + g.cur, item0: g.item0, item1: g.item1,
			lang: g.lang, unit: g.nwords == 1 && g.last == wUnit}
		if g.digitLit {
			ng.lang = 0
		}
		switch {
		case g.nwords == 1 && g.last == wArticle:
			return
		case g.nwords >= 2 || g.digitLit || g.numeric || g.strong:
			ng.conv = true
		case g.last == wHundred || g.last == wBig:
			// A lone weak multiplier ("cents", "mil", "bin") is read
			// only as part of a number.
			return
		default:
			ng.weak = true
		}
		groups = append(groups, ng)
	}
	for ii := range items {
		it := &items[ii]
		join := false
		if prevIdx >= 0 {
			pv := &items[prevIdx]
			join = it.run == pv.run+1 && joinable(s[pv.end:it.start])
		}
		prevIdx = ii
		if !join {
			conn, connOK = 0, false
		}
		switch it.kind {
		case itDigits:
			finish()
			prev := lit
			lit = digitLit{start: it.start, end: it.end, item0: ii}
			n := it.end - it.start
			if n <= 3 && s[it.start] != '0' {
				v := uint64(0)
				for _, c := range []byte(s[it.start:it.end]) {
					v = v*10 + uint64(c-'0')
				}
				lit.val, lit.ok = v, true
			}
			if ii > 0 && items[ii-1].kind == itDigits && prev.end == items[ii-1].end && prev.scale == 0 &&
				(prev.ok || prev.end-prev.start == 1 && s[prev.start] == '0') &&
				it.start == prev.end+1 && (s[prev.end] == '.' || s[prev.end] == ',') && n <= 3 {
				// A decimal number: kept for a multiplier that may follow.
				v := prev.val
				for _, c := range []byte(s[it.start:it.end]) {
					v = v*10 + uint64(c-'0')
				}
				lit = digitLit{start: prev.start, end: it.end, val: v, ok: true, scale: int(n), item0: ii - 1}
			}
			conn = 0
			continue
		case itSep:
			finish()
			lit.ok, conn = false, 0
			continue
		case itConn:
			if active && join && conn == 0 {
				conn, connOK = trieWords[pieces[it.p0].w].lang, true
			} else {
				finish()
				conn = 0
			}
			lit.ok = false
			continue
		}
		if !join && active {
			finish()
		}
		if !join {
			lit.ok = false
		}
		inRunConn := lang(0)
		for k := it.p0; k < it.p1; k++ {
			p := pieces[k]
			first := k == it.p0
			cn := inRunConn
			jn := true
			if first {
				cn, jn = conn, join && (conn == 0 || connOK)
			}
			inRunConn = 0
			switch p.kind {
			case pDigit:
				finish()
				if first || lit.end != p.start {
					lit = digitLit{start: p.start, ok: true}
				}
				lit.end = p.end
				if lit.ok = lit.ok && lit.end-lit.start <= 3 && s[lit.start] != '0'; lit.ok {
					lit.val = lit.val*10 + uint64(p.d-'0')
				}
				continue
			case pConf:
				finish()
				lit.ok = false
				continue
			}
			w := &trieWords[p.w]
			switch w.kind {
			case wConn:
				if active && jn {
					inRunConn = w.lang
				}
				continue
			case wPrefix:
				continue
			}
			if active && jn && g.extend(w, cn) {
				g.end, g.item1 = p.end, ii
				g.numeric = g.numeric || it.numeric
				lit.ok = false
				continue
			}
			finish()
			if lit.ok && lit.scale > 0 && jn && cn == 0 && w.kind == wBig && w.flags&fNoDigits == 0 &&
				first && join && w.val%pow10(lit.scale) == 0 {
				// "1.5 mille": the decimal times the multiplier is whole.
				g = group{start: lit.start, end: p.end, total: lit.val * (w.val / pow10(lit.scale)),
					last: wBig, lastVal: w.val, lastBig: w.val, lang: w.lang, nwords: 1,
					digitLit: true, item0: lit.item0, item1: ii}
				active = true
				lit.ok = false
				continue
			}
			if lit.ok && lit.scale == 0 && jn && cn == 0 && (w.kind == wHundred || w.kind == wBig) && w.flags&fNoDigits == 0 &&
				(lit.end == p.start || first && join) {
				g = group{start: lit.start, end: p.end, cur: lit.val, last: wUnit, lastVal: lit.val,
					lang: ^lang(0), digitLit: true, item0: ii, item1: ii}
				if g.extend(w, 0) {
					g.nwords = 1
					active = true
					lit.ok = false
					continue
				}
			}
			lit.ok = false
			g.begin(w, p, ii, it.numeric)
			active = true
		}
		conn = 0
	}
	finish()

	// Decide the doubtful groups from their row of numbers, and mark the
	// items that hold a number.
	anchor := slices.Grow(sc.anchor[:0], len(items))[:len(items)]
	clear(anchor)
	if cap(anchor) <= maxPooledItems {
		sc.anchor = anchor[:0]
	}
	gi := 0
	for a := 0; a < len(items); {
		b := a + 1
		for b < len(items) && items[b].run == items[b-1].run+1 && items[b].start-items[b-1].end <= maxSepGap {
			b++
		}
		// items[a:b] is a row.
		g0 := gi
		var rowLang lang // languages of the number words read for sure
		for gi < len(groups) && groups[gi].item0 < b {
			if groups[gi].conv {
				rowLang |= groups[gi].lang
			}
			gi++
		}
		for k := a; k < b; k++ {
			anchor[k] = items[k].kind == itDigits || items[k].numeric
		}
		for _, ng := range groups[g0:gi] {
			if ng.conv {
				for k := ng.item0; k <= ng.item1; k++ {
					anchor[k] = true
				}
			}
		}
		for x := g0; x < gi; x++ {
			ng := &groups[x]
			if !ng.weak {
				continue
			}
			// A doubtful word is a number in a row holding number words
			// of its language, or as a unit between two numbers.
			if ng.lang&rowLang != 0 || ng.unit && ng.item0 > a && ng.item1+1 < b && anchor[ng.item0-1] && anchor[ng.item1+1] {
				ng.conv = true
			}
		}
		for _, ng := range groups[g0:gi] {
			if ng.conv {
				for k := ng.item0; k <= ng.item1; k++ {
					anchor[k] = true
				}
			}
		}
		a = b
	}

	// Collect the edits.
	type edit struct {
		start, end int32
		text       string
	}
	var edits []edit
	var num []byte
	for _, ng := range groups {
		if ng.conv {
			num = strconv.AppendUint(num[:0], ng.val, 10)
			edits = append(edits, edit{ng.start, ng.end, string(num)})
		}
	}
	for k := range items {
		it := &items[k]
		switch {
		case it.kind == itWords && it.numeric:
			for _, p := range pieces[it.p0:it.p1] {
				if p.kind == pConf {
					edits = append(edits, edit{p.start, p.end, digitStr[p.d-'0']})
				}
			}
		case it.kind == itSep:
			if k > 0 && k+1 < len(items) && anchor[k-1] && anchor[k+1] &&
				items[k-1].run+1 == it.run && it.run+1 == items[k+1].run &&
				it.start-items[k-1].end <= maxSepGap && items[k+1].start-it.end <= maxSepGap {
				t := "-"
				if trieWords[pieces[it.p0].w].kind == wDot {
					t = "."
				}
				edits = append(edits, edit{it.start, it.end, t})
			}
		}
	}
	if len(edits) == 0 {
		return f
	}
	slices.SortFunc(edits, func(a, b edit) int { return int(a.start - b.start) })

	b := newBuilder(len(s) + 8)
	pos := 0
	for _, e := range edits {
		if int(e.start) < pos {
			continue // cannot happen: edits never overlap
		}
		b.copyFrom(f, pos, int(e.start))
		os, oe := f.Span(int(e.start), int(e.end))
		b.add(e.text, os, oe)
		pos = int(e.end)
	}
	b.copyFrom(f, pos, len(s))
	return b.text(f.Orig)
}

var digitStr = [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
