package store

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/storetest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// TestPostgresMigrationsKeepData fills a PostgreSQL schema at migration
// 3 with documents as that schema held them (photos only in the media
// column, hits with their names), then migrates: photos become entities
// and every hit keeps its indicator, category and order.
func TestPostgresMigrationsKeepData(t *testing.T) {
	base := os.Getenv("VIGIE_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but VIGIE_TEST_POSTGRES_URL is not")
		}
		t.Skip("VIGIE_TEST_POSTGRES_URL not set: no PostgreSQL to migrate")
	}
	ctx := context.Background()
	url := storetest.PostgresSchema(t, base)
	old, err := openPostgresTo(ctx, url, 3)
	if err != nil {
		t.Fatal(err)
	}
	its := items(t, testDocs)
	its[0].Doc.Media = []vigie.Media{{URL: "https://img.invalid/a.jpg", SHA256: strings.Repeat("AB", 32)}, {SHA256: strings.Repeat("ab", 32)}}
	var want []string
	for i, it := range its {
		k := keyOf(&it.Doc)
		media := ""
		if len(it.Doc.Media) > 0 {
			media = mediaJSON(it.Doc.Media)
		}
		var id int64
		if err := old.db.QueryRowContext(ctx, "INSERT INTO documents (key, ext_id, text, language, media, ingested_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
			k[:], it.Doc.ID, it.Doc.Text, it.Analysis.Language, media, now()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		its[i].ID = id
		for n, h := range it.Analysis.Indicators {
			if _, err := old.db.ExecContext(ctx, "INSERT INTO hits (document_id, indicator, category, start, stop, lang) VALUES ($1, $2, $3, $4, $5, $6)",
				id, h.ID, h.Category, h.Start, h.End, h.Lang); err != nil {
				t.Fatal(err)
			}
			want = append(want, fmt.Sprintf("%d %d %s %s %d %d", id, n, h.ID, h.Category, h.Start, h.End))
		}
	}
	old.Close()

	s, err := openPostgresTo(ctx, url, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.db.QueryContext(ctx, "SELECT h.document_id, h.n, i.name, i.category, h.start, h.stop FROM hits h JOIN indicators i ON i.id = h.indicator_id ORDER BY h.document_id, h.n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var doc, n, start, stop int64
		var name, cat string
		if err := rows.Scan(&doc, &n, &name, &cat, &start, &stop); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %d %s %s %d %d", doc, n, name, cat, start, stop))
	}
	rows.Close()
	if len(want) < 5 || !slices.Equal(got, want) {
		t.Errorf("hits after migration:\n%q\nwant\n%q", got, want)
	}
	var photos []string
	rows, err = s.db.QueryContext(ctx, "SELECT document_id, value FROM entities WHERE kind = 'photo' ORDER BY document_id, value")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var doc int64
		var v string
		if err := rows.Scan(&doc, &v); err != nil {
			t.Fatal(err)
		}
		photos = append(photos, fmt.Sprintf("%d %s", doc, v[:4]))
	}
	rows.Close()
	if want := []string{fmt.Sprintf("%d abab", its[0].ID)}; !slices.Equal(photos, want) {
		t.Errorf("photo entities after migration = %v; want %v", photos, want)
	}
	// And the store works on: new documents, with their hits.
	more := items(t, []vigie.Document{{ID: "p5", Source: "test", Text: testDocs[0].Text + " encore"}})
	if _, _, err := s.Add(ctx, 0, more); err != nil {
		t.Fatal(err)
	}
}
