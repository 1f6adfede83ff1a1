package capture

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// checkWARC reads a capture's WARC and returns its records, checking
// that they come in request/response pairs.
func checkWARC(t *testing.T, c *Capture) []Record {
	t.Helper()
	if sum := sha256.Sum256(c.WARC); hex.EncodeToString(sum[:]) != c.SHA256 {
		t.Errorf("Capture.SHA256 = %s; not the digest of Capture.WARC", c.SHA256)
	}
	var recs []Record
	if err := ReadWARC(bytes.NewReader(c.WARC), func(rec Record, _, _ int64) error {
		recs = append(recs, rec)
		return nil
	}); err != nil {
		t.Fatalf("ReadWARC(Capture.WARC) = %v", err)
	}
	if len(recs)%2 != 0 {
		t.Fatalf("Capture.WARC holds %d records; want request/response pairs", len(recs))
	}
	for i := 0; i < len(recs); i += 2 {
		req, resp := recs[i], recs[i+1]
		if req.Type != "request" || resp.Type != "response" {
			t.Errorf("records %d, %d are %s, %s; want request, response", i, i+1, req.Type, resp.Type)
		}
		if req.Header.Get("WARC-Concurrent-To") != resp.ID() || req.TargetURI() != resp.TargetURI() {
			t.Errorf("request record %d does not point at its response", i)
		}
		if !bytes.HasPrefix(req.Block, []byte("GET ")) || !bytes.HasPrefix(resp.Block, []byte("HTTP/1.1 ")) {
			t.Errorf("records %d, %d blocks start %q, %q; want raw HTTP", i, i+1, warcShort(req.Block), warcShort(resp.Block))
		}
		if resp.Header.Get("WARC-IP-Address") != "127.0.0.1" {
			t.Errorf("response record %d WARC-IP-Address = %q", i+1, resp.Header.Get("WARC-IP-Address"))
		}
	}
	return recs
}

func TestFetchPage(t *testing.T) {
	page := sharedtest.Read(t, "bedpage-nyc-listing-pages-2019/nyc_bedpage_massage_listing.html")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	before := time.Now().UTC()
	c, err := (&Fetcher{}).Fetch(context.Background(), srv.URL+"/listing#top")
	if err != nil {
		t.Fatalf("Fetch = %v", err)
	}
	if c.StatusCode != 200 || c.FinalURL != srv.URL+"/listing" || !bytes.Equal(c.Body, page) {
		t.Errorf("Fetch = %d %s, %d body bytes; want 200 %s/listing, %d", c.StatusCode, c.FinalURL, len(c.Body), srv.URL, len(page))
	}
	if c.Time.Location() != time.UTC || c.Time.Before(before.Add(-time.Second)) || time.Since(c.Time) > time.Minute {
		t.Errorf("Capture.Time = %v; want now, UTC", c.Time)
	}
	recs := checkWARC(t, c)
	if len(recs) != 2 {
		t.Fatalf("Capture.WARC holds %d records; want a request and a response", len(recs))
	}
	resp, err := HTTPResponse(recs[1])
	if err != nil {
		t.Fatalf("HTTPResponse = %v", err)
	}
	if !bytes.Equal(resp.Body, page) || resp.StatusCode != 200 {
		t.Errorf("HTTPResponse = %d with %d body bytes; want 200 with the %d served", resp.StatusCode, len(resp.Body), len(page))
	}
	if !bytes.Contains(recs[0].Block, []byte("User-Agent: "+DefaultUserAgent+"\r\n")) {
		t.Errorf("request record lacks the User-Agent sent:\n%s", recs[0].Block)
	}
	if recs[1].Date() != c.Time.Truncate(time.Microsecond) {
		t.Errorf("response WARC-Date %v; want Capture.Time %v", recs[1].Date(), c.Time)
	}
}

// TestFetchRaw checks that the WARC keeps the response as received,
// chunked and gzip-compressed, while Capture.Body is decoded.
func TestFetchRaw(t *testing.T) {
	text := strings.Repeat("Invented ad text: room for rent, ask for details. ", 200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding = %q; want gzip", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		zw.Write([]byte(text[:1000]))
		zw.Flush()
		w.(http.Flusher).Flush() // no Content-Length: chunked
		zw.Write([]byte(text[1000:]))
		zw.Close()
	}))
	defer srv.Close()
	c, err := (&Fetcher{}).Fetch(context.Background(), srv.URL)
	if err != nil {
		t.Fatalf("Fetch = %v", err)
	}
	if string(c.Body) != text {
		t.Errorf("Capture.Body = %d bytes; want the %d decoded", len(c.Body), len(text))
	}
	recs := checkWARC(t, c)
	raw := string(recs[1].Block)
	if !strings.Contains(raw, "Transfer-Encoding: chunked\r\n") || !strings.Contains(raw, "Content-Encoding: gzip\r\n") || strings.Contains(raw, "room for rent") {
		t.Errorf("response record is not the raw chunked, compressed response:\n%.300q", raw)
	}
	resp, err := HTTPResponse(recs[1])
	if err != nil || string(resp.Body) != text {
		t.Errorf("HTTPResponse = %v; want the decoded text", err)
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "consent", Value: "yes"})
		http.Redirect(w, r, "/middle", http.StatusFound)
	})
	mux.HandleFunc("/middle", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("consent"); err != nil || c.Value != "yes" {
			http.Error(w, "no consent cookie", http.StatusForbidden)
			return
		}
		http.Redirect(w, r, "/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "the page") })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	n := 0
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		n++
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n), http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/x", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := (&Fetcher{}).Fetch(context.Background(), srv.URL+"/short")
	if err != nil {
		t.Fatalf("Fetch(/short) = %v", err)
	}
	if c.FinalURL != srv.URL+"/page" || string(c.Body) != "the page" || c.URL != srv.URL+"/short" {
		t.Errorf("Fetch(/short) = %s %q; want %s/page", c.FinalURL, c.Body, srv.URL)
	}
	if recs := checkWARC(t, c); len(recs) != 6 || recs[1].TargetURI() != srv.URL+"/short" || recs[5].TargetURI() != srv.URL+"/page" {
		t.Errorf("Capture.WARC holds %d records; want 3 pairs, /short to /page", len(recs))
	}

	c, err = (&Fetcher{MaxRedirects: -1}).Fetch(context.Background(), srv.URL+"/short")
	if err != nil || c.StatusCode != http.StatusFound {
		t.Errorf("Fetch(/short) with MaxRedirects -1 = %v, %v; want the 302 itself", c, err)
	}

	for _, tc := range []struct {
		path, msg string
		max       int
	}{
		{"/loop", "a loop", 0},
		{"/chain/", "more than 3", 3},
		{"/chain/", "more than 10", 0},
	} {
		c, err := (&Fetcher{MaxRedirects: tc.max}).Fetch(context.Background(), srv.URL+tc.path)
		if c != nil || !errors.Is(err, ErrTooManyRedirects) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Fetch(%s) = %v, %v; want ErrTooManyRedirects saying %q", tc.path, c, err, tc.msg)
		}
	}
	c, err = (&Fetcher{}).Fetch(context.Background(), srv.URL+"/ftp")
	if c != nil || !errors.Is(err, vigie.ErrInvalid) || !strings.Contains(err.Error(), `scheme "ftp"`) {
		t.Errorf("Fetch(redirect to ftp) = %v, %v; want an invalid-scheme error", c, err)
	}
}

// TestFetchNotFound: a 404 page is a capture like any other; the caller
// decides.
func TestFetchNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "this ad was removed", http.StatusNotFound)
	}))
	defer srv.Close()
	c, err := (&Fetcher{}).Fetch(context.Background(), srv.URL+"/ad/123")
	if err != nil {
		t.Fatalf("Fetch(404) = %v; want the capture", err)
	}
	if c.StatusCode != 404 || c.Status != "404 Not Found" || string(c.Body) != "this ad was removed\n" {
		t.Errorf("Fetch(404) = %q %q", c.Status, c.Body)
	}
	checkWARC(t, c)
}

func TestFetchBadURLs(t *testing.T) {
	for _, u := range []string{"ftp://files.example/a", "file:///etc/passwd", "javascript:alert(1)", "not a url", "http://", "http://[::1", ""} {
		c, err := (&Fetcher{}).Fetch(context.Background(), u)
		if c != nil || !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("Fetch(%q) = %v, %v; want an invalid-URL error", u, c, err)
		}
	}
}

// TestFetchBounded serves the hostile cases: every one fails with its
// cause, quickly, and returns no capture.
func TestFetchBounded(t *testing.T) {
	const maxBody = 256 << 10
	// 8 MiB of zeros compress to about 8 KiB.
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write(make([]byte, 8<<20))
	zw.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/silent", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("endless "), 4096)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(maxBody+1))
		w.Write(make([]byte, 1024))
	})
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil {
			if _, err := w.Write([]byte(".")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/cut", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write([]byte("only the start"))
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := &Fetcher{Timeout: 500 * time.Millisecond, MaxBody: maxBody}
	for _, tc := range []struct {
		path string
		want error
		msg  string
	}{
		{"/silent", ErrTimeout, "waiting for the response"},
		{"/endless", ErrTooLarge, "MaxBody"},
		{"/declared", ErrTooLarge, "declared"},
		{"/drip", ErrTimeout, "reading the body"},
		{"/bomb", ErrTooLarge, "compression bomb"},
		{"/cut", ErrTruncated, "connection closed after 14 bytes"},
	} {
		start := time.Now()
		c, err := f.Fetch(context.Background(), srv.URL+tc.path)
		if c != nil || !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Fetch(%s) = %v, %v; want %v saying %q", tc.path, c, err, tc.want, tc.msg)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Fetch(%s) took %v; want it bounded by the timeout", tc.path, d)
		}
	}
	// A caller's cancellation is not a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := (&Fetcher{}).Fetch(ctx, srv.URL+"/silent")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("Fetch(cancelled) = %v; want context.Canceled", err)
	}
}

func TestFetchTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "over tls")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below is expected
	srv.StartTLS()
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	c, err := (&Fetcher{TLSConfig: &tls.Config{RootCAs: roots}}).Fetch(context.Background(), srv.URL)
	if err != nil {
		t.Fatalf("Fetch(https) = %v", err)
	}
	recs := checkWARC(t, c)
	if resp, err := HTTPResponse(recs[1]); err != nil || string(resp.Body) != "over tls" {
		t.Errorf("HTTPResponse(https record) = %v; want the plain text response", err)
	}
	// Without the test root the certificate is refused.
	if _, err := (&Fetcher{}).Fetch(context.Background(), srv.URL); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Fetch(https, unknown authority) = %v; want a certificate error", err)
	}
}

func TestPublicAddr(t *testing.T) {
	for _, tc := range []struct {
		addr   string
		public bool
	}{
		{"8.8.8.8", true}, {"2001:4860:4860::8888", true}, {"1.1.1.1", true}, {"::ffff:8.8.8.8", true},
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"::1", false}, {"::ffff:127.0.0.1", false},
		{"10.1.2.3", false}, {"172.16.0.1", false}, {"172.31.255.255", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"fd00::1", false}, {"100.64.0.1", false},
		{"0.0.0.0", false}, {"0.1.2.3", false}, {"::", false}, {"224.0.0.1", false}, {"ff02::1", false},
		{"255.255.255.255", false}, {"192.0.2.10", false}, {"198.18.0.1", false}, {"2001:db8::1", false},
		{"172.32.0.1", true}, {"100.128.0.1", true},
	} {
		if got := PublicAddr(netip.MustParseAddr(tc.addr)); got != tc.public {
			t.Errorf("PublicAddr(%s) = %v; want %v", tc.addr, got, tc.public)
		}
	}
}

// TestFetchPublicOnly: with PublicOnly, a server on this machine is
// refused, whether named by address or by a name that resolves to it, and
// nothing is sent to it.
func TestFetchPublicOnly(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		fmt.Fprint(w, "internal page")
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, u := range []string{srv.URL + "/", "http://localhost" + port + "/"} {
		c, err := (&Fetcher{PublicOnly: true}).Fetch(context.Background(), u)
		if c != nil || !errors.Is(err, ErrNotPublic) || !strings.Contains(err.Error(), "refused") {
			t.Errorf("Fetch(%s) with PublicOnly = %v, %v; want ErrNotPublic", u, c, err)
		}
	}
	if hits != 0 {
		t.Errorf("the refused server was reached %d times", hits)
	}
	if c, err := (&Fetcher{}).Fetch(context.Background(), srv.URL+"/"); err != nil || string(c.Body) != "internal page" {
		t.Errorf("Fetch without PublicOnly = %v; want the page", err)
	}
}
