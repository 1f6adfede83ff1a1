package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestWatchValue(t *testing.T) {
	for _, tc := range []struct {
		kind, value, want string
		ok                bool
	}{
		{"phone", "0470 12 34 56", "+32470123456", true},
		{"telegram", "@Agency_Jobs", "agency_jobs", true},
		{"term", "Paiement APRÈS l'arrivée", "", true},
		{"category", "smuggling.passage", "smuggling.passage", true},
		{"category", "smuggling", "", false},
		{"phone", "12", "", false},
		{"phone", "+32*", "", false},
		{"photo_hash", "0123456789abcdef", "", false},
		{"colour", "red", "", false},
		{"term", "  ", "", false},
		{"term", "!!!", "", false},
	} {
		got, err := WatchValue(tc.kind, tc.value, "BE")
		if (err == nil) != tc.ok || tc.ok && tc.want != "" && got != tc.want {
			t.Errorf("WatchValue(%s, %q) = %q, %v; want %q, ok %v", tc.kind, tc.value, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("WatchValue(%s, %q): error %v does not wrap ErrInvalid", tc.kind, tc.value, err)
		}
	}
}

func TestWatches(t *testing.T) { forEachStore(t, testWatches) }

// testWatches checks that new documents raise an alert per matching
// watch (contact, term, category), once, only for their owner, with a
// webhook delivery when the watch has a webhook; and the outbox.
func testWatches(t *testing.T, s *Store) {
	ctx := context.Background()
	ana, _ := s.AddUser(ctx, User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	bo, _ := s.AddUser(ctx, User{Name: "bo", Role: "investigator", PasswordHash: "h"})
	watch := func(user int64, kind, value, hook string) int64 {
		v, err := WatchValue(kind, value, "BE")
		if err != nil {
			t.Fatal(err)
		}
		id, err := s.AddWatch(ctx, Watch{UserID: user, Kind: kind, Value: v, WebhookURL: hook, WebhookSecret: "s3cret"})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	phone := watch(ana, "whatsapp", "+218 91 000 0000", "https://hooks.example/vigie")
	term := watch(ana, "term", "paiement après l'arrivée", "")
	cat := watch(bo, "category", "labour_exploitation.recruitment", "")
	if _, err := s.AddWatch(ctx, Watch{UserID: ana, Kind: "term", Value: "paiement apres l arrivee"}); !errors.Is(err, vigie.ErrConflict) {
		t.Errorf("the same watch twice: %v; want ErrConflict", err)
	}
	its := items(t, testDocs)
	if _, _, err := s.Add(ctx, 0, its); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range its {
		ids = append(ids, it.ID)
	}
	n, err := s.RaiseAlerts(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	// p1 and p2 give the Libyan WhatsApp number; p1 says "paiement après
	// l'arrivée"; p4 is a labour exploitation ad.
	if n != 4 {
		t.Errorf("RaiseAlerts = %d; want 4 (2 for the number, 1 for the term, 1 for the category)", n)
	}
	if again, err := s.RaiseAlerts(ctx, ids); err != nil || again != 0 {
		t.Errorf("RaiseAlerts again = %d, %v; want 0", again, err)
	}
	as, err := s.Alerts(ctx, ana, true, 10)
	if err != nil || len(as) != 3 {
		t.Fatalf("ana's alerts = %+v, %v", as, err)
	}
	byWatch := map[int64][]string{}
	for _, a := range as {
		byWatch[a.WatchID] = append(byWatch[a.WatchID], a.Document)
	}
	if len(byWatch[phone]) != 2 || len(byWatch[term]) != 1 || byWatch[term][0] != "p1" {
		t.Errorf("alerts by watch %v", byWatch)
	}
	if bs, _ := s.Alerts(ctx, bo, true, 10); len(bs) != 1 || bs[0].WatchID != cat || bs[0].Document != "p4" {
		t.Errorf("bo's alerts = %+v", bs)
	}
	if n, _ := s.UnseenAlerts(ctx, ana); n != 3 {
		t.Errorf("ana's unseen alerts: %d", n)
	}
	if err := s.MarkAlertsSeen(ctx, ana); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.UnseenAlerts(ctx, ana); n != 0 {
		t.Errorf("after marking seen: %d unseen", n)
	}
	if n, _ := s.UnseenAlerts(ctx, bo); n != 1 {
		t.Errorf("bo's alerts marked seen by ana: %d unseen", n)
	}

	// The outbox: the two phone alerts have deliveries.
	now := time.Now()
	ds, err := s.DueDeliveries(ctx, now, 10)
	if err != nil || len(ds) != 2 || ds[0].URL != "https://hooks.example/vigie" || ds[0].Secret != "s3cret" {
		t.Fatalf("DueDeliveries = %+v, %v", ds, err)
	}
	var body struct {
		Event string `json:"event"`
		Alert Alert  `json:"alert"`
	}
	if err := json.Unmarshal(ds[0].Body, &body); err != nil || body.Event != AlertEvent || body.Alert.WatchValue != "+218910000000" || body.Alert.Document == "" {
		t.Errorf("delivery body %s: %v", ds[0].Body, err)
	}
	if err := s.DeliveryFailed(ctx, ds[0].ID, 1, now.Add(time.Minute), false, "503"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeliveryDone(ctx, ds[1].ID, 1, now); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.DueDeliveries(ctx, now, 10); len(ds) != 0 {
		t.Errorf("due now after a failure put off a minute and a success: %d", len(ds))
	}
	ds, _ = s.DueDeliveries(ctx, now.Add(2*time.Minute), 10)
	if len(ds) != 1 || ds[0].Attempts != 1 {
		t.Fatalf("due in two minutes: %+v", ds)
	}
	if err := s.DeliveryFailed(ctx, ds[0].ID, 2, now, true, "400 Bad Request"); err != nil {
		t.Fatal(err)
	}
	if st, err := s.DeliveryStatus(ctx); err != nil || st["delivered"] != 1 || st["failed"] != 1 || st["pending"] != 0 {
		t.Errorf("DeliveryStatus = %v, %v", st, err)
	}
	if err := s.DeleteWatch(ctx, bo, phone); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("bo deleting ana's watch: %v", err)
	}
	if err := s.DeleteWatch(ctx, ana, phone); err != nil {
		t.Fatal(err)
	}
	if ws, _ := s.Watches(ctx, ana); len(ws) != 1 || ws[0].ID != term || ws[0].Alerts != 1 {
		t.Errorf("ana's watches after deleting one: %+v", ws)
	}
}
