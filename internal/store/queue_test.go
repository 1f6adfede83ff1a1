package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
)

// trail returns "action object" for every row of s's audit trail, in
// order, and checks that the chain verifies and that At never goes back
// (rows recorded one after the other; rows recorded at once may enter
// the trail in another order than their times, see auditQueue).
func trail(t *testing.T, s *Store) []string {
	t.Helper()
	return trailOf(t, s, true)
}

func trailOf(t *testing.T, s *Store, inTimeOrder bool) []string {
	t.Helper()
	var got []string
	var last time.Time
	err := s.AuditRows(context.Background(), AuditFilter{}, func(e audit.Entry) error {
		if inTimeOrder && e.At.Before(last) {
			t.Errorf("row %d at %v, before the row ahead of it (%v)", e.Seq, e.At, last)
		}
		last = e.At
		got = append(got, e.Action+" "+e.Object)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if p, n, err := s.VerifyAudit(context.Background()); err != nil || p != nil || n != int64(len(got)) {
		t.Errorf("VerifyAudit = %v, %d, %v; want %d rows intact", p, n, err, len(got))
	}
	return got
}

// queued returns the rows still in the queue file of s.
func queued(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.queue.db.QueryRow("SELECT count(*) FROM queued").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAuditQueueKeepsOrder records views around changes: in the trail,
// each view comes where it was recorded, whatever the mover's pace.
func TestAuditQueueKeepsOrder(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.queue == nil {
		t.Fatal("a SQLite store without an audit queue")
	}
	ctx := WithActor(context.Background(), Actor{Name: "ana"})
	var want []string
	for i := range 3 {
		obj := fmt.Sprintf("document:p%d", i)
		if err := s.Record(ctx, audit.ActionViewDocument, obj, ""); err != nil {
			t.Fatal(err)
		}
		want = append(want, audit.ActionViewDocument+" "+obj)
		if _, err := s.AddUser(ctx, User{Name: fmt.Sprint("u", i), Role: "triage", PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("change_user user:u%d", i))
	}
	if got := trail(t, s); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := queued(t, s); n != 0 {
		t.Errorf("%d rows left in the queue once read", n)
	}
}

// TestAuditQueueLeftovers leaves rows in the queue as a crashed process
// would, and in the state of a move committed but not cleaned up: the
// next store moves each row into the trail once.
func TestAuditQueueLeftovers(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx, User{Name: "a", Role: "triage", PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A process that queued three views and died.
	q, err := openAuditQueue(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := q.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var batch []recordReq
	for i := range 3 {
		batch = append(batch, recordReq{e: audit.Entry{Actor: "bo", Action: audit.ActionViewDocument, Object: fmt.Sprintf("document:x%d", i)}})
	}
	if err := q.insert(ctx, conn, batch); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	q.db.Close()

	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// A move that committed and died before deleting from the queue.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.queue.drain(ctx, s, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := queued(t, s); n != 3 {
		t.Fatalf("%d rows in the queue after a move without its clean-up; want 3", n)
	}
	want := []string{"change_user user:a", "view_document document:x0", "view_document document:x1", "view_document document:x2"}
	if got := trail(t, s); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := queued(t, s); n != 0 {
		t.Errorf("%d rows left in the queue once moved", n)
	}
	s.Close()

	// A queue file lost (once empty) and made anew: its rows are not
	// taken for rows already moved.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(filepath.Join(dir, queueFile+suffix))
	}
	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Record(WithActor(ctx, Actor{Name: "bo"}), audit.ActionViewDocument, "document:y", ""); err != nil {
		t.Fatal(err)
	}
	if got := trail(t, s); len(got) != 5 || got[4] != "view_document document:y" {
		t.Errorf("trail after a new queue:\n%s", strings.Join(got, "\n"))
	}
}

// TestAuditQueueTwoProcesses records from two stores open on the same
// directory at once, as vigie serve and a vigie command do: every row
// enters the trail once and the chain verifies.
func TestAuditQueueTwoProcesses(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	const each = 60
	var wg sync.WaitGroup
	for i, s := range stores {
		for g := range 3 {
			wg.Go(func() {
				actx := WithActor(ctx, Actor{Name: fmt.Sprintf("user%d", i)})
				for j := range each {
					if err := s.Record(actx, audit.ActionViewDocument, fmt.Sprintf("document:%d-%d-%d", i, g, j), ""); err != nil {
						t.Error(err)
						return
					}
					if j%20 == 0 {
						if _, err := s.AddUser(actx, User{Name: fmt.Sprintf("u%d-%d-%d", i, g, j), Role: "triage", PasswordHash: "h"}); err != nil {
							t.Error(err)
							return
						}
					}
				}
			})
		}
	}
	wg.Wait()
	for _, s := range stores {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seen := map[string]int{}
	for _, r := range trailOf(t, s, false) {
		seen[r]++
	}
	views, changes := 0, 0
	for r, n := range seen {
		if n != 1 {
			t.Errorf("%q %d times in the trail", r, n)
		}
		if strings.HasPrefix(r, audit.ActionViewDocument) {
			views++
		} else {
			changes++
		}
	}
	if views != 2*3*each || changes != 2*3*each/20 {
		t.Errorf("%d views and %d changes in the trail; want %d and %d", views, changes, 2*3*each, 2*3*each/20)
	}
}

// TestOpenDoesNotWaitForWriter opens a store, with rows waiting in the
// queue, while another connection holds the write lock (an ingest's
// batch): opening to read must not wait for it.
func TestOpenDoesNotWaitForWriter(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := s.Record(WithActor(ctx, Actor{Name: "ana"}), audit.ActionViewDocument, "document:p1", ""); err != nil {
		t.Fatalf("a view waited for the writer: %v", err)
	}
	octx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s2, err := Open(octx, dir)
	if err != nil {
		t.Fatalf("open while a writer holds the lock: %v", err)
	}
	if _, err := s2.Stats(octx); err != nil {
		t.Errorf("stats while a writer holds the lock: %v", err)
	}
	tx.Rollback()
	// Closing moves what waits, once the lock is free.
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	if got := trail(t, s); len(got) != 1 {
		t.Errorf("trail: %q; want the one view", got)
	}
}
