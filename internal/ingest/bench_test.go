package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/storetest"
	"github.com/vigie-project/vigie/internal/synth"
)

// synthJSONL returns n posts of vigie synth as ingest JSONL.
func synthJSONL(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	g := synth.New(1)
	for range n {
		if err := enc.Encode(g.Next()); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

// BenchmarkIngestSQLite measures the whole ingest of synth posts (read,
// analysis on every core, store with full-text index) into a new SQLite
// store, in posts/s:
//
//	go test -run '^$' -bench IngestSQLite -benchtime 3x ./internal/ingest/
func BenchmarkIngestSQLite(b *testing.B) {
	benchIngest(b, func(b *testing.B) string { return b.TempDir() })
}

// BenchmarkIngestPostgres is BenchmarkIngestSQLite on the PostgreSQL of
// VIGIE_TEST_POSTGRES_URL, in a schema of its own.
func BenchmarkIngestPostgres(b *testing.B) {
	if os.Getenv("VIGIE_TEST_POSTGRES_URL") == "" {
		b.Skip("VIGIE_TEST_POSTGRES_URL not set: no PostgreSQL to measure")
	}
	benchIngest(b, func(b *testing.B) string { return storetest.PostgresSchema(b, os.Getenv("VIGIE_TEST_POSTGRES_URL")) })
}

func benchIngest(b *testing.B, target func(b *testing.B) string) {
	const n = 20000
	in := synthJSONL(b, n)
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	ctx := context.Background()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(ctx, target(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p := &Pipeline{Analyzer: a, Store: s}
		tot, err := p.Ingest(ctx, func(fn func(Record) error) error { return ReadJSONL(bytes.NewReader(in), "bench", fn) })
		if err != nil {
			b.Fatal(err)
		}
		if tot.Added+tot.Skipped != n {
			b.Fatalf("ingest = %+v; want %d documents", tot, n)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "posts/s")
}
