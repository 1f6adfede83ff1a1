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
	hits := merge(s.hits)

	// Hits are sorted by start, id and end, stably: as the ids of
	// indicators are distinct, by start, rank of the id, end and position.
	keys := s.keys[:0]
	for k, h := range hits {
		start, end := t.Span(int(s.toks[h.a].start), int(s.toks[h.b-1].end))
		keys = append(keys, hitKey{start: start, end: end, rank: b.idRank[h.ind], k: int32(k)})
	}
	s.keys = keys
	slices.SortFunc(keys, func(x, y hitKey) int {
		switch {
		case x.start != y.start:
			return cmp.Compare(x.start, y.start)
		case x.rank != y.rank:
			return int(x.rank - y.rank)
		case x.end != y.end:
			return cmp.Compare(x.end, y.end)
		}
		return int(x.k - y.k)
	})
	res.Hits = make([]vigie.Hit, len(keys))
	order := s.order[:0] // indicator of each sorted hit
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
		order = append(order, h.ind)
	}
	s.order = order
	res.Categories, res.All, res.Risk = b.combine(order, threshold)
	return res
}

// combine applies the scoring rules to the indicators of the sorted hits.
func (b *Book) combine(order []int32, threshold float64) (reported, all []vigie.CategoryScore, risk float64) {
	if len(order) == 0 {
		return nil, nil, 0
	}
	// w[g]: highest weight of category group g; for a context group, the
	// product of (1 - w) over its hit indicators.
	// Small books (all real ones) score without allocating these.
	var wbuf [256]float64
	var seenBuf [512]bool
	var w []float64
	var seen []bool
	if b.ngroups <= len(wbuf) {
		w = wbuf[:b.ngroups]
	} else {
		w = make([]float64, b.ngroups)
	}
	if len(b.inds) <= len(seenBuf) {
		seen = seenBuf[:len(b.inds)]
	} else {
		seen = make([]bool, len(b.inds))
	}
	for g := range w {
		w[g] = -1
	}
	var cats uint64 // categories with hits (at most 64, checked at parse)
	nids := 0       // distinct indicators of categories
	for _, i := range order {
		if seen[i] {
			continue
		}
		seen[i] = true
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
		// The ids of every category share one array, allocated once.
		if idBuf == nil {
			idBuf = make([]string, 0, nids)
		}
		from := len(idBuf)
		for _, i := range order {
			if id := b.inds[i].ID; b.inds[i].cat == ci && !slices.Contains(idBuf[from:], id) {
				idBuf = append(idBuf, id)
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

// merge sorts raw hits by indicator and position and merges the
// overlapping hits of each indicator into one, keeping the language of the
// earliest.
func merge(hits []rawHit) []rawHit {
	if len(hits) == 0 {
		return nil
	}
	// The comparison returns at the first field that differs, where
	// cmp.Or would compare every field first.
	slices.SortFunc(hits, func(x, y rawHit) int {
		switch {
		case x.ind != y.ind:
			return int(x.ind - y.ind)
		case x.a != y.a:
			return int(x.a - y.a)
		case x.b != y.b:
			return int(y.b - x.b)
		}
		return int(x.pat - y.pat)
	})
	out := hits[:1]
	for _, h := range hits[1:] {
		last := &out[len(out)-1]
		if h.ind == last.ind && h.a < last.b {
			last.b = max(last.b, h.b)
			continue
		}
		out = append(out, h)
	}
	return out
}

// hitKey is the sort key of the k-th merged hit, of original span
// [start, end).
type hitKey struct {
	start, end int
	rank, k    int32
}

// mapEntities maps entities (original byte offsets) onto the tokens their
// original span overlaps, into s.ents. Entities of unknown kinds or with
// offsets outside the text are ignored.
func (s *scan) mapEntities(t *normalize.Text, ents []vigie.Entity) {
	toks := s.toks
	if len(ents) == 0 || len(toks) == 0 {
		return
	}
	// The original start and end of a token are computed when a binary
	// search needs them, once: Span is a binary search itself. The start
	// of Span(i, j) is the origin of Norm byte i and its end the origin of
	// byte j-1, so a one-byte span gives either.
	s.ostart = slices.Grow(s.ostart[:0], len(toks))[:len(toks)]
	s.oend = slices.Grow(s.oend[:0], len(toks))[:len(toks)]
	for i := range toks {
		s.ostart[i] = -1
		s.oend[i] = -1
	}
	origEnd := func(k int) int {
		if s.oend[k] < 0 {
			e := int(toks[k].end)
			_, oe := t.Span(e-1, e)
			s.oend[k] = oe
		}
		return s.oend[k]
	}
	origStart := func(k int) int {
		if s.ostart[k] < 0 {
			b := int(toks[k].start)
			os, _ := t.Span(b, b+1)
			s.ostart[k] = os
		}
		return s.ostart[k]
	}
	out := s.ents[:0]
	// Entities come mostly in order: when one starts (ends) no earlier
	// than the previous, its first (end) token is no earlier either, and
	// is searched from there; otherwise it is no later.
	prevStart, prevEnd, prevA, prevB := 0, 0, 0, 0
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
		// The search starts from a guess: the token where the entity
		// would be if Orig and Norm were as far apart there as at the
		// previous token found, usually right.
		n := len(toks)
		var a, bb int
		if fa := func(k int) bool { return origEnd(k) > e.Start }; e.Start >= prevStart {
			g := prevA
			if g < n {
				p := e.Start - (origEnd(g) - int(toks[g].end))
				g += sort.Search(n-g, func(k int) bool { return int(toks[g+k].end) > p })
			}
			a = near(prevA, n, g, fa)
		} else {
			a = sort.Search(prevA, fa)
		}
		if fb := func(k int) bool { return origStart(k) >= e.End }; e.End >= prevEnd {
			g := prevB
			if g < n {
				p := e.End - (origStart(g) - int(toks[g].start))
				g += sort.Search(n-g, func(k int) bool { return int(toks[g+k].start) >= p })
			}
			bb = near(prevB, n, g, fb)
		} else {
			bb = sort.Search(prevB, fb)
		}
		prevStart, prevEnd, prevA, prevB = e.Start, e.End, a, bb
		if a < bb {
			out = append(out, entRange{a: int32(a), b: int32(bb), bit: bit})
		}
	}
	slices.SortFunc(out, func(x, y entRange) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b), cmp.Compare(x.bit, y.bit))
	})
	s.ents = out
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
