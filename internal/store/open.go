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
	return open(ctx, target, ingestCacheKB)
}

// OpenForServing is Open for a server that mostly reads (vigie serve):
// an embedded database gets small page caches per connection, the
// operating system's file cache doing the rest.
func OpenForServing(ctx context.Context, target string) (*Store, error) {
	return open(ctx, target, serveCacheKB)
}

func open(ctx context.Context, target string, cacheKB int) (*Store, error) {
	if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
		return openPostgres(ctx, target)
	}
	if target == "" {
		return nil, fmt.Errorf("open store: no data directory: %w", vigie.ErrInvalid)
	}
	return openSQLite(ctx, target, cacheKB)
}

// mediaJSON encodes a document's media list for its column.
func mediaJSON(m []vigie.Media) string {
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(b)
}
