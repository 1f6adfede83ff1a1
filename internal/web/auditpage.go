package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
)

// auditPageRows is how many rows one page of the audit trail shows.
const auditPageRows = 100

// auditPage lets administrators browse and filter the audit trail,
// newest first, and check its chain.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	qv := r.URL.Query()
	p := &auditPageData{Actor: qv.Get("actor"), Action: qv.Get("action"), Object: qv.Get("object"), From: qv.Get("from"), To: qv.Get("to")}
	f := store.AuditFilter{Actor: p.Actor, Action: p.Action, Newest: true, Limit: auditPageRows + 1}
	if o, ok := strings.CutSuffix(p.Object, "*"); ok {
		f.ObjectPrefix = o
	} else {
		f.Object = p.Object
	}
	bad := func(msg string) {
		w.WriteHeader(http.StatusBadRequest)
		p.Error = msg
		s.render(w, r, u, p)
	}
	for _, d := range []struct {
		v   string
		dst *time.Time
		add int
	}{{p.From, &f.From, 0}, {p.To, &f.To, 1}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.v)
		if err != nil {
			bad("date " + strconv.Quote(d.v) + ": want 2026-03-01")
			return
		}
		*d.dst = t.AddDate(0, 0, d.add) // "to" includes its day
	}
	if b := qv.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 1 {
			bad("before " + strconv.Quote(b) + ": want a row number")
			return
		}
		f.BeforeSeq = n
	}
	err := s.st.AuditRows(r.Context(), f, func(e audit.Entry) error {
		p.Rows = append(p.Rows, e)
		return nil
	})
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	if len(p.Rows) > auditPageRows {
		p.Rows = p.Rows[:auditPageRows]
		next := url2(qv, "before", strconv.FormatInt(p.Rows[len(p.Rows)-1].Seq, 10))
		p.Older = next
	}
	if qv.Get("verify") != "" {
		res, err := s.st.VerifyAuditTrail(r.Context(), nil, 20)
		if err != nil {
			s.internal(w, r, u, err)
			return
		}
		p.Verified, p.Check = true, res
	}
	if !s.record(w, r, u, audit.ActionViewAudit, "audit", r.URL.RawQuery) {
		return
	}
	s.render(w, r, u, p)
}

// url2 returns the audit page's URL with the parameters qv and k set to v.
func url2(qv map[string][]string, k, v string) string {
	q := make(map[string][]string, len(qv)+1)
	for kk, vv := range qv {
		if kk != "verify" {
			q[kk] = vv
		}
	}
	q[k] = []string{v}
	return "/admin/audit?" + url.Values(q).Encode()
}
