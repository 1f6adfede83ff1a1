package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// post posts form to path with c and returns the status, the Location
// and the body.
func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// logIn logs in as name with pw and reports whether it worked.
func logIn(t *testing.T, base, name, pw string) (*http.Client, bool) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	code, _, _ := post(t, c, base+"/login", url.Values{"name": {name}, "password": {pw}})
	return c, code == http.StatusSeeOther
}

// TestAccountPage checks what every user does with their own account:
// choose the interface's language, make and revoke API tokens (those
// who may use the API), change their password (the current one asked,
// every session ended).
func TestAccountPage(t *testing.T) {
	ts, _ := testServer(t)
	tri := client(t, ts, "triage")
	if code, body := get(t, tri, ts.URL+"/account"); code != 200 || !strings.Contains(body, "Your account") || strings.Contains(body, "API tokens") {
		t.Errorf("triage's account page: %d, want no API tokens section\n%.1500s", code, body)
	}
	if code, loc, _ := post(t, tri, ts.URL+"/account/language", url.Values{"lang": {"fr"}}); code != 303 || loc != "/account" {
		t.Errorf("set language: %d to %q", code, loc)
	}
	if _, body := get(t, tri, ts.URL+"/triage"); !strings.Contains(body, `lang="fr"`) || !strings.Contains(body, "Collez le texte") {
		t.Errorf("after choosing French, the triage page:\n%.800s", body)
	}
	if code, _, _ := post(t, tri, ts.URL+"/account/language", url.Values{"lang": {"xx"}}); code != 400 {
		t.Errorf("unknown language: %d; want 400", code)
	}
	if code, _, _ := post(t, tri, ts.URL+"/account/tokens", url.Values{"label": {"x"}}); code != 403 {
		t.Errorf("triage making an API token: %d; want 403", code)
	}

	inv := client(t, ts, "investigator")
	code, _, body := post(t, inv, ts.URL+"/account/tokens", url.Values{"label": {"nightly search"}})
	token := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(body)
	if code != 200 || token == nil || !strings.Contains(body, "nightly search") {
		t.Fatalf("make a token: %d\n%.2000s", code, body)
	}
	api := func() int {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/search?q=zuwara", nil)
		req.Header.Set("Authorization", "Bearer "+token[1])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := api(); got != 200 {
		t.Errorf("API with the new token: %d", got)
	}
	_, body = get(t, inv, ts.URL+"/account")
	if strings.Contains(body, token[1]) {
		t.Error("the token is shown again on the account page")
	}
	digest := regexp.MustCompile(`name="token" value="([0-9a-f]{64})"`).FindStringSubmatch(body)
	if digest == nil {
		t.Fatalf("no revoke form:\n%.2000s", body)
	}
	if code, _, _ := post(t, inv, ts.URL+"/account/tokens/revoke", url.Values{"token": {digest[1]}}); code != 303 {
		t.Errorf("revoke: %d", code)
	}
	if got := api(); got != 401 {
		t.Errorf("API with a revoked token: %d; want 401", got)
	}

	for _, tc := range []struct {
		current, new, confirm, want string
	}{
		{"wrong password here", "a new long password", "a new long password", "current password is wrong"},
		{testPassword, "short", "short", "at least 12"},
		{testPassword, "a new long password", "another long one", "differ"},
	} {
		code, _, body := post(t, inv, ts.URL+"/account/password", url.Values{"current": {tc.current}, "new": {tc.new}, "confirm": {tc.confirm}})
		if code != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("change password %+v: %d; want 400 saying %q", tc, code, tc.want)
		}
	}
	other := client(t, ts, "investigator") // another session of the same account
	code, loc, _ := post(t, inv, ts.URL+"/account/password", url.Values{"current": {testPassword}, "new": {"a new long password"}, "confirm": {"a new long password"}})
	if code != 303 || loc != "/login?changed=1" {
		t.Fatalf("change password: %d to %q", code, loc)
	}
	for _, c := range []*http.Client{inv, other} {
		if code, _ := get(t, c, ts.URL+"/account"); code != 303 {
			t.Errorf("a session after the password changed: %d; want 303 to the login page", code)
		}
	}
	if _, ok := logIn(t, ts.URL, "investigator", testPassword); ok {
		t.Error("the old password still logs in")
	}
	if _, ok := logIn(t, ts.URL, "investigator", "a new long password"); !ok {
		t.Error("the new password does not log in")
	}
}

// TestUsersPage checks the administrators' accounts page: add an account
// (its one-time password logs in), change its role, disable it, give it
// a new password; an administrator cannot disable themself; others may
// not use it.
func TestUsersPage(t *testing.T) {
	ts, _ := testServer(t)
	adm := client(t, ts, "admin")
	if code, body := get(t, adm, ts.URL+"/admin/users"); code != 200 || !strings.Contains(body, "<td>analyst</td>") || !strings.Contains(body, "disabled") {
		t.Errorf("accounts page: %d\n%.2000s", code, body)
	}
	oneTime := regexp.MustCompile(`<code class="secret">([^<]+)</code>`)
	code, _, body := post(t, adm, ts.URL+"/admin/users", url.Values{"name": {"newbie"}, "role": {"triage"}, "lang": {"nl"}})
	pw := oneTime.FindStringSubmatch(body)
	if code != 200 || pw == nil || !strings.Contains(body, "Account newbie added") {
		t.Fatalf("add account: %d\n%.2000s", code, body)
	}
	nb, ok := logIn(t, ts.URL, "newbie", pw[1])
	if !ok {
		t.Fatal("the one-time password does not log in")
	}
	if _, body := get(t, nb, ts.URL+"/triage"); !strings.Contains(body, `lang="nl"`) {
		t.Error("the new account's language is not Dutch")
	}
	for _, tc := range []struct {
		form url.Values
		code int
		want string
	}{
		{url.Values{"name": {"newbie"}, "role": {"triage"}, "lang": {"en"}}, 409, "already an account"},
		{url.Values{"name": {"bad name!"}, "role": {"triage"}, "lang": {"en"}}, 400, "1 to 64"},
		{url.Values{"name": {"x"}, "role": {"king"}, "lang": {"en"}}, 400, ""},
	} {
		if code, _, body := post(t, adm, ts.URL+"/admin/users", tc.form); code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("add %v: %d; want %d saying %q", tc.form, code, tc.code, tc.want)
		}
	}
	if code, _, body := post(t, adm, ts.URL+"/admin/users/newbie", url.Values{"action": {"role"}, "role": {"analyst"}}); code != 200 || !strings.Contains(body, "newbie is now analyst") {
		t.Errorf("set role: %d", code)
	}
	if code, _ := get(t, nb, ts.URL+"/triage"); code != 303 {
		t.Errorf("newbie's session after a role change: %d; want 303 to log in again", code)
	}
	if code, _, _ := post(t, adm, ts.URL+"/admin/users/newbie", url.Values{"action": {"disable"}}); code != 200 {
		t.Errorf("disable: %d", code)
	}
	if _, ok := logIn(t, ts.URL, "newbie", pw[1]); ok {
		t.Error("a disabled account logs in")
	}
	post(t, adm, ts.URL+"/admin/users/newbie", url.Values{"action": {"enable"}})
	code, _, body = post(t, adm, ts.URL+"/admin/users/newbie", url.Values{"action": {"reset"}})
	pw2 := oneTime.FindStringSubmatch(body)
	if code != 200 || pw2 == nil || pw2[1] == pw[1] {
		t.Fatalf("new password: %d", code)
	}
	if _, ok := logIn(t, ts.URL, "newbie", pw2[1]); !ok {
		t.Error("the new one-time password does not log in")
	}
	if code, _, body := post(t, adm, ts.URL+"/admin/users/admin", url.Values{"action": {"disable"}}); code != 400 || !strings.Contains(body, "own role") {
		t.Errorf("admin disabling themself: %d; want 400", code)
	}
	if code, _, _ := post(t, adm, ts.URL+"/admin/users/nobody", url.Values{"action": {"disable"}}); code != 404 {
		t.Errorf("disable an unknown account: %d; want 404", code)
	}
	inv := client(t, ts, "investigator")
	if code, _, _ := post(t, inv, ts.URL+"/admin/users", url.Values{"name": {"sneaky"}, "role": {"admin"}, "lang": {"en"}}); code != 403 {
		t.Errorf("investigator adding an account: %d; want 403", code)
	}
	if code, _ := get(t, inv, ts.URL+"/admin/users"); code != 403 {
		t.Errorf("investigator on the accounts page: %d; want 403", code)
	}
}
