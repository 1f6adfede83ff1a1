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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

//go:embed migrations
var migrations embed.FS

// dialect holds what differs between SQLite and PostgreSQL.
type dialect interface {
	name() string
	// placeholder returns the n-th (from 1) bind parameter.
	placeholder(n int) string
	// nextPlaceholder returns the n-th bind parameter of a statement that
	// binds its parameters in the order they appear in its text (SQLite's
	// driver looks numbered parameters up one by one in a list, which is
	// slow for thousands of them; a plain "?" is the next one).
	nextPlaceholder(n int) string
	// docTextColumns and docTextValues are the full-text columns of a
	// document row, if any, and their values for its folded text and
	// detected language (arg binds a value and returns its placeholder).
	docTextColumns() []string
	docTextValues(arg func(any) string, folded, lang string) []string
	// indexTexts adds the folded texts of the new documents (items news,
	// with ids and texts from idOf and folded) to a full-text index kept
	// apart from the documents, if the dialect has one, inside tx.
	indexTexts(ctx context.Context, tx *sql.Tx, news []int, idOf func(int) int64, folded func(int) string) error
	// matchClause returns the FROM clause joining the full-text index to
	// the documents table (aliased d), a condition that holds when d
	// matches every folded term (or, searching documents of language
	// lang, every stem where the dialect stems), an expression ranking the
	// match (higher is better), and the arguments of the condition,
	// numbered from arg.
	matchClause(terms []string, lang string, arg int) (from, cond, rank string, args []any)
	// insertInto begins a multi-row INSERT into table (columns and VALUES
	// follow).
	insertInto(table string) string
	// migrating prepares conn, the connection that applies migrations,
	// and returns a check that a migration must pass before its commit and
	// what gives the connection back its usual settings.
	migrating(ctx context.Context, conn *sql.Conn) (check func(context.Context, *sql.Tx) error, done func() error, err error)
	// matchFrom is the FROM clause that the condition of matchClause
	// needs alone, to count matches; newestFirst orders the rows of
	// matchClause's FROM newest first, cheaply.
	matchFrom() string
	newestFirst() string
	// recentWindow returns how many of the newest documents a search that
	// orders newest first reads one by one before it turns to the
	// full-text index for the older ones (0: never; it reads the index
	// in order), and what makes a matchClause condition be tested row by
	// row instead of through the index.
	recentWindow() (size int, scan func(cond string) string)
	// deleteIndexed returns the statements removing the documents whose
	// ids are the SQL list in from a full-text index kept apart from
	// the documents table, if the dialect has one.
	deleteIndexed(in string) []string
}

// Store is an open database.
type Store struct {
	db        *sql.DB
	d         dialect
	rankLimit int // RankLimit when 0; tests set less
	window    int // the dialect's recentWindow size when 0; tests set less

	mu         sync.Mutex
	indicators map[string]int64 // ids of the indicators stored, by name

	rd      reader      // runs queries outside transactions
	records recorder    // appends the rows of Record, many per transaction
	queue   *auditQueue // where they wait on SQLite, or nil
}

// Close closes the database, once the audit rows asked for are written
// (and, on SQLite, moved into the trail; if that fails, they wait in the
// queue for the next store opened on the directory).
func (s *Store) Close() error {
	s.records.stop()
	var qerr error
	if s.queue != nil {
		qerr = s.queue.close(s)
	}
	s.rd.close()
	if err := s.db.Close(); err != nil {
		return err
	}
	return qerr
}

// flushAudit moves the rows waiting in the audit queue into the trail,
// for a reader of the trail.
func (s *Store) flushAudit(ctx context.Context) error {
	if s.queue == nil {
		return nil
	}
	return s.queue.move(ctx, s)
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// migrateTo applies, in order, the embedded migrations of the dialect not
// yet recorded in schema_migrations, each in its own transaction, on one
// connection, up to version last (math.MaxInt: all; tests stop
// earlier). Migrations only go forward.
func (s *Store) migrateTo(ctx context.Context, last int) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	check, done, err := s.d.migrating(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer func() {
		if derr := done(); derr != nil && err == nil {
			err = fmt.Errorf("migrate: %w", derr)
		}
	}()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
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
		if err := conn.QueryRowContext(ctx, q, version).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 || version > last {
			continue
		}
		if err := s.apply(ctx, conn, f, version, check); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// apply runs the migration in file f and records it as version, all or
// nothing.
func (s *Store) apply(ctx context.Context, conn *sql.Conn, f string, version int, check func(context.Context, *sql.Tx) error) error {
	body, err := migrations.ReadFile(f)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit, does nothing
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if err := check(ctx, tx); err != nil {
		return err
	}
	ins := "INSERT INTO schema_migrations (version, applied_at) VALUES (" + s.d.placeholder(1) + ", " + s.d.placeholder(2) + ")"
	if _, err := tx.ExecContext(ctx, ins, version, now()); err != nil {
		return err
	}
	return tx.Commit()
}

// timeFormat writes times in UTC with a fixed width, so that they compare
// as strings in both dialects.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func now() string { return time.Now().UTC().Format(timeFormat) }

// Key returns the identity of a document: the SHA-256 of its source, its
// id at the source and its text, in hex. The same post captured twice from
// the same source has the same key; an edited post does not. The database
// holds the 32 bytes (half the index of the hex form).
func Key(d *vigie.Document) string {
	k := keyOf(d)
	return hex.EncodeToString(k[:])
}

func keyOf(d *vigie.Document) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range []string{d.Source, d.ID, d.Text} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// Item is a document to add with its analysis and its folded text (the
// view the full-text index holds).
type Item struct {
	Doc      vigie.Document
	Analysis vigie.Analysis
	Folded   string
	Added    bool  // set by Add when the document was new
	ID       int64 // set by Add with Added: the document's id in the store
	// Signature is the document's clustering signature (package
	// cluster), if computed; Add does not store it (see PutSignatures).
	Signature []byte
}

// Run is one ingest run.
type Run struct {
	ID      int64
	Added   int
	Skipped int
	Errors  int
}

// BeginRun records the start of an ingest run described by args (its
// command line), passwords in URLs blanked out (RedactURLs).
func (s *Store) BeginRun(ctx context.Context, args string) (int64, error) {
	q := "INSERT INTO ingest_runs (started_at, args) VALUES (" + s.d.placeholder(1) + ", " + s.d.placeholder(2) + ") RETURNING id"
	var id int64
	if err := s.rd.QueryRowContext(ctx, q, now(), RedactURLs(args)).Scan(&id); err != nil {
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

// urlPassword is the password part of a URL's user information.
var urlPassword = regexp.MustCompile(`(://[^\s:/@]*:)[^\s/]*@`)

// RedactURLs returns s with the passwords of URLs in it (a --db
// postgres://user:password@host) replaced by "xxxxx".
func RedactURLs(s string) string {
	return urlPassword.ReplaceAllString(s, "${1}xxxxx@")
}

// RunInfo is an ingest run as the dashboard lists it.
type RunInfo struct {
	ID       int64  `json:"id"`
	Started  string `json:"started_at"`
	Finished string `json:"finished_at,omitempty"` // empty while it runs, or if it died
	Args     string `json:"args"`
	Added    int64  `json:"documents_added"`
	Skipped  int64  `json:"documents_skipped"`
	Errors   int64  `json:"errors"`
}

// RecentRuns returns the n latest ingest runs, newest first.
func (s *Store) RecentRuns(ctx context.Context, n int) ([]RunInfo, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT id, started_at, coalesce(finished_at, ''), args, documents_added, documents_skipped, errors "+
		"FROM ingest_runs ORDER BY id DESC LIMIT "+s.d.placeholder(1), n)
	if err != nil {
		return nil, fmt.Errorf("recent runs: %w", err)
	}
	defer rows.Close()
	var out []RunInfo
	for rows.Next() {
		var r RunInfo
		if err := rows.Scan(&r.ID, &r.Started, &r.Finished, &r.Args, &r.Added, &r.Skipped, &r.Errors); err != nil {
			return nil, fmt.Errorf("recent runs: %w", err)
		}
		r.Args = RedactURLs(r.Args) // runs recorded before BeginRun redacted
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent runs: %w", err)
	}
	return out, nil
}

// Add stores items in one transaction of ingest run run (0 for none): all
// of them or, on error, none. It sets Added on the items it stored (on
// error, Added means nothing).
// Documents already present (same Key) are skipped. It returns how many
// were added and skipped.
//
// Rows go in with multi-row INSERTs, a few statements per table for the
// whole batch: a statement per row costs more in the driver than the row
// costs in the database, and SQLite's full-text index flushes its
// in-memory terms at the end of every statement.
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
	keys := make([][sha256.Size]byte, len(items))
	for i := range items {
		keys[i] = keyOf(&items[i].Doc)
	}
	ids, err := s.addDocuments(ctx, tx, run, items, keys)
	if err != nil {
		return 0, 0, err
	}
	// Documents whose key is new, each once (the first of equal ones).
	var news []int
	docID := make([]int64, len(items))
	for i := range items {
		if id, ok := ids[keys[i]]; ok && id > 0 {
			items[i].Added, items[i].ID = true, id
			news = append(news, i)
			docID[i] = id
			ids[keys[i]] = -id // taken: an equal document later in the batch is skipped
			continue
		}
		skipped++
	}
	added = len(news)
	if added == 0 {
		return 0, skipped, tx.Commit()
	}
	idOf := func(i int) int64 { return docID[i] }

	ents := newBulk(s.d, s.d.insertInto("entities")+" (document_id, kind, value, start, stop) VALUES ", "")
	hits := newBulk(s.d, s.d.insertInto("hits")+" (document_id, n, indicator_id, start, stop, lang) VALUES ", "")
	inds, err := s.indicatorIDs(ctx, tx, items, news)
	if err != nil {
		return 0, 0, err
	}
	cats := newBulk(s.d, s.d.insertInto("categories")+" (document_id, category, score) VALUES ", "")
	for _, i := range news {
		id, a := idOf(i), &items[i].Analysis
		for _, e := range a.Entities {
			if err = ents.add(ctx, tx, id, string(e.Kind), e.Value, e.Start, e.End); err != nil {
				return 0, 0, fmt.Errorf("add entities: %w", err)
			}
		}
		// Photos are entities too, of no place in the text, each once.
		var photos []string
		for _, m := range items[i].Doc.Media {
			h := strings.ToLower(m.SHA256)
			if h == "" || slices.Contains(photos, h) {
				continue
			}
			photos = append(photos, h)
			if err = ents.add(ctx, tx, id, string(vigie.KindPhoto), h, 0, 0); err != nil {
				return 0, 0, fmt.Errorf("add photos: %w", err)
			}
		}
		// And by their perceptual hashes, when vigie decoded them.
		var phashes []string
		for _, m := range items[i].Doc.Media {
			if m.PHash == "" || slices.Contains(phashes, m.PHash) {
				continue
			}
			phashes = append(phashes, m.PHash)
			if err = ents.add(ctx, tx, id, string(vigie.KindPhotoHash), m.PHash, 0, 0); err != nil {
				return 0, 0, fmt.Errorf("add photo hashes: %w", err)
			}
		}
		for n, h := range a.Indicators {
			if err = hits.add(ctx, tx, id, n, inds[h.ID], h.Start, h.End, h.Lang); err != nil {
				return 0, 0, fmt.Errorf("add indicator hits: %w", err)
			}
		}
		for _, c := range a.Categories {
			if err = cats.add(ctx, tx, id, c.ID, c.Score); err != nil {
				return 0, 0, fmt.Errorf("add categories: %w", err)
			}
		}
	}
	for _, b := range []*bulk{ents, hits, cats} {
		if err = b.flush(ctx, tx); err != nil {
			return 0, 0, fmt.Errorf("add documents: %w", err)
		}
	}
	if err = s.d.indexTexts(ctx, tx, news, idOf, func(i int) string { return items[i].Folded }); err != nil {
		return 0, 0, fmt.Errorf("index documents: %w", err)
	}
	if err = forgetClusterSnapshot(ctx, tx); err != nil {
		return 0, 0, err
	}
	if err = s.audited(ctx, tx, audit.ActionIngest, "run:"+strconv.FormatInt(run, 10), fmt.Sprintf("%d documents added, %d already held", len(news), skipped)); err != nil {
		return 0, 0, err
	}
	if err = tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("add documents: %w", err)
	}
	s.mu.Lock()
	for name, id := range inds {
		s.indicators[name] = id // committed now
	}
	s.mu.Unlock()
	return added, skipped, nil
}

// indicatorIDs returns the ids of the indicators that the new items
// (news) hit, adding those the store does not know yet inside tx. The
// Store's cache learns them only once tx commits (Add does it).
func (s *Store) indicatorIDs(ctx context.Context, tx *sql.Tx, items []Item, news []int) (map[string]int64, error) {
	out := map[string]int64{}
	s.mu.Lock()
	if s.indicators == nil {
		s.indicators = map[string]int64{}
	}
	for _, i := range news {
		for _, h := range items[i].Analysis.Indicators {
			if id, ok := s.indicators[h.ID]; ok {
				out[h.ID] = id
			}
		}
	}
	s.mu.Unlock()
	p := s.d.placeholder
	for _, i := range news {
		for _, h := range items[i].Analysis.Indicators {
			if _, ok := out[h.ID]; ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO indicators (name, category) VALUES ("+p(1)+", "+p(2)+") ON CONFLICT (name) DO NOTHING", h.ID, h.Category); err != nil {
				return nil, fmt.Errorf("add indicator %s: %w", h.ID, err)
			}
			var id int64
			if err := tx.QueryRowContext(ctx, "SELECT id FROM indicators WHERE name = "+p(1), h.ID).Scan(&id); err != nil {
				return nil, fmt.Errorf("add indicator %s: %w", h.ID, err)
			}
			out[h.ID] = id
		}
	}
	return out, nil
}

// docColumns are the columns of a document row that Add writes, in order.
var docColumns = []string{"key", "ext_id", "source_id", "platform", "url", "author", "posted_at", "text",
	"region", "lang_hint", "language", "risk", "rulebook", "blob", "blob_offset", "blob_length",
	"record", "media", "run_id", "ingested_at"}

// addDocuments inserts the documents of items whose key is not stored yet
// and returns the ids of those it inserted, by key.
func (s *Store) addDocuments(ctx context.Context, tx *sql.Tx, run int64, items []Item, keys [][sha256.Size]byte) (map[[sha256.Size]byte]int64, error) {
	sources := map[string]int64{}
	ingested := now()
	var runID any // NULL when the documents come from no recorded run
	if run > 0 {
		runID = run
	}
	cols := append(slices.Clone(docColumns), s.d.docTextColumns()...)
	ids := make(map[[sha256.Size]byte]int64, len(items))
	docs := newBulk(s.d, s.d.insertInto("documents")+" ("+strings.Join(cols, ", ")+") VALUES ",
		" ON CONFLICT (key) DO NOTHING RETURNING id, key")
	docs.scan = func(rows *sql.Rows) error {
		for rows.Next() {
			var id int64
			var key []byte
			if err := rows.Scan(&id, &key); err != nil {
				return err
			}
			if len(key) != sha256.Size {
				return fmt.Errorf("stored key of %d bytes", len(key))
			}
			ids[[sha256.Size]byte(key)] = id
		}
		return rows.Err()
	}
	for i := range items {
		it := &items[i]
		d := &it.Doc
		var src any
		if d.Source != "" {
			id, ok := sources[d.Source]
			if !ok {
				var err error
				if id, err = s.sourceID(ctx, tx, d.Source); err != nil {
					return nil, err
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
		vals := docs.args(keys[i][:], d.ID, src, d.Platform, d.URL, d.Author, posted, d.Text,
			d.Region, d.Lang, a.Language, a.Risk, a.Rulebook, d.Origin.Blob, d.Origin.Offset, d.Origin.Length,
			d.Origin.Record, media, runID, ingested)
		vals = append(vals, s.d.docTextValues(docs.arg, it.Folded, a.Language)...)
		if err := docs.row(ctx, tx, vals); err != nil {
			return nil, fmt.Errorf("add documents: %w", err)
		}
	}
	if err := docs.flush(ctx, tx); err != nil {
		return nil, fmt.Errorf("add documents: %w", err)
	}
	return ids, nil
}

// maxArgs bounds the bind parameters of one statement: SQLite allows
// 32766, PostgreSQL 65535.
const maxArgs = 30000

// bulk builds multi-row INSERT statements: head, then rows of values, then
// tail. It runs a statement whenever the next row could pass maxArgs, and
// at flush. With scan set, it reads the rows a statement returns.
type bulk struct {
	d          dialect
	head, tail string
	scan       func(*sql.Rows) error
	sql        strings.Builder
	vals       []any
	rows       int
}

func newBulk(d dialect, head, tail string) *bulk { return &bulk{d: d, head: head, tail: tail} }

// arg binds v and returns its placeholder.
func (b *bulk) arg(v any) string {
	b.vals = append(b.vals, v)
	return b.d.nextPlaceholder(len(b.vals))
}

// args binds each of vs and returns their placeholders. Placeholders must
// appear in the statement in the order arg returned them, unless the
// dialect numbers them.
func (b *bulk) args(vs ...any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = b.arg(v)
	}
	return out
}

// row adds a row of value expressions (placeholders from arg or args).
// Rows hold fewer than 64 arguments.
func (b *bulk) row(ctx context.Context, tx *sql.Tx, exprs []string) error {
	if b.rows > 0 {
		b.sql.WriteString(", ")
	}
	b.sql.WriteString("(")
	b.sql.WriteString(strings.Join(exprs, ", "))
	b.sql.WriteString(")")
	b.rows++
	if len(b.vals)+64 > maxArgs {
		return b.flush(ctx, tx)
	}
	return nil
}

// add adds a row of plain values.
func (b *bulk) add(ctx context.Context, tx *sql.Tx, vs ...any) error {
	return b.row(ctx, tx, b.args(vs...))
}

// flush runs the statement of the rows added since the last one.
func (b *bulk) flush(ctx context.Context, tx *sql.Tx) error {
	if b.rows == 0 {
		return nil
	}
	q := b.head + b.sql.String() + b.tail
	vals := b.vals
	b.sql.Reset()
	b.vals, b.rows = nil, 0
	if b.scan == nil {
		_, err := tx.ExecContext(ctx, q, vals...)
		return err
	}
	rows, err := tx.QueryContext(ctx, q, vals...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return b.scan(rows)
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
		if err := s.rd.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
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
		rows, err := s.rd.QueryContext(ctx, g.q)
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
	rows, err := s.rd.QueryContext(ctx, "SELECT key, blob, blob_offset, blob_length, record FROM documents ORDER BY id")
	if err != nil {
		return fmt.Errorf("list origins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key []byte
		var o vigie.Origin
		if err := rows.Scan(&key, &o.Blob, &o.Offset, &o.Length, &o.Record); err != nil {
			return fmt.Errorf("list origins: %w", err)
		}
		if err := fn(hex.EncodeToString(key), o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Check asks the database to check itself: SQLite's integrity_check (every
// page, index and constraint) and foreign_key_check (every reference); on
// PostgreSQL, that the schema is readable.
func (s *Store) Check(ctx context.Context) error {
	if s.d.name() != "sqlite" {
		var n int64
		if err := s.rd.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
			return fmt.Errorf("check database: %w", err)
		}
		return nil
	}
	rows, err := s.rd.QueryContext(ctx, "PRAGMA integrity_check")
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
	if err := foreignKeyCheck(ctx, s.db); err != nil {
		return fmt.Errorf("database damaged: %w", err)
	}
	return nil
}
