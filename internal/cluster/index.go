package cluster

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Config sets how an Index finds and verifies near duplicates.
type Config struct {
	// Bands and Rows cut a Signature into Bands keys of Rows bytes each
	// (LSH banding): two documents are compared when they agree on a
	// whole band. Rows is at most 8 and Bands*Rows at most SignatureLen.
	// Two texts of Jaccard similarity J share a band with probability
	// 1-(1-J^Rows)^Bands.
	Bands, Rows int
	// Threshold is the least estimated Jaccard similarity for a candidate
	// to join a document to its cluster, in (0, 1].
	Threshold float64
}

// DefaultConfig is the configuration measured on synthetic templates and
// real ads (see the tests). Bands of 3 bytes are 24-bit keys: a band of two
// unrelated documents agrees by chance with probability 2^-24, so that the
// last document of a bucket is still a near duplicate after a million
// unrelated ones (with 2-byte bands, half the real links were lost among a
// million random signatures). 21 such bands find a pair of similarity 0.5
// with probability 0.94, 0.3 with 0.44: large template clusters are found
// whole through their many members, pairs of loosely similar ads not
// always. The threshold of 0.25 keeps ads reusing one template's wording
// together (on real ads, pairs between 0.2 and 0.3 were template reuse),
// while posts of different synthetic templates never exceed 0.1.
var DefaultConfig = Config{Bands: 21, Rows: 3, Threshold: 0.25}

// Validate returns an error when c cannot be used.
func (c Config) Validate() error {
	switch {
	case c.Rows < 1 || c.Rows > 8:
		return fmt.Errorf("cluster config: rows %d not in [1, 8]", c.Rows)
	case c.Bands < 1 || c.Bands*c.Rows > SignatureLen:
		return fmt.Errorf("cluster config: %d bands of %d rows exceed %d values", c.Bands, c.Rows, SignatureLen)
	case !(c.Threshold > 0 && c.Threshold <= 1):
		return fmt.Errorf("cluster config: threshold %v not in (0, 1]", c.Threshold)
	}
	return nil
}

// Bands returns the LSH band keys of s under cfg: key b holds bytes
// b*Rows to (b+1)*Rows of s, little-endian. A store may index them to find
// candidates in SQL; an Index computes them itself. The zero Signature has
// no bands, nor has any Signature under an invalid cfg.
func (s Signature) Bands(cfg Config) []uint64 {
	if s.IsZero() || cfg.Validate() != nil {
		return nil
	}
	out := make([]uint64, cfg.Bands)
	for b := range out {
		out[b] = bandKey(&s, b, cfg.Rows)
	}
	return out
}

// bandKey returns band b of s, of rows bytes.
func bandKey(s *Signature, b, rows int) uint64 {
	var k uint64
	for i, c := range s[b*rows : (b+1)*rows] {
		k |= uint64(c) << (8 * i)
	}
	return k
}

// Index groups documents into clusters of near duplicates as they are
// added. A document joins every cluster holding a document that shares an
// LSH band with it and whose estimated Jaccard similarity is at least the
// threshold; when it joins several, they merge (single linkage). A cluster
// is numbered by the id of its first document; when clusters merge, the
// smallest number survives.
//
// For each band the Index remembers only the last document that had each
// key, and verifies against it: a document is compared with at most Bands
// others, so Add costs the same whatever the size of the clusters. Per
// document it keeps its Signature, its id, two links and one 4-byte slot
// per band: 217 bytes per document at 200,000 unrelated documents, 232 at
// a million (TestMemory; it varies with the load of the band tables).
//
// An Index is not safe for concurrent use: use it from one goroutine at a
// time. Adding the same ids with the same Signatures in the same order to
// a new Index with the same Config gives the same clusters: that is how a
// store rebuilds it from stored Signatures.
type Index struct {
	cfg Config
	// need is the least number of agreeing bytes that meets the
	// threshold.
	need int

	ids    []int64
	sigs   []Signature
	parent []int32 // union-find; a root is the cluster's first document
	ring   []int32 // circular list of the members of each cluster
	tabs   []table // one per band

	// pos maps ids to documents once ids stopped arriving in increasing
	// order; until then ids is sorted and searched.
	pos map[int64]int32

	// roots is scratch space for Add.
	roots []int32
}

// NewIndex returns an empty Index. It panics if cfg is not valid
// (Config.Validate): configurations are constants of the program, and an
// invalid one is a programming error, as with regexp.MustCompile.
func NewIndex(cfg Config) *Index {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	need := int(math.Ceil(float64(SignatureLen) * (cfg.Threshold*(1-1.0/256) + 1.0/256)))
	for need > 0 && jaccard(need-1) >= cfg.Threshold {
		need--
	}
	for need <= SignatureLen && jaccard(need) < cfg.Threshold {
		need++
	}
	return &Index{cfg: cfg, need: need, tabs: make([]table, cfg.Bands)}
}

// Len returns the number of documents in x.
func (x *Index) Len() int { return len(x.ids) }

// Add puts the document id with Signature sig in the cluster of its near
// duplicates and returns that cluster, with the clusters merged into it by
// this addition (nil when none), in increasing order: a caller storing
// cluster numbers renumbers their documents. A document near none is a new
// cluster numbered id. A zero Signature is always a cluster of its own.
// Adding an id already present changes nothing and returns its cluster.
func (x *Index) Add(id int64, sig Signature) (cluster int64, merged []int64) {
	if d, ok := x.lookup(id); ok {
		return x.ids[x.find(d)], nil
	}
	if len(x.ids) >= math.MaxInt32-1 {
		// Documents are numbered in 32 bits to keep the Index small:
		// past 2^31-2 documents, Add records nothing more rather than
		// corrupt it, and Cluster does not know the new ids.
		return id, nil
	}
	d := int32(len(x.ids))
	if x.pos == nil && d > 0 && id < x.ids[d-1] {
		x.pos = make(map[int64]int32, len(x.ids)+1)
		for i, v := range x.ids {
			x.pos[v] = int32(i)
		}
	}
	if x.pos != nil {
		x.pos[id] = d
	}
	x.ids = append(x.ids, id)
	x.sigs = append(x.sigs, sig)
	x.parent = append(x.parent, d)
	x.ring = append(x.ring, d)
	if sig.IsZero() {
		return id, nil
	}
	roots := x.roots[:0]
	for b := range x.tabs {
		key := bandKey(&sig, b, x.cfg.Rows)
		h := x.tabs[b].swap(x, b, key, d)
		if h < 0 {
			continue
		}
		r := x.find(h)
		if slices.Contains(roots, r) {
			continue
		}
		if agree(&x.sigs[h], &x.sigs[d]) >= x.need {
			roots = append(roots, r)
		}
	}
	x.roots = roots
	if len(roots) == 0 {
		return id, nil
	}
	// The cluster with the smallest number survives.
	slices.SortFunc(roots, func(a, b int32) int { return cmp.Compare(x.ids[a], x.ids[b]) })
	s := roots[0]
	x.union(s, d)
	for _, r := range roots[1:] {
		merged = append(merged, x.ids[r])
		x.union(s, r)
	}
	return x.ids[s], merged
}

// union makes root s the parent of the root or lone document r, and
// splices their member lists.
func (x *Index) union(s, r int32) {
	x.parent[r] = s
	x.ring[s], x.ring[r] = x.ring[r], x.ring[s]
}

// find returns the root of d, halving the path on the way.
func (x *Index) find(d int32) int32 {
	for x.parent[d] != d {
		x.parent[d] = x.parent[x.parent[d]]
		d = x.parent[d]
	}
	return d
}

// lookup returns the document of id.
func (x *Index) lookup(id int64) (int32, bool) {
	if x.pos != nil {
		d, ok := x.pos[id]
		return d, ok
	}
	i, ok := slices.BinarySearch(x.ids, id)
	return int32(i), ok
}

// Cluster returns the cluster of the document id, and false when id was
// never added.
func (x *Index) Cluster(id int64) (int64, bool) {
	d, ok := x.lookup(id)
	if !ok {
		return 0, false
	}
	return x.ids[x.find(d)], true
}

// Members returns the ids of the documents of cluster, in increasing
// order, or nil when cluster is not the number of a cluster of x (never
// added, or merged into another). It takes time in the size of the
// cluster.
func (x *Index) Members(cluster int64) []int64 {
	d, ok := x.lookup(cluster)
	if !ok || x.parent[d] != d {
		return nil
	}
	out := []int64{cluster}
	for m := x.ring[d]; m != d; m = x.ring[m] {
		out = append(out, x.ids[m])
	}
	slices.Sort(out)
	return out
}

// table maps the keys of one band to the last document that had them,
// by open addressing with linear probing. A slot holds a document number
// plus one (0 is empty); the key is read back from the document's
// Signature, so a slot costs 4 bytes.
type table struct {
	slots []int32
	n     int
}

// swap records d as the last document with key in band b, and returns the
// previous one, or -1.
func (t *table) swap(x *Index, b int, key uint64, d int32) int32 {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow(x, b)
	}
	for i := t.home(key, b); ; i = t.next(i) {
		s := t.slots[i]
		if s == 0 {
			t.slots[i] = d + 1
			t.n++
			return -1
		}
		if bandKey(&x.sigs[s-1], b, x.cfg.Rows) == key {
			t.slots[i] = d + 1
			return s - 1
		}
	}
}

// home returns the first slot to probe for key in band b: the hash scaled
// to the table's length, which need not be a power of two.
func (t *table) home(key uint64, b int) int {
	hi, _ := bits.Mul64(mix(key^seeds[b]), uint64(len(t.slots)))
	return int(hi)
}

// next returns the slot after i, wrapping around.
func (t *table) next(i int) int {
	if i++; i == len(t.slots) {
		return 0
	}
	return i
}

// grow makes t 1.5 times larger: the load stays between 1/2 and 3/4, and
// slots cost 5.3 to 8 bytes per key, instead of 5.3 to 10.7 when doubling.
func (t *table) grow(x *Index, b int) {
	old := t.slots
	t.slots = make([]int32, max(len(old)*3/2, 64))
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := t.home(bandKey(&x.sigs[s-1], b, x.cfg.Rows), b)
		for t.slots[i] != 0 {
			i = t.next(i)
		}
		t.slots[i] = s
	}
}
