package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

// TestCaseAuthorisation requests case 1 (the investigator's, holding
// post-1) as its member, another investigator, an administrator, each
// other role and anonymously: only members and administrators see or
// change it; to other investigators it does not exist (404, as an
// unknown case), other roles may not use cases at all (403).
func TestCaseAuthorisation(t *testing.T) {
	ts, st := testServer(t)
	hash, _ := auth.HashPassword(testPassword)
	if _, err := st.AddUser(context.Background(), store.User{Name: "other", Role: "investigator", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	type want struct{ get, post, add, list int }
	for who, w := range map[string]want{
		"investigator": {200, 303, 303, 200}, // the member
		"admin":        {200, 303, 303, 200},
		"other":        {404, 404, 404, 200}, // an investigator, not a member
		"analyst":      {403, 403, 403, 403},
		"triage":       {403, 403, 403, 403},
		"":             {303, 401, 401, 303}, // anonymous
	} {
		c := client(t, ts, who)
		code, body := get(t, c, ts.URL+"/case/1")
		if code != w.get || (code == 200) != strings.Contains(body, "Crossings") {
			t.Errorf("%q GET /case/1: %d; want %d", who, code, w.get)
		}
		if code, body := get(t, c, ts.URL+"/case/2"); code != 404 && code != w.get || strings.Contains(body, "Crossings") {
			t.Errorf("%q GET /case/2 (no such case): %d", who, code)
		}
		if code, _, _ := post(t, c, ts.URL+"/case/1", url.Values{"action": {"add_note"}, "text": {"seen by " + who}}); code != w.post {
			t.Errorf("%q add a note: %d; want %d", who, code, w.post)
		}
		if code, _, _ := post(t, c, ts.URL+"/cases/add", url.Values{"case": {"1"}, "action": {"add_document"}, "ref": {"post-3"}, "back": {"/doc/post-3"}}); code != w.add {
			t.Errorf("%q add a document: %d; want %d", who, code, w.add)
		}
		code, body = get(t, c, ts.URL+"/cases")
		if code != w.list || strings.Contains(body, "Crossings") != (w.get == 200) {
			t.Errorf("%q GET /cases: %d, lists the case %v", who, code, strings.Contains(body, "Crossings"))
		}
		if who == "other" {
			if _, body := get(t, c, ts.URL+"/doc/post-1"); strings.Contains(body, "Crossings") {
				t.Error("a non-member sees the case's title on a document it holds")
			}
		}
	}
	inv := client(t, ts, "investigator")
	c, _ := st.Case(context.Background(), store.Viewer{Admin: true}, 1)
	notes := map[string]bool{}
	for _, n := range c.Notes {
		notes[n.Text] = true
	}
	if len(c.Notes) != 2 || !notes["seen by investigator"] || !notes["seen by admin"] || len(c.Material) != 2 {
		t.Errorf("case after the requests: %+v", c)
	}
	if code, loc, _ := post(t, inv, ts.URL+"/case/1", url.Values{"action": {"add_member"}, "name": {"other"}}); code != 303 || loc != "/case/1" {
		t.Errorf("add a member: %d to %q", code, loc)
	}
	if code, _ := get(t, client(t, ts, "other"), ts.URL+"/case/1"); code != 200 {
		t.Errorf("other, now a member: %d", code)
	}
}

// TestCasePage works a case through its page: open it, add material
// from the pages of a document, a contact and a network, write a note,
// change status and tags, and see the timeline; bad forms are refused
// with the reason.
func TestCasePage(t *testing.T) {
	ts, _ := testServer(t)
	c := client(t, ts, "investigator")
	code, loc, _ := post(t, c, ts.URL+"/cases", url.Values{"title": {"Agency jobs"}, "tags": {"modelling, abroad"}})
	if code != 303 || loc != "/case/2" {
		t.Fatalf("open a case: %d to %q", code, loc)
	}
	if code, _, body := post(t, c, ts.URL+"/cases", url.Values{"title": {"  "}}); code != 400 || !strings.Contains(body, "title") {
		t.Errorf("a case without title: %d", code)
	}
	_, doc := get(t, c, ts.URL+"/doc/post-2")
	if !strings.Contains(doc, `action="/cases/add"`) || !strings.Contains(doc, `<option value="2">Agency jobs</option>`) {
		t.Fatalf("document page lacks the add-to-case form:\n%.3000s", doc[strings.Index(doc, "<main"):])
	}
	for _, f := range []url.Values{
		{"case": {"2"}, "action": {"add_document"}, "ref": {"post-2"}, "back": {"/doc/post-2"}},
		{"case": {"2"}, "action": {"add_entity"}, "kind": {"telegram"}, "value": {"agency_jobs"}, "back": {"/entity/telegram/agency_jobs"}},
		{"case": {"2"}, "action": {"add_network"}, "network": {"2"}, "back": {"/network/2"}},
	} {
		if code, loc, body := post(t, c, ts.URL+"/cases/add", f); code != 303 || loc != f.Get("back") {
			t.Errorf("add %s: %d to %q\n%.1000s", f.Get("action"), code, loc, body)
		}
	}
	post(t, c, ts.URL+"/case/2", url.Values{"action": {"add_note"}, "text": {"Same handle in both ads."}})
	if code, _, _ := post(t, c, ts.URL+"/case/2", url.Values{"action": {"update"}, "title": {"Agency jobs"}, "status": {"closed"}, "tags": {"modelling"}}); code != 303 {
		t.Errorf("update: %d", code)
	}
	code, page := get(t, c, ts.URL+"/case/2")
	for _, want := range []string{`href="/doc/post-2?case=2"`, `href="/doc/post-4?case=2"`, `href="/entity/telegram/agency_jobs?case=2"`, `href="/network/2?case=2"`,
		"Same handle in both ads.", "Status closed", `<span class="tag">modelling</span>`, "ingested (date posted unknown)"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %s", want)
		}
	}
	if code != 200 || strings.Contains(page, "abroad") {
		t.Errorf("case page: %d\n%.3000s", code, page)
	}
	for _, f := range []url.Values{
		{"action": {"update"}, "status": {"solved"}},
		{"action": {"add_member"}, "name": {"nobody"}},
		{"action": {"add_document"}, "ref": {"no-such-post"}},
		{"action": {"remove_member"}, "name": {"investigator"}}, // the last member
		{"action": {"fly"}},
	} {
		if code, _, _ := post(t, c, ts.URL+"/case/2", f); code != 400 {
			t.Errorf("%v: %d; want 400", f, code)
		}
	}
	// A closed case is offered no more on documents.
	if _, doc := get(t, c, ts.URL+"/doc/post-2"); strings.Contains(doc, `<option value="2">`) {
		t.Error("a closed case is offered in the add-to-case form")
	}
}
