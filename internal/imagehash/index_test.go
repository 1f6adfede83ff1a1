package imagehash

import (
	"encoding/binary"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

func bruteNear(ids []int64, hs []Hash, q Hash, maxDist int) []Match {
	best := map[int64]int{}
	for i, h := range hs {
		d := Distance(q, h)
		if old, ok := best[ids[i]]; d <= maxDist && (!ok || d < old) {
			best[ids[i]] = d
		}
	}
	var out []Match
	for id, d := range best {
		out = append(out, Match{id, d})
	}
	return dedupe(out)
}

// clustered returns n hashes in clusters: random centres and copies with a
// few bits flipped, so that near look-ups have something to find.
func clustered(rng *rand.Rand, n int) []Hash {
	hs := make([]Hash, 0, n)
	for len(hs) < n {
		c := Hash(rng.Uint64())
		hs = append(hs, c)
		for k := rng.IntN(6); k > 0 && len(hs) < n; k-- {
			h := c
			for f := rng.IntN(20); f > 0; f-- {
				h ^= 1 << rng.IntN(64)
			}
			hs = append(hs, h)
		}
	}
	return hs
}

func TestIndexMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 50, 30000} { // 30000 takes the bucket path for small radii
		hs := clustered(rng, n)
		ids := make([]int64, n)
		x := NewIndex()
		for i, h := range hs {
			ids[i] = int64(rng.IntN(n/2 + 1)) // repeated ids: several hashes per id
			x.Add(ids[i], h)
		}
		if x.Len() != n {
			t.Errorf("Len() = %d; want %d", x.Len(), n)
		}
		found := 0
		queries := 200
		if n > 1000 {
			queries = 30 // each brute-force reference scans all n
		}
		for q := range queries {
			var h Hash
			if n > 0 && q%2 == 0 {
				h = hs[rng.IntN(n)] ^ 1<<rng.IntN(64)
			} else {
				h = Hash(rng.Uint64())
			}
			for _, d := range []int{-1, 0, 1, 3, 4, 7, 10, 12, 16, 20, 64, 100} {
				want := bruteNear(ids, hs, h, d)
				if got := x.Near(h, d); !slices.Equal(got, want) {
					t.Fatalf("n=%d: Near(%v, %d) = %v; want %v", n, h, d, got, want)
				}
				if got := x.near(h, d, false); !slices.Equal(got, want) {
					t.Fatalf("n=%d: near(%v, %d, no scan) = %v; want %v", n, h, d, got, want)
				}
				if d == 10 {
					found += len(want)
				}
			}
		}
		if n >= 50 && found == 0 {
			t.Errorf("n=%d: no query found anything within 10; the test is vacuous", n)
		}
	}
}

// FuzzIndex compares Index.Near with a linear scan. The input holds a
// radius byte, then 8-byte hashes; small ids repeat to exercise merging.
func FuzzIndex(f *testing.F) {
	f.Add([]byte{10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 9})
	f.Add([]byte{3, 0xff, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 9 {
			return
		}
		// Radii from -1 to 16: beyond, the bucket paths forced below
		// probe an exponential number of buckets (Near itself scans).
		maxDist := int(b[0]%18) - 1
		x := NewIndex()
		var ids []int64
		var hs []Hash
		for i := 1; i+8 <= len(b); i += 8 {
			h := Hash(binary.LittleEndian.Uint64(b[i:]))
			id := int64(i % 5)
			x.Add(id, h)
			ids, hs = append(ids, id), append(hs, h)
		}
		tab := NewTable(ids, hs)
		// Query near the first hash, and at it.
		for _, q := range []Hash{hs[0] ^ 0x8001, hs[0]} {
			want := bruteNear(ids, hs, q, maxDist)
			if got := x.Near(q, maxDist); !slices.Equal(got, want) {
				t.Fatalf("Near(%v, %d) = %v; want %v", q, maxDist, got, want)
			}
			if got := x.near(q, maxDist, false); !slices.Equal(got, want) {
				t.Fatalf("near(%v, %d, no scan) = %v; want %v", q, maxDist, got, want)
			}
			if got := tab.Near(q, maxDist); !slices.Equal(got, want) {
				t.Fatalf("Table.Near(%v, %d) = %v; want %v", q, maxDist, got, want)
			}
			if got := tab.near(q, maxDist, false); !slices.Equal(got, want) {
				t.Fatalf("Table.near(%v, %d, no scan) = %v; want %v", q, maxDist, got, want)
			}
		}
	})
}

const benchN = 1_000_000

func BenchmarkIndexAdd(b *testing.B) {
	hs := clustered(rand.New(rand.NewPCG(13, 14)), benchN)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var x *Index
	for b.Loop() {
		x = NewIndex()
		for i, h := range hs {
			x.Add(int64(i), h)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/benchN, "heapB/hash")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchN, "ns/add")
	runtime.KeepAlive(x)
}

func BenchmarkIndexNear(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	hs := clustered(rng, benchN)
	x := NewIndex()
	for i, h := range hs {
		x.Add(int64(i), h)
	}
	b.Run("linear-scan-reference", func(b *testing.B) {
		var found int
		for b.Loop() {
			q := hs[rng.IntN(benchN)] ^ 1
			for _, h := range hs {
				if Distance(q, h) <= DefaultMaxDistance {
					found++
				}
			}
		}
		b.ReportMetric(float64(found)/float64(b.N), "matches/op")
	})
	ids := make([]int64, len(hs))
	for i := range ids {
		ids[i] = int64(i)
	}
	tab := NewTable(ids, hs)
	for _, d := range []int{4, 8, 10, 12} {
		name := "maxDist=" + string(rune('0'+d/10)) + string(rune('0'+d%10))
		b.Run(name, func(b *testing.B) {
			var found int
			for b.Loop() {
				found += len(x.Near(hs[rng.IntN(benchN)]^1, d))
			}
			b.ReportMetric(float64(found)/float64(b.N), "matches/op")
		})
		b.Run("table/"+name, func(b *testing.B) {
			var found int
			for b.Loop() {
				found += len(tab.Near(hs[rng.IntN(benchN)]^1, d))
			}
			b.ReportMetric(float64(found)/float64(b.N), "matches/op")
		})
	}
}
