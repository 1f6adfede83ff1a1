package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Open opens the store named by target: a PostgreSQL URL
// (postgres://… or postgresql://…), else the data directory of an
// embedded SQLite database (created if needed). The schema is migrated to
// the current version.
func Open(ctx context.Context, target string) (*Store, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		return openPostgres(ctx, target)
	}
	if target == "" {
		return nil, fmt.Errorf("open store: no data directory: %w", vigie.ErrInvalid)
	}
	return openSQLite(ctx, target)
}

// insertDocumentSQL is the INSERT of a document shared by both dialects:
// a document whose key is present is skipped and returns no row.
func insertDocumentSQL(p func(int) string) string {
	cols := []string{"key", "ext_id", "source_id", "platform", "url", "author", "posted_at", "text",
		"region", "lang_hint", "language", "risk", "rulebook", "blob", "blob_offset", "blob_length",
		"record", "media", "run_id", "ingested_at"}
	vals := make([]string, len(cols))
	for i := range cols {
		vals[i] = p(i + 1)
	}
	return "INSERT INTO documents (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") +
		") ON CONFLICT (key) DO NOTHING RETURNING id"
}

// mediaJSON encodes a document's media list for its column.
func mediaJSON(m []vigie.Media) string {
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}
