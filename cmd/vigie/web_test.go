package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/capture"
	"github.com/vigie-project/vigie/internal/evidence"
)

// Invented pages: no real person's data.
const (
	testPage = `<!DOCTYPE html><html><head><title>Travail en Belgique</title></head><body>
<article><h1>Ouvriers du bâtiment recherchés</h1>
<p>Pas besoin de papiers, logement retenu sur le salaire, paiement en liquide.</p>
<p>WhatsApp uniquement : +32 470 12 34 56</p></article></body></html>`
	testFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Annonces</title>
<item><guid>a1</guid><title>Passage vers l'Italie</title><link>https://example.org/a1</link>
<description>Départ de Zuwara chaque semaine, 2500 € par personne, paiement après l'arrivée.</description></item>
<item><guid>a2</guid><title>Appartement à louer</title><link>https://example.org/a2</link>
<description>850 € par mois, libre en mars.</description></item>
</channel></rss>`
)

type ingestJSON struct {
	Added    int `json:"documents_added"`
	Errors   int `json:"errors"`
	Problems []struct {
		File, Where, Error string
	} `json:"error_list"`
	Captures []captureInfo `json:"captures"`
	Clusters struct {
		Added    int
		Snapshot string
		Saved    bool `json:"snapshot_saved"`
	}
}

func runIngestJSON(t *testing.T, args ...string) ingestJSON {
	t.Helper()
	code, out, errs := vigieRun(t, "", append([]string{"ingest", "--json"}, args...)...)
	var sum ingestJSON
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("vigie ingest %v: exit %d, %s; output %q: %v", args, code, errs, out, err)
	}
	// The exit status says whether anything was rejected.
	if want := min(sum.Errors, 1); code != want {
		t.Fatalf("vigie ingest %v: exit %d with %d errors; want %d: %s", args, code, sum.Errors, want, errs)
	}
	return sum
}

// TestIngestURL captures a page, a feed, a 404 and a page that never
// answers from a real loopback server: pages and feeds become documents
// whose WARC is kept as evidence; the failures are reported, and the
// other inputs are still stored.
func TestIngestURL(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(testPage))
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(testFeed))
		case "/hang":
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	data := t.TempDir()
	sum := runIngestJSON(t, "--data", data, "--timeout", "1s", srv.URL+"/page", srv.URL+"/feed", srv.URL+"/missing", srv.URL+"/hang")
	if sum.Added != 3 {
		t.Errorf("added %d documents; want 3 (one page, two feed items)", sum.Added)
	}
	if sum.Errors != 2 || len(sum.Problems) != 2 ||
		!strings.Contains(sum.Problems[0].Error, "404") || !strings.Contains(sum.Problems[1].Error, "time") {
		t.Errorf("problems = %+v; want the 404 and the timeout", sum.Problems)
	}
	if len(sum.Captures) != 3 {
		t.Fatalf("captures = %+v; want the page, the feed and the 404 page", sum.Captures)
	}
	ev, err := evidence.Open(filepath.Join(data, "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range sum.Captures {
		if c.CapturedAt.IsZero() || time.Since(c.CapturedAt) > time.Hour {
			t.Errorf("capture %s at %v; want now", c.URL, c.CapturedAt)
		}
		// The evidence is a WARC file with the request and the response.
		b, err := ev.Get(c.WARC)
		if err != nil {
			t.Fatalf("capture %s: %v", c.URL, err)
		}
		var types []string
		if err := capture.ReadWARC(bytes.NewReader(b), func(r capture.Record, _, _ int64) error {
			types = append(types, r.Type)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(types, ",") != "request,response" {
			t.Errorf("capture %s holds %v; want request,response", c.URL, types)
		}
	}
	code, out, _ := vigieRun(t, "", "search", "--data", data, "--json", "phone:+32470123456")
	if code != 0 || !strings.Contains(out, srv.URL+"/page") {
		t.Errorf("search of the page's phone = %d %q; want the page, by its URL", code, out)
	}
	code, out, _ = vigieRun(t, "", "search", "--data", data, "--json", "zuwara")
	if code != 0 || !strings.Contains(out, `"id":"a1"`) {
		t.Errorf("search zuwara = %d %q; want feed item a1", code, out)
	}
	if code, out, _ := vigieRun(t, "", "verify", "--data", data); code != 0 {
		t.Errorf("verify = %d: %s", code, out)
	}
}

// TestIngestWARCFile reads a WARC file made of a capture: the same
// documents as the capture itself.
func TestIngestWARCFile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(testPage))
	}))
	defer srv.Close()
	c, err := (&capture.Fetcher{}).Fetch(t.Context(), srv.URL+"/page")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "capture.warc")
	if err := os.WriteFile(file, c.WARC, 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if sum := runIngestJSON(t, "--data", data, file); sum.Added != 1 || sum.Errors != 0 {
		t.Errorf("ingest of a WARC file = %+v; want one document", sum)
	}
	code, out, _ := vigieRun(t, "", "search", "--data", data, "--json", "ouvriers")
	if code != 0 || !strings.Contains(out, srv.URL+"/page") {
		t.Errorf("search ouvriers = %d %q; want the page", code, out)
	}
}

func TestParseColumns(t *testing.T) {
	c, err := parseColumns("text=title+ description ,id=job_id, posted_at=3")
	if err != nil || strings.Join(c.Text, "|") != "title|description" || c.ID != "job_id" || c.PostedAt != "3" {
		t.Errorf("parseColumns = %+v, %v", c, err)
	}
	for _, bad := range []string{"text", "colour=red", "id="} {
		if _, err := parseColumns(bad); err == nil {
			t.Errorf("parseColumns(%q) accepted", bad)
		}
	}
}
