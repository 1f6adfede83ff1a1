package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
)

// A SQLite store keeps the view rows of Record in a queue of their own,
// the file audit-queue.db beside vigie.db, and moves them into the audit
// trail in bulk. Every commit to vigie.db makes each of the store's
// reading connections drop its page cache at its next query (SQLite's
// WAL readers keep no pages across a change); committing the view rows
// of a busy web server to vigie.db a hundred times a second meant that
// every search and document page read its pages afresh. Measured with
// vigie bench-web (50 clients, 100,000 posts, docs/benchmarks.md): 431
// requests/s with view rows in vigie.db, 731 with the queue.
//
// The queue changes neither what the trail holds nor its order: a row
// enters the trail, with its sequence number, its link and its hash,
// when it is moved, and every append to the trail (a change, another
// move) moves the rows waiting first, in their order, so a view
// recorded before a change precedes it in the chain. Readers of the
// trail move the waiting rows before they read. A row in the queue is
// committed like a row of the trail written by Record (see
// recorder.loop): a crash of vigie loses nothing, and the next store
// opened on the directory moves what a crashed process left.
//
// A row's At is when its queue transaction began. A change committed
// while that transaction ran precedes the row in the trail with a later
// time, by at most the length of a queue transaction: Seq is the order
// rows entered the trail, At the time each was recorded.
//
// The queue names itself with a random id, and vigie.db keeps, per queue
// id, the last queued row moved (in settings), in the transaction that
// moves it: a move interrupted at any point is neither lost nor doubled.
// Moved rows are deleted from the queue afterwards.
type auditQueue struct {
	db *sql.DB
	id string

	moveMu  sync.Mutex   // one move of this store at a time
	waiting atomic.Int64 // rows queued by this store since its last move
	kick    chan struct{}
	full    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

// queueFile is the queue's file name in a store's directory.
const queueFile = "audit-queue.db"

// A queue is moved into the trail queueMoveAfter its first row was
// queued, or once queueMoveRows rows wait, if nothing moved it before (a
// change, a reader of the trail). Each move is a commit to vigie.db,
// and each commit costs the readers their page caches: with vigie
// bench-web (50 clients, 100,000 posts), moving every second gave 309
// requests/s, every 5 s 600–695, every 30 s 741, never 690–820. Under
// that stress 10,000 rows wait about 14 s; a change then appends them
// in its transaction (a few hundred milliseconds).
const (
	queueMoveAfter = 30 * time.Second
	queueMoveRows  = 10000
)

// queueMoveChunk bounds the rows read from the queue at a time.
const queueMoveChunk = 1000

// openAuditQueue opens (creating it if needed) the queue in dir.
func openAuditQueue(ctx context.Context, dir string) (*auditQueue, error) {
	file := filepath.Join(dir, queueFile)
	q := url.Values{}
	// Its commits do not wait for the disk (see recorder.loop).
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(30000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("audit queue %s: %w", file, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	id, err := initAuditQueue(ctx, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("audit queue %s: %w", file, err)
	}
	return &auditQueue{db: db, id: id, kick: make(chan struct{}, 1), full: make(chan struct{}, 1), stop: make(chan struct{})}, nil
}

// initAuditQueue creates the queue's tables and id if the file has none
// yet (another process may be doing the same), and returns the id.
func initAuditQueue(ctx context.Context, db *sql.DB) (string, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	for _, stmt := range []string{
		"CREATE TABLE IF NOT EXISTS queue_id (id TEXT NOT NULL)",
		"INSERT INTO queue_id (id) SELECT lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM queue_id)",
		// AUTOINCREMENT: a number is never given twice, even once the
		// rows under it are deleted, so "moved up to n" stays true.
		`CREATE TABLE IF NOT EXISTS queued (
			n INTEGER PRIMARY KEY AUTOINCREMENT,
			at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
			object TEXT NOT NULL, purpose TEXT NOT NULL, detail TEXT NOT NULL)`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return "", err
		}
	}
	var id string
	if err := tx.QueryRowContext(ctx, "SELECT id FROM queue_id").Scan(&id); err != nil {
		return "", err
	}
	return id, tx.Commit()
}

// insert writes batch to the queue in one transaction of conn, each row
// with the time of that transaction.
func (q *auditQueue) insert(ctx context.Context, conn *sql.Conn, batch []recordReq) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO queued (at, actor, action, object, purpose, detail) VALUES (?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	// After BEGIN IMMEDIATE: the times rise with n, across processes.
	at := time.Now().UTC().Round(0).Format(audit.TimeFormat)
	for _, req := range batch {
		e := req.e
		if _, err := stmt.ExecContext(ctx, at, cleanText(e.Actor), cleanText(e.Action), cleanText(e.Object), cleanText(e.Purpose), cleanText(e.Detail)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// markerName is the setting that holds the last row of queue id moved.
func markerName(id string) string { return "audit_queue_moved:" + id }

// drain appends to the trail, inside tx (a transaction of the store
// holding its write lock), the rows of the queue not moved yet, in their
// order, and records the last one moved; it returns that number.
func (q *auditQueue) drain(ctx context.Context, s *Store, tx *sql.Tx) (int64, error) {
	var moved int64
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = ?", markerName(q.id)).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, fmt.Errorf("audit queue: %w", err)
	default:
		if moved, err = strconv.ParseInt(v, 10, 64); err != nil {
			return 0, fmt.Errorf("audit queue: the last row moved is %q: %w", v, err)
		}
	}
	start := moved
	for {
		rows, err := q.db.QueryContext(ctx, "SELECT n, at, actor, action, object, purpose, detail FROM queued WHERE n > ? ORDER BY n LIMIT ?", moved, queueMoveChunk)
		if err != nil {
			return 0, fmt.Errorf("audit queue: %w", err)
		}
		var chunk []audit.Entry
		last := moved
		for rows.Next() {
			var e audit.Entry
			var at string
			if err := rows.Scan(&last, &at, &e.Actor, &e.Action, &e.Object, &e.Purpose, &e.Detail); err != nil {
				rows.Close()
				return 0, fmt.Errorf("audit queue: %w", err)
			}
			if e.At, err = time.Parse(audit.TimeFormat, at); err != nil {
				rows.Close()
				return 0, fmt.Errorf("audit queue: row %d: time %q: %w", last, at, err)
			}
			chunk = append(chunk, e)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return 0, fmt.Errorf("audit queue: %w", err)
		}
		if len(chunk) == 0 {
			break
		}
		if err := s.appendAudit(ctx, tx, chunk); err != nil {
			return 0, err
		}
		moved = last
	}
	if moved != start {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
			markerName(q.id), strconv.FormatInt(moved, 10))
		if err != nil {
			return 0, fmt.Errorf("audit queue: %w", err)
		}
	}
	return moved, nil
}

// move moves the waiting rows into the trail in a transaction of its
// own, then deletes the rows moved from the queue.
func (q *auditQueue) move(ctx context.Context, s *Store) error {
	q.moveMu.Lock()
	defer q.moveMu.Unlock()
	q.waiting.Store(0)
	// Without the write lock first: a store opened to read, or a reader
	// of the trail, must not wait for an ingest's batch when nothing
	// waits in the queue.
	var top sql.NullInt64
	if err := q.db.QueryRowContext(ctx, "SELECT max(n) FROM queued").Scan(&top); err != nil {
		return fmt.Errorf("audit queue: %w", err)
	}
	if !top.Valid {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit queue: %w", err)
	}
	moved, err := q.drain(ctx, s, tx)
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit queue: %w", err)
	}
	// The rows are in the trail; deleting them from the queue can wait
	// for the next move if it fails.
	if moved == 0 {
		return nil
	}
	if _, err := q.db.ExecContext(ctx, "DELETE FROM queued WHERE n <= ?", moved); err != nil {
		return fmt.Errorf("audit queue: %w", err)
	}
	return nil
}

// queued tells the mover that n rows were queued; it never waits.
func (q *auditQueue) queued(n int) {
	select {
	case q.kick <- struct{}{}:
	default:
	}
	if q.waiting.Add(int64(n)) >= queueMoveRows {
		select {
		case q.full <- struct{}{}:
		default:
		}
	}
}

// start runs the mover of s's queue until close.
func (q *auditQueue) start(s *Store) {
	q.done = make(chan struct{})
	go func() {
		defer close(q.done)
		wait := time.NewTimer(0)
		<-wait.C
		for {
			select {
			case <-q.stop:
				return
			case <-q.kick:
			}
			wait.Reset(queueMoveAfter)
			select {
			case <-q.stop:
				return
			case <-wait.C:
			case <-q.full:
				wait.Stop() // Go 1.23 timers: no stale tick to drain
			}
			// On an error the rows stay in the queue for the next move;
			// the readers of the trail move before they read, and
			// report the error then.
			q.move(context.Background(), s)
		}
	}()
}

// close stops the mover, moves what waits and closes the queue.
func (q *auditQueue) close(s *Store) error {
	close(q.stop)
	if q.done != nil {
		<-q.done
	}
	err := q.move(context.Background(), s)
	if cerr := q.db.Close(); err == nil {
		err = cerr
	}
	return err
}
