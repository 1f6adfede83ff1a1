package imagehash

import "math"

// Table is a read-only Index built from all its hashes at once, for
// callers that have them all (grouping every photo of a store): the same
// multi-index hashing, but each chunk's buckets are one array sorted by
// chunk value, holding the hashes themselves next to their ids. A probe
// reads a bucket's entries in sequence instead of following a position
// to a hash elsewhere in memory, which is what the time of Index.Near
// went into at a million hashes (a cache miss per candidate).
type Table struct {
	n     int
	start [chunks][]int32 // per chunk: 1<<16 + 1 bucket offsets into ents
	ents  [chunks][]entry
}

type entry struct {
	h  Hash
	id int64
}

// NewTable returns the Table of hashes, the i-th filed under ids[i]. An
// id may come with several hashes; Near then reports it once. It panics
// if the slices differ in length or hold more than math.MaxInt32 hashes.
func NewTable(ids []int64, hashes []Hash) *Table {
	if len(ids) != len(hashes) || len(hashes) > math.MaxInt32 {
		panic("imagehash: NewTable of unequal or too long slices")
	}
	t := &Table{n: len(hashes)}
	for k := range chunks {
		start := make([]int32, 1<<16+1)
		for _, h := range hashes {
			start[int(chunk(h, k))+1]++
		}
		for c := 1; c < len(start); c++ {
			start[c] += start[c-1]
		}
		ents := make([]entry, len(hashes))
		next := make([]int32, 1<<16)
		copy(next, start)
		for i, h := range hashes {
			c := chunk(h, k)
			ents[next[c]] = entry{h, ids[i]}
			next[c]++
		}
		t.start[k], t.ents[k] = start, ents
	}
	return t
}

// Len returns the number of hashes in t.
func (t *Table) Len() int { return t.n }

// Near returns what Index.Near returns for the same hashes: the ids with
// a hash within maxDist of h, each once with its smallest distance,
// sorted by distance and then id.
func (t *Table) Near(h Hash, maxDist int) []Match {
	if maxDist < 0 || t.n == 0 {
		return nil
	}
	return t.near(h, maxDist, true)
}

// near is Near; tests call it with mayScan false to check the bucket path
// on small tables.
func (t *Table) near(h Hash, maxDist int, mayScan bool) []Match {
	var out []Match
	r := maxDist / chunks // pigeonhole radius per chunk
	// Reading the entries in sequence costs about what probing one bucket
	// does per entry: past this point a scan of everything is cheaper
	// (the ball of buckets grows exponentially with the radius).
	if maxDist >= 64 || mayScan && chunks*ballSize(r) >= t.n {
		for _, e := range t.ents[0] {
			if d := Distance(h, e.h); d <= maxDist {
				out = append(out, Match{e.id, d})
			}
		}
		return dedupe(out)
	}
	for k := range chunks {
		start, ents := t.start[k], t.ents[k]
		forBall(chunk(h, k), r, 0, func(c uint16) {
			for _, e := range ents[start[c]:start[int(c)+1]] {
				if foundEarlier(h, e.h, k, r) {
					continue
				}
				if d := Distance(h, e.h); d <= maxDist {
					out = append(out, Match{e.id, d})
				}
			}
		})
	}
	return dedupe(out)
}
