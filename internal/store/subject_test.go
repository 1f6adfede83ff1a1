package store

import (
	"context"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestSubject(t *testing.T) { forEachStore(t, testSubject) }

// testSubject gathers what is held about the Libyan number of p1 and p2:
// both documents, whole, under whichever kind holds the number; the case
// holding p1; the watch on it; its network.
func testSubject(t *testing.T, s *Store) {
	ctx := context.Background()
	its := items(t, testDocs)
	if _, _, err := s.Add(ctx, 0, its); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceNetworks(ctx, []NetworkRecord{{Documents: []int64{its[0].ID, its[1].ID}, Links: []NetworkLink{{"phone", "+218910000000", 2}}}}, nil); err != nil {
		t.Fatal(err)
	}
	ana, _ := s.AddUser(ctx, User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	c, _ := s.CreateCase(ctx, "crossings", nil, ana)
	s.AddCaseDocument(ctx, Viewer{UserID: ana}, c, "p1")
	other, _ := s.CreateCase(ctx, "unrelated", nil, ana)
	s.AddCaseDocument(ctx, Viewer{UserID: ana}, other, "p3")
	s.AddWatch(ctx, Watch{UserID: ana, Kind: "whatsapp", Value: "+218910000000"})
	for _, k := range []vigie.EntityKind{vigie.KindPhone, vigie.KindWhatsApp} {
		sub, err := s.Subject(ctx, k, "+218910000000")
		if err != nil {
			t.Fatal(err)
		}
		if len(sub.Documents) != 2 || sub.Documents[0].ID != "p1" || sub.Documents[1].ID != "p2" || sub.Documents[0].Text != testDocs[0].Text ||
			len(sub.Documents[0].Entities) == 0 || len(sub.Documents[0].Categories) == 0 {
			t.Errorf("Subject(%s) documents: %+v", k, sub.Documents)
		}
		if len(sub.Cases) != 1 || sub.Cases[0].Title != "crossings" || len(sub.Watches) != 1 || sub.Watches[0].Owner != "ana" ||
			len(sub.Networks) != 1 || len(sub.Kinds) != 4 {
			t.Errorf("Subject(%s) = cases %+v, watches %+v, networks %v, kinds %v", k, sub.Cases, sub.Watches, sub.Networks, sub.Kinds)
		}
	}
	sub, err := s.Subject(ctx, vigie.KindEmail, "nobody@example.org")
	if err != nil || len(sub.Documents)+len(sub.Cases)+len(sub.Watches)+len(sub.Networks) != 0 {
		t.Errorf("Subject of an unknown e-mail = %+v, %v; want nothing", sub, err)
	}
}
