package store

import (
	"context"
	"errors"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestDocument(t *testing.T) { forEachStore(t, testDocument) }

// testDocument reads back one stored post with what its analysis found:
// the same entities with their offsets, the same hits in order, the
// categories by score; and an unknown id is ErrNotFound.
func testDocument(t *testing.T, s *Store) {
	ctx := context.Background()
	its := items(t, testDocs)
	its[3].Doc.Media = []vigie.Media{{Path: "a.jpg", SHA256: "ab"}}
	run, err := s.BeginRun(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Add(ctx, run, its); err != nil {
		t.Fatal(err)
	}
	d, err := s.Document(ctx, "p4")
	if err != nil {
		t.Fatal(err)
	}
	a := its[3].Analysis
	if d.Text != testDocs[3].Text || d.Source != "other" || d.PostedAt.IsZero() || d.Key == "" || len(d.Media) != 1 {
		t.Errorf("Document(p4) = %+v", d)
	}
	var textEnts []vigie.Entity
	for _, e := range d.Entities {
		if e.Kind != vigie.KindPhoto {
			textEnts = append(textEnts, e)
		}
	}
	if len(textEnts) != len(a.Entities) || len(d.Hits) != len(a.Indicators) || len(d.Categories) != len(a.Categories) || len(a.Indicators) == 0 {
		t.Fatalf("p4: %d entities, %d hits, %d categories; analysis had %d, %d, %d",
			len(textEnts), len(d.Hits), len(d.Categories), len(a.Entities), len(a.Indicators), len(a.Categories))
	}
	for i, h := range d.Hits {
		if h.Indicator != a.Indicators[i].ID || h.Start != a.Indicators[i].Start || h.End != a.Indicators[i].End {
			t.Errorf("hit %d = %+v; analysis %+v", i, h, a.Indicators[i])
		}
	}
	for _, e := range textEnts {
		if d.Text[e.Start:e.End] == "" {
			t.Errorf("entity %+v points at no text", e)
		}
	}
	if byKey, err := s.Document(ctx, d.Key); err != nil || byKey.StoreID != d.StoreID {
		t.Errorf("Document by key = %v, %v", byKey.StoreID, err)
	}
	if _, err := s.Document(ctx, "nope"); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("Document(nope): err %v; want ErrNotFound", err)
	}
}

func TestStatistics(t *testing.T) { forEachStore(t, testStatistics) }

// testStatistics checks the counts by category, month, language and
// platform against the stored analysis.
func testStatistics(t *testing.T, s *Store) {
	ctx := context.Background()
	its := items(t, testDocs)
	its[3].Doc.Platform = "facebook"
	run, _ := s.BeginRun(ctx, "test")
	if _, _, err := s.Add(ctx, run, its); err != nil {
		t.Fatal(err)
	}
	cells, err := s.Statistics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[StatCell]bool{}
	for _, it := range its {
		for _, c := range it.Analysis.Categories {
			month := ""
			if !it.Doc.PostedAt.IsZero() {
				month = it.Doc.PostedAt.Format("2006-01")
			}
			k := StatCell{Category: c.ID, Month: month, Language: it.Analysis.Language, Platform: it.Doc.Platform}
			want[k] = true
		}
	}
	total := 0
	for _, c := range cells {
		n := c.N
		c.N = 0
		if !want[c] {
			t.Errorf("unexpected cell %+v", c)
		}
		total += n
	}
	n := 0
	for _, it := range its {
		n += len(it.Analysis.Categories)
	}
	if total != n || len(cells) == 0 {
		t.Errorf("cells count %d documents; want %d", total, n)
	}
}

func TestEntity(t *testing.T) { forEachStore(t, testEntity) }

// testEntity looks up a phone number two posts give: both posts, first
// and last seen, and the other identifiers given with it.
func testEntity(t *testing.T, s *Store) {
	ctx := context.Background()
	run, _ := s.BeginRun(ctx, "test")
	if _, _, err := s.Add(ctx, run, items(t, testDocs)); err != nil {
		t.Fatal(err)
	}
	kinds := []vigie.EntityKind{vigie.KindPhone, vigie.KindWhatsApp, vigie.KindEmail}
	v, err := s.Entity(ctx, vigie.KindPhone, "+32470123456", 10, kinds)
	if err != nil {
		t.Fatal(err)
	}
	if v.Documents != 2 || len(v.Posts) != 2 || v.Posts[0].ID != "p4" || v.FirstSeen == "" || v.FirstSeen > v.LastSeen {
		t.Errorf("Entity(phone) = %+v", v)
	}
	found := false
	for _, c := range v.With {
		if c.Kind == vigie.KindPhone && c.Value == "+32470123456" {
			t.Errorf("the entity lists itself among those given with it")
		}
		found = found || c.Kind == vigie.KindWhatsApp
	}
	if !found {
		t.Errorf("With = %+v; want the WhatsApp number given in p4", v.With)
	}
	if _, err := s.Entity(ctx, vigie.KindPhone, "+10000000000", 10, nil); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("unknown entity: err %v; want ErrNotFound", err)
	}
}
