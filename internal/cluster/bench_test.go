package cluster

import (
	"bytes"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/synth"
)

// BenchmarkSign signs synthetic posts on one core, folding included
// (posts/s is the figure to read).
func BenchmarkSign(b *testing.B) {
	g := synth.New(9)
	texts := make([]string, 1000)
	for i := range texts {
		texts[i] = g.Next().Text
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t := normalize.Fold(texts[i%len(texts)])
		Sign(t)
		t.Release()
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkAdd adds Signatures to an Index that already holds n others:
// random ones (unrelated texts, every band a new key) or synthetic posts
// (mostly near duplicates).
func BenchmarkAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 5))
	random := make([]Signature, 1<<20)
	for i := range random {
		random[i] = randomSig(r)
	}
	_, posts := synthPosts(200_000, 5)
	for _, bc := range []struct {
		name string
		sigs []Signature
	}{{"random", random}, {"synth", posts}} {
		b.Run(bc.name, func(b *testing.B) {
			x := NewIndex(DefaultConfig)
			i := 0
			for b.Loop() {
				x.Add(int64(i), bc.sigs[i%len(bc.sigs)])
				i++
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "adds/s")
		})
	}
}

// TestMemory measures the heap an Index holds per document at 1M (200k in
// short mode) unrelated documents, the worst case: every band key is new.
// It must stay under 300 bytes.
func TestMemory(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	r := rand.New(rand.NewPCG(6, 6))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := NewIndex(DefaultConfig)
	for i := range n {
		x.Add(int64(i), randomSig(r))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
	t.Logf("index of %d unrelated documents: %.0f bytes per document", n, per)
	if per > 300 {
		t.Errorf("index holds %.0f bytes per document; want <= 300", per)
	}
	runtime.KeepAlive(x)
}

// BenchmarkSnapshot compares the two ways of getting back the Index of a
// million synthetic posts: adding their Signatures again, or reading a
// snapshot (docs/benchmarks.md). Each op is one whole Index.
func BenchmarkSnapshot(b *testing.B) {
	_, sigs := synthPosts(1_000_000, 7)
	x := NewIndex(DefaultConfig)
	for i, s := range sigs {
		x.Add(int64(i+1), s)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	snap := buf.Bytes()
	b.Run("add", func(b *testing.B) {
		for b.Loop() {
			y := NewIndex(DefaultConfig)
			for i, s := range sigs {
				y.Add(int64(i+1), s)
			}
		}
	})
	b.Run("write", func(b *testing.B) {
		b.SetBytes(int64(len(snap)))
		for b.Loop() {
			if _, err := x.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.SetBytes(int64(len(snap)))
		for b.Loop() {
			if _, err := ReadIndex(bytes.NewReader(snap), int64(len(snap))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
