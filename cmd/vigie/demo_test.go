package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

// TestDemo prepares a demo data directory twice: the first time it
// ingests the corpus and makes an admin whose printed password verifies;
// the second ingests nothing and keeps the account.
func TestDemo(t *testing.T) {
	data := filepath.Join(t.TempDir(), "demo")
	code, out, errs := vigieRun(t, "", "demo", "--data", data, "--posts", "300", "--no-serve")
	if code != 0 {
		t.Fatalf("demo = %d, %s", code, errs)
	}
	m := regexp.MustCompile(`one-time password of admin \(shown once, hyphens included\): (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no admin password printed:\n%s", out)
	}
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := st.Count(t.Context())
	admin, err := st.UserByName(t.Context(), "admin")
	nets, _ := st.Networks(t.Context(), 2)
	st.Close()
	if n < 300 || err != nil || admin.Role != "admin" || len(nets) == 0 {
		t.Fatalf("after demo: %d documents, admin %+v (%v), %d networks", n, admin, err, len(nets))
	}
	if ok, _ := auth.CheckPassword(admin.PasswordHash, m[1]); !ok {
		t.Error("the printed password does not open the admin account")
	}
	code, _, _ = vigieRun(t, "", "demo", "--data", data, "--no-serve", "--admin-password", "short")
	if code != 2 {
		t.Errorf("short --admin-password: exit %d; want 2", code)
	}
	code, out, errs = vigieRun(t, "", "demo", "--data", data, "--no-serve")
	if code != 0 || !strings.Contains(out, "nothing ingested") || !strings.Contains(out, "1 accounts exist") {
		t.Errorf("second demo = %d, %q, %s", code, out, errs)
	}
}
