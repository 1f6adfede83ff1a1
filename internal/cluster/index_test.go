package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomSig returns a Signature of random bytes: the sketch of a text
// unrelated to any other.
func randomSig(r *rand.Rand) Signature {
	var s Signature
	for i := range s {
		s[i] = byte(r.Uint32())
	}
	if s.IsZero() {
		s[0] = 1
	}
	return s
}

// mixSig returns a Signature taking its first n bytes from a and the rest
// from b.
func mixSig(a, b Signature, n int) Signature {
	var s Signature
	copy(s[:n], a[:n])
	copy(s[n:], b[n:])
	return s
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"default", DefaultConfig, true},
		{"all values", Config{Bands: 8, Rows: 8, Threshold: 1}, true},
		{"no rows", Config{Bands: 8, Rows: 0, Threshold: 0.5}, false},
		{"rows too wide", Config{Bands: 1, Rows: 9, Threshold: 0.5}, false},
		{"too many bands", Config{Bands: 33, Rows: 2, Threshold: 0.5}, false},
		{"no bands", Config{Bands: 0, Rows: 2, Threshold: 0.5}, false},
		{"zero threshold", Config{Bands: 8, Rows: 2, Threshold: 0}, false},
		{"threshold above 1", Config{Bands: 8, Rows: 2, Threshold: 1.5}, false},
	}
	for _, tt := range tests {
		if err := tt.cfg.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: %+v.Validate() = %v; want ok %v", tt.name, tt.cfg, err, tt.ok)
		}
	}
}

// TestNeed checks that the number of agreeing bytes an Index requires is
// the least that meets the threshold.
func TestNeed(t *testing.T) {
	for _, th := range []float64{0.01, 0.25, 0.3, 0.5, 0.9, 1} {
		x := NewIndex(Config{Bands: 8, Rows: 2, Threshold: th})
		if jaccard(x.need) < th || x.need > 0 && jaccard(x.need-1) >= th {
			t.Errorf("threshold %v: need %d (J %v, J-1 %v)", th, x.need, jaccard(x.need), jaccard(x.need-1))
		}
	}
}

func TestBands(t *testing.T) {
	var s Signature
	for i := range s {
		s[i] = byte(i)
	}
	got := s.Bands(Config{Bands: 2, Rows: 3, Threshold: 0.5})
	want := []uint64{0x020100, 0x050403}
	if !slices.Equal(got, want) {
		t.Errorf("Bands = %#x; want %#x", got, want)
	}
	if got := (Signature{}).Bands(DefaultConfig); got != nil {
		t.Errorf("zero Signature Bands = %v; want nil", got)
	}
}

// TestIndex adds documents step by step and checks clusters, merges and
// members after each.
func TestIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	a, b, c := randomSig(r), randomSig(r), randomSig(r)
	type step struct {
		id      int64
		sig     Signature
		cluster int64
		merged  []int64
	}
	tests := []struct {
		name    string
		steps   []step
		members map[int64][]int64 // cluster → members at the end; nil for none
	}{
		{
			name:    "unrelated documents stay apart",
			steps:   []step{{1, a, 1, nil}, {2, b, 2, nil}, {3, c, 3, nil}},
			members: map[int64][]int64{1: {1}, 2: {2}, 3: {3}},
		},
		{
			name:    "duplicates join the first",
			steps:   []step{{10, a, 10, nil}, {11, b, 11, nil}, {12, a, 10, nil}, {13, a, 10, nil}},
			members: map[int64][]int64{10: {10, 12, 13}, 11: {11}},
		},
		{
			name:    "near duplicate joins",
			steps:   []step{{1, a, 1, nil}, {2, mixSig(a, b, 40), 1, nil}},
			members: map[int64][]int64{1: {1, 2}, 2: nil},
		},
		{
			name:    "too different stays apart",
			steps:   []step{{1, a, 1, nil}, {2, mixSig(a, b, 6), 2, nil}},
			members: map[int64][]int64{1: {1}, 2: {2}},
		},
		{
			name: "bridge merges, the smaller number survives",
			steps: []step{
				{5, b, 5, nil}, {3, a, 3, nil}, {7, a, 3, nil},
				{8, mixSig(a, b, 32), 3, []int64{5}},
			},
			members: map[int64][]int64{3: {3, 5, 7, 8}, 5: nil},
		},
		{
			name:    "same id twice changes nothing",
			steps:   []step{{1, a, 1, nil}, {2, b, 2, nil}, {2, a, 2, nil}},
			members: map[int64][]int64{1: {1}, 2: {2}},
		},
		{
			name:    "zero signatures stay alone",
			steps:   []step{{1, Signature{}, 1, nil}, {2, Signature{}, 2, nil}},
			members: map[int64][]int64{1: {1}, 2: {2}},
		},
		{
			name:    "ids out of order",
			steps:   []step{{9, a, 9, nil}, {4, a, 9, nil}, {6, b, 6, nil}, {-2, b, 6, nil}},
			members: map[int64][]int64{9: {4, 9}, 6: {-2, 6}, 4: nil, -2: nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := NewIndex(DefaultConfig)
			for _, s := range tt.steps {
				c, m := x.Add(s.id, s.sig)
				if c != s.cluster || !slices.Equal(m, s.merged) {
					t.Errorf("Add(%d) = %d, %v; want %d, %v", s.id, c, m, s.cluster, s.merged)
				}
			}
			for cl, want := range tt.members {
				if got := x.Members(cl); !slices.Equal(got, want) {
					t.Errorf("Members(%d) = %v; want %v", cl, got, want)
				}
			}
			checkConsistent(t, x)
		})
	}
}

func TestClusterUnknown(t *testing.T) {
	x := NewIndex(DefaultConfig)
	if c, ok := x.Cluster(1); ok {
		t.Errorf("Cluster(1) on empty index = %d, true; want false", c)
	}
	x.Add(1, Signature{})
	if c, ok := x.Cluster(2); ok {
		t.Errorf("Cluster(2) = %d, true; want false", c)
	}
	if got := x.Members(2); got != nil {
		t.Errorf("Members(2) = %v; want nil", got)
	}
}

// checkConsistent checks that every document is in exactly one cluster
// and listed among its members.
func checkConsistent(t *testing.T, x *Index) {
	t.Helper()
	seen := map[int64]int64{}
	for _, id := range x.ids {
		c, ok := x.Cluster(id)
		if !ok {
			t.Fatalf("Cluster(%d) not found", id)
		}
		if _, ok := seen[id]; ok {
			continue
		}
		ms := x.Members(c)
		if !slices.Contains(ms, id) {
			t.Fatalf("Members(%d) = %v; lacks %d", c, ms, id)
		}
		for _, m := range ms {
			if prev, ok := seen[m]; ok {
				t.Fatalf("document %d in clusters %d and %d", m, prev, c)
			}
			seen[m] = c
		}
	}
	if len(seen) != x.Len() {
		t.Fatalf("%d documents in clusters; want %d", len(seen), x.Len())
	}
}

// TestRebuild checks that adding the same Signatures in the same order
// gives the same clusters, which is how a store reloads an Index, and that
// the merges Add reports, applied by a caller, give the clusters of the
// Index.
func TestRebuild(t *testing.T) {
	_, sigs := synthPosts(5000, 4)
	a, b := NewIndex(DefaultConfig), NewIndex(DefaultConfig)
	stored := map[int64]int64{} // id → cluster, as a caller keeps them
	for i, s := range sigs {
		id := int64(i + 1)
		c, merged := a.Add(id, s)
		stored[id] = c
		for _, m := range merged {
			for k, v := range stored {
				if v == m {
					stored[k] = c
				}
			}
		}
	}
	for i, s := range sigs {
		b.Add(int64(i+1), s)
	}
	for id, c := range stored {
		ca, _ := a.Cluster(id)
		cb, _ := b.Cluster(id)
		if ca != c || cb != c {
			t.Fatalf("document %d: stored cluster %d, index %d, rebuilt %d", id, c, ca, cb)
		}
	}
	checkConsistent(t, a)
}

// TestInterleaved adds real ads spread among random Signatures (unrelated
// texts) and checks that the clusters of the real ads are nearly those
// they have alone: the last document of a bucket is rarely an unrelated
// one that overwrote a near duplicate. With 2-byte bands, half the pairs
// were lost at a million documents; with 3-byte bands, 1 of 3,514.
func TestInterleaved(t *testing.T) {
	real := append(socalBodies(t), backpageBodies(t)...)
	sigs := signTexts(real)
	n := 200_000
	if !testing.Short() {
		n = 1_000_000
	}
	r := rand.New(rand.NewPCG(2, 2))
	alone, mixed := NewIndex(DefaultConfig), NewIndex(DefaultConfig)
	step := n / len(sigs)
	next := int64(1 << 40)
	for i, s := range sigs {
		alone.Add(int64(i), s)
		mixed.Add(int64(i), s)
		for range step {
			mixed.Add(next, randomSig(r))
			next++
		}
	}
	var pa, pm, both int64
	ca, cm, cb := map[int64]int{}, map[int64]int{}, map[[2]int64]int{}
	for i := range sigs {
		a, _ := alone.Cluster(int64(i))
		m, _ := mixed.Cluster(int64(i))
		ca[a]++
		cm[m]++
		cb[[2]int64{a, m}]++
	}
	for _, k := range ca {
		pa += pairs(k)
	}
	for _, k := range cm {
		pm += pairs(k)
	}
	for _, k := range cb {
		both += pairs(k)
	}
	t.Logf("%d real ads among %d random signatures: %d same-cluster pairs alone, %d mixed, %d in both", len(sigs), mixed.Len()-len(sigs), pa, pm, both)
	// A link is lost when an unrelated document overwrote every bucket
	// that would have found it: rare, not impossible (at a million
	// documents, a given 24-bit key is overwritten with probability 6%).
	if pm != both || float64(both) < 0.99*float64(pa) {
		t.Errorf("real ads clustered differently among random signatures: %d pairs alone, %d mixed, %d common; want the mixed ones all common and 99%% of those alone", pa, pm, both)
	}
}
