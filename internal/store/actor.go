package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Actor is who a change is made for and why: the store records it in
// the audit trail with every change, in the change's own transaction.
type Actor struct {
	Name    string // an account, audit.CLIActor(user) or audit.ActorSystem
	Purpose string // a case ("case:12") or a stated reason, or ""
}

type actorKey struct{}

// WithActor returns ctx carrying a: the changes made with it are
// recorded as a's.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf returns the actor ctx carries, or audit.ActorSystem.
func ActorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Name != "" {
		return a
	}
	return Actor{Name: audit.ActorSystem}
}

// audited appends, as the last statement of tx, the audit row of the
// change tx makes for ctx's actor.
func (s *Store) audited(ctx context.Context, tx *sql.Tx, action, object, detail string) error {
	a := ActorOf(ctx)
	_, err := s.auditTx(ctx, tx, audit.Entry{Actor: a.Name, Action: action, Object: object, Purpose: a.Purpose, Detail: detail})
	return err
}

// Record appends a row for what ctx's actor did that changed nothing in
// the store (a view, a search, an export), and returns once it is
// committed. Rows asked for at the same time are written together, in
// one transaction (a group commit): a web server records a row per page
// view, and one transaction each would queue every view behind the
// database's single writer.
func (s *Store) Record(ctx context.Context, action, object, detail string) error {
	a := ActorOf(ctx)
	e := audit.Entry{Actor: a.Name, Action: action, Object: object, Purpose: a.Purpose, Detail: detail}
	if e.Actor == "" || e.Action == "" {
		return fmt.Errorf("audit: an entry needs an actor and an action: %w", vigie.ErrInvalid)
	}
	return s.records.add(ctx, s, e)
}

// recordBatch bounds the rows of one group commit, and recordWait how
// long the first row of a group waits for others.
const (
	recordBatch = 256
	recordWait  = 3 * time.Millisecond
)

// recorder is the goroutine that writes the rows of Record.
type recorder struct {
	mu      sync.Mutex
	ch      chan recordReq
	stopped bool
	done    chan struct{}
}

type recordReq struct {
	e    audit.Entry
	errc chan error
}

func (r *recorder) add(ctx context.Context, s *Store, e audit.Entry) error {
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return fmt.Errorf("audit %s: the store is closed", e.Action)
	}
	if r.ch == nil {
		r.ch, r.done = make(chan recordReq, recordBatch), make(chan struct{})
		go r.loop(s)
	}
	req := recordReq{e: e, errc: make(chan error, 1)}
	// Sent under the lock, so that stop cannot close the channel
	// between the check and the send.
	select {
	case r.ch <- req:
		r.mu.Unlock()
	case <-ctx.Done():
		r.mu.Unlock()
		return ctx.Err()
	}
	// Once queued, the row is written even if ctx ends: the caller does
	// not show what it asked to record, but the row says it was asked.
	return <-req.errc
}

func (r *recorder) loop(s *Store) {
	defer close(r.done)
	// The recorder's own connection commits without waiting for the disk
	// (SQLite: synchronous NORMAL, PostgreSQL: synchronous_commit off):
	// a crash of vigie or of the database loses nothing and corrupts
	// nothing; a power cut or a crash of the machine may lose the rows of
	// the last moments before it. Waiting for the disk at each commit
	// instead cut the throughput of document pages by a third under
	// load. Changes keep their audit rows in their own transactions,
	// which wait for the disk. On SQLite the rows go to the store's queue
	// (see auditQueue), whose file commits so.
	ctx := context.Background()
	db := s.db
	if s.queue != nil {
		db = s.queue.db
	}
	conn, cerr := db.Conn(ctx)
	if conn != nil {
		defer conn.Close()
	}
	wait := time.NewTimer(0)
	<-wait.C
	for first := range r.ch {
		// Rows that come within recordWait of the first share its
		// transaction: a transaction costs far more than a row.
		batch := []recordReq{first}
		wait.Reset(recordWait)
	collect:
		for len(batch) < recordBatch {
			select {
			case req, ok := <-r.ch:
				if !ok {
					break collect
				}
				batch = append(batch, req)
			case <-wait.C:
				break collect
			}
		}
		if !wait.Stop() {
			select {
			case <-wait.C:
			default:
			}
		}
		err := cerr
		if err == nil && s.queue != nil {
			if err = s.queue.insert(ctx, conn, batch); err == nil {
				s.queue.queued(len(batch))
			}
		} else if err == nil {
			err = recordTx(ctx, s, conn, batch)
		}
		for _, req := range batch {
			req.errc <- err
		}
	}
}

// stop ends the recorder once the rows queued are written.
func (r *recorder) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	r.stopped = true
	if r.ch != nil {
		close(r.ch)
		<-r.done
	}
}

// recordTx writes batch in one transaction of conn (PostgreSQL).
func recordTx(ctx context.Context, s *Store, conn *sql.Conn, batch []recordReq) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
		return err
	}
	es := make([]audit.Entry, len(batch))
	for i, req := range batch {
		es[i] = req.e
	}
	if err := s.appendAudit(ctx, tx, es); err != nil {
		return err
	}
	return tx.Commit()
}
