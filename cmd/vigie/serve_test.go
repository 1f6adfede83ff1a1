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
	srv, ts, c := webAs(t, st, "ana", web.Options{Ingest: webIngest(dataFlags{data: &d, db: &db}, "BE"), UploadDir: uploads})
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
	return srv, ts, c
}
