package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/capture"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Sender defaults.
const (
	DefaultTimeout     = 15 * time.Second
	DefaultMaxAttempts = 8
	DefaultBaseBackoff = 30 * time.Second
	DefaultMaxBackoff  = time.Hour
	// MaxRetryAfter bounds the delay a receiver's Retry-After can impose:
	// a longer one is taken as this.
	MaxRetryAfter = time.Hour
	// UserAgent is sent when Sender.UserAgent is empty.
	UserAgent = "vigie-webhook/1"
)

const (
	maxDrain     = 64 << 10 // response body bytes read, then the connection is dropped
	maxSnippet   = 200      // response body bytes kept in a StatusError
	maxRedirects = 3        // 307/308 to the same host
	maxToken     = 200      // bytes of a Delivery.ID or Delivery.Event
)

// Causes of Attempt's errors, beyond vigie.ErrInvalid (a Delivery that
// cannot be sent: bad URL, empty secret, bad ID or Event) and
// *StatusError (an answer other than 2xx); test with errors.Is.
var (
	// ErrTimeout: no complete answer within Sender.Timeout.
	ErrTimeout = errors.New("webhook timed out")
	// ErrNotPublic is capture.ErrNotPublic: with Sender.PublicOnly, the
	// URL leads to an address of this machine or a private network.
	ErrNotPublic = capture.ErrNotPublic
)

// Delivery is one event to post to one webhook. The same Delivery, ID
// included, is given to every attempt.
type Delivery struct {
	// ID identifies the delivery for the receiver, which ignores one it
	// has seen; sent as Vigie-Delivery. 1 to 200 ASCII letters, digits,
	// and "-", "_", ".", ":".
	ID string
	// URL is the webhook's absolute http or https URL. Its fragment is
	// not sent.
	URL string
	// Secret keys the HMAC of Vigie-Signature; shared with the receiver.
	// Must not be empty.
	Secret []byte
	// Event is the event type, such as "alert.created"; sent as
	// Vigie-Event. Same characters as ID.
	Event string
	// Body is the JSON payload, sent and signed as it is. Only the body is
	// signed, so it should hold the event type and the delivery ID too.
	Body []byte
}

// LogValue logs the delivery without its secret, body, or URL path and
// query (webhook URLs often carry tokens there): id, event, url_host and
// body_bytes.
func (d Delivery) LogValue() slog.Value {
	host := "(invalid)"
	if u, err := url.Parse(d.URL); err == nil {
		host = u.Host
	}
	return slog.GroupValue(
		slog.String("id", d.ID),
		slog.String("event", d.Event),
		slog.String("url_host", host),
		slog.Int("body_bytes", len(d.Body)),
	)
}

// StatusError is an answer other than 2xx.
type StatusError struct {
	StatusCode int    // 503
	Status     string // "503 Service Unavailable"
	// RetryAfter is the delay asked for by a Retry-After header on a 408,
	// 429 or 5xx answer, at most MaxRetryAfter; 0 when none.
	RetryAfter time.Duration
	// Location is where a redirect that was not followed leads.
	Location string
	// Body is the start of the answer's body, as text for a person (at
	// most 200 bytes, control characters replaced): receivers often say
	// there what is wrong.
	Body string
}

func (e *StatusError) Error() string {
	var b strings.Builder
	b.WriteString("receiver answered ")
	b.WriteString(e.Status)
	if e.Location != "" {
		b.WriteString(", a redirect to " + strconv.Quote(e.Location) + " not followed (only 307 and 308 to the same host are)")
	}
	if e.RetryAfter > 0 {
		b.WriteString(", retry after " + e.RetryAfter.String())
	}
	if e.Body != "" {
		b.WriteString(": " + strconv.Quote(e.Body))
	}
	return b.String()
}

// Sender posts deliveries. Set its fields before the first use and do
// not change them afterwards; a Sender is then safe for concurrent use.
// The zero value is ready to use. A Sender must not be copied after its
// first use.
type Sender struct {
	// Client sends the requests; nil: a client of the Sender's own, which
	// uses the proxy from the environment unless PublicOnly is set. The
	// Sender uses a copy of Client with its own CheckRedirect (307 and
	// 308 to the same host only, at most 3). With PublicOnly, Client's
	// Transport must be nil or an *http.Transport: the Sender uses a clone
	// of it whose dialer refuses non-public addresses and which uses no
	// proxy nor custom dial function.
	Client *http.Client
	// MaxAttempts is the number of attempts after which NextAttempt, and
	// so Deliver, give up; 0 or less: DefaultMaxAttempts.
	MaxAttempts int
	// Backoff returns the delay after failed attempt number attempt
	// (from 1); nil: ExponentialBackoff(DefaultBaseBackoff,
	// DefaultMaxBackoff, nil).
	Backoff func(attempt int) time.Duration
	// Timeout bounds one attempt, from connection to the end of the
	// answer's body read; 0 or less: DefaultTimeout.
	Timeout time.Duration
	// PublicOnly refuses to connect to addresses that are not public
	// (capture.PublicAddr): set it when URLs come from users, who should
	// not reach, through vigie, the machine it runs on or its private
	// network. The check is on each address dialled, after name
	// resolution, so names that resolve to such an address and redirects
	// are refused too (ErrNotPublic).
	PublicOnly bool
	// UserAgent is sent as User-Agent; "": UserAgent.
	UserAgent string
	// Now gives the time for signatures and Retry-After dates; nil:
	// time.Now. For tests.
	Now func() time.Time
	// Sleep waits d between Deliver's attempts, returning early with an
	// error when ctx is done; nil: a timer. For tests.
	Sleep func(ctx context.Context, d time.Duration) error

	once      sync.Once
	client    *http.Client
	clientErr error
}

// ExponentialBackoff returns a Backoff: base after attempt 1, doubling
// after each attempt up to max, each delay less a random part of up to a
// quarter of it (jitter, so that deliveries failing together are not
// retried together). Delays thus lie in [3/4·d, d] for d = min(max,
// base·2^(attempt-1)), never above max. rnd returns numbers in [0, 1);
// nil: math/rand/v2.Float64.
func ExponentialBackoff(base, max time.Duration, rnd func() float64) func(attempt int) time.Duration {
	if rnd == nil {
		rnd = rand.Float64
	}
	return func(attempt int) time.Duration {
		if base <= 0 || max <= 0 {
			return 0
		}
		d := min(base, max)
		for i := 1; i < attempt && d < max; i++ {
			if d > max/2 {
				d = max
				break
			}
			d *= 2
		}
		r := rnd()
		if !(r >= 0) { // NaN too
			r = 0
		} else if r >= 1 {
			r = 1
		}
		return d - time.Duration(float64(d/4)*r)
	}
}

var defaultBackoff = ExponentialBackoff(DefaultBaseBackoff, DefaultMaxBackoff, nil)

// CheckURL reports, as an error wrapping vigie.ErrInvalid or
// ErrNotPublic, why rawURL cannot be a webhook URL: not an absolute http
// or https URL, or, with publicOnly, an address literal that is not
// public. Names are not resolved here: Attempt checks each address it
// dials. For forms where users type webhook URLs.
func CheckURL(rawURL string, publicOnly bool) error {
	_, err := parseURL(rawURL, publicOnly)
	return err
}

func parseURL(rawURL string, publicOnly bool) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error quotes the URL, which may hold a token: say why only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w webhook URL: %v", vigie.ErrInvalid, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w webhook URL: scheme %q (http and https only)", vigie.ErrInvalid, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%w webhook URL: no host", vigie.ErrInvalid)
	}
	if publicOnly {
		if a, err := netip.ParseAddr(u.Hostname()); err == nil && !capture.PublicAddr(a) {
			return nil, fmt.Errorf("%w: %s is an address of this machine or a private network, refused", ErrNotPublic, a.Unmap())
		}
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// check returns d's URL, or why d cannot be sent.
func (d *Delivery) check(publicOnly bool) (*url.URL, error) {
	if !token(d.ID) {
		return nil, fmt.Errorf("%w delivery ID %q: want 1 to %d characters, each a letter, digit or one of - _ . : (ASCII)", vigie.ErrInvalid, short(d.ID), maxToken)
	}
	if !token(d.Event) {
		return nil, fmt.Errorf("%w event %q: want 1 to %d characters, each a letter, digit or one of - _ . : (ASCII)", vigie.ErrInvalid, short(d.Event), maxToken)
	}
	if len(d.Secret) == 0 {
		return nil, fmt.Errorf("%w: empty secret: the receiver could not tell the request comes from vigie", vigie.ErrInvalid)
	}
	return parseURL(d.URL, publicOnly)
}

// token reports whether s can be an ID or event: it goes into a header.
func token(s string) bool {
	if s == "" || len(s) > maxToken {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// Attempt makes one attempt of d: one POST, signed with the current time
// (a retry made later carries a fresh timestamp, within the receiver's
// tolerance). It returns nil on a 2xx answer. Otherwise it returns the
// error and reports whether a later attempt may succeed:
//
//   - retryable: no answer within Timeout (ErrTimeout), a network or TLS
//     error, 408, 429 or 5xx (*StatusError, with RetryAfter), and ctx
//     done during the attempt (the error wraps ctx's cause; the request
//     may or may not have reached the receiver, which dedupes on the ID);
//   - not retryable: an invalid delivery (vigie.ErrInvalid), an address
//     refused by PublicOnly (ErrNotPublic), any other answer
//     (*StatusError: 4xx, a redirect not followed).
//
// Errors do not hold the URL, whose path may carry a token: the caller
// knows which webhook it is.
func (s *Sender) Attempt(ctx context.Context, d Delivery) (retryable bool, err error) {
	u, err := d.check(s.PublicOnly)
	if err != nil {
		return false, err
	}
	c, err := s.httpClient()
	if err != nil {
		return false, err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	actx, cancel := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("%w: no complete answer within %v", ErrTimeout, timeout))
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, u.String(), bytes.NewReader(d.Body))
	if err != nil {
		return false, fmt.Errorf("%w request: %v", vigie.ErrInvalid, err)
	}
	ua := s.UserAgent
	if ua == "" {
		ua = UserAgent
	}
	now := s.now()
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderEvent, d.Event)
	req.Header.Set(HeaderDelivery, d.ID)
	req.Header.Set(HeaderSignature, Sign(d.Secret, now, d.Body))

	resp, err := c.Do(req)
	if err != nil {
		if errors.Is(err, ErrNotPublic) {
			return false, unwrapURLError(err)
		}
		return true, contextError(actx, err)
	}
	defer resp.Body.Close()
	// Read the start of the body for a StatusError, then drain a bounded
	// amount so the connection can be reused; beyond that it is dropped.
	// The status decides; errors reading the body do not matter.
	head, _ := io.ReadAll(io.LimitReader(resp.Body, maxSnippet))
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain-maxSnippet))
	if resp.StatusCode/100 == 2 {
		return false, nil
	}
	se := &StatusError{StatusCode: resp.StatusCode, Status: resp.Status, Body: snippet(head)}
	if se.Status == "" {
		se.Status = strconv.Itoa(resp.StatusCode)
	}
	if retryableStatus(resp.StatusCode) {
		se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), now)
		return true, se
	}
	if resp.StatusCode/100 == 3 {
		se.Location = resp.Header.Get("Location")
	}
	return false, se
}

// retryableStatus reports whether an answer says the receiver is
// unavailable for now, not refusing the request.
func retryableStatus(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code/100 == 5
}

// contextError names why an attempt failed when its context is done: the
// cause of the caller's ctx, or else the attempt's timeout (ErrTimeout).
func contextError(actx context.Context, err error) error {
	if actx.Err() != nil {
		return fmt.Errorf("attempt stopped: %w", context.Cause(actx))
	}
	return unwrapURLError(err)
}

// unwrapURLError drops the *url.Error around a client's error: it quotes
// the URL, which may hold a token.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// retryAfter reads a Retry-After value, seconds or an HTTP date, as a
// delay from now; 0 when absent or invalid, at most MaxRetryAfter.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseUint(v, 10, 64); err == nil {
		if n > uint64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), MaxRetryAfter)
}

// snippet makes the start of a body readable in an error message.
func snippet(b []byte) string {
	cut := len(b) == maxSnippet
	if cut {
		// Drop the last character if the read cut it short.
		for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
			if utf8.RuneStart(b[len(b)-i]) {
				if !utf8.FullRune(b[len(b)-i:]) {
					b = b[:len(b)-i]
				}
				break
			}
		}
	}
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(string(b), "\uFFFD"))
	s = strings.TrimSpace(s)
	if cut {
		s += "…"
	}
	return s
}

// NextAttempt returns when to make the attempt after attempt number
// attempt (from 1) failed at now with err, a retryable error from
// Attempt: now plus Backoff(attempt), or later if err carries a
// RetryAfter (*StatusError). It returns the zero Time when no attempt
// should follow: attempt has reached MaxAttempts. For an outbox that
// stores the time of each delivery's next attempt.
func (s *Sender) NextAttempt(attempt int, now time.Time, err error) time.Time {
	maxAttempts := s.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	if attempt >= maxAttempts {
		return time.Time{}
	}
	backoff := s.Backoff
	if backoff == nil {
		backoff = defaultBackoff
	}
	d := max(backoff(attempt), 0)
	if se := (*StatusError)(nil); errors.As(err, &se) {
		d = max(d, se.RetryAfter)
	}
	return now.Add(d)
}

// Deliver makes attempts of d until one succeeds, one fails with an error
// that is not retryable, NextAttempt gives up, or ctx is done, sleeping
// between attempts. It returns the number of attempts made and nil, or
// the last attempt's error (or ctx's cause while sleeping, wrapping the
// last error's text). It blocks for as long as the retries take (about an
// hour with the defaults): an outbox calls Attempt and NextAttempt
// instead; Deliver is for the command line and tests.
func (s *Sender) Deliver(ctx context.Context, d Delivery) (attempts int, err error) {
	for n := 1; ; n++ {
		retryable, err := s.Attempt(ctx, d)
		if err == nil {
			return n, nil
		}
		if !retryable || ctx.Err() != nil {
			return n, err
		}
		now := s.now()
		next := s.NextAttempt(n, now, err)
		if next.IsZero() {
			return n, fmt.Errorf("gave up after %d attempts: %w", n, err)
		}
		if serr := s.sleep(ctx, next.Sub(now)); serr != nil {
			return n, fmt.Errorf("stopped waiting for attempt %d (attempt %d: %v): %w", n+1, n, err, serr)
		}
	}
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sender) sleep(ctx context.Context, d time.Duration) error {
	if s.Sleep != nil {
		return s.Sleep(ctx, d)
	}
	if d <= 0 {
		return context.Cause(ctx)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// httpClient returns the client the Sender uses, built on first use.
func (s *Sender) httpClient() (*http.Client, error) {
	s.once.Do(func() {
		var c http.Client
		if s.Client != nil {
			c = *s.Client
		}
		switch t := c.Transport.(type) {
		case nil:
			if s.Client != nil && !s.PublicOnly {
				break // http.DefaultTransport, as the caller's client would
			}
			c.Transport = newTransport(s.PublicOnly)
		case *http.Transport:
			if s.PublicOnly {
				c.Transport = guard(t.Clone())
			}
		default:
			if s.PublicOnly {
				s.clientErr = fmt.Errorf("%w Sender: PublicOnly needs a Client whose Transport is nil or an *http.Transport, not %T", vigie.ErrInvalid, t)
				return
			}
		}
		c.CheckRedirect = checkRedirect
		s.client = &c
	})
	return s.client, s.clientErr
}

// newTransport returns a transport like http.DefaultTransport, guarded
// when publicOnly.
func newTransport(publicOnly bool) *http.Transport {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.MaxResponseHeaderBytes = 64 << 10
	if publicOnly {
		guard(t)
	}
	return t
}

// guard makes t dial public addresses only, directly: through a proxy the
// address dialled would be the proxy's.
func guard(t *http.Transport) *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: publicControl}
	t.Proxy = nil
	t.OnProxyConnectResponse = nil
	t.DialContext = d.DialContext
	t.DialTLSContext = nil
	// DialTLS would be used for https when DialTLSContext is nil: cleared
	// so that it cannot bypass the guard. (Dial gives way to DialContext.)
	//lint:ignore SA1019 clearing the deprecated field is the point
	t.DialTLS = nil
	return t
}

// publicControl refuses, before connecting, an address that is not public.
func publicControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read %q", ErrNotPublic, address)
	}
	if !capture.PublicAddr(ap.Addr()) {
		return fmt.Errorf("%w: %s is an address of this machine or a private network, refused", ErrNotPublic, ap.Addr().Unmap())
	}
	return nil
}

// checkRedirect follows 307 and 308, which repeat the POST with its body,
// to the same host and no less secure scheme; any other redirect is
// returned to Attempt as the answer.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case len(via) > maxRedirects,
		req.Response == nil,
		req.Response.StatusCode != http.StatusTemporaryRedirect && req.Response.StatusCode != http.StatusPermanentRedirect,
		!strings.EqualFold(req.URL.Host, first.Host),
		req.URL.Scheme != "https" && (req.URL.Scheme != "http" || first.Scheme == "https"):
		return http.ErrUseLastResponse
	}
	return nil
}
