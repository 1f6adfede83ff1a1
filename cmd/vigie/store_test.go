package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestSearchStatsVerify runs the store commands end to end on a real
// SQLite store in a temporary directory.
func TestIngestSearchStatsVerify(t *testing.T) {
	data := t.TempDir()
	posts := filepath.Join("..", "..", "examples", "posts.jsonl")
	// The examples hold one broken line, on purpose: it is reported, the
	// rest is stored, and the exit status says that something was not.
	code, out, errs := vigieRun(t, "", "ingest", "--data", data, "--json", posts)
	var sum struct {
		Added   int                                   `json:"documents_added"`
		Skipped int                                   `json:"documents_skipped"`
		Errors  int                                   `json:"errors"`
		List    []struct{ File, Where, Error string } `json:"error_list"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("ingest --json output %q: %v", out, err)
	}
	if code != 1 || sum.Errors != 1 || len(sum.List) != 1 || sum.List[0].Where != "line 9" || !strings.Contains(sum.List[0].Error, "invalid JSON") {
		t.Fatalf("vigie ingest exit %d, errors %+v, stderr %q; want 1 and line 9 named", code, sum.List, errs)
	}
	lines := countLines(t, posts)
	if sum.Added+sum.Errors != lines || sum.Added == 0 {
		t.Errorf("ingest added %d with %d errors; want %d lines accounted for", sum.Added, sum.Errors, lines)
	}
	// Again from standard input: the same content from the same source
	// adds nothing.
	b, err := os.ReadFile(posts)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = vigieRun(t, string(b), "ingest", "--data", data, "--json", "-")
	if code != 1 {
		t.Fatalf("second ingest exit %d: %s", code, errs)
	}
	var again struct {
		Added   int `json:"documents_added"`
		Skipped int `json:"documents_skipped"`
	}
	json.Unmarshal([]byte(out), &again)
	if again.Added != 0 || again.Skipped != sum.Added {
		t.Errorf("second ingest added %d, skipped %d; want 0, %d", again.Added, again.Skipped, sum.Added)
	}

	code, out, _ = vigieRun(t, "", "stats", "--data", data, "--json")
	var st struct{ Documents int }
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Documents != sum.Added {
		t.Errorf("stats = %d %q; want %d documents", code, out, sum.Added)
	}

	code, out, errs = vigieRun(t, "", "search", "--data", data, "--json", "LAMPÉDUSA")
	if code != 0 {
		t.Fatalf("search exit %d: %s", code, errs)
	}
	var hit struct {
		ID      string  `json:"id"`
		Score   float64 `json:"score"`
		Snippet string  `json:"snippet"`
	}
	first, _, _ := strings.Cut(out, "\n")
	if err := json.Unmarshal([]byte(first), &hit); err != nil || hit.ID != "ex-fr-passage" || !strings.Contains(hit.Snippet, "«Lampedusa»") {
		t.Errorf("search LAMPÉDUSA first result = %q; want ex-fr-passage with the word marked", first)
	}
	code, _, errs = vigieRun(t, "", "search", "--data", data, "--category", "nope")
	if code != 2 || !strings.Contains(errs, "unknown") {
		t.Errorf("search --category nope = %d %q; want usage error", code, errs)
	}

	if code, out, _ = vigieRun(t, "", "verify", "--data", data); code != 0 {
		t.Errorf("verify of an intact store = %d: %s", code, out)
	}
	// Tamper with the stored original: verify must say so.
	var blob string
	filepath.WalkDir(filepath.Join(data, "evidence", "blobs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			blob = p
		}
		return nil
	})
	if err := os.WriteFile(blob, []byte("altered"), 0o640); err != nil {
		t.Fatal(err)
	}
	if code, out, _ = vigieRun(t, "", "verify", "--data", data); code != 1 || !strings.Contains(out, "corrupt blob") {
		t.Errorf("verify of a tampered store = %d %q; want 1 and the blob named", code, out)
	}
}
