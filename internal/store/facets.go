package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// FacetLimit bounds the documents a facet count reads: when more match,
// Facets counts the FacetLimit newest of them (Partial). Its cost grows
// with the documents counted. BenchmarkFacets on a 100,000-post SQLite
// store measured, without filter, for a common word, for a category of a
// fifth of the posts and for a phone number: 2.6, 3.6, 4.9 and 0.1 ms
// counting 500 documents; 5.5, 7.8, 11 and 0.1 ms at 1,000. Under load
// (vigie bench-web, 50 clients) 500 cut the search page's throughput by
// three; at 200 a count costs about as much as the search itself, and
// the web server runs one at a time (internal/web, searchFacets).
const FacetLimit = 200

// facetLimit is FacetLimit; tests lower it.
var facetLimit = FacetLimit

// FacetCount is how many of the documents counted have a value.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// EntityFacet is an identifier, its kind and value as stored, and how
// many of the documents counted hold it.
type EntityFacet struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facets are the counts of the documents matching a search by what they
// are about, where and when they come from and how risky they are. Every
// list is sorted by count, highest first, then by value in byte order,
// except Month, which is in time order. A value no document has is not
// listed; the lists are never nil.
type Facets struct {
	// Counted is how many documents were counted. Partial reports that
	// more than FacetLimit documents matched: the counts are of the
	// FacetLimit newest (by id, the order they were stored in).
	Counted int  `json:"counted"`
	Partial bool `json:"partial"`
	// Category counts the documents reported under each category id; a
	// document is counted under each of its categories, one without any
	// under none.
	Category []FacetCount `json:"category"`
	// Language (ISO 639-1), Source (its name) and Month (of the posting
	// date, "2006-01") each count every document once: those with no
	// detected language, no source or no posting date under "", which
	// sorts first in Month.
	Language []FacetCount `json:"language"`
	Source   []FacetCount `json:"source"`
	Month    []FacetCount `json:"month"`
	// Risk counts every document once, in one of the bands of RiskBands.
	Risk []FacetCount `json:"risk"`
	// Entities are the identifiers (phones, e-mails, handles, wallets:
	// the kinds of FacetKinds) held by the most documents counted, at
	// most 10, each with the number of those documents.
	Entities []EntityFacet `json:"entities"`
}

// RiskBand is a range of risk, Min included, Max excluded unless it is 1.
// Its name, "Min-Max" ("0.7-1"), is its value in Facets.Risk. A search
// with Min as its lowest risk (Query.MinRisk, the search page's risk
// field) finds the documents of the band and of the bands above.
type RiskBand struct {
	Name     string
	Min, Max float64
}

// RiskBands are the bands of Facets.Risk, highest first. 0.7 is the risk
// from which the dashboard lists a document as high-risk; 0.5 is the
// analysis's default threshold for reporting a category, of which the
// risk is the highest score: a document below it is, by default, reported
// under no category.
var RiskBands = []RiskBand{
	{"0.7-1", 0.7, 1},
	{"0.5-0.7", 0.5, 0.7},
	{"0-0.5", 0, 0.5},
}

// FacetKinds are the kinds of identifiers that Facets.Entities counts:
// phone numbers, e-mail addresses, handles of messaging apps and social
// networks, crypto wallets.
var FacetKinds = []vigie.EntityKind{
	vigie.KindPhone, vigie.KindEmail,
	vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindViber, vigie.KindSignal, vigie.KindSkype,
	vigie.KindSnapchat, vigie.KindInstagram, vigie.KindFacebook, vigie.KindTikTok,
	vigie.KindCryptoWallet,
}

// topEntities is the length of Facets.Entities at most.
const topEntities = 10

// Separators of the categories and identifiers of a document as Facets
// reads them, in one string each: control characters, which neither
// category ids nor normalised identifiers hold.
const (
	itemSep = "\x1e" // between items
	kindSep = "\x1f" // between an identifier's kind and value
)

// Facets counts the documents matching q (every filter of q, words
// included; q.Limit ignored) by category, language, source, month and
// risk band, and finds the identifiers most of them hold. When more than
// FacetLimit documents match, it counts the FacetLimit newest and sets
// Partial.
//
// It reads the newest matches (FacetLimit and one more, to know whether
// there are more), found through the same conditions as Search in an
// order that the indexes give without sorting every match, each with its
// categories and identifiers; and counts them itself.
func (s *Store) Facets(ctx context.Context, q Query) (Facets, error) {
	limit := facetLimit
	cat := categoryList
	if q.Category != "" {
		var err error
		if cat, err = s.facetCategory(ctx, q.Category, limit); err != nil {
			return Facets{}, err
		}
	}
	return s.facets(ctx, q, cat, limit)
}

// facets is Facets selecting the documents of q.Category as cat says,
// counting limit documents at most.
func (s *Store) facets(ctx context.Context, q Query, cat categoryFilter, limit int) (Facets, error) {
	sqlText, args := s.facetsSQL(q, cat, limit)
	rows, err := s.rd.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return Facets{}, fmt.Errorf("facets: %w", err)
	}
	defer rows.Close()
	var (
		n                           int
		cats, langs, srcs, months   = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		risks                       = map[string]int{}
		ents                        = map[EntityFacet]int{}
		docEnts                     []EntityFacet
		lang, src, catList, entList string
		posted                      sql.NullString
		risk                        float64
	)
	for rows.Next() {
		if err := rows.Scan(&lang, &src, &posted, &risk, &catList, &entList); err != nil {
			return Facets{}, fmt.Errorf("facets: %w", err)
		}
		// Newest first: the one more than the limit is the oldest.
		if n++; n > limit {
			continue
		}
		langs[lang]++
		srcs[src]++
		months[month(posted)]++
		risks[riskBand(risk)]++
		if catList != "" {
			for c := range strings.SplitSeq(catList, itemSep) {
				cats[c]++ // a document is in a category once
			}
		}
		// Each identifier once per document, however often it is in it.
		docEnts = docEnts[:0]
		if entList != "" {
			for e := range strings.SplitSeq(entList, itemSep) {
				kind, value, _ := strings.Cut(e, kindSep)
				if k := (EntityFacet{Kind: kind, Value: value}); !slices.Contains(docEnts, k) {
					docEnts = append(docEnts, k)
					ents[k]++
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Facets{}, fmt.Errorf("facets: %w", err)
	}
	out := Facets{Counted: min(n, limit), Partial: n > limit,
		Category: byCount(cats), Language: byCount(langs), Source: byCount(srcs), Risk: byCount(risks),
		Month: byCount(months), Entities: []EntityFacet{}}
	slices.SortFunc(out.Month, func(a, b FacetCount) int { return strings.Compare(a.Value, b.Value) })
	for e, n := range ents {
		e.Count = n
		out.Entities = append(out.Entities, e)
	}
	slices.SortFunc(out.Entities, func(a, b EntityFacet) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value), strings.Compare(a.Kind, b.Kind))
	})
	out.Entities = out.Entities[:min(len(out.Entities), topEntities)]
	return out, nil
}

// byCount returns the counts of n, highest first, then by value.
func byCount(n map[string]int) []FacetCount {
	out := make([]FacetCount, 0, len(n))
	for v, c := range n {
		out = append(out, FacetCount{Value: v, Count: c})
	}
	slices.SortFunc(out, func(a, b FacetCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
	})
	return out
}

// month returns the month ("2006-01") of a stored posting time, or ""
// without one.
func month(posted sql.NullString) string {
	if !posted.Valid || len(posted.String) < 7 {
		return ""
	}
	return posted.String[:7]
}

// riskBand returns the name of the band of RiskBands that risk is in.
func riskBand(risk float64) string {
	for _, b := range RiskBands {
		if risk >= b.Min {
			return b.Name
		}
	}
	return RiskBands[len(RiskBands)-1].Name // below 0: not a risk vigie gives
}

// facetCategory returns how Facets best selects the documents of
// category when it counts the limit newest matches of a search. Looking
// up each document considered (categoryProbe) costs about the documents
// read to find limit of the category: limit × documents ÷ size of the
// category, if the category is spread evenly; reading the category into a
// list (categoryList) costs its size, each row about half as much as a
// lookup. The list is chosen when the category holds at most
// √(2 × limit × documents), where both ways cost the same. On the
// 100,000-post SQLite store of BenchmarkFacets, limit 500, that is 10,000
// documents: a category of 19,700 took 15 ms as a list and 4 ms by
// lookups; one of 7,700, 6 ms as a list and 7 ms by lookups.
func (s *Store) facetCategory(ctx context.Context, category string, limit int) (categoryFilter, error) {
	var top int64
	if err := s.rd.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM documents").Scan(&top); err != nil {
		return 0, fmt.Errorf("facets: %w", err)
	}
	most := int64(math.Sqrt(2 * float64(limit) * float64(top)))
	p := s.d.placeholder
	var n int64
	if err := s.rd.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM categories WHERE category = "+p(1)+" LIMIT "+p(2)+") k",
		category, most+1).Scan(&n); err != nil {
		return 0, fmt.Errorf("facets: %w", err)
	}
	if n > most {
		return categoryProbe, nil
	}
	return categoryList, nil
}

// facetsSQL returns the statement of Facets for q, reading limit
// documents and one more, and its arguments, selecting the documents of
// q.Category as cat says. Its rows, newest first, are a document's
// language, source name, posting time, risk, categories and identifiers
// (kind and value), these two joined by itemSep and kindSep.
//
// The matches are selected first (a materialized WITH), so that the
// categories and identifiers are read for them only, one document at a
// time through the indexes on document_id: written as joins, PostgreSQL
// took the category join for a hash join over the whole categories table
// (20 to 60 ms at 100,000 posts). string_agg is in both dialects (SQLite
// from 3.44). The limit is written out, not bound: with it bound,
// PostgreSQL's generic plan for the prepared statement (which pgx keeps
// and PostgreSQL turns to after five runs) guessed 50 rows and sorted
// every match of a common word by id (42 ms instead of 5).
func (s *Store) facetsSQL(q Query, cat categoryFilter, limit int) (string, []any) {
	f := s.filter(q, terms(q.Words), cat)
	order := "d.id DESC"
	if f.match >= 0 {
		order = s.d.newestFirst()
	}
	args := f.args
	arg := func(v any) string {
		args = append(args, v)
		return s.d.placeholder(len(args))
	}
	kinds := make([]string, len(FacetKinds))
	for i, k := range FacetKinds {
		kinds[i] = arg(string(k))
	}
	sqlText := "WITH m AS MATERIALIZED (SELECT d.id, d.source_id, d.posted_at, d.language, d.risk FROM " + f.from + where(f.conds) +
		" ORDER BY " + order + " LIMIT " + strconv.Itoa(limit+1) + ") " +
		"SELECT m.language, coalesce(s.name, ''), m.posted_at, m.risk, " +
		"coalesce((SELECT string_agg(k.category, " + arg(itemSep) + ") FROM categories k WHERE k.document_id = m.id), ''), " +
		"coalesce((SELECT string_agg(e.kind || " + arg(kindSep) + " || e.value, " + arg(itemSep) + ") FROM entities e " +
		"WHERE e.document_id = m.id AND e.kind IN (" + strings.Join(kinds, ", ") + ")), '') " +
		"FROM m LEFT JOIN sources s ON s.id = m.source_id ORDER BY m.id DESC"
	return sqlText, args
}
