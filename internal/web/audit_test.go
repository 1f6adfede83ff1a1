package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
)

// TestAuditTrail checks that the pages record who logged in (and who
// failed to, as a brute-force run does), searched, looked at what and
// why, and changed what; that administrators browse and filter it and
// check its chain; and that others may not.
func TestAuditTrail(t *testing.T) {
	ts, st := testServer(t)
	inv := client(t, ts, "investigator")
	get(t, inv, ts.URL+"/search?q=zuwara")
	get(t, inv, ts.URL+"/doc/post-1")
	get(t, inv, ts.URL+"/doc/post-2?case=1")
	get(t, inv, ts.URL+"/entity/telegram/agency_jobs")
	get(t, inv, ts.URL+"/case/1")
	post(t, inv, ts.URL+"/case/1", url.Values{"action": {"add_note"}, "text": {"audited note"}})
	anon := client(t, ts, "")
	for range 3 {
		post(t, anon, ts.URL+"/login", url.Values{"name": {"investigator"}, "password": {"guess"}})
	}
	type row struct{ actor, action, object, purpose string }
	var rows []row
	st.AuditRows(context.Background(), store.AuditFilter{}, func(e audit.Entry) error {
		rows = append(rows, row{e.Actor, e.Action, e.Object, e.Purpose})
		return nil
	})
	has := func(want row) bool {
		for _, r := range rows {
			if r == want {
				return true
			}
		}
		return false
	}
	const why = "testing the web application"
	for _, want := range []row{
		{"investigator", audit.ActionLogin, "user:investigator", ""},
		{"investigator", audit.ActionStatePurpose, "user:investigator", ""},
		{"investigator", audit.ActionSearch, "q=zuwara", why},
		{"investigator", audit.ActionViewDocument, "document:post-1", why},
		{"investigator", audit.ActionViewDocument, "document:post-2", "case:1"},
		{"investigator", audit.ActionViewEntity, "entity:telegram:agency_jobs", why},
		{"investigator", audit.ActionViewCase, "case:1", why},
		{"investigator", audit.ActionChangeCase, "case:1", why},
	} {
		if !has(want) {
			t.Errorf("no audit row %+v in\n%v", want, rows)
		}
	}
	failed := 0
	for _, r := range rows {
		if r.action == audit.ActionLoginFailed && r.object == "user:investigator" {
			failed++
		}
	}
	if failed != 3 {
		t.Errorf("%d failed logins recorded; want 3", failed)
	}

	adm := client(t, ts, "admin")
	code, page := get(t, adm, ts.URL+"/admin/audit?action=view_document&verify=1")
	if code != 200 || !strings.Contains(page, "document:post-2") || strings.Contains(page, "<td>search</td>") || !strings.Contains(page, "The chain is intact") {
		t.Errorf("audit page: %d\n%.3000s", code, page)
	}
	if _, page := get(t, adm, ts.URL+"/admin/audit?object=case:*"); !strings.Contains(page, "audited note") {
		t.Error("filtering by object prefix does not find the note")
	}
	if code, _ := get(t, adm, ts.URL+"/admin/audit?from=yesterday"); code != 400 {
		t.Errorf("bad date: %d", code)
	}
	if code, _ := get(t, inv, ts.URL+"/admin/audit"); code != 403 {
		t.Errorf("investigator on the audit page: %d", code)
	}
}
