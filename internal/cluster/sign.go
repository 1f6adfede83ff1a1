// Package cluster groups posts written from one text template: near
// duplicates that differ in their phone numbers, prices, places or names.
// Two hundred ads from one template, answering on three numbers in six
// cities, are one case; this package finds them.
//
// Sign turns a normalised text into a MinHash Signature over shingles of
// its words and numbers, in every script (digits are kept: phones and
// prices are what tells one ring's ads from another's). An Index groups
// signatures incrementally, finding candidates by LSH banding and
// verifying them by estimated Jaccard similarity; Template describes the
// members of a cluster as shared text with typed slots.
//
// It is a pure stage: no I/O, no global mutable state, no randomness at
// run time. Signatures are the same on every run and platform.
package cluster

import (
	"math/bits"

	"github.com/vigie-project/vigie/internal/normalize"
)

// SignatureLen is the number of MinHash values a Signature keeps.
const SignatureLen = 64

// Signature is the MinHash sketch of a text: for each of SignatureLen
// fixed hash functions, the low 8 bits of the least hash of the text's
// shingles (b-bit minwise hashing). Two texts agree on a byte with
// probability J + (1-J)/256, where J is the Jaccard similarity of their
// shingle sets, so EstimateJaccard recovers J; bands of bytes are the LSH
// keys. It is a value of 64 bytes, stored as is to rebuild an Index.
//
// The zero Signature stands for a text too short to compare (fewer than
// MinTokens words and numbers): an Index never links it to another.
type Signature [SignatureLen]byte

// Shingle is the number of consecutive tokens a shingle holds. Word
// 3-grams keep the order of a template's wording, so that two unrelated
// posts sharing a vocabulary rarely look alike, while one changed slot
// changes at most three shingles.
const Shingle = 3

// MinTokens is the least number of words and numbers a text needs to be
// signed; shorter texts get the zero Signature. Short texts are said alike
// by people who have nothing to do with each other: in the UCI SMS corpus,
// 608 of 5,574 messages have fewer than 6, and their repeats are "ok",
// "ok lor" and a phone's canned reply (30 copies), while every Memex ad
// has at least 9. A short post that matters is linked by its phone or
// handle, not by its wording.
const MinTokens = 6

// IsZero reports whether s is the zero Signature of a text too short to
// compare.
func (s Signature) IsZero() bool {
	return s == Signature{}
}

// Sign returns the Signature of t, computed from the tokens of kinds Word
// and Number of its folded view (punctuation, emoji and symbols are
// dropped: they are decoration, often varied on purpose). Texts with fewer
// than MinTokens such tokens get the zero Signature. Sign is safe for
// concurrent use, as long as t is not released meanwhile; a nil t gets the
// zero Signature.
func Sign(t *normalize.Text) Signature {
	if t == nil {
		return Signature{}
	}
	var buf [256]uint64
	hs := tokenHashes(t, buf[:0])
	if len(hs) < MinTokens {
		return Signature{}
	}
	var mins [SignatureLen]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for i := 0; i+Shingle <= len(hs); i++ {
		x := hs[i]
		for _, h := range hs[i+1 : i+Shingle] {
			x = mix(x*prime1 + h)
		}
		for k := range mins {
			if v := mix(x ^ seeds[k]); v < mins[k] {
				mins[k] = v
			}
		}
	}
	var s Signature
	for k, m := range mins {
		s[k] = byte(m)
	}
	if s.IsZero() {
		// A real sketch of all zeros is a 2^-512 event; make it differ
		// from the sentinel rather than lose the text.
		s[0] = 1
	}
	return s
}

// tokenHashes appends the hashes of the Word and Number tokens of t to hs.
func tokenHashes(t *normalize.Text, hs []uint64) []uint64 {
	norm := t.Norm
	for _, tok := range t.Tokens() {
		if tok.Kind != normalize.Word && tok.Kind != normalize.Number {
			continue
		}
		// FNV-1a over the token's bytes, then a finaliser so that
		// tokens differing in one byte differ in every bit.
		h := uint64(fnvOffset)
		for i := tok.Start; i < tok.End; i++ {
			h ^= uint64(norm[i])
			h *= fnvPrime
		}
		hs = append(hs, mix(h))
	}
	return hs
}

// EstimateJaccard returns the Jaccard similarity of the shingle sets of
// the texts behind a and b, estimated from the share of bytes on which
// they agree, corrected for the chance agreement of 8-bit values. The
// estimate has a standard error of about sqrt(J(1-J)/64), 0.06 at J = 0.5.
// It is 0 when either Signature is zero.
func EstimateJaccard(a, b Signature) float64 {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	return jaccard(agree(&a, &b))
}

// agree returns the number of bytes on which a and b agree.
func agree(a, b *Signature) int {
	n := 0
	for w := 0; w < SignatureLen; w += 8 {
		x := le64(a[w:]) ^ le64(b[w:])
		// A zero byte of x is a match: count them with the classic
		// "has zero byte" trick made exact by handling the high bit
		// separately.
		y := (x & 0x7f7f7f7f7f7f7f7f) + 0x7f7f7f7f7f7f7f7f
		y = ^(y | x | 0x7f7f7f7f7f7f7f7f)
		n += bits.OnesCount64(y)
	}
	return n
}

// jaccard turns a number of agreeing bytes into a Jaccard estimate.
func jaccard(n int) float64 {
	const chance = 1.0 / 256
	j := (float64(n)/SignatureLen - chance) / (1 - chance)
	return max(j, 0)
}

// le64 reads 8 bytes little-endian.
func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	prime1    = 0x9e3779b97f4a7c15
)

// mix is the 64-bit finaliser of MurmurHash3: a bijection whose output
// bits each depend on every input bit.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// seeds are the fixed seeds of the SignatureLen hash functions, drawn
// once from a SplitMix64 sequence: changing them changes every stored
// Signature.
var seeds = func() (s [SignatureLen]uint64) {
	x := uint64(0x76696769652d636c) // "vigie-cl"
	for i := range s {
		x += prime1
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		s[i] = z ^ z>>31
	}
	return s
}()
