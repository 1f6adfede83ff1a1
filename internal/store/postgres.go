package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// postgresDialect is PostgreSQL through pgx. The full-text index is a
// tsvector of the folded text with the "simple" configuration: vigie
// folds accents, case and scripts itself, the same for both dialects, so
// that a search finds the same documents on either.
type postgresDialect struct{}

func (postgresDialect) name() string             { return "postgres" }
func (postgresDialect) placeholder(n int) string { return fmt.Sprintf("$%d", n) }

func (postgresDialect) insertDocument() string {
	return insertDocumentSQL(postgresDialect{}.placeholder)
}

func (postgresDialect) indexText(ctx context.Context, tx *sql.Tx, id int64, folded string) error {
	_, err := tx.ExecContext(ctx, "UPDATE documents SET fts = to_tsvector('simple', $2) WHERE id = $1", id, folded)
	return err
}

func (postgresDialect) matchClause(terms []string, arg int) (from, cond, rank string, args []any) {
	// plainto_tsquery ANDs the words and reads no query syntax.
	q := "plainto_tsquery('simple', " + postgresDialect{}.placeholder(arg) + ")"
	return "documents d", "d.fts @@ " + q, "ts_rank(d.fts, " + q + ")", []any{strings.Join(terms, " ")}
}

// openPostgres opens the database at url (postgres://…).
func openPostgres(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{db: db, d: postgresDialect{}}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	return s, nil
}
