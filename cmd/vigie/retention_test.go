package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/store"
)

// TestRetentionCommand ingests two files of two sources, ages their
// documents (in the database file, as time would), keeps the sources a
// week and a month, and applies: the documents go, but the one a case
// holds, and so does the evidence file no remaining document comes
// from; vigie verify still finds the store sound.
func TestRetentionCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	old, fresh := filepath.Join(dir, "old.jsonl"), filepath.Join(dir, "fresh.jsonl")
	os.WriteFile(old, []byte(`{"id":"o1","source":"forum","text":"Passage vers l'Italie, 2000 euros, WhatsApp +218 91 000 0001"}
{"id":"o2","source":"forum","text":"Travail en Belgique, logement fourni, WhatsApp +218 91 000 0001"}
`), 0o644)
	os.WriteFile(fresh, []byte(`{"id":"f1","source":"ads","text":"Vélo à vendre, 100 euros"}
`), 0o644)
	for _, f := range []string{old, fresh} {
		if sum := runIngestJSON(t, "--data", data, f); sum.Added == 0 {
			t.Fatalf("ingest %s: nothing added", f)
		}
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE documents SET ingested_at = '2000-01-01T00:00:00.000000000Z'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := st.AddUser(t.Context(), store.User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	c, _ := st.CreateCase(t.Context(), "kept", nil, ana)
	if err := st.AddCaseDocument(t.Context(), store.Viewer{UserID: ana}, c, "o2"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	if code, _, errs := vigieRun(t, "", "retention", "set", "nowhere", "7", "--data", data); code == 0 || !strings.Contains(errs, "no source") {
		t.Errorf("set on an unknown source: %d %s", code, errs)
	}
	if code, out, errs := vigieRun(t, "", "retention", "set", "forum", "7", "--data", data); code != 0 {
		t.Fatalf("set: %d %s %s", code, out, errs)
	}
	code, out, _ := vigieRun(t, "", "retention", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "forum") || !strings.Contains(out, "no limit") {
		t.Errorf("list: %d\n%s", code, out)
	}
	vigieRun(t, "", "retention", "set", "ads", "30", "--data", data)
	code, out, errs := vigieRun(t, "", "retention", "apply", "--data", data)
	if code != 0 || !strings.Contains(out, "forum: 1 documents deleted, 1 kept for their cases") {
		t.Fatalf("apply: %d\n%s%s", code, out, errs)
	}
	// o1 and o2 came from the same file, which o2 still needs; f1's goes.
	if !strings.Contains(out, "ads: 1 documents deleted") || !strings.Contains(out, "2 documents deleted, 1 evidence files removed") {
		t.Errorf("apply:\n%s", out)
	}
	if code, out, errs := vigieRun(t, "", "verify", "--data", data); code != 0 {
		t.Errorf("verify after retention: %d %s %s", code, out, errs)
	}
	// What retention did is in the audit trail, as done by this user.
	code, out, errs = vigieRun(t, "", "audit", "list", "--data", data, "--action", "retention")
	if code != 0 || !strings.Contains(out, "cli:") || !strings.Contains(out, "1 documents deleted past retention") || !strings.Contains(out, "retention set to 7 days") {
		t.Errorf("audit list --action retention: %d\n%s%s", code, out, errs)
	}
	if code, out, errs := vigieRun(t, "", "audit", "verify", "--data", data); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("audit verify: %d %s%s", code, out, errs)
	}
	code, out, _ = vigieRun(t, "", "search", "--data", data, "whatsapp")
	if code != 0 || strings.Contains(out, "o1") || !strings.Contains(out, "o2") {
		t.Errorf("search after retention: %d\n%s", code, out)
	}
}
