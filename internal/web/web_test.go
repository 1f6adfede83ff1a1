package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/network"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/training"
	"github.com/vigie-project/vigie/internal/vigie"
)

const testPassword = "correct horse battery"

// testServer returns a server on a new SQLite store holding one account
// per role (named after it), a disabled investigator "gone", and a few
// analysed posts.
func testServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range auth.Roles() {
		if _, err := st.AddUser(ctx, store.User{Name: r.String(), Role: r.String(), PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	st.AddUser(ctx, store.User{Name: "gone", Role: "investigator", PasswordHash: hash})
	yes := true
	if err := st.UpdateUser(ctx, "gone", "", "", "", &yes); err != nil {
		t.Fatal(err)
	}
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	var items []store.Item
	for i, text := range []string{
		"Passage Zuwara vers Lampedusa, 2500 euros par personne, paiement après l'arrivée, WhatsApp +32 470 12 34 56",
		"Looking for girls for modelling work abroad, no experience, travel and visa paid, contact telegram @agency_jobs",
		"Bonjour, rendez-vous demain à la bibliothèque pour le club de lecture",
		"Agency casting abroad for hostesses, visa and flight paid, write to telegram @agency_jobs today",
	} {
		d := vigie.Document{ID: "post-" + string(rune('1'+i)), Source: "test", Text: text}
		an, folded := a.AnalyzeFolded(analyze.Input{Text: d.Text})
		items = append(items, store.Item{Doc: d, Analysis: an, Folded: folded})
	}
	run, _ := st.BeginRun(ctx, "test")
	if _, _, err := st.Add(ctx, run, items); err != nil {
		t.Fatal(err)
	}
	// Link them as an ingest does: post-2 and post-4 share a handle.
	l := network.NewLinker(network.Config{})
	if err := st.EachIdentifier(ctx, network.Kinds(), func(doc int64, kind vigie.EntityKind, value string) error {
		if id, ok := network.IdentOf(kind, value); ok {
			l.Add(doc, id)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var recs []store.NetworkRecord
	for _, n := range l.Link().Networks {
		rec := store.NetworkRecord{Documents: n.Documents}
		for _, k := range n.Links {
			rec.Links = append(rec.Links, store.NetworkLink{Class: k.Ident.Class, Value: k.Ident.Value, Documents: k.Docs})
		}
		recs = append(recs, rec)
	}
	if len(recs) != 1 {
		t.Fatalf("%d networks in the test posts; want 1", len(recs))
	}
	if err := st.ReplaceNetworks(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	// Case 1, of the investigator, holding post-1.
	inv, _ := st.UserByName(ctx, "investigator")
	caseID, err := st.CreateCase(ctx, "Crossings", []string{"boats"}, inv.ID)
	if err != nil || caseID != 1 {
		t.Fatalf("CreateCase = %d, %v", caseID, err)
	}
	if err := st.AddCaseDocument(ctx, store.Viewer{UserID: inv.ID}, caseID, "post-1"); err != nil {
		t.Fatal(err)
	}
	srv, err := New(st, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, st
}

// client returns an HTTP client that keeps cookies and does not follow
// redirects, logged in as name when name is not empty.
func client(t *testing.T, ts *httptest.Server, name string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if name == "" {
		return c
	}
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {name}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s: status %d", name, resp.StatusCode)
	}
	// Those who may read documents state why, once per session, as the
	// pages ask (TestPurpose checks the asking); others may not.
	resp, err = c.PostForm(ts.URL+"/purpose", url.Values{"reason": {"testing the web application"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusForbidden {
		t.Fatalf("purpose of %s: status %d", name, resp.StatusCode)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestAuthorisationMatrix requests every route as every role and
// anonymously: each role gets exactly what its permissions allow, and an
// anonymous request never sees a document.
func TestAuthorisationMatrix(t *testing.T) {
	ts, _ := testServer(t)
	srv := ts.Config.Handler.(*Server)
	clients := map[string]*http.Client{"anonymous": client(t, ts, "")}
	for _, r := range auth.Roles() {
		clients[r.String()] = client(t, ts, r.String())
	}
	paths := map[string]string{"GET /{$}": "/", "GET /search": "/search?q=zuwara", "GET /login": "/login",
		"GET /doc/{id}": "/doc/post-1", "GET /triage": "/triage", "GET /training": "/training", "GET /training/quiz": "/training/quiz",
		"GET /statistics": "/statistics", "GET /statistics.csv": "/statistics.csv",
		"GET /networks": "/networks", "GET /network/{id}": "/network/2", "GET /entity/{kind}/{value}": "/entity/whatsapp/+32470123456",
		"GET /ingest": "/ingest", "GET /ingest/{job}": "/ingest/nope", "GET /doc/{id}/media/{n}": "/doc/post-1/media/0",
		"GET /account": "/account", "GET /admin/users": "/admin/users", "GET /cases": "/cases", "GET /case/{id}": "/case/1",
		"GET /watchlist": "/watchlist", "GET /purpose": "/purpose", "GET /admin/audit": "/admin/audit",
		"GET /case/{id}/export": "/case/1/export"}
	for _, rt := range srv.Routes() {
		if !strings.HasPrefix(rt.pattern, "GET ") {
			continue
		}
		path, ok := paths[rt.pattern]
		if !ok {
			t.Fatalf("route %s has no test path", rt.pattern)
		}
		for who, c := range clients {
			code, body := get(t, c, ts.URL+path)
			var want int
			switch {
			case rt.open && rt.pattern == "GET /login" && who != "anonymous":
				want = http.StatusSeeOther // already logged in
			case rt.open:
				want = http.StatusOK
			case who == "anonymous":
				want = http.StatusSeeOther // to the login page
			default:
				role, _ := auth.ParseRole(who)
				want = map[bool]int{true: http.StatusOK, false: http.StatusForbidden}[rt.allows(role)]
				if path == "/" && !role.Can(auth.Search) {
					want = http.StatusSeeOther // to the role's first page
				}
				if want == http.StatusOK && (path == "/ingest/nope" || path == "/doc/post-1/media/0" || path == "/case/1/export") {
					want = http.StatusNotFound // allowed, but no such job or picture
				}
			}
			if code != want {
				t.Errorf("%s %s: status %d; want %d", who, path, code, want)
			}
			if code != http.StatusOK && (strings.Contains(body, "Zuwara") || strings.Contains(body, "agency_jobs")) {
				t.Errorf("%s %s: status %d shows a document", who, path, code)
			}
		}
	}
	// Unknown addresses are 404 for everyone; POST without a session is 401.
	for who, c := range clients {
		if code, _ := get(t, c, ts.URL+"/nowhere"); code != http.StatusNotFound {
			t.Errorf("%s /nowhere: status %d; want 404", who, code)
		}
		// POST routes (actions): anonymous 401, a role without the
		// permission 403, else the action runs (a form it may refuse).
		for _, rt := range srv.Routes() {
			path, ok := strings.CutPrefix(rt.pattern, "POST ")
			if !ok || rt.open {
				continue
			}
			resp, err := c.PostForm(ts.URL+path, url.Values{"text": {"Passage Zuwara Lampedusa 2500 euros par personne"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			allowed := false
			if who != "anonymous" {
				role, _ := auth.ParseRole(who)
				allowed = rt.allows(role)
			}
			switch got := resp.StatusCode; {
			case who == "anonymous" && got != http.StatusUnauthorized,
				who != "anonymous" && !allowed && got != http.StatusForbidden,
				allowed && (got == http.StatusUnauthorized || got == http.StatusForbidden):
				t.Errorf("%s POST %s: status %d (allowed %v)", who, path, got, allowed)
			}
		}
	}
}

// TestLoginLogout checks the session's life: the cookie's attributes,
// wrong passwords, a disabled account, logout ending the session on the
// server, and where the login page sends back to.
func TestLoginLogout(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "")
	for _, form := range []url.Values{
		{"name": {"investigator"}, "password": {"wrong"}},
		{"name": {"nobody"}, "password": {testPassword}},
		{"name": {"gone"}, "password": {testPassword}},
	} {
		resp, err := c.PostForm(ts.URL+"/login", form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "Wrong name or password") || len(resp.Cookies()) != 0 {
			t.Errorf("login %v: status %d, cookies %v", form, resp.StatusCode, resp.Cookies())
		}
	}
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {"investigator"}, "password": {testPassword}, "next": {"/search?q=x"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/search?q=x" {
		t.Errorf("login: status %d to %q", resp.StatusCode, loc)
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == SessionCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Fatalf("session cookie %+v; want HttpOnly, SameSite=Lax, Path=/", cookie)
	}
	if code, _ := get(t, c, ts.URL+"/"); code != http.StatusOK {
		t.Fatalf("dashboard after login: %d", code)
	}
	resp, err = c.Post(ts.URL+"/logout", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The old cookie no longer opens anything, even replayed by hand.
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: SessionCookie, Value: cookie.Value})
	resp, err = client(t, ts, "").Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed cookie after logout: status %d; want a redirect to login", resp.StatusCode)
	}
	// A next address elsewhere is not followed.
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q; want /", next, got)
		}
	}
}

// TestLoginThrottled checks that repeated failures slow the name down
// (429 with Retry-After) even with the right password, and that the
// throttle lifts with time.
func TestLoginThrottled(t *testing.T) {
	ts, _ := testServer(t)
	srv := ts.Config.Handler.(*Server)
	clock := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	srv.opt.Now = func() time.Time { return clock }
	c := client(t, ts, "")
	post := func(pw string) *http.Response {
		resp, err := c.PostForm(ts.URL+"/login", url.Values{"name": {"admin"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for range 5 {
		post("wrong")
	}
	post("wrong") // the sixth failure starts the waiting
	resp := post(testPassword)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after 6 failures: status %d, Retry-After %q; want 429 with it", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	clock = clock.Add(time.Hour)
	if resp := post(testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("an hour later: status %d; want to be let in", resp.StatusCode)
	}
}

// TestCrossOriginPost checks that a form posted from another site is
// refused (CSRF).
func TestCrossOriginPost(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "investigator")
	req, _ := http.NewRequest("POST", ts.URL+"/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site logout: status %d; want 403", resp.StatusCode)
	}
	if code, _ := get(t, c, ts.URL+"/"); code != http.StatusOK {
		t.Errorf("the session ended through a cross-site post")
	}
}

// TestPages checks what the pages show: counts and recent high-risk posts
// on the dashboard, search results with filters, escaping, security
// headers and the French interface.
func TestPages(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "investigator")
	code, body := get(t, c, ts.URL+"/")
	if code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "post-1") || strings.Contains(body, "post-3") {
		t.Errorf("dashboard: %d; want the chart and the high-risk post-1, not the harmless post-3:\n%.1500s", code, body)
	}
	code, body = get(t, c, ts.URL+"/search?q=telegram:@agency_jobs")
	if code != 200 || !strings.Contains(body, "post-2") || strings.Contains(body, "post-1") {
		t.Errorf("search by handle: %d\n%.1500s", code, body)
	}
	code, body = get(t, c, ts.URL+"/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
	if code != 200 || strings.Contains(body, "<script>") {
		t.Errorf("search echoes a script unescaped: %d", code)
	}
	code, body = get(t, c, ts.URL+"/search?lang=en&source=test")
	if code != 200 || !strings.Contains(body, "post-2") || strings.Contains(body, `href="/doc/post-1"`) {
		t.Errorf("search by language and source: %d\n%.1500s", code, body)
	}
	if code, body = get(t, c, ts.URL+"/search?source=elsewhere"); code != 200 || !strings.Contains(body, "No document matches") {
		t.Errorf("search of another source: %d", code)
	}
	for _, bad := range []string{"/search?q=phone:12", "/search?category=nope", "/search?risk=2", "/search?from=yesterday", "/search?lang=French"} {
		if code, body := get(t, c, ts.URL+bad); code != 400 || !strings.Contains(body, "cannot be run") {
			t.Errorf("%s: %d; want 400 with the reason", bad, code)
		}
	}
	resp, err := c.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("security headers: %v", resp.Header)
	}
	fr := client(t, ts, "")
	req, _ := http.NewRequest("GET", ts.URL+"/login", nil)
	req.Header.Set("Accept-Language", "fr-BE,fr;q=0.9,en;q=0.5")
	resp, err = fr.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Se connecter") || !strings.Contains(string(b), `lang="fr"`) {
		t.Errorf("login page in French: %.800s", b)
	}
	req, _ = http.NewRequest("GET", ts.URL+"/login", nil)
	req.Header.Set("Accept-Language", "nl-BE")
	if resp, err = fr.Do(req); err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Inloggen") || !strings.Contains(string(b), `lang="nl"`) {
		t.Errorf("login page in Dutch: %.800s", b)
	}
	if code, body := get(t, c, ts.URL+"/static/vigie.css"); code != 200 || !strings.Contains(body, "--accent") {
		t.Errorf("stylesheet: %d", code)
	}
}

// unknownKey is how a message key without a message is written.
var unknownKey = regexp.MustCompile(`\[[a-zA-Z]+\]`)

// TestMessages checks that every key the templates use has an English
// message, and every language the same keys.
func TestMessages(t *testing.T) {
	for lang, m := range messages {
		for k := range messages["en"] {
			if _, ok := m[k]; !ok && lang != "en" && k != "appName" {
				t.Errorf("%s lacks message %q", lang, k)
			}
		}
		for k := range m {
			if _, ok := messages["en"][k]; !ok {
				t.Errorf("%s has message %q that English lacks", lang, k)
			}
		}
	}
}

// TestDocumentAndTriagePages checks the document page (the text with its
// indicators marked and explained, the captured original, a 404 for an
// unknown id) and triage (a verdict and checklist for a pasted text, and
// nothing stored).
func TestDocumentAndTriagePages(t *testing.T) {
	ts, st := testServer(t)
	c := client(t, ts, "investigator")
	code, body := get(t, c, ts.URL+"/doc/post-1")
	if code != 200 || !strings.Contains(body, `<mark class="indicator"`) || !strings.Contains(body, "Captured original") ||
		!strings.Contains(body, `href="/entity/whatsapp/&#43;32470123456"`) {
		t.Errorf("document page: %d\n%.3000s", code, body)
	}
	if code, _ := get(t, c, ts.URL+"/doc/nope"); code != 404 {
		t.Errorf("unknown document: %d; want 404", code)
	}
	before, _ := st.Count(context.Background())
	tri := client(t, ts, "triage")
	for _, tc := range []struct{ text, want string }{
		{"Départ de Zuwara vers Lampedusa chaque semaine, 2500 € par personne, paiement après l'arrivée, places limitées", "Several strong signs"},
		{"Bonjour, le club de lecture se réunit jeudi à la bibliothèque.", "No sign that vigie knows of"},
	} {
		resp, err := tri.PostForm(ts.URL+"/triage", url.Values{"text": {tc.text}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), tc.want) {
			t.Errorf("triage %q: %d; want %q\n%.2000s", tc.text, resp.StatusCode, tc.want, b)
		}
	}
	resp, _ := tri.PostForm(ts.URL+"/triage", url.Values{"text": {"  "}})
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("empty triage: %d; want 400", resp.StatusCode)
	}
	resp, _ = tri.PostForm(ts.URL+"/triage", url.Values{"text": {strings.Repeat("x", maxTriageText+10000)}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("huge triage: %d; want 413", resp.StatusCode)
	}
	if after, _ := st.Count(context.Background()); after != before {
		t.Errorf("triage stored documents: %d before, %d after", before, after)
	}
	// The triage user sees only triage in the menu.
	_, body = get(t, tri, ts.URL+"/triage")
	if strings.Contains(body, `href="/search"`) || !strings.Contains(body, `href="/triage"`) {
		t.Errorf("triage menu offers search or lacks triage")
	}
}

// TestTraining takes the self-test as a first-line user: the questions
// do not give their answers away, the answers are scored from the seed
// the form carries, and the guide shows every category.
func TestTraining(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "triage")
	code, body := get(t, c, ts.URL+"/training?lang=nl")
	if code != 200 || strings.Count(body, `<section id="`) != len(vigie.Categories) || !strings.Contains(body, `lang="nl"`) {
		t.Errorf("guide in Dutch: %d, %d sections", code, strings.Count(body, `<section id="`))
	}
	code, body = get(t, c, ts.URL+"/training/quiz?lang=en")
	m := regexp.MustCompile(`name="seed" value="(\d+)"`).FindStringSubmatch(body)
	if code != 200 || m == nil {
		t.Fatalf("quiz: %d, no seed", code)
	}
	seed, _ := strconv.ParseUint(m[1], 10, 64)
	qs := training.Quiz("en", seed, quizLength)
	if len(qs) != quizLength {
		t.Fatalf("%d questions", len(qs))
	}
	form := url.Values{"seed": {m[1]}, "lang": {"en"}}
	for i, q := range qs {
		if strings.Contains(body, q.Explanation) {
			t.Errorf("question %d: the page gives its explanation away before the answer", i)
		}
		if i < 7 {
			form.Set("q"+strconv.Itoa(i), q.Answer)
		}
	}
	resp, err := c.PostForm(ts.URL+"/training/quiz", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "7 right out of 9") {
		t.Errorf("score: %d\n%.1500s", resp.StatusCode, b)
	}
	resp, _ = c.PostForm(ts.URL+"/training/quiz", url.Values{"seed": {"x"}})
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("bad seed: %d; want 400", resp.StatusCode)
	}
}

// TestStatisticsPage checks what an analyst sees: counts in tables and a
// chart, small cells hidden, no document text or identifier, and the CSV.
func TestStatisticsPage(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "analyst")
	code, body := get(t, c, ts.URL+"/statistics")
	if code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "&lt;5") || !strings.Contains(body, "No contact recurs often enough") {
		t.Errorf("statistics: %d\n%.2000s", code, body)
	}
	for _, secret := range []string{"Zuwara", "agency_jobs", "post-1", "+32470123456"} {
		if strings.Contains(body, secret) {
			t.Errorf("statistics page shows %q", secret)
		}
	}
	code, body = get(t, c, ts.URL+"/statistics.csv")
	if code != 200 || !strings.HasPrefix(body, "category,month,language,platform,documents\n") || !strings.Contains(body, ",<5\n") {
		t.Errorf("statistics.csv: %d\n%s", code, body)
	}
}

// TestNetworkPage checks the network page: the graph with both posts and
// the handle that links them, each a link, and the list of networks.
func TestNetworkPage(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "investigator")
	code, body := get(t, c, ts.URL+"/network/2")
	if code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, `href="/doc/post-4"`) ||
		!strings.Contains(body, `telegram:agency_jobs`) {
		t.Errorf("network page: %d\n%.3000s", code, body)
	}
	for _, bad := range []string{"/network/999", "/network/x", "/network/-1"} {
		if code, _ := get(t, c, ts.URL+bad); code != 404 {
			t.Errorf("%s: %d; want 404", bad, code)
		}
	}
	code, body = get(t, c, ts.URL+"/networks")
	if code != 200 || !strings.Contains(body, `href="/network/2"`) {
		t.Errorf("networks: %d\n%.1500s", code, body)
	}
	code, body = get(t, c, ts.URL+"/doc/post-2")
	if code != 200 || !strings.Contains(body, `href="/network/2"`) {
		t.Errorf("document page does not link its network: %d", code)
	}
}

// TestEntityPage checks the page of a contact: the posts that give it,
// the other identifiers given with it, and that a number typed in a
// national format finds the same entity.
func TestEntityPage(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "investigator")
	code, body := get(t, c, ts.URL+"/entity/telegram/agency_jobs")
	if code != 200 || !strings.Contains(body, `href="/doc/post-2"`) || !strings.Contains(body, `href="/doc/post-4"`) ||
		!strings.Contains(body, "In 2 documents") {
		t.Errorf("entity page: %d\n%.2000s", code, body)
	}
	if code, body := get(t, c, ts.URL+"/entity/whatsapp/0470%2012%2034%2056"); code != 200 || !strings.Contains(body, `href="/doc/post-1"`) {
		t.Errorf("entity page by national number: %d", code)
	}
	for _, bad := range []string{"/entity/telegram/nobody_here", "/entity/zzz/1", "/entity/phone/12"} {
		if code, _ := get(t, c, ts.URL+bad); code != 404 && code != 400 {
			t.Errorf("%s: %d; want 404 or 400", bad, code)
		}
	}
}

// TestSearchFacets checks the counts beside a search's results and that
// each leads to the search narrowed to it; the API gives them on asking.
func TestSearchFacets(t *testing.T) {
	ts, st := testServer(t)
	c := client(t, ts, "investigator")
	code, body := get(t, c, ts.URL+"/search?q=agency")
	if code != 200 || !strings.Contains(body, `<aside class="facets"`) || !strings.Contains(body, "Counts of the 2 documents found.") {
		t.Fatalf("search with facets: %d\n%.3000s", code, body)
	}
	for _, want := range []string{
		`<a href="/search?lang=en&amp;q=agency">en</a> <span class="num">2</span>`,
		`<a href="/search?q=agency&amp;source=test">test</a> <span class="num">2</span>`,
		`<a href="/search?q=agency&#43;telegram%3Aagency_jobs">telegram:agency_jobs</a> <span class="num">2</span>`,
		`<a href="/search?q=agency&amp;risk=0.5">50–70 %</a> <span class="num">2</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("facets lack %s\n%.4000s", want, body[strings.Index(body, `<aside`):])
		}
	}
	code, body = get(t, c, ts.URL+"/search?q=agency&lang=en")
	if code != 200 || !strings.Contains(body, `<strong aria-current="true">en</strong>`) {
		t.Errorf("the language searched is not marked: %d", code)
	}
	token := tokenFor(t, st, "investigator")
	code, v := apiDo(t, "GET", ts.URL+"/api/v1/search?q=agency&facets=true", token, "")
	f, _ := v["facets"].(map[string]any)
	if code != 200 || f == nil || f["counted"] != float64(2) {
		t.Errorf("API search with facets: %d %v", code, v)
	}
	if _, v := apiDo(t, "GET", ts.URL+"/api/v1/search?q=agency", token, ""); v["facets"] != nil {
		t.Error("API search gives facets unasked")
	}
}
