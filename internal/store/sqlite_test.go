package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// TestMigrationDefersForeignKeys applies migration 1 alone, stores
// documents, then opens the store again: migration 2 must rebuild the
// tables with deferred references and keep every row, id and index.
func TestMigrationDefersForeignKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, err := openSQLiteTo(ctx, dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	run, err := old.BeginRun(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	addOld(t, old, run, items(t, testDocs))
	before := tableDump(t, old)
	found, err := old.Search(ctx, Query{Words: "whatsapp"})
	if err != nil || len(found) != 2 {
		t.Fatalf("search before migration: %d hits, %v; want 2", len(found), err)
	}
	if sql := tableSQL(t, old, "entities"); strings.Contains(sql, "DEFERRABLE") {
		t.Fatalf("migration 1 alone already defers: %s", sql)
	}
	old.Close()

	s, err := openSQLiteTo(ctx, dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := tableDump(t, s); !slices.Equal(before, after) {
		t.Errorf("rows changed by the migration:\nbefore %q\nafter  %q", before, after)
	}
	for _, table := range []string{"documents", "entities", "hits", "categories"} {
		if sql := tableSQL(t, s, table); !strings.Contains(sql, "DEFERRABLE INITIALLY DEFERRED") {
			t.Errorf("%s references are not deferred: %s", table, sql)
		}
	}
	var idx []string
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		idx = append(idx, n)
	}
	rows.Close()
	want := []string{"categories_category", "documents_posted_at", "documents_risk", "entities_document", "entities_kind_value", "hits_document"}
	if !slices.Equal(idx, want) {
		t.Errorf("indexes %v; want %v", idx, want)
	}
	again, err := s.Search(ctx, Query{Words: "whatsapp"})
	if err != nil || !slices.Equal(again, found) {
		t.Errorf("search after migration: %v, %v; want %v", again, err, found)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

// TestForeignKeysEnforced checks that every connection of the pool,
// including the one that ran the migrations, enforces references (at
// commit).
func TestForeignKeysEnforced(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 3
	var wg sync.WaitGroup
	errs := make([]error, n)
	// Hold n connections at once, so that they are n different ones.
	conns := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			c, err := s.db.Conn(ctx)
			if err != nil {
				errs[i] = err
				return
			}
			defer c.Close()
			<-conns
			var on int
			if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil || on != 1 {
				t.Errorf("connection %d: foreign_keys = %d, %v; want 1", i, on, err)
			}
		})
	}
	close(conns)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO entities (document_id, kind, value, start, stop) VALUES (424242, 'phone', '+32470000000', 0, 1)"); err != nil {
		t.Fatalf("deferred check fired at the statement: %v", err)
	}
	if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("commit of a reference to no document: %v; want a FOREIGN KEY error", err)
	}
	var left int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM entities").Scan(&left); err != nil || left != 0 {
		t.Errorf("%d entities left after the failed commit (%v); want 0", left, err)
	}
}

// tableDump returns every row of the tables that migration 2 rebuilds, as
// text, in a fixed order.
func tableDump(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT id, hex(key), ext_id, source_id, posted_at, text, language, risk, blob, blob_offset, run_id, ingested_at FROM documents ORDER BY id",
		"SELECT document_id, kind, value, start, stop FROM entities ORDER BY rowid",
		"SELECT document_id, indicator, category, start, stop, lang FROM hits ORDER BY rowid",
		"SELECT document_id, category, score FROM categories ORDER BY document_id, category",
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				b.WriteString(fmtAny(v))
				b.WriteString("|")
			}
			out = append(out, b.String())
		}
		rows.Close()
	}
	if len(out) < 10 {
		t.Fatalf("only %d rows to compare", len(out))
	}
	return out
}

func fmtAny(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case nil:
		return "NULL"
	default:
		return fmt.Sprint(v)
	}
}

func tableSQL(t *testing.T, s *Store, table string) string {
	t.Helper()
	var sql string
	if err := s.db.QueryRow("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&sql); err != nil {
		t.Fatal(err)
	}
	return sql
}

// TestCheckFindsBrokenReferences writes, past the enforcement, an entity
// of no document: Check must name it.
func TestCheckFindsBrokenReferences(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("new store: %v", err)
	}
	c, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO entities (document_id, kind, value, start, stop) VALUES (424242, 'phone', '+32470000000', 0, 1)",
		"PRAGMA foreign_keys = ON",
	} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	err = s.Check(ctx)
	if err == nil || !strings.Contains(err.Error(), "entities row 1 points to no documents") {
		t.Errorf("Check = %v; want the broken entity named", err)
	}
}

// TestMigrationPhotoEntities: migration 5 gives the documents stored
// before it their photos as entities, each once per document; Add does
// the same for new documents.
func TestMigrationPhotoEntities(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := slices.Clone(testDocs)
	docs[0].Media = []vigie.Media{{URL: "https://img.invalid/a.jpg", SHA256: strings.Repeat("AB", 32)}, {Path: "b.jpg", SHA256: strings.Repeat("ab", 32)}}
	docs[1].Media = []vigie.Media{{URL: "https://img.invalid/c.jpg", SHA256: strings.Repeat("cd", 32)}, {URL: "no hash"}}
	if _, _, err := s.Add(ctx, 0, items(t, docs)); err != nil {
		t.Fatal(err)
	}
	// As stored before migration 5 (no photo entities), then migration 5
	// run again. (Today's Add needs the later migrations, so the store
	// cannot be filled at version 4.)
	if _, err := s.db.ExecContext(ctx, "DELETE FROM entities WHERE kind = 'photo'"); err != nil {
		t.Fatal(err)
	}
	body, err := migrations.ReadFile("migrations/sqlite/0005_photo_entities.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, string(body)); err != nil {
		t.Fatal(err)
	}
	var got []string
	rows, err := s.db.QueryContext(ctx, "SELECT d.ext_id, e.value FROM entities e JOIN documents d ON d.id = e.document_id WHERE e.kind = 'photo' ORDER BY d.id, e.value")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		got = append(got, id+" "+v[:4])
	}
	rows.Close()
	if want := []string{"p1 abab", "p2 cdcd"}; !slices.Equal(got, want) {
		t.Errorf("photo entities after migration = %v; want %v (one per distinct photo, lower case)", got, want)
	}
	res, err := s.Search(ctx, Query{Entities: []vigie.Entity{{Kind: vigie.KindPhoto, Value: strings.Repeat("cd", 32)}}})
	if err != nil || len(res) != 1 || res[0].ID != "p2" {
		t.Errorf("search by photo = %v, %v; want p2", res, err)
	}
}

// addOld stores items as the schema of migration 1 held them, with plain
// SQL (Add writes today's schema): documents, entities, hits with their
// indicator and category names, categories and the full-text index.
func addOld(t *testing.T, s *Store, run int64, its []Item) {
	t.Helper()
	ctx := context.Background()
	var runID any // NULL for no run
	if run > 0 {
		runID = run
	}
	for i, it := range its {
		k := keyOf(&it.Doc)
		res, err := s.db.ExecContext(ctx, "INSERT INTO documents (key, ext_id, text, language, risk, rulebook, run_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			k[:], it.Doc.ID, it.Doc.Text, it.Analysis.Language, it.Analysis.Risk, it.Analysis.Rulebook, runID, now())
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		for _, e := range it.Analysis.Entities {
			if _, err := s.db.ExecContext(ctx, "INSERT INTO entities (document_id, kind, value, start, stop) VALUES (?, ?, ?, ?, ?)", id, string(e.Kind), e.Value, e.Start, e.End); err != nil {
				t.Fatal(err)
			}
		}
		for _, h := range it.Analysis.Indicators {
			if _, err := s.db.ExecContext(ctx, "INSERT INTO hits (document_id, indicator, category, start, stop, lang) VALUES (?, ?, ?, ?, ?, ?)", id, h.ID, h.Category, h.Start, h.End, h.Lang); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range it.Analysis.Categories {
			if _, err := s.db.ExecContext(ctx, "INSERT INTO categories (document_id, category, score) VALUES (?, ?, ?)", id, c.ID, c.Score); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.db.ExecContext(ctx, "INSERT INTO documents_fts (rowid, folded) VALUES (?, ?)", id, it.Folded); err != nil {
			t.Fatal(err)
		}
		its[i].ID = id
	}
}

// TestMigrationCompactHits fills a store at migration 5 with hits as they
// were (names in every row), then migrates: every hit is kept, in order,
// with its indicator and category through the new indicators table.
func TestMigrationCompactHits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, err := openSQLiteTo(ctx, dir, 5)
	if err != nil {
		t.Fatal(err)
	}
	its := items(t, testDocs)
	addOld(t, old, 0, its)
	var want []string
	for _, it := range its {
		for n, h := range it.Analysis.Indicators {
			want = append(want, fmt.Sprintf("%d %d %s %s %d %d %s", it.ID, n, h.ID, h.Category, h.Start, h.End, h.Lang))
		}
	}
	old.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.db.QueryContext(ctx, "SELECT h.document_id, h.n, i.name, i.category, h.start, h.stop, h.lang FROM hits h JOIN indicators i ON i.id = h.indicator_id ORDER BY h.document_id, h.n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var doc, n, start, stop int64
		var name, cat, lang string
		if err := rows.Scan(&doc, &n, &name, &cat, &start, &stop, &lang); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %d %s %s %d %d %s", doc, n, name, cat, start, stop, lang))
	}
	rows.Close()
	if len(want) < 5 || !slices.Equal(got, want) {
		t.Errorf("hits after migration:\n%q\nwant\n%q", got, want)
	}
	// New documents go in the new form, naming indicators already known.
	var names, namesAfter int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM indicators").Scan(&names); err != nil {
		t.Fatal(err)
	}
	more := items(t, []vigie.Document{{ID: "p5", Source: "test", Text: testDocs[0].Text + " encore"}})
	if _, _, err := s.Add(ctx, 0, more); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*), (SELECT count(*) FROM indicators) FROM hits WHERE document_id = ?", more[0].ID).Scan(&n, &namesAfter); err != nil || n != len(more[0].Analysis.Indicators) {
		t.Errorf("hits of a new document = %d, %v; want %d", n, err, len(more[0].Analysis.Indicators))
	}
	if namesAfter != names {
		t.Errorf("indicators went from %d to %d adding a post with known indicators; want no new row", names, namesAfter)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}
