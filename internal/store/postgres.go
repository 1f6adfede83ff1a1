package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// postgresDialect is PostgreSQL through pgx. The full-text index is a
// tsvector of the folded text with the "simple" configuration: vigie
// folds accents, case and scripts itself, the same for both dialects, so
// that a search finds the same documents on either.
type postgresDialect struct{}

func (postgresDialect) name() string                   { return "postgres" }
func (postgresDialect) placeholder(n int) string       { return fmt.Sprintf("$%d", n) }
func (d postgresDialect) nextPlaceholder(n int) string { return d.placeholder(n) }

func (postgresDialect) docTextColumns() []string { return []string{"fts"} }

// docTextValues indexes the folded text twice: word for word ("simple",
// the same words as SQLite's index, so that both find the same documents)
// and stemmed with the text search configuration of the document's
// language, if PostgreSQL has one, so that a search in that language also
// finds other forms of its words.
func (postgresDialect) docTextValues(arg func(any) string, folded, lang string) []string {
	f := arg(folded)
	return []string{"to_tsvector('simple', " + f + ") || to_tsvector(" + arg(tsConfig(lang)) + "::regconfig, " + f + ")"}
}

func (postgresDialect) indexTexts(context.Context, *sql.Tx, []int, func(int) int64, func(int) string) error {
	return nil // the documents' fts column, written with them
}

func (postgresDialect) insertInto(table string) string { return "INSERT INTO " + table }

// deleteIndexed: the full-text index is a column of documents.
func (postgresDialect) deleteIndexed(string) []string { return nil }

// migrating needs nothing: PostgreSQL alters constraints in place.
func (postgresDialect) migrating(context.Context, *sql.Conn) (func(context.Context, *sql.Tx) error, func() error, error) {
	return func(context.Context, *sql.Tx) error { return nil }, func() error { return nil }, nil
}

// recentWindow: the GIN index gives matches in no order, so PostgreSQL
// would fetch every matching row to sort them by id (half a second for a
// word in 15,000 of a million posts); the newest 20,000 posts, walked
// backwards by primary key and tested one by one, hold enough matches of
// a word found in more than RankLimit posts, at a bounded cost. "IS TRUE"
// keeps the planner from taking the GIN index for them.
func (postgresDialect) recentWindow() (int, func(string) string) {
	return 20000, func(cond string) string { return "(" + cond + ") IS TRUE" }
}

func (postgresDialect) matchFrom() string   { return "documents d" }
func (postgresDialect) newestFirst() string { return "d.id DESC" }

// matchClause matches the words as they are ("simple") and, when the
// search is for documents of a language with a stemmer, also their stems
// in that language. plainto_tsquery ANDs the words and reads no query
// syntax.
func (postgresDialect) matchClause(terms []string, lang string, arg int) (from, cond, rank string, args []any) {
	p := postgresDialect{}.placeholder
	words := strings.Join(terms, " ")
	q := "plainto_tsquery('simple', " + p(arg) + ")"
	args = []any{words}
	if cfg := tsConfig(lang); cfg != "simple" {
		q = "(" + q + " || plainto_tsquery(" + p(arg+1) + "::regconfig, " + p(arg) + "))"
		args = append(args, cfg)
	}
	return "documents d", "d.fts @@ " + q, "ts_rank(d.fts, " + q + ")", args
}

// tsConfigs are PostgreSQL's text search configurations by ISO 639-1
// language (those of PostgreSQL 15; others index as "simple").
var tsConfigs = map[string]string{
	"ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
	"es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi",
	"hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
	"ne": "nepali", "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
	"ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

func tsConfig(lang string) string {
	if c, ok := tsConfigs[lang]; ok {
		return c
	}
	return "simple"
}

// openPostgres opens the database at url (postgres://…).
func openPostgres(ctx context.Context, url string) (*Store, error) {
	return openPostgresTo(ctx, url, math.MaxInt)
}

// openPostgresTo is openPostgres with the schema migrated up to version
// last only (for the tests of migrations).
func openPostgresTo(ctx context.Context, url string, last int) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.SetMaxOpenConns(2 * maxConns)
	db.SetMaxIdleConns(2 * maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{db: db, d: postgresDialect{}, rd: reader{db: db}}
	if err := s.migrateTo(ctx, last); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	return s, nil
}
