package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// auditColumns are the columns of an audit_log row, in the order
// scanAudit reads them.
const auditColumns = "seq, at, actor, action, object, purpose, detail, prev, hash"

// Audit appends e to the audit trail in a transaction of its own, for
// actions whose only write is their audit row (a search, a page view),
// and returns the row as stored. Seq, At, Prev and Hash are set by the
// store: At is the time of appending, to the nanosecond, in UTC. Actor
// and Action are required (the error wraps vigie.ErrInvalid). Text that
// is not valid UTF-8, or holds NUL bytes, is stored with those bytes
// replaced by U+FFFD, the same in both dialects.
//
// Appends are serialised: on SQLite every transaction of the store takes
// the write lock when it begins, on PostgreSQL the append takes a lock
// of its own; concurrent appends queue, and the chain stays gapless (a
// race the lock missed would fail on the primary key, never fork the
// chain).
func (s *Store) Audit(ctx context.Context, e audit.Entry) (_ audit.Entry, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return audit.Entry{}, fmt.Errorf("audit %s: %w", e.Action, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if e, err = s.auditTx(ctx, tx, e); err != nil {
		return audit.Entry{}, err
	}
	if err = tx.Commit(); err != nil {
		return audit.Entry{}, fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return e, nil
}

// auditTx appends e to the audit trail inside tx, the transaction of the
// change it records, so that both are committed or neither; it returns
// the row as it will be stored (see Audit).
//
// Call it as the last statement of tx: on PostgreSQL it holds the
// appenders' lock until tx ends, and a transaction that took the lock and
// then waited for rows another transaction holds could deadlock with it.
// tx must be READ COMMITTED (the default) on PostgreSQL, so that it reads
// the last row committed before it took the lock. On SQLite, tx holds the
// write lock already (the store begins transactions IMMEDIATE).
func (s *Store) auditTx(ctx context.Context, tx *sql.Tx, e audit.Entry) (audit.Entry, error) {
	if e.Actor == "" || e.Action == "" {
		return audit.Entry{}, fmt.Errorf("audit: an entry needs an actor and an action: %w", vigie.ErrInvalid)
	}
	if s.queue != nil {
		// The views recorded before this row precede it.
		if _, err := s.queue.drain(ctx, s, tx); err != nil {
			return audit.Entry{}, fmt.Errorf("audit %s: %w", e.Action, err)
		}
	}
	e.At = time.Time{}
	es := []audit.Entry{e}
	if err := s.appendAudit(ctx, tx, es); err != nil {
		return audit.Entry{}, err
	}
	return es[0], nil
}

// appendAudit appends es, in order, to the audit trail inside tx, and
// sets their Seq, Prev and Hash (and their At, where zero, to now: after
// the lock, so that At rises with Seq). See auditTx for tx.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, es []audit.Entry) error {
	if len(es) == 0 {
		return nil
	}
	if s.d.name() == "postgres" {
		// Other appenders wait until tx ends; readers (the verify, the
		// admin pages) do not. An advisory lock, keyed by the table's oid
		// (one per schema), needs no privilege on the table: an account
		// allowed only to INSERT and SELECT audit rows can append.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock('audit_log'::regclass::oid::bigint)"); err != nil {
			return fmt.Errorf("audit %s: lock: %w", es[0].Action, err)
		}
	}
	var last int64
	prev := audit.Genesis
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit %s: %w", es[0].Action, err)
	}
	p := s.d.placeholder
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO audit_log ("+auditColumns+") VALUES ("+
		p(1)+", "+p(2)+", "+p(3)+", "+p(4)+", "+p(5)+", "+p(6)+", "+p(7)+", "+p(8)+", "+p(9)+")")
	if err != nil {
		return fmt.Errorf("audit %s: %w", es[0].Action, err)
	}
	defer stmt.Close()
	now := time.Now().UTC().Round(0) // to the nanosecond
	for i := range es {
		e := &es[i]
		if e.Actor == "" || e.Action == "" {
			return fmt.Errorf("audit: an entry needs an actor and an action: %w", vigie.ErrInvalid)
		}
		last++
		e.Seq = last
		if e.At.IsZero() {
			e.At = now
		}
		for _, f := range []*string{&e.Actor, &e.Action, &e.Object, &e.Purpose, &e.Detail} {
			*f = cleanText(*f)
		}
		*e = audit.Seal(prev, *e)
		prev = e.Hash
		if _, err := stmt.ExecContext(ctx, e.Seq, e.At.Format(audit.TimeFormat), e.Actor, e.Action, e.Object, e.Purpose, e.Detail, e.Prev, e.Hash); err != nil {
			return fmt.Errorf("audit %s: %w", e.Action, err)
		}
	}
	return nil
}

// cleanText returns s as both dialects store it: valid UTF-8 without NUL
// bytes (PostgreSQL refuses both in text).
func cleanText(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// AuditFilter selects rows of the audit trail; its zero value selects
// every row, oldest first.
type AuditFilter struct {
	Actor        string    // exactly this actor
	Action       string    // exactly this action
	Object       string    // exactly this object
	ObjectPrefix string    // objects beginning so ("document:", "case:12")
	Purpose      string    // exactly this purpose
	From, To     time.Time // At from From (included) to To (excluded), where not zero
	AfterSeq     int64     // rows after this one (paging oldest first)
	BeforeSeq    int64     // rows before this one, when > 0 (paging newest first)
	Newest       bool      // newest first
	Limit        int       // at most this many rows, when > 0
}

// AuditRows calls fn with the rows of the audit trail that f selects, in
// Seq order (descending with f.Newest), stopping at the first error fn
// returns. Rows stream: fn must not use the store (on SQLite, a
// connection is busy until AuditRows returns).
func (s *Store) AuditRows(ctx context.Context, f AuditFilter, fn func(audit.Entry) error) error {
	var conds []string
	var args []any
	cond := func(c string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(c, "?", s.d.placeholder(len(args))))
	}
	for _, c := range []struct{ col, v string }{{"actor", f.Actor}, {"action", f.Action}, {"object", f.Object}, {"purpose", f.Purpose}} {
		if c.v != "" {
			cond(c.col+" = ?", c.v)
		}
	}
	if f.ObjectPrefix != "" {
		// A range of the index rather than LIKE, whose wildcards and case
		// folding differ between the dialects; compared as bytes.
		col := "object"
		if s.d.name() == "postgres" {
			col = `(object COLLATE "C")`
		}
		cond(col+" >= ?", f.ObjectPrefix)
		if end, ok := prefixEnd(f.ObjectPrefix); ok {
			cond(col+" < ?", end)
		}
	}
	if !f.From.IsZero() {
		cond("at >= ?", f.From.UTC().Format(audit.TimeFormat))
	}
	if !f.To.IsZero() {
		cond("at < ?", f.To.UTC().Format(audit.TimeFormat))
	}
	if f.AfterSeq > 0 {
		cond("seq > ?", f.AfterSeq)
	}
	if f.BeforeSeq > 0 {
		cond("seq < ?", f.BeforeSeq)
	}
	q := "SELECT " + auditColumns + " FROM audit_log"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY seq"
	if f.Newest {
		q += " DESC"
	}
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += " LIMIT " + s.d.placeholder(len(args))
	}
	return s.auditScan(ctx, q, args, fn)
}

// prefixEnd returns the least string above every string that begins with
// p, in byte order: p with its last character incremented (dropping
// trailing U+10FFFF); false when there is none.
func prefixEnd(p string) (string, bool) {
	for p != "" {
		r, size := utf8.DecodeLastRuneInString(p)
		p = p[:len(p)-size]
		if r == utf8.MaxRune || r == utf8.RuneError && size == 1 {
			continue
		}
		r++
		if r >= 0xD800 && r <= 0xDFFF { // surrogates are not characters
			r = 0xE000
		}
		return p + string(r), true
	}
	return "", false
}

// auditScan runs q and calls fn with each row, once the rows waiting in
// the audit queue are in the trail.
func (s *Store) auditScan(ctx context.Context, q string, args []any, fn func(audit.Entry) error) error {
	if err := s.flushAudit(ctx); err != nil {
		return fmt.Errorf("read audit trail: %w", err)
	}
	rows, err := s.rd.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read audit trail: %w", err)
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if n%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e, err := scanAudit(rows)
		if err != nil {
			return fmt.Errorf("read audit trail: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read audit trail: %w", err)
	}
	return nil
}

// scanAudit reads a row of audit_log as it is, whatever was done to it:
// a NULL reads as empty, and an at that is not in audit.TimeFormat as the
// zero time, which no row was sealed with, so that the row fails its
// hash instead of stopping the verification.
func scanAudit(row interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	var at, actor, action, object, purpose, detail, prev, hash sql.NullString
	if err := row.Scan(&e.Seq, &at, &actor, &action, &object, &purpose, &detail, &prev, &hash); err != nil {
		return e, err
	}
	if t, err := time.Parse(audit.TimeFormat, at.String); err == nil && t.Format(audit.TimeFormat) == at.String {
		e.At = t
	}
	e.Actor, e.Action, e.Object, e.Purpose, e.Detail, e.Prev, e.Hash =
		actor.String, action.String, object.String, purpose.String, detail.String, prev.String, hash.String
	return e, nil
}

// VerifyAudit reads the whole audit trail in Seq order and checks its
// hash chain: it returns the first problem (nil if the chain is whole)
// and the number of rows read.
func (s *Store) VerifyAudit(ctx context.Context) (*audit.Problem, int64, error) {
	r, err := s.VerifyAuditTrail(ctx, nil, 1)
	if err != nil {
		return nil, r.Rows, err
	}
	if len(r.Problems) == 0 {
		return nil, r.Rows, nil
	}
	return &r.Problems[0], r.Rows, nil
}

// VerifyAuditTrail is VerifyAudit returning up to max problems (all when
// max <= 0), the trail compared with head too when head is not nil (see
// audit.Head), and the last row read. It reads the trail as of one
// moment, in memory bounded whatever its length.
func (s *Store) VerifyAuditTrail(ctx context.Context, head *audit.Head, max int) (audit.Result, error) {
	c := audit.NewChecker(head)
	err := s.auditScan(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq", nil, func(e audit.Entry) error {
		c.Add(e)
		return nil
	})
	if err != nil {
		return audit.Result{}, fmt.Errorf("verify audit trail: %w", err)
	}
	return c.Result(max), nil
}
