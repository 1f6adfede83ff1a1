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
	hash, _ := auth.HashPassword("correct horse battery")
	if _, err := st.AddUser(t.Context(), store.User{Name: "ana", Role: "investigator", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	d := data
	db := ""
	uploads := filepath.Join(data, "uploads")
	srv, err := web.New(st, web.Options{Ingest: webIngest(dataFlags{data: &d, db: &db}, "BE"), UploadDir: uploads,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {"ana"}, "password": {"correct horse battery"}}); err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %v %v", resp, err)
	}
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
