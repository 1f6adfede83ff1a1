package cluster

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"testing"
)

// snapshot returns the bytes of x's snapshot.
func snapshot(t testing.TB, x *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := x.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo reported %d bytes; wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

// readBytes reads the snapshot b.
func readBytes(b []byte) (*Index, error) {
	return ReadIndex(bytes.NewReader(b), int64(len(b)))
}

// sameIndex fails unless a and b put every document of a in the same
// cluster with the same members.
func sameIndex(t *testing.T, a, b *Index) {
	t.Helper()
	if a.Len() != b.Len() {
		t.Fatalf("%d documents; want %d", b.Len(), a.Len())
	}
	for _, id := range a.ids {
		ca, _ := a.Cluster(id)
		cb, ok := b.Cluster(id)
		if !ok || ca != cb {
			t.Fatalf("document %d: cluster %d (%v); want %d", id, cb, ok, ca)
		}
		if ca == id && !equalInts(a.Members(ca), b.Members(cb)) {
			t.Fatalf("cluster %d: members %v; want %v", ca, b.Members(cb), a.Members(ca))
		}
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSnapshotRoundTrip writes an Index, reads it back, and adds the same
// new documents to both: the clusters, the merges reported and the bytes
// of the next snapshot are the same, so a store may keep a snapshot
// instead of re-adding every document.
func TestSnapshotRoundTrip(t *testing.T) {
	_, sigs := synthPosts(6000, 9)
	for _, order := range []string{"increasing", "decreasing"} {
		t.Run(order, func(t *testing.T) {
			id := func(i int) int64 {
				if order == "decreasing" {
					return int64(100000 - i)
				}
				return int64(i + 1)
			}
			a := NewIndex(DefaultConfig)
			for i, s := range sigs[:4000] {
				a.Add(id(i), s)
			}
			a.Add(id(4000), Signature{}) // a text too short to compare
			b, err := readBytes(snapshot(t, a))
			if err != nil {
				t.Fatal(err)
			}
			sameIndex(t, a, b)
			for i := 4001; i < len(sigs); i++ {
				ca, ma := a.Add(id(i), sigs[i])
				cb, mb := b.Add(id(i), sigs[i])
				if ca != cb || !equalInts(ma, mb) {
					t.Fatalf("document %d: read index gave cluster %d merging %v; want %d merging %v", id(i), cb, mb, ca, ma)
				}
			}
			sameIndex(t, a, b)
			checkConsistent(t, b)
			if !bytes.Equal(snapshot(t, a), snapshot(t, b)) {
				t.Fatal("snapshots differ after the same additions")
			}
		})
	}
}

// TestSnapshotEmpty reads back the snapshot of an empty Index.
func TestSnapshotEmpty(t *testing.T) {
	x, err := readBytes(snapshot(t, NewIndex(DefaultConfig)))
	if err != nil {
		t.Fatal(err)
	}
	if x.Len() != 0 {
		t.Fatalf("Len = %d", x.Len())
	}
	r := rand.New(rand.NewPCG(1, 1))
	s := randomSig(r)
	x.Add(1, s)
	if c, _ := x.Add(2, s); c != 1 {
		t.Fatalf("identical signature in cluster %d; want 1", c)
	}
}

// TestSnapshotDamage checks that a snapshot cut short, with a flipped
// byte anywhere or with a valid checksum over broken structure, is
// refused with ErrSnapshot.
func TestSnapshotDamage(t *testing.T) {
	_, sigs := synthPosts(300, 3)
	x := NewIndex(DefaultConfig)
	for i, s := range sigs {
		x.Add(int64(i+1), s)
	}
	good := snapshot(t, x)
	for _, cut := range []int{0, 7, 8, 40, len(good) / 2, len(good) - 1} {
		if _, err := readBytes(good[:cut]); !errors.Is(err, ErrSnapshot) {
			t.Errorf("cut at %d of %d: err %v; want ErrSnapshot", cut, len(good), err)
		}
	}
	// A size smaller than the snapshot: refused before reading it all.
	if _, err := ReadIndex(bytes.NewReader(good), int64(len(good))/2); !errors.Is(err, ErrSnapshot) {
		t.Errorf("half the size given: err %v; want ErrSnapshot", err)
	}
	r := rand.New(rand.NewPCG(4, 4))
	for range 200 {
		bad := bytes.Clone(good)
		i := r.IntN(len(bad))
		bad[i] ^= byte(1 + r.IntN(255))
		if _, err := readBytes(bad); !errors.Is(err, ErrSnapshot) {
			t.Fatalf("byte %d of %d flipped: err %v; want ErrSnapshot", i, len(bad), err)
		}
	}

	// Structure broken under a valid checksum: each must be named.
	breaks := map[string]func(y *Index){
		"parent out of range": func(y *Index) { y.parent[5] = int32(len(y.ids)) },
		"parent cycle": func(y *Index) {
			y.parent[1], y.parent[2] = 2, 1
		},
		"ring repeated": func(y *Index) { y.ring[0] = y.ring[1] },
		"ring across":   func(y *Index) { y.ring[0], y.ring[len(y.ring)-1] = y.ring[len(y.ring)-1], y.ring[0] },
		"slot out of range": func(y *Index) {
			for i, s := range y.tabs[3].slots {
				if s != 0 {
					y.tabs[3].slots[i] = int32(len(y.ids) + 5)
					return
				}
			}
		},
		"slot count": func(y *Index) { y.tabs[0].n-- },
		"duplicate id": func(y *Index) {
			y.ids[7] = y.ids[3]
		},
	}
	for name, brk := range breaks {
		y, err := readBytes(good)
		if err != nil {
			t.Fatal(err)
		}
		brk(y)
		if _, err := readBytes(snapshot(t, y)); !errors.Is(err, ErrSnapshot) {
			t.Errorf("%s: err %v; want ErrSnapshot", name, err)
		}
	}
}

// errReader fails after n bytes with a non-format error.
type errReader struct {
	r io.Reader
	n int
}

var errDisk = errors.New("disk on fire")

func (e *errReader) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, errDisk
	}
	p = p[:min(len(p), e.n)]
	k, err := e.r.Read(p)
	e.n -= k
	return k, err
}

// TestSnapshotReadError checks that an error of the reader is returned as
// it is, not as a damaged snapshot.
func TestSnapshotReadError(t *testing.T) {
	good := snapshot(t, NewIndex(DefaultConfig))
	_, err := ReadIndex(&errReader{r: bytes.NewReader(good), n: 20}, int64(len(good)))
	if !errors.Is(err, errDisk) || errors.Is(err, ErrSnapshot) {
		t.Fatalf("err %v; want the reader's own", err)
	}
}

// FuzzReadIndex reads arbitrary bytes as a snapshot: either an error, or
// an Index that is consistent, accepts new documents and writes back the
// same bytes. With fix set, the last four bytes are first made the
// checksum of the others, so that the structure checks behind the
// checksum are reached.
func FuzzReadIndex(f *testing.F) {
	_, sigs := synthPosts(40, 2)
	x := NewIndex(Config{Bands: 4, Rows: 2, Threshold: 0.3})
	for i, s := range sigs {
		x.Add(int64(40-i), s)
	}
	f.Add(snapshot(f, x), true)
	f.Add(append(snapshot(f, x), 0), false)
	f.Add(snapshot(f, NewIndex(DefaultConfig)), false)
	f.Add([]byte("vgclix\x00\x01"), true)
	f.Fuzz(func(t *testing.T, in []byte, fix bool) {
		if fix && len(in) >= 4 {
			body := in[:len(in)-4]
			binary.LittleEndian.PutUint32(in[len(body):], crc32.Checksum(body, crcTable))
		}
		y, err := readBytes(in)
		if err != nil {
			if !errors.Is(err, ErrSnapshot) {
				t.Fatalf("error %v does not wrap ErrSnapshot", err)
			}
			return
		}
		if out := snapshot(t, y); !bytes.Equal(out, in) {
			t.Fatal("snapshot read and written back differs")
		}
		checkConsistent(t, y)
		for i, s := range sigs[:5] {
			y.Add(int64(1000+i), s)
		}
		checkConsistent(t, y)
	})
}
