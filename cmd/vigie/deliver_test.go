package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
	"github.com/vigie-project/vigie/internal/webhook"
)

// TestDeliverAlerts posts alerts to local webhooks: one that fails twice
// (503) before it takes the post, whose signature it checks with the
// watch's secret; one that refuses (400), given up at once.
func TestDeliverAlerts(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	var bodies []string
	secret := ""
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls[r.URL.Path]++
		switch {
		case r.URL.Path == "/refuse":
			http.Error(w, "unknown hook", http.StatusBadRequest)
		case calls[r.URL.Path] <= 2:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			if err := webhook.Verify([]byte(secret), r.Header.Get(webhook.HeaderSignature), body, time.Now(), webhook.DefaultTolerance); err != nil {
				http.Error(w, err.Error(), http.StatusUnauthorized)
				return
			}
			bodies = append(bodies, string(body))
		}
	}))
	defer hook.Close()

	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ana, _ := st.AddUser(t.Context(), store.User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	secret = "shared secret of the unit"
	st.AddWatch(t.Context(), store.Watch{UserID: ana, Kind: "term", Value: "zuwara", WebhookURL: hook.URL + "/ok", WebhookSecret: secret})
	st.AddWatch(t.Context(), store.Watch{UserID: ana, Kind: "term", Value: "lampedusa", WebhookURL: hook.URL + "/refuse", WebhookSecret: secret})
	its := []store.Item{docOf("p1", "Départ de Zuwara vers Lampedusa chaque semaine")}
	if _, _, err := st.Add(t.Context(), 0, its); err != nil {
		t.Fatal(err)
	}
	if n, err := st.RaiseAlerts(t.Context(), []int64{its[0].ID}); err != nil || n != 2 {
		t.Fatalf("RaiseAlerts = %d, %v", n, err)
	}
	now := time.Now()
	clock := func() time.Time { return now }
	s := &webhook.Sender{Backoff: func(int) time.Duration { return time.Minute }}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for pass, want := range []struct{ sent, failed int }{{0, 2}, {0, 1}, {1, 0}, {0, 0}} {
		sent, failed, err := deliverAlerts(t.Context(), st, s, clock, log)
		if err != nil || sent != want.sent || failed != want.failed {
			t.Errorf("pass %d: sent %d, failed %d, %v; want %+v", pass, sent, failed, err, want)
		}
		now = now.Add(2 * time.Minute) // past the backoff
	}
	status, _ := st.DeliveryStatus(t.Context())
	if status["delivered"] != 1 || status["failed"] != 1 || status["pending"] != 0 {
		t.Errorf("deliveries: %v", status)
	}
	if calls["/refuse"] != 1 || calls["/ok"] != 3 || len(bodies) != 1 || !strings.Contains(bodies[0], `"event":"alert.created"`) || !strings.Contains(bodies[0], `"watch_value":"zuwara"`) {
		t.Errorf("calls %v, bodies %v", calls, bodies)
	}
}

// docOf returns a store item of a post, analysed.
func docOf(id, text string) store.Item {
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	an, folded := a.AnalyzeFolded(analyze.Input{Text: text})
	return store.Item{Doc: vigie.Document{ID: id, Source: "test", Text: text}, Analysis: an, Folded: folded}
}
