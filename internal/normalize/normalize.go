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
// init); all functions are safe for concurrent use and never panic,
// whatever the input (invalid UTF-8, NUL bytes, huge strings).
package normalize

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
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

	// tokens caches Tokens; DigitsOf reads the runs of letters and
	// digits from it.
	tokens atomic.Pointer[[]Token]
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

// builder accumulates normalised output and its origin map. It lives on
// its caller's stack: stores to its fields need no write barrier.
type builder struct {
	buf  []byte
	segs []seg
	// unit is the length of the last unit added by addIdent, which attach
	// extends.
	unit int
	// bufs, when not nil, lent buf and segs from bufPool: text copies the
	// output out at its exact size and gives them back.
	bufs *builderBufs
}

// builderBufs are the buffers of a builder, kept in bufPool for the next
// text. Building into reused buffers and copying the result out at its
// exact size costs less than fresh buffers sized for the worst case: these
// must be zeroed, and their unused part (a third of a text of runs of
// spaces) burdens the GC.
type builderBufs struct {
	buf  []byte
	segs []seg
}

var bufPool = sync.Pool{New: func() any { return new(builderBufs) }}

// maxPooledBuf is the longest output built in pooled buffers, so that one
// huge text neither pins huge buffers nor is held twice in memory.
const maxPooledBuf = 1 << 20

// newBuilder returns an empty builder for an output of about n bytes; the
// caller must end with text.
func newBuilder(n int) builder {
	if n > maxPooledBuf {
		return builder{buf: make([]byte, 0, n), segs: make([]seg, 0, 8+n/16)}
	}
	p := bufPool.Get().(*builderBufs)
	return builder{buf: slices.Grow(p.buf[:0], n), segs: p.segs[:0], bufs: p}
}

// addIdent appends s, copied from Orig[o:o+len(s)] byte for byte (up to
// case), as one unit.
func (b *builder) addIdent(s string, o int) {
	if len(s) == 0 {
		return
	}
	b.openIdent(o)
	b.buf = append(b.buf, s...)
	b.unit = len(s)
}

// openIdent makes the next output byte an identity copy of Orig[o]: the
// last segment goes on when it is an identity that reaches o, else an
// identity segment starts.
func (b *builder) openIdent(o int) {
	if k := len(b.segs) - 1; k < 0 || b.segs[k].oe >= 0 || int(b.segs[k].o)+len(b.buf)-int(b.segs[k].n) != o {
		b.segs = append(b.segs, seg{n: int32(len(b.buf)), o: int32(o), oe: -1})
	}
}

// spaceRun is white space seen since the last output, Orig[start:end],
// which becomes one space if output follows.
type spaceRun struct {
	pending    bool
	start, end int
}

// foldASCII folds the ASCII text that starts at s[i], a printable byte
// other than the space: printable bytes are copied lower-cased as identity
// units and every run of white space followed by one becomes one space. It
// returns where it stopped: at a control or non-ASCII byte, or at the end
// of s; white space just before is left pending in sp, for Fold to decide.
func (b *builder) foldASCII(s string, i int, sp *spaceRun) int {
	b.openIdent(i)
	buf := b.buf
	j := i
	for j < len(s) {
		if j+8 <= len(s) {
			// Eight bytes at a time: copy them all lower-cased, then
			// keep those before the first that printableRun rejects.
			x := load64(s, j)
			var next byte
			if j+8 < len(s) {
				next = s[j+8]
			}
			buf = binary.LittleEndian.AppendUint64(buf, lower8(x))
			if n := printableRun(x, next); n < 8 {
				buf = buf[:len(buf)-8+n]
				j += n
			} else {
				// The next position does not wait for printableRun:
				// the processor loads the next bytes meanwhile.
				j += 8
				continue
			}
		} else if c := s[j]; asciiRun[c] {
			buf = append(buf, lowerASCII(c))
			j++
			continue
		} else if c == ' ' && j+1 < len(s) && asciiRun[s[j+1]] {
			buf = append(buf, ' ')
			j++
			continue
		}
		// s[j] is neither printable nor a single space before a printable
		// byte.
		c := s[j]
		if c >= utf8.RuneSelf || asciiClass[c] != ascSpace {
			break
		}
		k := skipSpace(s, j)
		if k == len(s) || !asciiRun[s[k]] {
			*sp = spaceRun{pending: true, start: j, end: k}
			j = k
			break
		}
		if k-j == 1 && c == ' ' {
			buf = append(buf, ' ')
		} else {
			// Other white space becomes a space whose span is all of it.
			b.buf = buf
			b.add(" ", j, k)
			b.openIdent(k)
			buf = b.buf
		}
		j = k
	}
	b.buf = buf
	b.unit = 1
	return j
}

// skipSpace returns the end of the run of ASCII white space that starts
// at s[j].
func skipSpace(s string, j int) int {
	for j < len(s) {
		if j+8 <= len(s) {
			// Spaces eight at a time: long runs are common in ads.
			n := bits.TrailingZeros64(load64(s, j)^ones*' ') >> 3
			j += n
			if n == 8 {
				continue
			}
		}
		if c := s[j]; c >= utf8.RuneSelf || asciiClass[c] != ascSpace {
			break
		}
		j++
	}
	return j
}

// load64 returns the eight bytes at s[j:], the first in the low byte
// (one load on common processors).
func load64(s string, j int) uint64 {
	t := s[j : j+8]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// Constants for classifying the eight bytes of a uint64 at once (SWAR):
// each byte's result is its high bit. The inputs are first cleared of
// their high bits (x &^ high), so that no addition carries from one byte
// into the next.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// printableRun returns how many of the eight bytes of x (the first in the
// low byte) foldASCII copies as they are, up to case: printable ASCII
// other than the space, and single spaces followed by such a byte; next is
// the byte after the eight (0 at the end of the text).
func printableRun(x uint64, next byte) int {
	x7 := x &^ high
	ascii := ^x & high
	// At least '!' and not DEL.
	run := ascii & (x7 + ones*(0x80-'!')) &^ (x7 + ones) & high
	space := ascii &^ ((x7 ^ ones*' ') + ones*0x7f)
	runNext := run >> 8
	if asciiRun[next] {
		runNext |= 0x80 << 56
	}
	stop := ^(run | space&runNext) & high
	return bits.TrailingZeros64(stop) >> 3
}

// lower8 lower-cases the ASCII letters among the eight bytes of x.
func lower8(x uint64) uint64 {
	x7 := x &^ high
	upper := (x7 + ones*(0x80-'A')) &^ (x7 + ones*(0x80-'Z'-1)) &^ x & high
	return x | upper>>2
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

// text returns the built Text; b must not be used afterwards, as its
// buffers may be reused or Norm may share their bytes.
func (b *builder) text(orig string) *Text {
	if b.bufs == nil {
		return &Text{Orig: orig, Norm: unsafe.String(unsafe.SliceData(b.buf), len(b.buf)), segs: b.segs}
	}
	t := &Text{Orig: orig, segs: segSlices.get(len(b.segs))}
	copy(t.segs, b.segs)
	if string(b.buf) == orig {
		t.Norm = orig // text already normal costs no copy
	} else {
		t.Norm = string(b.buf)
	}
	if cap(b.buf) <= maxPooledBuf {
		b.bufs.buf, b.bufs.segs = b.buf[:0], b.segs[:0]
		bufPool.Put(b.bufs)
	}
	return t
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
	var sp spaceRun // white space seen since the last output
	space := func() {
		if sp.pending {
			switch {
			case len(b.buf) == 0:
			case sp.end-sp.start == 1 && s[sp.start] == ' ':
				b.addIdent(" ", sp.start)
			default:
				b.add(" ", sp.start, sp.end)
			}
			sp.pending = false
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case ascCopy, ascLower:
				space()
				i = b.foldASCII(s, i, &sp)
			case ascSpace:
				if !sp.pending {
					sp.pending, sp.start = true, i
				}
				i = skipSpace(s, i)
				sp.end = i
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
			if !sp.pending {
				sp.pending, sp.start = true, i
			}
			sp.end = i + w
		case actDropAttach:
			if sp.pending {
				sp.end = i + w
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
