package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestWatchlist adds watches from the page, raises alerts as an ingest
// does, and reads them: on the watchlist (marked new until seen) and
// the dashboard; bad watches are refused with the reason; a watch is
// deleted only by its owner.
func TestWatchlist(t *testing.T) {
	ts, st := testServer(t)
	c := client(t, ts, "investigator")
	for _, f := range []url.Values{
		{"kind": {"telegram"}, "value": {"@Agency_Jobs"}, "label": {"fake agency"}, "webhook": {"https://hooks.example/vigie"}},
		{"kind": {"term"}, "value": {"Lampedusa"}},
	} {
		if code, loc, body := post(t, c, ts.URL+"/watchlist", f); code != 303 || loc != "/watchlist" {
			t.Fatalf("add watch %v: %d\n%.1500s", f, code, body)
		}
	}
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"kind": {"telegram"}, "value": {"agency_jobs"}}, "already watched"},
		{url.Values{"kind": {"phone"}, "value": {"12"}}, "not one valid number"},
		{url.Values{"kind": {"category"}, "value": {"boats"}}, "unknown category"},
		{url.Values{"kind": {"colour"}, "value": {"red"}}, "unknown kind"},
		{url.Values{"kind": {"term"}, "value": {"x"}, "webhook": {"ftp://files"}}, "http"},
		{url.Values{"kind": {"term"}, "value": {"y"}, "webhook": {"http://127.0.0.1:9/hook"}}, "not a public address"},
	} {
		if code, _, body := post(t, c, ts.URL+"/watchlist", tc.form); code != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("watch %v: %d; want 400 saying %q", tc.form, code, tc.want)
		}
	}
	ctx := context.Background()
	var ids []int64
	for _, ref := range []string{"post-1", "post-2", "post-3", "post-4"} {
		d, err := st.Document(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.StoreID)
	}
	if n, err := st.RaiseAlerts(ctx, ids); err != nil || n != 3 {
		t.Fatalf("RaiseAlerts = %d, %v; want 3 (post-2 and post-4 by handle, post-1 by term)", n, err)
	}
	_, page := get(t, c, ts.URL+"/watchlist")
	for _, want := range []string{"3 new", `<li class="unseen"><a class="doc" href="/doc/post-4">`, "telegram: agency_jobs (fake agency)", "https://hooks.example/vigie", `<code class="secret">`} {
		if !strings.Contains(page, want) {
			t.Errorf("watchlist lacks %s", want)
		}
	}
	if _, dash := get(t, c, ts.URL+"/"); !strings.Contains(dash, "3 new alerts on your watchlist") {
		t.Error("the dashboard does not say there are new alerts")
	}
	post(t, c, ts.URL+"/alerts/seen", nil)
	if _, page := get(t, c, ts.URL+"/watchlist"); strings.Contains(page, `class="unseen"`) {
		t.Error("alerts still new after marking them seen")
	}
	if code, _, _ := post(t, client(t, ts, "admin"), ts.URL+"/watchlist/1/delete", nil); code != 404 {
		t.Errorf("another user deleting a watch: %d; want 404", code)
	}
	if code, _, _ := post(t, c, ts.URL+"/watchlist/1/delete", nil); code != 303 {
		t.Errorf("owner deleting a watch: %d", code)
	}
}
