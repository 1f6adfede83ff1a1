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
	if _, _, err := old.Add(ctx, run, items(t, testDocs)); err != nil {
		t.Fatal(err)
	}
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
// before it their photos as entities, each once per document.
func TestMigrationPhotoEntities(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, err := openSQLiteTo(ctx, dir, 4)
	if err != nil {
		t.Fatal(err)
	}
	docs := slices.Clone(testDocs)
	docs[0].Media = []vigie.Media{{URL: "https://img.invalid/a.jpg", SHA256: strings.Repeat("AB", 32)}, {Path: "b.jpg", SHA256: strings.Repeat("ab", 32)}}
	docs[1].Media = []vigie.Media{{URL: "https://img.invalid/c.jpg", SHA256: strings.Repeat("cd", 32)}, {URL: "no hash"}}
	if _, _, err := old.Add(ctx, 0, items(t, docs)); err != nil {
		t.Fatal(err)
	}
	// As stored before migration 5: no photo entities.
	if _, err := old.db.ExecContext(ctx, "DELETE FROM entities WHERE kind = 'photo'"); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
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
