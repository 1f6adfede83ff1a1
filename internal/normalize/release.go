package normalize

import (
	"math/bits"
	"sync"
)

// Release hands the token list and the origin map of t back for reuse by
// the Texts built after it: they are the largest allocations of an
// analysis, made for every post. Call it once done with t and with its
// Tokens; Orig, Norm and the strings cut from them stay valid, but t must
// not be used again (Span, Tokens). Calling Release is optional: a Text
// never released is collected as usual. Releasing a Text twice is
// harmless (DigitsOf may return its argument); releasing it while another
// goroutine uses it is not.
func (t *Text) Release() {
	if p := t.tokens.Swap(nil); p != nil {
		tokenSlices.put(*p)
	}
	if t.segs != nil {
		segSlices.put(t.segs)
		t.segs = nil
	}
	t.segIdx.Store(nil)
}

// maxClass bounds the slices kept for reuse to 2^maxClass elements, so
// that one huge text does not pin its buffers.
const maxClass = 16

// classPool keeps released slices by size class: class c holds slices
// whose capacity is in [2^c, 2^(c+1)), so that any of them holds 2^c
// elements, and a slice asked for n elements is taken from the class of
// the smallest 2^c >= n, wasting less than four times its size.
type classPool[T any] struct {
	classes [maxClass + 1]sync.Pool
}

// get returns a slice of n elements, reused when one was released, else
// allocated at its exact size. Its elements are not zeroed.
func (p *classPool[T]) get(n int) []T {
	if n == 0 {
		return nil
	}
	if c := bits.Len(uint(n - 1)); c <= maxClass {
		if v, _ := p.classes[c].Get().(*[]T); v != nil {
			return (*v)[:n]
		}
	}
	return make([]T, n)
}

// put keeps s for reuse; s must not be used afterwards.
func (p *classPool[T]) put(s []T) {
	if cap(s) == 0 {
		return
	}
	if c := bits.Len(uint(cap(s))) - 1; c <= maxClass {
		s = s[:0]
		p.classes[c].Put(&s)
	}
}

var (
	tokenSlices classPool[Token]
	segSlices   classPool[seg]
)
