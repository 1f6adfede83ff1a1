package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// auditAll returns the rows f selects.
func auditAll(t *testing.T, s *Store, f AuditFilter) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := s.AuditRows(t.Context(), f, func(e audit.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func seqs(es []audit.Entry) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

// sampleAudit appends n rows of varied actors, actions and objects.
func sampleAudit(t *testing.T, s *Store, n int) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for i := range n {
		e := audit.Entry{
			Actor:  []string{"ana", "bo"}[i%2],
			Action: []string{audit.ActionSearch, audit.ActionViewDocument, audit.ActionViewCase}[i%3],
			Object: fmt.Sprintf("document:%d", 10+i),
		}
		if i%3 == 2 {
			e.Object, e.Purpose = fmt.Sprintf("case:%d", i), "case:12"
		}
		got, err := s.Audit(t.Context(), e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got)
	}
	return out
}

func TestAudit(t *testing.T) { forEachStore(t, testAudit) }

// testAudit appends rows and reads them back as they were sealed.
func testAudit(t *testing.T, s *Store) {
	ctx := t.Context()
	before := time.Now()
	e, err := s.Audit(ctx, audit.Entry{Actor: "ana", Action: audit.ActionLogin, Object: "user:ana", Detail: "bad \xff byte\x00", At: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.Prev != audit.Genesis || e.Hash != e.Sum() || e.At.Location() != time.UTC || e.At.Before(before) || time.Since(e.At) > time.Minute {
		t.Errorf("first row = %+v", e)
	}
	if e.Detail != "bad \uFFFD byte\uFFFD" {
		t.Errorf("Detail = %q; want invalid bytes and NUL replaced", e.Detail)
	}
	rest := sampleAudit(t, s, 5)
	if rest[0].Prev != e.Hash || rest[4].Seq != 6 {
		t.Errorf("second row %+v does not follow the first %s", rest[0], e.Hash)
	}
	got := auditAll(t, s, AuditFilter{})
	want := append([]audit.Entry{e}, rest...)
	if len(got) != len(want) {
		t.Fatalf("AuditRows = %d rows; want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].At.Equal(want[i].At) || got[i].At.Nanosecond() != want[i].At.Nanosecond() {
			t.Errorf("row %d At = %v; want %v", i+1, got[i].At, want[i].At)
		}
		got[i].At = want[i].At
		if got[i] != want[i] {
			t.Errorf("row %d = %+v; want %+v", i+1, got[i], want[i])
		}
	}
	for _, bad := range []audit.Entry{{Action: "login"}, {Actor: "ana"}} {
		if _, err := s.Audit(ctx, bad); !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("Audit(%+v) = %v; want ErrInvalid", bad, err)
		}
	}
	p, n, err := s.VerifyAudit(ctx)
	if p != nil || n != 6 || err != nil {
		t.Errorf("VerifyAudit = %v, %d, %v; want intact, 6 rows", p, n, err)
	}
	r, err := s.VerifyAuditTrail(ctx, &audit.Head{Seq: 6, Hash: rest[4].Hash}, 0)
	if err != nil || !r.Intact() || r.Last.Seq != 6 || r.Last.Hash != rest[4].Hash {
		t.Errorf("VerifyAuditTrail(head 6) = %+v, %v", r, err)
	}
}

func TestAuditFilter(t *testing.T) { forEachStore(t, testAuditFilter) }

func testAuditFilter(t *testing.T, s *Store) {
	first := sampleAudit(t, s, 6)
	mid := time.Now()
	for !time.Now().After(mid) { // the next rows are strictly later
	}
	last := sampleAudit(t, s, 6) // rows 7 to 12
	s.Audit(t.Context(), audit.Entry{Actor: "cy", Action: audit.ActionSearch, Object: "document:é"})
	s.Audit(t.Context(), audit.Entry{Actor: "cy", Action: audit.ActionSearch, Object: "document:" + string(rune(0x10FFFF)) + "x"})
	s.Audit(t.Context(), audit.Entry{Actor: "cy", Action: audit.ActionSearch, Object: "documents"})
	tests := []struct {
		name string
		f    AuditFilter
		want []int64
	}{
		{"all", AuditFilter{}, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		{"actor", AuditFilter{Actor: "bo"}, []int64{2, 4, 6, 8, 10, 12}},
		{"action", AuditFilter{Action: audit.ActionViewCase}, []int64{3, 6, 9, 12}},
		{"object", AuditFilter{Object: "document:14"}, []int64{5, 11}},
		{"object prefix", AuditFilter{ObjectPrefix: "case:"}, []int64{3, 6, 9, 12}},
		{"object prefix, every character", AuditFilter{ObjectPrefix: "document:", Actor: "cy"}, []int64{13, 14}},
		{"purpose", AuditFilter{Purpose: "case:12", Actor: "ana"}, []int64{3, 9}},
		{"from", AuditFilter{From: mid, Actor: "ana"}, []int64{7, 9, 11}},
		{"to", AuditFilter{To: mid, Actor: "ana"}, []int64{1, 3, 5}},
		{"from to", AuditFilter{From: first[2].At, To: last[1].At}, []int64{3, 4, 5, 6, 7}},
		{"after, limit", AuditFilter{AfterSeq: 4, Limit: 3}, []int64{5, 6, 7}},
		{"newest, before, limit", AuditFilter{Newest: true, BeforeSeq: 12, Limit: 3, Actor: "bo"}, []int64{10, 8, 6}},
		{"nothing", AuditFilter{Actor: "nobody"}, nil},
	}
	for _, tc := range tests {
		if got := seqs(auditAll(t, s, tc.f)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: AuditRows(%+v) = %v; want %v", tc.name, tc.f, got, tc.want)
		}
	}
	stop := errors.New("stop")
	n := 0
	err := s.AuditRows(t.Context(), AuditFilter{}, func(audit.Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("AuditRows stopping = %v after %d rows", err, n)
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"case:", "case;"},
		{"a" + string(rune(0x10FFFF)), "b"},
		{"\uD7FF", "\uE000"},
		{string(rune(0x10FFFF)), ""},
		{"", ""},
	} {
		got, ok := prefixEnd(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("prefixEnd(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestAuditInTransaction(t *testing.T) { forEachStore(t, testAuditInTransaction) }

// testAuditInTransaction: a row appended in a caller's transaction goes
// with it: rolled back with it, committed with it.
func testAuditInTransaction(t *testing.T, s *Store) {
	ctx := t.Context()
	sampleAudit(t, s, 2)
	for _, commit := range []bool{false, true} {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO sources (name) VALUES ('audited')"); err != nil {
			t.Fatal(err)
		}
		e, err := s.auditTx(ctx, tx, audit.Entry{Actor: "ana", Action: audit.ActionChangeCase, Object: "case:1"})
		if err != nil || e.Seq != 3 {
			t.Fatalf("auditTx = %+v, %v; want row 3", e, err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		var sources int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sources WHERE name = 'audited'").Scan(&sources); err != nil {
			t.Fatal(err)
		}
		rows := auditAll(t, s, AuditFilter{Action: audit.ActionChangeCase})
		if want := map[bool]int{false: 0, true: 1}[commit]; sources != want || len(rows) != want {
			t.Errorf("commit %v: %d sources, %d audit rows; want %d of each", commit, sources, len(rows), want)
		}
	}
	if p, n, err := s.VerifyAudit(ctx); p != nil || n != 3 || err != nil {
		t.Errorf("VerifyAudit = %v, %d, %v", p, n, err)
	}
}

func TestAuditConcurrent(t *testing.T) { forEachStore(t, testAuditConcurrent) }

// testAuditConcurrent: appenders racing each other leave a whole chain
// numbered without gaps.
func testAuditConcurrent(t *testing.T, s *Store) {
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if _, err := s.Audit(context.Background(), audit.Entry{Actor: fmt.Sprintf("w%d", w), Action: audit.ActionSearch, Object: fmt.Sprint(i)}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := seqs(auditAll(t, s, AuditFilter{}))
	if len(got) != workers*each || got[0] != 1 || got[len(got)-1] != workers*each {
		t.Fatalf("%d rows, %v…; want 1 to %d", len(got), got[:min(len(got), 5)], workers*each)
	}
	if p, n, err := s.VerifyAudit(t.Context()); p != nil || n != workers*each || err != nil {
		t.Errorf("VerifyAudit = %v, %d, %v", p, n, err)
	}
	rows := auditAll(t, s, AuditFilter{})
	for i := 1; i < len(rows); i++ {
		if rows[i].At.Before(rows[i-1].At) {
			t.Errorf("row %d at %v, before row %d at %v", rows[i].Seq, rows[i].At, rows[i-1].Seq, rows[i-1].At)
		}
	}
}

func TestAuditTampering(t *testing.T) { forEachStore(t, testAuditTampering) }

// testAuditTampering changes the stored trail with SQL, as someone with
// access to the database could, and checks that VerifyAudit names what
// was done. Each case starts from a fresh trail of 10 rows.
func testAuditTampering(t *testing.T, s *Store) {
	ctx := t.Context()
	p := s.d.placeholder
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// oneChar replaces the character of column col at position i (from 1).
	oneChar := func(col string, seq, i int) {
		exec(fmt.Sprintf("UPDATE audit_log SET %[1]s = substr(%[1]s, 1, %[2]d) || CASE WHEN substr(%[1]s, %[3]d, 1) = '1' THEN '2' ELSE '1' END || substr(%[1]s, %[4]d) WHERE seq = %[5]d",
			col, i-1, i, i+1, seq))
	}
	// renumber adds d to the numbers of the rows from seq on, in two steps
	// that never collide with the primary key.
	renumber := func(from, d int) {
		exec("UPDATE audit_log SET seq = -seq WHERE seq >= "+p(1), from)
		exec("UPDATE audit_log SET seq = -seq + "+p(1)+" WHERE seq < 0", d)
	}
	setRow := func(seq int64, e audit.Entry) {
		exec("UPDATE audit_log SET at = "+p(1)+", actor = "+p(2)+", action = "+p(3)+", object = "+p(4)+", purpose = "+p(5)+
			", detail = "+p(6)+", prev = "+p(7)+", hash = "+p(8)+" WHERE seq = "+p(9),
			e.At.Format(audit.TimeFormat), e.Actor, e.Action, e.Object, e.Purpose, e.Detail, e.Prev, e.Hash, seq)
	}
	insert := func(e audit.Entry) {
		exec("INSERT INTO audit_log ("+auditColumns+") VALUES ("+p(1)+", "+p(2)+", "+p(3)+", "+p(4)+", "+p(5)+", "+p(6)+", "+p(7)+", "+p(8)+", "+p(9)+")",
			e.Seq, e.At.Format(audit.TimeFormat), e.Actor, e.Action, e.Object, e.Purpose, e.Detail, e.Prev, e.Hash)
	}
	type want struct {
		kind audit.Kind
		rows []int64
	}
	tests := []struct {
		name   string
		tamper func(rows []audit.Entry)
		head   bool // check against the head of the trail before tampering
		want   []want
	}{
		{"actor", func([]audit.Entry) { oneChar("actor", 4, 1) }, false, []want{{audit.Modified, []int64{4}}}},
		{"action", func([]audit.Entry) { oneChar("action", 1, 3) }, false, []want{{audit.Modified, []int64{1}}}},
		{"object", func([]audit.Entry) { oneChar("object", 10, 10) }, false, []want{{audit.Modified, []int64{10}}}},
		{"purpose", func([]audit.Entry) { oneChar("purpose", 3, 6) }, false, []want{{audit.Modified, []int64{3}}}},
		{"detail", func([]audit.Entry) { exec("UPDATE audit_log SET detail = ' ' WHERE seq = 2") }, false, []want{{audit.Modified, []int64{2}}}},
		{"time", func([]audit.Entry) { oneChar("at", 5, 28) }, false, []want{{audit.Modified, []int64{5}}}},
		{"time unreadable", func([]audit.Entry) { oneChar("at", 5, 11) }, false, []want{{audit.Modified, []int64{5}}}},
		{"prev", func([]audit.Entry) { oneChar("prev", 6, 30) }, false, []want{{audit.Modified, []int64{6}}}},
		{"hash", func([]audit.Entry) { oneChar("hash", 7, 64) }, false, []want{{audit.Modified, []int64{7}}}},
		{"number", func([]audit.Entry) { exec("UPDATE audit_log SET seq = 40 WHERE seq = 3") }, false, []want{{audit.Reordered, []int64{40, 40}}}},
		{"delete", func([]audit.Entry) { exec("DELETE FROM audit_log WHERE seq = 5") }, false, []want{{audit.Deleted, []int64{5, 5}}}},
		{"delete first", func([]audit.Entry) { exec("DELETE FROM audit_log WHERE seq = 1") }, false, []want{{audit.Deleted, []int64{1, 1}}}},
		{"delete, renumber", func([]audit.Entry) {
			exec("DELETE FROM audit_log WHERE seq = 5")
			renumber(6, -1)
		}, false, []want{{audit.Deleted, []int64{5, 5}}, {audit.Renumbered, []int64{5, 9}}}},
		{"delete last, with head", func([]audit.Entry) { exec("DELETE FROM audit_log WHERE seq = 10") }, true, []want{{audit.Truncated, []int64{10, 10}}}},
		{"swap", func(rows []audit.Entry) {
			setRow(3, rows[6])
			setRow(7, rows[2])
		}, false, []want{{audit.Reordered, []int64{3, 7}}}},
		{"swap adjacent", func(rows []audit.Entry) {
			setRow(8, rows[8])
			setRow(9, rows[7])
		}, false, []want{{audit.Reordered, []int64{8, 9}}}},
		{"insert at the end", func(rows []audit.Entry) {
			insert(audit.Seal(strings.Repeat("0", 63)+"1", audit.Entry{Seq: 11, At: rows[9].At, Actor: "mallory", Action: audit.ActionLogin}))
		}, false, []want{{audit.Broken, []int64{10, 11}}}},
		{"insert, renumber", func(rows []audit.Entry) {
			renumber(6, 1)
			insert(audit.Seal(rows[4].Hash, audit.Entry{Seq: 6, At: rows[4].At, Actor: "mallory", Action: audit.ActionViewDocument}))
		}, false, []want{{audit.Inserted, []int64{6, 6}}, {audit.Renumbered, []int64{7, 11}}}},
		{"rewrite, rehash", func(rows []audit.Entry) {
			e := rows[3]
			e.Object = "document:1"
			setRow(4, audit.Seal(e.Prev, e))
		}, false, []want{{audit.Broken, []int64{4, 5}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			exec("DELETE FROM audit_log")
			rows := sampleAudit(t, s, 10)
			tc.tamper(rows)
			var head *audit.Head
			if tc.head {
				head = &audit.Head{Seq: 10, Hash: rows[9].Hash}
				if first, _, err := s.VerifyAudit(ctx); first != nil || err != nil {
					t.Errorf("VerifyAudit without the head = %v, %v; want nothing (a cut tail is invisible to the chain alone)", first, err)
				}
			}
			r, err := s.VerifyAuditTrail(ctx, head, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Problems {
				got = append(got, fmt.Sprintf("%s %v: %s", p.Kind, p.Rows, p.Message))
			}
			ok := len(r.Problems) == len(tc.want)
			for i := 0; ok && i < len(tc.want); i++ {
				ok = r.Problems[i].Kind == tc.want[i].kind && slices.Equal(r.Problems[i].Rows, tc.want[i].rows)
			}
			if !ok {
				t.Errorf("problems:\n%s\nwant %v", strings.Join(got, "\n"), tc.want)
			}
			if head == nil {
				first, _, err := s.VerifyAudit(ctx)
				if err != nil || first == nil || first.Message != r.Problems[0].Message {
					t.Errorf("VerifyAudit = %v, %v; want %q", first, err, got[0])
				}
			}
		})
	}
}

// BenchmarkAudit measures appends to the audit trail of an SQLite store
// (each its own transaction, committed to disk), one at a time and from
// 50 goroutines, as vigie serve appends a row per search and page view.
func BenchmarkAudit(b *testing.B) {
	for _, par := range []int{1, 50} {
		b.Run(fmt.Sprintf("clients=%d", par), func(b *testing.B) {
			s, err := Open(context.Background(), b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			e := audit.Entry{Actor: "ana", Action: audit.ActionViewDocument, Object: "document:123456", Purpose: "case:12"}
			if par == 1 {
				for b.Loop() {
					if _, err := s.Audit(context.Background(), e); err != nil {
						b.Fatal(err)
					}
				}
			} else {
				b.SetParallelism((par + 1) / 2) // GOMAXPROCS × this goroutines
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := s.Audit(context.Background(), e); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
		})
	}
}
