package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/phone"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Query is a search: words to find (all of them) and filters. The zero
// value finds every document, riskiest first.
type Query struct {
	Words    string         // free text, folded as documents are
	Entities []vigie.Entity // Kind and Value must both match
	Category string         // a category id the document was reported under
	MinRisk  float64        // lowest risk
	Language string         // detected language (ISO 639-1)
	Source   string         // source name
	From, To time.Time      // posting date range, To excluded (zero: open)
	Limit    int            // most results; <= 0 means 20
}

// Result is one document found.
type Result struct {
	ID       string  `json:"id"`  // the document's id as ingested, else its key
	Key      string  `json:"key"` // the store's identity of the document
	Score    float64 `json:"score"`
	Risk     float64 `json:"risk"`
	Language string  `json:"language"`
	Snippet  string  `json:"snippet"`
	Text     string  `json:"-"`
}

// ParseTerms reads the text of a search: its kind:value terms become
// entity filters (EntityFilter, phone numbers read in region) and the
// other words are the words to match, joined by spaces. A filter that
// cannot be read is an error wrapping vigie.ErrInvalid.
func ParseTerms(text, region string) (words string, ents []vigie.Entity, err error) {
	var ws []string
	for _, term := range strings.Fields(text) {
		ent, ok, err := EntityFilter(term, region)
		if err != nil {
			return "", nil, err
		}
		if ok {
			ents = append(ents, ent)
		} else {
			ws = append(ws, term)
		}
	}
	return strings.Join(ws, " "), ents, nil
}

// EntityFilter turns a "kind:value" term of a search into an entity to
// match, in the form the entities are stored: phones in any national or
// international format become E.164 (national ones read in region),
// IBANs upper case without spaces, crypto wallets as written (base58
// addresses are case-sensitive), handles and e-mails lower case. ok is
// false when term is not such a filter.
func EntityFilter(term, region string) (e vigie.Entity, ok bool, err error) {
	kind, value, found := strings.Cut(term, ":")
	if !found || value == "" {
		return e, false, nil
	}
	k := vigie.EntityKind(strings.ToLower(kind))
	known := k == vigie.KindPhoto || k == vigie.KindPhotoHash
	for _, kk := range vigie.EntityKinds {
		known = known || kk == k
	}
	if !known {
		return e, false, nil
	}
	e.Kind = k
	if k == vigie.KindPhotoHash && !strings.ContainsAny(value, ".*") {
		// The whole image's hash alone finds the photo, whatever its crops.
		value += ".*"
	}
	if strings.Contains(value, "*") {
		e.Value = wildcardValue(k, value)
		if strings.Trim(e.Value, "*") == "" {
			return e, true, fmt.Errorf("%s: a wildcard needs some characters to match: %w", term, vigie.ErrInvalid)
		}
		return e, true, nil
	}
	switch k {
	case vigie.KindPhone:
		ps := phone.Find(normalize.Digits(value), phone.Options{Default: region})
		if len(ps) != 1 {
			return e, true, fmt.Errorf("phone %q: not one valid number in region %s: %w", value, region, vigie.ErrInvalid)
		}
		e.Value = ps[0].Value
	case vigie.KindWhatsApp, vigie.KindViber, vigie.KindSignal:
		// Handles of these apps are phone numbers when they are numbers.
		if ps := phone.Find(normalize.Digits(value), phone.Options{Default: region}); len(ps) == 1 {
			e.Value = ps[0].Value
		} else {
			e.Value = strings.ToLower(strings.TrimPrefix(value, "@"))
		}
	default:
		e.Value = caseOf(k, value)
	}
	return e, true, nil
}

// caseOf returns value in the case entities of kind k are stored in.
func caseOf(k vigie.EntityKind, value string) string {
	switch k {
	case vigie.KindCryptoWallet:
		return value
	case vigie.KindIBAN:
		return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(value))
	}
	return strings.ToLower(strings.TrimPrefix(value, "@"))
}

// wildcardValue returns a value with * wildcards in the form the entities
// of kind are stored: digits only (and a leading +) for phone numbers and
// the handles of apps that use them, lower case otherwise.
func wildcardValue(k vigie.EntityKind, value string) string {
	switch k {
	case vigie.KindPhone, vigie.KindWhatsApp, vigie.KindViber, vigie.KindSignal:
		var b strings.Builder
		for i, r := range value {
			if r >= '0' && r <= '9' || r == '*' || r == '+' && i == 0 {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 && strings.Trim(b.String(), "*+") != "" {
			return b.String()
		}
	}
	return caseOf(k, value)
}

// likePattern turns a value with * wildcards into a LIKE pattern (escape
// character \).
func likePattern(v string) string {
	r := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`, "*", "%")
	return r.Replace(v)
}

// terms returns the words of a query as the full-text index holds them.
func terms(words string) []string {
	f := normalize.Fold(words)
	var out []string
	for _, tk := range f.Tokens() {
		if tk.Kind == normalize.Word || tk.Kind == normalize.Number {
			out = append(out, f.Norm[tk.Start:tk.End])
		}
	}
	return out
}

// Search returns the documents matching q, best first: by full-text rank
// when q has words, else by risk; ties by most recent id.
func (s *Store) Search(ctx context.Context, q Query) ([]Result, error) {
	p := s.d.placeholder
	// What the results are ranked by: with words, the full-text rank, or
	// the newest first when more than RankLimit documents match (ranking
	// them all would take seconds on a large store); with a category and
	// no words, the category's score, from its index; else the risk.
	ts := terms(q.Words)
	f := s.filter(q, ts, categoryIndex)
	conds, args := f.conds, f.args
	score, order := "d.risk", "d.risk DESC, d.id DESC"
	newest := false // words with more than RankLimit matches
	switch {
	case f.match >= 0:
		limit := s.rankLimit
		if limit <= 0 {
			limit = RankLimit
		}
		n, err := s.countMatches(ctx, conds[f.match], args[:f.matchArgs], limit+1)
		if err != nil {
			return nil, err
		}
		if n <= limit {
			score, order = f.rank, f.rank+" DESC, d.id DESC"
		} else {
			score, order, newest = "0", s.d.newestFirst(), true
		}
	case f.byCategory:
		score, order = "c.score", "c.score DESC, c.document_id DESC"
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	query := func(conds []string, args []any, limit int) ([]Result, error) {
		args = append(args, limit)
		sqlText := "SELECT d.ext_id, d.key, " + score + ", d.risk, d.language, d.text FROM " + f.from + where(conds) +
			" ORDER BY " + order + " LIMIT " + p(len(args))
		return s.results(ctx, sqlText, args, ts)
	}
	window, scan := s.d.recentWindow()
	if s.window > 0 && window > 0 {
		window = s.window
	}
	if !newest || window == 0 {
		return query(conds, args, limit)
	}
	// Newest first, in two steps where the dialect asks for it: the most
	// recent window of documents, walked newest first and tested one by
	// one (cheap when the words are common, which they are: more than
	// RankLimit documents match); then, if that found too few, the older
	// documents through the full-text index.
	var top int64
	if err := s.rd.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM documents").Scan(&top); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	edge := top - int64(window)
	recent := slices.Clone(conds)
	recent[f.match] = scan(recent[f.match])
	recent = append(recent, "d.id > "+p(len(args)+1))
	out, err := query(recent, append(slices.Clone(args), edge), limit)
	if err != nil || len(out) == limit || edge <= 0 {
		return out, err
	}
	older, err := query(append(conds, "d.id <= "+p(len(args)+1)), append(args, edge), limit-len(out))
	return append(out, older...), err
}

// filter is what a search selects documents (aliased d) by: its FROM
// clause, its conditions (ANDed) and their arguments, numbered from 1 in
// the order of args.
type filter struct {
	from  string
	conds []string
	args  []any
	// match is the index in conds of the full-text condition, -1 without
	// words; it comes first, and its arguments are args[:matchArgs]. rank
	// ranks its matches, higher first.
	match     int
	matchArgs int
	rank      string
	// byCategory reports whether from starts at the category's index
	// (categories c JOIN documents d), filtered on c.category.
	byCategory bool
}

// categoryFilter is how a filter selects the documents of a category.
type categoryFilter int

const (
	// categoryIndex starts from the category's index (categories c
	// joined to the documents) when there are no words, as Search does
	// to rank by the category's score; with words, it is categoryList.
	categoryIndex categoryFilter = iota
	// categoryList reads every document of the category, from its index,
	// into a list that the documents are looked up in: cheap for a small
	// category.
	categoryList
	// categoryProbe looks each document considered up in the categories
	// of documents: cheap when other conditions select few documents or
	// when most documents considered are in the category.
	categoryProbe
)

// filter builds the conditions of every filter of q, words (folded terms
// ts) included, selecting the documents of q.Category as cat says.
func (s *Store) filter(q Query, ts []string, cat categoryFilter) filter {
	f := filter{from: "documents d", match: -1}
	arg := func(v any) string {
		f.args = append(f.args, v)
		return s.d.placeholder(len(f.args))
	}
	switch {
	case len(ts) > 0:
		from, cond, rank, args := s.d.matchClause(ts, q.Language, 1)
		f.from, f.rank = from, rank
		f.match, f.matchArgs = len(f.conds), len(args)
		f.conds = append(f.conds, cond)
		f.args = append(f.args, args...)
	case q.Category != "" && cat == categoryIndex:
		f.from, f.byCategory = "categories c JOIN documents d ON d.id = c.document_id", true
		f.conds = append(f.conds, "c.category = "+arg(q.Category))
	}
	// Filters on entities and categories are written as IN (subquery), not
	// as correlated EXISTS, so that the database starts from the index of
	// the entity or category instead of testing every document (but see
	// categoryProbe).
	// A value with * wildcards is matched with LIKE: PostgreSQL answers
	// from its trigram index; SQLite reads every entity of the kind.
	for _, e := range q.Entities {
		var match string
		if strings.Contains(e.Value, "*") {
			match = "e.value LIKE " + arg(likePattern(e.Value)) + ` ESCAPE '\'`
		} else {
			match = "e.value = " + arg(e.Value)
		}
		f.conds = append(f.conds, "d.id IN (SELECT e.document_id FROM entities e WHERE e.kind = "+
			arg(string(e.Kind))+" AND "+match+")")
	}
	switch {
	case q.Category == "" || f.byCategory:
	case cat == categoryProbe:
		f.conds = append(f.conds, "EXISTS (SELECT 1 FROM categories c WHERE c.document_id = d.id AND c.category = "+arg(q.Category)+")")
	default:
		f.conds = append(f.conds, "d.id IN (SELECT c.document_id FROM categories c WHERE c.category = "+arg(q.Category)+")")
	}
	if q.MinRisk > 0 {
		f.conds = append(f.conds, "d.risk >= "+arg(q.MinRisk))
	}
	if q.Language != "" {
		f.conds = append(f.conds, "d.language = "+arg(q.Language))
	}
	if q.Source != "" {
		f.conds = append(f.conds, "d.source_id = (SELECT id FROM sources WHERE name = "+arg(q.Source)+")")
	}
	if !q.From.IsZero() {
		f.conds = append(f.conds, "d.posted_at >= "+arg(q.From.UTC().Format(timeFormat)))
	}
	if !q.To.IsZero() {
		f.conds = append(f.conds, "d.posted_at < "+arg(q.To.UTC().Format(timeFormat)))
	}
	return f
}

// where returns the WHERE clause of conds, with a leading space, or ""
// without conditions.
func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// results runs a search query and reads its results, with snippets
// around the terms ts.
func (s *Store) results(ctx context.Context, sqlText string, args []any, ts []string) ([]Result, error) {
	rows, err := s.rd.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var out []Result
	for rows.Next() {
		var r Result
		var key []byte
		if err := rows.Scan(&r.ID, &key, &r.Score, &r.Risk, &r.Language, &r.Text); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		r.Key = hex.EncodeToString(key)
		if r.ID == "" {
			r.ID = r.Key
		}
		r.Snippet = Snippet(r.Text, ts, 160)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return out, nil
}

// RankLimit is the number of matching documents beyond which a search
// with words returns the newest documents first, with score 0, instead of
// ranking every match.
const RankLimit = 2000

// countMatches counts the documents matching the full-text condition cond
// (from matchClause, numbered from 1), up to limit.
func (s *Store) countMatches(ctx context.Context, cond string, args []any, limit int) (int, error) {
	q := "SELECT count(*) FROM (SELECT 1 FROM " + s.d.matchFrom() + " WHERE " + cond + " LIMIT " + strconv.Itoa(limit) + ") m"
	var n int
	if err := s.rd.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	return n, nil
}

// Snippet returns about width bytes of text around the first place where
// one of the folded terms occurs as a word, with every occurrence in it
// marked «like this». Matching is on the folded view, so accents, case
// and Arabic marks do not matter; the snippet is cut from the original
// text at character boundaries. Without a match it is the start of text.
func Snippet(text string, terms []string, width int) string {
	f := normalize.Fold(text)
	want := map[string]bool{}
	for _, t := range terms {
		want[t] = true
	}
	type span struct{ s, e int }
	var marks []span
	for _, tk := range f.Tokens() {
		if want[f.Norm[tk.Start:tk.End]] {
			s, e := f.Span(int(tk.Start), int(tk.End))
			marks = append(marks, span{s, e})
		}
	}
	start := 0
	if len(marks) > 0 {
		start = max(0, marks[0].s-width/3)
	}
	end := min(len(text), start+width)
	// Cut at character boundaries.
	for start > 0 && start < len(text) && !isRuneStart(text[start]) {
		start--
	}
	for end < len(text) && !isRuneStart(text[end]) {
		end++
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range marks {
		if m.s < pos || m.e > end {
			continue
		}
		b.WriteString(text[pos:m.s])
		b.WriteString("«")
		b.WriteString(text[m.s:m.e])
		b.WriteString("»")
		pos = m.e
	}
	b.WriteString(text[pos:end])
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isRuneStart(c byte) bool { return c&0xc0 != 0x80 }

// Sample is a stored document picked for a benchmark or a test: its text,
// language, posting time and entities.
type Sample struct {
	Text     string
	Language string
	PostedAt time.Time
	Entities []vigie.Entity
}

// Samples returns up to n documents picked at random among the stored
// ones (the same for the same seed and store), to build realistic
// queries from.
func (s *Store) Samples(ctx context.Context, n int, seed uint64) ([]Sample, error) {
	var maxID sql.NullInt64
	if err := s.rd.QueryRowContext(ctx, "SELECT max(id) FROM documents").Scan(&maxID); err != nil {
		return nil, fmt.Errorf("sample documents: %w", err)
	}
	if !maxID.Valid {
		return nil, nil
	}
	p := s.d.placeholder
	r := rand.New(rand.NewPCG(seed, seed+1))
	var out []Sample
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		id := 1 + r.Int64N(maxID.Int64)
		var sm Sample
		var posted sql.NullString
		err := s.rd.QueryRowContext(ctx, "SELECT text, language, posted_at FROM documents WHERE id = "+p(1), id).
			Scan(&sm.Text, &sm.Language, &posted)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("sample documents: %w", err)
		}
		if posted.Valid {
			sm.PostedAt, _ = time.Parse(timeFormat, posted.String)
		}
		rows, err := s.rd.QueryContext(ctx, "SELECT kind, value FROM entities WHERE document_id = "+p(1), id)
		if err != nil {
			return nil, fmt.Errorf("sample documents: %w", err)
		}
		for rows.Next() {
			var e vigie.Entity
			var kind string
			if err := rows.Scan(&kind, &e.Value); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sample documents: %w", err)
			}
			e.Kind = vigie.EntityKind(kind)
			sm.Entities = append(sm.Entities, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sample documents: %w", err)
		}
		out = append(out, sm)
	}
	return out, nil
}
