// Package store keeps documents, what the analysis found in them (entities,
// indicator hits, categories) and the ingest runs that brought them in, in
// one SQL schema with two dialects: SQLite (embedded, the default) and
// PostgreSQL (for a unit that outgrows one machine). The original bytes of
// documents live in the evidence store; documents point at them.
//
// A document's identity is its Key: the SHA-256 of its source, its id at
// the source and its text. Adding the same document twice adds nothing,
// so an interrupted ingest can simply be run again.
//
// A Store is safe for concurrent use.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

//go:embed migrations
var migrations embed.FS

// dialect holds what differs between SQLite and PostgreSQL.
type dialect interface {
	name() string
	// placeholder returns the n-th (from 1) bind parameter.
	placeholder(n int) string
	// indexText adds the folded text of the document with row id to the
	// full-text index, inside tx.
	indexText(ctx context.Context, tx *sql.Tx, id int64, folded string) error
	// matchClause returns the FROM clause joining the full-text index to
	// the documents table (aliased d), a condition that holds when d
	// matches every folded term, an expression ranking the match (higher
	// is better), and the arguments of the condition, numbered from arg.
	matchClause(terms []string, arg int) (from, cond, rank string, args []any)
	// insertDocument returns the INSERT of a document, which skips one
	// whose key exists and else returns the new id.
	insertDocument() string
}

// Store is an open database.
type Store struct {
	db *sql.DB
	d  dialect
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// migrate applies, in order, the embedded migrations of the dialect not
// yet recorded in schema_migrations. Migrations only go forward.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dir := path.Join("migrations", s.d.name())
	files, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		base := path.Base(f)
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migrate: file %s is not named NNNN_name.sql", base)
		}
		var n int
		q := "SELECT count(*) FROM schema_migrations WHERE version = " + s.d.placeholder(1)
		if err := s.db.QueryRowContext(ctx, q, version).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(f)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		ins := "INSERT INTO schema_migrations (version, applied_at) VALUES (" + s.d.placeholder(1) + ", " + s.d.placeholder(2) + ")"
		if _, err := tx.ExecContext(ctx, ins, version, now()); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// timeFormat writes times in UTC with a fixed width, so that they compare
// as strings in both dialects.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func now() string { return time.Now().UTC().Format(timeFormat) }

// Key returns the identity of a document: the SHA-256 of its source, its
// id at the source and its text. The same post captured twice from the
// same source has the same key; an edited post does not.
func Key(d *vigie.Document) string {
	h := sha256.New()
	for _, s := range []string{d.Source, d.ID, d.Text} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Item is a document to add with its analysis and its folded text (the
// view the full-text index holds).
type Item struct {
	Doc      vigie.Document
	Analysis vigie.Analysis
	Folded   string
	Added    bool // set by Add when the document was new
}

// Run is one ingest run.
type Run struct {
	ID      int64
	Added   int
	Skipped int
	Errors  int
}

// BeginRun records the start of an ingest run described by args.
func (s *Store) BeginRun(ctx context.Context, args string) (int64, error) {
	q := "INSERT INTO ingest_runs (started_at, args) VALUES (" + s.d.placeholder(1) + ", " + s.d.placeholder(2) + ") RETURNING id"
	var id int64
	if err := s.db.QueryRowContext(ctx, q, now(), args).Scan(&id); err != nil {
		return 0, fmt.Errorf("begin ingest run: %w", err)
	}
	return id, nil
}

// FinishRun records the totals of run r.
func (s *Store) FinishRun(ctx context.Context, r Run) error {
	p := s.d.placeholder
	q := "UPDATE ingest_runs SET finished_at = " + p(1) + ", documents_added = " + p(2) +
		", documents_skipped = " + p(3) + ", errors = " + p(4) + " WHERE id = " + p(5)
	if _, err := s.db.ExecContext(ctx, q, now(), r.Added, r.Skipped, r.Errors, r.ID); err != nil {
		return fmt.Errorf("finish ingest run %d: %w", r.ID, err)
	}
	return nil
}

// Add stores items in one transaction of ingest run run (0 for none): all
// of them or, on error, none. It sets Added on the items it stored (on
// error, Added means nothing).
// Documents already present (same Key) are skipped. It returns how many
// were added and skipped.
func (s *Store) Add(ctx context.Context, run int64, items []Item) (added, skipped int, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	p := s.d.placeholder
	ph := func(from, n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p(from + i))
		}
		return b.String()
	}
	insDoc, err := tx.PrepareContext(ctx, s.d.insertDocument())
	if err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	defer insDoc.Close()
	insEnt, err := tx.PrepareContext(ctx, "INSERT INTO entities (document_id, kind, value, start, stop) VALUES ("+ph(1, 5)+")")
	if err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	defer insEnt.Close()
	insHit, err := tx.PrepareContext(ctx, "INSERT INTO hits (document_id, indicator, category, start, stop, lang) VALUES ("+ph(1, 6)+")")
	if err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	defer insHit.Close()
	insCat, err := tx.PrepareContext(ctx, "INSERT INTO categories (document_id, category, score) VALUES ("+ph(1, 3)+")")
	if err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	defer insCat.Close()
	sources := map[string]int64{}
	ingested := now()
	var runID any // NULL when the documents come from no recorded run
	if run > 0 {
		runID = run
	}
	for i := range items {
		it := &items[i]
		d := &it.Doc
		var src any
		if d.Source != "" {
			id, ok := sources[d.Source]
			if !ok {
				if id, err = s.sourceID(ctx, tx, d.Source); err != nil {
					return 0, 0, err
				}
				sources[d.Source] = id
			}
			src = id
		}
		var posted any
		if !d.PostedAt.IsZero() {
			posted = d.PostedAt.UTC().Format(timeFormat)
		}
		media := ""
		if len(d.Media) > 0 {
			media = mediaJSON(d.Media)
		}
		a := &it.Analysis
		var id int64
		err = insDoc.QueryRowContext(ctx, Key(d), d.ID, src, d.Platform, d.URL, d.Author, posted, d.Text,
			d.Region, d.Lang, a.Language, a.Risk, a.Rulebook, d.Origin.Blob, d.Origin.Offset, d.Origin.Length,
			d.Origin.Record, media, runID, ingested).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			skipped++
			err = nil
			continue
		}
		if err != nil {
			return 0, 0, fmt.Errorf("add document %q: %w", d.ID, err)
		}
		added++
		it.Added = true
		for _, e := range a.Entities {
			if _, err = insEnt.ExecContext(ctx, id, string(e.Kind), e.Value, e.Start, e.End); err != nil {
				return 0, 0, fmt.Errorf("add entities of %q: %w", d.ID, err)
			}
		}
		for _, h := range a.Indicators {
			if _, err = insHit.ExecContext(ctx, id, h.ID, h.Category, h.Start, h.End, h.Lang); err != nil {
				return 0, 0, fmt.Errorf("add hits of %q: %w", d.ID, err)
			}
		}
		for _, c := range a.Categories {
			if _, err = insCat.ExecContext(ctx, id, c.ID, c.Score); err != nil {
				return 0, 0, fmt.Errorf("add categories of %q: %w", d.ID, err)
			}
		}
		if err = s.d.indexText(ctx, tx, id, it.Folded); err != nil {
			return 0, 0, fmt.Errorf("index %q: %w", d.ID, err)
		}
	}
	if err = tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	return added, skipped, nil
}

// sourceID returns the id of the source named name, adding it if needed.
func (s *Store) sourceID(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	p := s.d.placeholder
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM sources WHERE name = "+p(1), name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("source %q: %w", name, err)
	}
	if err := tx.QueryRowContext(ctx, "INSERT INTO sources (name) VALUES ("+p(1)+") RETURNING id", name).Scan(&id); err != nil {
		return 0, fmt.Errorf("add source %q: %w", name, err)
	}
	return id, nil
}

// Stats are the store's totals.
type Stats struct {
	Documents  int64            `json:"documents"`
	Entities   int64            `json:"entities"`
	Hits       int64            `json:"hits"`
	Sources    int64            `json:"sources"`
	Runs       int64            `json:"ingest_runs"`
	Categories map[string]int64 `json:"categories"`
	Languages  map[string]int64 `json:"languages"`
}

// Stats counts what the store holds.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Categories: map[string]int64{}, Languages: map[string]int64{}}
	for _, c := range []struct {
		q   string
		dst *int64
	}{
		{"SELECT count(*) FROM documents", &st.Documents},
		{"SELECT count(*) FROM entities", &st.Entities},
		{"SELECT count(*) FROM hits", &st.Hits},
		{"SELECT count(*) FROM sources", &st.Sources},
		{"SELECT count(*) FROM ingest_runs", &st.Runs},
	} {
		if err := s.db.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	for _, g := range []struct {
		q   string
		dst map[string]int64
	}{
		{"SELECT category, count(*) FROM categories GROUP BY category", st.Categories},
		{"SELECT language, count(*) FROM documents GROUP BY language", st.Languages},
	} {
		rows, err := s.db.QueryContext(ctx, g.q)
		if err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return st, fmt.Errorf("stats: %w", err)
			}
			g.dst[k] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	return st, nil
}

// Origins calls fn with the key and origin of every document, in id
// order, stopping at the first error fn returns; used to verify that every
// document's original bytes are in the evidence store.
func (s *Store) Origins(ctx context.Context, fn func(key string, o vigie.Origin) error) error {
	rows, err := s.db.QueryContext(ctx, "SELECT key, blob, blob_offset, blob_length, record FROM documents ORDER BY id")
	if err != nil {
		return fmt.Errorf("list origins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var o vigie.Origin
		if err := rows.Scan(&key, &o.Blob, &o.Offset, &o.Length, &o.Record); err != nil {
			return fmt.Errorf("list origins: %w", err)
		}
		if err := fn(key, o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Check asks the database to check itself: SQLite's integrity_check (every
// page, index and constraint); on PostgreSQL, that the schema is readable.
func (s *Store) Check(ctx context.Context) error {
	if s.d.name() != "sqlite" {
		var n int64
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
			return fmt.Errorf("check database: %w", err)
		}
		return nil
	}
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return fmt.Errorf("check database: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("database damaged: %s", strings.Join(problems, "; "))
	}
	return nil
}
