// Package normalize turns raw post text into normalised views for matching
// and extraction, and maps every normalised byte back to the original bytes
// it came from, so that every finding can point at its evidence.
//
// Fold gives the view for matching words; Digits gives the view for finding
// numbers (phones, prices), with spelled-out and disguised digits made ASCII
// digits. Patterns matched against a view should be folded the same way
// (Fold(pattern).Norm).
//
// It is a pure stage: no I/O, no global mutable state (tables are built at
// init); all functions are safe for concurrent use (except the first call
// of Tokens on one Text) and never panic, whatever the input (invalid
// UTF-8, NUL bytes, huge strings).
package normalize

import (
	"encoding/binary"
	"math"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// Text is a normalised view of an original string. Norm is built from Orig;
// every byte of Norm comes from a range of Orig, and these ranges never go
// backwards, so any range of Norm maps to one range of Orig (Span). A Text
// is immutable once built, except for the token cache filled by Tokens.
type Text struct {
	Orig string
	Norm string

	// segs is the origin map, in order of Norm offsets. Most text is
	// copied byte for byte, so a segment covers a whole run of such bytes
	// instead of storing two offsets per byte.
	segs []seg
	// segIdx points to a slice whose entry k is the segment holding Norm
	// byte k<<segShift, so that segAt searches a few segments only. It is
	// built by the first segAt that needs it, when segs is long enough:
	// concurrent first calls may each build it, all alike.
	segIdx atomic.Pointer[[]int32]

	tokens []Token
}

// segShift sets the span of Norm bytes one entry of segIdx covers, and
// segIdxMin the number of segments from which the index pays.
const (
	segShift  = 6
	segIdxMin = 8
)

// seg maps Norm[n:next.n] back to Orig: byte n+k came from Orig[o+k] when
// the segment is an identity (oe < 0); otherwise every byte came from
// Orig[o:oe] (a folded character, a collapsed space, a spelled number).
type seg struct {
	n, o, oe int32
}

// segAt returns the index of the segment holding Norm byte i.
func (t *Text) segAt(i int) int {
	lo, hi := 0, len(t.segs) // segs[lo].n <= i < segs[hi].n
	if hi >= segIdxMin {
		p := t.segIdx.Load()
		if p == nil {
			p = t.buildSegIdx()
		}
		if idx, k := *p, i>>segShift; i >= 0 && k < len(idx) {
			lo = int(idx[k])
			if k+1 < len(idx) {
				hi = int(idx[k+1]) + 1
			}
		}
	}
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if int(t.segs[m].n) <= i {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// originIn returns the Orig range of Norm byte i, 0 <= i < len(Norm),
// held by segment k.
func (t *Text) originIn(k, i int) (start, end int) {
	g := t.segs[k]
	if g.oe < 0 {
		o := int(g.o) + i - int(g.n)
		return o, o + 1
	}
	return int(g.o), int(g.oe)
}

// Span returns the byte range of Orig that produced Norm[i:j]. Indexes are
// clamped to 0 <= i <= j <= len(Norm); an empty range maps to an empty
// range at the origin of byte i (or at len(Orig) past the end).
func (t *Text) Span(i, j int) (start, end int) {
	n := len(t.Norm)
	i = max(i, 0)
	j = min(j, n)
	if i >= n {
		return len(t.Orig), len(t.Orig)
	}
	k := t.segAt(i)
	start, end = t.originIn(k, i)
	if j <= i {
		return start, start
	}
	if j-1 > i {
		// The last byte is most often in the same segment or a few
		// segments on: look there before searching.
		last, steps := j-1, 0
		for k+1 < len(t.segs) && int(t.segs[k+1].n) <= last {
			if steps++; steps > 4 {
				k = t.segAt(last)
				break
			}
			k++
		}
		_, end = t.originIn(k, last)
	}
	return start, end
}

// OrigText returns the original text that produced Norm[i:j].
func (t *Text) OrigText(i, j int) string {
	s, e := t.Span(i, j)
	return t.Orig[s:e]
}

// builder accumulates normalised output and its origin map.
type builder struct {
	buf  []byte
	segs []seg
	// unit is the length of the last unit added by addIdent, which attach
	// extends.
	unit int
}

func newBuilder(n int) builder {
	return builder{buf: make([]byte, 0, n), segs: make([]seg, 0, 8+n/16)}
}

// addIdent appends s, copied from Orig[o:o+len(s)] byte for byte (up to
// case), as one unit.
func (b *builder) addIdent(s string, o int) {
	if len(s) == 0 {
		return
	}
	if k := len(b.segs) - 1; k < 0 || b.segs[k].oe >= 0 || int(b.segs[k].o)+len(b.buf)-int(b.segs[k].n) != o {
		b.segs = append(b.segs, seg{n: int32(len(b.buf)), o: int32(o), oe: -1})
	}
	b.buf = append(b.buf, s...)
	b.unit = len(s)
}

// foldASCII copies the run of printable ASCII that starts at s[i] (a
// printable byte other than the space), lower-cased, as one identity unit,
// and returns its end. Single spaces between printable bytes are part of
// the run: Fold would copy them as identity units all the same. Eight
// bytes are checked and copied at a time when they allow it.
func (b *builder) foldASCII(s string, i int) int {
	if k := len(b.segs) - 1; k < 0 || b.segs[k].oe >= 0 || int(b.segs[k].o)+len(b.buf)-int(b.segs[k].n) != i {
		b.segs = append(b.segs, seg{n: int32(len(b.buf)), o: int32(i), oe: -1})
	}
	buf := b.buf
	buf = append(buf, lowerASCII(s[i]))
	j := i + 1
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	for {
		for j+8 <= len(s) {
			t := s[j : j+8]
			x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
				uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
			// Every byte must be ASCII (no carry can then cross bytes
			// below), at least 0x20 and not DEL.
			if x&high != 0 || (x+ones*(0x80-0x20))&high != high || (x+ones)&high != 0 {
				break
			}
			// Spaces must be single and followed by a byte of the word.
			sp := ^((x ^ ones*0x20) + ones*0x7f) & high
			if sp&(sp<<8) != 0 || sp>>56 != 0 {
				break
			}
			upper := (x + ones*(0x80-'A')) &^ (x + ones*(0x80-'Z'-1)) & high
			buf = binary.LittleEndian.AppendUint64(buf, x|upper>>2)
			j += 8
		}
		if j >= len(s) {
			break
		}
		if c := s[j]; asciiRun[c] {
			buf = append(buf, lowerASCII(c))
			j++
		} else if c == ' ' && j+1 < len(s) && asciiRun[s[j+1]] {
			buf = append(buf, ' ', lowerASCII(s[j+1]))
			j += 2
		} else {
			break
		}
	}
	b.buf = buf
	b.unit = 1
	return j
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(c byte) byte {
	if c-'A' < 26 {
		c += 'a' - 'A'
	}
	return c
}

// add appends s, produced by Orig[os:oe].
func (b *builder) add(s string, os, oe int) {
	if len(s) == 0 {
		return
	}
	b.segs = append(b.segs, seg{n: int32(len(b.buf)), o: int32(os), oe: int32(oe)})
	b.buf = append(b.buf, s...)
}

// attach makes the last unit's origin end at oe, so that it covers
// characters dropped after it.
func (b *builder) attach(oe int) {
	k := len(b.segs) - 1
	if k < 0 {
		return
	}
	g := &b.segs[k]
	if g.oe >= 0 {
		g.oe = int32(oe)
		return
	}
	// Split the last unit off the identity segment.
	n := len(b.buf) - b.unit
	o := int(g.o) + n - int(g.n)
	if int(g.n) == n {
		g.oe = int32(oe)
		return
	}
	b.segs = append(b.segs, seg{n: int32(n), o: int32(o), oe: int32(oe)})
}

// copyFrom appends t.Norm[i:j] with its origins.
func (b *builder) copyFrom(t *Text, i, j int) {
	for k := t.segAt(i); i < j; k++ {
		g := t.segs[k]
		e := j
		if k+1 < len(t.segs) {
			e = min(e, int(t.segs[k+1].n))
		}
		if g.oe < 0 {
			b.addIdent(t.Norm[i:e], int(g.o)+i-int(g.n))
		} else {
			b.add(t.Norm[i:e], int(g.o), int(g.oe))
		}
		i = e
	}
}

// text returns the built Text; b must not be used afterwards, as Norm
// shares its bytes.
func (b *builder) text(orig string) *Text {
	return &Text{Orig: orig, Norm: unsafe.String(unsafe.SliceData(b.buf), len(b.buf)), segs: b.segs}
}

// buildSegIdx builds and publishes the index of segs.
func (t *Text) buildSegIdx() *[]int32 {
	idx := make([]int32, len(t.Norm)>>segShift+1)
	k := 0
	for x := range idx {
		pos := x << segShift
		for k+1 < len(t.segs) && int(t.segs[k+1].n) <= pos {
			k++
		}
		idx[x] = int32(k)
	}
	t.segIdx.Store(&idx)
	return &idx
}

// maxInput is the longest input whose offsets fit the origin map; Fold
// normalises only that prefix of longer inputs.
const maxInput = math.MaxInt32 - 1

// Fold returns the view used to match words:
//   - Unicode compatibility forms folded (NFKC: full-width, circled ①,
//     mathematical 𝟏, superscripts, ligatures, Arabic presentation forms),
//     plus dingbat digits (❶ ➓) and negative squared letters (🅰);
//   - lower case (full Unicode);
//   - diacritics removed from Latin, Greek, Cyrillic (й → и, ё → е),
//     Hebrew and Arabic (harakat, hamza and madda marks); vowel signs of
//     other scripts stay;
//   - Arabic tatweel removed; alef variants → ا, ى and Persian ی → ي,
//     ة → ه, Persian ک → ك, hamza carriers (ؤ ئ) → their base letter;
//   - decimal digits of every script → ASCII digits;
//   - typographic apostrophes → ', quotes → ", dashes and minus → -,
//     Arabic comma, decimal and thousands separators → , . ,;
//   - invisible characters (joiners, bidi marks, soft hyphen, variation
//     selectors, tags, fillers, skin-tone modifiers) and combining marks
//     removed: the span of the preceding output grows over them, so that a
//     keycap 4️⃣ gives "4" whose span is all three code points;
//   - BOM, NUL and other control characters removed;
//   - every run of white space → one ASCII space, none leading or trailing;
//   - each invalid UTF-8 byte → U+FFFD.
//
// Emoji and other symbols stay as they are. Only the first 2 GiB of a
// longer input are normalised.
func Fold(s string) *Text {
	orig := s
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	b := newBuilder(len(s) + 16)
	var (
		pending        bool // white space seen since the last output
		spStart, spEnd int  // its origin
	)
	space := func() {
		if pending {
			switch {
			case len(b.buf) == 0:
			case spEnd-spStart == 1 && s[spStart] == ' ':
				b.addIdent(" ", spStart)
			default:
				b.add(" ", spStart, spEnd)
			}
			pending = false
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case ascCopy, ascLower:
				space()
				i = b.foldASCII(s, i)
			case ascSpace:
				if !pending {
					pending, spStart = true, i
				}
				spEnd = i + 1
				i++
			default:
				i++
			}
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		var e entry
		if r < tableSize {
			e = runeTable[r]
		} else {
			e = highEntry(r)
		}
		switch e.act() {
		case actKeep:
			space()
			if r == utf8.RuneError && w == 1 {
				b.add("\uFFFD", i, i+w)
			} else {
				b.addIdent(s[i:i+w], i)
			}
		case actRepl:
			space()
			out := pool[e.off() : e.off()+e.n()]
			if strings.IndexByte(out, ' ') < 0 {
				b.add(out, i, i+w)
				break
			}
			// A compatibility form with a space inside (rare): never
			// two spaces in a row.
			for k := 0; k < len(out); k++ {
				if out[k] == ' ' && (len(b.buf) == 0 || b.buf[len(b.buf)-1] == ' ') {
					continue
				}
				b.add(out[k:k+1], i, i+w)
			}
		case actSpace:
			if !pending {
				pending, spStart = true, i
			}
			spEnd = i + w
		case actDropAttach:
			if pending {
				spEnd = i + w
			} else if len(b.buf) > 0 {
				b.attach(i + w)
			}
		}
		i += w
	}
	// Never end with a space (possible after a compatibility form ending
	// with one).
	if n := len(b.buf); n > 0 && b.buf[n-1] == ' ' {
		b.buf = b.buf[:n-1]
		if k := len(b.segs) - 1; int(b.segs[k].n) == n-1 {
			b.segs = b.segs[:k]
		}
	}
	return b.text(orig)
}
