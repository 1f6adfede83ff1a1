package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/caseexport"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/svg"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Cases: only their members and administrators see them; to anyone else
// a case answers 404, as if it did not exist.

// viewer is who u is to the store's case rules.
func viewer(u *store.User) store.Viewer {
	return store.Viewer{UserID: u.ID, Admin: u.Role == auth.RoleAdmin.String()}
}

func (s *Server) casesPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.showCases(w, r, u, http.StatusOK, "")
}

func (s *Server) showCases(w http.ResponseWriter, r *http.Request, u *store.User, status int, msg string) {
	cs, err := s.st.Cases(r.Context(), viewer(u))
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	w.WriteHeader(status)
	s.render(w, r, u, &casesPage{Cases: cs, Error: msg})
}

// splitTags reads the comma-separated tags of a form.
func splitTags(s string) []string {
	out := []string{}
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) createCase(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	id, err := s.st.CreateCase(r.Context(), r.PostForm.Get("title"), splitTags(r.PostForm.Get("tags")), u.ID)
	if errors.Is(err, vigie.ErrInvalid) {
		s.showCases(w, r, u, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	s.opt.Log.Info("case opened", "case", id, "by", u.Name)
	http.Redirect(w, r, "/case/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// caseID reads the case id of the path; ok false when it is no id (the
// handler answers 404).
func caseID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, u *store.User) {
	id, ok := caseID(r)
	if !ok {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	s.showCase(w, r, u, id, http.StatusOK, "")
}

// caseEvent is one line of a case's timeline.
type caseEvent struct {
	Time  string // as stored, sortable
	What  string // a message key: posted, ingestedEvent, noteEvent, addedEvent
	Label string
	URL   string
}

func (s *Server) showCase(w http.ResponseWriter, r *http.Request, u *store.User, id int64, status int, msg string) {
	c, err := s.st.Case(r.Context(), viewer(u), id)
	if s.failed(w, r, u, err) {
		return
	}
	if !s.record(w, r, u, audit.ActionViewCase, "case:"+strconv.FormatInt(id, 10), "") {
		return
	}
	tr := translator(langOf(r, u))
	p := &casePage{Case: c, Statuses: store.CaseStatuses, Error: msg}
	p.CanExport, _ = can(u, auth.Export.String())
	p.CanExport = p.CanExport && s.opt.Evidence != nil && s.opt.CaseKey != nil
	days := map[time.Time]int{}
	// Pages opened from the case have it as their purpose.
	inCase := "?case=" + strconv.FormatInt(id, 10)
	for _, it := range c.Material {
		v := caseItemView{CaseItem: it}
		switch it.Kind {
		case store.ItemDocument:
			v.URL = "/doc/" + urlQueryEscape(it.Ref) + inCase
			if it.PostedAt != "" {
				p.Timeline = append(p.Timeline, caseEvent{Time: it.PostedAt, What: tr("postedEvent"), Label: it.Ref, URL: v.URL})
				if t, err := time.Parse(time.RFC3339Nano, it.PostedAt); err == nil {
					days[t.UTC().Truncate(24*time.Hour)]++
				}
			} else {
				p.Timeline = append(p.Timeline, caseEvent{Time: it.IngestedAt, What: tr("ingestedEvent"), Label: it.Ref, URL: v.URL})
			}
			p.Documents = append(p.Documents, v)
		case store.ItemEntity:
			kind, value, _ := strings.Cut(it.Ref, ":")
			v.URL = entityURL(vigie.EntityKind(kind), value) + inCase
			p.Entities = append(p.Entities, v)
		case store.ItemNetwork:
			v.URL = "/network/" + it.Ref + inCase
			p.Networks = append(p.Networks, v)
		}
	}
	for _, n := range c.Notes {
		p.Timeline = append(p.Timeline, caseEvent{Time: n.At, What: tr("noteEvent"), Label: n.Author + ": " + excerpt(n.Text, 120)})
	}
	slices.SortStableFunc(p.Timeline, func(a, b caseEvent) int { return strings.Compare(a.Time, b.Time) })
	if len(days) > 0 {
		tl := svg.Timeline{Title: tr("caseTimeline")}
		for d, n := range days {
			tl.Events = append(tl.Events, svg.Event{Time: d, Count: n})
		}
		p.Chart = tl.HTML()
	}
	w.WriteHeader(status)
	s.render(w, r, u, p)
}

// changeCase runs one action on a case from its page's forms, or from
// the "add to case" forms of documents, contacts and networks (which
// give back, where to return to).
func (s *Server) changeCase(w http.ResponseWriter, r *http.Request, u *store.User) {
	id, ok := caseID(r)
	if !ok {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	if !s.form(w, r, u) {
		return
	}
	s.caseAction(w, r, u, id)
}

// addToCase is changeCase for the "add to case" forms, which name the
// case in a field.
func (s *Server) addToCase(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.form(w, r, u) {
		return
	}
	id, err := strconv.ParseInt(r.PostForm.Get("case"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	s.caseAction(w, r, u, id)
}

// caseAction runs the action of a parsed form on case id.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, u *store.User, id int64) {
	ctx, v, f := r.Context(), viewer(u), r.PostForm
	var err error
	switch action := f.Get("action"); action {
	case "update":
		err = s.st.UpdateCase(ctx, v, id, f.Get("title"), f.Get("status"), splitTags(f.Get("tags")))
	case "add_member":
		err = s.st.AddCaseMember(ctx, v, id, strings.TrimSpace(f.Get("name")))
	case "remove_member":
		err = s.st.RemoveCaseMember(ctx, v, id, f.Get("name"))
	case "add_note":
		err = s.st.AddCaseNote(ctx, v, id, f.Get("text"))
	case "add_document":
		err = s.st.AddCaseDocument(ctx, v, id, f.Get("ref"))
	case "add_entity":
		err = s.st.AddCaseEntity(ctx, v, id, vigie.EntityKind(f.Get("kind")), f.Get("value"))
	case "add_network":
		var net int64
		if net, err = strconv.ParseInt(f.Get("network"), 10, 64); err != nil {
			err = errors.Join(errors.New("no such network"), vigie.ErrInvalid)
		} else {
			err = s.st.AddCaseNetwork(ctx, v, id, net)
		}
	case "remove_item":
		var item int64
		if item, err = strconv.ParseInt(f.Get("item"), 10, 64); err != nil {
			err = errors.Join(errors.New("no such item"), vigie.ErrInvalid)
		} else {
			err = s.st.RemoveCaseItem(ctx, v, id, item)
		}
	default:
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return
	}
	switch {
	case err == nil:
	case errors.Is(err, vigie.ErrInvalid), errors.Is(err, vigie.ErrConflict):
		s.showCase(w, r, u, id, http.StatusBadRequest, err.Error())
		return
	case errors.Is(err, vigie.ErrNotFound):
		if s.st.CheckCase(ctx, v, id) == nil {
			// The case is there: what the form named is not.
			s.showCase(w, r, u, id, http.StatusBadRequest, err.Error())
			return
		}
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	default:
		s.internal(w, r, u, err)
		return
	}
	s.opt.Log.Info("case changed", "case", id, "action", f.Get("action"), "by", u.Name)
	back := safeNext(f.Get("back"))
	if back == "/" {
		back = "/case/" + strconv.FormatInt(id, 10)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// openCases returns the open cases u may add material to, for the "add
// to case" forms; none for those without the cases permission.
func (s *Server) openCases(r *http.Request, u *store.User) ([]store.CaseSummary, error) {
	if ok, _ := can(u, auth.Cases.String()); !ok {
		return nil, nil
	}
	cs, err := s.st.Cases(r.Context(), viewer(u))
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cs, func(c store.CaseSummary) bool { return c.Status != store.CaseOpen }), nil
}

// exportCase sends the case's signed export (package caseexport) as a
// zip download, written whole to a temporary file first so that a
// failure half-way sends an error, never a truncated export; the export
// is recorded in the audit trail with its SHA-256.
func (s *Server) exportCase(w http.ResponseWriter, r *http.Request, u *store.User) {
	id, ok := caseID(r)
	if !ok || s.opt.Evidence == nil || s.opt.CaseKey == nil {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	if s.failed(w, r, u, s.st.CheckCase(r.Context(), viewer(u), id)) {
		return
	}
	tmp, err := os.CreateTemp("", "vigie-export-*.zip")
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	sum, err := caseexport.Write(r.Context(), s.st, s.opt.Evidence, s.opt.CaseKey, viewer(u), id, io.MultiWriter(tmp, h))
	if s.failed(w, r, u, err) {
		return
	}
	digest := hex.EncodeToString(h.Sum(nil))
	name := fmt.Sprintf("vigie-case-%d.zip", id)
	if !s.record(w, r, u, audit.ActionExportCase, "case:"+strconv.FormatInt(id, 10),
		fmt.Sprintf("zip %s, sha256 %s, %d documents, %d originals, signer %s", name, digest, sum.Documents, sum.Originals, sum.Signer)) {
		return
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		s.internal(w, r, u, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Vigie-Export-SHA256", digest)
	io.Copy(w, tmp)
}
