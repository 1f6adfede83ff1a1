package web

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

// openAPI is the OpenAPI 3 description of the API, served at
// /api/v1/openapi.json; TestOpenAPI keeps it and APIRoutes in step.
//
//go:embed openapi.json
var openAPI []byte

// apiRoute is an endpoint of the JSON API: the permission it needs on
// top of use_api, and a handler returning the value to encode.
type apiRoute struct {
	pattern string
	need    auth.Permission
	h       func(r *http.Request, u *store.User) (any, error)
}

// APIRoutes returns the endpoints of the JSON API.
func (s *Server) APIRoutes() []apiRoute {
	return []apiRoute{
		{"POST /api/v1/analyze", auth.Triage, s.apiAnalyze},
		{"GET /api/v1/search", auth.Search, s.apiSearch},
		{"GET /api/v1/documents/{id}", auth.ViewDocument, s.apiDocument},
		{"GET /api/v1/entities/{kind}/{value}", auth.ViewEntity, s.apiEntity},
		{"GET /api/v1/networks", auth.ViewNetwork, s.apiNetworks},
		{"GET /api/v1/networks/{id}", auth.ViewNetwork, s.apiNetwork},
		{"GET /api/v1/statistics", auth.Statistics, s.apiStatistics},
	}
}

// apiError is the body of every error answer.
type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// apiUser returns the account of the request: by its API token
// ("Authorization: Bearer TOKEN"), else by its session cookie.
func (s *Server) apiUser(r *http.Request) (*store.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, vigie.ErrUnauthenticated
		}
		digest, err := auth.TokenDigest(strings.TrimSpace(token))
		if err != nil {
			return nil, vigie.ErrUnauthenticated
		}
		u, err := s.st.APITokenUser(r.Context(), digest)
		if err != nil {
			return nil, err
		}
		return &u, nil
	}
	if u := s.user(r); u != nil {
		return u, nil
	}
	return nil, vigie.ErrUnauthenticated
}

// api wraps an endpoint: authentication, permission, JSON answers, and
// error kinds mapped to statuses (details of internal errors logged, not
// sent).
func (s *Server) api(rt apiRoute) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := s.apiUser(r)
		if err != nil {
			if !errors.Is(err, vigie.ErrUnauthenticated) {
				s.opt.Log.Error("api authentication", "err", err)
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="vigie"`)
			writeJSON(w, http.StatusUnauthorized, apiError{"authentication needed: an API token (vigie user token) as Authorization: Bearer TOKEN"})
			return
		}
		role, err := auth.ParseRole(u.Role)
		if err != nil || !role.Can(auth.UseAPI) || !role.Can(rt.need) {
			writeJSON(w, http.StatusForbidden, apiError{"the role " + u.Role + " may not use this endpoint"})
			return
		}
		r = r.WithContext(store.WithActor(r.Context(), store.Actor{Name: u.Name, Purpose: apiPurposeOf(r, u)}))
		v, err := rt.h(r, u)
		switch {
		case err == nil:
			writeJSON(w, http.StatusOK, v)
		case errors.Is(err, vigie.ErrNotFound):
			writeJSON(w, http.StatusNotFound, apiError{err.Error()})
		case errors.Is(err, vigie.ErrInvalid):
			writeJSON(w, http.StatusBadRequest, apiError{err.Error()})
		default:
			s.opt.Log.Error("api", "path", r.URL.Path, "err", err)
			writeJSON(w, http.StatusInternalServerError, apiError{"internal error (logged)"})
		}
	}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), vigie.ErrInvalid)
}

func (s *Server) apiAnalyze(r *http.Request, _ *store.User) (any, error) {
	var in struct {
		Text   string `json:"text"`
		Region string `json:"region"`
		Lang   string `json:"lang"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxTriageText+4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, invalid("body: want {\"text\": \"…\", \"region\": \"BE\", \"lang\": \"fr\"} (at most %d KB): %v", maxTriageText>>10, err)
	}
	if strings.TrimSpace(in.Text) == "" {
		return nil, invalid("text is empty")
	}
	if in.Region != "" {
		reg, ok := analyze.RegionCode(in.Region)
		if !ok {
			return nil, invalid("region %q: want an ISO 3166 alpha-2 code", in.Region)
		}
		in.Region = reg
	}
	return s.analyzer.Analyze(analyze.Input{Text: in.Text, Region: in.Region, Lang: in.Lang}), nil
}

// parseQuery reads a search from query parameters: q (words and
// kind:value filters), category, risk, limit.
func (s *Server) parseQuery(qv map[string][]string) (store.Query, error) {
	get := func(k string) string {
		if v := qv[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	q := store.Query{Limit: 50}
	var err error
	if q.Words, q.Entities, err = store.ParseTerms(get("q"), s.opt.Region); err != nil {
		return q, err
	}
	if c := get("category"); c != "" {
		if !slices.Contains(vigie.Categories, c) {
			return q, invalid("unknown category %q", c)
		}
		q.Category = c
	}
	if v := get("risk"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return q, invalid("risk %q: want a number from 0 to 1", v)
		}
		q.MinRisk = f
	}
	if v := get("lang"); v != "" {
		if len(v) != 2 || strings.ToLower(v) != v {
			return q, invalid("lang %q: want an ISO 639-1 code such as fr", v)
		}
		q.Language = v
	}
	q.Source = strings.TrimSpace(get("source"))
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if v := get(d.name); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return q, invalid("%s %q: want a date such as 2026-03-01", d.name, v)
			}
			*d.dst = t
		}
	}
	if v := get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return q, invalid("limit %q: want 1 to 500", v)
		}
		q.Limit = n
	}
	return q, nil
}

// filtered reports whether q asks for anything.
func filtered(q store.Query) bool {
	return q.Words != "" || len(q.Entities) > 0 || q.Category != "" || q.MinRisk > 0 || q.Language != "" || q.Source != "" ||
		!q.From.IsZero() || !q.To.IsZero()
}

func (s *Server) apiSearch(r *http.Request, _ *store.User) (any, error) {
	q, err := s.parseQuery(r.URL.Query())
	if err != nil {
		return nil, err
	}
	if !filtered(q) {
		return nil, invalid("give q, category, risk, lang, source, from or to")
	}
	res, err := s.st.Search(r.Context(), q)
	if err != nil {
		return nil, err
	}
	if err := s.st.Record(r.Context(), audit.ActionSearch, r.URL.RawQuery, fmt.Sprintf("api, %d results", len(res))); err != nil {
		return nil, err
	}
	if res == nil {
		res = []store.Result{}
	}
	out := map[string]any{"results": res}
	if v := r.URL.Query().Get("facets"); v == "true" || v == "1" {
		f, err := s.st.Facets(r.Context(), q)
		if err != nil {
			return nil, err
		}
		out["facets"] = f
	}
	return out, nil
}

func (s *Server) apiDocument(r *http.Request, u *store.User) (any, error) {
	if err := s.apiPurpose(r, u); err != nil {
		return nil, err
	}
	d, err := s.st.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := s.st.Record(r.Context(), audit.ActionViewDocument, "document:"+d.ID, "api"); err != nil {
		return nil, err
	}
	lang := langOf(r, u)
	out := d.JSON(func(id string) string { return s.book.Explain(id, lang) })
	if n, ok, err := s.st.NetworkOfDocument(r.Context(), d.StoreID); err != nil {
		return nil, err
	} else if ok {
		out.Network = n
	}
	return out, nil
}

func (s *Server) apiEntity(r *http.Request, u *store.User) (any, error) {
	if err := s.apiPurpose(r, u); err != nil {
		return nil, err
	}
	v, err := s.lookupEntity(r)
	if err != nil {
		return nil, err
	}
	if err := s.st.Record(r.Context(), audit.ActionViewEntity, "entity:"+string(v.Kind)+":"+v.Value, "api"); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) apiNetworks(r *http.Request, _ *store.User) (any, error) {
	min := 2
	if v := r.URL.Query().Get("min_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 {
			return nil, invalid("min_size %q: want 2 or more", v)
		}
		min = n
	}
	nets, err := s.st.Networks(r.Context(), min)
	if err != nil {
		return nil, err
	}
	if nets == nil {
		nets = []store.NetworkSummary{}
	}
	return map[string]any{"networks": nets}, nil
}

func (s *Server) apiNetwork(r *http.Request, u *store.User) (any, error) {
	if err := s.apiPurpose(r, u); err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("network %q: %w", r.PathValue("id"), vigie.ErrNotFound)
	}
	n, err := s.st.Network(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := s.st.Record(r.Context(), audit.ActionViewNetwork, "network:"+strconv.FormatInt(id, 10), "api"); err != nil {
		return nil, err
	}
	return n, nil
}

// statCellJSON is a statistics cell as the API gives it: the count as
// text, "<5" when hidden.
type statCellJSON struct {
	Category  string `json:"category"`
	Month     string `json:"month"`
	Language  string `json:"language"`
	Platform  string `json:"platform"`
	Documents string `json:"documents"`
}

func (s *Server) apiStatistics(r *http.Request, _ *store.User) (any, error) {
	cells, err := s.st.Statistics(r.Context())
	if err != nil {
		return nil, err
	}
	out := []statCellJSON{}
	for _, c := range cells {
		out = append(out, statCellJSON{c.Category, c.Month, c.Language, c.Platform, count(c.N).String()})
	}
	return map[string]any{"min_cell": minCell, "cells": out}, nil
}

// apiPurpose checks that a request for people's data states its purpose,
// as pages ask: a case the user may see (?case=ID), a reason in the
// header Vigie-Purpose or the parameter purpose, or the purpose its
// session stated.
func (s *Server) apiPurpose(r *http.Request, u *store.User) error {
	if p, ok := s.purposeOf(r, u); ok && p != "" {
		return nil
	}
	reason := r.Header.Get("Vigie-Purpose")
	if reason == "" {
		reason = r.URL.Query().Get("purpose")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(reason)); n < minPurpose || n > maxPurpose {
		return invalid("state why you read this: a reason of %d to %d characters in the header Vigie-Purpose (or the parameter purpose), or case=ID", minPurpose, maxPurpose)
	}
	return nil
}

// apiPurposeOf is the purpose an API request states, as apiPurpose
// accepts it (the case, checked by apiPurpose, or the reason).
func apiPurposeOf(r *http.Request, u *store.User) string {
	if p := r.Header.Get("Vigie-Purpose"); p != "" {
		return strings.TrimSpace(p)
	}
	if p := r.URL.Query().Get("purpose"); p != "" {
		return strings.TrimSpace(p)
	}
	if c := r.URL.Query().Get("case"); c != "" {
		return "case:" + c
	}
	return u.Purpose
}
