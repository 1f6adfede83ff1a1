package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

// The account page (every user: language, password, API tokens) and the
// accounts page of administrators, which does what vigie user does.

// maxFormBytes bounds the body of the account forms.
const maxFormBytes = 16 << 10

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.showAccount(w, r, u, http.StatusOK, &accountPage{})
}

// showAccount renders the account page p of u with status, adding what
// every account page shows.
func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, u *store.User, status int, p *accountPage) {
	p.Langs = Languages
	p.CanAPI, _ = can(u, auth.UseAPI.String())
	if p.CanAPI {
		ts, err := s.st.APITokens(r.Context(), u.ID)
		if err != nil {
			s.internal(w, r, u, err)
			return
		}
		p.Tokens = ts
	}
	w.WriteHeader(status)
	s.render(w, r, u, p)
}

// form parses a small form body; on failure it answers 400 and returns
// false.
func (s *Server) form(w http.ResponseWriter, r *http.Request, u *store.User) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return false
	}
	return true
}

func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	lang := r.PostForm.Get("lang")
	if !known(lang) {
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return
	}
	if err := s.st.UpdateUser(r.Context(), u.Name, "", "", lang, nil); err != nil {
		s.internal(w, r, u, err)
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// changePassword changes the user's own password: the current one is
// asked (a session left open must not be enough), wrong guesses count
// against the account as failed logins do. Every session of the account
// ends, this one too: the user logs in again with the new password.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	tr := translator(langOf(r, u))
	again := func(status int, msg string) {
		s.showAccount(w, r, u, status, &accountPage{Error: msg})
	}
	now := s.opt.Now()
	key := "user:" + strings.ToLower(u.Name)
	if wait := s.limiter.Check(key, now); wait > 0 {
		again(http.StatusTooManyRequests, tr("slowDown", wait.Round(1e9).String()))
		return
	}
	current, next := r.PostForm.Get("current"), r.PostForm.Get("new")
	if ok, err := auth.CheckPassword(u.PasswordHash, current); err != nil || !ok {
		s.limiter.Failed(key, now)
		s.opt.Log.Warn("password change: wrong current password", "name", u.Name, "client", clientKey(r))
		again(http.StatusBadRequest, tr("wrongPassword"))
		return
	}
	switch {
	case utf8.RuneCountInString(next) < auth.MinPasswordLen:
		again(http.StatusBadRequest, tr("shortPassword", auth.MinPasswordLen))
		return
	case next != r.PostForm.Get("confirm"):
		again(http.StatusBadRequest, tr("passwordsDiffer"))
		return
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		again(http.StatusBadRequest, tr("shortPassword", auth.MinPasswordLen))
		return
	}
	if err := s.st.UpdateUser(r.Context(), u.Name, hash, "", "", nil); err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.limiter.Succeeded(key)
	s.opt.Log.Info("password changed", "name", u.Name)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.opt.Secure, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login?changed=1", http.StatusSeeOther)
}

// maxTokens bounds the API tokens of one account.
const maxTokens = 20

func (s *Server) addToken(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	tr := translator(langOf(r, u))
	label := strings.TrimSpace(r.PostForm.Get("label"))
	if label == "" || utf8.RuneCountInString(label) > 100 {
		s.showAccount(w, r, u, http.StatusBadRequest, &accountPage{Error: tr("tokenLabel")})
		return
	}
	ts, err := s.st.APITokens(r.Context(), u.ID)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	if len(ts) >= maxTokens {
		s.showAccount(w, r, u, http.StatusBadRequest, &accountPage{Error: tr("tooManyTokens", maxTokens)})
		return
	}
	token, digest := auth.NewToken()
	if err := s.st.AddAPIToken(r.Context(), digest, u.ID, label); err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.opt.Log.Info("API token made", "name", u.Name, "label", label)
	s.showAccount(w, r, u, http.StatusOK, &accountPage{NewToken: token, NewTokenLabel: label})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	err := s.st.DeleteAPIToken(r.Context(), u.ID, r.PostForm.Get("token"))
	if s.failed(w, r, u, err) {
		return
	}
	s.opt.Log.Info("API token revoked", "name", u.Name)
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// The accounts page of administrators.

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.showUsers(w, r, u, http.StatusOK, &usersPage{})
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, u *store.User, status int, p *usersPage) {
	us, err := s.st.Users(r.Context())
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	p.Users, p.Roles = us, roleNames()
	p.Langs = Languages
	w.WriteHeader(status)
	s.render(w, r, u, p)
}

// addUser makes an account with a one-time password, shown once.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	tr := translator(langOf(r, u))
	name := strings.TrimSpace(r.PostForm.Get("name"))
	role, err := auth.ParseRole(r.PostForm.Get("role"))
	lang := r.PostForm.Get("lang")
	switch {
	case !auth.ValidUserName(name):
		s.showUsers(w, r, u, http.StatusBadRequest, &usersPage{Error: tr("badUserName")})
		return
	case err != nil || !known(lang):
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return
	}
	pw := auth.NewPassword()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	_, err = s.st.AddUser(r.Context(), store.User{Name: name, Role: role.String(), Lang: lang, PasswordHash: hash})
	if errors.Is(err, vigie.ErrConflict) {
		s.showUsers(w, r, u, http.StatusConflict, &usersPage{Error: tr("nameTaken", name)})
		return
	}
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.opt.Log.Info("account added", "name", name, "role", role.String(), "by", u.Name)
	s.showUsers(w, r, u, http.StatusOK, &usersPage{Done: tr("userAdded", name, role.String()), OneTime: pw, OneTimeFor: name})
}

// changeUser changes another account: its role, disabled or enabled, or
// a new one-time password. An administrator cannot change their own
// role or disable themself here, so that no unit is left without one by
// a slip; vigie user can.
func (s *Server) changeUser(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	tr := translator(langOf(r, u))
	name := r.PathValue("name")
	action := r.PostForm.Get("action")
	if name == u.Name && action != "reset" {
		s.showUsers(w, r, u, http.StatusBadRequest, &usersPage{Error: tr("notYourself")})
		return
	}
	var (
		hash, role, pw string
		disabled       *bool
		done           string
	)
	switch action {
	case "role":
		rl, err := auth.ParseRole(r.PostForm.Get("role"))
		if err != nil {
			s.fail(w, r, u, http.StatusBadRequest, "badForm")
			return
		}
		role, done = rl.String(), tr("userRole", name, rl.String())
	case "disable", "enable":
		off := action == "disable"
		disabled, done = &off, tr("user_"+action, name)
	case "reset":
		pw = auth.NewPassword()
		var err error
		if hash, err = auth.HashPassword(pw); err != nil {
			s.internal(w, r, u, err)
			return
		}
		done = tr("userReset", name)
	default:
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return
	}
	if err := s.st.UpdateUser(r.Context(), name, hash, role, "", disabled); s.failed(w, r, u, err) {
		return
	}
	s.opt.Log.Info("account changed", "name", name, "action", action, "by", u.Name)
	if name == u.Name {
		// A new password for oneself ends one's own session too.
		http.Redirect(w, r, "/login?changed=1", http.StatusSeeOther)
		return
	}
	p := &usersPage{Done: done}
	if pw != "" {
		p.OneTime, p.OneTimeFor = pw, name
	}
	s.showUsers(w, r, u, http.StatusOK, p)
}

// roleNames returns the names of the roles, for forms.
func roleNames() []string {
	var out []string
	for _, r := range auth.Roles() {
		out = append(out, r.String())
	}
	return slices.Clip(out)
}
