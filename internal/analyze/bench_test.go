package analyze

import (
	"encoding/csv"
	"os"
	"sync/atomic"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// memexAds returns the texts of the Memex ad-classifier test set (695
// real escort, massage and job ads).
func memexAds(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(sharedtest.File(tb, "memex-ads-classifier/testing.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, rec := range recs[1:] {
		if len(rec) >= 2 {
			out = append(out, rec[1])
		}
	}
	return out
}

// BenchmarkAnalyzeMemex measures extraction and scoring of real ads on one
// goroutine: go test -bench AnalyzeMemex -cpu 1 ./internal/analyze/
func BenchmarkAnalyzeMemex(b *testing.B) {
	ads := memexAds(b)
	a := newTestAnalyzer()
	var size int64
	for _, s := range ads {
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range ads {
			a.Analyze(Input{Text: s})
		}
	}
}

// BenchmarkAnalyzeMemexParallel measures the same on every core:
// go test -bench AnalyzeMemexParallel -cpu 2 ./internal/analyze/
func BenchmarkAnalyzeMemexParallel(b *testing.B) {
	ads := memexAds(b)
	a := newTestAnalyzer()
	var size int64
	for _, s := range ads {
		size += int64(len(s))
	}
	b.SetBytes(size / int64(len(ads)))
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) % int64(len(ads))
			a.Analyze(Input{Text: ads[i]})
		}
	})
}
