package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigie-project/vigie/internal/store"
)

// TestIngestRaisesAlerts watches words and a number, then ingests: the
// new documents that match raise alerts, counted in the summary, and a
// second ingest of the same file raises none.
func TestIngestRaisesAlerts(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.AddUser(t.Context(), store.User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][2]string{{"term", "chaque semaine"}, {"phone", "+32 470 00 00 01"}} {
		v, err := store.WatchValue(w[0], w[1], "BE")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddWatch(t.Context(), store.Watch{UserID: id, Kind: w[0], Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	posts := filepath.Join(dir, "posts.jsonl")
	os.WriteFile(posts, []byte(`{"id":"a","text":"Départ chaque semaine vers l'Italie, appelez le 0470 00 00 01"}
{"id":"b","text":"Vélo à vendre, très bon état"}
{"id":"c","text":"Places limitées, départ chaque semaine"}
`), 0o644)
	var sum struct {
		Added  int `json:"documents_added"`
		Alerts int `json:"alerts"`
	}
	for i, want := range []int{3, 0} {
		code, out, errs := vigieRun(t, "", "ingest", "--json", "--data", data, posts)
		if err := json.Unmarshal([]byte(out), &sum); err != nil || code != 0 {
			t.Fatalf("ingest %d: exit %d, %s %s", i, code, out, errs)
		}
		if sum.Alerts != want {
			t.Errorf("ingest %d: %d alerts; want %d (a: words and number, c: words)", i, sum.Alerts, want)
		}
	}
}
