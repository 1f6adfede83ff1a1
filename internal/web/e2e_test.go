package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/vigie-project/vigie/internal/auth"
)

// The end-to-end test drives vigie's pages in a real headless Chromium, as
// a person would: it types into the forms, clicks, presses keys and reads
// what the page shows, and it fails on any error the browser reports
// (scripts, Content-Security-Policy, failed loads).

const (
	// stepTimeout bounds one step, so that a hung browser fails fast.
	stepTimeout = 20 * time.Second
	// browserTimeout bounds the whole browser test.
	browserTimeout = 2 * time.Minute
)

// browserCandidates are the names under which a Chromium is looked for on
// PATH when VIGIE_CHROMIUM is not set.
var browserCandidates = []string{"chromium", "chromium-browser", "google-chrome"}

// findBrowser returns the path of the browser to drive. It skips the test
// unless VIGIE_E2E or CI is set, or in short mode; under CI a missing
// browser fails the test, elsewhere it skips it.
func findBrowser(t *testing.T) string {
	t.Helper()
	ci := os.Getenv("CI") != ""
	if os.Getenv("VIGIE_E2E") == "" && !ci {
		t.Skip("browser test: set VIGIE_E2E=1 to run it in headless Chromium (CI runs it)")
	}
	if testing.Short() {
		t.Skip("browser test: skipped in short mode (it starts Chromium and takes seconds)")
	}
	if p := os.Getenv("VIGIE_CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("VIGIE_CHROMIUM=%q: %v", p, err)
		}
		return path
	}
	for _, name := range browserCandidates {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := fmt.Sprintf("browser test: none of %v on PATH and VIGIE_CHROMIUM not set (Debian: apt-get install chromium)", browserCandidates)
	if ci {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser is one headless Chromium serving the tabs of a test, and the
// directory where failing steps leave their screenshots.
type browser struct {
	root context.Context
	base string // the server's URL

	dirOnce sync.Once
	dir     string
	dirErr  error
}

// startBrowser starts the browser at path with a fresh profile; it stops
// when t's cleanups run.
func startBrowser(t *testing.T, path, base string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	if os.Geteuid() == 0 {
		// Chromium's sandbox refuses to run as root (CI does).
		opts = append(opts, chromedp.NoSandbox)
	}
	outer, cancelOuter := context.WithTimeout(context.Background(), browserTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(outer, opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelRoot()
		cancelAlloc()
		cancelOuter()
	})
	// The first action starts the browser and ties it to the context it is
	// given, so it gets the root context, bounded by a timer instead.
	timer := time.AfterFunc(stepTimeout, cancelAlloc)
	err := chromedp.Do(root)
	if !timer.Stop() {
		t.Fatalf("start %s: no answer within %v (%v)", path, stepTimeout, err)
	}
	if err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return &browser{root: root, base: base}
}

// artifacts returns the directory that keeps the screenshots of failing
// steps, making it on first use: VIGIE_E2E_ARTIFACTS, else a new directory
// under the system's temporary directory, which outlives the test.
func (b *browser) artifacts() (string, error) {
	b.dirOnce.Do(func() {
		b.dir = os.Getenv("VIGIE_E2E_ARTIFACTS")
		if b.dir == "" {
			b.dir = filepath.Join(os.TempDir(), "vigie-e2e-"+time.Now().Format("20060102-150405.000"))
		}
		b.dirErr = os.MkdirAll(b.dir, 0o755)
	})
	return b.dir, b.dirErr
}

// tab is a browser tab with its own cookies (a browser context of its
// own), and the errors its pages reported since the last step.
type tab struct {
	t    *testing.T
	b    *browser
	name string
	ctx  context.Context
	n    int // steps run

	mu     sync.Mutex
	errors []string
}

// newTab opens a tab named name (used in messages and file names) for t;
// it closes when t's cleanups run.
func (b *browser) newTab(t *testing.T, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, b: b, name: name, ctx: ctx}
	timer := time.AfterFunc(stepTimeout, cancel)
	err := chromedp.Listen(ctx, tb.listen)
	if !timer.Stop() {
		t.Fatalf("open tab %s: no answer within %v (%v)", name, stepTimeout, err)
	}
	if err != nil {
		t.Fatalf("open tab %s: %v", name, err)
	}
	return tb
}

// listen keeps the error-level messages of the tab's pages: console.error
// and failed console.assert calls, uncaught exceptions, and the browser's
// own error log (Content-Security-Policy violations, failed loads). It
// runs in chromedp's event loop, so it only appends.
func (tb *tab) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var args []string
		for _, a := range ev.Args {
			var str string
			switch {
			case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &str) == nil:
				args = append(args, str)
			case a.Description != "":
				args = append(args, a.Description)
			default:
				args = append(args, string(a.Value))
			}
		}
		msg = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "exception: " + d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		if d.URL != "" {
			msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("%s: %s", e.Source, e.Text)
		if e.URL != "" {
			msg += " (" + e.URL + ")"
		}
	default:
		return
	}
	tb.mu.Lock()
	tb.errors = append(tb.errors, msg)
	tb.mu.Unlock()
}

// takeErrors returns the errors kept since the last call and forgets them.
func (tb *tab) takeErrors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	e := tb.errors
	tb.errors = nil
	return e
}

// step runs f as one step named name, within stepTimeout. When f fails or
// the page reported an error, the test is marked failed, with the errors
// listed, and a full-page screenshot and the page's HTML are kept in the
// artifacts directory, named in the message. It reports whether f
// succeeded (errors in the browser do not stop the steps after it).
func (tb *tab) step(name string, f func(ctx context.Context) error) bool {
	tb.t.Helper()
	tb.n++
	start := time.Now()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	err := f(ctx)
	if err == nil {
		// A round trip after the page's last events, so that the
		// listener has seen them all.
		_, err = chromedp.Run(ctx, chromedp.Location())
	}
	tb.t.Logf("%s, step %q: %v", tb.name, name, time.Since(start).Round(time.Millisecond))
	errs := tb.takeErrors()
	if err == nil && len(errs) == 0 {
		return true
	}
	failed := err != nil
	kept := tb.keep(name)
	if err != nil {
		tb.t.Errorf("%s, step %q: %v\n%s", tb.name, name, err, kept)
	}
	if len(errs) > 0 {
		tb.t.Errorf("%s, step %q: %d error(s) in the browser:\n\t%s\n%s", tb.name, name, len(errs), strings.Join(errs, "\n\t"), kept)
	}
	return !failed
}

// must runs a step and ends the test when f fails: the steps after it
// depend on it.
func (tb *tab) must(name string, f func(ctx context.Context) error) {
	tb.t.Helper()
	if !tb.step(name, f) {
		tb.t.FailNow()
	}
}

// keep saves a full-page screenshot and the HTML of the tab's page for the
// step name, and says where.
func (tb *tab) keep(name string) string {
	dir, err := tb.b.artifacts()
	if err != nil {
		return fmt.Sprintf("(no screenshot kept: %v)", err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	base := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s", fileSafe(tb.name), tb.n, fileSafe(name)))
	var kept []string
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		kept = append(kept, "no screenshot: "+err.Error())
	} else if err := os.WriteFile(base+".png", png, 0o644); err != nil {
		kept = append(kept, "no screenshot: "+err.Error())
	} else {
		kept = append(kept, "screenshot "+base+".png")
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.outerHTML")); err != nil {
		kept = append(kept, "no HTML: "+err.Error())
	} else if err := os.WriteFile(base+".html", []byte(html), 0o644); err != nil {
		kept = append(kept, "no HTML: "+err.Error())
	} else {
		kept = append(kept, "HTML "+base+".html")
	}
	return "\tkept in " + dir + ": " + strings.Join(kept, "; ")
}

// fileSafe returns s with everything but ASCII letters and digits turned
// into hyphens.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, s)
}

// load runs the actions, which make the page navigate, waits for the new
// page and checks that it answered 200 at want (see at; anywhere when want
// is "").
func (tb *tab) load(ctx context.Context, want string, actions ...chromedp.Action[chromedp.Void]) error {
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		return err
	}
	if resp.Status != 200 {
		return fmt.Errorf("%s: status %d; want 200", resp.URL, resp.Status)
	}
	if want == "" {
		return nil
	}
	return tb.at(ctx, want)
}

// at checks that the tab shows the page at want: the same path, and each
// query parameter of want with the same value (others may follow).
func (tb *tab) at(ctx context.Context, want string) error {
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return err
	}
	got, err := url.Parse(loc)
	if err != nil {
		return fmt.Errorf("location %q: %w", loc, err)
	}
	w, err := url.Parse(want)
	if err != nil {
		return fmt.Errorf("want %q: %w", want, err)
	}
	ok := got.Path == w.Path
	for k, v := range w.Query() {
		ok = ok && got.Query().Get(k) == v[0]
	}
	if !ok {
		return fmt.Errorf("at %s; want %s", got.RequestURI(), want)
	}
	return nil
}

// logIn fills the login form shown by the tab as user name and submits it,
// landing on want (see at), or anywhere that answers 200 when want is "".
func (tb *tab) logIn(ctx context.Context, name, want string) error {
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("form.login")),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
	)
	if err != nil {
		return err
	}
	return tb.load(ctx, want, chromedp.Click(chromedp.CSS(`form.login button[type="submit"]`)))
}

// skipLinkFirst checks that the first Tab on the page focuses the skip
// link, shown on screen, and that following it moves the focus to the
// main content.
func skipLinkFirst(ctx context.Context) error {
	type focus struct {
		Skip    bool    `json:"skip"`
		Left    float64 `json:"left"`
		Element string  `json:"element"`
	}
	const where = `(() => { const e = document.activeElement; const r = e.getBoundingClientRect();
		return {skip: e.matches("a.skip"), left: r.left, element: e.outerHTML.slice(0, 80)}; })()`
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		return err
	}
	f, err := chromedp.Run(ctx, chromedp.Evaluate[focus](where))
	if err != nil {
		return err
	}
	if !f.Skip {
		return fmt.Errorf("the first Tab focuses %s; want the skip link", f.Element)
	}
	if f.Left < 0 {
		return fmt.Errorf("the focused skip link is off screen (left %v)", f.Left)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		return err
	}
	main, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.id === "main"`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || !main {
		return fmt.Errorf("Enter on the skip link leaves the focus elsewhere than <main> (%v)", err)
	}
	return nil
}

// TestBrowser uses vigie in headless Chromium as an investigator (log in,
// dashboard, search, a document with its indicators marked, a network's
// graph, log out) and as a first-line user (triage of a pasted text);
// each role logs in from the login page and follows every link of its
// menu. It checks keyboard use (the skip link) and fails on any error the
// browser reports. It runs when VIGIE_E2E or CI is set; a failing step leaves a
// screenshot and the page's HTML in VIGIE_E2E_ARTIFACTS, else in a
// vigie-e2e-* directory under the system's temporary directory.
func TestBrowser(t *testing.T) {
	// post1 is the text of post-1 in testServer.
	const post1 = "Passage Zuwara vers Lampedusa, 2500 euros par personne, paiement après l'arrivée, WhatsApp +32 470 12 34 56"
	path := findBrowser(t)
	ts, _ := testServer(t)
	b := startBrowser(t, path, ts.URL)

	t.Run("investigator", func(t *testing.T) {
		tb := b.newTab(t, "investigator")
		tb.must("anonymous visit goes to login", func(ctx context.Context) error {
			return tb.load(ctx, "/login?next=%2F", chromedp.Navigate(b.base+"/"))
		})
		tb.must("log in through the form", func(ctx context.Context) error {
			if err := tb.logIn(ctx, "investigator", "/"); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("figure.chart svg")))
		})
		tb.step("skip link on the dashboard", skipLinkFirst)
		tb.must("state why documents are read, as asked once per session", func(ctx context.Context) error {
			if err := tb.load(ctx, "/purpose?next=%2Fdoc%2Fpost-3", chromedp.Navigate(b.base+"/doc/post-3")); err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#reason"), "checking the browser tests")); err != nil {
				return err
			}
			return tb.load(ctx, "/doc/post-3", chromedp.Click(chromedp.CSS(`form.login[action="/purpose"] button[type="submit"]`)))
		})
		tb.step("add the document to a case and find it there", func(ctx context.Context) error {
			if err := tb.load(ctx, "/doc/post-3", chromedp.Click(chromedp.CSS(`form.addtocase button[type="submit"]`))); err != nil {
				return err
			}
			if err := tb.load(ctx, "/case/1", chromedp.Click(chromedp.CSS(`main a[href="/case/1"]`))); err != nil {
				return err
			}
			links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main a.doc")].map(a => a.getAttribute("href"))`))
			if err != nil {
				return err
			}
			if !slices.Contains(links, "/doc/post-3?case=1") {
				return fmt.Errorf("case page document links %q; want /doc/post-3?case=1", links)
			}
			return nil
		})
		tb.must("search for a word of a post", func(ctx context.Context) error {
			err := tb.load(ctx, "/search", chromedp.Click(chromedp.CSS(`header nav a[href="/search"]`)))
			if err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#q"), "Lampedusa")); err != nil {
				return err
			}
			err = tb.load(ctx, "/search?q=Lampedusa", chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)))
			if err != nil {
				return err
			}
			ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.results a.doc")].map(a => a.textContent)`))
			if err != nil {
				return err
			}
			if len(ids) != 1 || ids[0] != "post-1" {
				return fmt.Errorf("results %q; want [post-1]", ids)
			}
			return nil
		})
		tb.step("skip link on the search page", skipLinkFirst)
		tb.must("open the document with its indicators marked", func(ctx context.Context) error {
			err := tb.load(ctx, "/doc/post-1", chromedp.Click(chromedp.CSS(`ol.results a.doc[href="/doc/post-1"]`)))
			if err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("mark.indicator"))); err != nil {
				return err
			}
			type mark struct {
				Text  string `json:"text"`
				Title string `json:"title"`
			}
			marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]mark](`[...document.querySelectorAll("mark.indicator")].map(m => ({text: m.textContent, title: m.title}))`))
			if err != nil {
				return err
			}
			if len(marks) == 0 {
				return errors.New("no mark.indicator on the page")
			}
			for _, m := range marks {
				if m.Title == "" || m.Text == "" || !strings.Contains(post1, m.Text) {
					return fmt.Errorf("indicator %+v: want text of the post and an explanation in its title", m)
				}
			}
			return nil
		})
		tb.step("skip link on the document page", skipLinkFirst)
		tb.must("open a network and see its graph", func(ctx context.Context) error {
			if err := tb.load(ctx, "/networks", chromedp.Click(chromedp.CSS(`header nav a[href="/networks"]`))); err != nil {
				return err
			}
			if err := tb.load(ctx, "/network/2", chromedp.Click(chromedp.CSS(`main a[href="/network/2"]`))); err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("figure.chart svg"))); err != nil {
				return err
			}
			type graph struct {
				Width  float64  `json:"width"`
				Shapes int      `json:"shapes"`
				Links  []string `json:"links"`
				Text   string   `json:"text"`
			}
			g, err := chromedp.Run(ctx, chromedp.Evaluate[graph](`(() => { const s = document.querySelector("figure.chart svg");
				return {width: s.getBoundingClientRect().width, shapes: s.querySelectorAll("circle, rect, polygon").length,
					links: [...s.querySelectorAll("a")].map(a => a.getAttribute("href")), text: s.textContent}; })()`))
			if err != nil {
				return err
			}
			var docs int
			for _, l := range g.Links {
				if l == "/doc/post-2" || l == "/doc/post-4" {
					docs++
				}
			}
			if g.Width < 100 || g.Shapes < 3 || docs != 2 || !strings.Contains(g.Text, "agency_jobs") {
				return fmt.Errorf("graph %+v; want it drawn, with at least 3 nodes, links to post-2 and post-4 and the handle agency_jobs", g)
			}
			return nil
		})
		tb.step("skip link on the network page", skipLinkFirst)
		tb.must("log out", func(ctx context.Context) error {
			return tb.load(ctx, "/login", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
		})
		tb.must("a protected page sends to login", func(ctx context.Context) error {
			return tb.load(ctx, "/login?next=%2Fsearch%3Fq%3DLampedusa", chromedp.Navigate(b.base+"/search?q=Lampedusa"))
		})
		tb.step("logging in again goes back to that page", func(ctx context.Context) error {
			if err := tb.logIn(ctx, "investigator", "/search?q=Lampedusa"); err != nil {
				return err
			}
			return chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`ol.results a.doc[href="/doc/post-1"]`)))
		})
	})

	t.Run("triage", func(t *testing.T) {
		tb := b.newTab(t, "triage")
		tb.must("log in from the triage page", func(ctx context.Context) error {
			if err := tb.load(ctx, "/login?next=%2Ftriage", chromedp.Navigate(b.base+"/triage")); err != nil {
				return err
			}
			return tb.logIn(ctx, "triage", "/triage")
		})
		tb.step("skip link on the triage page", skipLinkFirst)
		const pasted = "Départ de Zuwara vers Lampedusa chaque semaine, 2500 € par personne, paiement après l'arrivée, places limitées"
		tb.must("triage a pasted text", func(ctx context.Context) error {
			err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#text"), pasted))
			if err != nil {
				return err
			}
			if err := tb.load(ctx, "/triage", chromedp.Click(chromedp.CSS(`form.triage button[type="submit"]`))); err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("section.verdict"))); err != nil {
				return err
			}
			type verdict struct {
				Class string `json:"class"`
				Title string `json:"title"`
				Signs int    `json:"signs"`
				Kept  string `json:"kept"`
			}
			v, err := chromedp.Run(ctx, chromedp.Evaluate[verdict](`(() => { const s = document.querySelector("section.verdict");
				return {class: s.className, title: s.querySelector("h2").textContent, signs: s.querySelectorAll(".checklist li").length,
					kept: document.querySelector("#text").value}; })()`))
			if err != nil {
				return err
			}
			if !strings.Contains(v.Class, "verdict-high") || !strings.Contains(v.Title, "Several strong signs") || v.Signs == 0 {
				return fmt.Errorf("verdict %+v; want a high verdict with its signs listed", v)
			}
			if v.Kept != pasted {
				return fmt.Errorf("the text box holds %q after the verdict; want the pasted text", v.Kept)
			}
			return nil
		})
		tb.step("the menu offers triage, not search", func(ctx context.Context) error {
			links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("header nav a")].map(a => a.getAttribute("href"))`))
			if err != nil {
				return err
			}
			if !strings.Contains(strings.Join(links, " "), "/triage") || strings.Contains(strings.Join(links, " "), "/search") {
				return fmt.Errorf("menu links %q; want /triage and no /search", links)
			}
			return nil
		})
		tb.step("choose French on the account page", func(ctx context.Context) error {
			if err := tb.load(ctx, "/account", chromedp.Click(chromedp.CSS(`header nav a.who`))); err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#lang"), "fr")); err != nil {
				return err
			}
			if err := tb.load(ctx, "/account", chromedp.Click(chromedp.CSS(`form[action="/account/language"] button`))); err != nil {
				return err
			}
			lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang + " " + document.querySelector("h1").textContent`))
			if err != nil {
				return err
			}
			if lang != "fr Votre compte" {
				return fmt.Errorf("page language and title %q; want fr Votre compte", lang)
			}
			return nil
		})
		tb.must("log out", func(ctx context.Context) error {
			return tb.load(ctx, "/login", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
		})
	})

	// Every role logs in from the login page, as one does after logging
	// out, and follows each link of its menu: each page answers 200,
	// reports no error and starts with the skip link.
	for _, r := range auth.Roles() {
		t.Run("menu of "+r.String(), func(t *testing.T) {
			tb := b.newTab(t, "menu-"+r.String())
			// Not must: a landing page that fails still leaves the
			// session open and the menu to follow.
			tb.step("log in from the login page to a page of the role", func(ctx context.Context) error {
				if err := tb.load(ctx, "/login", chromedp.Navigate(b.base+"/login")); err != nil {
					return err
				}
				return tb.logIn(ctx, r.String(), "")
			})
			var links []string
			tb.must("read the menu", func(ctx context.Context) error {
				var err error
				links, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll("header nav a")].map(a => a.getAttribute("href")))]`))
				if err == nil && len(links) < 2 {
					err = fmt.Errorf("menu links %q; want the brand and at least one page", links)
				}
				return err
			})
			for _, href := range links {
				want := href
				if href == "/" {
					want = "" // the brand may lead to the role's own first page
				}
				tb.step("follow "+href, func(ctx context.Context) error {
					if err := tb.load(ctx, want, chromedp.Click(chromedp.CSS(`header nav a[href="`+href+`"]`))); err != nil {
						return err
					}
					return skipLinkFirst(ctx)
				})
			}
		})
	}
}
