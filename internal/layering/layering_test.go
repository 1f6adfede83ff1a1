// Package layering_test enforces the direction of dependencies between
// vigie's packages (STYLE.md): the domain imports nothing of ours, and the
// pure stages import no store, no web layer and no network or process I/O.
package layering_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/vigie-project/vigie"

// pure lists the pure stages: no I/O, no store, no net/http.
var pure = []string{
	"internal/normalize", "internal/phone", "internal/contact", "internal/quantity",
	"internal/place", "internal/doctype", "internal/langid", "internal/rules", "internal/wordtable", "internal/synth",
	"internal/network", "internal/imagehash", "internal/cluster", "internal/export", "internal/auth", "internal/svg", "internal/training",
	"internal/audit",
}

// forbiddenInPure are imports that mean a stage does I/O or reaches into
// the layers above it.
var forbiddenInPure = []string{
	"net", "net/http", "database/sql", "os/exec",
	module + "/internal/store", module + "/internal/web", module + "/internal/ingest",
	module + "/internal/evidence", module + "/internal/analyze", module + "/cmd/vigie",
}

func deps(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 {
			m[f[0]] = f[1:]
		}
	}
	return m
}

func TestDomainImportsNothingOfOurs(t *testing.T) {
	all := deps(t)
	d, ok := all[module+"/internal/vigie"]
	if !ok {
		t.Fatalf("package internal/vigie not found by go list")
	}
	for _, p := range d {
		if strings.HasPrefix(p, module+"/") {
			t.Errorf("internal/vigie imports %s; the domain must import nothing of ours", p)
		}
		if strings.Contains(p, ".") && !strings.HasPrefix(p, "vendor/") && !strings.HasPrefix(p, "internal/") {
			t.Errorf("internal/vigie imports %s; the domain uses the standard library only", p)
		}
	}
}

func TestPureStagesDoNoIO(t *testing.T) {
	all := deps(t)
	for _, rel := range pure {
		pkg := module + "/" + rel
		d, ok := all[pkg]
		if !ok {
			t.Errorf("pure stage %s not found by go list", rel)
			continue
		}
		set := map[string]bool{}
		for _, p := range d {
			set[p] = true
		}
		for _, f := range forbiddenInPure {
			if set[f] {
				t.Errorf("%s depends on %s; pure stages must not", rel, f)
			}
		}
	}
}
