package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
)

func TestChangesAreAudited(t *testing.T) { forEachStore(t, testChangesAreAudited) }

// testChangesAreAudited makes changes for an actor and reads them back
// from the audit trail, with the actor and purpose; a change that fails
// leaves no row; the chain verifies.
func testChangesAreAudited(t *testing.T, s *Store) {
	ctx := WithActor(context.Background(), Actor{Name: "ana", Purpose: "case:1"})
	id, err := s.AddUser(ctx, User{Name: "bo", Role: "triage", PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx, User{Name: "bo", Role: "admin", PasswordHash: "h"}); err == nil {
		t.Fatal("a second bo")
	}
	s.UpdateUser(ctx, "bo", "", "analyst", "", nil)
	c, _ := s.CreateCase(ctx, "Crossings", nil, id)
	s.AddCaseNote(ctx, Viewer{UserID: id}, c, "first note")
	run, err := s.BeginRun(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Add(ctx, run, items(t, testDocs[:2])); err != nil {
		t.Fatal(err)
	}
	s.SetRetention(ctx, "test", 30)
	w, _ := s.AddWatch(ctx, Watch{UserID: id, Kind: "term", Value: "zuwara"})
	s.DeleteWatch(ctx, id, w)
	s.AddSession(ctx, "d1", id, timeIn(t))
	s.SetSessionPurpose(ctx, "d1", "checking a tip")
	s.DeleteSession(ctx, "d1")
	s.Record(ctx, audit.ActionViewDocument, "document:p1", "")
	var got []string
	if err := s.AuditRows(context.Background(), AuditFilter{}, func(e audit.Entry) error {
		if e.Actor != "ana" || e.Purpose != "case:1" {
			t.Errorf("row %d: actor %q purpose %q", e.Seq, e.Actor, e.Purpose)
		}
		got = append(got, e.Action+" "+e.Object+" "+e.Detail)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"change_user user:bo added, role triage",
		"change_user user:bo role analyst",
		"change_case case:1 opened: Crossings",
		"change_case case:1 add note: first note",
		"ingest run:1 2 documents added, 0 already held",
		"retention source:test retention set to 30 days",
		"change_watch watch:1 watch term:zuwara",
		"change_watch watch:1 removed",
		"login user:bo ",
		"state_purpose user:bo checking a tip",
		"logout user:bo ",
		"view_document document:p1 ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p, n, err := s.VerifyAudit(context.Background()); err != nil || p != nil || n != int64(len(want)) {
		t.Errorf("VerifyAudit = %v, %d, %v", p, n, err)
	}
	// Without an actor, changes are the system's.
	s.SetRetention(context.Background(), "test", 0)
	s.AuditRows(context.Background(), AuditFilter{Newest: true, Limit: 1}, func(e audit.Entry) error {
		if e.Actor != audit.ActorSystem {
			t.Errorf("a change without an actor is recorded as %q", e.Actor)
		}
		return nil
	})
}

// timeIn returns a time an hour from now, for sessions that must not
// expire during a test.
func timeIn(t *testing.T) time.Time {
	t.Helper()
	return time.Now().Add(time.Hour)
}

func TestRecordConcurrent(t *testing.T) { forEachStore(t, testRecordConcurrent) }

// testRecordConcurrent records from many goroutines at once: every row
// is written (grouped in transactions), the chain verifies, and Close
// waits for the rows asked for.
func testRecordConcurrent(t *testing.T, s *Store) {
	const n, each = 40, 25
	var wg sync.WaitGroup
	errs := make(chan error, n*each)
	for i := range n {
		wg.Go(func() {
			ctx := WithActor(context.Background(), Actor{Name: fmt.Sprint("user", i)})
			for j := range each {
				if err := s.Record(ctx, audit.ActionViewDocument, fmt.Sprintf("document:%d-%d", i, j), ""); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	p, rows, err := s.VerifyAudit(context.Background())
	if err != nil || p != nil || rows != n*each {
		t.Errorf("VerifyAudit = %v, %d, %v; want %d rows intact", p, rows, err, n*each)
	}
}
