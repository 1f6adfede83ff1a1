package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

const searchHelp = `Search stored posts. Words must all occur, whatever their accents, case or
Arabic spelling marks; a word of the form KIND:VALUE filters on an extracted
entity instead: phone:0470123456 (any national or international format of
the number), whatsapp:…, telegram:@…, email:…, iban:…, location:LY, …
A * in the value is a wildcard: phone:*123456 finds numbers ending in those
digits (seen cut off on a screenshot), telegram:*travel* handles holding
"travel" (fast on PostgreSQL; SQLite reads every entity of that kind).
Results come best first with a snippet where the words are marked «like this»;
when more than 2,000 posts match the words, the newest come first instead.

Examples:
  vigie search zuwara
  vigie search --category smuggling.passage --min-risk 0.7 lampedusa
  vigie search phone:+32470123456
  vigie search 'phone:*123456'
  vigie search --json --from 2026-01-01 passeport
`

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "[flags] QUERY…", searchHelp)
	df := addDataFlags(fs)
	category := fs.String("category", "", "only posts reported under this category `id`")
	minRisk := fs.Float64("min-risk", 0, "only posts of at least this `risk` (0–1)")
	lang := fs.String("lang", "", "only posts in this `language` (ISO 639-1)")
	source := fs.String("source", "", "only posts of this `source`")
	from := fs.String("from", "", "only posts posted on or after this `date` (YYYY-MM-DD or RFC 3339)")
	to := fs.String("to", "", "only posts posted before this `date`")
	limit := fs.Int("limit", 20, "at most `n` results")
	region := fs.String("region", analyze.DefaultRegion, "`country` of phone numbers written without one")
	asJSON := fs.Bool("json", false, "print one JSON object per result")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	reg, ok := analyze.RegionCode(*region)
	if !ok {
		fmt.Fprintf(e.stderr, "vigie search: --region %q: want an ISO 3166 alpha-2 code such as BE\n", *region)
		return errUsage
	}
	q := store.Query{Category: *category, MinRisk: *minRisk, Language: *lang, Source: *source, Limit: *limit}
	var err error
	if q.From, err = parseDate(*from); err != nil {
		fmt.Fprintf(e.stderr, "vigie search: --from: %v\n", err)
		return errUsage
	}
	if q.To, err = parseDate(*to); err != nil {
		fmt.Fprintf(e.stderr, "vigie search: --to: %v\n", err)
		return errUsage
	}
	if *category != "" && !knownCategory(*category) {
		fmt.Fprintf(e.stderr, "vigie search: --category %q: unknown; want one of %s\n", *category, strings.Join(vigie.Categories, ", "))
		return errUsage
	}
	if q.Words, q.Entities, err = store.ParseTerms(strings.Join(fs.Args(), " "), reg); err != nil {
		fmt.Fprintf(e.stderr, "vigie search: %v\n", err)
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.Search(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, r := range res {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(res) == 0 {
		fmt.Fprintln(e.stdout, "no post found")
		return nil
	}
	if q.Words != "" && res[0].Score == 0 {
		fmt.Fprintf(e.stdout, "(more than %d posts match: newest first; add words or filters to rank them)\n\n", store.RankLimit)
	}
	for _, r := range res {
		fmt.Fprintf(e.stdout, "%s  risk %.2f  %s\n  %s\n\n", r.ID, r.Risk, r.Language, r.Snippet)
	}
	return nil
}

// openExisting opens the store of the data flags for reading: an empty
// data directory is an error, not a new store.
func openExisting(ctx context.Context, df dataFlags) (*store.Store, error) {
	if *df.db != "" {
		return store.Open(ctx, *df.db)
	}
	if _, err := os.Stat(filepath.Join(*df.data, "vigie.db")); err != nil {
		return nil, fmt.Errorf("no store in %s (run vigie ingest first, or give --data): %w", *df.data, err)
	}
	return store.Open(ctx, *df.data)
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%q: want YYYY-MM-DD or RFC 3339", s)
	}
	return t, nil
}

func knownCategory(id string) bool {
	for _, c := range vigie.Categories {
		if c == id {
			return true
		}
	}
	return false
}

const statsHelp = `Print what the store holds: documents, entities, indicator hits, sources,
ingest runs, documents per category and per language.
`

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats", "[flags]", statsHelp)
	df := addDataFlags(fs)
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(s)
	}
	fmt.Fprintf(e.stdout, "documents   %d\nentities    %d\nhits        %d\nsources     %d\ningest runs %d\n",
		s.Documents, s.Entities, s.Hits, s.Sources, s.Runs)
	for _, c := range vigie.Categories {
		if n := s.Categories[c]; n > 0 {
			fmt.Fprintf(e.stdout, "  %-34s %d\n", c, n)
		}
	}
	return nil
}
