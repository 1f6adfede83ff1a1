package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// facetDoc is a document of the facet tests with what its analysis found,
// chosen by the test instead of computed, so that every count is known.
type facetDoc struct {
	id, source, text, lang string
	posted                 time.Time
	risk                   float64
	cats                   []string
	ents                   []vigie.Entity
}

func (d facetDoc) item() Item {
	it := Item{
		Doc:      vigie.Document{ID: d.id, Source: d.source, Text: d.text, PostedAt: d.posted},
		Analysis: vigie.Analysis{Language: d.lang, Risk: d.risk, Entities: d.ents},
		Folded:   normalize.Fold(d.text).Norm,
	}
	for _, c := range d.cats {
		it.Analysis.Categories = append(it.Analysis.Categories, vigie.CategoryScore{ID: c, Score: d.risk})
	}
	return it
}

func ent(kind vigie.EntityKind, value string) vigie.Entity {
	return vigie.Entity{Kind: kind, Value: value, Text: value}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// facetDocs are invented posts, stored in this order (f7 is the newest).
var facetDocs = []facetDoc{
	{id: "f1", source: "forum", text: "Passage vers l'Italie, départ samedi", lang: "fr", posted: day(2024, 1, 15), risk: 0.9,
		cats: []string{vigie.SmugglingPassage},
		// The same number twice in one post: one document.
		ents: []vigie.Entity{ent(vigie.KindPhone, "+32470000001"), ent(vigie.KindPhone, "+32470000001")}},
	{id: "f2", source: "forum", text: "passage et papiers, tout compris", lang: "fr", posted: day(2024, 1, 20), risk: 0.75,
		cats: []string{vigie.SmugglingPassage, vigie.SmugglingDocuments},
		ents: []vigie.Entity{ent(vigie.KindPhone, "+32470000001"), ent(vigie.KindTelegram, "agent_x")}},
	{id: "f3", source: "market", text: "Work abroad, passage paid by the employer", lang: "en", posted: day(2024, 2, 3), risk: 0.55,
		cats: []string{vigie.LabourRecruitment},
		ents: []vigie.Entity{ent(vigie.KindEmail, "jobs@example.org"), ent(vigie.KindPhone, "+32470000002")}},
	{id: "f4", source: "market", text: "Bicycle for sale", lang: "en", risk: 0.2,
		ents: []vigie.Entity{ent(vigie.KindPrice, "50 EUR")}}, // not an identifier
	{id: "f5", text: "rihla bahriya", lang: "ar", posted: day(2024, 3, 1), risk: 0.5,
		cats: []string{vigie.SmugglingPassage},
		ents: []vigie.Entity{ent(vigie.KindWhatsApp, "+32470000001"), ent(vigie.KindCryptoWallet, "bc1qexample")}},
	{id: "f6", source: "forum", text: "Information sur le passage", posted: time.Date(2024, 3, 31, 23, 59, 0, 0, time.UTC), risk: 0.7,
		ents: []vigie.Entity{ent(vigie.KindURL, "https://example.org/")}}, // not an identifier either
	{id: "f7", source: "market", text: "Fiets te koop", lang: "nl", posted: day(2024, 2, 10), risk: 0.1,
		ents: []vigie.Entity{ent(vigie.KindTelegram, "h01"), ent(vigie.KindTelegram, "h02"), ent(vigie.KindTelegram, "h03"),
			ent(vigie.KindTelegram, "h04"), ent(vigie.KindTelegram, "h05"), ent(vigie.KindTelegram, "h06"),
			ent(vigie.KindTelegram, "h07"), ent(vigie.KindTelegram, "h08")}},
}

func addFacetDocs(t *testing.T, s *Store, docs []facetDoc) {
	t.Helper()
	var its []Item
	for _, d := range docs {
		its = append(its, d.item())
	}
	if added, _, err := s.Add(context.Background(), 0, its); err != nil || added != len(its) {
		t.Fatalf("Add = %d, %v; want %d", added, err, len(its))
	}
}

func counts(kv ...any) []FacetCount {
	out := []FacetCount{}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, FacetCount{Value: kv[i].(string), Count: kv[i+1].(int)})
	}
	return out
}

// TestFacetsAll checks every count of Facets without filters against
// counts made by hand, and so the test's own counting (wantFacets).
func TestFacetsAll(t *testing.T) { forEachStore(t, testFacetsAll) }

func testFacetsAll(t *testing.T, s *Store) {
	addFacetDocs(t, s, facetDocs)
	got, err := s.Facets(context.Background(), Query{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := Facets{
		Counted:  7,
		Category: counts(vigie.SmugglingPassage, 3, vigie.LabourRecruitment, 1, vigie.SmugglingDocuments, 1),
		Language: counts("en", 2, "fr", 2, "", 1, "ar", 1, "nl", 1),
		Source:   counts("forum", 3, "market", 3, "", 1),
		Month:    counts("", 1, "2024-01", 2, "2024-02", 2, "2024-03", 2),
		Risk:     counts("0.7-1", 3, "0-0.5", 2, "0.5-0.7", 2),
		// Ties in byte order: "+" before digits before letters. The ten
		// stop at h05 of f7's eight handles.
		Entities: []EntityFacet{
			{"phone", "+32470000001", 2},
			{"whatsapp", "+32470000001", 1},
			{"phone", "+32470000002", 1},
			{"telegram", "agent_x", 1},
			{"crypto_wallet", "bc1qexample", 1},
			{"telegram", "h01", 1}, {"telegram", "h02", 1}, {"telegram", "h03", 1},
			{"telegram", "h04", 1}, {"telegram", "h05", 1},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Facets(all) =\n%+v\nwant\n%+v", got, want)
	}
	if w := wantFacets(facetDocs, len(facetDocs)); !reflect.DeepEqual(w, want) {
		t.Errorf("wantFacets(all) =\n%+v\nwant\n%+v", w, want)
	}
}

// TestFacetsFilters checks that Facets counts exactly the documents that
// each filter of a search keeps, and that they are those Search finds.
func TestFacetsFilters(t *testing.T) { forEachStore(t, testFacetsFilters) }

func testFacetsFilters(t *testing.T, s *Store) {
	ctx := context.Background()
	addFacetDocs(t, s, facetDocs)
	for _, tc := range []struct {
		name string
		q    Query
		want []string // ids of the matching documents
	}{
		{"word", Query{Words: "PASSAGE"}, []string{"f1", "f2", "f3", "f6"}},
		{"words", Query{Words: "passage papiers"}, []string{"f2"}},
		{"no match", Query{Words: "zuwara"}, nil},
		{"category", Query{Category: vigie.SmugglingPassage}, []string{"f1", "f2", "f5"}},
		{"word and category", Query{Words: "passage", Category: vigie.SmugglingPassage}, []string{"f1", "f2"}},
		{"phone", Query{Entities: []vigie.Entity{ent(vigie.KindPhone, "+32470000001")}}, []string{"f1", "f2"}},
		{"phone by its end", Query{Entities: []vigie.Entity{ent(vigie.KindPhone, "*0001")}}, []string{"f1", "f2"}},
		{"phone and category", Query{Entities: []vigie.Entity{ent(vigie.KindPhone, "+32470000001")}, Category: vigie.SmugglingDocuments}, []string{"f2"}},
		{"language", Query{Language: "en"}, []string{"f3", "f4"}},
		{"source", Query{Source: "market"}, []string{"f3", "f4", "f7"}},
		{"dates", Query{From: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)}, []string{"f3", "f5", "f7"}},
		// The lowest risk of a band finds the documents of that band and
		// the higher ones.
		{"risk band 0.7-1", Query{MinRisk: 0.7}, []string{"f1", "f2", "f6"}},
		{"risk band 0.5-0.7 and up", Query{MinRisk: 0.5}, []string{"f1", "f2", "f3", "f5", "f6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var docs []facetDoc
			for _, d := range facetDocs {
				if slices.Contains(tc.want, d.id) {
					docs = append(docs, d)
				}
			}
			want := wantFacets(docs, len(docs))
			got, err := s.Facets(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Facets(%+v) =\n%+v\nwant\n%+v", tc.q, got, want)
			}
			q := tc.q
			q.Limit = 100
			res, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, r := range res {
				found = append(found, r.ID)
			}
			if slices.Sort(found); !slices.Equal(found, tc.want) {
				t.Errorf("Search(%+v) = %v; want %v, the documents counted", q, found, tc.want)
			}
		})
	}
	// A band's name starts with the lowest risk a search for it gives.
	for _, b := range RiskBands {
		low, _, ok := strings.Cut(b.Name, "-")
		if !ok || low != fmt.Sprint(b.Min) || b.Max <= b.Min {
			t.Errorf("risk band %+v: name does not start with its lowest risk", b)
		}
	}
}

// TestFacetsPartial lowers the limit: Facets then counts the newest
// matches only, and says so.
func TestFacetsPartial(t *testing.T) { forEachStore(t, testFacetsPartial) }

func testFacetsPartial(t *testing.T, s *Store) {
	ctx := context.Background()
	addFacetDocs(t, s, facetDocs)
	defer func(n int) { facetLimit = n }(facetLimit)
	byID := map[string]facetDoc{}
	for _, d := range facetDocs {
		byID[d.id] = d
	}
	pick := func(ids ...string) []facetDoc {
		var out []facetDoc
		for _, id := range ids {
			out = append(out, byID[id])
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		limit   int
		q       Query
		counted []string // the documents counted
		partial bool
	}{
		{"all, limit 3", 3, Query{}, []string{"f5", "f6", "f7"}, true},
		{"word, limit 3", 3, Query{Words: "passage"}, []string{"f2", "f3", "f6"}, true},
		{"word, limit 4: all", 4, Query{Words: "passage"}, []string{"f1", "f2", "f3", "f6"}, false},
		{"category, limit 2", 2, Query{Category: vigie.SmugglingPassage}, []string{"f2", "f5"}, true},
		{"phone, limit 1", 1, Query{Entities: []vigie.Entity{ent(vigie.KindPhone, "+32470000001")}}, []string{"f2"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facetLimit = tc.limit
			got, err := s.Facets(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			want := wantFacets(pick(tc.counted...), tc.limit)
			want.Partial = tc.partial
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Facets(%+v) with limit %d =\n%+v\nwant\n%+v", tc.q, tc.limit, got, want)
			}
		})
	}
}

// TestFacetsEmpty: no document, no count, and lists that are empty, not
// nil (they are JSON arrays).
func TestFacetsEmpty(t *testing.T) { forEachStore(t, testFacetsEmpty) }

func testFacetsEmpty(t *testing.T, s *Store) {
	got, err := s.Facets(context.Background(), Query{Words: "passage"})
	if err != nil {
		t.Fatal(err)
	}
	want := wantFacets(nil, 1)
	if !reflect.DeepEqual(got, want) || got.Category == nil || got.Entities == nil {
		t.Errorf("Facets of an empty store = %#v; want %#v", got, want)
	}
}

// TestFacetsDialectsAgree counts many generated documents, with many ties
// among their identifiers, on every store, with and without a limit, and
// both ways of selecting a category: each result must be the test's own
// count, so SQLite and PostgreSQL agree.
func TestFacetsDialectsAgree(t *testing.T) {
	docs := generatedFacetDocs(400)
	results := map[string][]Facets{}
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		addFacetDocs(t, s, docs)
		var all []Facets
		for _, limit := range []int{1000, 50} {
			for _, q := range generatedQueries {
				var match []facetDoc
				for _, d := range docs {
					if matches(d, q) {
						match = append(match, d)
					}
				}
				want := wantFacets(match[max(0, len(match)-limit):], limit)
				want.Partial = len(match) > limit
				for _, cat := range []categoryFilter{categoryList, categoryProbe} {
					got, err := s.facets(ctx, q, cat, limit)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("facets(%+v, %v, %d) =\n%+v\nwant\n%+v", q, cat, limit, got, want)
					}
					all = append(all, got)
				}
			}
		}
		results[s.Dialect()] = all
	})
	if sq, pg := results["sqlite"], results["postgres"]; sq != nil && pg != nil && !reflect.DeepEqual(sq, pg) {
		t.Errorf("SQLite and PostgreSQL counted differently:\n%+v\n%+v", sq, pg)
	}
}

// TestFacetCategory: Facets reads a small category into a list, and looks
// the documents up in a large one.
func TestFacetCategory(t *testing.T) { forEachStore(t, testFacetCategory) }

func testFacetCategory(t *testing.T, s *Store) {
	ctx := context.Background()
	addFacetDocs(t, s, generatedFacetDocs(400))
	for _, tc := range []struct {
		category string
		limit    int
		want     categoryFilter
	}{
		// About 130 documents of 400: more than √(2 × 1 × 400) = 28.
		{vigie.SmugglingPassage, 1, categoryProbe},
		// Fewer than √(2 × 1000 × 400) = 894.
		{vigie.SmugglingPassage, 1000, categoryList},
		{"none", 1, categoryList},
	} {
		got, err := s.facetCategory(ctx, tc.category, tc.limit)
		if err != nil || got != tc.want {
			t.Errorf("facetCategory(%s, %d) = %v, %v; want %v", tc.category, tc.limit, got, err, tc.want)
		}
	}
}

// generatedQueries are searches of the generated documents that matches
// can tell.
var generatedQueries = []Query{
	{},
	{Words: "bateau"},
	{Words: "bateau papiers"},
	{Category: vigie.SmugglingPassage},
	{Words: "maison", Category: vigie.LabourRecruitment},
	{Entities: []vigie.Entity{ent(vigie.KindPhone, "+32470000003")}},
	{Language: "fr", MinRisk: 0.5},
	{Source: "b", From: day(2024, 3, 1), To: day(2024, 9, 1)},
}

// matches reports whether d is found by q, as far as generatedQueries
// need.
func matches(d facetDoc, q Query) bool {
	words := strings.Fields(d.text)
	for _, w := range strings.Fields(q.Words) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	for _, e := range q.Entities {
		if !slices.ContainsFunc(d.ents, func(x vigie.Entity) bool { return x.Kind == e.Kind && x.Value == e.Value }) {
			return false
		}
	}
	switch {
	case q.Category != "" && !slices.Contains(d.cats, q.Category),
		q.Language != "" && d.lang != q.Language,
		q.Source != "" && d.source != q.Source,
		d.risk < q.MinRisk,
		!q.From.IsZero() && (d.posted.IsZero() || d.posted.Before(q.From)),
		!q.To.IsZero() && (d.posted.IsZero() || !d.posted.Before(q.To)):
		return false
	}
	return true
}

// generatedFacetDocs returns n documents drawn from small sets of values,
// the same every time.
func generatedFacetDocs(n int) []facetDoc {
	r := rand.New(rand.NewPCG(7, 8))
	pickOne := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	vocabulary := []string{"bateau", "papiers", "maison", "travail", "voyage"}
	kinds := []vigie.EntityKind{vigie.KindPhone, vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindEmail, vigie.KindCryptoWallet, vigie.KindPrice}
	risks := []float64{0, 0.3, 0.49, 0.5, 0.69, 0.7, 0.95, 1}
	var out []facetDoc
	for i := range n {
		d := facetDoc{
			id:     fmt.Sprintf("g%03d", i),
			source: pickOne("a", "b", "c", ""),
			lang:   pickOne("fr", "en", "ar", ""),
			risk:   risks[r.IntN(len(risks))],
		}
		if r.IntN(5) > 0 {
			d.posted = time.Date(2024, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
		}
		var words []string
		for range 1 + r.IntN(4) {
			words = append(words, vocabulary[r.IntN(len(vocabulary))])
		}
		d.text = strings.Join(words, " ")
		for _, c := range vigie.Categories[:3] {
			if r.IntN(3) == 0 {
				d.cats = append(d.cats, c)
			}
		}
		if r.IntN(4) == 0 {
			d.cats = append(d.cats, vigie.LabourRecruitment)
		}
		for range r.IntN(4) {
			k := kinds[r.IntN(len(kinds))]
			// Few values, so that many tie; phones as E.164, the rest
			// with characters that sort differently by locale.
			v := fmt.Sprintf("+3247000000%d", r.IntN(9))
			switch k {
			case vigie.KindTelegram:
				v = pickOne("a_b", "a.b", "ab", "a-b", "Ab")
			case vigie.KindEmail:
				v = pickOne("x@e.org", "x.y@e.org", "x_y@e.org")
			case vigie.KindCryptoWallet:
				v = pickOne("bc1q", "BC1Q")
			}
			d.ents = append(d.ents, ent(k, v))
		}
		out = append(out, d)
	}
	return out
}

// wantFacets counts docs as Facets should, with limit as the limit (for
// Counted; Partial is left false).
func wantFacets(docs []facetDoc, limit int) Facets {
	tally := func(m map[string]int) []FacetCount {
		out := []FacetCount{}
		for v, n := range m {
			out = append(out, FacetCount{v, n})
		}
		slices.SortFunc(out, func(a, b FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
		})
		return out
	}
	cat, lang, src, month, risk := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	ents := map[[2]string]int{}
	for _, d := range docs {
		for _, c := range d.cats {
			cat[c]++
		}
		lang[d.lang]++
		src[d.source]++
		if d.posted.IsZero() {
			month[""]++
		} else {
			month[d.posted.Format("2006-01")]++
		}
		for _, b := range RiskBands {
			if d.risk >= b.Min {
				risk[b.Name]++
				break
			}
		}
		seen := map[[2]string]bool{}
		for _, e := range d.ents {
			k := [2]string{string(e.Kind), e.Value}
			if slices.Contains(FacetKinds, e.Kind) && !seen[k] {
				seen[k] = true
				ents[k]++
			}
		}
	}
	f := Facets{Counted: min(len(docs), limit), Category: tally(cat), Language: tally(lang), Source: tally(src),
		Month: tally(month), Risk: tally(risk), Entities: []EntityFacet{}}
	slices.SortFunc(f.Month, func(a, b FacetCount) int { return strings.Compare(a.Value, b.Value) })
	for k, n := range ents {
		f.Entities = append(f.Entities, EntityFacet{Kind: k[0], Value: k[1], Count: n})
	}
	slices.SortFunc(f.Entities, func(a, b EntityFacet) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value), strings.Compare(a.Kind, b.Kind))
	})
	f.Entities = f.Entities[:min(len(f.Entities), 10)]
	return f
}
