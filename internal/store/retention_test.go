package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestRetention(t *testing.T) { forEachStore(t, testRetention) }

// testRetention keeps the source "test" one day: past it, its documents
// go with everything derived from them, except the one a case holds;
// the source "other" has no limit and keeps its document; the blob of
// the deleted documents is reported, the held document's blob is not.
func testRetention(t *testing.T, s *Store) {
	ctx := context.Background()
	blobA, blobB := strings.Repeat("a", 64), strings.Repeat("b", 64)
	docs := append([]vigie.Document(nil), testDocs...)
	docs[0].Origin.Blob, docs[1].Origin.Blob, docs[2].Origin.Blob = blobA, blobA, blobB // p1, p2 from A; p3 from B
	its := items(t, docs)
	if _, _, err := s.Add(ctx, 0, its); err != nil {
		t.Fatal(err)
	}
	p1, p2 := its[0].ID, its[1].ID
	if err := s.ReplaceNetworks(ctx, []NetworkRecord{{Documents: []int64{p1, p2}, Links: []NetworkLink{{"phone", "+218910000000", 2}}}}, nil); err != nil {
		t.Fatal(err)
	}
	ana, _ := s.AddUser(ctx, User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	c, _ := s.CreateCase(ctx, "held", nil, ana)
	if err := s.AddCaseDocument(ctx, Viewer{UserID: ana}, c, "p3"); err != nil {
		t.Fatal(err)
	}
	w, _ := s.AddWatch(ctx, Watch{UserID: ana, Kind: "term", Value: "zuwara", WebhookURL: "https://hooks.example/x"})
	if n, err := s.RaiseAlerts(ctx, []int64{p1}); err != nil || n != 1 {
		t.Fatalf("RaiseAlerts = %d, %v", n, err)
	}
	if err := s.SetRetention(ctx, "nowhere", 1); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("SetRetention(unknown source) = %v", err)
	}
	if err := s.SetRetention(ctx, "test", 1); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(49 * time.Hour)
	rs, err := s.Retention(ctx, later)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Source == "test" && (r.Days != 1 || r.Documents != 3 || r.Expired != 2 || r.Held != 1) || r.Source == "other" && (r.Days != 0 || r.Expired != 0) {
			t.Errorf("Retention: %+v", r)
		}
	}
	if rep, err := s.ApplyRetention(ctx, time.Now()); err != nil || len(rep.Deleted) != 0 {
		t.Errorf("ApplyRetention now = %+v, %v; want nothing deleted", rep, err)
	}
	rep, err := s.ApplyRetention(ctx, later)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Deleted["test"] != 2 || rep.Held["test"] != 1 || !rep.Networks || len(rep.Blobs) != 1 || rep.Blobs[0] != blobA {
		t.Errorf("ApplyRetention = %+v; want p1 and p2 deleted, p3 held, blob A only", rep)
	}
	if n, _ := s.Count(ctx); n != 2 {
		t.Errorf("%d documents left; want p3 and p4", n)
	}
	for _, ref := range []string{"p1", "p2"} {
		if _, err := s.Document(ctx, ref); !errors.Is(err, vigie.ErrNotFound) {
			t.Errorf("%s after retention: %v", ref, err)
		}
	}
	if res, err := s.Search(ctx, Query{Words: "Zuwara"}); err != nil || len(res) != 0 {
		t.Errorf("search finds deleted documents: %v, %v", res, err)
	}
	if res, err := s.Search(ctx, Query{Entities: []vigie.Entity{{Kind: vigie.KindWhatsApp, Value: "+218910000000"}}}); err != nil || len(res) != 0 {
		t.Errorf("search by contact finds deleted documents: %v, %v", res, err)
	}
	if nets, _ := s.Networks(ctx, 2); len(nets) != 0 {
		t.Errorf("networks left: %+v", nets)
	}
	if ws, _ := s.Watches(ctx, ana); len(ws) != 1 || ws[0].ID != w || ws[0].Alerts != 0 {
		t.Errorf("watches after retention: %+v", ws)
	}
	if _, err := s.Document(ctx, "p3"); err != nil {
		t.Errorf("the held document: %v", err)
	}
	if again, err := s.ApplyRetention(ctx, later); err != nil || len(again.Deleted) != 0 {
		t.Errorf("ApplyRetention again = %+v, %v", again, err)
	}
}
