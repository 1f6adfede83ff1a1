package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubjectCommand ingests two posts giving one number, one not, and
// asks what is held about the number, written nationally: both posts,
// whole, and nothing of the third.
func TestSubjectCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	posts := filepath.Join(dir, "posts.jsonl")
	os.WriteFile(posts, []byte(`{"id":"a","text":"Travail au noir, logement fourni, appelez le 0470 11 22 33"}
{"id":"b","text":"WhatsApp +32 470 11 22 33 pour le départ"}
{"id":"c","text":"Vélo à vendre"}
`), 0o644)
	runIngestJSON(t, "--data", data, posts)
	out := filepath.Join(dir, "subject.json")
	code, _, errs := vigieRun(t, "", "subject", "phone:0470112233", "--data", data, "--out", out)
	if code != 0 || !strings.Contains(errs, "2 documents") {
		t.Fatalf("subject: %d %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("subject file mode %v; want 0600", fi.Mode().Perm())
	}
	var got struct {
		Value     string `json:"value"`
		Documents []struct{ ID, Text string }
	}
	if err := json.Unmarshal(b, &got); err != nil || got.Value != "+32470112233" || len(got.Documents) != 2 {
		t.Fatalf("subject file: %v\n%.1000s", err, b)
	}
	texts := map[string]string{}
	for _, d := range got.Documents {
		texts[d.ID] = d.Text
	}
	if !strings.Contains(texts["a"], "logement fourni") || !strings.Contains(texts["b"], "départ") {
		t.Errorf("subject documents: %v", texts)
	}
	if code, _, _ := vigieRun(t, "", "subject", "phone:0470112233", "--data", data, "--out", out); code == 0 {
		t.Error("subject overwrote an existing file")
	}
	if code, _, errs := vigieRun(t, "", "subject", "zuwara", "--data", data); code != 2 || !strings.Contains(errs, "KIND:VALUE") {
		t.Errorf("subject without a kind: %d %s", code, errs)
	}
}
