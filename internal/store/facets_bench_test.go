package store

import (
	"cmp"
	"context"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// BenchmarkFacets times Facets on the store named by VIGIE_BENCH_STORE (a
// data directory or a PostgreSQL URL, as for vigie --data), such as one
// of 100,000 posts made by
//
//	vigie synth --count 100000 > s100k.jsonl && vigie ingest --data /tmp/f100k s100k.jsonl
//
// for the searches of the search page: none, a common word, a category,
// a phone number. The word and the phone are the most frequent among a
// fixed sample of the stored documents. It reports the documents counted
// per search ("docs"), and times Search for the same searches, to
// compare.
func BenchmarkFacets(b *testing.B) {
	target := os.Getenv("VIGIE_BENCH_STORE")
	if target == "" {
		b.Skip("VIGIE_BENCH_STORE not set: no large store to measure on (see the comment of BenchmarkFacets)")
	}
	ctx := context.Background()
	s, err := OpenForServing(ctx, target)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	samples, err := s.Samples(ctx, 300, 1)
	if err != nil {
		b.Fatal(err)
	}
	words := map[string]int{}
	phones := map[string]int{}
	for _, sm := range samples {
		seen := map[string]bool{}
		for _, t := range terms(sm.Text) {
			if len([]rune(t)) >= 4 && !seen[t] {
				seen[t] = true
				words[t]++
			}
		}
		for _, e := range sm.Entities {
			if e.Kind == vigie.KindPhone {
				phones[e.Value]++
			}
		}
	}
	if len(words) == 0 || len(phones) == 0 {
		b.Fatalf("%d samples hold no word or no phone number to search for", len(samples))
	}
	for _, c := range []struct {
		name string
		q    Query
	}{
		{"none", Query{}},
		{"word", Query{Words: mostFrequent(words)}},
		{"category", Query{Category: vigie.SmugglingPassage}},
		{"phone", Query{Entities: []vigie.Entity{{Kind: vigie.KindPhone, Value: mostFrequent(phones)}}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var f Facets
			for b.Loop() {
				if f, err = s.Facets(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(f.Counted), "docs")
		})
		// The search the facets go with, to compare.
		b.Run(c.name+"/search", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// mostFrequent returns the key of n with the highest count, the least
// key among equals.
func mostFrequent(n map[string]int) string {
	keys := slices.Sorted(maps.Keys(n))
	return slices.MaxFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(n[a], n[b]), cmp.Compare(b, a))
	})
}
