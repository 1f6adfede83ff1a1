package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
)

// runAuditCmd runs vigie audit ARGS on the data directory data (main's
// command table registers audit elsewhere, so it calls runAudit itself).
func runAuditCmd(t *testing.T, data string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	err := runAudit(t.Context(), e, append(args, "--data", data))
	return out.String(), errb.String(), err
}

// auditStore makes a store in a new data directory with n audit rows and
// returns the directory and the rows.
func auditStore(t *testing.T, n int) (string, []audit.Entry) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var rows []audit.Entry
	for i := range n {
		e := audit.Entry{Actor: []string{"ana", "bo"}[i%2], Action: audit.ActionViewDocument, Object: "document:" + string(rune('a'+i))}
		if i == 1 {
			e.Action, e.Object, e.Purpose = audit.ActionSearch, "passeur\x1b[2J", "case:12"
		}
		r, err := st.Audit(t.Context(), e)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	return data, rows
}

// tamperSQL runs q on the store's SQLite file directly.
func tamperSQL(t *testing.T, data, q string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(data, "vigie.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestAuditVerify(t *testing.T) {
	data, rows := auditStore(t, 4)
	out, errs, err := runAuditCmd(t, data, "verify")
	if err != nil || out != "audit trail intact: 4 rows, last row 4 hash "+rows[3].Hash+"\n" {
		t.Fatalf("audit verify = %v, %q, %q", err, out, errs)
	}
	head := "4:" + rows[3].Hash
	if out, _, err := runAuditCmd(t, data, "verify", "--head", head); err != nil || !strings.Contains(out, "row 4 matches the head") {
		t.Errorf("audit verify --head = %v, %q", err, out)
	}

	tamperSQL(t, data, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
	out, _, err = runAuditCmd(t, data, "verify")
	if !errors.Is(err, errFound) || !strings.Contains(out, "audit trail damaged: row 2 was modified") || !strings.Contains(out, "read 4 rows") {
		t.Errorf("audit verify after changing row 2 = %v, %q", err, out)
	}

	tamperSQL(t, data, "DELETE FROM audit_log WHERE seq = 4")
	out, _, err = runAuditCmd(t, data, "verify", "--all", "--head", head)
	for _, want := range []string{"2 problems", "modified   row 2 was modified", "truncated  the trail ends at row 3 but the recorded head is row 4"} {
		if !errors.Is(err, errFound) || !strings.Contains(out, want) {
			t.Errorf("audit verify --all --head = %v, %q; want %q", err, out, want)
		}
	}
	out, _, err = runAuditCmd(t, data, "verify", "--json")
	var r audit.Result
	if jerr := json.Unmarshal([]byte(out), &r); !errors.Is(err, errFound) || jerr != nil || r.Total != 1 || r.Problems[0].Kind != audit.Modified || r.Rows != 3 {
		t.Errorf("audit verify --json = %v, %+v (%v)", err, r, jerr)
	}
}

func TestAuditList(t *testing.T) {
	data, rows := auditStore(t, 4)
	out, _, err := runAuditCmd(t, data, "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || len(lines) != 4 {
		t.Fatalf("audit list = %v, %q", err, out)
	}
	if !strings.Contains(lines[1], `"passeur\x1b[2J"`) || !strings.Contains(lines[1], "purpose: case:12") {
		t.Errorf("audit list line 2 = %q; want the object quoted and the purpose", lines[1])
	}
	if strings.Contains(out, "\x1b") {
		t.Error("audit list printed an escape character")
	}
	for _, tc := range []struct {
		args []string
		want []int64
	}{
		{[]string{"--actor", "bo"}, []int64{2, 4}},
		{[]string{"--object", "document:*"}, []int64{1, 3, 4}},
		{[]string{"--object", "document:c"}, []int64{3}},
		{[]string{"--purpose", "case:12"}, []int64{2}},
		{[]string{"--action", "search"}, []int64{2}},
		{[]string{"--newest", "--limit", "2"}, []int64{4, 3}},
		{[]string{"--after", "3"}, []int64{4}},
		{[]string{"--since", rows[2].At.Format(audit.TimeFormat)}, []int64{3, 4}},
		{[]string{"--until", "2000-01-01"}, nil},
	} {
		out, errs, err := runAuditCmd(t, data, append([]string{"list", "--json"}, tc.args...)...)
		var got []int64
		dec := json.NewDecoder(strings.NewReader(out))
		for dec.More() {
			var e audit.Entry
			if err := dec.Decode(&e); err != nil {
				t.Fatal(err)
			}
			got = append(got, e.Seq)
		}
		if err != nil || !equalSeqs(got, tc.want) {
			t.Errorf("audit list %v = %v, %v (%s); want %v", tc.args, err, got, errs, tc.want)
		}
	}
}

func equalSeqs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAuditUsage(t *testing.T) {
	data, _ := auditStore(t, 1)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown subcommand"},
		{[]string{"verify", "extra"}, "unexpected argument"},
		{[]string{"verify", "--head", "4"}, "want SEQ:HASH"},
		{[]string{"verify", "--head", "4:ABC"}, "64 lower-case"},
		{[]string{"list", "--since", "yesterday"}, "YYYY-MM-DD"},
		{[]string{"list", "--limit", "-1"}, "0 or more"},
		{[]string{"list", "--nope"}, "flag provided but not defined"},
	} {
		_, errs, err := runAuditCmd(t, data, tc.args...)
		if !errors.Is(err, errUsage) || !strings.Contains(errs, tc.want) {
			t.Errorf("audit %v = %v, %q; want a usage error with %q", tc.args, err, errs, tc.want)
		}
	}
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	if err := runAudit(t.Context(), e, nil); !errors.Is(err, errUsage) || !strings.Contains(errb.String(), "Subcommands:") {
		t.Errorf("audit with no subcommand = %v, %q", err, errb.String())
	}
	if err := runAudit(t.Context(), e, []string{"--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("audit --help = %v; want flag.ErrHelp", err)
	}
	if _, _, err := runAuditCmd(t, filepath.Join(t.TempDir(), "none"), "verify"); err == nil || !strings.Contains(err.Error(), "no store") {
		t.Errorf("audit verify with no store = %v", err)
	}
}
