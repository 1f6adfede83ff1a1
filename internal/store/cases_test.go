package store

import (
	"context"
	"errors"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestCases(t *testing.T) { forEachStore(t, testCases) }

// testCases checks cases: only members and administrators see one (to
// others it does not exist), material added once each, a network added
// with its documents, notes, status and tags, a last member kept.
func testCases(t *testing.T, s *Store) {
	ctx := context.Background()
	if _, _, err := s.Add(ctx, 0, items(t, testDocs)); err != nil {
		t.Fatal(err)
	}
	user := func(name, role string) Viewer {
		id, err := s.AddUser(ctx, User{Name: name, Role: role, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		return Viewer{UserID: id, Admin: role == "admin"}
	}
	ana, bo, adm := user("ana", "investigator"), user("bo", "investigator"), user("root", "admin")
	id, err := s.CreateCase(ctx, "  Zuwara crossings ", []string{"Boats", "boats", " libya "}, ana.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, " ", nil, ana.UserID); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("case without title: %v; want ErrInvalid", err)
	}
	c, err := s.Case(ctx, ana, id)
	if err != nil || c.Title != "Zuwara crossings" || c.Status != CaseOpen || len(c.Tags) != 2 || c.Tags[0] != "boats" || c.Tags[1] != "libya" ||
		len(c.MemberNames) != 1 || c.MemberNames[0] != "ana" || c.CreatedBy != "ana" {
		t.Fatalf("Case = %+v, %v", c, err)
	}
	for who, v := range map[string]Viewer{"bo (not a member)": bo, "nobody": {UserID: 999}} {
		if _, err := s.Case(ctx, v, id); !errors.Is(err, vigie.ErrNotFound) {
			t.Errorf("%s sees the case: %v", who, err)
		}
		if err := s.AddCaseNote(ctx, v, id, "sneaky"); !errors.Is(err, vigie.ErrNotFound) {
			t.Errorf("%s writes in the case: %v", who, err)
		}
		if cs, _ := s.Cases(ctx, v); len(cs) != 0 {
			t.Errorf("%s lists %d cases", who, len(cs))
		}
	}
	if _, err := s.Case(ctx, adm, id); err != nil {
		t.Errorf("an administrator does not see the case: %v", err)
	}
	if _, err := s.Case(ctx, ana, id+1); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}

	// Material.
	for range 2 {
		if err := s.AddCaseDocument(ctx, ana, id, "p1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddCaseDocument(ctx, ana, id, "nope"); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
	if err := s.AddCaseEntity(ctx, ana, id, vigie.KindPhone, "+218910000000"); err != nil {
		t.Fatal(err)
	}
	p3, _ := s.documentID(ctx, "p3")
	p4, _ := s.documentID(ctx, "p4")
	if err := s.ReplaceNetworks(ctx, []NetworkRecord{{Documents: []int64{p4, p3}, Links: []NetworkLink{{"telegram", "made_up", 2}}}}, nil); err != nil {
		t.Fatal(err)
	}
	nets, _ := s.Networks(ctx, 2)
	if len(nets) != 1 {
		t.Fatalf("%d networks", len(nets))
	}
	if err := s.AddCaseNetwork(ctx, ana, id, nets[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCaseNote(ctx, ana, id, "Same boat every week."); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCaseMember(ctx, ana, id, "bo"); err != nil {
		t.Fatal(err)
	}
	c, err = s.Case(ctx, bo, id)
	if err != nil {
		t.Fatalf("bo, now a member: %v", err)
	}
	kinds := map[string]int{}
	refs := map[string]bool{}
	for _, it := range c.Material {
		kinds[it.Kind]++
		refs[it.Ref] = true
	}
	if kinds[ItemDocument] != 3 || kinds[ItemEntity] != 1 || kinds[ItemNetwork] != 1 || !refs["p1"] || !refs["p3"] || !refs["p4"] || !refs["phone:+218910000000"] {
		t.Errorf("material %+v; want p1, p3, p4, the phone and the network", c.Material)
	}
	if len(c.Notes) != 1 || c.Notes[0].Author != "ana" || c.Notes[0].Text != "Same boat every week." || len(c.MemberNames) != 2 || c.Items != 5 || c.Members != 2 {
		t.Errorf("case %+v", c)
	}
	if cs, err := s.CasesOfDocument(ctx, bo, p4); err != nil || len(cs) != 1 || cs[0].ID != id {
		t.Errorf("CasesOfDocument(p4) = %+v, %v", cs, err)
	}
	var entityItem int64
	for _, it := range c.Material {
		if it.Kind == ItemEntity {
			entityItem = it.ID
		}
	}
	if err := s.RemoveCaseItem(ctx, bo, id, entityItem); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCaseItem(ctx, bo, id, entityItem); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("removing an item twice: %v", err)
	}
	if err := s.UpdateCase(ctx, ana, id, "", "solved", nil); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("unknown status: %v", err)
	}
	if err := s.UpdateCase(ctx, ana, id, "Zuwara crossings 2026", CaseClosed, []string{}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Case(ctx, ana, id); c.Status != CaseClosed || c.Title != "Zuwara crossings 2026" || len(c.Tags) != 0 || c.Items != 4 {
		t.Errorf("after update: %+v", c.CaseSummary)
	}
	if err := s.RemoveCaseMember(ctx, ana, id, "bo"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCaseMember(ctx, ana, id, "ana"); !errors.Is(err, vigie.ErrConflict) {
		t.Errorf("removing the last member: %v; want ErrConflict", err)
	}
	if _, err := s.Case(ctx, bo, id); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("bo, no longer a member, sees the case: %v", err)
	}
	if cs, err := s.Cases(ctx, adm); err != nil || len(cs) != 1 || cs[0].Members != 1 {
		t.Errorf("Cases(admin) = %+v, %v", cs, err)
	}
}
