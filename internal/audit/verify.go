package audit

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Kind is what a Problem looks like.
type Kind string

// The kinds of problems. Which tampering made a break is a reading of the
// evidence: a Problem's message says when two readings fit it.
const (
	// Modified: a row's hash does not match its contents (any field,
	// Hash included, was changed).
	Modified Kind = "modified"
	// Deleted: rows of the chain are missing (numbers skipped, or the
	// links skip rows).
	Deleted Kind = "deleted"
	// Inserted: a row takes a place in the chain that another row holds,
	// or a number before the first.
	Inserted Kind = "inserted"
	// Reordered: rows stand in other rows' places (swapped, or moved).
	Reordered Kind = "reordered"
	// Renumbered: rows in their order, intact, but numbered otherwise than
	// when they were sealed (rows were deleted or inserted before them).
	Renumbered Kind = "renumbered"
	// Broken: two consecutive rows, each intact, do not link: one was
	// rewritten with a recomputed hash, or a row was put in the place of
	// another. The chain alone cannot tell which.
	Broken Kind = "broken"
	// Truncated: the trail does not reach, or does not match, the head
	// it was checked against.
	Truncated Kind = "truncated"
)

// rank orders kinds for problems about the same row.
func (k Kind) rank() int {
	return slices.Index([]Kind{Deleted, Inserted, Reordered, Modified, Broken, Renumbered, Truncated}, k)
}

// Problem is one break in the chain.
type Problem struct {
	Kind Kind `json:"kind"`
	// Seq is the first row it is about, by its number in the trail (for
	// missing rows, the number the first of them would have).
	Seq int64 `json:"seq"`
	// Rows are the rows it names, by their number in the trail (missing
	// rows by the first and last of their numbers).
	Rows []int64 `json:"rows"`
	// Message says what happened in plain words, naming the rows.
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Message }

// Head is the end of a trail as seen once: its last row's number and
// hash. Kept apart from the database, it shows later whether rows were
// cut off the end, or the trail rewritten, up to there.
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Result is what a Checker found.
type Result struct {
	Rows     int64     `json:"rows"`     // rows read
	Last     Head      `json:"last"`     // the last row read (zero if none)
	Problems []Problem `json:"problems"` // the first problems, by Seq
	Total    int       `json:"total"`    // problems found, listed or not
}

// Intact reports whether no problem was found.
func (r Result) Intact() bool { return r.Total == 0 }

// Verify reads the rows of a trail in Seq order from next (which returns
// false after the last row) and returns the first problem of the chain,
// or nil if the chain is whole. An error of next stops it.
func Verify(next func() (Entry, bool, error)) (*Problem, error) {
	r, err := VerifyAll(next, nil, 1)
	if err != nil || len(r.Problems) == 0 {
		return nil, err
	}
	return &r.Problems[0], nil
}

// VerifyAll is Verify returning up to max problems (all when max <= 0),
// after checking the trail against head too when head is not nil.
func VerifyAll(next func() (Entry, bool, error), head *Head, max int) (Result, error) {
	c := NewChecker(head)
	for {
		e, ok, err := next()
		if err != nil {
			return Result{}, err
		}
		if !ok {
			return c.Result(max), nil
		}
		c.Add(e)
	}
}

// maxSegments bounds the intact runs of rows, and so the breaks, that a
// Checker remembers to explain; past it, it counts rows only.
const maxSegments = 20000

// Checker checks a trail given row by row in Seq order, in memory that
// grows with the number of breaks found (bounded), not with the rows: an
// intact trail of millions of rows costs a few hundred bytes.
//
// It cuts the trail into segments, runs of consecutive rows that link to
// each other and match their hashes, and works out for each the numbers
// its rows were sealed with (Seq is in the hash, so a renumbered row is
// recognised by the number that makes its hash match). Once every row is
// read, Result puts the segments back into the order they were sealed
// in: numbers that no row holds are deleted rows, a number held twice is
// an inserted row, segments out of order were moved (two single rows in
// each other's place were swapped), and consecutive segments whose rows
// do not link show a row rewritten with a recomputed hash. A row whose
// hash matches no number was modified; where the rows around it link
// tells which of its fields changed.
//
// Limits: besides what no chain shows (see the package comment), a run
// of rows renumbered by more than 64 whose place nothing around it links
// to is reported row by row as modified; past 20,000 breaks the rest of
// the trail is counted but not explained. Verifying costs about one
// SHA-256 of a row per row.
//
// A Checker is not safe for concurrent use.
type Checker struct {
	head     *Head
	headSeen bool
	headBad  *Problem
	rows     int64
	last     Head
	segs     []*segment       // in the order read; the last is the current one
	known    map[string]int64 // last hash of closed intact segments → its sealed number
	overflow int64            // the row at which segments ran out (0: they did not)
	// lastSeg is the index in segs of the segment holding the last row
	// read (-1 when it was read past the overflow).
	lastSeg int
}

// segment is a run of consecutive rows, read in a row, each linking to
// the one before and matching its hash under the same renumbering; or a
// single row that matches its hash under none of the numbers tried (bad).
type segment struct {
	fs, ls    int64 // trail numbers of its first and last rows
	n         int64 // rows
	delta     int64 // trail number minus sealed number (when not bad)
	fo        int64 // sealed number of the first row (assumed, for a bad row)
	bad       bool
	first     Entry // the row itself, for a bad row
	firstPrev string
	lastHash  string

	idx                      int  // position in the trail
	resolved                 bool // bad when read, its number found from its neighbours
	swapped, moved, inserted bool

	// recent holds the hashes of the last rows of the current segment
	// (up to forkDepth, the last one last), to find a row that links to
	// one of them rather than to the last: the rows after it were
	// inserted.
	recent []string
}

// forkDepth is how many rows back a fork is looked for: inserted runs of
// up to this many rows are told apart from the rows they displaced.
const forkDepth = 16

// push records the hash of a row added to s.
func (s *segment) push(h string) {
	if len(s.recent) == 2*forkDepth {
		s.recent = append(s.recent[:0], s.recent[forkDepth:]...)
	}
	s.recent = append(s.recent, h)
}

// forkAt returns how many of the last rows of s come after the row whose
// hash is h (0 if h is the last row's hash, or not one of the recent).
func (s *segment) forkAt(h string) int {
	for j := 1; j < min(len(s.recent), forkDepth+1); j++ {
		if s.recent[len(s.recent)-1-j] == h {
			return j
		}
	}
	return 0
}

// lo is the sealed number of the last row.
func (s *segment) lo() int64 { return s.fo + s.n - 1 }

// storedAt returns the trail number of the row of s sealed as o.
func (s *segment) storedAt(o int64) int64 { return s.fs + (o - s.fo) }

// NewChecker returns a Checker of a whole trail, compared with head when
// head is not nil.
func NewChecker(head *Head) *Checker {
	return &Checker{head: head, known: map[string]int64{}, lastSeg: -1}
}

// Add adds the next row of the trail.
func (c *Checker) Add(e Entry) {
	c.rows++
	c.last = Head{Seq: e.Seq, Hash: e.Hash}
	if c.head != nil && !c.headSeen && e.Seq == c.head.Seq {
		c.headSeen = true
		if e.Hash != c.head.Hash {
			c.headBad = &Problem{Kind: Truncated, Seq: e.Seq, Rows: []int64{e.Seq}, Message: fmt.Sprintf(
				"row %d is not the recorded head: its hash is %s, the head's %s (the trail was rewritten up to there, or the head is another trail's)",
				e.Seq, short(e.Hash), short(c.head.Hash))}
		}
	}
	if c.overflow != 0 {
		c.lastSeg = -1
		return
	}
	var cur *segment
	if len(c.segs) > 0 {
		cur = c.segs[len(c.segs)-1]
	}
	if cur != nil && !cur.bad && cur.ls != math.MaxInt64 && e.Seq == cur.ls+1 && e.Prev == cur.lastHash &&
		sumAs(e, e.Seq-cur.delta) == e.Hash {
		cur.ls, cur.n, cur.lastHash = e.Seq, cur.n+1, e.Hash
		cur.push(e.Hash)
		return
	}
	if len(c.segs)+2 > maxSegments {
		c.overflow = e.Seq
		c.lastSeg = -1
		return
	}
	if cur != nil && !cur.bad {
		if j := cur.forkAt(e.Prev); j > 0 {
			// e links to a row before cur's last: cut the rows after that
			// one off into a segment of their own.
			tail := &segment{fs: cur.ls - int64(j) + 1, ls: cur.ls, n: int64(j), delta: cur.delta, firstPrev: e.Prev,
				lastHash: cur.lastHash, idx: len(c.segs)}
			tail.fo = tail.fs - tail.delta
			cur.ls, cur.n, cur.lastHash = tail.fs-1, cur.n-int64(j), e.Prev
			cur.recent = nil
			c.known[cur.lastHash] = cur.lo()
			c.segs = append(c.segs, tail)
			cur = tail
		}
	}
	if cur != nil {
		cur.recent = nil
	}
	s := &segment{fs: e.Seq, ls: e.Seq, n: 1, firstPrev: e.Prev, lastHash: e.Hash, idx: len(c.segs)}
	if o, ok := c.sealedAs(e, cur); ok {
		s.fo, s.delta = o, e.Seq-o
		s.push(e.Hash)
	} else {
		s.bad, s.first = true, e
	}
	if cur != nil && !cur.bad {
		c.known[cur.lastHash] = cur.lo()
	}
	c.segs = append(c.segs, s)
	c.lastSeg = s.idx
}

// sealedAs returns the number e was sealed with, trying the numbers that
// its place suggests: its own; the one after the row its Prev names, when
// known; those of the rows before it renumbered alike; one more or less.
func (c *Checker) sealedAs(e Entry, prev *segment) (int64, bool) {
	var tried []int64
	try := func(o int64) bool {
		if slices.Contains(tried, o) {
			return false
		}
		tried = append(tried, o)
		return sumAs(e, o) == e.Hash
	}
	after := func(o int64) (int64, bool) { return o + 1, o != math.MaxInt64 }
	cands := []int64{e.Seq}
	if e.Prev == Genesis {
		cands = append(cands, 1)
	}
	if prev != nil && !prev.bad {
		if e.Prev == prev.lastHash {
			if o, ok := after(prev.lo()); ok {
				cands = append(cands, o)
			}
		}
		cands = append(cands, e.Seq-prev.delta, e.Seq-prev.delta+1, e.Seq-prev.delta-1)
	}
	if o, ok := c.known[e.Prev]; ok {
		if o, ok := after(o); ok {
			cands = append(cands, o)
		}
	}
	cands = append(cands, e.Seq-1, e.Seq+1)
	for _, o := range cands {
		if try(o) {
			return o, true
		}
	}
	// Rows deleted or moved before it, and the rest renumbered: search
	// near its number (a bounded cost, as bad rows are bounded).
	for d := int64(2); d <= renumberWindow; d++ {
		for _, o := range []int64{e.Seq - d, e.Seq + d} {
			if sumAs(e, o) == e.Hash {
				return o, true
			}
		}
	}
	return 0, false
}

// renumberWindow is how far from its number a renumbered row's sealed
// number is looked for when nothing around it tells.
const renumberWindow = 64

// Result returns the problems found in the rows added so far, up to max
// (all when max <= 0), ordered by Seq.
func (c *Checker) Result(max int) Result {
	ps := c.explain()
	if c.overflow != 0 {
		ps = append(ps, Problem{Kind: Broken, Seq: c.overflow, Rows: []int64{c.overflow}, Message: fmt.Sprintf(
			"the chain breaks more than %d times: rows from row %d on were not examined", maxSegments, c.overflow)})
	}
	if c.headBad != nil {
		ps = append(ps, *c.headBad)
	}
	if c.head != nil && !c.headSeen {
		h := c.head
		switch {
		case c.rows == 0:
			ps = append(ps, Problem{Kind: Truncated, Seq: 1, Rows: []int64{1, h.Seq}, Message: fmt.Sprintf(
				"the trail is empty but the recorded head is row %d: every row was removed (or the head is another trail's)", h.Seq)})
		case c.last.Seq < h.Seq:
			ps = append(ps, Problem{Kind: Truncated, Seq: c.last.Seq + 1, Rows: []int64{c.last.Seq + 1, h.Seq}, Message: fmt.Sprintf(
				"the trail ends at row %d but the recorded head is row %d: %s cut off the end (or the head is another trail's)",
				c.last.Seq, h.Seq, wereRows(c.last.Seq+1, h.Seq))})
		default:
			ps = append(ps, Problem{Kind: Truncated, Seq: h.Seq, Rows: []int64{h.Seq}, Message: fmt.Sprintf(
				"row %d, the recorded head, is not in the trail", h.Seq)})
		}
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.Kind.rank(), b.Kind.rank()))
	})
	r := Result{Rows: c.rows, Last: c.last, Total: len(ps)}
	if max > 0 && len(ps) > max {
		ps = ps[:max]
	}
	r.Problems = ps
	return r
}

// explain puts the segments back in the order they were sealed in and
// describes every break. It leaves the Checker as it was.
func (c *Checker) explain() []Problem {
	if len(c.segs) == 0 {
		return nil
	}
	segs := make([]*segment, 0, len(c.segs))
	last := -1 // the segment of the last row read
	for i, s := range c.segs {
		cp := *s
		segs = append(segs, &cp)
		if i == c.lastSeg {
			last = i
		}
	}
	resolve(segs)
	// Join runs that turned out to continue each other.
	merged := segs[:1]
	for i, s := range segs[1:] {
		p := merged[len(merged)-1]
		if s.resolved && !p.bad && !s.bad && p.ls != math.MaxInt64 && s.fs == p.ls+1 && s.delta == p.delta && s.firstPrev == p.lastHash {
			p.ls, p.n, p.lastHash = s.ls, p.n+s.n, s.lastHash
		} else {
			merged = append(merged, s)
		}
		if i+1 == last {
			last = len(merged) - 1
		}
	}
	segs = merged
	for i, s := range segs {
		s.idx = i
	}
	// A bad row is assumed to stand where it is, numbered like the intact
	// rows before it.
	var delta int64
	for _, s := range segs {
		if s.bad {
			s.fo = s.fs - delta
		} else {
			delta = s.delta
		}
	}
	var ps []Problem
	add := func(k Kind, rows []int64, format string, args ...any) {
		ps = append(ps, Problem{Kind: k, Seq: rows[0], Rows: rows, Message: fmt.Sprintf(format, args...)})
	}

	// Two single rows each in the other's place were swapped.
	single := map[int64]*segment{}
	for _, s := range segs {
		if s.n == 1 && !s.bad {
			if _, dup := single[s.fs]; dup {
				single[s.fs] = nil
			} else {
				single[s.fs] = s
			}
		}
	}
	for _, s := range segs {
		if s.n != 1 || s.bad || s.swapped || s.fo == s.fs {
			continue
		}
		t := single[s.fo]
		if t == nil || t == s || t.swapped || t.fo != s.fs {
			continue
		}
		s.swapped, t.swapped = true, true
		a, b := min(s.fs, t.fs), max(s.fs, t.fs)
		add(Reordered, []int64{a, b}, "rows %d and %d were swapped: row %d holds the row sealed as %d, and row %d the one sealed as %d",
			a, b, a, b, b, a)
	}

	// The largest set of rows already in order stays in place; of the
	// others, those whose sealed numbers are taken by rows in place were
	// inserted, the rest moved.
	var cands []*segment
	for _, s := range segs {
		switch {
		case s.swapped:
		case s.fo < 1:
			s.inserted = true
			if s.bad {
				add(Inserted, []int64{s.fs}, "row %d was inserted before the start of the trail (its hash does not match its contents either)", s.fs)
			} else {
				add(Inserted, []int64{s.fs}, "row %d was inserted: it is sealed as row %d, before the start of the trail", s.fs, s.fo)
			}
		default:
			cands = append(cands, s)
		}
	}
	inOrder := longestInOrder(cands)
	var placed []*segment // in place or swapped: sorted by sealed number
	for _, s := range segs {
		if s.swapped || inOrder[s] {
			placed = append(placed, s)
		}
	}
	slices.SortStableFunc(placed, func(a, b *segment) int { return cmp.Compare(a.fo, b.fo) })
	holder := func(s *segment) *segment { // a placed segment sharing sealed numbers with s
		i := sort.Search(len(placed), func(i int) bool { return placed[i].lo() >= s.fo })
		if i < len(placed) && placed[i].fo <= s.lo() {
			return placed[i]
		}
		return nil
	}
	var order []*segment // everything not inserted, by sealed number
	for _, s := range cands {
		if inOrder[s] {
			order = append(order, s)
			continue
		}
		if h := holder(s); h != nil {
			s.inserted = true
			o := max(s.fo, h.fo)
			if s.bad {
				add(Inserted, []int64{s.fs}, "row %d was inserted, or replaced: its hash does not match its contents, and its place in the chain is held by %s",
					s.fs, name(h, o))
				continue
			}
			link := ""
			if s.firstPrev == h.firstPrev && s.fo == h.fo {
				link = ", linking to the same row"
				if s.n == h.n && !h.bad {
					// Nothing after them links to one rather than the other.
					a, b := s, h
					if b.fs < a.fs {
						a, b = b, a
					}
					add(Inserted, []int64{a.fs, b.fs}, "%s and %s are both sealed as %s, linking to the same row: one of them was inserted, and nothing after them tells which",
						rowsWord(a.fs, a.ls), rowsWord(b.fs, b.ls), rowsWord(s.fo, s.lo()))
					h.delta = 0 // not reported as renumbered
					continue
				}
			}
			add(Inserted, []int64{s.fs, s.fs + s.n - 1}, "%s inserted: sealed as %s, a place in the chain held by %s%s",
				wereRows(s.fs, s.ls), rowsWord(s.fo, s.lo()), name(h, o), link)
			continue
		}
		if !s.bad {
			s.moved = true
		}
		order = append(order, s)
	}
	for _, s := range segs {
		if s.swapped {
			order = append(order, s)
		}
	}
	slices.SortStableFunc(order, func(a, b *segment) int { return cmp.Or(cmp.Compare(a.fo, b.fo), cmp.Compare(a.idx, b.idx)) })

	// Walk the chain in sealed order.
	var prev *segment
	expect := int64(1)
	for i, s := range order {
		if s.fo < expect && prev != nil { // two copies of the same rows
			s.inserted = true
			add(Inserted, []int64{s.fs, s.ls}, "%s sealed as %s too, a place held by %s: one of them was inserted",
				isRows(s.fs, s.ls), rowsWord(s.fo, s.lo()), name(prev, max(prev.fo, min(prev.lo(), s.lo()))))
			continue
		}
		if s.fo > expect {
			plain := (prev == nil || prev.delta == 0) && s.delta == 0
			what := isRows(expect, s.fo-1)
			at := expect
			if !plain {
				what = "the " + isRows(expect, s.fo-1)
				what = strings.Replace(strings.Replace(what, "row ", "row sealed as ", 1), "rows ", "rows sealed as ", 1)
				if prev != nil {
					at = prev.ls + 1
				}
			}
			where := "the trail starts at " + name(s, s.fo)
			if prev != nil {
				where = fmt.Sprintf("the chain goes from %s to %s", name(prev, prev.lo()), name(s, s.fo))
			}
			alt := ""
			if s.idx == last && s.n == 1 && i == len(order)-1 {
				alt = fmt.Sprintf("; or %s, the last, was added with a number past the end", name(s, s.fo))
			}
			add(Deleted, []int64{at, at + (s.fo - 1 - expect)}, "%s missing (deleted): %s%s", what, where, alt)
		}
		if s.moved {
			where := "at the start of the trail"
			if prev != nil && prev.lo() == s.fo-1 {
				where = "after " + name(prev, prev.lo())
			} else if s.fo > 1 {
				where = fmt.Sprintf("after the row sealed as %d", s.fo-1)
			}
			verb := "is"
			if s.n > 1 {
				verb = "are"
			}
			sealed := ""
			if s.delta != 0 {
				sealed = " (sealed as " + rowsWord(s.fo, s.lo()) + ")"
			}
			add(Reordered, []int64{s.fs, s.ls}, "%s%s %s out of place: %s after %s; %s %s", rowsWord(s.fs, s.ls),
				sealed, verb, itsPlace(s.n), rowBefore(segs, s), placeOf(s.n), where)
		}
		if !s.bad && !s.moved && !s.swapped && s.delta != 0 {
			add(Renumbered, []int64{s.fs, s.ls}, "%s renumbered: %s sealed as %s", wereRows(s.fs, s.ls), pronoun(s.n), rowsWord(s.fo, s.lo()))
		}
		linked := s.fo == expect // the row before it in the chain is known
		var next *segment
		if i+1 < len(order) && order[i+1].fo == s.lo()+1 {
			next = order[i+1]
		}
		switch {
		case s.bad:
			ps = append(ps, modified(s, prev, next, linked))
		case linked && s.fo == 1 && s.firstPrev != Genesis:
			add(Broken, []int64{s.fs}, "%s does not start the chain: its link is not the genesis value (it was rewritten with a recomputed hash, or rows before it were removed and it was rewritten)",
				name(s, 1))
		case linked && prev != nil && !prev.bad && s.firstPrev != prev.lastHash:
			add(Broken, []int64{prev.ls, s.fs}, "the chain breaks between %s and %s: the second does not link to the first (one of them was rewritten with a recomputed hash, or %s was put in the place of the original)",
				name(prev, prev.lo()), name(s, s.fo), name(s, s.fo))
		}
		prev, expect = s, s.lo()+1
	}
	return ps
}

// resolve finds the sealed numbers of bad rows that were moved far, from
// the rows they link to and the rows that link to them.
func resolve(segs []*segment) {
	byLast := map[string]*segment{}        // intact segments by last hash
	byFirstPrev := map[string][]*segment{} // intact segments by the hash their first row links to
	badByPrev := map[string][]*segment{}   // bad rows by the hash they link to
	badByHash := map[string][]*segment{}   // bad rows by their hash
	var work []*segment
	for _, s := range segs {
		if s.bad {
			badByPrev[s.firstPrev] = append(badByPrev[s.firstPrev], s)
			badByHash[s.first.Hash] = append(badByHash[s.first.Hash], s)
			work = append(work, s)
			continue
		}
		byLast[s.lastHash] = s
		byFirstPrev[s.firstPrev] = append(byFirstPrev[s.firstPrev], s)
	}
	for len(work) > 0 {
		s := work[len(work)-1]
		work = work[:len(work)-1]
		if !s.bad {
			continue
		}
		var cands []int64
		if s.firstPrev == Genesis {
			cands = append(cands, 1)
		}
		if p := byLast[s.firstPrev]; p != nil && p.lo() != math.MaxInt64 {
			cands = append(cands, p.lo()+1)
		}
		for _, n := range byFirstPrev[s.first.Hash] {
			if n.fo != math.MinInt64 {
				cands = append(cands, n.fo-1)
			}
		}
		for _, o := range cands {
			if sumAs(s.first, o) != s.first.Hash {
				continue
			}
			s.bad, s.resolved, s.fo, s.delta = false, true, o, s.fs-o
			byLast[s.lastHash] = s
			byFirstPrev[s.firstPrev] = append(byFirstPrev[s.firstPrev], s)
			// Bad rows next to it in the chain may now resolve.
			work = append(work, badByPrev[s.lastHash]...)
			work = append(work, badByHash[s.firstPrev]...)
			break
		}
	}
}

// longestInOrder returns the segments of the most rows (a bad row counting
// half) whose sealed numbers rise in the order they were read.
func longestInOrder(segs []*segment) map[*segment]bool {
	// Weighted longest increasing subsequence: best[i] is the heaviest
	// chain ending with segs[i]; a Fenwick tree over the segments' last
	// sealed numbers gives the heaviest chain ending below a number.
	los := make([]int64, len(segs))
	for i, s := range segs {
		los[i] = s.lo()
	}
	slices.Sort(los)
	los = slices.Compact(los)
	type best struct {
		w int64
		i int // index in segs, -1 for none
	}
	better := func(a, b best) bool { return a.w > b.w || a.w == b.w && a.i >= 0 && (b.i < 0 || a.i < b.i) }
	tree := make([]best, len(los)+1)
	for i := range tree {
		tree[i] = best{0, -1}
	}
	query := func(n int) best { // heaviest among the n lowest numbers
		b := best{0, -1}
		for ; n > 0; n -= n & -n {
			if better(tree[n], b) {
				b = tree[n]
			}
		}
		return b
	}
	update := func(pos int, b best) {
		for pos++; pos < len(tree); pos += pos & -pos {
			if better(b, tree[pos]) {
				tree[pos] = b
			}
		}
	}
	parent := make([]int, len(segs))
	weight := make([]int64, len(segs))
	top := best{0, -1}
	for i, s := range segs {
		below, _ := slices.BinarySearch(los, s.fo) // numbers < s.fo
		b := query(below)
		w := 2 * s.n
		if s.bad {
			w = 1
		}
		weight[i], parent[i] = b.w+w, b.i
		pos, _ := slices.BinarySearch(los, s.lo())
		me := best{weight[i], i}
		update(pos, me)
		if better(me, top) {
			top = me
		}
	}
	out := map[*segment]bool{}
	for i := top.i; i >= 0; i = parent[i] {
		out[segs[i]] = true
	}
	return out
}

// modified describes the bad row s from how the rows around it in the
// chain link: prev before it (when linked, right before), next right
// after it (or nil).
func modified(s, prev, next *segment, linked bool) Problem {
	e := s.first
	var msg string
	switch {
	case next != nil && next.firstPrev == sumAs(e, s.fo):
		msg = fmt.Sprintf("row %d was modified: its hash field was changed (its contents still match the hash %s links to)", s.fs, name(next, next.fo))
	case next != nil && next.firstPrev == e.Hash:
		msg = fmt.Sprintf("row %d was modified: its hash no longer matches its contents (%s still links to its hash, so a field other than the hash was changed)",
			s.fs, name(next, next.fo))
	case next != nil:
		msg = fmt.Sprintf("row %d was modified: its hash matches neither its contents nor what %s links to (it was replaced, or changed along with its hash)",
			s.fs, name(next, next.fo))
	default:
		msg = fmt.Sprintf("row %d was modified: its hash does not match its contents", s.fs)
	}
	switch {
	case !linked:
	case s.fo == 1 && e.Prev != Genesis:
		msg += "; its link is not the genesis value either"
	case prev != nil && !prev.bad && e.Prev != prev.lastHash:
		msg += fmt.Sprintf("; its link does not name %s either (its prev field was changed too)", name(prev, prev.lo()))
	}
	return Problem{Kind: Modified, Seq: s.fs, Rows: []int64{s.fs}, Message: msg}
}

// name names the row of s sealed as o: "row 12", or "row 13 (sealed as
// 12)" when renumbered.
func name(s *segment, o int64) string {
	if s == nil {
		return "no row"
	}
	if n := s.storedAt(o); n != o && !s.bad {
		return fmt.Sprintf("row %d (sealed as %d)", n, o)
	}
	return fmt.Sprintf("row %d", s.storedAt(o))
}

// rowBefore names the row read just before s, or says there is none.
func rowBefore(segs []*segment, s *segment) string {
	if s.idx == 0 {
		return "the start of the trail"
	}
	p := segs[s.idx-1]
	return name(p, p.lo())
}

func itsPlace(n int64) string {
	if n == 1 {
		return "it stands"
	}
	return "they stand"
}

func placeOf(n int64) string {
	if n == 1 {
		return "its place is"
	}
	return "their place is"
}

func pronoun(n int64) string {
	if n == 1 {
		return "it was"
	}
	return "they were"
}

// rowsWord returns "row a" or "rows a to b".
func rowsWord(a, b int64) string {
	if a == b {
		return fmt.Sprintf("row %d", a)
	}
	return fmt.Sprintf("rows %d to %d", a, b)
}

// wereRows returns "row a was" or "rows a to b were".
func wereRows(a, b int64) string {
	if a == b {
		return rowsWord(a, b) + " was"
	}
	return rowsWord(a, b) + " were"
}

// isRows returns "row a is" or "rows a to b are".
func isRows(a, b int64) string {
	if a == b {
		return rowsWord(a, b) + " is"
	}
	return rowsWord(a, b) + " are"
}

// short abbreviates a hash for messages.
func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}
