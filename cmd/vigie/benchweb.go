package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/html"

	"github.com/vigie-project/vigie/internal/vigie"
	"github.com/vigie-project/vigie/internal/web"
)

const benchWebHelp = `Measure how fast a running "vigie serve" answers its pages under load: log
in --clients times (each client its own session; they may share one account),
then have every client issue requests one after the other, for --duration
or until --requests are done, in a realistic mix: searches by one word, by
two words, by a phone or handle (phone:…, telegram:…), by category with a
minimum risk; document pages (/doc/ID, for IDs seen in search results); and
the dashboard (--mix changes the weights, to measure one kind alone).

Words, contacts and document IDs come from the server itself (the
dashboard, a search per category and the documents they list), and also
from the store when --data or --db is given. Latency is measured by the
client, from sending the request to reading the whole body. Requests begun
during --warmup are not counted. It prints, per kind of page and overall:
the requests, the failures (any status but 200), p50, p95, p99 and max
latency, and the requests per second. The first failures are printed with
their path (which may quote the store's words).

Exit status: 0 when every counted request answered 200; 1 when some did not
or the run could not start; 2 for a command-line error.

Example (see docs/benchmarks.md):
  vigie user add bench --role investigator --password-stdin --data /srv/vigie
  vigie serve --data /srv/vigie &
  printf '%s\n' "$PW" | vigie bench-web --user bench --password-stdin --clients 50 --duration 60s
`

// webShare is a kind of request and its weight in a mix.
type webShare struct {
	kind   string
	weight int
}

// defaultWebMix is the mix of requests, in percent, and the order of the
// report's lines.
var defaultWebMix = []webShare{
	{"dashboard", 10},
	{"doc", 40},
	{"search-word", 20},
	{"search-words", 10},
	{"search-entity", 10},
	{"search-category", 10},
}

// parseWebMix reads a --mix: "doc=1,search-word=1" weighs the kinds
// named, the others weigh 0. The result lists every kind, in the order of
// defaultWebMix.
func parseWebMix(spec string) ([]webShare, error) {
	mix := slices.Clone(defaultWebMix)
	for i := range mix {
		mix[i].weight = 0
	}
	total := 0
	for part := range strings.SplitSeq(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		i := slices.IndexFunc(mix, func(m webShare) bool { return m.kind == k })
		if !ok || i < 0 {
			return nil, fmt.Errorf("%q: want KIND=WEIGHT, KIND one of dashboard, doc, search-word, search-words, search-entity, search-category", part)
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1_000_000 {
			return nil, fmt.Errorf("%q: want a weight from 0 to 1000000", part)
		}
		mix[i].weight = n
		total += n
	}
	if total == 0 {
		return nil, fmt.Errorf("%q: some kind needs a weight above 0", spec)
	}
	return mix, nil
}

// maxBenchDocs bounds the document paths kept to request.
const maxBenchDocs = 10_000

// discoverDocs is how many document pages the discovery reads for words
// and contacts.
const discoverDocs = 40

// benchWebOptions are the settings of one run.
type benchWebOptions struct {
	base     *url.URL
	user     string
	password string
	clients  int
	duration time.Duration
	requests int // when > 0, the run stops after that many counted requests
	warmup   time.Duration
	seed     uint64
	mix      []webShare
}

// webPool is what clients draw requests from: texts' words, entity
// filters and document paths. Safe for concurrent use.
type webPool struct {
	mu       sync.RWMutex
	phrases  [][]string // words of one text, in order
	entities []string   // "phone:+32…", usable as a search term
	docs     []string   // "/doc/…" paths as the server wrote them
	seenDoc  map[string]bool
	replace  *rand.Rand // picks the document path a new one replaces
}

func newWebPool(seed uint64) *webPool {
	return &webPool{seenDoc: map[string]bool{}, replace: rand.New(rand.NewPCG(seed, seed+3))}
}

func (p *webPool) addText(text string) {
	if w := sampleWords(text); len(w) > 0 {
		p.mu.Lock()
		p.phrases = append(p.phrases, w)
		p.mu.Unlock()
	}
}

func (p *webPool) addEntity(term string) {
	if term == "" || strings.ContainsFunc(term, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }) {
		return // search splits its box on spaces: such a value is no one term
	}
	p.mu.Lock()
	if !slices.Contains(p.entities, term) {
		p.entities = append(p.entities, term)
	}
	p.mu.Unlock()
}

// addDocs adds document paths; once the pool is full, a new path replaces
// one at random, so that later searches still bring new documents.
func (p *webPool) addDocs(paths []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range paths {
		if p.seenDoc[d] {
			continue
		}
		if len(p.docs) < maxBenchDocs {
			p.docs = append(p.docs, d)
			p.seenDoc[d] = true
			continue
		}
		i := p.replace.IntN(len(p.docs))
		delete(p.seenDoc, p.docs[i])
		p.docs[i] = d
		p.seenDoc[d] = true
	}
}

// next returns the kind and the path of a request drawn with r from mix
// (whose total weight is above 0). A kind
// the pool has nothing for falls back to a word search, and that to a
// category search.
func (p *webPool) next(r *rand.Rand, mix []webShare) (kind, path string) {
	total := 0
	for _, m := range mix {
		total += m.weight
	}
	n := r.IntN(total)
	for _, m := range mix {
		if n < m.weight {
			kind = m.kind
			break
		}
		n -= m.weight
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	if kind == "doc" && len(p.docs) == 0 || kind == "search-entity" && len(p.entities) == 0 {
		kind = "search-word"
	}
	if kind == "search-words" && len(p.phrases) == 0 {
		kind = "search-word"
	}
	if kind == "search-word" && len(p.phrases) == 0 {
		kind = "search-category"
	}
	search := func(q string) string { return "/search?" + url.Values{"q": {q}}.Encode() }
	switch kind {
	case "dashboard":
		return kind, "/"
	case "doc":
		return kind, p.docs[r.IntN(len(p.docs))]
	case "search-word":
		w := p.phrases[r.IntN(len(p.phrases))]
		return kind, search(w[r.IntN(len(w))])
	case "search-words":
		w := p.phrases[r.IntN(len(p.phrases))]
		if len(w) < 2 {
			return "search-word", search(w[0])
		}
		j := r.IntN(len(w) - 1)
		return kind, search(w[j] + " " + w[j+1])
	case "search-entity":
		return kind, search(p.entities[r.IntN(len(p.entities))])
	default:
		c := vigie.Categories[r.IntN(len(vigie.Categories))]
		return "search-category", "/search?" + url.Values{"category": {c}, "risk": {"0.5"}}.Encode()
	}
}

// webClient is one logged-in client: its own session, sharing the
// transport (and so the connection pool) of the others.
type webClient struct {
	hc     *http.Client
	base   *url.URL
	cookie string
	buf    bytes.Buffer
	// noFacets: the last answer was a search page without its facet
	// counts (the server too busy to count; header Vigie-Facets).
	noFacets bool
}

// get requests path and reads the whole body into c.buf (valid until the
// next call). The duration covers sending the request and reading the body.
func (c *webClient) get(ctx context.Context, path string) (status int, d time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base.String()+path, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Cookie", web.SessionCookie+"="+c.cookie)
	c.buf.Reset()
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, time.Since(start), err
	}
	_, err = c.buf.ReadFrom(resp.Body)
	d = time.Since(start)
	resp.Body.Close()
	c.noFacets = resp.Header.Get("Vigie-Facets") == "skipped"
	return resp.StatusCode, d, err
}

// login opens a session for the client.
func (c *webClient) login(ctx context.Context, name, password string) error {
	form := url.Values{"name": {name}, "password": {password}, "next": {"/"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.String()+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("log in as %s: %w", name, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("log in as %s: status %d (want 303: wrong name or password, or a throttled address)", name, resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == web.SessionCookie && ck.Value != "" {
			c.cookie = ck.Value
			return c.statePurpose(ctx)
		}
	}
	return fmt.Errorf("log in as %s: no %s cookie in the answer", name, web.SessionCookie)
}

// statePurpose states the session's purpose, which document pages ask
// for, as a person does once after logging in.
func (c *webClient) statePurpose(ctx context.Context) error {
	form := url.Values{"reason": {"load test with vigie bench-web"}, "next": {"/"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.String()+"/purpose", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", web.SessionCookie+"="+c.cookie)
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("state a purpose: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("state a purpose: status %d (want 303: does the account's role read documents?)", resp.StatusCode)
	}
	return nil
}

// webSample is one counted request.
type webSample struct {
	kind   string
	path   string
	status int // 0 when no answer came
	d      time.Duration
	err    error
	// noFacets: a search page the server sent without its facets.
	noFacets bool
}

// webLine is one line of the report.
type webLine struct {
	Kind     string  `json:"kind"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	PerSec   float64 `json:"requests_per_s"`
}

// webReport is what bench-web prints (--json: one object).
type webReport struct {
	URL      string    `json:"url"`
	Clients  int       `json:"clients"`
	Warmup   float64   `json:"warmup_s"`
	Measured float64   `json:"measured_s"`
	All      webLine   `json:"all"`
	Search   webLine   `json:"search"` // every search-* kind together
	Kinds    []webLine `json:"kinds"`
	// NoFacets counts the search pages sent without their facet counts
	// (the server too busy to count them within its wait).
	NoFacets int      `json:"search_pages_without_facets"`
	Failures []string `json:"first_failures,omitempty"`
}

// maxFailures bounds the failures the report quotes.
const maxFailures = 5

func runBenchWeb(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench-web", "--user NAME [flags]", benchWebHelp)
	rawURL := fs.String("url", "http://127.0.0.1:8080", "base `URL` of the running vigie serve")
	user := fs.String("user", "", "account `name` to log in with (every client logs in with it)")
	stdinPW := fs.Bool("password-stdin", false, "read the password from one line of standard input (else env VIGIE_BENCH_PASSWORD)")
	clients := fs.Int("clients", 50, "number of concurrent `clients`")
	duration := fs.Duration("duration", 30*time.Second, "how long to measure, after the warm-up")
	requests := fs.Int("requests", 0, "stop after `n` counted requests instead of after --duration")
	warmup := fs.Duration("warmup", 5*time.Second, "time at the start whose requests are not counted")
	seed := fs.Uint64("seed", 1, "random `seed` of the mix")
	mixSpec := fs.String("mix", "", "weights of the kinds of request, such as `doc=1,search-word=1` (others 0); default dashboard=10,doc=40,search-word=20,search-words=10,search-entity=10,search-category=10")
	data := fs.String("data", "", "data `directory` of the server's embedded store, to draw words and contacts from it too")
	db := fs.String("db", "", "PostgreSQL `URL` of the server's store, to draw words and contacts from it too")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	bad := func(format string, a ...any) error {
		fmt.Fprintf(e.stderr, "vigie bench-web: "+format+"\n", a...)
		return errUsage
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	base, err := url.Parse(strings.TrimRight(*rawURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return bad("--url %q: want http://HOST:PORT", *rawURL)
	}
	switch {
	case *user == "":
		return bad("--user is required (an account of the server, role investigator or admin)")
	case *clients < 1:
		return bad("--clients %d: want at least 1", *clients)
	case *requests < 0:
		return bad("--requests %d: want 0 (use --duration) or more", *requests)
	case *requests == 0 && *duration <= 0:
		return bad("--duration %v: want more than 0", *duration)
	case *warmup < 0:
		return bad("--warmup %v: want 0 or more", *warmup)
	}
	mix := defaultWebMix
	if *mixSpec != "" {
		if mix, err = parseWebMix(*mixSpec); err != nil {
			return bad("--mix: %v", err)
		}
	}
	pw := os.Getenv("VIGIE_BENCH_PASSWORD")
	if *stdinPW {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("--password-stdin: no password on standard input")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if pw == "" {
		return bad("no password: give --password-stdin or set VIGIE_BENCH_PASSWORD")
	}
	opt := benchWebOptions{base: base, user: *user, password: pw, clients: *clients, duration: *duration,
		requests: *requests, warmup: *warmup, seed: *seed, mix: mix}
	pool := newWebPool(*seed)
	if *data != "" || *db != "" {
		if err := poolFromStore(ctx, pool, dataFlags{data: data, db: db}, *seed); err != nil {
			return err
		}
	}
	rep, err := benchWeb(ctx, opt, pool)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := json.NewEncoder(e.stdout).Encode(rep); err != nil {
			return err
		}
	} else {
		printWebReport(e.stdout, rep)
	}
	if rep.All.Errors > 0 {
		fmt.Fprintf(e.stderr, "vigie bench-web: %d of %d requests failed\n", rep.All.Errors, rep.All.Requests)
		for _, f := range rep.Failures {
			fmt.Fprintf(e.stderr, "  %s\n", f)
		}
		return errFound
	}
	return nil
}

// poolFromStore adds the words and the phone, handle and e-mail filters
// of documents sampled in the store.
func poolFromStore(ctx context.Context, pool *webPool, df dataFlags, seed uint64) error {
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	samples, err := st.Samples(ctx, 500, seed)
	if err != nil {
		return err
	}
	for _, sm := range samples {
		pool.addText(sm.Text)
		for _, en := range sm.Entities {
			switch en.Kind {
			case vigie.KindPhone, vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindEmail:
				pool.addEntity(string(en.Kind) + ":" + en.Value)
			}
		}
	}
	return nil
}

// newWebClients returns opt.clients clients sharing one transport; no
// client follows redirects (a page answering one has lost its session).
func newWebClients(opt benchWebOptions) []*webClient {
	tr := &http.Transport{
		Proxy:               nil, // loopback: never through a proxy
		MaxIdleConns:        2 * opt.clients,
		MaxIdleConnsPerHost: 2 * opt.clients,
		IdleConnTimeout:     90 * time.Second,
	}
	hc := &http.Client{
		Transport:     tr,
		Timeout:       2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	cs := make([]*webClient, opt.clients)
	for i := range cs {
		cs[i] = &webClient{hc: hc, base: opt.base}
	}
	return cs
}

// benchWeb logs the clients in, fills pool from the server's pages, runs
// the load and returns its report. Failed requests are in the report, not
// in the error, which is for a run that could not start.
func benchWeb(ctx context.Context, opt benchWebOptions, pool *webPool) (*webReport, error) {
	cs := newWebClients(opt)
	defer cs[0].hc.CloseIdleConnections()
	// The first login tells a wrong password before the others try it.
	if err := cs[0].login(ctx, opt.user, opt.password); err != nil {
		return nil, err
	}
	if err := discover(ctx, cs[0], pool); err != nil {
		return nil, err
	}
	// Logging in hashes the password (argon2id): a few at a time.
	var (
		wg    sync.WaitGroup
		sem   = make(chan struct{}, 4)
		errMu sync.Mutex
		first error
	)
	for _, c := range cs[1:] {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := c.login(ctx, opt.user, opt.password); err != nil {
				errMu.Lock()
				if first == nil {
					first = err
				}
				errMu.Unlock()
			}
		})
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}

	start := time.Now()
	counted := start.Add(opt.warmup)
	end := counted.Add(opt.duration)
	var claimed atomic.Int64
	samples := make([][]webSample, len(cs))
	for i, c := range cs {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(opt.seed, uint64(i)))
			for ctx.Err() == nil {
				now := time.Now()
				count := !now.Before(counted)
				if opt.requests > 0 {
					if count && claimed.Add(1) > int64(opt.requests) {
						return
					}
				} else if !now.Before(end) {
					return
				}
				kind, path := pool.next(r, opt.mix)
				status, d, err := c.get(ctx, path)
				if ctx.Err() != nil {
					return // interrupted: this request says nothing of the server
				}
				if err == nil && status == http.StatusOK && (kind == "dashboard" || strings.HasPrefix(kind, "search")) {
					pool.addDocs(docLinks(c.buf.Bytes()))
				}
				if count {
					samples[i] = append(samples[i], webSample{kind, path, status, d, err, c.noFacets})
				}
			}
		})
	}
	wg.Wait()
	measured := time.Since(counted)
	if measured < 0 {
		measured = 0
	}
	var all []webSample
	for _, s := range samples {
		all = append(all, s...)
	}
	return summarise(opt, all, measured), nil
}

// discover fills pool from the server's own pages: the documents of the
// dashboard and of a search per category, and the words and contacts of
// their snippets and of the first documents' pages.
func discover(ctx context.Context, c *webClient, pool *webPool) error {
	fetch := func(path string) (webPage, error) {
		status, _, err := c.get(ctx, path)
		if err != nil {
			return webPage{}, fmt.Errorf("discover %s: %w", path, err)
		}
		if status != http.StatusOK {
			return webPage{}, fmt.Errorf("discover %s: status %d (want 200: may the account search?)", path, status)
		}
		return parsePage(c.buf.Bytes()), nil
	}
	paths := []string{"/"}
	for _, cat := range vigie.Categories {
		paths = append(paths, "/search?"+url.Values{"category": {cat}}.Encode())
	}
	var docs []string
	for _, p := range paths {
		pg, err := fetch(p)
		if err != nil {
			return err
		}
		docs = append(docs, pg.Docs...)
		for _, t := range pg.Texts {
			pool.addText(t)
		}
	}
	pool.addDocs(docs)
	slices.Sort(docs)
	docs = slices.Compact(docs)
	for _, d := range docs[:min(len(docs), discoverDocs)] {
		pg, err := fetch(d)
		if err != nil {
			return err
		}
		for _, t := range pg.Texts {
			pool.addText(t)
		}
		for _, en := range pg.Entities {
			pool.addEntity(en)
		}
	}
	pool.mu.RLock()
	empty := len(pool.phrases) == 0 && len(pool.docs) == 0
	pool.mu.RUnlock()
	if empty {
		return errors.New("the server's dashboard and searches list no document to build requests from (is its store empty?)")
	}
	return nil
}

// webPage is what discovery reads in a page of vigie's web application.
type webPage struct {
	Docs     []string // "/doc/…" links
	Entities []string // search terms "kind:value" of "/entity/kind/value" links
	Texts    []string // snippets of results and a document's text
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// parsePage reads the document and entity links of a page and the text
// of its elements of class "snippet" (search results) or "text" (a
// document). It accepts any input.
func parsePage(b []byte) webPage {
	var pg webPage
	z := html.NewTokenizer(bytes.NewReader(b))
	depth := 0 // inside a text element: the depth of open elements in it
	var text strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if depth > 0 && text.Len() > 0 {
				pg.Texts = append(pg.Texts, text.String())
			}
			return pg
		case html.TextToken:
			if depth > 0 {
				text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.Data == "a" {
				for _, a := range t.Attr {
					if a.Key == "href" {
						pg.addLink(a.Val)
					}
				}
			}
			if tt == html.SelfClosingTagToken || voidElements[t.Data] {
				continue
			}
			if depth > 0 {
				depth++
				continue
			}
			for _, a := range t.Attr {
				if a.Key == "class" && slices.ContainsFunc(strings.Fields(a.Val), func(c string) bool { return c == "snippet" || c == "text" }) {
					depth = 1
					text.Reset()
				}
			}
		case html.EndTagToken:
			if depth > 0 {
				depth--
				if depth == 0 {
					pg.Texts = append(pg.Texts, text.String())
				}
			}
		}
	}
}

func (pg *webPage) addLink(href string) {
	switch {
	case strings.HasPrefix(href, "/doc/") && len(href) > len("/doc/") && !strings.ContainsAny(href, "?#"):
		pg.Docs = append(pg.Docs, href)
	case strings.HasPrefix(href, "/entity/"):
		kind, value, ok := strings.Cut(strings.TrimPrefix(href, "/entity/"), "/")
		if !ok || kind == "" || value == "" {
			return
		}
		k, err1 := url.PathUnescape(kind)
		v, err2 := url.PathUnescape(value)
		if err1 == nil && err2 == nil {
			pg.Entities = append(pg.Entities, k+":"+v)
		}
	}
}

// docLinks returns the targets of the href="/doc/…" attributes of a page,
// by a plain scan: cheaper than parsing, for every page of the run.
func docLinks(b []byte) []string {
	const pre = `href="/doc/`
	var out []string
	for {
		i := bytes.Index(b, []byte(pre))
		if i < 0 {
			return out
		}
		b = b[i+len(`href="`):]
		j := bytes.IndexByte(b, '"')
		if j < 0 {
			return out
		}
		if p := html.UnescapeString(string(b[:j])); len(p) > len("/doc/") && !strings.ContainsAny(p, "?#") {
			out = append(out, p)
		}
		b = b[j:]
	}
}

// summarise turns the counted requests into the report.
func summarise(opt benchWebOptions, all []webSample, measured time.Duration) *webReport {
	secs := measured.Seconds()
	line := func(kind string, ss []webSample) webLine {
		l := webLine{Kind: kind, Requests: len(ss)}
		if len(ss) == 0 {
			return l
		}
		ds := make([]time.Duration, len(ss))
		for i, s := range ss {
			ds[i] = s.d
			if s.err != nil || s.status != http.StatusOK {
				l.Errors++
			}
		}
		slices.Sort(ds)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		l.P50, l.P95, l.P99, l.Max = ms(percentile(ds, 50)), ms(percentile(ds, 95)), ms(percentile(ds, 99)), ms(ds[len(ds)-1])
		if secs > 0 {
			l.PerSec = float64(len(ss)) / secs
		}
		return l
	}
	rep := &webReport{URL: opt.base.String(), Clients: opt.clients, Warmup: opt.warmup.Seconds(), Measured: secs, All: line("all", all)}
	byKind := map[string][]webSample{}
	var search []webSample
	for _, s := range all {
		byKind[s.kind] = append(byKind[s.kind], s)
		if strings.HasPrefix(s.kind, "search") {
			search = append(search, s)
			if s.noFacets {
				rep.NoFacets++
			}
		}
		if (s.err != nil || s.status != http.StatusOK) && len(rep.Failures) < maxFailures {
			what := fmt.Sprintf("status %d", s.status)
			if s.err != nil {
				what = s.err.Error()
			}
			rep.Failures = append(rep.Failures, fmt.Sprintf("%s GET %s: %s", s.kind, s.path, what))
		}
	}
	rep.Search = line("search", search)
	for _, m := range defaultWebMix {
		rep.Kinds = append(rep.Kinds, line(m.kind, byKind[m.kind]))
	}
	return rep
}

func printWebReport(w io.Writer, rep *webReport) {
	fmt.Fprintf(w, "%s: %d clients, %.1f s measured after %.1f s of warm-up, %d requests, %d failed, %.1f requests/s\n",
		rep.URL, rep.Clients, rep.Measured, rep.Warmup, rep.All.Requests, rep.All.Errors, rep.All.PerSec)
	fmt.Fprintf(w, "%-16s %8s %6s %9s %9s %9s %9s %8s\n", "kind", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s")
	for _, l := range append([]webLine{rep.All, rep.Search}, rep.Kinds...) {
		fmt.Fprintf(w, "%-16s %8d %6d %9.2f %9.2f %9.2f %9.2f %8.1f\n", l.Kind, l.Requests, l.Errors, l.P50, l.P95, l.P99, l.Max, l.PerSec)
	}
	if rep.Search.Requests > 0 {
		fmt.Fprintf(w, "search pages without facet counts (server busy): %d of %d (%.1f %%)\n",
			rep.NoFacets, rep.Search.Requests, 100*float64(rep.NoFacets)/float64(rep.Search.Requests))
	}
}
