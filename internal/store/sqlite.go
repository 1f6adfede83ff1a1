package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteDialect is SQLite with FTS5 (modernc.org/sqlite, pure Go).
type sqliteDialect struct{}

func (sqliteDialect) name() string               { return "sqlite" }
func (sqliteDialect) placeholder(n int) string   { return fmt.Sprintf("?%d", n) }
func (sqliteDialect) nextPlaceholder(int) string { return "?" }

func (sqliteDialect) docTextColumns() []string                                { return nil }
func (sqliteDialect) docTextValues(func(any) string, string, string) []string { return nil }

// indexTexts adds the folded texts to the FTS5 table, in multi-row
// statements: FTS5 flushes its pending terms to new index segments at the
// end of each statement, so fewer statements also mean fewer, larger
// segments to merge.
func (d sqliteDialect) indexTexts(ctx context.Context, tx *sql.Tx, news []int, idOf func(int) int64, folded func(int) string) error {
	b := newBulk(d, "INSERT INTO documents_fts (rowid, folded) VALUES ", "")
	for _, i := range news {
		if err := b.add(ctx, tx, idOf(i), folded(i)); err != nil {
			return err
		}
	}
	return b.flush(ctx, tx)
}

// insertInto makes a failed constraint end the statement where it stands
// (OR FAIL) instead of undoing the statement's own rows first (the
// default, ABORT): Add then rolls the whole transaction back anyway. With
// ABORT, SQLite keeps a journal of every page a multi-row statement
// changes, in memory, to undo just that statement: at a million documents
// that journal cost the writer a third of its time.
func (sqliteDialect) insertInto(table string) string { return "INSERT OR FAIL INTO " + table }

// deleteIndexed: the FTS5 index is contentless, with deletes allowed.
func (sqliteDialect) deleteIndexed(in string) []string {
	return []string{"DELETE FROM documents_fts WHERE rowid IN " + in}
}

// migrating turns foreign key enforcement off on conn while migrations
// run, as SQLite asks of a migration that rebuilds a table (it cannot
// alter a constraint in place: https://sqlite.org/lang_altertable.html),
// and checks every reference before each migration commits instead.
func (sqliteDialect) migrating(ctx context.Context, conn *sql.Conn) (check func(context.Context, *sql.Tx) error, done func() error, err error) {
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return nil, nil, err
	}
	done = func() error {
		// Not ctx: the connection goes back to the pool, canceled or not.
		_, err := conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
		return err
	}
	check = func(ctx context.Context, tx *sql.Tx) error { return foreignKeyCheck(ctx, tx) }
	return check, done, nil
}

// foreignKeyCheck returns an error naming the first references that point
// nowhere, if any.
func foreignKeyCheck(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) error {
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var bad []string
	n := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int64
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		if n++; len(bad) < 5 {
			bad = append(bad, fmt.Sprintf("%s row %d points to no %s", table, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%d broken references: %s", n, strings.Join(bad, "; "))
	}
	return nil
}

// recentWindow is not needed: FTS5 returns matches newest first.
func (sqliteDialect) recentWindow() (int, func(string) string) { return 0, nil }

func (sqliteDialect) matchFrom() string { return "documents_fts" }

// newestFirst follows the full-text index's own order (its rowid is the
// document's id), which FTS5 walks backwards without sorting.
func (sqliteDialect) newestFirst() string { return "documents_fts.rowid DESC" }

func (sqliteDialect) matchClause(terms []string, _ string, arg int) (from, cond, rank string, args []any) {
	// Each term is quoted as an FTS5 string, so that no query syntax
	// reaches the engine; terms are implicitly ANDed. rank is bm25, lower
	// for better matches.
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return "documents_fts JOIN documents d ON d.id = documents_fts.rowid",
		"documents_fts MATCH " + sqliteDialect{}.placeholder(arg),
		"-documents_fts.rank", []any{strings.Join(q, " ")}
}

// openSQLite opens (creating if needed) the database in the data
// directory dir.
func openSQLite(ctx context.Context, dir string, cacheKB int) (*Store, error) {
	return openSQLiteCache(ctx, dir, math.MaxInt, cacheKB)
}

// maxConns bounds a store's connection pool (SQLite and PostgreSQL).
const maxConns = 8

// openSQLiteTo is openSQLite with the schema migrated up to version last
// only (for the tests of migrations).
func openSQLiteTo(ctx context.Context, dir string, last int) (*Store, error) {
	return openSQLiteCache(ctx, dir, last, ingestCacheKB)
}

// Page caches per SQLite connection, in KiB: large for the writer of an
// ingest (see openSQLiteCache), small for a server's readers, which the
// operating system's file cache serves as well: eight connections with
// 192 MB each held 1.5 GB for a 170 MB store under load.
const (
	ingestCacheKB = 196608
	serveCacheKB  = 16384
)

func openSQLiteCache(ctx context.Context, dir string, last, cacheKB int) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	file := filepath.Join(dir, "vigie.db")
	// WAL lets searches run while an ingest writes; synchronous FULL makes
	// every committed batch survive a power cut; immediate transactions
	// take the write lock at BEGIN, so that two writers wait in turn
	// (busy_timeout) instead of failing. A 192 MB page cache (per
	// connection, filled as pages are read) keeps most of the random-key
	// indexes an ingest updates in memory: at 1 M posts, with photos and
	// clusters stored too, 64 MB gave 4,570 posts/s, 192 MB 5,388 at
	// 900 MB RSS, 256 MB 5,333 at 1.01 GB.
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(30000)", "foreign_keys(1)", fmt.Sprintf("cache_size(-%d)", cacheKB), "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", file, err)
	}
	// A bounded pool whose connections stay open: database/sql keeps 2
	// idle connections by default, so under 50 web clients it opened and
	// closed connections all the time, each dropping its page cache
	// (closing took 44% of the server's CPU, and each new connection
	// read its pages again). Eight connections, each with its cache, are
	// plenty for WAL readers and one writer on a few cores.
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", file, err)
	}
	s := &Store{db: db, d: sqliteDialect{}, rd: reader{db: db, cache: true}}
	if err := s.migrateTo(ctx, last); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", file, err)
	}
	if last < math.MaxInt {
		return s, nil // a test of migrations: no audit queue
	}
	if s.queue, err = openAuditQueue(ctx, dir); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	// What a crashed process left in the queue is moved by the first
	// append, move or reading of the trail, not here: opening a store to
	// read must not wait for the write lock.
	s.queue.start(s)
	return s, nil
}
