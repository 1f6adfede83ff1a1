package rules

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	mathbits "math/bits"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// MaxGap is the largest N of a "~N" gap element.
const MaxGap = 5

type elemKind uint8

const (
	eLit    elemKind = iota + 1 // one token equal to lit
	ePrefix                     // one token starting with lit
	eGap                        // up to n arbitrary tokens
	eNum                        // one Number token
	eEnt                        // the tokens of one entity whose kind is in kinds
)

// elem is one compiled element of a pattern. lit is folded; alt holds the
// Arabic forms of lit without a leading article (for clitic matching).
type elem struct {
	kind  elemKind
	n     int
	kinds uint32 // bit i set for vigie.EntityKinds[i]
	lit   string
	alt   []string
	// Set by matcher.finish: the id of lit among the interned words (eLit
	// only) and whether lit is Arabic.
	id     int32
	arabic bool
	head   uint64 // head(lit)
}

type pattern struct {
	ind   int32
	lang  string
	langs []string // every language key listing this pattern, lang first
	src   string
	elems []elem
}

// matcher finds patterns in a token stream. Patterns are indexed by their
// first element: a literal token (and its Arabic article-less forms), two
// levels deep when the second element is a literal too; a prefix by the
// first three bytes of its stem; <num> and entity placeholders in lists.
//
// While loading, the index lives in Go maps keyed by strings; finish turns
// it into open-addressing tables over interned literals, so that a text
// token is hashed once and then compared by id: matching runs on every
// token of every text, and string-keyed map lookups dominated it.
type matcher struct {
	pats []pattern
	seen map[string]int32 // pattern key -> index in pats, while loading
	lit  map[string]*litNode
	pre  map[string][]int32
	num  []int32
	ent  [32][]int32
	// nEnts is the number of patterns starting with an entity placeholder.
	nEnts int

	// Built by finish from lit and pre.
	words strTable     // every literal of every pattern (and its Arabic forms)
	first []firstEntry // by word id: patterns whose first element is that word
	// firstMask is by word id the nextMask of first, or all ones when the
	// word has patterns in any or pre: the word needs a visit by run
	// when its mask has a bit of the next word (all for an Arabic one).
	firstMask []uint64
	pairs     pairTable    // (first word id, second word id) -> patterns
	nums      candList     // num by candidate group
	ents      [32]candList // ent by candidate group
	lists     []candList   // pattern lists referred to by pairs and prefixes
	prefs     pairTable    // first three bytes of a prefix stem -> patterns
	candv     []cand       // every candidate list, one after the other
	tests     []candTest   // the tests of candv, at the same indexes
	// entBits has the bits of the entity kinds some placeholder accepts:
	// other entities cannot take part in a match.
	entBits uint32
}

// litNode holds the patterns whose first element is one literal token:
// those whose second element is a literal too are indexed by it, so that
// common first words ("no", "je", "بدون") do not make every pattern that
// starts with them a candidate.
type litNode struct {
	any  []int32
	next map[string][]int32
}

// firstEntry is litNode by word id once the book is loaded. nextMask has
// bit nextBit(id) set for the id of every second word in pairs: a cheap
// test before looking the pair up.
//
// pre holds the patterns whose first element is a prefix of the word, as
// candidates whose first element is known to match: a token that has an id
// and is not Arabic needs no walk of the prefix index.
type firstEntry struct {
	any      candList
	pre      candList
	nextMask uint64
}

// candList is a list of candidates, m.candv[off:off+n] (and their tests
// in m.tests): one array holds them all, so that they take few cache
// lines and no pointers to follow.
type candList struct{ off, n int32 }

// candTest is the test of a cand, apart and in 16 bytes: most candidates
// fail it, and four fit in a cache line. n is the length of lit for a
// prefix (255 when longer).
type candTest struct {
	head   uint64
	id     int32
	gap    uint8
	kind   elemKind
	arabic bool
	n      uint8
}

// list appends the candidates cs to m.candv and returns their list.
func (m *matcher) list(cs []cand) candList {
	l := candList{off: int32(len(m.candv)), n: int32(len(cs))}
	for _, c := range cs {
		m.candv = append(m.candv, c)
		m.tests = append(m.tests, candTest{
			head: c.head, id: c.id, gap: uint8(c.gap), kind: c.kind, arabic: c.arabic,
			n: uint8(min(len(c.lit), 255)),
		})
	}
	return l
}

func nextBit(id int32) uint64 { return 1 << (uint32(id) * 0x9e3779b1 >> 26) }

// cand is a group of candidate patterns found by the index, with a copy
// of the first element they do not know to match yet (kind 0 when that
// element is not one token, or there is none), so that most candidates are
// ruled out without touching the patterns, and those sharing that element
// ("i ~1 ll pay", "i ~1 ll bring") by one test. When that element is a
// gap, the copy is of the element after it, which must match one of the
// gap+1 next tokens. When that element is one token right at the start,
// then holds the same test for the element after it.
//
// The fields may tests come first, in the cache line where the candidate
// starts; tryAt tests the copies in candTest.
type cand struct {
	head   uint64 // head(lit)
	id     int32  // eLit: the word id
	gap    int32
	kind   elemKind
	arabic bool
	lit    string
	then   *cand
	pis    []int32
}

// same reports whether c and o make the same tests.
func (c *cand) same(o *cand) bool {
	if c.kind != o.kind || c.id != o.id || c.gap != o.gap || c.arabic != o.arabic || c.lit != o.lit {
		return false
	}
	if c.then == nil || o.then == nil {
		return c.then == o.then
	}
	return c.then.same(o.then)
}

// check returns the test of the elements el[d:], as in cand.
func check(el []elem, d int, deep bool) cand {
	var c cand
	if d < len(el) && el[d].kind == eGap && d+1 < len(el) {
		c.gap = int32(el[d].n)
		d++
	}
	if d < len(el) {
		if e := &el[d]; e.kind == eLit || e.kind == ePrefix || e.kind == eNum {
			c.kind, c.id, c.arabic, c.lit, c.head = e.kind, e.id, e.arabic, e.lit, e.head
		}
	}
	if c.kind == 0 {
		c.gap = 0
		return c
	}
	if deep && c.gap == 0 {
		if t := check(el, d+1, false); t.kind != 0 {
			c.then = &t
		}
	}
	return c
}

// cands returns the candidates of the patterns pis, whose first done
// elements the index matches.
func (m *matcher) cands(pis []int32, done int) []cand {
	var out []cand
	for _, pi := range pis {
		c := check(m.pats[pi].elems, done, true)
		k := slices.IndexFunc(out, func(o cand) bool { return c.same(&o) })
		if k < 0 {
			out = append(out, c)
			k = len(out) - 1
		}
		out[k].pis = append(out[k].pis, pi)
	}
	return out
}

// placeholders maps the placeholder names of the pattern syntax to entity
// kinds. <num> is handled apart: it is a token kind, not an entity.
var placeholders = func() map[string]uint32 {
	m := map[string]uint32{}
	for i, k := range vigie.EntityKinds {
		m[string(k)] = 1 << i
	}
	bit := func(k vigie.EntityKind) uint32 { return m[string(k)] }
	m["handle"] = bit(vigie.KindWhatsApp) | bit(vigie.KindTelegram) | bit(vigie.KindViber) |
		bit(vigie.KindSignal) | bit(vigie.KindSkype) | bit(vigie.KindSnapchat) |
		bit(vigie.KindInstagram) | bit(vigie.KindFacebook) | bit(vigie.KindTikTok)
	m["wallet"] = bit(vigie.KindCryptoWallet)
	return m
}()

func kindBit(k vigie.EntityKind) uint32 {
	for i, kk := range vigie.EntityKinds {
		if kk == k {
			return 1 << i
		}
	}
	return 0
}

// compile turns one pattern of the rulebook into elements.
func compile(src, lang string) ([]elem, error) {
	fields := strings.Fields(src)
	if len(fields) == 0 {
		return nil, errors.New("empty pattern")
	}
	var out []elem
	for _, f := range fields {
		switch {
		case len(f) > 2 && f[0] == '<' && f[len(f)-1] == '>':
			name := f[1 : len(f)-1]
			if name == "num" {
				out = append(out, elem{kind: eNum})
				continue
			}
			k, ok := placeholders[name]
			if !ok {
				return nil, fmt.Errorf("unknown placeholder %s", f)
			}
			out = append(out, elem{kind: eEnt, kinds: k})
		case len(f) > 1 && f[0] == '~' && allDigits(f[1:]):
			n, _ := strconv.Atoi(f[1:])
			if n < 1 || n > MaxGap {
				return nil, fmt.Errorf("gap %s out of range ~1..~%d", f, MaxGap)
			}
			if len(out) == 0 {
				return nil, fmt.Errorf("gap %s at the start", f)
			}
			if out[len(out)-1].kind == eGap {
				return nil, fmt.Errorf("two gaps in a row before %s", f)
			}
			out = append(out, elem{kind: eGap, n: n})
		case len(f) > 1 && f[len(f)-1] == '*':
			toks, ft := foldTokens(f[:len(f)-1])
			if len(toks) == 0 {
				return nil, fmt.Errorf("prefix %s has no letters or digits", f)
			}
			for _, tk := range toks[:len(toks)-1] {
				out = append(out, litElem(ft.Norm[tk.Start:tk.End]))
			}
			last := toks[len(toks)-1]
			stem := ft.Norm[last.Start:last.End]
			minLen := 3
			if isArabic(stem) {
				minLen = 2
			}
			if utf8.RuneCountInString(stem) < minLen || last.Kind == normalize.Punct || last.Kind == normalize.Symbol {
				return nil, fmt.Errorf("prefix %s: stem %q shorter than %d letters", f, stem, minLen)
			}
			e := elem{kind: ePrefix, lit: stem}
			e.alt = articleless(stem, nil)
			out = append(out, e)
		default:
			if strings.ContainsAny(f, "<>") && (f[0] == '<' || f[len(f)-1] == '>') {
				return nil, fmt.Errorf("malformed placeholder %s", f)
			}
			toks, ft := foldTokens(f)
			if len(toks) == 0 {
				if len(ft.Tokens()) > 0 {
					continue // apostrophes and hyphens alone are skipped, as in the text
				}
				return nil, fmt.Errorf("literal %q folds to nothing", f)
			}
			for _, tk := range toks {
				out = append(out, litElem(ft.Norm[tk.Start:tk.End]))
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("pattern of apostrophes and hyphens only")
	}
	if out[len(out)-1].kind == eGap {
		return nil, errors.New("gap at the end")
	}
	anchored := false
	for _, e := range out {
		switch e.kind {
		case eLit, ePrefix:
			anchored = true
			if lang == "*" && hasLetter(e.lit) {
				return nil, fmt.Errorf("word %q in a language-neutral (*) pattern: put it under its language", e.lit)
			}
		case eEnt:
			anchored = true
		}
	}
	if !anchored {
		return nil, errors.New("only <num> and gaps: the pattern would fire on every number")
	}
	return out, nil
}

func litElem(s string) elem {
	return elem{kind: eLit, lit: s, alt: articleless(s, nil)}
}

func foldTokens(s string) ([]normalize.Token, *normalize.Text) {
	t := normalize.Fold(s)
	return matchTokens(t), t
}

// matchTokens returns the tokens of t that take part in matching: every
// token but apostrophes and hyphens, which are written so inconsistently
// ("l'Europe", "l’Europe", "l Europe"; "Grande-Synthe", "Grande Synthe")
// that patterns are better written without them. The slice is t.Tokens()
// itself when nothing is skipped.
func matchTokens(t *normalize.Text) []normalize.Token {
	toks := t.Tokens()
	first := -1
	for i, tk := range toks {
		if ignorable(t.Norm, tk) {
			first = i
			break
		}
	}
	if first < 0 {
		return toks
	}
	out := make([]normalize.Token, first, len(toks))
	copy(out, toks[:first])
	for _, tk := range toks[first+1:] {
		if !ignorable(t.Norm, tk) {
			out = append(out, tk)
		}
	}
	return out
}

// ignorable reports whether tk is an apostrophe or a hyphen.
func ignorable(norm string, tk normalize.Token) bool {
	if tk.Kind != normalize.Punct {
		return false
	}
	if c := norm[tk.Start]; c != '\'' && c != '-' && c != '`' && c != 0xe2 {
		return false
	}
	switch norm[tk.Start:tk.End] {
	case "'", "-", "\u2019", "\u2018", "\u2010", "\u2011", "\u2013", "`":
		return true
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				return true
			}
			continue
		}
		if isLetterRune(r) {
			return true
		}
	}
	return false
}

// add compiles one pattern of indicator ind and indexes it. A pattern that
// compiles to the same elements as one already added to the same indicator
// under another language key ("whatsapp" in every language) is matched
// once; its hits report the text's language when it is among the keys.
func (m *matcher) add(ind int, lang, src string) error {
	elems, err := compile(src, lang)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("%d\x00%v", ind, elems)
	if m.seen == nil {
		m.seen = map[string]int32{}
	}
	if pi, ok := m.seen[key]; ok {
		if p := &m.pats[pi]; !slices.Contains(p.langs, lang) {
			p.langs = append(p.langs, lang)
		}
		return nil
	}
	pi := int32(len(m.pats))
	m.seen[key] = pi
	m.pats = append(m.pats, pattern{ind: int32(ind), lang: lang, langs: []string{lang}, src: src, elems: elems})
	if m.lit == nil {
		m.lit = map[string]*litNode{}
	}
	e := elems[0]
	switch e.kind {
	case eLit:
		for _, f := range append([]string{e.lit}, e.alt...) {
			n := m.lit[f]
			if n == nil {
				n = &litNode{}
				m.lit[f] = n
			}
			if len(elems) < 2 || elems[1].kind != eLit {
				n.any = append(n.any, pi)
				continue
			}
			if n.next == nil {
				n.next = map[string][]int32{}
			}
			for _, g := range append([]string{elems[1].lit}, elems[1].alt...) {
				n.next[g] = append(n.next[g], pi)
			}
		}
	case ePrefix:
		if m.pre == nil {
			m.pre = map[string][]int32{}
		}
		for _, f := range append([]string{e.lit}, e.alt...) {
			if len(f) >= 3 {
				m.pre[f[:3]] = append(m.pre[f[:3]], pi)
			}
		}
	case eNum:
		m.num = append(m.num, pi)
	case eEnt:
		for i := range m.ent {
			if e.kinds&(1<<i) != 0 {
				m.ent[i] = append(m.ent[i], pi)
			}
		}
		m.nEnts++
	}
	return nil
}

// finish removes duplicate pattern indexes (a pattern indexed under two
// forms that are equal) once every pattern is added, and builds the
// tables used while matching.
func (m *matcher) finish() {
	m.seen = nil
	for k, v := range m.pre {
		slices.Sort(v)
		m.pre[k] = slices.Compact(v)
	}
	// Intern every literal a token may be compared with: first-element
	// keys, second-element keys and every literal element. The words that
	// start a pattern, as a literal or as a word a prefix accepts, come
	// first, so that first holds only them: the other words of a text are
	// known not to start a pattern without touching it.
	//
	// Map keys are visited sorted, so that the tables are laid out alike
	// on every load: the cost of matching (probe lengths, collisions of
	// the bit sets) is then the same from one run to the next.
	litKeys := slices.Sorted(maps.Keys(m.lit))
	var rest []string
	for _, k := range litKeys {
		m.words.intern(k)
	}
	for pi := range m.pats {
		p := &m.pats[pi]
		for k := range p.elems {
			e := &p.elems[k]
			e.arabic = isArabic(e.lit)
			e.head = head(e.lit)
			if e.kind != eLit {
				continue
			}
			for _, w := range append([]string{e.lit}, e.alt...) {
				if m.lit[w] != nil {
					continue
				}
				if len(m.prefixPats(w)) > 0 {
					m.words.intern(w)
				} else {
					rest = append(rest, w)
				}
			}
		}
	}
	nfirst := len(m.words.strs)
	for _, w := range rest {
		m.words.intern(w)
	}
	for pi := range m.pats {
		for k := range m.pats[pi].elems {
			if e := &m.pats[pi].elems[k]; e.kind == eLit {
				e.id = m.words.intern(e.lit)
			}
		}
	}
	m.words.build()
	m.first = make([]firstEntry, nfirst)
	for id := range m.first {
		if pis := m.prefixPats(m.words.strs[id]); len(pis) > 0 {
			m.first[id].pre = m.list(m.cands(pis, 1))
		}
	}
	npairs := 0
	for _, n := range m.lit {
		npairs += len(n.next)
	}
	m.pairs.init(npairs)
	for _, k := range litKeys {
		n := m.lit[k]
		n.any = slices.Compact(n.any)
		id := m.words.find(k)
		f := &m.first[id]
		f.any = m.list(m.cands(n.any, 1))
		for _, k2 := range slices.Sorted(maps.Keys(n.next)) {
			v := n.next[k2]
			v = slices.Compact(v)
			n.next[k2] = v
			id2 := m.words.find(k2)
			f.nextMask |= nextBit(id2)
			m.lists = append(m.lists, m.list(m.cands(v, 2)))
			m.pairs.put(pairKey(id, id2), int32(len(m.lists)-1))
		}
	}
	m.firstMask = make([]uint64, len(m.first))
	for id, f := range m.first {
		m.firstMask[id] = f.nextMask
		if f.any.n > 0 || f.pre.n > 0 {
			m.firstMask[id] = ^uint64(0)
		}
	}
	m.prefs.init(len(m.pre))
	for _, k := range slices.Sorted(maps.Keys(m.pre)) {
		v := m.pre[k]
		m.lists = append(m.lists, m.list(m.cands(v, 0)))
		m.prefs.put(preKey(head(k)), int32(len(m.lists)-1))
	}
	m.nums = m.list(m.cands(m.num, 1))
	for b := range m.ent {
		m.ents[b] = m.list(m.cands(m.ent[b], 1))
	}
	for _, p := range m.pats {
		for _, e := range p.elems {
			if e.kind == eEnt {
				m.entBits |= e.kinds
			}
		}
	}
}

// prefixPats returns the patterns, sorted, whose first element is a
// prefix that the word w, not Arabic, starts with: the test walk makes on
// such a token, made once per book for the words a text token may be.
func (m *matcher) prefixPats(w string) []int32 {
	if len(w) < 3 {
		return nil
	}
	var out []int32
	for _, pi := range m.pre[w[:3]] {
		if strings.HasPrefix(w, m.pats[pi].elems[0].lit) {
			out = append(out, pi)
		}
	}
	return out
}

// strHash returns a hash of s, computed eight bytes at a time (it runs
// once per token of every text), with its low byte replaced by the length
// of s (255 when longer), and the first eight bytes of s (see head).
func strHash(s string) (tag uint32, hd uint64) {
	hd = head(s)
	return hashHead(s, hd), hd
}

// hashHead is the tag of strHash given the head of s.
func hashHead(s string, hd uint64) uint32 {
	if len(s) <= 8 {
		return hashShort(len(s), hd)
	}
	h := (hd ^ uint64(len(s))) * hashMul
	for i := 8; i < len(s); i += 8 {
		h ^= h >> 29
		h = (h ^ head(s[i:])) * hashMul
	}
	h ^= h >> 32
	return uint32(h)&^0xff | uint32(min(len(s), 255))
}

const hashMul = 0x9e3779b97f4a7c15

// hashShort is hashHead for a string of n <= 8 bytes, small enough to be
// inlined where every token is hashed.
func hashShort(n int, hd uint64) uint32 {
	h := (hd ^ uint64(n)) * hashMul
	h ^= h >> 32
	return uint32(h)&^0xff | uint32(n)
}

// head packs the first eight bytes of s (fewer when shorter, the rest
// zero) into a word, little end first: two strings of at most eight bytes
// are equal when their lengths and heads are, and a prefix of at most
// eight bytes can be tested with a mask.
func head(s string) uint64 {
	if len(s) >= 8 {
		_ = s[7]
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	var h uint64
	for i := len(s) - 1; i >= 0; i-- {
		h = h<<8 | uint64(s[i])
	}
	return h
}

// headMask returns the mask of the bytes of a head holding a prefix of n
// bytes (all of them when n >= 8, none when n is 0), without a branch.
func headMask(n int) uint64 {
	return ^uint64(0) >> (64 - 8*uint(min(n, 8)))
}

// headMasks holds headMask(n) at n for n < 256: a table read is cheaper
// than the shift, whose count Go must check, and than min(n, 8).
var headMasks = func() (t [256]uint64) {
	for n := range t {
		t[n] = headMask(n)
	}
	return t
}()

// load8 returns the eight bytes of s at i, little end first, in one load:
// head(s[i:]) when i+8 <= len(s), small enough to be inlined.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasPrefix is strings.HasPrefix(w, p) given the heads of w and p.
func hasPrefix(w string, wh uint64, p string, ph uint64) bool {
	if len(w) < len(p) || wh&headMask(len(p)) != ph {
		return false
	}
	return len(p) <= 8 || w[8:len(p)] == p[8:]
}

// strTable interns strings: an open-addressing hash table from a string to
// its id, the index of the string in strs.
type strTable struct {
	strs  []string
	ids   map[string]int32 // while loading
	slots []strSlot
	mask  uint32
	// filter has bit tag>>8&0xffff set for every string: half the tokens
	// of a text are no literal of any pattern, and this small bit set
	// rules most of them out without touching the larger table.
	filter [1 << 10]uint64
	// oneByte holds the id of every string of one byte, -1 for the others.
	oneByte [256]int32
}

type strSlot struct {
	head uint64
	tag  uint32
	id   int32 // id + 1; 0 for an empty slot
}

func (t *strTable) intern(s string) int32 {
	if id, ok := t.ids[s]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = map[string]int32{}
	}
	id := int32(len(t.strs))
	t.strs = append(t.strs, s)
	t.ids[s] = id
	return id
}

// build fills the slots once every string is interned (load factor at
// most 1/4, so that most misses end on the first empty slot).
func (t *strTable) build() {
	n := 16
	for n < 2*len(t.strs) {
		n *= 2
	}
	t.slots = make([]strSlot, n)
	t.mask = uint32(n - 1)
	for id, s := range t.strs {
		tag, hd := strHash(s)
		f := tag >> 8 & 0xffff
		t.filter[f>>6] |= 1 << (f & 63)
		i := tag >> 8 & t.mask
		for t.slots[i].id != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = strSlot{head: hd, tag: tag, id: int32(id) + 1}
	}
	for c := range t.oneByte {
		t.oneByte[c] = t.find(string([]byte{byte(c)}))
	}
	t.ids = nil
}

// find returns the id of s, or -1.
func (t *strTable) find(s string) int32 {
	tag, hd := strHash(s)
	return t.lookup(s, tag, hd)
}

// lookup returns the id of s, whose strHash is tag and hd, or -1.
func (t *strTable) lookup(s string, tag uint32, hd uint64) int32 {
	if f := tag >> 8 & 0xffff; t.filter[f>>6]&(1<<(f&63)) == 0 || len(t.slots) == 0 {
		return -1
	}
	for i := tag >> 8 & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.id == 0 {
			return -1
		}
		// Equal tags mean equal lengths up to 254 bytes, so equal heads
		// settle it for strings of eight bytes at most.
		if sl.tag == tag && sl.head == hd && (len(s) <= 8 || t.strs[sl.id-1] == s) {
			return sl.id - 1
		}
	}
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// preKey packs the first three bytes of a string of at least three bytes,
// from its head, into a non-zero key.
func preKey(hd uint64) uint64 { return 1<<24 | hd&0xffffff }

// pairTable is an open-addressing hash table from a non-zero uint64 key to
// an index into matcher.lists.
type pairTable struct {
	slots []pairSlot
	shift uint
	// filter has bit key*k>>52 set for every key: most lookups miss, and
	// this small bit set answers most of them.
	filter [1 << 6]uint64
}

// filterBit returns the word and bit of key in pairTable.filter.
func filterBit(key uint64) (word, bit uint64) {
	h := key * 0xc2b2ae3d27d4eb4f >> 52
	return h >> 6, 1 << (h & 63)
}

type pairSlot struct {
	key uint64 // 0 for an empty slot
	val int32
}

func (t *pairTable) init(n int) {
	size, bits := 16, uint(4)
	for size < 4*n {
		size *= 2
		bits++
	}
	t.slots = make([]pairSlot, size)
	t.shift = 64 - bits
}

func (t *pairTable) slot(key uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> t.shift }

// put sets the value of key; every key is put once.
func (t *pairTable) put(key uint64, val int32) {
	mask := uint64(len(t.slots) - 1)
	i := t.slot(key)
	for t.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = pairSlot{key: key, val: val}
	w, b := filterBit(key)
	t.filter[w] |= b
}

// get returns the value of key, or -1.
func (t *pairTable) get(key uint64) int32 {
	if w, b := filterBit(key); t.filter[w]&b == 0 || len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		sl := t.slots[i]
		if sl.key == key {
			return sl.val
		}
		if sl.key == 0 {
			return -1
		}
	}
}

// rawHit is one match of pattern pat over tokens [a, b).
type rawHit struct {
	ind  int32
	pat  int32
	a, b int32
}

// entRange is one entity mapped onto the tokens [a, b) it overlaps.
type entRange struct {
	a, b int32
	bit  uint32
}

// tok is a token of the text taking part in matching, with what matching
// needs of it computed once.
type tok struct {
	head       uint64
	start, end int32 // Norm[start:end]
	id         int32 // id of the token in matcher.words, -1 if no pattern has it
	kind       normalize.TokenKind
	arabic     bool // an Arabic word, whose clitic-less forms count too
}

// scan is the state of matching one text. Its slices are reused from one
// text to the next (Book.pool).
type scan struct {
	m    *matcher
	norm string
	toks []tok
	ents []entRange // sorted by a, then b
	hits []rawHit
	// alt holds the Arabic clitic-less forms of a text token.
	altBuf [8]string
	// slow is scratch space for reset.
	slow []int32
	// present has bit id set for every word id of the text: a literal
	// that is not there cannot match, whatever the tokens around.
	present []uint64
	// open, w, seen and firsts are scratch space for merge and combine,
	// keys and order for ScoreLang.
	open   []int32
	w      []float64
	seen   []bool
	firsts []int32
	keys   []hitKey
	order  []int32
}

// reset prepares s to match text t: its tokens with their word ids and
// the words present.
//
// It runs on every token of every text, so it is written for the
// compiler: Go keeps few variables of a loop in registers, and none
// across a call, so the work is split into loops with few variables and
// no calls but for the rare cases, listed for a last loop.
func (s *scan) reset(m *matcher, t *normalize.Text) {
	s.m = m
	s.norm = t.Norm
	s.ents = s.ents[:0]
	s.hits = s.hits[:0]
	src := t.Tokens()
	// Every token is written by index into slices of the right length,
	// cut to the number kept at the end: cheaper than append.
	toks := heads(t.Norm, src, slices.Grow(s.toks[:0], len(src))[:len(src)])
	// present has a bit for every word of the book.
	if np := (len(m.words.strs) + 63) / 64; len(s.present) != np {
		s.present = make([]uint64, np)
	} else {
		clear(s.present)
	}
	slow := slices.Grow(s.slow[:0], len(toks))[:len(toks)]
	nslow := m.words.lookupAll(toks, s.present, slow)
	for _, k := range slow[:nslow] {
		p := &toks[k]
		word := t.Norm[p.start:p.end]
		id := m.words.lookup(word, hashHead(word, p.head), p.head)
		p.id = id
		if id >= 0 {
			s.present[id>>6] |= 1 << (id & 63)
		}
	}
	s.slow = slow
	s.toks = toks
}

// heads fills toks with the tokens of src (of text norm) that take part
// in matching, with their heads, kinds and whether they are Arabic, and
// returns it cut to their number.
func heads(norm string, src []normalize.Token, toks []tok) []tok {
	if len(norm) < 8 {
		// So that the last eight bytes can be loaded; the zeros are
		// masked out of every head.
		norm += "\x00\x00\x00\x00\x00\x00\x00"
	}
	n := 0
	for k := range src {
		tk := &src[k]
		st, wn := int(tk.Start), int(tk.End-tk.Start)
		// One load of eight bytes of the text, masked, is much cheaper
		// than a loop over the bytes of a short word. The last bytes of
		// the text are loaded as the end of its last eight bytes.
		var hd uint64
		if st+8 <= len(norm) {
			hd = load8(norm, st)
		} else {
			hd = load8(norm, len(norm)-8) >> (8 * uint(st+8-len(norm)) & 63)
		}
		if uint(wn) < uint(len(headMasks)) {
			hd &= headMasks[wn]
		}
		kind := tk.Kind
		if kind == normalize.Punct && ignorableHead(hd, wn) {
			continue
		}
		// Field by field: a composite literal goes through the stack.
		p := &toks[n]
		p.head, p.start, p.end, p.kind = hd, tk.Start, tk.End, kind
		// isArabic, from the first byte of the head: a lead byte of
		// U+0600..U+06FF.
		p.arabic = kind == normalize.Word && wn >= 2 && uint8(hd)-0xd8 < 4
		n++
	}
	return toks[:n]
}

// slowID is the id lookupAll gives to a token it could not look up.
const slowID = -2

// lookupAll sets the id of every token of toks of at most eight bytes
// found in the first slots of t, or -1 when it is not in t, and marks
// their words in present. The others, which need a call (longer than eight bytes, or
// not in the first slots of the table), get slowID and their indexes are
// written to slow[:nslow].
func (t *strTable) lookupAll(toks []tok, present []uint64, slow []int32) (nslow int) {
	for i := range toks {
		p := &toks[i]
		wn := int(p.end - p.start)
		hd := p.head
		id := int32(-1)
		if wn == 1 {
			// Punctuation, digits and letters alone, a fifth of the
			// tokens of a text: one read.
			id = t.oneByte[uint8(hd)]
		} else if wn > 8 {
			id = slowID
		} else if tg := hashShort(wn, hd); t.filter[tg>>14&1023]&(1<<(tg>>8&63)) != 0 {
			// Equal tags mean equal lengths: for words of at most
			// eight bytes, equal heads settle it. A word is most
			// often in one of the first slots it may be in.
			id = slowID
			for j, k := tg>>8, 0; k < 4; j, k = j+1, k+1 {
				sl := &t.slots[j&t.mask]
				if sl.tag == tg && sl.head == hd {
					id = sl.id - 1
					break
				}
				if sl.id == 0 {
					id = -1
					break
				}
			}
		}
		p.id = id
		if id >= 0 {
			present[id>>6] |= 1 << (id & 63)
		} else if id == slowID {
			slow[nslow] = int32(i)
			nslow++
		}
	}
	return nslow
}

// ignorableHead is ignorable for a punctuation token of n bytes and head
// hd.
func ignorableHead(hd uint64, n int) bool {
	switch n {
	case 1:
		return hd == '\'' || hd == '-' || hd == '`'
	case 3:
		// U+2019, U+2018, U+2010, U+2011, U+2013 in UTF-8, little end
		// first.
		return hd == 0x9980e2 || hd == 0x9880e2 || hd == 0x9080e2 || hd == 0x9180e2 || hd == 0x9380e2
	}
	return false
}

// has reports whether word id is one of the text's.
func (s *scan) has(id int32) bool {
	return uint32(id) < uint32(len(s.present))*64 && s.present[id>>6]&(1<<(id&63)) != 0
}

// word returns the text of token i.
func (s *scan) word(i int) string {
	tk := &s.toks[i]
	return s.norm[tk.start:tk.end]
}

// maxPooled bounds the token buffers kept for reuse, so that one huge text
// does not pin its buffers for ever.
const maxPooled = 1 << 16

// newScan returns the scan state of text t, ready to run; release it with
// putScan when done.
func (b *Book) newScan(t *normalize.Text) *scan {
	s, _ := b.pool.Get().(*scan)
	if s == nil {
		s = new(scan)
	}
	s.reset(&b.m, t)
	return s
}

func (b *Book) putScan(s *scan) {
	if cap(s.toks) > maxPooled || cap(s.slow) > maxPooled || cap(s.hits) > maxPooled || cap(s.keys) > maxPooled {
		return
	}
	s.norm = ""
	b.pool.Put(s)
}

// run finds every pattern match in the text. The order in which hits are
// found does not matter: merge sorts them.
//
// It looks at every token: one that starts no pattern (a word with an id
// past m.first or none, not a number, not Arabic, and of a head no prefix
// pattern starts) fails each test below at once, which costs less than
// listing the others beforehand.
func (s *scan) run() {
	m := s.m
	var fbuf [8]string
	for i := range s.toks {
		tk := &s.toks[i]
		if uint32(tk.id) < uint32(len(m.firstMask)) && s.firstMayMatch(m.firstMask[tk.id], i) {
			s.lit(tk.id, i)
			if f := &m.first[tk.id]; !tk.arabic && f.pre.n > 0 {
				s.tryAll(f.pre, i, 1)
			}
		}
		// Words with an id that are not Arabic had their prefixes found
		// above (firstEntry.pre).
		if tk.end-tk.start >= 3 && (tk.id < 0 || tk.arabic) {
			if w, b := filterBit(preKey(tk.head)); m.prefs.filter[w]&b != 0 {
				s.walk(tk.head, i)
			}
		}
		if tk.arabic {
			for _, v := range clitics(s.norm[tk.start:tk.end], fbuf[:0]) {
				s.lit(m.words.find(v), i)
				if len(v) >= 3 {
					s.walk(head(v), i)
				}
			}
		}
		if tk.kind == normalize.Number {
			s.tryAll(m.nums, i, 1)
		}
	}
	if m.nEnts == 0 {
		return
	}
	for _, e := range s.ents {
		for bits := e.bit; bits != 0; bits &= bits - 1 {
			s.tryAt(m.ents[mathbits.TrailingZeros32(bits)], int(e.a), 0, int(e.b))
		}
	}
}

// firstMayMatch reports whether a word of firstMask fm at token i may
// start a match: it has patterns whose second element is not a literal, or
// the next token may be the second element of one of its patterns (when
// it is Arabic, one of its forms may be).
func (s *scan) firstMayMatch(fm uint64, i int) bool {
	if fm == ^uint64(0) {
		return true
	}
	if i+1 >= len(s.toks) {
		return false
	}
	next := &s.toks[i+1]
	return next.arabic || next.id >= 0 && fm&nextBit(next.id) != 0
}

// lit tries at token i the patterns whose first element is the word id
// (a form of token i), with their second element when it is a literal
// matched against every form of token i+1.
func (s *scan) lit(id int32, i int) {
	if id < 0 || int(id) >= len(s.m.first) {
		return
	}
	m := s.m
	f := &m.first[id]
	if f.any.n > 0 {
		s.tryAll(f.any, i, 1)
	}
	if f.nextMask == 0 || i+1 >= len(s.toks) {
		return
	}
	next := &s.toks[i+1]
	if next.id >= 0 && f.nextMask&nextBit(next.id) != 0 {
		if li := m.pairs.get(pairKey(id, next.id)); li >= 0 {
			s.tryAll(m.lists[li], i, 2)
		}
	}
	if next.arabic {
		var fbuf [8]string
		for _, v := range clitics(s.word(i+1), fbuf[:0]) {
			id2 := m.words.find(v)
			if id2 < 0 {
				continue
			}
			if li := m.pairs.get(pairKey(id, id2)); li >= 0 {
				s.tryAll(m.lists[li], i, 2)
			}
		}
	}
}

// tryAll tries at token i the candidates of l, whose first done elements
// are known to match, skipping those whose next element cannot match
// token i+done.
func (s *scan) tryAll(l candList, i, done int) { s.tryAt(l, i, done, i+done) }

// tryAt is tryAll for candidates whose next element is at token j, such
// as those starting with an entity ending before token j.
//
// Most candidates fail their test: the loop does that test alone, with
// token j at hand, and leaves the rest to tryCand.
func (s *scan) tryAt(l candList, i, done, j int) {
	m := s.m
	off := int(l.off)
	tests := m.tests[off : off+int(l.n)]
	tk := &endTok
	if j < len(s.toks) {
		tk = &s.toks[j]
	}
	for k := range tests {
		t := &tests[k]
		if t.gap == 0 {
			// The common case, tested here without a call. A
			// candidate of kind 0 (nothing to test) has no gap either.
			switch t.kind {
			case eLit:
				if tk.id != t.id && !(tk.arabic && t.arabic) {
					continue
				}
			case ePrefix:
				if !(tk.arabic && t.arabic) && !s.prefix(t, off+k, tk) {
					continue
				}
			case eNum:
				if tk.kind != normalize.Number {
					continue
				}
			}
		} else if t.kind == eLit && !t.arabic && !s.has(t.id) {
			// A literal that is not in the text matches none of the
			// next tokens (an Arabic one is left to may: its forms
			// without clitics are not in present).
			continue
		} else if !s.may(&m.candv[off+k], j) {
			continue
		}
		s.tryCand(&m.candv[off+k], i, done, j)
	}
}

// endTok stands for the tokens past the end of the text in tryAt: it is
// no word (id -3), no number and its head matches no prefix.
var endTok = tok{id: -3}

// tryCand tries at token i the patterns of candidate c, whose first done
// elements are known to match and whose next element may match at token
// j: its then test first.
func (s *scan) tryCand(c *cand, i, done, j int) {
	if t := c.then; t != nil && (t.kind == eLit && !t.arabic && !s.has(t.id) || !s.may(t, j+1)) {
		return
	}
	for _, pi := range c.pis {
		s.try(pi, i, done)
	}
}

// prefix reports whether token tk starts with the prefix of candidate k,
// of test t: hasPrefix, on the head and offsets of the token. Small
// enough to be inlined; longPrefix tests the rest of long prefixes.
func (s *scan) prefix(t *candTest, k int, tk *tok) bool {
	return tk.head&headMasks[t.n] == t.head && int(tk.end-tk.start) >= int(t.n) && (t.n <= 8 || s.longPrefix(k, tk))
}

// longPrefix is prefix for a prefix of more than eight bytes, whose heads
// are equal.
func (s *scan) longPrefix(k int, tk *tok) bool {
	lit := s.m.candv[k].lit
	return int(tk.end-tk.start) >= len(lit) && s.norm[int(tk.start)+8:int(tk.start)+len(lit)] == lit[8:]
}

// candPrefix reports whether token tk starts with the prefix copied in c:
// hasPrefix, on the head and offsets of the token.
func (s *scan) candPrefix(c *cand, tk *tok) bool {
	n := len(c.lit)
	return tk.head&headMask(n) == c.head && int(tk.end-tk.start) >= n &&
		(n <= 8 || s.norm[int(tk.start)+8:int(tk.start)+n] == c.lit[8:])
}

// may reports whether the element copied in c may match one of tokens
// j..j+c.gap. The kind is tested once, outside the loops over the tokens.
func (s *scan) may(c *cand, j int) bool {
	end := min(j+int(c.gap), len(s.toks)-1)
	if j > end {
		return false
	}
	toks := s.toks[j : end+1]
	switch c.kind {
	case eNum:
		for k := range toks {
			if toks[k].kind == normalize.Number {
				return true
			}
		}
	case eLit:
		for k := range toks {
			if tk := &toks[k]; tk.id == c.id || tk.arabic && c.arabic {
				return true
			}
		}
	case ePrefix:
		for k := range toks {
			if tk := &toks[k]; tk.arabic && c.arabic || s.candPrefix(c, tk) {
				return true
			}
		}
	}
	return false
}

// try matches pattern pi at token i. The first done elements, single
// tokens, are known to match already (the index found the pattern by them).
func (s *scan) try(pi int32, i, done int) {
	p := &s.m.pats[pi]
	if end := s.match(p.elems[done:], i+done); end >= 0 {
		s.hits = append(s.hits, rawHit{ind: p.ind, pat: pi, a: int32(i), b: int32(end)})
	}
}

// match reports the end token of the first match of elems at token i, or
// -1. Gaps try the fewest tokens first, so that a hit is as short as it can
// be and the result is deterministic.
func (s *scan) match(elems []elem, i int) int {
	for k := 0; k < len(elems); k++ {
		e := &elems[k]
		switch e.kind {
		case eGap:
			for g := 0; g <= e.n && i+g <= len(s.toks); g++ {
				if end := s.match(elems[k+1:], i+g); end >= 0 {
					return end
				}
			}
			return -1
		case eEnt:
			// Several entities may start at token i: try each.
			j, _ := slices.BinarySearchFunc(s.ents, int32(i), func(r entRange, t int32) int { return int(r.a - t) })
			for ; j < len(s.ents) && int(s.ents[j].a) == i; j++ {
				if s.ents[j].bit&e.kinds == 0 {
					continue
				}
				if end := s.match(elems[k+1:], int(s.ents[j].b)); end >= 0 {
					return end
				}
			}
			return -1
		}
		if i >= len(s.toks) {
			return -1
		}
		tk := &s.toks[i]
		switch e.kind {
		case eNum:
			if tk.kind != normalize.Number {
				return -1
			}
		case eLit:
			if tk.id != e.id && !(tk.arabic && e.arabic && s.arabicEq(s.word(i), e, false)) {
				return -1
			}
		case ePrefix:
			w := s.norm[tk.start:tk.end]
			if !hasPrefix(w, tk.head, e.lit, e.head) && !(tk.arabic && e.arabic && s.arabicEq(w, e, true)) {
				return -1
			}
		}
		i++
	}
	return i
}

// arabicEq reports whether a clitic-less form of the Arabic word w equals
// (or, for a prefix, starts with) a form of e.
func (s *scan) arabicEq(w string, e *elem, prefix bool) bool {
	vs := clitics(w, s.altBuf[:0])
	vs = append(vs, w)
	for _, v := range vs {
		if v == e.lit || prefix && strings.HasPrefix(v, e.lit) {
			return true
		}
		for _, a := range e.alt {
			if v == a || prefix && strings.HasPrefix(v, a) {
				return true
			}
		}
	}
	return false
}

// walk tries at token i every pattern whose first element is a prefix
// sharing the first three bytes of a form of the token, of head hd.
func (s *scan) walk(hd uint64, i int) {
	li := s.m.prefs.get(preKey(hd))
	if li < 0 {
		return
	}
	s.tryAll(s.m.lists[li], i, 0)
}
