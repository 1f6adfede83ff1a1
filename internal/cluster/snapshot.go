package cluster

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
)

// snapshotMagic opens the snapshot of an Index, with its format version.
var snapshotMagic = [8]byte{'v', 'g', 'c', 'l', 'i', 'x', 0, 1}

// crcTable is the Castagnoli polynomial, computed by the CPU where it can.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// WriteTo writes a snapshot of x to w: its Config, its documents with
// their Signatures and clusters, and its band tables, followed by a CRC-32C
// of all of it. ReadIndex reads it back into an Index that behaves exactly
// as x does, without adding the documents again: a store keeps one between
// ingests so that a million documents need not be re-indexed to add ten
// thousand. The snapshot takes about as many bytes as x takes memory.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	sw := &snapWriter{w: bufio.NewWriterSize(w, 1<<16), crc: crc32.New(crcTable)}
	sw.bytes(snapshotMagic[:])
	sw.u64(uint64(x.cfg.Bands))
	sw.u64(uint64(x.cfg.Rows))
	sw.u64(math.Float64bits(x.cfg.Threshold))
	n := len(x.ids)
	sw.u64(uint64(n))
	for _, id := range x.ids {
		sw.u64(uint64(id))
	}
	for i := range x.sigs {
		sw.bytes(x.sigs[i][:])
	}
	sw.i32s(x.parent)
	sw.i32s(x.ring)
	for _, t := range x.tabs {
		sw.u64(uint64(t.n))
		sw.u64(uint64(len(t.slots)))
		sw.i32s(t.slots)
	}
	sum := sw.crc.Sum32()
	var tail [4]byte
	binary.LittleEndian.PutUint32(tail[:], sum)
	sw.bytes(tail[:])
	if sw.err == nil {
		sw.err = sw.w.Flush()
	}
	return sw.n, sw.err
}

// snapWriter writes little-endian values, summing them, and keeps the
// first error.
type snapWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	n   int64
	err error
	buf [1 << 12]byte
}

func (s *snapWriter) bytes(b []byte) {
	if s.err != nil {
		return
	}
	s.crc.Write(b)
	k, err := s.w.Write(b)
	s.n += int64(k)
	s.err = err
}

func (s *snapWriter) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	s.bytes(b[:])
}

func (s *snapWriter) i32s(vs []int32) {
	for len(vs) > 0 {
		k := min(len(vs), len(s.buf)/4)
		for i, v := range vs[:k] {
			binary.LittleEndian.PutUint32(s.buf[4*i:], uint32(v))
		}
		s.bytes(s.buf[:4*k])
		vs = vs[k:]
	}
}

// ErrSnapshot is wrapped by every error ReadIndex returns for bytes that
// are not a sound snapshot (as opposed to an error of the reader).
var ErrSnapshot = errors.New("not a sound cluster index snapshot")

// ReadIndex reads a snapshot written by Index.WriteTo. It checks the
// checksum and every invariant the Index relies on (documents, clusters
// and tables that refer to documents that exist, clusters that are
// trees, member lists that are cycles over exactly their cluster), so that
// damaged bytes give an error wrapping ErrSnapshot rather than an Index
// that loops or panics. size is the number of bytes r holds (the size of
// the file): a snapshot claiming more documents or table slots than that
// is refused before anything is allocated for them.
func ReadIndex(r io.Reader, size int64) (*Index, error) {
	sr := &snapReader{r: bufio.NewReaderSize(r, 1<<16), crc: crc32.New(crcTable)}
	var magic [8]byte
	sr.bytes(magic[:])
	if sr.err == nil && magic != snapshotMagic {
		return nil, fmt.Errorf("%w: bad magic %q", ErrSnapshot, magic[:])
	}
	bands, rows, thr := sr.u64(), sr.u64(), math.Float64frombits(sr.u64())
	n := sr.u64()
	if sr.err != nil {
		return nil, sr.fail()
	}
	if bands > SignatureLen || rows > 8 {
		return nil, fmt.Errorf("%w: %d bands of %d rows", ErrSnapshot, bands, rows)
	}
	cfg := Config{Bands: int(bands), Rows: int(rows), Threshold: thr}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	// Each document takes an id, a Signature, a cluster link and a member
	// link.
	const perDoc = 8 + SignatureLen + 4 + 4
	if n >= math.MaxInt32-1 || n > uint64(max(size, 0))/perDoc {
		return nil, fmt.Errorf("%w: %d documents in %d bytes", ErrSnapshot, n, size)
	}
	left := uint64(size) - n*perDoc
	x := NewIndex(cfg)
	count := int(n)
	x.ids = sr.i64s(count)
	x.sigs = sr.sigs(count)
	x.parent = sr.i32s(count)
	x.ring = sr.i32s(count)
	for b := range x.tabs {
		tn, slots := sr.u64(), sr.u64()
		if sr.err != nil {
			break
		}
		// A table is grown to keep its load at most 3/4, from 64 slots,
		// by half its size: never more than twice its keys plus 64.
		if tn > n || slots > 2*tn+64 || 4*tn > 3*slots || slots > left/4 {
			return nil, fmt.Errorf("%w: band %d table of %d keys in %d slots", ErrSnapshot, b, tn, slots)
		}
		left -= 4 * slots
		x.tabs[b].n = int(tn)
		x.tabs[b].slots = sr.i32s(int(slots))
	}
	var tail [4]byte
	sum := sr.crc.Sum32()
	sr.raw(tail[:])
	if sr.err != nil {
		return nil, sr.fail()
	}
	if got := binary.LittleEndian.Uint32(tail[:]); got != sum {
		return nil, fmt.Errorf("%w: checksum %08x, want %08x", ErrSnapshot, got, sum)
	}
	if _, err := sr.r.ReadByte(); err == nil {
		return nil, fmt.Errorf("%w: bytes after the checksum", ErrSnapshot)
	} else if err != io.EOF {
		return nil, err
	}
	if err := x.check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	return x, nil
}

// check verifies the invariants of an Index read from a snapshot.
func (x *Index) check() error {
	n := int32(len(x.ids))
	x.pos = nil
	for i := 1; i < len(x.ids); i++ {
		if x.ids[i] <= x.ids[i-1] {
			// Ids stopped arriving in increasing order: look them up
			// in a map, as Add does.
			x.pos = make(map[int64]int32, len(x.ids))
			for d, id := range x.ids {
				if _, dup := x.pos[id]; dup {
					return fmt.Errorf("document %d twice", id)
				}
				x.pos[id] = int32(d)
			}
			break
		}
	}
	// Every parent chain ends at a root, without a cycle.
	const unknown, onPath = -1, -2
	root := make([]int32, n)
	for i := range root {
		root[i] = unknown
	}
	var path []int32
	for d := range n {
		path = path[:0]
		v := d
		for root[v] == unknown {
			p := x.parent[v]
			if p < 0 || p >= n {
				return fmt.Errorf("document %d: cluster link %d out of range", x.ids[v], p)
			}
			if p == v {
				root[v] = v
				break
			}
			root[v] = onPath
			path = append(path, v)
			v = p
		}
		if root[v] == onPath {
			return fmt.Errorf("document %d: cluster links make a cycle", x.ids[v])
		}
		for _, u := range path {
			root[u] = root[v]
		}
	}
	// The member lists are cycles that each hold one cluster, whole.
	onRing := make([]bool, n)
	for _, m := range x.ring {
		if m < 0 || m >= n || onRing[m] {
			return fmt.Errorf("member list entry %d out of range or repeated", m)
		}
		onRing[m] = true
	}
	clear(onRing)
	for d := range n {
		if onRing[d] {
			continue
		}
		r, hasRoot := root[d], false
		for m := d; !onRing[m]; m = x.ring[m] {
			onRing[m] = true
			if root[m] != r {
				return fmt.Errorf("documents %d and %d: one member list, two clusters", x.ids[d], x.ids[m])
			}
			hasRoot = hasRoot || m == r
		}
		if !hasRoot {
			return fmt.Errorf("cluster %d: member list without its first document", x.ids[r])
		}
	}
	for b, t := range x.tabs {
		used := 0
		for _, s := range t.slots {
			if s < 0 || s > n {
				return fmt.Errorf("band %d: slot for document %d out of range", b, s-1)
			}
			if s != 0 {
				used++
			}
		}
		if used != t.n {
			return fmt.Errorf("band %d: %d slots used, %d recorded", b, used, t.n)
		}
	}
	return nil
}

// snapReader reads little-endian values, summing them, and keeps the
// first error.
type snapReader struct {
	r   *bufio.Reader
	crc hash.Hash32
	err error
}

// fail returns the reader's error, an unexpected end being a damaged
// snapshot.
func (s *snapReader) fail() error {
	if errors.Is(s.err, io.EOF) || errors.Is(s.err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated", ErrSnapshot)
	}
	return s.err
}

// raw reads b without summing it.
func (s *snapReader) raw(b []byte) {
	if s.err == nil {
		_, s.err = io.ReadFull(s.r, b)
	}
}

func (s *snapReader) bytes(b []byte) {
	s.raw(b)
	if s.err == nil {
		s.crc.Write(b)
	}
}

func (s *snapReader) u64() uint64 {
	var b [8]byte
	s.bytes(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// readValues reads count values of size bytes each into a slice of
// exactly count, decoding each with dec. The caller has checked that the
// input holds that many bytes.
func readValues[T any](s *snapReader, count, size int, dec func([]byte) T) []T {
	out := make([]T, count)
	buf := make([]byte, (1<<12)/size*size)
	for i := 0; i < count && s.err == nil; {
		k := min(count-i, len(buf)/size)
		b := buf[:k*size]
		s.bytes(b)
		if s.err != nil {
			break
		}
		for j := range k {
			out[i+j] = dec(b[j*size:])
		}
		i += k
	}
	return out
}

func (s *snapReader) i64s(count int) []int64 {
	return readValues(s, count, 8, func(b []byte) int64 { return int64(binary.LittleEndian.Uint64(b)) })
}

func (s *snapReader) i32s(count int) []int32 {
	return readValues(s, count, 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
}

func (s *snapReader) sigs(count int) []Signature {
	out := make([]Signature, count)
	for i := range out {
		if s.bytes(out[i][:]); s.err != nil {
			break
		}
	}
	return out
}
