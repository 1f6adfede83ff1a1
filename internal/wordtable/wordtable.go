// Package wordtable looks words up in a fixed set faster than a Go map
// when nearly every lookup misses, as when the gazetteer (place) or the
// document names (doctype) are looked up for every word token of a text:
// a map hashes the whole string and probes a group for each word, while a
// miss here most often costs four byte reads and one read of an 8 KB array.
//
// It is a pure stage helper: no I/O; a Table is immutable once built and
// safe for concurrent use.
package wordtable

import "math/bits"

// Table maps a fixed set of non-empty words to values, as an
// open-addressing hash table behind a filter.
type Table[V any] struct {
	// filter holds the FilterKey of every word: it rejects most other
	// words with one read of an 8 KB array.
	filter bitset16
	// slots holds 0 when empty, else the bits of a word's hash covered by
	// tag and, in the low bits, its index in keys plus one. It is kept at
	// most half full, so that the words the filter lets through most
	// often cost one probe.
	slots []uint32
	tag   uint32
	keys  []key[V]
}

// key is a word of the table, its wordSample and its value. Words shorter
// than eight bytes are equal when their lengths and samples are, which
// spares a string comparison.
type key[V any] struct {
	sample uint64
	word   string
	val    V
}

// New indexes m, whose keys must not be empty, inserting the words in the
// order of words (every key of m, once), so that the layout never depends
// on map iteration.
func New[V any](m map[string]V, words []string) *Table[V] {
	size := 1
	for size < 2*len(words) {
		size <<= 1
	}
	t := &Table[V]{
		slots: make([]uint32, size),
		tag:   ^uint32(0) << bits.Len(uint(len(words))),
		keys:  make([]key[V], 0, len(words)),
	}
	mask := uint32(size - 1)
	for _, w := range words {
		t.filter.add(FilterKey(w))
		x := wordSample(w)
		h := wordHash(x, len(w))
		k := h & mask
		for t.slots[k] != 0 {
			k = (k + 1) & mask
		}
		t.keys = append(t.keys, key[V]{sample: x, word: w, val: m[w]})
		t.slots[k] = h&t.tag | uint32(len(t.keys))
	}
	return t
}

// MayHave reports whether a word whose FilterKey is k may be in the table:
// false proves it is not.
func (t *Table[V]) MayHave(k uint32) bool { return t.filter.has(k) }

// Get returns the value of w (not empty) and whether w is in the table.
func (t *Table[V]) Get(w string) (v V, ok bool) {
	if !t.filter.has(FilterKey(w)) {
		return v, false
	}
	x := wordSample(w)
	h := wordHash(x, len(w))
	mask := uint32(len(t.slots) - 1)
	for k := h & mask; ; k = (k + 1) & mask {
		e := t.slots[k]
		if e == 0 {
			return v, false
		}
		if (e^h)&t.tag == 0 {
			key := &t.keys[e&^t.tag-1]
			if len(w) < 8 && len(key.word) == len(w) && key.sample == x || key.word == w {
				return key.val, true
			}
		}
	}
}

// bitset16 is a set of the top 16 bits of 32-bit keys.
type bitset16 [1 << 16 / 64]uint64

func (b *bitset16) add(k uint32) { k >>= 16; b[k/64] |= 1 << (k % 64) }

func (b *bitset16) has(k uint32) bool { k >>= 16; return b[k/64]&(1<<(k%64)) != 0 }

// FilterKey hashes the length and the first, last and two middle bytes
// of a non-empty word into 32 bits; filters take the top bits. It inlines,
// and where it reads does not depend on a branch, which the lengths of the
// words of a text would make unpredictable.
func FilterKey(w string) uint32 {
	n := len(w)
	return FilterKeyOf(w[0], w[(n-1)>>1], w[n>>1], w[n-1], n)
}

// FilterKeyOf is FilterKey of a word of length n whose first, middle and
// last bytes are first, mid1 (at (n-1)/2), mid2 (at n/2) and last.
func FilterKeyOf(first, mid1, mid2, last byte, n int) uint32 {
	x := uint32(first) | uint32(mid1)<<8 | uint32(mid2)<<16 | uint32(last)<<24
	return x*0x9e3779b1 ^ uint32(n)*0x85ebca6b
}

// wordSample packs the bytes of a word up to eight bytes long into a
// word (byte k at bits 8k for four bytes or more; w[0], w[n/2], w[n-1]
// below four), and mixes the first and last eight bytes of a longer one.
func wordSample(w string) uint64 {
	n := len(w)
	switch {
	case n >= 8:
		return load64(w[:8]) ^ bits.RotateLeft64(load64(w[n-8:]), 29)
	case n >= 4:
		return uint64(load32(w[:4])) | uint64(load32(w[n-4:]))<<32
	case n > 0:
		return uint64(w[0]) | uint64(w[n>>1])<<8 | uint64(w[n-1])<<16
	}
	return 0
}

// wordHash hashes a word of length n from its wordSample x.
func wordHash(x uint64, n int) uint32 {
	x ^= uint64(n) * 0x9e3779b97f4a7c15
	x *= 0xff51afd7ed558ccd
	x ^= x >> 32
	return uint32(x)
}

// load32 reads the first four bytes of s, little-endian.
func load32(s string) uint32 {
	t := s[:4]
	return uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24
}

// load64 reads the first eight bytes of s, little-endian.
func load64(s string) uint64 {
	t := s[:8]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}
