// Package wordtable looks words up in a fixed set faster than a Go map
// when nearly every lookup misses, as when the gazetteer (place) or the
// document names (doctype) are looked up for every word token of a text:
// a map hashes the whole string and probes a group for each word, while a
// miss here most often costs one 8-byte read of the text, a multiply and
// one read of an 8 KB array.
//
// It is a pure stage helper: no I/O; a Table is immutable once built and
// safe for concurrent use.
package wordtable

// Table maps a fixed set of non-empty words to values, as an
// open-addressing hash table behind a filter.
type Table[V any] struct {
	// filter holds the Key of every word: it rejects most other words
	// with one read of an 8 KB array.
	filter bitset16
	// slots holds 0 when empty, else the bits of a word's Key covered by
	// tag and, in the low bits, its index in keys plus one. It is kept at
	// most half full, so that the words the filter lets through most
	// often cost one probe.
	slots []uint32
	tag   uint32
	keys  []key[V]
}

// key is a word of the table, its Head and its value. Words of at most
// eight bytes are equal when their lengths and heads are, which spares a
// string comparison.
type key[V any] struct {
	head uint64
	word string
	val  V
}

// New indexes m, whose keys must not be empty, inserting the words in the
// order of words (every key of m, once), so that the layout never depends
// on map iteration.
func New[V any](m map[string]V, words []string) *Table[V] {
	size := 1
	for size < 2*len(words) {
		size <<= 1
	}
	bits := 0
	for 1<<bits <= len(words) {
		bits++
	}
	t := &Table[V]{
		slots: make([]uint32, size),
		tag:   ^uint32(0) << bits,
		keys:  make([]key[V], 0, len(words)),
	}
	mask := uint32(size - 1)
	for _, w := range words {
		x := Head(w)
		h := KeyOf(x, len(w))
		t.filter.add(h)
		i := h & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys = append(t.keys, key[V]{head: x, word: w, val: m[w]})
		t.slots[i] = h&t.tag | uint32(len(t.keys))
	}
	return t
}

// MayHave reports whether a word whose Key is k may be in the table: false
// proves it is not.
func (t *Table[V]) MayHave(k uint32) bool { return t.filter.has(k) }

// Get returns the value of w (not empty) and whether w is in the table.
func (t *Table[V]) Get(w string) (v V, ok bool) {
	x := Head(w)
	h := KeyOf(x, len(w))
	if !t.filter.has(h) {
		return v, false
	}
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := t.slots[i]
		if e == 0 {
			return v, false
		}
		if (e^h)&t.tag == 0 {
			key := &t.keys[e&^t.tag-1]
			if key.head == x && len(key.word) == len(w) && (len(w) <= 8 || key.word == w) {
				return key.val, true
			}
		}
	}
}

// bitset16 is a set of the top 16 bits of 32-bit keys.
type bitset16 [1 << 16 / 64]uint64

func (b *bitset16) add(k uint32) { k >>= 16; b[k/64] |= 1 << (k % 64) }

func (b *bitset16) has(k uint32) bool { k >>= 16; return b[k/64]&(1<<(k%64)) != 0 }

// Key hashes the length and the first eight bytes (all of a shorter word)
// of a non-empty word into 32 bits; filters take the top bits. A word of
// 32 bytes or more is hashed on fewer bytes: see headMask.
func Key(w string) uint32 { return KeyOf(Head(w), len(w)) }

// KeyOf is Key of a word of n bytes whose first bytes, up to eight, are the
// low bytes of x, as Head or HeadAt return them: the bytes of x beyond the
// word are ignored. It is written as one expression so that it inlines
// without leaving marks (no-op instructions) in the loops that call it.
func KeyOf(x uint64, n int) uint32 {
	return uint32((x&headMask[n&31])*0x9e3779b97f4a7c15>>32) ^ uint32(n)*0x85ebca6b
}

// headMask[n%32] keeps the bytes of a head that a word of n bytes covers.
// Reading it costs fewer instructions than clamping n to eight and
// shifting, and no branch. A word of 32 bytes or more is hashed on its
// first n%32 bytes (up to eight): a weaker key, but the same in Key and
// KeyOf, so that filters still never reject a word they hold.
var headMask = [32]uint64{
	0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff,
	^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0),
	^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0),
	^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0),
}

// HeadAt returns the eight bytes of s from i (0 <= i <= len(s)-8),
// little-endian: the head of any word that starts at i for KeyOf, read at
// once whatever lies beyond the word. It inlines.
func HeadAt(s string, i int) uint64 { return load64(s[i:]) }

// Head returns the first eight bytes of w (all of a shorter w, the others
// zero), little-endian. Below eight bytes it reads two overlapping halves,
// whose shared bytes are alike.
func Head(w string) uint64 {
	switch n := len(w); {
	case n >= 8:
		return load64(w)
	case n >= 4:
		return uint64(load32(w)) | uint64(load32(w[n-4:]))<<(8*(n-4))
	case n >= 2:
		return uint64(load16(w)) | uint64(load16(w[n-2:]))<<(8*(n-2))
	case n == 1:
		return uint64(w[0])
	}
	return 0
}

// load16 reads the first two bytes of s, little-endian.
func load16(s string) uint16 {
	t := s[:2]
	return uint16(t[0]) | uint16(t[1])<<8
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
