package main

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/casefile"
	"github.com/vigie-project/vigie/internal/imagehash/imagetest"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/web"
)

// TestExportCase puts posts from a JSON lines file and a message with a
// picture from a WhatsApp export in a case, exports it, and checks the
// zip: verify-export passes with the instance key's fingerprint; the
// originals are the lines of the file and the whole chat export; the
// analysis, custody trail and report are there; the export is in the
// audit trail; a changed original is named.
func TestExportCase(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	posts := filepath.Join(dir, "posts.jsonl")
	os.WriteFile(posts, []byte(`{"id":"p1","source":"forum","text":"Passage vers l'Italie chaque semaine, 2500 euros par personne, WhatsApp +218 91 000 0001"}
{"id":"p2","source":"forum","text":"Vélo à vendre"}
{"id":"p3","source":"forum","text":"Travail en Belgique sans papiers, logement fourni, WhatsApp +218 91 000 0001"}
`), 0o644)
	runIngestJSON(t, "--data", data, posts)
	chat := filepath.Join(dir, "chat.zip")
	writeChatZip(t, chat, "Recruiter", imagetest.Photo(rand.New(rand.NewPCG(1, 2)), 120, 90))
	runIngestJSON(t, "--data", data, chat)

	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := st.AddUser(t.Context(), store.User{Name: "ana", Role: "investigator", PasswordHash: "h"})
	v := store.Viewer{UserID: ana}
	c, _ := st.CreateCase(t.Context(), "Passages", nil, ana)
	for _, ref := range []string{"p1", "p3"} {
		if err := st.AddCaseDocument(t.Context(), v, c, ref); err != nil {
			t.Fatal(err)
		}
	}
	res, err := st.Search(t.Context(), store.Query{Words: "attached"})
	if err != nil || len(res) == 0 {
		t.Fatalf("the chat message: %v %v", res, err)
	}
	if err := st.AddCaseDocument(t.Context(), v, c, res[0].ID); err != nil {
		t.Fatal(err)
	}
	st.AddCaseNote(t.Context(), v, c, "Same number in both ads.")
	st.Close()

	_, fp, _ := vigieRun(t, "", "key", "--data", data)
	fp = strings.TrimSpace(fp)
	out := filepath.Join(dir, "case.zip")
	code, stdout, errs := vigieRun(t, "", "export", "case", "1", "--data", data, "--out", out)
	if code != 0 || !strings.Contains(stdout, "3 documents, 3 original files") || !strings.Contains(stdout, fp) {
		t.Fatalf("export case: %d\n%s%s", code, stdout, errs)
	}
	if code, _, errs := vigieRun(t, "", "export", "case", "1", "--data", data, "--out", out); code == 0 || !strings.Contains(errs, "not overwritten") {
		t.Errorf("export over an existing file: %d %s", code, errs)
	}
	if code, stdout, errs := vigieRun(t, "", "verify-export", "--key", fp, out); code != 0 {
		t.Fatalf("verify-export: %d\n%s%s", code, stdout, errs)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	zr.Close()
	var lines, zips int
	for name, body := range files {
		if !strings.HasPrefix(name, "originals/") {
			continue
		}
		switch {
		case strings.HasPrefix(body, `{"id":"p`):
			lines++ // one line of the JSON lines file, as it was
			if strings.Contains(body, "Vélo") {
				t.Errorf("%s: the post not in the case went out: %q", name, body)
			}
		case strings.HasPrefix(body, "PK"):
			zips++ // the chat export, whole, with its picture
		}
	}
	if lines != 2 || zips != 1 {
		t.Errorf("originals: %d lines, %d chat exports; want 2 and 1 (files %v)", lines, zips, keys(files))
	}
	var an struct {
		Documents []struct {
			ID         string
			Indicators []struct{ ID string }
		}
	}
	if err := json.Unmarshal([]byte(files["analysis.json"]), &an); err != nil || len(an.Documents) != 3 || len(an.Documents[0].Indicators) == 0 {
		t.Errorf("analysis.json: %v %.500s", err, files["analysis.json"])
	}
	var cust struct {
		Rows []struct{ Action, Object string }
	}
	if err := json.Unmarshal([]byte(files["custody.json"]), &cust); err != nil || len(cust.Rows) < 5 {
		t.Errorf("custody.json: %v %.500s", err, files["custody.json"])
	}
	if !strings.Contains(files["report.html"], "Passages") || !strings.Contains(files["report.html"], "Same number in both ads.") || !strings.Contains(files["report.html"], "<mark>") {
		t.Errorf("report.html: %.1000s", files["report.html"])
	}
	if code, stdout, _ := vigieRun(t, "", "audit", "list", "--data", data, "--action", "export_case"); code != 0 || !strings.Contains(stdout, "case:1") || !strings.Contains(stdout, "sha256") {
		t.Errorf("the export is not in the audit trail: %s", stdout)
	}

	// A byte changed in the first original is named.
	b, _ := os.ReadFile(out)
	i := strings.Index(string(b), `"id":"p`)
	b[i+2] ^= 1
	bad := filepath.Join(dir, "bad.zip")
	os.WriteFile(bad, b, 0o644)
	if code, stdout, errs := vigieRun(t, "", "verify-export", "--key", fp, bad); code == 0 || !strings.Contains(stdout+errs, "originals/") {
		t.Errorf("verify-export of a changed original: %d\n%s%s", code, stdout, errs)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestWebExportCase downloads a case's export from its page: a member
// gets a zip that verifies against the instance key; another
// investigator gets 404, as for a case that does not exist.
func TestWebExportCase(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	posts := filepath.Join(dir, "posts.jsonl")
	os.WriteFile(posts, []byte(`{"id":"p1","source":"forum","text":"Passage vers l'Italie chaque semaine, 2500 euros par personne"}`+"\n"), 0o644)
	runIngestJSON(t, "--data", data, posts)
	st, ev, err := dataFlags{data: &data, db: new(string)}.open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key, err := casefile.LoadOrCreateKey(instanceKeyPath(data))
	if err != nil {
		t.Fatal(err)
	}
	_, ts, c := webAs(t, st, "ana", web.Options{Evidence: ev, CaseKey: key})
	ana, _ := st.UserByName(t.Context(), "ana")
	id, _ := st.CreateCase(t.Context(), "Passages", nil, ana.ID)
	st.AddCaseDocument(t.Context(), store.Viewer{UserID: ana.ID}, id, "p1")
	if _, page := getPage(t, c, ts.URL+"/case/1"); !strings.Contains(page, `href="/case/1/export"`) {
		t.Fatalf("case page offers no export")
	}
	resp, err := c.Get(ts.URL + "/case/1/export")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rep, err := casefile.Verify(t.Context(), bytes.NewReader(b), int64(len(b)), casefile.VerifyOptions{Key: key.Public().(ed25519.PublicKey)})
	if err != nil || !rep.OK() || rep.Manifest.CreatedBy != "ana" {
		t.Errorf("the downloaded export: %v, %+v", err, rep.Manifest.Meta)
	}
	_, _, other := webAs(t, st, "bo", web.Options{Evidence: ev, CaseKey: key})
	if code, _ := getPage(t, other, ts.URL+"/case/1/export"); code != 404 {
		t.Errorf("a non-member's export: %d; want 404", code)
	}
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
