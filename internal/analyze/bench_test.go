package analyze

import (
	"sync/atomic"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// memexAds returns the texts of the Memex ad-classifier test set (695
// real escort, massage and job ads).
func memexAds(tb testing.TB) []string {
	tb.Helper()
	return sharedtest.MemexAds(tb, "testing.csv")
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
// go test -bench AnalyzeMemexParallel -benchtime 60000x -cpu 2 ./internal/analyze/
// An op is one ad: runs much shorter than a second are dominated by
// start-up work (phone automata are built on first use).
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
