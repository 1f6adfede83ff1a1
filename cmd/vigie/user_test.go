package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

// TestUserCommands adds, lists, changes and disables accounts through the
// CLI and checks what the store then holds: hashes that verify the
// printed or given passwords, never the passwords themselves.
func TestUserCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	run := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		return vigieRun(t, stdin, append([]string{"user"}, append(args, "--data", data)...)...)
	}
	code, out, errs := run("", "add", "ana", "--role", "investigator")
	if code != 0 {
		t.Fatalf("user add = %d, %s", code, errs)
	}
	m := regexp.MustCompile(`one-time password \(shown once, hyphens included\): (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("user add printed no password: %q", out)
	}
	if code, _, errs = run("a long enough passphrase\n", "add", "--role", "admin", "--lang", "fr", "boss", "--password-stdin"); code != 0 {
		t.Fatalf("user add boss = %d, %s", code, errs)
	}
	for _, bad := range [][]string{
		{"add", "ana", "--role", "admin"},       // taken
		{"add", "x y", "--role", "admin"},       // bad name
		{"add", "cy", "--role", "root"},         // bad role
		{"add", "cy", "--role", "triage", "zz"}, // extra argument
		{"frobnicate", "ana"},
		{"passwd", "nobody"},
	} {
		if code, _, _ := run("", bad...); code == 0 {
			t.Errorf("user %v succeeded; want an error", bad)
		}
	}
	if code, _, errs := run("short\n", "passwd", "ana", "--password-stdin"); code != 1 || !strings.Contains(errs, "at least 12") {
		t.Errorf("short password = %d, %s", code, errs)
	}

	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := st.UserByName(t.Context(), "ana")
	boss, _ := st.UserByName(t.Context(), "boss")
	st.Close()
	if ok, err := auth.CheckPassword(ana.PasswordHash, m[1]); !ok || err != nil {
		t.Errorf("ana's hash does not verify the printed password: %v", err)
	}
	if ok, _ := auth.CheckPassword(boss.PasswordHash, "a long enough passphrase"); !ok || boss.Role != "admin" || boss.Lang != "fr" {
		t.Errorf("boss = %+v; want admin, fr, the given password", boss)
	}
	if strings.Contains(ana.PasswordHash, m[1]) {
		t.Error("the password is stored in clear")
	}

	run("", "role", "ana", "analyst")
	run("", "disable", "boss")
	code, out, _ = run("", "token", "ana", "--label", "nightly export")
	if code != 0 || !regexp.MustCompile(`\n[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Errorf("user token = %d, %q", code, out)
	}
	code, out, _ = run("", "list", "--json")
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var u struct {
			Name, Role string
			Disabled   bool
			Hash       string `json:"password_hash"`
		}
		if err := json.Unmarshal([]byte(line), &u); err != nil || u.Hash != "" {
			t.Fatalf("list line %q: %v (hash %q)", line, err, u.Hash)
		}
		got = append(got, u.Name+" "+u.Role+" "+map[bool]string{true: "off", false: "on"}[u.Disabled])
	}
	if code != 0 || strings.Join(got, ", ") != "ana analyst on, boss admin off" {
		t.Errorf("user list = %d, %v", code, got)
	}
}
