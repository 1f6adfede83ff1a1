package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// TestPurpose logs in without stating a purpose: documents, contacts,
// networks and pictures send to the purpose page first, back after;
// inside a case the case is the purpose; a reason too short is refused;
// a case the user may not see is no purpose.
func TestPurpose(t *testing.T) {
	ts, _ := testServer(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if code, _, _ := post(t, c, ts.URL+"/login", url.Values{"name": {"investigator"}, "password": {testPassword}}); code != 303 {
		t.Fatal("login")
	}
	location := func(path string) (int, string) {
		resp, err := c.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	for _, path := range []string{"/doc/post-1", "/doc/post-1/media/0", "/entity/telegram/agency_jobs", "/network/2", "/doc/post-1?case=999"} {
		if code, loc := location(path); code != 303 || !strings.HasPrefix(loc, "/purpose?next=") {
			t.Errorf("%s without a purpose: %d to %q; want the purpose page", path, code, loc)
		}
	}
	if code, body := get(t, c, ts.URL+"/doc/post-1?case=1"); code != 200 || !strings.Contains(body, "Zuwara") {
		t.Errorf("a document of the user's case, from the case: %d", code)
	}
	if code, body := get(t, c, ts.URL+"/purpose?next=%2Fdoc%2Fpost-1"); code != 200 || !strings.Contains(body, `<option value="1">Crossings</option>`) {
		t.Errorf("purpose page: %d\n%.1500s", code, body)
	}
	if code, _, body := post(t, c, ts.URL+"/purpose", url.Values{"reason": {"look"}, "next": {"/doc/post-1"}}); code != 400 || !strings.Contains(body, "10 to 300") {
		t.Errorf("a reason too short: %d", code)
	}
	if code, _, _ := post(t, c, ts.URL+"/purpose", url.Values{"case": {"999"}, "next": {"/doc/post-1"}}); code != 404 {
		t.Errorf("a case that does not exist as purpose: %d", code)
	}
	code, loc, _ := post(t, c, ts.URL+"/purpose", url.Values{"reason": {"checking a tip from a labour inspector"}, "next": {"//elsewhere.example/x"}})
	if code != 303 || loc != "/" {
		t.Errorf("purpose stated: %d to %q; want / (never another site)", code, loc)
	}
	if code, _ := location("/doc/post-1"); code != 200 {
		t.Errorf("document after stating a purpose: %d", code)
	}
	post(t, c, ts.URL+"/purpose", url.Values{"case": {"1"}, "next": {"/"}})
	if _, body := get(t, c, ts.URL+"/purpose"); !strings.Contains(body, "Stated so far: case:1") {
		t.Error("the case chosen as purpose is not the session's purpose")
	}
}
