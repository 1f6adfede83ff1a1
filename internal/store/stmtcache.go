package store

import (
	"context"
	"database/sql"
	"sync"
)

// reader runs the store's queries outside transactions. On SQLite it
// keeps each query text prepared, once per connection of the pool
// (database/sql prepares a Stmt again on each connection it meets, and
// the driver keeps the compiled statement): compiling the SQL of every
// query anew took about a tenth of the server's CPU under vigie
// bench-web, and a document page runs some twenty queries. PostgreSQL's
// driver keeps its own cache of prepared statements per connection, so
// there the queries go to the pool as they are.
type reader struct {
	db    *sql.DB
	cache bool

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// Query texts are cached up to these bounds; beyond them (texts built
// with lists of values, say) they are run without preparing.
const (
	maxCachedStmts   = 512
	maxCachedStmtLen = 8 << 10
)

// stmt returns the prepared statement of q, or nil to run q as it is.
func (r *reader) stmt(ctx context.Context, q string) *sql.Stmt {
	if !r.cache || len(q) > maxCachedStmtLen {
		return nil
	}
	r.mu.Lock()
	st, ok := r.stmts[q]
	full := len(r.stmts) >= maxCachedStmts
	r.mu.Unlock()
	if ok || full {
		return st
	}
	// Prepared outside the lock: preparing waits for a connection.
	st, err := r.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the query itself reports the error, in its context
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if had, ok := r.stmts[q]; ok { // prepared meanwhile
		st.Close()
		return had
	}
	if r.stmts == nil {
		r.stmts = map[string]*sql.Stmt{}
	}
	r.stmts[q] = st
	return st
}

// QueryContext is sql.DB's, with q kept prepared.
func (r *reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, q, args...)
}

// QueryRowContext is sql.DB's, with q kept prepared.
func (r *reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, q, args...)
}

// close closes the prepared statements.
func (r *reader) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, st := range r.stmts {
		st.Close()
	}
	r.stmts = nil
}
