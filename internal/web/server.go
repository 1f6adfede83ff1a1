// Package web is vigie's web application (vigie serve): server-rendered
// pages from html/template with embedded assets, working offline, for
// investigators, first-line users (triage and training) and analysts
// (statistics). Accounts, sessions and roles come from package auth and
// the store; every route states the permission it needs, and anonymous
// requests never see data.
package web

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/evidence"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/training"
	"github.com/vigie-project/vigie/internal/vigie"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// SessionCookie is the name of the cookie that carries a session's
// secret.
const SessionCookie = "vigie_session"

// SessionLength is how long a session lasts after logging in.
const SessionLength = 12 * time.Hour

// Options configure a Server.
type Options struct {
	// Secure marks session cookies Secure: set it when vigie is served
	// over TLS (directly or behind a proxy that terminates it).
	Secure bool
	// Region is the default region for reading phone numbers in
	// searches (ISO 3166 alpha-2).
	Region string
	// Now is the clock (time.Now when nil); tests set it.
	Now func() time.Time
	// Log receives one line per error the user does not see in full
	// (slog.Default when nil).
	Log *slog.Logger
	// Ingest runs an ingest for the ingest page, and UploadDir holds
	// uploaded files while they are ingested; without them the page
	// says ingest is off.
	Ingest    IngestFunc
	UploadDir string
	// Evidence is the evidence store, from which pictures attached to
	// documents are shown; without it they are only listed.
	Evidence *evidence.Store
	// FetchPage fetches a web page and reads its documents, as ingest
	// would, keeping nothing, for the triage of a URL; without it triage
	// takes pasted texts only. It must refuse the addresses of this
	// machine and its private networks (capture.Fetcher.PublicOnly,
	// failing with capture.ErrNotPublic) unless the administrator allowed
	// them.
	FetchPage func(ctx context.Context, url string) ([]vigie.Document, error)
	// CaseKey is the instance key that signs case exports; without it
	// (or without Evidence) cases are not exported from the pages.
	CaseKey ed25519.PrivateKey
	// PrivateURLs lets addresses typed in the pages (webhooks) name this
	// machine and private networks; they are refused otherwise.
	PrivateURLs bool
}

// Server serves the web application from a store.
type Server struct {
	st      *store.Store
	opt     Options
	limiter *auth.Limiter
	book    *rules.Book
	// analyzer analyses triage texts; it is safe for concurrent use.
	analyzer *analyze.Analyzer
	pages    map[string]map[string]*template.Template // language → page → template
	jobs     jobs
	stats    statsCache
	// contactStats keeps the analysts' pseudonymised contact counts.
	contactStats contactCache
	// facetSlots bounds the facet counts running at once (see
	// searchFacets).
	facetSlots chan struct{}
	handler    http.Handler
}

// New returns the Server of st.
func New(st *store.Store, opt Options) (*Server, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Region == "" {
		opt.Region = "BE"
	}
	if err := training.Check(); err != nil {
		return nil, err
	}
	lim, err := auth.NewLimiter(auth.DefaultLimiterConfig())
	if err != nil {
		return nil, err
	}
	book := rules.Default()
	s := &Server{st: st, opt: opt, limiter: lim, book: book, analyzer: analyze.New(book, opt.Region, analyze.DefaultThreshold)}
	s.facetSlots = make(chan struct{}, facetConcurrency)
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// route is one page or action: its pattern, who may use it and its
// handler. An open route is for anyone, logged in or not; otherwise a
// route is for the roles that have the permission it needs, or, when it
// needs none, for every logged-in user (their own account).
type route struct {
	pattern string
	need    auth.Permission
	open    bool
	// sensitive: the page shows people's data and needs a purpose
	// (purposeOf); without one, the user is asked for it first.
	sensitive bool
	h         func(w http.ResponseWriter, r *http.Request, u *store.User)
}

// allows reports whether a logged-in user of role may use rt.
func (rt route) allows(role auth.Role) bool {
	return rt.open || rt.need == 0 || role.Can(rt.need)
}

// Routes returns every route with the permission it needs, for the
// authorisation tests and the documentation.
func (s *Server) Routes() []route {
	return []route{
		{pattern: "GET /login", open: true, h: s.loginPage},
		{pattern: "POST /login", open: true, h: s.login},
		{pattern: "POST /logout", open: true, h: s.logout},
		{pattern: "GET /{$}", need: auth.Training, h: s.home},
		{pattern: "GET /search", need: auth.Search, h: s.search},
		{pattern: "GET /doc/{id}", need: auth.ViewDocument, sensitive: true, h: s.document},
		{pattern: "GET /doc/{id}/media/{n}", need: auth.ViewDocument, sensitive: true, h: s.media},
		{pattern: "GET /entity/{kind}/{value}", need: auth.ViewEntity, sensitive: true, h: s.entity},
		{pattern: "GET /networks", need: auth.ViewNetwork, h: s.networks},
		{pattern: "GET /network/{id}", need: auth.ViewNetwork, sensitive: true, h: s.network},
		{pattern: "GET /purpose", need: auth.ViewDocument, h: s.purposePage},
		{pattern: "POST /purpose", need: auth.ViewDocument, h: s.setPurpose},
		{pattern: "GET /triage", need: auth.Triage, h: s.triagePage},
		{pattern: "POST /triage", need: auth.Triage, h: s.triage},
		{pattern: "GET /statistics", need: auth.Statistics, h: s.statistics},
		{pattern: "GET /statistics.csv", need: auth.Statistics, h: s.statisticsCSV},
		{pattern: "GET /ingest", need: auth.Ingest, h: s.ingestPage},
		{pattern: "POST /ingest", need: auth.Ingest, h: s.startIngest},
		{pattern: "GET /ingest/{job}", need: auth.Ingest, h: s.ingestJobPage},
		{pattern: "GET /training", need: auth.Training, h: s.guide},
		{pattern: "GET /training/quiz", need: auth.Training, h: s.quiz},
		{pattern: "POST /training/quiz", need: auth.Training, h: s.score},
		{pattern: "GET /account", h: s.accountPage},
		{pattern: "POST /account/language", h: s.setLanguage},
		{pattern: "POST /account/password", h: s.changePassword},
		{pattern: "POST /account/tokens", need: auth.UseAPI, h: s.addToken},
		{pattern: "POST /account/tokens/revoke", need: auth.UseAPI, h: s.revokeToken},
		{pattern: "GET /cases", need: auth.Cases, h: s.casesPage},
		{pattern: "POST /cases", need: auth.Cases, h: s.createCase},
		{pattern: "POST /cases/add", need: auth.Cases, h: s.addToCase},
		{pattern: "GET /case/{id}", need: auth.Cases, h: s.casePage},
		{pattern: "POST /case/{id}", need: auth.Cases, h: s.changeCase},
		{pattern: "GET /case/{id}/export", need: auth.Export, h: s.exportCase},
		{pattern: "GET /watchlist", need: auth.Search, h: s.watchPage},
		{pattern: "POST /watchlist", need: auth.Search, h: s.addWatch},
		{pattern: "POST /watchlist/{id}/delete", need: auth.Search, h: s.deleteWatch},
		{pattern: "POST /alerts/seen", need: auth.Search, h: s.alertsSeen},
		{pattern: "GET /admin/users", need: auth.ManageUsers, h: s.usersPage},
		{pattern: "GET /admin/audit", need: auth.ManageUsers, h: s.auditPage},
		{pattern: "POST /admin/users", need: auth.ManageUsers, h: s.addUser},
		{pattern: "POST /admin/users/{name}", need: auth.ManageUsers, h: s.changeUser},
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.HandleFunc(rt.pattern, s.guard(rt))
	}
	for _, rt := range s.APIRoutes() {
		mux.HandleFunc(rt.pattern, s.api(rt))
	}
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiError{"no such endpoint: see /api/v1/openapi.json"})
	})
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", files))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u := s.user(r)
		s.fail(w, r, u, http.StatusNotFound, "notFound")
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, nil, http.StatusForbidden, "crossOrigin")
	}))
	return securityHeaders(csrf.Handler(mux))
}

// securityHeaders sets the headers every response carries: nothing is
// loaded from elsewhere, nothing frames vigie, no referrer leaves it.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// guard runs rt's handler for a user allowed to: anonymous requests to a
// page go to the login page, a role without the permission gets 403.
func (s *Server) guard(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := s.user(r)
		if !rt.open {
			if u == nil {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.fail(w, r, nil, http.StatusUnauthorized, "loginNeeded")
				return
			}
			role, err := auth.ParseRole(u.Role)
			if err != nil || !rt.allows(role) {
				s.fail(w, r, u, http.StatusForbidden, "forbidden")
				return
			}
			purpose := u.Purpose
			if rt.sensitive {
				var ok bool
				if purpose, ok = s.purposeOf(r, u); !ok {
					http.Redirect(w, r, "/purpose?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
			}
			// What the request changes, or the views it records, are
			// the user's, for this purpose, in the audit trail.
			r = r.WithContext(store.WithActor(r.Context(), store.Actor{Name: u.Name, Purpose: purpose}))
		}
		rt.h(w, r, u)
	}
}

// record appends to the audit trail what u does with r (a view, a
// search, an export), for the purpose the request carries; when it
// cannot, it answers 500 and returns false: nothing is shown that the
// trail does not hold.
func (s *Server) record(w http.ResponseWriter, r *http.Request, u *store.User, action, object, detail string) bool {
	if err := s.st.Record(r.Context(), action, object, detail); err != nil {
		s.internal(w, r, u, err)
		return false
	}
	return true
}

// user returns the account of the request's session, or nil.
func (s *Server) user(r *http.Request) *store.User {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil
	}
	digest, err := auth.TokenDigest(c.Value)
	if err != nil {
		return nil
	}
	u, err := s.st.SessionUser(r.Context(), digest, s.opt.Now())
	if err != nil {
		if !errors.Is(err, vigie.ErrUnauthenticated) {
			s.opt.Log.Error("session lookup", "err", err)
		}
		return nil
	}
	return &u
}

// clientKey is the limiter key of the request's client address.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr:" + host
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "#", "%23", "?", "%3F", "=", "%3D").Replace(s)
}

// fail writes an error page (or JSON for API clients, later) with the
// status given and the message of key.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, u *store.User, status int, key string) {
	w.WriteHeader(status)
	s.render(w, r, u, &errorPage{Status: status, Message: key})
}

// render executes the template of p for the user u.
func (s *Server) render(w http.ResponseWriter, r *http.Request, u *store.User, p page) {
	lang := langOf(r, u)
	name := p.template()
	t, ok := s.pages[lang][name]
	if !ok {
		http.Error(w, "no page "+name, http.StatusInternalServerError)
		return
	}
	*p.base() = frame{User: u, Lang: lang}
	// Rendered whole before it is sent: a page is written in one go
	// rather than in the template's hundreds of small writes, and a
	// template that fails sends an error, not half a page.
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledPage {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		s.opt.Log.Error("render page", "page", name, "err", err)
		http.Error(w, "this page could not be shown; the server's log says why", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// pageBuffers holds the buffers pages are rendered into; a buffer that
// grew beyond maxPooledPage (a page of a huge document) is let go.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledPage = 1 << 20

// parsePages parses each page with the layout, once per language (a
// template's functions cannot change once it runs).
func parsePages() (map[string]map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range Languages {
		out[lang] = map[string]*template.Template{}
		for _, n := range names {
			base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
			if base == "layout" || base == "partials" {
				continue
			}
			t, err := template.New(base).Funcs(funcs(lang)).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
			if err != nil {
				return nil, fmt.Errorf("parse page %s: %w", base, err)
			}
			out[lang][base] = t
		}
	}
	return out, nil
}
