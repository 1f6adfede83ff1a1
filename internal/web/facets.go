package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/store"
)

// Facet counts cost several times a search (store.FacetLimit documents
// read with their categories and contacts). They are secondary to the
// results, so they must not take the machine from the results and
// document pages of others: at most facetConcurrency counts run at
// once, and a search that cannot start one within facetWait is shown
// without them, saying so.
const (
	facetConcurrency = 1
	facetWait        = 25 * time.Millisecond
)

// searchFacets counts the matches of q unless the server is too busy
// (ok false).
func (s *Server) searchFacets(ctx context.Context, q store.Query) (f store.Facets, ok bool, err error) {
	t := time.NewTimer(facetWait)
	defer t.Stop()
	select {
	case s.facetSlots <- struct{}{}:
	case <-t.C:
		return f, false, nil
	case <-ctx.Done():
		return f, false, ctx.Err()
	}
	defer func() { <-s.facetSlots }()
	f, err = s.st.Facets(ctx, q)
	return f, err == nil, err
}

// facetGroup is one facet beside the search results: a heading and its
// values, each a link to the search narrowed to it.
type facetGroup struct {
	Title string
	Items []facetItem
}

// facetItem is one value of a facet: as shown, how many documents
// counted have it, and the search narrowed to it ("" when it cannot be
// searched for, such as an unknown language, or is the search itself).
type facetItem struct {
	Label  string
	Count  int
	URL    string
	Active bool // the search already filters on it
}

// facetView turns the counts of a search into links: the search's own
// parameters qv with one filter set or added.
func (s *Server) facetView(qv url.Values, f store.Facets, lang string) []facetGroup {
	narrow := func(set map[string]string) string {
		v := url.Values{}
		for k, vs := range qv {
			if k != "q" && k != "category" && k != "risk" && k != "lang" && k != "source" && k != "from" && k != "to" {
				continue
			}
			v[k] = vs
		}
		for k, x := range set {
			v.Set(k, x)
		}
		return "/search?" + v.Encode()
	}
	tr := translator(lang)
	unknownLabel := tr("unknownValue")
	group := func(title, param string, counts []store.FacetCount, label func(string) string) facetGroup {
		g := facetGroup{Title: tr(title)}
		for _, c := range counts {
			it := facetItem{Label: label(c.Value), Count: c.Count}
			switch {
			case c.Value == "":
				it.Label = unknownLabel
			case qv.Get(param) == c.Value:
				it.Active = true
			default:
				it.URL = narrow(map[string]string{param: c.Value})
			}
			g.Items = append(g.Items, it)
		}
		return g
	}
	same := func(v string) string { return v }
	var out []facetGroup
	out = append(out, group("category", "category", f.Category, func(id string) string { return categoryTitle(s.book, id, lang) }))
	out = append(out, group("language", "lang", f.Language, same))
	out = append(out, group("source", "source", f.Source, same))
	risk := facetGroup{Title: tr("riskBand")}
	for _, c := range f.Risk {
		min, max, _ := strings.Cut(c.Value, "-")
		it := facetItem{Label: bandLabel(min, max), Count: c.Count}
		if qv.Get("risk") == min {
			it.Active = true
		} else {
			it.URL = narrow(map[string]string{"risk": min})
		}
		risk.Items = append(risk.Items, it)
	}
	out = append(out, risk)
	month := facetGroup{Title: tr("postedMonth")}
	for _, c := range f.Month {
		it := facetItem{Label: c.Value, Count: c.Count}
		start, err := time.Parse("2006-01", c.Value)
		if err != nil {
			it.Label = unknownLabel
		} else {
			from, to := start.Format("2006-01-02"), start.AddDate(0, 1, 0).Format("2006-01-02")
			if qv.Get("from") == from && qv.Get("to") == to {
				it.Active = true
			} else {
				it.URL = narrow(map[string]string{"from": from, "to": to})
			}
		}
		month.Items = append(month.Items, it)
	}
	out = append(out, month)
	ents := facetGroup{Title: tr("identifiers")}
	for _, e := range f.Entities {
		term := e.Kind + ":" + e.Value
		it := facetItem{Label: term, Count: e.Count}
		if strings.Contains(" "+qv.Get("q")+" ", " "+term+" ") {
			it.Active = true
		} else {
			it.URL = narrow(map[string]string{"q": strings.TrimSpace(qv.Get("q") + " " + term)})
		}
		ents.Items = append(ents.Items, it)
	}
	out = append(out, ents)
	// Groups with nothing to show are left out.
	kept := out[:0]
	for _, g := range out {
		if len(g.Items) > 0 {
			kept = append(kept, g)
		}
	}
	return kept
}

// bandLabel writes a risk band as the pages write risks: "50–70 %".
func bandLabel(min, max string) string {
	lo, err1 := strconv.ParseFloat(min, 64)
	hi, err2 := strconv.ParseFloat(max, 64)
	if err1 != nil || err2 != nil {
		return min + "–" + max
	}
	return fmt.Sprintf("%.0f–%.0f %%", 100*lo, 100*hi)
}
