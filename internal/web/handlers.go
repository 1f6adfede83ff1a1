package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/svg"
	"github.com/vigie-project/vigie/internal/vigie"
)

// dummyHash is checked when a login names no account, so that the answer
// takes as long as for a wrong password and does not tell which names
// exist.
var dummyHash, _ = auth.HashPassword("vigie-dummy-password-never-used")

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	if u != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, nil, &loginPage{Next: safeNext(r.URL.Query().Get("next")), Changed: r.URL.Query().Get("changed") != ""})
}

// safeNext returns where to go after logging in: a path of this site,
// never another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *store.User) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, nil, http.StatusBadRequest, "badLogin")
		return
	}
	name, pw := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	now := s.opt.Now()
	keys := []string{clientKey(r), "user:" + strings.ToLower(name)}
	var wait time.Duration
	for _, k := range keys {
		wait = max(wait, s.limiter.Check(k, now))
	}
	again := func(status int, key string, args ...any) {
		w.WriteHeader(status)
		s.render(w, r, nil, &loginPage{Next: next, Name: name, Error: translator(langOf(r, nil))(key, args...)})
	}
	if wait > 0 {
		s.opt.Log.Warn("login throttled", "name", name, "client", clientKey(r), "wait", wait)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
		again(http.StatusTooManyRequests, "slowDown", wait.Round(time.Second).String())
		return
	}
	u, err := s.st.UserByName(r.Context(), name)
	hash := u.PasswordHash
	if err != nil {
		if !errors.Is(err, vigie.ErrNotFound) {
			s.opt.Log.Error("login", "err", err)
			s.fail(w, r, nil, http.StatusInternalServerError, "internalError")
			return
		}
		hash = dummyHash
	}
	ok, cerr := auth.CheckPassword(hash, pw)
	if cerr != nil {
		s.opt.Log.Error("login: stored password hash unusable", "name", name, "err", cerr)
	}
	if err != nil || !ok || u.Disabled {
		for _, k := range keys {
			s.limiter.Failed(k, now)
		}
		why := "wrong password"
		switch {
		case err != nil:
			why = "no such account"
		case u.Disabled:
			why = "account disabled"
		}
		s.opt.Log.Warn("login failed", "name", name, "client", clientKey(r), "why", why)
		// A brute-force run leaves its trace in the audit trail too.
		actx := store.WithActor(r.Context(), store.Actor{Name: name})
		if err := s.st.Record(actx, audit.ActionLoginFailed, "user:"+name, why+", from "+clientKey(r)); err != nil {
			s.opt.Log.Error("login: audit", "err", err)
		}
		again(http.StatusUnauthorized, "badLogin")
		return
	}
	// Only the name's count is reset: one good account must not clear
	// an address's failures on others.
	s.limiter.Succeeded(keys[1])
	token, digest := auth.NewToken()
	actx := store.WithActor(r.Context(), store.Actor{Name: u.Name})
	if err := s.st.AddSession(actx, digest, u.ID, now.Add(SessionLength)); err != nil {
		s.opt.Log.Error("login: add session", "err", err)
		s.fail(w, r, nil, http.StatusInternalServerError, "internalError")
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.opt.Secure || r.TLS != nil,
		SameSite: http.SameSiteLaxMode, Expires: now.Add(SessionLength),
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *store.User) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if digest, err := auth.TokenDigest(c.Value); err == nil {
			ctx := r.Context()
			if u := s.user(r); u != nil {
				ctx = store.WithActor(ctx, store.Actor{Name: u.Name})
			}
			if err := s.st.DeleteSession(ctx, digest); err != nil {
				s.opt.Log.Error("logout", "err", err)
			}
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.opt.Secure || r.TLS != nil,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// home is each role's first page: the dashboard for those who may
// search, else triage, statistics or training.
func (s *Server) home(w http.ResponseWriter, r *http.Request, u *store.User) {
	role, _ := auth.ParseRole(u.Role)
	switch {
	case role.Can(auth.Search):
		s.dashboard(w, r, u)
	case role.Can(auth.Triage):
		http.Redirect(w, r, "/triage", http.StatusSeeOther)
	case role.Can(auth.Statistics):
		http.Redirect(w, r, "/statistics", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/training", http.StatusSeeOther)
	}
}

// highRisk is the risk from which the dashboard lists a document.
const highRisk = 0.7

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *store.User) {
	ctx := r.Context()
	st, err := s.stats.get(ctx, s.st, s.opt.Now())
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	recent, err := s.st.Search(ctx, store.Query{MinRisk: highRisk, Limit: 15})
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	tr := translator(langOf(r, u))
	chart := svg.BarChart{Title: tr("chartCategories")}
	for _, c := range vigie.Categories {
		chart.Bars = append(chart.Bars, svg.Bar{Label: c, Value: int(st.Categories[c])})
	}
	runs, err := s.st.RecentRuns(ctx, 5)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	alerts, err := s.st.UnseenAlerts(ctx, u.ID)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.render(w, r, u, &dashboardPage{Stats: st, Recent: recent, Runs: runs, NewAlerts: alerts, Chart: chart.HTML(), Categories: vigie.Categories})
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, u *store.User) {
	qv := r.URL.Query()
	p := &searchPage{Q: qv.Get("q"), Category: qv.Get("category"), MinRisk: qv.Get("risk"), Categories: vigie.Categories,
		SearchLang: qv.Get("lang"), Source: qv.Get("source"), From: qv.Get("from"), To: qv.Get("to")}
	bad := func(err error) {
		w.WriteHeader(http.StatusBadRequest)
		p.Error = err.Error()
		s.render(w, r, u, p)
	}
	q, err := s.parseQuery(qv)
	if err != nil {
		bad(err)
		return
	}
	if filtered(q) {
		res, err := s.st.Search(r.Context(), q)
		if errors.Is(err, vigie.ErrInvalid) {
			bad(err)
			return
		}
		if err != nil {
			s.internal(w, r, u, err)
			return
		}
		if !s.record(w, r, u, audit.ActionSearch, r.URL.RawQuery, fmt.Sprintf("%d results", len(res))) {
			return
		}
		p.Results, p.Searched = res, true
		f, ok, err := s.searchFacets(r.Context(), q)
		if err != nil {
			s.internal(w, r, u, err)
			return
		}
		if ok {
			p.Facets, p.FacetsCounted, p.FacetsPartial = s.facetView(qv, f, langOf(r, u)), f.Counted, f.Partial
		} else {
			p.FacetsSkipped = true
			w.Header().Set("Vigie-Facets", "skipped")
		}
	}
	s.render(w, r, u, p)
}

// failed answers a store error, if any, and reports whether it did: 404
// for what does not exist, 500 (logged) for the rest.
func (s *Server) failed(w http.ResponseWriter, r *http.Request, u *store.User, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, vigie.ErrNotFound):
		s.fail(w, r, u, http.StatusNotFound, "notFound")
	default:
		s.internal(w, r, u, err)
	}
	return true
}

// internal logs err and answers 500 without its details.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, u *store.User, err error) {
	s.opt.Log.Error("page", "path", r.URL.Path, "err", err)
	s.fail(w, r, u, http.StatusInternalServerError, "internalError")
}

// statsTTL is how long the dashboard's counts are reused: counting scans
// whole tables (350 ms of CPU per dashboard at 100,000 posts), and a
// count a few seconds old tells the same.
const statsTTL = 30 * time.Second

// statsCache keeps the store's counts for statsTTL.
type statsCache struct {
	mu sync.Mutex
	at time.Time
	v  store.Stats
}

// get returns counts at most statsTTL old; one request counts while the
// others wait for it.
func (c *statsCache) get(ctx context.Context, st *store.Store, now time.Time) (store.Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && now.Sub(c.at) < statsTTL {
		return c.v, nil
	}
	v, err := st.Stats(ctx)
	if err != nil {
		return v, err
	}
	c.v, c.at = v, now
	return v, nil
}
