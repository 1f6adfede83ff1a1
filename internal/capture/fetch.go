package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Fetcher defaults.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRedirects = 10
	DefaultMaxBody      = 32 << 20
	DefaultUserAgent    = "Mozilla/5.0 (compatible; vigie capture)"
)

// fetchMaxHeader bounds the header of one HTTP response.
const fetchMaxHeader = 1 << 20

// Fetcher captures web pages over HTTP(S) with bounds on time, redirects
// and size. The zero value is ready to use; a Fetcher is safe for
// concurrent use and keeps no connection between fetches.
//
// It records the bytes exchanged on the connection itself, so the WARC
// records it writes hold the request and response exactly as sent and
// received. That is why it builds its own HTTP/1.1 transport rather than
// taking an *http.Client (whose transport would parse, and may decode,
// the response before anyone sees it), and why it uses no proxy: through
// a proxy the bytes of an https exchange are not readable.
type Fetcher struct {
	Timeout      time.Duration // whole fetch, redirects and body included; 0: DefaultTimeout
	MaxRedirects int           // 0: DefaultMaxRedirects; < 0: follow none, capture the redirect
	MaxBody      int64         // body bytes, as received and once decoded; 0: DefaultMaxBody
	UserAgent    string        // "": DefaultUserAgent
	// TLSConfig, when set, configures https connections (a test's root
	// certificates, a client certificate). ServerName is set per host.
	TLSConfig *tls.Config
	// PublicOnly refuses connections to addresses that are not public
	// (PublicAddr): set it when the URL comes from someone who should not
	// reach, through vigie, the machine it runs on or its private network
	// (a web user's URL). The check is on the address each connection
	// dials, after name resolution, so redirects and names that resolve
	// to such an address are refused too (ErrNotPublic).
	PublicOnly bool
}

// PublicAddr reports whether a is an address of the public internet: not
// unspecified, loopback, private (RFC 1918, unique local), link-local
// (where cloud metadata services answer), shared (RFC 6598), multicast,
// or reserved for documentation, benchmarks and future use.
func PublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsUnspecified() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
		a.IsMulticast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// nonPublic are the ranges PublicAddr refuses beyond those netip names.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (carrier NAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use IPv4/IPv6 translation
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// Capture is one fetched page.
type Capture struct {
	URL        string      // the URL asked for
	FinalURL   string      // the URL of the last response, after redirects
	StatusCode int         // of the last response: 200, 404…
	Status     string      // "404 Not Found"
	Header     http.Header // of the last response
	// Body is the last response's body, content coding (gzip, deflate)
	// decoded; the WARC keeps it as received.
	Body []byte
	Time time.Time // when the last request was sent, UTC
	// WARC holds, for each request made (each redirect, then the last),
	// a request record and a response record holding the raw bytes sent
	// and received; no warcinfo record.
	WARC   []byte
	SHA256 string // of WARC, lower-case hex
}

// Fetch fetches url (http or https only), following redirects, and
// returns the capture of the last response whatever its status: a 404 or
// 500 page is evidence too, and the caller decides what to keep
// (Capture.StatusCode). Errors, each wrapping its cause: an invalid URL
// or scheme (vigie.ErrInvalid), more than Timeout for the whole fetch
// (ErrTimeout; a cancelled ctx gives ctx's error), more than MaxRedirects
// redirects (ErrTooManyRedirects), a body larger than MaxBody as received
// or once decoded (ErrTooLarge), a body cut short (ErrTruncated). On error
// no Capture is returned: nothing partial can pass for a whole page.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Capture, error) {
	u, err := fetchParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", rawURL, err)
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	maxRedirects := f.MaxRedirects
	if maxRedirects == 0 {
		maxRedirects = DefaultMaxRedirects
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("%w after %v (Fetcher.Timeout)", ErrTimeout, timeout))
	defer cancel()
	t := f.transport()
	defer t.CloseIdleConnections()
	jar, _ := cookiejar.New(nil) // cookies set by a redirect are sent on: consent pages need them

	var warc bytes.Buffer
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		ex, err := f.exchange(ctx, t, jar, u)
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", u, err)
		}
		if err := ex.writeWARC(&warc, u.String()); err != nil {
			return nil, fmt.Errorf("fetch %s: %w", u, err)
		}
		seen[u.String()] = true
		var next *url.URL
		if maxRedirects > 0 {
			if next, err = fetchRedirect(u, ex.resp); err != nil {
				return nil, fmt.Errorf("fetch %s: %w", u, err)
			}
		}
		if next == nil {
			body, _, err := httpDecodeContent(ex.body, ex.resp.Header.Values("Content-Encoding"), f.maxBody(), false)
			if err != nil {
				return nil, fmt.Errorf("fetch %s: body: %w", u, err)
			}
			sum := sha256.Sum256(warc.Bytes())
			return &Capture{
				URL: rawURL, FinalURL: u.String(),
				StatusCode: ex.resp.StatusCode, Status: ex.resp.Status, Header: ex.resp.Header,
				Body: body, Time: ex.time, WARC: warc.Bytes(), SHA256: hex.EncodeToString(sum[:]),
			}, nil
		}
		if hop >= maxRedirects {
			loop := ""
			if seen[next.String()] {
				loop = " (a loop: it leads back to " + next.String() + ")"
			}
			return nil, fmt.Errorf("fetch %s: %w: more than %d%s", rawURL, ErrTooManyRedirects, maxRedirects, loop)
		}
		u = next
	}
}

func (f *Fetcher) maxBody() int64 {
	if f.MaxBody <= 0 {
		return DefaultMaxBody
	}
	return f.MaxBody
}

// fetchParseURL accepts absolute http and https URLs only: other schemes
// (file, ftp, javascript) would reach beyond the web page asked for.
func fetchParseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%w URL: %v", vigie.ErrInvalid, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w URL: scheme %q not fetched (http and https only)", vigie.ErrInvalid, u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w URL: no host", vigie.ErrInvalid)
	}
	u.Fragment, u.RawFragment = "", "" // never sent to the server
	return u, nil
}

// fetchRedirect returns where a redirect response leads, or nil when resp
// is not a redirect to follow (a 3xx without Location is the final page).
func fetchRedirect(from *url.URL, resp *http.Response) (*url.URL, error) {
	switch resp.StatusCode {
	case 301, 302, 303, 307, 308:
	default:
		return nil, nil
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, nil
	}
	to, err := from.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("redirect to invalid Location %q: %w", loc, vigie.ErrInvalid)
	}
	to, err = fetchParseURL(to.String())
	if err != nil {
		return nil, fmt.Errorf("redirect to %q: %w", loc, err)
	}
	return to, nil
}

// transport returns a fresh HTTP/1.1 transport whose connections record
// the bytes they carry. Keep-alives are off: one connection per request,
// so each connection's bytes are one exchange.
func (f *Fetcher) transport() *http.Transport {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if f.PublicOnly {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: cannot read %q", ErrNotPublic, address)
			}
			if !PublicAddr(ap.Addr()) {
				return fmt.Errorf("%w: %s is an address of this machine or a private network, refused", ErrNotPublic, ap.Addr().Unmap())
			}
			return nil
		}
	}
	return &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return fetchRecord(c, c.RemoteAddr(), f.maxBody()), nil
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			host, _, _ := net.SplitHostPort(addr)
			cfg := &tls.Config{}
			if f.TLSConfig != nil {
				cfg = f.TLSConfig.Clone()
			}
			cfg.ServerName = host
			cfg.NextProtos = []string{"http/1.1"}
			tc := tls.Client(c, cfg)
			if err := tc.HandshakeContext(ctx); err != nil {
				c.Close()
				return nil, err
			}
			return fetchRecord(tc, c.RemoteAddr(), f.maxBody()), nil
		},
		DisableKeepAlives:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: fetchMaxHeader,
		TLSHandshakeTimeout:    30 * time.Second,
	}
}

// fetchConn is a connection that keeps a copy of the bytes read from and
// written to it, up to a bound (beyond it the fetch fails anyway, on
// MaxBody or the header bound).
type fetchConn struct {
	net.Conn
	remote net.Addr
	mu     sync.Mutex
	in     bytes.Buffer
	out    bytes.Buffer
	limit  int
	over   bool
}

func fetchRecord(c net.Conn, remote net.Addr, maxBody int64) *fetchConn {
	return &fetchConn{Conn: c, remote: remote, limit: int(maxBody) + fetchMaxHeader + 64<<10}
}

func (c *fetchConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.keep(&c.in, p[:n])
	return n, err
}

// Write records p before writing it: the transport writes in a goroutine
// of its own, which may not run again before the response is read.
func (c *fetchConn) Write(p []byte) (int, error) {
	c.keep(&c.out, p)
	n, err := c.Conn.Write(p)
	if n < len(p) {
		c.mu.Lock()
		if !c.over {
			c.out.Truncate(c.out.Len() - (len(p) - n))
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *fetchConn) keep(b *bytes.Buffer, p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b.Len()+len(p) > c.limit {
		c.over = true
		return
	}
	b.Write(p)
}

// recorded returns copies of the bytes sent and received so far.
func (c *fetchConn) recorded() (sent, received []byte, over bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.out.Bytes()), bytes.Clone(c.in.Bytes()), c.over
}

// fetchExchange is one request and its response.
type fetchExchange struct {
	time     time.Time
	resp     *http.Response // body read and closed
	body     []byte         // as received, transfer coding removed
	sent     []byte         // raw request
	received []byte         // raw response
	remoteIP string
}

// exchange sends one GET request for u and reads its response.
func (f *Fetcher) exchange(ctx context.Context, t *http.Transport, jar http.CookieJar, u *url.URL) (*fetchExchange, error) {
	var conn *fetchConn
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		conn, _ = info.Conn.(*fetchConn)
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w request: %v", vigie.ErrInvalid, err)
	}
	ua := f.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	// Asked for explicitly, so that the transport hands over the body as
	// received rather than decoding it; Fetch decodes a copy.
	req.Header.Set("Accept-Encoding", "gzip")
	for _, c := range jar.Cookies(u) {
		req.AddCookie(c)
	}
	ex := &fetchExchange{time: time.Now().UTC()}
	resp, err := t.RoundTrip(req)
	if err != nil {
		return nil, fetchContextError(ctx, "waiting for the response", err)
	}
	defer resp.Body.Close()
	jar.SetCookies(u, resp.Cookies())
	limit := f.maxBody()
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: body of %d bytes declared, more than MaxBody (%d)", ErrTooLarge, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: body longer than MaxBody (%d bytes)", ErrTooLarge, limit)
	}
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("body %w: connection closed after %d bytes", ErrTruncated, len(body))
		}
		return nil, fetchContextError(ctx, fmt.Sprintf("reading the body (%d bytes read)", len(body)), err)
	}
	resp.Body.Close() // the connection's bytes are complete once closed
	if conn == nil {
		return nil, errors.New("no connection recorded for the exchange")
	}
	var over bool
	ex.sent, ex.received, over = conn.recorded()
	if over {
		return nil, fmt.Errorf("%w: raw response, chunk framing included, longer than MaxBody + %d bytes", ErrTooLarge, fetchMaxHeader+64<<10)
	}
	if host, _, err := net.SplitHostPort(conn.remote.String()); err == nil {
		ex.remoteIP = host
	}
	ex.resp, ex.body = resp, body
	return ex, nil
}

// fetchContextError names a timeout or cancellation as such, with what
// the fetch was doing; other errors are returned as they are.
func fetchContextError(ctx context.Context, doing string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w while %s", context.Cause(ctx), doing)
	}
	return err
}

// writeWARC appends the exchange's request and response records to w.
func (ex *fetchExchange) writeWARC(w io.Writer, target string) error {
	date := ex.time.Format(warcDateLayout)
	respID, reqID := NewRecordID(), NewRecordID()
	req := Record{Type: "request", Block: ex.sent, Header: Header{
		{"WARC-Record-ID", reqID},
		{"WARC-Date", date},
		{"WARC-Target-URI", target},
		{"WARC-Concurrent-To", respID},
		{"Content-Type", "application/http;msgtype=request"},
	}}
	resp := Record{Type: "response", Block: ex.received, Header: Header{
		{"WARC-Record-ID", respID},
		{"WARC-Date", date},
		{"WARC-Target-URI", target},
		{"Content-Type", "application/http;msgtype=response"},
		{"WARC-Payload-Digest", warcDigest(ex.body)},
	}}
	if ex.remoteIP != "" {
		resp.Header.Add("WARC-IP-Address", ex.remoteIP)
	}
	if err := WriteRecord(w, req); err != nil {
		return err
	}
	return WriteRecord(w, resp)
}
