package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

const benchHelp = `Measure how fast the store answers searches: build a mix of queries from
documents picked at random in the store (one word, two words, an entity
filter such as phone:…, a category with a minimum risk, a word in one
language, a word in a 30-day window), run each once and print the latency
percentiles, overall and per kind of query, and how many word queries matched
more than 2,000 posts (those come newest first instead of ranked). The same seed and store give the
same queries. Nothing is written.

Example (1 M invented posts; see docs/benchmarks.md):
  vigie synth --count 1000000 > posts.jsonl && vigie ingest posts.jsonl
  vigie bench-search --queries 400
`

// benchQuery is one query of the mix and its kind.
type benchQuery struct {
	kind string
	q    store.Query
}

func runBenchSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench-search", "[flags]", benchHelp)
	df := addDataFlags(fs)
	n := fs.Int("queries", 300, "number of `queries` to run")
	seed := fs.Uint64("seed", 1, "random `seed` of the query mix")
	asJSON := fs.Bool("json", false, "print one JSON object")
	slowest := fs.Int("slowest", 0, "also print the `n` slowest queries, to see what costs (on a store of invented posts: they quote its words)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 1 {
		fmt.Fprintf(e.stderr, "vigie bench-search: --queries %d: want at least 1\n", *n)
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	samples, err := st.Samples(ctx, *n, *seed)
	if err != nil {
		return err
	}
	if len(samples) == 0 {
		return fmt.Errorf("the store holds no document to build queries from")
	}
	queries := benchQueries(samples, *n, *seed)
	times := map[string][]time.Duration{}
	var all []time.Duration
	type timed struct {
		benchQuery
		d time.Duration
	}
	var each []timed
	found, newest := 0, 0 // newest: word queries with more than store.RankLimit matches
	for _, bq := range queries {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := time.Now()
		res, err := st.Search(ctx, bq.q)
		d := time.Since(start)
		if err != nil {
			return fmt.Errorf("%s query %+v: %w", bq.kind, bq.q, err)
		}
		if len(res) > 0 {
			found++
			if bq.q.Words != "" && res[0].Score == 0 {
				newest++
			}
		}
		times[bq.kind] = append(times[bq.kind], d)
		all = append(all, d)
		each = append(each, timed{bq, d})
	}
	kinds := make([]string, 0, len(times))
	for k := range times {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	type line struct {
		Kind    string  `json:"kind"`
		Queries int     `json:"queries"`
		P50     float64 `json:"p50_ms"`
		P95     float64 `json:"p95_ms"`
		Max     float64 `json:"max_ms"`
	}
	summary := func(kind string, ds []time.Duration) line {
		slices.Sort(ds)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		return line{kind, len(ds), ms(percentile(ds, 50)), ms(percentile(ds, 95)), ms(ds[len(ds)-1])}
	}
	out := struct {
		Dialect   string `json:"dialect"`
		Documents int64  `json:"documents"`
		Found     int    `json:"queries_with_results"`
		Newest    int    `json:"word_queries_newest_first"`
		All       line   `json:"all"`
		Kinds     []line `json:"kinds"`
	}{Dialect: st.Dialect(), Documents: stats.Documents, Found: found, Newest: newest, All: summary("all", all)}
	for _, k := range kinds {
		out.Kinds = append(out.Kinds, summary(k, times[k]))
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(out)
	}
	fmt.Fprintf(e.stdout, "%s store, %d documents: %d queries, %d with results, %d with words matching more than %d posts (newest first, not ranked)\n",
		out.Dialect, out.Documents, len(all), found, newest, store.RankLimit)
	fmt.Fprintf(e.stdout, "%-12s %7s %9s %9s %9s\n", "kind", "queries", "p50 ms", "p95 ms", "max ms")
	for _, l := range append([]line{out.All}, out.Kinds...) {
		fmt.Fprintf(e.stdout, "%-12s %7d %9.2f %9.2f %9.2f\n", l.Kind, l.Queries, l.P50, l.P95, l.Max)
	}
	if *slowest > 0 {
		slices.SortFunc(each, func(a, b timed) int { return cmp.Compare(b.d, a.d) })
		fmt.Fprintf(e.stdout, "slowest:\n")
		for _, t := range each[:min(*slowest, len(each))] {
			fmt.Fprintf(e.stdout, "%9.2f ms  %-10s %s\n", float64(t.d.Microseconds())/1000, t.kind, describeQuery(t.q))
		}
	}
	return nil
}

// describeQuery writes q as the search flags that would run it.
func describeQuery(q store.Query) string {
	var parts []string
	if q.Words != "" {
		parts = append(parts, strconv.Quote(q.Words))
	}
	for _, e := range q.Entities {
		parts = append(parts, string(e.Kind)+":"+e.Value)
	}
	if q.Category != "" {
		parts = append(parts, "--category "+q.Category)
	}
	if q.MinRisk > 0 {
		parts = append(parts, "--min-risk "+strconv.FormatFloat(q.MinRisk, 'g', -1, 64))
	}
	if q.Language != "" {
		parts = append(parts, "--lang "+q.Language)
	}
	if !q.From.IsZero() {
		parts = append(parts, "--from "+q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		parts = append(parts, "--to "+q.To.Format(time.DateOnly))
	}
	return strings.Join(parts, " ")
}

// percentile returns the p-th percentile of sorted ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	i := (len(ds)*p + 99) / 100
	return ds[max(0, min(len(ds)-1, i-1))]
}

// benchQueries builds n queries from the samples, cycling through the
// kinds of the mix.
func benchQueries(samples []store.Sample, n int, seed uint64) []benchQuery {
	r := rand.New(rand.NewPCG(seed, seed+2))
	kinds := []string{"word", "two-words", "entity", "category", "word+lang", "word+dates"}
	var out []benchQuery
	for i := 0; len(out) < n && i < 10*n; i++ {
		sm := samples[i%len(samples)]
		kind := kinds[i%len(kinds)]
		words := sampleWords(sm.Text)
		var q store.Query
		switch kind {
		case "word":
			if len(words) == 0 {
				continue
			}
			q.Words = words[r.IntN(len(words))]
		case "two-words":
			if len(words) < 2 {
				continue
			}
			j := r.IntN(len(words) - 1)
			q.Words = words[j] + " " + words[j+1]
		case "entity":
			var ents []vigie.Entity
			for _, e := range sm.Entities {
				switch e.Kind {
				case vigie.KindPhone, vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindEmail:
					ents = append(ents, e)
				}
			}
			if len(ents) == 0 {
				continue
			}
			q.Entities = []vigie.Entity{ents[r.IntN(len(ents))]}
		case "category":
			q.Category = vigie.Categories[r.IntN(len(vigie.Categories))]
			q.MinRisk = 0.5
		case "word+lang":
			if len(words) == 0 || sm.Language == "" {
				continue
			}
			q.Words, q.Language = words[r.IntN(len(words))], sm.Language
		case "word+dates":
			if len(words) == 0 || sm.PostedAt.IsZero() {
				continue
			}
			q.Words = words[r.IntN(len(words))]
			q.From = sm.PostedAt.Add(-15 * 24 * time.Hour)
			q.To = sm.PostedAt.Add(15 * 24 * time.Hour)
		}
		out = append(out, benchQuery{kind, q})
	}
	return out
}

// sampleWords returns the words of text of four letters or more, as a
// person would type them into a search.
func sampleWords(text string) []string {
	f := normalize.Fold(text)
	var out []string
	for _, tk := range f.Tokens() {
		if tk.Kind == normalize.Word && tk.End-tk.Start >= 4 {
			out = append(out, strings.Clone(f.Norm[tk.Start:tk.End]))
		}
	}
	return out
}
