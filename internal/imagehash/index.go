package imagehash

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// chunks is the number of 16-bit pieces a hash is cut into for indexing.
const chunks = 4

// Index finds stored hashes near a query hash without comparing against
// all of them (multi-index hashing: each hash is filed under each of its
// four 16-bit chunks; two hashes within distance d agree within d/4 bits
// on at least one chunk, so only the buckets near the query's chunks are
// read). The zero Index is not usable; call NewIndex.
//
// Add must not run concurrently with Add or Near; Near calls may run
// concurrently with each other. An Index holds at most math.MaxInt32
// hashes; Add panics beyond that.
type Index struct {
	ids     []int64
	hashes  []Hash
	buckets [chunks]map[uint16][]int32 // chunk value → positions in ids
}

// Match is one result of Index.Near: an id added to the index and the
// distance of its nearest hash to the query.
type Match struct {
	ID       int64
	Distance int
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	x := &Index{}
	for k := range x.buckets {
		x.buckets[k] = make(map[uint16][]int32)
	}
	return x
}

// Len returns the number of hashes added.
func (x *Index) Len() int { return len(x.hashes) }

func chunk(h Hash, k int) uint16 { return uint16(h >> (16 * k)) }

// Add files h under id. An id may be added with several hashes (for
// example all of Hashes of one image); Near then reports it once.
func (x *Index) Add(id int64, h Hash) {
	if len(x.hashes) >= math.MaxInt32 {
		panic("imagehash: Index full")
	}
	pos := int32(len(x.hashes))
	x.ids = append(x.ids, id)
	x.hashes = append(x.hashes, h)
	for k := range chunks {
		c := chunk(h, k)
		x.buckets[k][c] = append(x.buckets[k][c], pos)
	}
}

// ballSize returns how many 16-bit values lie within r bits of a given one.
func ballSize(r int) int {
	n, c := 0, 1
	for i := 0; i <= r && i <= 16; i++ {
		n += c
		c = c * (16 - i) / (i + 1)
	}
	return n
}

// Near returns the ids with a hash within maxDist of h, each once with its
// smallest distance, sorted by distance and then id. A negative maxDist
// returns nil; a maxDist of 64 or more returns every id.
func (x *Index) Near(h Hash, maxDist int) []Match {
	return x.near(h, maxDist, true)
}

// near is Near; tests call it with mayScan false to check the bucket path
// on small indexes.
func (x *Index) near(h Hash, maxDist int, mayScan bool) []Match {
	if maxDist < 0 || len(x.hashes) == 0 {
		return nil
	}
	var out []Match
	r := maxDist / chunks // pigeonhole radius per chunk
	// Probing a bucket costs a map look-up (tens of ns), comparing a hash
	// about 1 ns: past this point a scan of everything is cheaper.
	if maxDist >= 64 || mayScan && chunks*ballSize(r)*32 >= len(x.hashes) {
		for i, g := range x.hashes {
			if d := Distance(h, g); d <= maxDist {
				out = append(out, Match{x.ids[i], d})
			}
		}
		return dedupe(out)
	}
	for k := range chunks {
		q := chunk(h, k)
		forBall(q, r, 0, func(c uint16) {
			for _, pos := range x.buckets[k][c] {
				g := x.hashes[pos]
				if foundEarlier(h, g, k, r) {
					continue
				}
				if d := Distance(h, g); d <= maxDist {
					out = append(out, Match{x.ids[pos], d})
				}
			}
		})
	}
	return dedupe(out)
}

// foundEarlier reports whether g was already reached through a chunk
// before k, so that each stored hash is considered once per query.
func foundEarlier(h, g Hash, k, r int) bool {
	for j := range k {
		if bits.OnesCount16(chunk(h, j)^chunk(g, j)) <= r {
			return true
		}
	}
	return false
}

// forBall calls f for every 16-bit value within r bits of q that differs
// from q only in bits at position from or above, each once.
func forBall(q uint16, r, from int, f func(uint16)) {
	f(q)
	if r == 0 {
		return
	}
	for b := from; b < 16; b++ {
		forBall(q^1<<b, r-1, b+1, f)
	}
}

// dedupe keeps the smallest distance per id and sorts by distance, id.
func dedupe(ms []Match) []Match {
	slices.SortFunc(ms, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Distance, b.Distance))
	})
	ms = slices.CompactFunc(ms, func(a, b Match) bool { return a.ID == b.ID })
	slices.SortFunc(ms, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.ID, b.ID))
	})
	return ms
}
