package rules

import (
	"cmp"
	"math"
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
	s := scan{m: &b.m, norm: t.Norm, toks: matchTokens(t)}
	s.ents = mapEntities(t, s.toks, ents)
	s.run()
	hits := merge(s.hits)

	type sortHit struct {
		vigie.Hit
		ind int32
	}
	sh := make([]sortHit, len(hits))
	for i, h := range hits {
		ind := b.inds[h.ind]
		start, end := t.Span(s.toks[h.a].Start, s.toks[h.b-1].End)
		p := &b.m.pats[h.pat]
		lang := p.lang
		if docLang != "" && lang != docLang && slices.Contains(p.langs, docLang) {
			lang = docLang
		}
		if lang == "*" {
			lang = "und"
		}
		sh[i] = sortHit{vigie.Hit{
			ID: ind.ID, Category: ind.Category, Text: t.Orig[start:end],
			Start: start, End: end, Lang: lang, Explanation: ind.en,
		}, h.ind}
	}
	slices.SortStableFunc(sh, func(x, y sortHit) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.ID, y.ID), cmp.Compare(x.End, y.End))
	})
	res.Hits = make([]vigie.Hit, len(sh))
	order := make([]int32, len(sh)) // indicator of each sorted hit
	for i := range sh {
		res.Hits[i] = sh[i].Hit
		order[i] = sh[i].ind
	}
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
		w[ind.gi] = max(w[ind.gi], ind.Weight)
	}
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
		var ids []string
		for _, i := range order {
			if id := b.inds[i].ID; b.inds[i].cat == ci && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		cs := vigie.CategoryScore{ID: c.ID, Score: score, Indicators: ids}
		all = append(all, cs)
		if score >= threshold {
			reported = append(reported, cs)
		}
		risk = math.Max(risk, score)
	}
	less := func(x, y vigie.CategoryScore) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.ID, y.ID))
	}
	slices.SortFunc(all, less)
	slices.SortFunc(reported, less)
	return reported, all, risk
}

// merge sorts raw hits by indicator and position and merges the
// overlapping hits of each indicator into one, keeping the language of the
// earliest.
func merge(hits []rawHit) []rawHit {
	if len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(x, y rawHit) int {
		return cmp.Or(cmp.Compare(x.ind, y.ind), cmp.Compare(x.a, y.a), cmp.Compare(y.b, x.b), cmp.Compare(x.pat, y.pat))
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

// mapEntities maps entities (original byte offsets) onto the tokens their
// original span overlaps. Entities of unknown kinds or with offsets
// outside the text are ignored.
func mapEntities(t *normalize.Text, toks []normalize.Token, ents []vigie.Entity) []entRange {
	if len(ents) == 0 || len(toks) == 0 {
		return nil
	}
	out := make([]entRange, 0, len(ents))
	for _, e := range ents {
		bit := kindBit(e.Kind)
		if bit == 0 || e.Start < 0 || e.End > len(t.Orig) || e.Start >= e.End {
			continue
		}
		a := sort.Search(len(toks), func(k int) bool {
			_, oe := t.Span(toks[k].Start, toks[k].End)
			return oe > e.Start
		})
		bb := sort.Search(len(toks), func(k int) bool {
			os, _ := t.Span(toks[k].Start, toks[k].End)
			return os >= e.End
		})
		if a < bb {
			out = append(out, entRange{a: int32(a), b: int32(bb), bit: bit})
		}
	}
	slices.SortFunc(out, func(x, y entRange) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b), cmp.Compare(x.bit, y.bit))
	})
	return out
}
