package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/network"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

// entityPostLimit bounds the posts an entity page lists.
const entityPostLimit = 100

// lookupEntity reads the entity of the request's {kind} and {value}, the
// value normalised as search does (a phone number in any format).
func (s *Server) lookupEntity(r *http.Request) (store.EntityView, error) {
	kind, value := r.PathValue("kind"), r.PathValue("value")
	e, ok, err := store.EntityFilter(kind+":"+value, s.opt.Region)
	if err != nil {
		return store.EntityView{}, err
	}
	if !ok || e.Value == "" || e.Value[len(e.Value)-1] == '*' {
		return store.EntityView{}, vigie.ErrNotFound
	}
	return s.st.Entity(r.Context(), e.Kind, e.Value, entityPostLimit, network.Kinds())
}

// entityURL is the page of an entity.
func entityURL(kind vigie.EntityKind, value string) string {
	return "/entity/" + url.PathEscape(string(kind)) + "/" + url.PathEscape(value)
}

func (s *Server) entity(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.lookupEntity(r)
	switch {
	case errors.Is(err, vigie.ErrNotFound):
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	case errors.Is(err, vigie.ErrInvalid):
		s.fail(w, r, u, http.StatusBadRequest, "badEntity")
		return
	case err != nil:
		s.internal(w, r, u, err)
		return
	}
	if !s.record(w, r, u, audit.ActionViewEntity, "entity:"+string(v.Kind)+":"+v.Value, "") {
		return
	}
	var with []coEntity
	for _, c := range v.With {
		with = append(with, coEntity{c, entityURL(c.Kind, c.Value)})
	}
	open, err := s.openCases(r, u)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	add := addToCase{Cases: open, Action: "add_entity", Fields: map[string]string{"kind": string(v.Kind), "value": v.Value}, Back: entityURL(v.Kind, v.Value)}
	s.render(w, r, u, &entityPage{Entity: v, With: with, AddTo: add})
}
