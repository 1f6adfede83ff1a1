package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
}

type pattern struct {
	ind   int32
	lang  string
	langs []string // every language key listing this pattern, lang first
	src   string
	elems []elem
}

// matcher finds patterns in a token stream. Patterns are indexed by their
// first element: a literal token (and its Arabic article-less forms) in a
// map (two levels when the second element is a literal too), a prefix in
// a map by the first three bytes of its stem, <num> and entity
// placeholders in lists.
type matcher struct {
	pats []pattern
	seen map[string]int32 // pattern key -> index in pats, while loading
	lit  map[string]*litNode
	// litBits is a cheap filter before the map: most words of a text start
	// no pattern, and a bit test is much faster than a map lookup.
	litBits [1 << 10]uint64
	// pre indexes prefix patterns by the first three bytes of their stem
	// (every stem has at least three bytes), with preBits as its filter.
	pre     map[string][]int32
	preBits [1 << 10]uint64
	num     []int32
	ent     [32][]int32
	nEnts   int // number of patterns starting with an entity placeholder
}

// litNode holds the patterns whose first element is one literal token:
// those whose second element is a literal too are indexed by it, so that
// common first words ("no", "je", "بدون") do not make every pattern that
// starts with them a candidate.
type litNode struct {
	any  []int32
	next map[string][]int32
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
// forms that are equal) once every pattern is added.
func (m *matcher) finish() {
	m.seen = nil
	for k, n := range m.lit {
		h := litHash(k)
		m.litBits[h>>6] |= 1 << (h & 63)
		n.any = slices.Compact(n.any)
		for k, v := range n.next {
			n.next[k] = slices.Compact(v)
		}
	}
	for k, v := range m.pre {
		slices.Sort(v)
		m.pre[k] = slices.Compact(v)
		h := litHash(k)
		m.preBits[h>>6] |= 1 << (h & 63)
	}
}

// litHash hashes a token for litBits from its length and end bytes.
func litHash(w string) uint32 {
	if w == "" {
		return 0
	}
	return (uint32(w[0])*257 + uint32(w[len(w)-1])*31 + uint32(len(w))*7919 + uint32(w[len(w)/2])*131) & (1<<16 - 1)
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

// scan is the state of matching one text.
type scan struct {
	m    *matcher
	norm string
	toks []normalize.Token
	ents []entRange // sorted by a, then b
	hits []rawHit
	// alt holds the Arabic clitic-less forms of each text token, computed
	// lazily per token while matching.
	altBuf [8]string
}

// run finds every pattern match in the text.
func (s *scan) run() {
	m := s.m
	ei := 0
	var vbuf, nbuf [8]string
	for i := range s.toks {
		vs := s.forms(i, vbuf[:0])
		var ns []string // forms of the next token, computed when needed
		for _, v := range vs {
			h := litHash(v)
			if m.litBits[h>>6]&(1<<(h&63)) == 0 {
				s.walk(v, i)
				continue
			}
			if n := m.lit[v]; n != nil {
				for _, pi := range n.any {
					s.try(pi, i, 1)
				}
				if n.next != nil && i+1 < len(s.toks) {
					if ns == nil {
						ns = s.forms(i+1, nbuf[:0])
					}
					for _, v2 := range ns {
						for _, pi := range n.next[v2] {
							s.try(pi, i, 2)
						}
					}
				}
			}
			s.walk(v, i)
		}
		tk := s.toks[i]
		if tk.Kind == normalize.Number {
			for _, pi := range m.num {
				s.try(pi, i, 1)
			}
		}
		if m.nEnts > 0 {
			for ei < len(s.ents) && int(s.ents[ei].a) < i {
				ei++
			}
			for j := ei; j < len(s.ents) && int(s.ents[j].a) == i; j++ {
				for b := 0; b < len(m.ent); b++ {
					if s.ents[j].bit&(1<<b) == 0 {
						continue
					}
					for _, pi := range m.ent[b] {
						s.try(pi, i, 0)
					}
				}
			}
		}
	}
}

// forms appends to dst token i and, for an Arabic word, its forms without
// clitic prefixes.
func (s *scan) forms(i int, dst []string) []string {
	tk := s.toks[i]
	w := s.norm[tk.Start:tk.End]
	dst = append(dst, w)
	if tk.Kind == normalize.Word && isArabic(w) {
		dst = clitics(w, dst)
	}
	return dst
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
		tk := s.toks[i]
		w := s.norm[tk.Start:tk.End]
		switch e.kind {
		case eNum:
			if tk.Kind != normalize.Number {
				return -1
			}
		case eLit:
			if w != e.lit && !s.arabicEq(tk, w, e, false) {
				return -1
			}
		case ePrefix:
			if !strings.HasPrefix(w, e.lit) && !s.arabicEq(tk, w, e, true) {
				return -1
			}
		}
		i++
	}
	return i
}

// arabicEq reports whether a clitic-less form of the Arabic word w equals
// (or, for a prefix, starts with) a form of e.
func (s *scan) arabicEq(tk normalize.Token, w string, e *elem, prefix bool) bool {
	if tk.Kind != normalize.Word || !isArabic(w) || !isArabic(e.lit) {
		return false
	}
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
// sharing the first three bytes of w.
func (s *scan) walk(w string, i int) {
	if len(w) < 3 {
		return
	}
	k := w[:3]
	h := litHash(k)
	if s.m.preBits[h>>6]&(1<<(h&63)) == 0 {
		return
	}
	for _, pi := range s.m.pre[k] {
		s.try(pi, i, 0)
	}
}
