package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

// Documents, contacts, networks and pictures hold people's data: looking
// at them needs a purpose, which the audit trail records with each view.
// Inside a case (links from a case page carry ?case=ID) the case is the
// purpose; otherwise the session states one, asked once.

// Purpose lengths, in characters.
const (
	minPurpose = 10
	maxPurpose = 300
)

// purposeOf returns the purpose of a view of r by u: the case of the URL
// when u may see it, else the session's stated purpose; ok false when
// there is none.
func (s *Server) purposeOf(r *http.Request, u *store.User) (purpose string, ok bool) {
	if c := r.URL.Query().Get("case"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err == nil && id > 0 && s.st.CheckCase(r.Context(), viewer(u), id) == nil {
			return "case:" + c, true
		}
	}
	return u.Purpose, u.Purpose != ""
}

func (s *Server) purposePage(w http.ResponseWriter, r *http.Request, u *store.User) {
	open, err := s.openCases(r, u)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.render(w, r, u, &purposePage{Next: safeNext(r.URL.Query().Get("next")), Cases: open, Current: u.Purpose})
}

// setPurpose records the purpose the session states: a reason in words,
// or one of the user's cases.
func (s *Server) setPurpose(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	purpose := strings.Join(strings.Fields(r.PostForm.Get("reason")), " ")
	if c := r.PostForm.Get("case"); c != "" && purpose == "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || s.st.CheckCase(r.Context(), viewer(u), id) != nil {
			s.fail(w, r, u, http.StatusNotFound, "notFound")
			return
		}
		purpose = "case:" + c
	} else if n := utf8.RuneCountInString(purpose); n < minPurpose || n > maxPurpose {
		open, _ := s.openCases(r, u)
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, r, u, &purposePage{Next: next, Cases: open, Error: translator(langOf(r, u))("purposeLength", minPurpose, maxPurpose)})
		return
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		s.fail(w, r, u, http.StatusUnauthorized, "loginNeeded")
		return
	}
	digest, err := auth.TokenDigest(c.Value)
	if err == nil {
		err = s.st.SetSessionPurpose(r.Context(), digest, purpose)
	}
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
