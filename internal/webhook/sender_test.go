package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

// clock is the time every test Sender lives at.
var clock = time.Unix(1800000000, 0)

// request is what a test server received, and whether it verified.
type request struct {
	path, method, contentType, event, delivery string
	body                                       []byte
	verify                                     error
}

// receiver is a test webhook receiver: it records and verifies each
// request, then answers as answer says (n counts requests from 1).
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	answer func(n int, w http.ResponseWriter, r *http.Request)
	mu     sync.Mutex
	reqs   []request
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *receiver {
	rc := &receiver{t: t, answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("receiver: reading the body: %v", err)
		}
		req := request{
			path: r.URL.Path, method: r.Method, contentType: r.Header.Get("Content-Type"),
			event: r.Header.Get(HeaderEvent), delivery: r.Header.Get(HeaderDelivery), body: body,
			verify: Verify(testSecret, r.Header.Get(HeaderSignature), body, clock, 0),
		}
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, req)
		n := len(rc.reqs)
		rc.mu.Unlock()
		rc.answer(n, w, r)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests() []request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]request(nil), rc.reqs...)
}

// checkRequests checks that the receiver got n requests of testDelivery,
// each signed and well formed.
func (rc *receiver) checkRequests(n int) {
	rc.t.Helper()
	reqs := rc.requests()
	if len(reqs) != n {
		rc.t.Errorf("receiver got %d requests; want %d", len(reqs), n)
	}
	for i, r := range reqs {
		if r.method != http.MethodPost || r.contentType != "application/json" || r.event != "alert.created" || r.delivery != "d1" {
			rc.t.Errorf("request %d: %s, Content-Type %q, %s %q, %s %q; want POST, application/json, alert.created, d1",
				i+1, r.method, r.contentType, HeaderEvent, r.event, HeaderDelivery, r.delivery)
		}
		if !bytes.Equal(r.body, testBody) {
			rc.t.Errorf("request %d: body %q; want %q", i+1, r.body, testBody)
		}
		if r.verify != nil {
			rc.t.Errorf("request %d: Verify = %v; want nil", i+1, r.verify)
		}
	}
}

func testDelivery(url string) Delivery {
	return Delivery{ID: "d1", URL: url, Secret: testSecret, Event: "alert.created", Body: testBody}
}

// testSender returns a Sender on the test clock whose backoff has no
// jitter (30 s, 1 min, 2 min…) and whose sleeps are recorded, not slept.
func testSender(sleeps *[]time.Duration) *Sender {
	return &Sender{
		Backoff: ExponentialBackoff(DefaultBaseBackoff, DefaultMaxBackoff, func() float64 { return 0 }),
		Now:     func() time.Time { return clock },
		Sleep: func(ctx context.Context, d time.Duration) error {
			*sleeps = append(*sleeps, d)
			return ctx.Err()
		},
	}
}

func status(code int) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) }
}

func TestDeliverSuccess(t *testing.T) {
	rc := newReceiver(t, status(http.StatusNoContent))
	var sleeps []time.Duration
	n, err := testSender(&sleeps).Deliver(context.Background(), testDelivery(rc.srv.URL+"/hook#frag"))
	if n != 1 || err != nil || len(sleeps) != 0 {
		t.Errorf("Deliver = %d, %v after sleeping %v; want 1, nil, no sleep", n, err, sleeps)
	}
	rc.checkRequests(1)
	if reqs := rc.requests(); len(reqs) == 1 && reqs[0].path != "/hook" {
		t.Errorf("request path %q; want /hook", reqs[0].path)
	}
}

// TestDeliverSignatureRejected: a receiver with another secret refuses
// the delivery, which is then not retried.
func TestDeliverSignatureRejected(t *testing.T) {
	rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	})
	d := testDelivery(rc.srv.URL)
	d.Secret = []byte("not the receiver's")
	var sleeps []time.Duration
	n, err := testSender(&sleeps).Deliver(context.Background(), d)
	var se *StatusError
	if n != 1 || !errors.As(err, &se) || se.StatusCode != 401 {
		t.Errorf("Deliver = %d, %v; want 1, 401", n, err)
	}
	if reqs := rc.requests(); len(reqs) != 1 || !errors.Is(reqs[0].verify, ErrSignature) {
		t.Errorf("receiver Verify results %v; want one ErrSignature", reqs)
	}
}

func TestDeliverRetries(t *testing.T) {
	rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	})
	var sleeps []time.Duration
	n, err := testSender(&sleeps).Deliver(context.Background(), testDelivery(rc.srv.URL))
	if n != 3 || err != nil {
		t.Errorf("Deliver = %d, %v; want 3, nil", n, err)
	}
	if want := []time.Duration{30 * time.Second, time.Minute}; fmt.Sprint(sleeps) != fmt.Sprint(want) {
		t.Errorf("Deliver slept %v; want %v", sleeps, want)
	}
	rc.checkRequests(3)
}

func TestDeliverGivesUp(t *testing.T) {
	rc := newReceiver(t, status(http.StatusInternalServerError))
	var sleeps []time.Duration
	s := testSender(&sleeps)
	s.MaxAttempts = 3
	n, err := s.Deliver(context.Background(), testDelivery(rc.srv.URL))
	var se *StatusError
	if n != 3 || !errors.As(err, &se) || se.StatusCode != 500 || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Errorf("Deliver = %d, %v; want 3, gave up after 500", n, err)
	}
	if len(sleeps) != 2 {
		t.Errorf("Deliver slept %v; want 2 sleeps", sleeps)
	}
	rc.checkRequests(3)
}

func TestDeliverRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration // the one sleep
	}{
		{"seconds", 429, "120", 120 * time.Second},
		{"date", 429, clock.Add(90 * time.Second).UTC().Format(http.TimeFormat), 90 * time.Second},
		{"shorter than backoff", 429, "5", 30 * time.Second},
		{"past date", 429, clock.Add(-time.Hour).UTC().Format(http.TimeFormat), 30 * time.Second},
		{"invalid", 429, "soon", 30 * time.Second},
		{"negative", 429, "-60", 30 * time.Second},
		{"beyond the bound", 429, "999999999999", MaxRetryAfter},
		{"on 503", 503, "300", 300 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					w.WriteHeader(tt.code)
				}
			})
			var sleeps []time.Duration
			n, err := testSender(&sleeps).Deliver(context.Background(), testDelivery(rc.srv.URL))
			if n != 2 || err != nil || len(sleeps) != 1 || sleeps[0] != tt.want {
				t.Errorf("Deliver after %d with Retry-After %q = %d, %v, slept %v; want 2, nil, [%v]", tt.code, tt.retryAfter, n, err, sleeps, tt.want)
			}
			rc.checkRequests(2)
		})
	}
}

// TestAttemptStatus checks which answers are retried.
func TestAttemptStatus(t *testing.T) {
	tests := []struct {
		code      int
		retryable bool
	}{
		{200, false}, {201, false}, {202, false}, {204, false},
		{400, false}, {401, false}, {403, false}, {404, false}, {405, false}, {410, false}, {413, false}, {422, false},
		{408, true}, {429, true},
		{500, true}, {502, true}, {503, true}, {504, true},
		{300, false}, {304, false},
	}
	rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.URL.Query().Get("status"))
		w.WriteHeader(code)
		if code != 204 && code != 304 {
			io.WriteString(w, "answer "+strconv.Itoa(code))
		}
	})
	var sleeps []time.Duration
	s := testSender(&sleeps)
	for _, tt := range tests {
		retryable, err := s.Attempt(context.Background(), testDelivery(rc.srv.URL+"/?status="+strconv.Itoa(tt.code)))
		if tt.code/100 == 2 {
			if retryable || err != nil {
				t.Errorf("Attempt answered %d = %v, %v; want false, nil", tt.code, retryable, err)
			}
			continue
		}
		var se *StatusError
		if retryable != tt.retryable || !errors.As(err, &se) || se.StatusCode != tt.code {
			t.Errorf("Attempt answered %d = %v, %v; want %v, a StatusError %d", tt.code, retryable, err, tt.retryable, tt.code)
		}
	}
	rc.checkRequests(len(tests))
}

// TestAttemptErrorBody: a receiver's explanation reaches the error,
// bounded and printable.
func TestAttemptErrorBody(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"short", "unknown field \"x\"\n", `unknown field "x"`},
		{"control characters", "a\x00b\x1bc", "a b c"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"long", strings.Repeat("x", 100<<10), strings.Repeat("x", maxSnippet) + "…"},
		{"long, cut inside a character", "a" + strings.Repeat("é", 200), "a" + strings.Repeat("é", (maxSnippet-2)/2) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, tt.body)
			})
			var sleeps []time.Duration
			retryable, err := testSender(&sleeps).Attempt(context.Background(), testDelivery(rc.srv.URL))
			var se *StatusError
			if retryable || !errors.As(err, &se) || se.Body != tt.want {
				t.Errorf("Attempt = %v, %v; want false, a StatusError with Body %.40q…", retryable, err, tt.want)
			}
		})
	}
}

// TestDeliverLargeBody: a large 2xx answer is a success; its body is not
// read in full.
func TestDeliverLargeBody(t *testing.T) {
	rc := newReceiver(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 32<<10)
		for range 64 { // 2 MiB, fails once the client has gone
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	var sleeps []time.Duration
	if n, err := testSender(&sleeps).Deliver(context.Background(), testDelivery(rc.srv.URL)); n != 1 || err != nil {
		t.Errorf("Deliver = %d, %v; want 1, nil", n, err)
	}
}

// blockUntilGone answers after the client has gone (its connection
// closed) or the test ends.
func blockUntilGone(t *testing.T) func(http.ResponseWriter, *http.Request) {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}
}

func TestDeliverTimeout(t *testing.T) {
	block := blockUntilGone(t)
	rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			block(w, r)
		}
	})
	var sleeps []time.Duration
	s := testSender(&sleeps)
	s.Timeout = 300 * time.Millisecond
	if retryable, err := s.Attempt(context.Background(), testDelivery(rc.srv.URL)); !retryable || !errors.Is(err, ErrTimeout) {
		t.Errorf("Attempt to a receiver that does not answer = %v, %v; want true, ErrTimeout", retryable, err)
	}
	rc2 := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			block(w, r)
		}
	})
	// Only the first request blocks; on a loaded machine a later one may
	// time out too, hence n ≥ 2 rather than 2.
	n, err := s.Deliver(context.Background(), testDelivery(rc2.srv.URL))
	if n < 2 || err != nil || len(sleeps) != n-1 {
		t.Errorf("Deliver after a timeout = %d, %v, slept %v; want ≥ 2, nil, one sleep fewer", n, err, sleeps)
	}
	rc2.checkRequests(n)
}

func TestDeliverCancel(t *testing.T) {
	t.Run("while sleeping", func(t *testing.T) {
		rc := newReceiver(t, status(http.StatusServiceUnavailable))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s := testSender(nil)
		slept := 0
		s.Sleep = func(ctx context.Context, d time.Duration) error {
			slept++
			cancel()
			return ctx.Err()
		}
		n, err := s.Deliver(ctx, testDelivery(rc.srv.URL))
		var se *StatusError
		if n != 1 || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "503") || errors.As(err, &se) {
			t.Errorf("Deliver cancelled while sleeping = %d, %v; want 1, context.Canceled naming the 503", n, err)
		}
		if slept != 1 {
			t.Errorf("Deliver slept %d times; want 1", slept)
		}
		rc.checkRequests(1)
	})
	t.Run("during an attempt", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		block := blockUntilGone(t)
		rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			cancel()
			block(w, r)
		})
		var sleeps []time.Duration
		s := testSender(&sleeps)
		retryable, err := s.Attempt(ctx, testDelivery(rc.srv.URL))
		if !retryable || !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
			t.Errorf("Attempt cancelled = %v, %v; want true, context.Canceled", retryable, err)
		}
		n, err := s.Deliver(ctx, testDelivery(rc.srv.URL))
		if n != 1 || !errors.Is(err, context.Canceled) || len(sleeps) != 0 {
			t.Errorf("Deliver with ctx cancelled = %d, %v, slept %v; want 1, context.Canceled, no sleep", n, err, sleeps)
		}
	})
}

func TestPublicOnly(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	port := rc.srv.URL[strings.LastIndex(rc.srv.URL, ":")+1:]
	urls := []string{
		rc.srv.URL, // an address literal, refused before dialling
		"http://[::ffff:127.0.0.1]:" + port + "/",  // the same, IPv4-mapped
		"http://localhost:" + port + "/x?token=t0", // a name, refused by the dialer
	}
	senders := map[string]*Sender{
		"own client":                    {PublicOnly: true},
		"caller's client":               {PublicOnly: true, Client: rc.srv.Client()},
		"caller's client, no Transport": {PublicOnly: true, Client: &http.Client{}},
	}
	for name, s := range senders {
		s.Now = func() time.Time { return clock }
		s.Sleep = func(context.Context, time.Duration) error { return errors.New("no retry expected") }
		for _, u := range urls {
			n, err := s.Deliver(context.Background(), testDelivery(u))
			if n != 1 || !errors.Is(err, ErrNotPublic) {
				t.Errorf("%s: Deliver(%s) with PublicOnly = %d, %v; want 1, ErrNotPublic", name, u, n, err)
			}
			if err != nil && strings.Contains(err.Error(), "t0") {
				t.Errorf("%s: Deliver(%s) error %q shows the URL's query", name, u, err)
			}
		}
	}
	rc.checkRequests(0)

	var sleeps []time.Duration
	if n, err := testSender(&sleeps).Deliver(context.Background(), testDelivery(urls[2])); n != 1 || err != nil {
		t.Errorf("Deliver(%s) without PublicOnly = %d, %v; want 1, nil", urls[2], n, err)
	}
	rc.checkRequests(1)
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestPublicOnlyCustomTransport: a transport the Sender cannot guard is
// refused, not used unguarded.
func TestPublicOnlyCustomTransport(t *testing.T) {
	called := false
	s := &Sender{PublicOnly: true, Client: &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		called = true
		return nil, errors.New("unreachable")
	})}}
	retryable, err := s.Attempt(context.Background(), testDelivery("https://example.com/hook"))
	if retryable || !errors.Is(err, vigie.ErrInvalid) || called {
		t.Errorf("Attempt with PublicOnly and a custom RoundTripper = %v, %v (called %v); want false, ErrInvalid, not called", retryable, err, called)
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url        string
		publicOnly bool
		want       error
	}{
		{"https://hooks.example.com/x?token=1", true, nil},
		{"http://93.184.215.14:8080/", true, nil},
		{"http://localhost/", true, nil}, // names are checked when dialled
		{"http://127.0.0.1/", false, nil},
		{"http://127.0.0.1/", true, ErrNotPublic},
		{"http://10.1.2.3/", true, ErrNotPublic},
		{"http://169.254.169.254/latest/meta-data", true, ErrNotPublic},
		{"http://[::1]:80/", true, ErrNotPublic},
		{"http://[fd00::1]/", true, ErrNotPublic},
		{"http://0.0.0.0/", true, ErrNotPublic},
		{"ftp://example.com/", false, vigie.ErrInvalid},
		{"file:///etc/passwd", false, vigie.ErrInvalid},
		{"javascript:alert(1)", false, vigie.ErrInvalid},
		{"/relative", false, vigie.ErrInvalid},
		{"https://", false, vigie.ErrInvalid},
		{"https://:443/", false, vigie.ErrInvalid},
		{"http://exa mple.com/", false, vigie.ErrInvalid},
		{"", false, vigie.ErrInvalid},
	}
	for _, tt := range tests {
		err := CheckURL(tt.url, tt.publicOnly)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("CheckURL(%q, %v) = %v; want %v", tt.url, tt.publicOnly, err, tt.want)
		}
	}
}

func TestAttemptInvalid(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	good := testDelivery(rc.srv.URL)
	tests := []struct {
		name string
		edit func(*Delivery)
	}{
		{"scheme", func(d *Delivery) { d.URL = "ftp" + strings.TrimPrefix(d.URL, "http") }},
		{"no host", func(d *Delivery) { d.URL = "http:///hook" }},
		{"empty secret", func(d *Delivery) { d.Secret = nil }},
		{"empty ID", func(d *Delivery) { d.ID = "" }},
		{"ID with a newline", func(d *Delivery) { d.ID = "d1\r\nX-Injected: 1" }},
		{"ID too long", func(d *Delivery) { d.ID = strings.Repeat("d", maxToken+1) }},
		{"empty event", func(d *Delivery) { d.Event = "" }},
		{"event with a space", func(d *Delivery) { d.Event = "alert created" }},
	}
	var sleeps []time.Duration
	s := testSender(&sleeps)
	for _, tt := range tests {
		d := good
		tt.edit(&d)
		if retryable, err := s.Attempt(context.Background(), d); retryable || !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("%s: Attempt = %v, %v; want false, ErrInvalid", tt.name, retryable, err)
		}
	}
	rc.checkRequests(0)
	if n, err := s.Deliver(context.Background(), good); n != 1 || err != nil {
		t.Errorf("Deliver(valid) = %d, %v; want 1, nil", n, err)
	}
}

func TestRedirects(t *testing.T) {
	other := newReceiver(t, status(http.StatusOK))
	var rc *receiver
	rc = newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/307":
			http.Redirect(w, r, "/ok", http.StatusTemporaryRedirect)
		case "/308":
			http.Redirect(w, r, rc.srv.URL+"/ok", http.StatusPermanentRedirect)
		case "/302":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/301":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case "/elsewhere":
			http.Redirect(w, r, other.srv.URL+"/ok", http.StatusTemporaryRedirect)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusTemporaryRedirect)
		case "/ok":
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	tests := []struct {
		path     string
		wantCode int // 0: success
		wantReqs int // requests to rc
	}{
		{"/307", 0, 2},
		{"/308", 0, 2},
		{"/302", 302, 1},
		{"/301", 301, 1},
		{"/elsewhere", 307, 1},
		{"/loop", 307, 1 + maxRedirects},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			before := len(rc.requests())
			var sleeps []time.Duration
			n, err := testSender(&sleeps).Deliver(context.Background(), testDelivery(rc.srv.URL+tt.path))
			var se *StatusError
			switch {
			case tt.wantCode == 0 && (n != 1 || err != nil):
				t.Errorf("Deliver(%s) = %d, %v; want 1, nil", tt.path, n, err)
			case tt.wantCode != 0 && (n != 1 || !errors.As(err, &se) || se.StatusCode != tt.wantCode || se.Location == ""):
				t.Errorf("Deliver(%s) = %d, %v; want 1, %d with its Location", tt.path, n, err, tt.wantCode)
			}
			reqs := rc.requests()[before:]
			if len(reqs) != tt.wantReqs {
				t.Errorf("Deliver(%s) made %d requests; want %d", tt.path, len(reqs), tt.wantReqs)
			}
			for _, r := range reqs {
				if r.method != http.MethodPost || !bytes.Equal(r.body, testBody) || r.verify != nil {
					t.Errorf("Deliver(%s): request to %s: %s %q, Verify %v; want the signed POST", tt.path, r.path, r.method, r.body, r.verify)
				}
			}
		})
	}
	other.checkRequests(0)
}

func TestExponentialBackoff(t *testing.T) {
	ceil := func(attempt int) time.Duration { // the delay before jitter
		d := DefaultBaseBackoff
		for i := 1; i < attempt && d < DefaultMaxBackoff; i++ {
			d *= 2
		}
		return min(d, DefaultMaxBackoff)
	}
	for _, r := range []float64{0, 0.3, 0.999999} {
		b := ExponentialBackoff(DefaultBaseBackoff, DefaultMaxBackoff, func() float64 { return r })
		for attempt := 1; attempt <= 12; attempt++ {
			d, got := ceil(attempt), b(attempt)
			if got < d*3/4 || got > d {
				t.Errorf("backoff(%d) with rand %v = %v; want in [%v, %v]", attempt, r, got, d*3/4, d)
			}
		}
	}
	b := ExponentialBackoff(DefaultBaseBackoff, DefaultMaxBackoff, func() float64 { return 0 })
	var got []string
	for attempt := 1; attempt <= 9; attempt++ {
		got = append(got, b(attempt).String())
	}
	if want := "30s 1m0s 2m0s 4m0s 8m0s 16m0s 32m0s 1h0m0s 1h0m0s"; strings.Join(got, " ") != want {
		t.Errorf("backoff sequence = %s; want %s", strings.Join(got, " "), want)
	}
	edges := []struct {
		name    string
		base    time.Duration
		max     time.Duration
		rnd     float64
		attempt int
		want    time.Duration
	}{
		{"attempt 0", time.Second, time.Hour, 0, 0, time.Second},
		{"negative attempt", time.Second, time.Hour, 0, -3, time.Second},
		{"huge attempt", time.Second, time.Hour, 0, 1 << 62, time.Hour},
		{"huge max", time.Second, 1<<63 - 1, 0, 1 << 62, 1<<63 - 1},
		{"base above max", time.Hour, time.Minute, 0, 1, time.Minute},
		{"zero base", 0, time.Hour, 0, 5, 0},
		{"rand above 1", 4 * time.Second, time.Hour, 7, 1, 3 * time.Second},
		{"rand negative", 4 * time.Second, time.Hour, -1, 1, 4 * time.Second},
	}
	for _, e := range edges {
		if got := ExponentialBackoff(e.base, e.max, func() float64 { return e.rnd })(e.attempt); got != e.want {
			t.Errorf("%s: ExponentialBackoff(%v, %v)(%d) = %v; want %v", e.name, e.base, e.max, e.attempt, got, e.want)
		}
	}
}

func TestNextAttempt(t *testing.T) {
	var s Sender // defaults: jittered backoff, DefaultMaxAttempts
	for attempt := 1; attempt < DefaultMaxAttempts; attempt++ {
		next := s.NextAttempt(attempt, clock, errors.New("refused"))
		d := min(DefaultBaseBackoff<<(attempt-1), DefaultMaxBackoff)
		if got := next.Sub(clock); got < d*3/4 || got > d {
			t.Errorf("NextAttempt(%d) = now + %v; want now + [%v, %v]", attempt, got, d*3/4, d)
		}
	}
	if next := s.NextAttempt(DefaultMaxAttempts, clock, nil); !next.IsZero() {
		t.Errorf("NextAttempt(%d) = %v; want zero: give up", DefaultMaxAttempts, next)
	}
	s.MaxAttempts = 2
	if next := s.NextAttempt(2, clock, nil); !next.IsZero() {
		t.Errorf("NextAttempt(2) with MaxAttempts 2 = %v; want zero", next)
	}
	wrapped := fmt.Errorf("outbox: %w", &StatusError{StatusCode: 429, Status: "429 Too Many Requests", RetryAfter: 10 * time.Minute})
	if got := s.NextAttempt(1, clock, wrapped); got.Sub(clock) != 10*time.Minute {
		t.Errorf("NextAttempt(1) after Retry-After 10m = now + %v; want now + 10m", got.Sub(clock))
	}
}

func TestDeliveryLogValue(t *testing.T) {
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("webhook_sent", "delivery", Delivery{
		ID: "d1", URL: "https://hooks.example.com/services/T0/B0/tok3n?key=k3y", Secret: []byte("s3cret"),
		Event: "alert.created", Body: []byte(`{"text":"b0dy"}`),
	})
	out := buf.String()
	for _, leak := range []string{"tok3n", "k3y", "s3cret", "b0dy"} {
		if strings.Contains(out, leak) {
			t.Errorf("log line %q shows %q", out, leak)
		}
	}
	for _, want := range []string{"delivery.id=d1", "delivery.event=alert.created", "delivery.url_host=hooks.example.com", "delivery.body_bytes=15"} {
		if !strings.Contains(out, want) {
			t.Errorf("log line %q lacks %q", out, want)
		}
	}
}

// TestErrorsHideURL: the URL's path and query, where tokens live, stay out
// of errors.
func TestErrorsHideURL(t *testing.T) {
	rc := newReceiver(t, status(http.StatusOK))
	u, _ := url.Parse(rc.srv.URL)
	u.Host = "127.0.0.1:1" // nothing listens there
	u.Path, u.RawQuery = "/services/tok3n", "key=k3y"
	var sleeps []time.Duration
	s := testSender(&sleeps)
	s.MaxAttempts = 1
	_, err := s.Deliver(context.Background(), testDelivery(u.String()))
	if err == nil || strings.Contains(err.Error(), "tok3n") || strings.Contains(err.Error(), "k3y") {
		t.Errorf("Deliver to a closed port = %v; want an error without the URL's path and query", err)
	}
}
