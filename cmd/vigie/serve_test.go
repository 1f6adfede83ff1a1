package main

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/web"
)

// TestWebIngest uploads a file through the web application's ingest page
// as an investigator: vigie ingest itself stores it (the same evidence,
// analysis and linking), the job page shows its progress and summary,
// and the upload is removed once ingested.
func TestWebIngest(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := data
	db := ""
	uploads := filepath.Join(data, "uploads")
	srv, ts, c := webAs(t, st, "ana", web.Options{Ingest: webIngest(dataFlags{data: &d, db: &db}, "BE", true), UploadDir: uploads})
	_, posts, _ := vigieRun(t, "", "synth", "--count", "40", "--seed", "3")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "../../posts of today.jsonl")
	io.WriteString(fw, posts)
	mw.Close()
	resp, err := c.Post(ts.URL+"/ingest", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	jobURL := resp.Request.URL.String()
	if !strings.Contains(jobURL, "/ingest/") {
		t.Fatalf("upload ended at %s (%d)", jobURL, resp.StatusCode)
	}
	var page string
	for range 300 {
		resp, err := c.Get(jobURL)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page = string(b)
		if !strings.Contains(page, `http-equiv="refresh"`) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv.Wait()
	if !strings.Contains(page, "40 documents read: 40 added") {
		t.Fatalf("job page:\n%.2000s", page)
	}
	if n, _ := st.Count(t.Context()); n != 40 {
		t.Errorf("%d documents stored; want 40", n)
	}
	if code, out, _ := vigieRun(t, "", "verify", "--data", data); code != 0 {
		t.Errorf("verify after a web ingest: %d %s", code, out)
	}
	if m, _ := filepath.Glob(filepath.Join(uploads, "*", "*")); len(m) != 0 {
		t.Errorf("uploads left behind: %v", m)
	}
}

// webAs serves the web application of st with opt (logs discarded) and
// returns a client logged in as a new investigator named name.
func webAs(t *testing.T, st *store.Store, name string, opt web.Options) (*web.Server, *httptest.Server, *http.Client) {
	t.Helper()
	hash, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddUser(t.Context(), store.User{Name: name, Role: "investigator", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(st, opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {name}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.HasPrefix(resp.Request.URL.Path, "/login") {
		t.Fatalf("login as %s: %d at %s", name, resp.StatusCode, resp.Request.URL)
	}
	resp, err = c.PostForm(ts.URL+"/purpose", url.Values{"reason": {"testing vigie's commands"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return srv, ts, c
}

// TestTriageURL checks a page by its address from the triage page: its
// ads are read and judged one by one, the most worrying first, and
// nothing is stored; a server refusing private addresses refuses it,
// as the web ingest of it does.
func TestTriageURL(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ads":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<html><body><h1>Annonces</h1>
<div class="ad"><a href="/a/1">Vélo</a><p>Vends vélo de course, très bon état, 150 euros à débattre.</p></div>
<div class="ad"><a href="/a/2">Passage</a><p>Passage garanti vers l'Italie en bateau, 2500 euros par personne, taux de réussite 100%, contactez-nous sur WhatsApp.</p></div>
<div class="ad"><a href="/a/3">Cours</a><p>Cours de guitare pour débutants le samedi matin, premier cours offert.</p></div>
</body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, open, c := webAs(t, st, "ana", web.Options{FetchPage: fetchPage(false)})
	post := func(ts *httptest.Server, c *http.Client, u string) (int, string) {
		resp, err := c.PostForm(ts.URL+"/triage", url.Values{"url": {u}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	code, page := post(open, c, site.URL+"/ads")
	if code != 200 || !strings.Contains(page, "3 texts read from") || !strings.Contains(page, "Capture this page as evidence") {
		t.Fatalf("triage of a page: %d\n%.3000s", code, page)
	}
	first := strings.Index(page, `class="verdict `)
	if first < 0 || !strings.HasPrefix(page[first:], `class="verdict verdict-high"`) || strings.Index(page, "Italie") > strings.Index(page, "guitare") {
		t.Errorf("the smuggling ad is not first and high:\n%.3000s", page[max(first, 0):])
	}
	if n, _ := st.Count(t.Context()); n != 0 {
		t.Errorf("triage stored %d documents; want none", n)
	}
	if code, page = post(open, c, site.URL+"/gone"); code != http.StatusBadGateway || !strings.Contains(page, "404") {
		t.Errorf("triage of a missing page: %d\n%.1500s", code, page)
	}

	st2, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	_, closed, c2 := webAs(t, st2, "bob", web.Options{FetchPage: fetchPage(true)})
	if code, page = post(closed, c2, site.URL+"/ads"); code != http.StatusBadRequest || !strings.Contains(page, "private network") {
		t.Errorf("triage of a private address: %d\n%.1500s", code, page)
	}
	code, out, errOut := vigieRun(t, "", "ingest", "--public-only", "--data", filepath.Join(t.TempDir(), "d"), site.URL+"/ads")
	if code == 0 || !strings.Contains(out+errOut, "not a public address") {
		t.Errorf("ingest --public-only of a private address: %d\n%s%s", code, out, errOut)
	}
}
