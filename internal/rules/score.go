package rules

import (
	"cmp"
	"math"
	mathbits "math/bits"
	"slices"
	"sort"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Result is the outcome of scoring one text.
type Result struct {
	Categories []vigie.CategoryScore // reported only (score >= threshold), sorted by score desc then id
	All        []vigie.CategoryScore // every category with a non-zero score, same order
	Hits       []vigie.Hit           // all indicator and context hits, sorted by Start then ID
	Risk       float64               // the highest category score, reported or not
}

// Score finds the indicators of the book in t and scores every category.
// t must be normalize.Fold of the original text; ents are the entities
// extracted from it (byte offsets into t.Orig; nil is fine), used by the
// placeholders of the patterns. A category is reported when its score is
// at or above threshold.
//
// Scoring, per category: hits are grouped by indicator group; raw =
// 1 - Π(1 - w) over the groups' highest weights; the score is capped at
// CapScore when fewer than MinIndicators groups or none of the anchors are
// hit; each hit context group in DampenedBy multiplies it by Π(1 - w) over
// its hit context indicators, never below DampenFloor × raw; the result is
// rounded to 3 decimals.
//
// Score does not modify t beyond computing its tokens: concurrent calls on
// the same *normalize.Text are safe only once t.Tokens() has been called.
func (b *Book) Score(t *normalize.Text, ents []vigie.Entity, threshold float64) Result {
	return b.ScoreLang(t, ents, threshold, "")
}

// ScoreLang is Score for a text known to be in language lang (ISO 639-1):
// a hit on a pattern listed under several language keys reports lang when
// it is one of them, instead of the first key.
func (b *Book) ScoreLang(t *normalize.Text, ents []vigie.Entity, threshold float64, lang string) Result {
	docLang := lang
	var res Result
	if t == nil || len(t.Norm) == 0 {
		return res
	}
	s := b.newScan(t)
	defer b.putScan(s)
	s.mapEntities(t, ents)
	s.run()
	hits := s.merge(len(b.inds))

	// Hits are sorted by start, id and end, stably: as the ids of
	// indicators are distinct, by start, rank of the id, end and position.
	keys := slices.Grow(s.keys[:0], len(hits))[:len(hits)]
	for k, h := range hits {
		start, end := t.Span(int(s.toks[h.a].start), int(s.toks[h.b-1].end))
		keys[k] = hitKey{start: start, end: end, rank: b.idRank[h.ind], k: int32(k)}
	}
	s.keys = keys
	sortKeys(keys)
	res.Hits = make([]vigie.Hit, len(keys))
	order := slices.Grow(s.order[:0], len(keys))[:len(keys)] // indicator of each sorted hit
	for i, key := range keys {
		h := hits[key.k]
		ind := b.inds[h.ind]
		p := &b.m.pats[h.pat]
		lang := p.lang
		if docLang != "" && lang != docLang && slices.Contains(p.langs, docLang) {
			lang = docLang
		}
		if lang == "*" {
			lang = "und"
		}
		res.Hits[i] = vigie.Hit{
			ID: ind.ID, Category: ind.Category, Text: t.Orig[key.start:key.end],
			Start: key.start, End: key.end, Lang: lang, Explanation: ind.en,
		}
		order[i] = h.ind
	}
	s.order = order
	res.Categories, res.All, res.Risk = b.combine(s, order, threshold)
	return res
}

// combine applies the scoring rules to the indicators of the sorted
// hits, with the scratch space of s.
func (b *Book) combine(s *scan, order []int32, threshold float64) (reported, all []vigie.CategoryScore, risk float64) {
	if len(order) == 0 {
		return nil, nil, 0
	}
	// w[g]: highest weight of category group g; for a context group, the
	// product of (1 - w) over its hit indicators. seen[i]: indicator i is
	// hit; firsts holds those indicators in the order of their first hit.
	// w is all -1 between texts: the groups hit are set back at the end,
	// which costs less than filling w for every text.
	if len(s.w) != b.ngroups {
		s.w = make([]float64, b.ngroups)
		for g := range s.w {
			s.w[g] = -1
		}
	}
	if len(s.seen) != len(b.inds) {
		s.seen = make([]bool, len(b.inds))
	}
	w, seen := s.w, s.seen
	firsts := s.firsts[:0]
	var cats uint64 // categories with hits (at most 64, checked at parse)
	nids := 0       // distinct indicators of categories
	for _, i := range order {
		if seen[i] {
			continue
		}
		seen[i] = true
		firsts = append(firsts, i)
		ind := b.inds[i]
		if ind.cat < 0 {
			if w[ind.gi] < 0 {
				w[ind.gi] = 1
			}
			w[ind.gi] *= 1 - ind.Weight
			continue
		}
		cats |= 1 << ind.cat
		nids++
		w[ind.gi] = max(w[ind.gi], ind.Weight)
	}
	s.firsts = firsts
	var idBuf []string
	for ci, c := range b.categories {
		if cats&(1<<ci) == 0 {
			continue
		}
		keep, n := 1.0, 0
		for _, g := range c.groups {
			if w[g] > 0 {
				keep *= 1 - w[g]
				n++
			}
		}
		raw := 1 - keep
		score := raw
		anchored := len(c.anchors) == 0
		for _, a := range c.anchors {
			if seen[a] {
				anchored = true
				break
			}
		}
		if n < c.MinIndicators || !anchored {
			score = math.Min(score, CapScore)
		}
		for _, g := range c.damp {
			if w[g] >= 0 {
				score *= w[g]
			}
		}
		score = math.Max(score, DampenFloor*raw)
		score = math.Round(score*1000) / 1000
		if score <= 0 {
			continue
		}
		// The ids of every category share one array, allocated once;
		// those of a category are in the order of their first hits.
		if idBuf == nil {
			idBuf = make([]string, 0, nids)
		}
		from := len(idBuf)
		for _, i := range firsts {
			if b.inds[i].cat == ci {
				idBuf = append(idBuf, b.inds[i].ID)
			}
		}
		ids := idBuf[from:len(idBuf):len(idBuf)]
		cs := vigie.CategoryScore{ID: c.ID, Score: score, Indicators: ids}
		if all == nil {
			// Still nil when no category scores: nil, not empty, in the result.
			all = make([]vigie.CategoryScore, 0, mathbits.OnesCount64(cats))
		}
		all = append(all, cs)
		risk = math.Max(risk, score)
	}
	for _, i := range firsts {
		seen[i] = false
		w[b.inds[i].gi] = -1
	}
	slices.SortFunc(all, func(x, y vigie.CategoryScore) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.ID, y.ID))
	})
	// Sorted by score, the reported categories come first: they are a
	// copy of the head of all, allocated at its size (nil when empty).
	n := 0
	for n < len(all) && all[n].Score >= threshold {
		n++
	}
	if n > 0 {
		reported = make([]vigie.CategoryScore, n)
		copy(reported, all)
	}
	return reported, all, risk
}

// merge sorts the raw hits of s by position and merges the overlapping
// hits of each of the nind indicators into one, keeping the pattern of
// the earliest. The merged hits are in the order of their first tokens.
//
// The hits of one indicator come in the same order as if sorted by
// indicator first, so that each merges with the last one of its
// indicator, which open remembers.
func (s *scan) merge(nind int) []rawHit {
	hits := s.hits
	if len(hits) == 0 {
		return nil
	}
	sortHits(hits)
	if len(s.open) != nind {
		s.open = make([]int32, nind)
		for i := range s.open {
			s.open[i] = -1
		}
	}
	open := s.open
	out := hits[:0] // written behind the reads
	for _, h := range hits {
		if o := open[h.ind]; o >= 0 && h.a < out[o].b {
			out[o].b = max(out[o].b, h.b)
			continue
		}
		open[h.ind] = int32(len(out))
		out = append(out, h)
	}
	for _, h := range out {
		open[h.ind] = -1
	}
	return out
}

// hitBefore reports whether raw hit x sorts before y: by first token,
// longest first, then by pattern.
func hitBefore(x, y *rawHit) bool {
	if x.a != y.a {
		return x.a < y.a
	}
	if x.b != y.b {
		return x.b > y.b
	}
	return x.pat < y.pat
}

// sortHits sorts raw hits by hitBefore. They are found mostly in that
// order (run visits the tokens in order; hits starting with an entity
// come last): an insertion sort costs little then, and a few long texts
// take the general sort.
func sortHits(hits []rawHit) {
	if len(hits) > 64 {
		slices.SortFunc(hits, func(x, y rawHit) int {
			switch {
			case hitBefore(&x, &y):
				return -1
			case hitBefore(&y, &x):
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(hits); i++ {
		x := hits[i]
		j := i
		for ; j > 0 && hitBefore(&x, &hits[j-1]); j-- {
			hits[j] = hits[j-1]
		}
		hits[j] = x
	}
}

// keyBefore reports whether hit key x sorts before y.
func keyBefore(x, y *hitKey) bool {
	switch {
	case x.start != y.start:
		return x.start < y.start
	case x.rank != y.rank:
		return x.rank < y.rank
	case x.end != y.end:
		return x.end < y.end
	}
	return x.k < y.k
}

// sortKeys sorts hit keys by keyBefore. Merged hits come in the order of
// their first tokens, hence of their starts: only the hits of equal
// starts move, and an insertion sort costs little.
func sortKeys(keys []hitKey) {
	if len(keys) > 64 {
		slices.SortFunc(keys, func(x, y hitKey) int {
			switch {
			case keyBefore(&x, &y):
				return -1
			case keyBefore(&y, &x):
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(keys); i++ {
		x := keys[i]
		j := i
		for ; j > 0 && keyBefore(&x, &keys[j-1]); j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = x
	}
}

// hitKey is the sort key of the k-th merged hit, of original span
// [start, end).
type hitKey struct {
	start, end int
	rank, k    int32
}

// mapEntities maps entities (original byte offsets) onto the tokens their
// original span overlaps, into s.ents: from the first token whose original
// end is after the start of the entity to the first token whose original
// start is at or after its end. Entities of unknown kinds or with offsets
// outside the text are ignored.
func (s *scan) mapEntities(t *normalize.Text, ents []vigie.Entity) {
	toks := s.toks
	if len(ents) == 0 || len(toks) == 0 {
		return
	}
	o := origins{t: t, toks: toks}
	for k := range o.cache {
		o.cache[k].tok = -1
	}
	n := len(toks)
	out := s.ents[:0]
	// The search of each entity starts from a guess: the token where it
	// would be if Orig and Norm were as far apart there as at the first
	// token of the previous entity, usually right. Entities come mostly in
	// order, so the token is near.
	ref := 0
	var lastKind vigie.EntityKind
	var lastBit uint32
	for k := range ents {
		e := &ents[k]
		// Runs of entities of one kind are common (the extractors add
		// theirs in turn): remember the last kind looked up.
		if e.Kind != lastKind || lastKind == "" {
			lastKind, lastBit = e.Kind, kindBit(e.Kind)&s.m.entBits
		}
		bit := lastBit
		if bit == 0 || e.Start < 0 || e.End > len(t.Orig) || e.Start >= e.End {
			continue
		}
		start, end := e.Start, e.End
		_, re := o.span(ref)
		a := o.firstEndAfter(tokEndAfter(toks, guess(start, re, int(toks[ref].end), len(t.Orig), len(t.Norm))), start)
		if a == n {
			continue // no token ends after the start: a >= b
		}
		as, _ := o.span(a)
		b := o.firstStartFrom(tokStartFrom(toks, end-(as-int(toks[a].start))), end)
		ref = a
		if a < b {
			out = append(out, entRange{a: int32(a), b: int32(b), bit: bit})
		}
	}
	// Entities sorted by start map to ranges sorted by a, mostly by b.
	cmpRange := func(x, y entRange) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b), cmp.Compare(x.bit, y.bit))
	}
	if !slices.IsSortedFunc(out, cmpRange) {
		slices.SortFunc(out, cmpRange)
	}
	s.ents = out
}

// origins gives the original spans of tokens, remembering the last few:
// the searches of mapEntities probe the same tokens again (the first
// token of one entity is the reference of the next), and Span is a
// search itself.
type origins struct {
	t     *normalize.Text
	toks  []tok
	cache [4]struct{ tok, start, end int }
}

// span returns the original span of token k: the origin start of its
// first byte and the origin end of its last byte.
func (o *origins) span(k int) (start, end int) {
	c := &o.cache[k&3]
	if c.tok != k {
		tk := &o.toks[k]
		c.start, c.end = o.t.Span(int(tk.start), int(tk.end))
		c.tok = k
	}
	return c.start, c.end
}

// guess returns the Norm offset of Orig offset p, estimated from that of
// Orig offset ro, Norm offset rn (a token end) and the ends of the two
// strings, lo and ln: as if Norm were shorter than Orig by a constant
// ratio between the two points around p (Fold drops spaces and letter
// marks along the whole text, so that a constant difference drifts).
func guess(p, ro, rn, lo, ln int) int {
	if p >= ro {
		if lo <= ro {
			return rn + p - ro
		}
		return rn + int(int64(p-ro)*int64(ln-rn)/int64(lo-ro))
	}
	return int(int64(p) * int64(rn) / int64(ro))
}

// firstEndAfter returns the first token whose original end is after p,
// or len(o.toks), searching from token g, usually right or next to it.
func (o *origins) firstEndAfter(g, p int) int {
	return firstFrom(g, len(o.toks), func(k int) bool { _, oe := o.span(k); return oe > p })
}

// firstStartFrom returns the first token whose original start is at or
// after p, or len(o.toks), searching from token g as firstEndAfter does.
func (o *origins) firstStartFrom(g, p int) int {
	return firstFrom(g, len(o.toks), func(k int) bool { os, _ := o.span(k); return os >= p })
}

// firstFrom returns the first k in [0, n) for which ok holds, or n, ok
// being false then true along k (original spans grow with the token
// index). The guess g and its neighbour are tested first; only a wrong
// guess takes a search.
func firstFrom(g, n int, ok func(int) bool) int {
	if g < n && !ok(g) {
		// The result is after g.
		if g+1 == n || ok(g+1) {
			return g + 1
		}
		return gallop(g+2, n, ok)
	}
	// The result is at most g.
	if g == 0 || !ok(g-1) {
		return g
	}
	return near(0, n, g-1, ok)
}

// tokEndAfter returns the first token ending after Norm offset p, or
// len(toks): a binary search, cheap on the offsets at hand.
func tokEndAfter(toks []tok, p int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(toks[m].end) > p {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// tokStartFrom returns the first token starting at or after Norm offset
// p, or len(toks).
func tokStartFrom(toks []tok, p int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(toks[m].start) >= p {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// gallop returns the smallest k in [lo, n] with f(k) true, or n, for f
// false then true over [0, n) and false before lo: it probes lo, lo+1,
// lo+3, lo+7… then searches the last interval, so that it costs the
// logarithm of the distance from lo.
func gallop(lo, n int, f func(int) bool) int {
	hi, step := lo, 1
	for hi < n && !f(hi) {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(k int) bool { return f(lo + k) })
}

// near is gallop starting from a guess g in [lo, n]: it probes g, then
// away from it in steps of growing size, so that it costs the logarithm of
// the distance from g to the result.
func near(lo, n, g int, f func(int) bool) int {
	if g < n && !f(g) {
		return gallop(g+1, n, f)
	}
	// The result is in [lo, g].
	hi, step := g, 1
	for hi > lo {
		p := max(hi-step, lo)
		if !f(p) {
			lo = p + 1
			break
		}
		hi = p
		step *= 2
	}
	return lo + sort.Search(hi-lo, func(k int) bool { return f(lo + k) })
}
