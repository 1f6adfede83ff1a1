package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestNetworks(t *testing.T) { forEachStore(t, testNetworks) }

func testNetworks(t *testing.T, s *Store) {
	ctx := context.Background()
	if _, _, err := s.Add(ctx, 0, items(t, testDocs)); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, d := range testDocs {
		id, err := s.documentID(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids[d.ID] = id
	}
	// p1 and p2 share the Libyan number; p3 and p4 a made-up handle.
	nets := []NetworkRecord{
		{Documents: []int64{ids["p2"], ids["p1"]}, Links: []NetworkLink{{"phone", "+218910000000", 2}}},
		{Documents: []int64{ids["p4"], ids["p3"]}, Links: []NetworkLink{{"telegram", "made_up", 2}}},
	}
	generic := []GenericIdentifier{{"phone", "+32470000000", 5000, 0}}
	if err := s.ReplaceNetworks(ctx, nets, generic); err != nil {
		t.Fatal(err)
	}
	got, err := s.Networks(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Networks = %d networks; want 2", len(got))
	}
	first := got[0]
	if first.ID != ids["p1"] || first.Size != 2 || !slices.Equal(first.Documents, []string{"p1", "p2"}) {
		t.Errorf("first network = id %d, size %d, %v; want id %d (its oldest post), 2, [p1 p2]", first.ID, first.Size, first.Documents, ids["p1"])
	}
	if len(first.Links) != 1 || first.Links[0].Value != "+218910000000" {
		t.Errorf("links = %+v; want the shared number", first.Links)
	}
	if first.Categories[vigie.SmugglingPassage] != 2 || first.Languages["fr"] != 1 || first.Languages["ar"] != 1 {
		t.Errorf("categories %v, languages %v; want 2 smuggling posts, one French, one Arabic", first.Categories, first.Languages)
	}
	if len(first.Prices) == 0 {
		t.Errorf("prices = %v; want the prices of the posts", first.Prices)
	}
	second := got[1]
	// p4 was posted on 2026-03-01; p3 has no date: its ingest time counts.
	if len(second.FirstSeen) < 10 || second.FirstSeen[:10] != "2026-03-01" || second.LastSeen <= second.FirstSeen {
		t.Errorf("second network seen %q…%q; want from p4's posting date 2026-03-01 to p3's ingest", second.FirstSeen, second.LastSeen)
	}
	one, err := s.Network(ctx, second.ID)
	if err != nil || one.ID != second.ID || !slices.Equal(one.Documents, second.Documents) {
		t.Errorf("Network(%d) = %+v, %v; want the second network", second.ID, one, err)
	}
	if _, err := s.Network(ctx, 999999); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("Network(999999) error = %v; want ErrNotFound", err)
	}
	if n, ok, err := s.NetworkOf(ctx, "p4"); err != nil || !ok || n != second.ID {
		t.Errorf("NetworkOf(p4) = %d, %v, %v; want %d", n, ok, err, second.ID)
	}
	if _, _, err := s.NetworkOf(ctx, "nope"); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("NetworkOf(nope) error = %v; want ErrNotFound", err)
	}
	gs, err := s.GenericIdentifiers(ctx)
	if err != nil || len(gs) != 1 || gs[0] != generic[0] {
		t.Errorf("GenericIdentifiers = %+v, %v; want %+v", gs, err, generic)
	}

	// Posts for exports: every post of the networks, with its own
	// categories and entities, merged from separate ordered reads.
	its := items(t, testDocs)
	var posts []PostRecord
	if err := s.NetworkPosts(ctx, 0, func(p PostRecord) error { posts = append(posts, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(posts) != 4 {
		t.Fatalf("NetworkPosts(0) = %d posts; want 4", len(posts))
	}
	for i, p := range posts {
		want := its[i]
		if p.ID != want.Doc.ID || p.Text != want.Doc.Text || p.Network != ids[map[int]string{0: "p1", 1: "p1", 2: "p3", 3: "p3"}[i]] {
			t.Errorf("post %d = %s in network %d; want %s", i, p.ID, p.Network, want.Doc.ID)
		}
		if len(p.Entities) != len(want.Analysis.Entities) || len(p.Categories) != len(want.Analysis.Categories) {
			t.Errorf("post %s: %d entities, %d categories; want %d, %d", p.ID, len(p.Entities), len(p.Categories),
				len(want.Analysis.Entities), len(want.Analysis.Categories))
		}
	}
	var inSecond []string
	if err := s.NetworkPosts(ctx, second.ID, func(p PostRecord) error { inSecond = append(inSecond, p.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inSecond, []string{"p3", "p4"}) {
		t.Errorf("NetworkPosts(second) = %v; want [p3 p4]", inSecond)
	}

	// Replacing drops what was there: p1 alone is in no network now.
	if err := s.ReplaceNetworks(ctx, nets[1:], nil); err != nil {
		t.Fatal(err)
	}
	got, err = s.Networks(ctx, 2)
	if err != nil || len(got) != 1 || got[0].ID != second.ID {
		t.Errorf("after replace: %+v, %v; want only the second network", got, err)
	}
	if _, ok, err := s.NetworkOf(ctx, "p1"); err != nil || ok {
		t.Errorf("NetworkOf(p1) after replace = %v, %v; want in none", ok, err)
	}
	if gs, _ := s.GenericIdentifiers(ctx); len(gs) != 0 {
		t.Errorf("generic identifiers after replace = %v; want none", gs)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}
