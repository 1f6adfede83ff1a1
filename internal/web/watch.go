package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
	"github.com/vigie-project/vigie/internal/webhook"
)

// Watchlists: each user watches contacts, terms and categories; new
// documents that match raise alerts, listed here and, for a watch with a
// webhook, posted to it by vigie serve.

// watchKinds are the kinds offered in the watch form, contacts first.
func watchKinds() []string {
	kinds := []string{}
	for _, k := range vigie.EntityKinds {
		if k == vigie.KindPrice || k == vigie.KindPercentage || k == vigie.KindURL {
			continue
		}
		if _, ok, _ := store.EntityFilter(string(k)+":x", "BE"); ok {
			kinds = append(kinds, string(k))
		}
	}
	return append(kinds, store.WatchTerm, store.WatchCategory)
}

func (s *Server) watchPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.showWatches(w, r, u, http.StatusOK, &watchPage{})
}

func (s *Server) showWatches(w http.ResponseWriter, r *http.Request, u *store.User, status int, p *watchPage) {
	ws, err := s.st.Watches(r.Context(), u.ID)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	as, err := s.st.Alerts(r.Context(), u.ID, false, 100)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	p.Watches, p.Alerts, p.Kinds, p.Categories = ws, as, watchKinds(), vigie.Categories
	for _, a := range as {
		if !a.Seen {
			p.Unseen++
		}
	}
	w.WriteHeader(status)
	s.render(w, r, u, p)
}

// maxWatches bounds the watches of one account.
const maxWatches = 200

func (s *Server) addWatch(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	f := r.PostForm
	again := func(msg string) { s.showWatches(w, r, u, http.StatusBadRequest, &watchPage{Error: msg}) }
	kind := f.Get("kind")
	if !slices.Contains(watchKinds(), kind) {
		again("unknown kind " + strconv.Quote(kind))
		return
	}
	value, err := store.WatchValue(kind, f.Get("value"), s.opt.Region)
	if err != nil {
		again(err.Error())
		return
	}
	wt := store.Watch{UserID: u.ID, Kind: kind, Value: value, Label: strings.TrimSpace(f.Get("label"))}
	if len(wt.Label) > 200 {
		again("a label has at most 200 bytes")
		return
	}
	if hook := strings.TrimSpace(f.Get("webhook")); hook != "" {
		if err := webhook.CheckURL(hook, !s.opt.PrivateURLs); err != nil {
			again(err.Error())
			return
		}
		wt.WebhookURL = hook
		wt.WebhookSecret, _ = auth.NewToken()
	}
	ws, err := s.st.Watches(r.Context(), u.ID)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	if len(ws) >= maxWatches {
		again("at most " + strconv.Itoa(maxWatches) + " watches per account: delete one first")
		return
	}
	if _, err := s.st.AddWatch(r.Context(), wt); errors.Is(err, vigie.ErrConflict) {
		again(err.Error())
		return
	} else if err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.opt.Log.Info("watch added", "by", u.Name, "kind", kind)
	http.Redirect(w, r, "/watchlist", http.StatusSeeOther)
}

func (s *Server) deleteWatch(w http.ResponseWriter, r *http.Request, u *store.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	if s.failed(w, r, u, s.st.DeleteWatch(r.Context(), u.ID, id)) {
		return
	}
	http.Redirect(w, r, "/watchlist", http.StatusSeeOther)
}

func (s *Server) alertsSeen(w http.ResponseWriter, r *http.Request, u *store.User) {
	if err := s.st.MarkAlertsSeen(r.Context(), u.ID); err != nil {
		s.internal(w, r, u, err)
		return
	}
	http.Redirect(w, r, "/watchlist", http.StatusSeeOther)
}
