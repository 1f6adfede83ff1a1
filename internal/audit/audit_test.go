package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)

// chain returns a sealed trail of n rows.
func chain(n int) []Entry {
	out := make([]Entry, 0, n)
	prev := Genesis
	for i := range n {
		e := Entry{
			Seq:    int64(i + 1),
			At:     t0.Add(time.Duration(i) * 1500 * time.Millisecond),
			Actor:  []string{"ana", "bo", "system"}[i%3],
			Action: []string{ActionLogin, ActionSearch, ActionViewDocument, ActionViewCase}[i%4],
			Object: fmt.Sprintf("document:%d", 100+i),
		}
		if i%5 == 0 {
			e.Purpose = "case:12"
		}
		e = Seal(prev, e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

// intact is the plain definition of a whole chain, to check the Checker
// against.
func intact(rows []Entry) bool {
	prev := Genesis
	for i, e := range rows {
		if e.Seq != int64(i+1) || e.Prev != prev || e.Sum() != e.Hash {
			return false
		}
		prev = e.Hash
	}
	return true
}

func feed(rows []Entry) func() (Entry, bool, error) {
	i := 0
	return func() (Entry, bool, error) {
		if i == len(rows) {
			return Entry{}, false, nil
		}
		i++
		return rows[i-1], true, nil
	}
}

func check(t *testing.T, rows []Entry, head *Head) Result {
	t.Helper()
	r, err := VerifyAll(feed(rows), head, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSumEncoding re-implements the encoding documented on Sum from its
// comment's example.
func TestSumEncoding(t *testing.T) {
	e := Entry{Seq: 1, At: t0.In(time.FixedZone("CET", 3600)), Actor: "ana", Action: "login", Object: "user:ana", Prev: Genesis}
	enc := "14:vigie-audit-v11:130:2026-01-02T03:04:05.000000006Z3:ana5:login8:user:ana0:0:64:" + strings.Repeat("0", 64)
	d := sha256.Sum256([]byte(enc))
	if got, want := e.Sum(), hex.EncodeToString(d[:]); got != want {
		t.Errorf("Sum() = %s; want %s", got, want)
	}
	// Fields cannot run into each other.
	a, b := e, e
	a.Actor, a.Action = "an", "alogin"
	if a.Sum() == b.Sum() {
		t.Error("moving a byte from one field to the next keeps the hash")
	}
	if s := Seal(Genesis, e); s.Hash != e.Sum() || s.Prev != Genesis {
		t.Errorf("Seal = %+v", s)
	}
}

func TestVerifyIntact(t *testing.T) {
	for _, n := range []int{0, 1, 2, 50} {
		rows := chain(n)
		r := check(t, rows, nil)
		if !r.Intact() || r.Rows != int64(n) {
			t.Errorf("chain of %d: %+v; want intact", n, r)
		}
		if n > 0 && (r.Last.Seq != int64(n) || r.Last.Hash != rows[n-1].Hash) {
			t.Errorf("chain of %d: Last = %+v", n, r.Last)
		}
		if p, err := Verify(feed(rows)); p != nil || err != nil {
			t.Errorf("Verify(chain of %d) = %v, %v", n, p, err)
		}
	}
}

// tamper returns a copy of rows changed by f.
func tamper(rows []Entry, f func([]Entry) []Entry) []Entry { return f(slices.Clone(rows)) }

func flip(s string) string {
	if s == "" {
		return "x"
	}
	b := []byte(s)
	b[len(b)/2] ^= 0x01
	return string(b)
}

func TestVerifyTampering(t *testing.T) {
	base := chain(20)
	type want struct {
		kind Kind
		rows []int64
		text string // in the message
	}
	tests := []struct {
		name  string
		rows  []Entry
		head  *Head
		wants []want // every problem, in order
	}{
		{"flip actor", tamper(base, func(r []Entry) []Entry { r[6].Actor = flip(r[6].Actor); return r }),
			nil, []want{{Modified, []int64{7}, "field other than the hash"}}},
		{"flip object", tamper(base, func(r []Entry) []Entry { r[0].Object = flip(r[0].Object); return r }),
			nil, []want{{Modified, []int64{1}, "row 1 was modified"}}},
		{"flip time", tamper(base, func(r []Entry) []Entry { r[9].At = r[9].At.Add(time.Nanosecond); return r }),
			nil, []want{{Modified, []int64{10}, "row 10 was modified"}}},
		{"flip hash", tamper(base, func(r []Entry) []Entry { r[4].Hash = flip(r[4].Hash); return r }),
			nil, []want{{Modified, []int64{5}, "hash field was changed"}}},
		{"flip hash of last", tamper(base, func(r []Entry) []Entry { r[19].Hash = flip(r[19].Hash); return r }),
			nil, []want{{Modified, []int64{20}, "row 20 was modified"}}},
		{"flip prev", tamper(base, func(r []Entry) []Entry { r[4].Prev = flip(r[4].Prev); return r }),
			nil, []want{{Modified, []int64{5}, "prev field was changed"}}},
		{"flip prev of first", tamper(base, func(r []Entry) []Entry { r[0].Prev = flip(r[0].Prev); return r }),
			nil, []want{{Modified, []int64{1}, "genesis"}}},
		{"change a number", tamper(base, func(r []Entry) []Entry { // as read in Seq order
			m := r[7]
			m.Seq = 1000
			return append(slices.Delete(r, 7, 8), m)
		}), nil, []want{{Reordered, []int64{1000, 1000}, "row 1000 (sealed as row 8) is out of place: it stands after row 20; its place is after row 7"}}},
		{"delete", tamper(base, func(r []Entry) []Entry { return slices.Delete(r, 7, 8) }),
			nil, []want{{Deleted, []int64{8, 8}, "row 8 is missing (deleted): the chain goes from row 7 to row 9"}}},
		{"delete three", tamper(base, func(r []Entry) []Entry { return slices.Delete(r, 7, 10) }),
			nil, []want{{Deleted, []int64{8, 10}, "rows 8 to 10 are missing"}}},
		{"delete first", tamper(base, func(r []Entry) []Entry { return r[1:] }),
			nil, []want{{Deleted, []int64{1, 1}, "row 1 is missing (deleted): the trail starts at row 2"}}},
		{"delete and renumber", tamper(base, func(r []Entry) []Entry {
			r = slices.Delete(r, 7, 8)
			for i := 7; i < len(r); i++ {
				r[i].Seq--
			}
			return r
		}), nil, []want{
			{Deleted, []int64{8, 8}, "the row sealed as 8 is missing"},
			{Renumbered, []int64{8, 19}, "rows 8 to 19 were renumbered: they were sealed as rows 9 to 20"},
		}},
		{"swap adjacent", tamper(base, func(r []Entry) []Entry {
			r[5], r[6] = r[6], r[5]
			r[5].Seq, r[6].Seq = 6, 7
			return r
		}), nil, []want{{Reordered, []int64{6, 7}, "rows 6 and 7 were swapped"}}},
		{"swap far", tamper(base, func(r []Entry) []Entry {
			r[2], r[15] = r[15], r[2]
			r[2].Seq, r[15].Seq = 3, 16
			return r
		}), nil, []want{{Reordered, []int64{3, 16}, "rows 3 and 16 were swapped"}}},
		{"swap first and last", tamper(base, func(r []Entry) []Entry {
			r[0], r[19] = r[19], r[0]
			r[0].Seq, r[19].Seq = 1, 20
			return r
		}), nil, []want{{Reordered, []int64{1, 20}, "rows 1 and 20 were swapped"}}},
		{"positions swapped, numbers kept", tamper(base, func(r []Entry) []Entry {
			r[5], r[6] = r[6], r[5] // read out of Seq order
			return r
		}), nil, []want{{Reordered, []int64{6, 6}, "row 6 is out of place: it stands after row 7; its place is after row 5"}}},
		{"move one row to the end", tamper(base, func(r []Entry) []Entry {
			m := r[4]
			m.Seq = 21
			return append(slices.Delete(r, 4, 5), m)
		}), nil, []want{
			{Reordered, []int64{21, 21}, "row 21 (sealed as row 5) is out of place: it stands after row 20; its place is after row 4"},
		}},
		{"insert forged, renumbered", tamper(base, func(r []Entry) []Entry {
			x := Seal(r[9].Hash, Entry{Seq: 11, At: r[9].At, Actor: "mallory", Action: ActionLogin})
			r = slices.Insert(r, 10, x)
			for i := 11; i < len(r); i++ {
				r[i].Seq++
			}
			return r
		}), nil, []want{
			{Inserted, []int64{11, 11}, "row 11 was inserted: sealed as row 11, a place in the chain held by row 12 (sealed as 11), linking to the same row"},
			{Renumbered, []int64{12, 21}, "they were sealed as rows 11 to 20"},
		}},
		{"insert three forged, renumbered", tamper(base, func(r []Entry) []Entry {
			prev := r[9].Hash
			for k := range 3 {
				x := Seal(prev, Entry{Seq: int64(11 + k), At: r[9].At, Actor: "mallory", Action: ActionLogin})
				r = slices.Insert(r, 10+k, x)
				prev = x.Hash
			}
			for i := 13; i < len(r); i++ {
				r[i].Seq += 3
			}
			return r
		}), nil, []want{
			{Inserted, []int64{11, 13}, "rows 11 to 13 were inserted: sealed as rows 11 to 13, a place in the chain held by row 14 (sealed as 11), linking to the same row"},
			{Renumbered, []int64{14, 23}, "they were sealed as rows 11 to 20"},
		}},
		{"insert forged before the last, renumbered", tamper(base, func(r []Entry) []Entry {
			x := Seal(r[18].Hash, Entry{Seq: 20, At: r[18].At, Actor: "mallory", Action: ActionLogin})
			r = slices.Insert(r, 19, x)
			r[20].Seq++
			return r
		}), nil, []want{
			{Inserted, []int64{20, 21}, "row 20 and row 21 are both sealed as row 20, linking to the same row: one of them was inserted, and nothing after them tells which"},
		}},
		{"move a block", tamper(base, func(r []Entry) []Entry {
			b := slices.Clone(r[3:6])
			r = slices.Delete(r, 3, 6)
			for i := range b {
				b[i].Seq = int64(21 + i)
			}
			for i := 3; i < len(r); i++ {
				r[i].Seq -= 3
			}
			return append(r, b...)
		}), nil, []want{
			{Renumbered, []int64{4, 17}, "rows 4 to 17 were renumbered: they were sealed as rows 7 to 20"},
			{Reordered, []int64{21, 23}, "rows 21 to 23 (sealed as rows 4 to 6) are out of place: they stand after row 17 (sealed as 20); their place is after row 3"},
		}},
		{"insert garbage, renumbered", tamper(base, func(r []Entry) []Entry {
			x := Entry{Seq: 11, At: r[9].At, Actor: "mallory", Action: ActionLogin, Prev: "nope", Hash: "nope"}
			r = slices.Insert(r, 10, x)
			for i := 11; i < len(r); i++ {
				r[i].Seq++
			}
			return r
		}), nil, []want{
			{Inserted, []int64{11}, "row 11 was inserted, or replaced"},
			{Renumbered, []int64{12, 21}, "renumbered"},
		}},
		{"append forged", tamper(base, func(r []Entry) []Entry {
			return append(r, Seal(strings.Repeat("a", 64), Entry{Seq: 21, At: r[19].At, Actor: "mallory", Action: ActionLogin}))
		}), nil, []want{{Broken, []int64{20, 21}, "the chain breaks between row 20 and row 21"}}},
		{"append past the end", tamper(base, func(r []Entry) []Entry {
			return append(r, Seal(strings.Repeat("a", 64), Entry{Seq: 30, At: r[19].At, Actor: "mallory", Action: ActionLogin}))
		}), nil, []want{{Deleted, []int64{21, 29}, "or row 30, the last, was added with a number past the end"}}},
		{"insert before the start", tamper(base, func(r []Entry) []Entry {
			return append([]Entry{Seal(Genesis, Entry{Seq: 0, At: r[0].At, Actor: "mallory", Action: ActionLogin})}, r...)
		}), nil, []want{{Inserted, []int64{0}, "before the start of the trail"}}},
		{"rewrite with recomputed hash", tamper(base, func(r []Entry) []Entry {
			r[9].Detail = "nothing to see"
			r[9] = Seal(r[9].Prev, r[9])
			return r
		}), nil, []want{{Broken, []int64{10, 11}, "the chain breaks between row 10 and row 11"}}},
		{"rewrite first with recomputed hash", tamper(base, func(r []Entry) []Entry {
			r[0] = Seal(strings.Repeat("1", 64), r[0])
			return r
		}), nil, []want{
			{Broken, []int64{1}, "row 1 does not start the chain"},
			{Broken, []int64{1, 2}, "between row 1 and row 2"},
		}},
		{"truncated, with head", base[:15], &Head{Seq: 20, Hash: base[19].Hash},
			[]want{{Truncated, []int64{16, 20}, "rows 16 to 20 were cut off the end"}}},
		{"empty, with head", nil, &Head{Seq: 20, Hash: base[19].Hash},
			[]want{{Truncated, []int64{1, 20}, "every row was removed"}}},
		{"rewritten tail, with head", func() []Entry {
			r := slices.Clone(base)
			r[14].Actor = "mallory"
			for i := 14; i < len(r); i++ {
				r[i] = Seal(r[i-1].Hash, r[i])
			}
			return r
		}(), &Head{Seq: 18, Hash: base[17].Hash}, []want{{Truncated, []int64{18}, "row 18 is not the recorded head"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := check(t, tc.rows, tc.head)
			var got []string
			for _, p := range r.Problems {
				got = append(got, fmt.Sprintf("%s %v: %s", p.Kind, p.Rows, p.Message))
			}
			if len(r.Problems) != len(tc.wants) || r.Total != len(tc.wants) {
				t.Fatalf("problems:\n%s\nwant %d", strings.Join(got, "\n"), len(tc.wants))
			}
			for i, w := range tc.wants {
				p := r.Problems[i]
				if p.Kind != w.kind || !slices.Equal(p.Rows, w.rows) || !strings.Contains(p.Message, w.text) {
					t.Errorf("problem %d = %s\nwant %s %v: …%s…", i, got[i], w.kind, w.rows, w.text)
				}
			}
			first, err := Verify(feed(tc.rows))
			if err != nil {
				t.Fatal(err)
			}
			if tc.head == nil && (first == nil || first.Message != r.Problems[0].Message) {
				t.Errorf("Verify = %v; want the first problem %q", first, r.Problems[0].Message)
			}
		})
	}
}

func TestHeadOK(t *testing.T) {
	base := chain(10)
	for _, h := range []Head{{Seq: 10, Hash: base[9].Hash}, {Seq: 4, Hash: base[3].Hash}} {
		if r := check(t, base, &h); !r.Intact() {
			t.Errorf("head %d: %v", h.Seq, r.Problems)
		}
	}
	// Appending is not a problem: the head pins the rows up to it.
	if r := check(t, chain(12), &Head{Seq: 10, Hash: base[9].Hash}); !r.Intact() {
		t.Errorf("head 10 of a longer trail: %v", r.Problems)
	}
}

// TestVerifyMaxAndFirst: Result lists up to max problems and counts all;
// the first is the lowest row.
func TestVerifyMaxAndFirst(t *testing.T) {
	rows := chain(30)
	for _, i := range []int{25, 3, 14} {
		rows[i].Detail = "changed"
	}
	r, err := VerifyAll(feed(rows), nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 3 || len(r.Problems) != 2 || r.Problems[0].Seq != 4 || r.Problems[1].Seq != 15 {
		t.Errorf("VerifyAll(max 2) = %+v", r)
	}
	p, _ := Verify(feed(rows))
	if p == nil || p.Seq != 4 {
		t.Errorf("Verify = %v; want row 4", p)
	}
}

func TestVerifyError(t *testing.T) {
	boom := fmt.Errorf("disk on fire")
	if _, err := Verify(func() (Entry, bool, error) { return Entry{}, false, boom }); err != boom {
		t.Errorf("Verify error = %v; want %v", err, boom)
	}
}

// ops are the tamperings the random tests combine.
var ops = []func(r []Entry, rnd *rand.Rand) []Entry{
	func(r []Entry, rnd *rand.Rand) []Entry { // flip a field
		if len(r) == 0 {
			return r
		}
		e := &r[rnd.IntN(len(r))]
		switch rnd.IntN(6) {
		case 0:
			e.Actor = flip(e.Actor)
		case 1:
			e.Object = flip(e.Object)
		case 2:
			e.Prev = flip(e.Prev)
		case 3:
			e.Hash = flip(e.Hash)
		case 4:
			e.At = e.At.Add(time.Nanosecond)
		case 5:
			e.Seq += int64(rnd.IntN(5)) - 2
		}
		return r
	},
	func(r []Entry, rnd *rand.Rand) []Entry { // delete
		if len(r) == 0 {
			return r
		}
		i := rnd.IntN(len(r))
		return slices.Delete(r, i, i+1+rnd.IntN(3)*rnd.IntN(2)%(len(r)-i))
	},
	func(r []Entry, rnd *rand.Rand) []Entry { // swap contents, numbers kept
		if len(r) < 2 {
			return r
		}
		i, j := rnd.IntN(len(r)), rnd.IntN(len(r))
		r[i], r[j] = r[j], r[i]
		r[i].Seq, r[j].Seq = r[j].Seq, r[i].Seq
		return r
	},
	func(r []Entry, rnd *rand.Rand) []Entry { // insert a sealed row, renumbering the rest
		i := rnd.IntN(len(r) + 1)
		prev := Genesis
		if i > 0 {
			prev = r[i-1].Hash
		}
		x := Seal(prev, Entry{Seq: int64(i + 1), At: t0, Actor: "mallory", Action: ActionLogin})
		r = slices.Insert(r, i, x)
		for k := i + 1; k < len(r); k++ {
			r[k].Seq++
		}
		return r
	},
	func(r []Entry, rnd *rand.Rand) []Entry { // delete, renumbering the rest
		if len(r) == 0 {
			return r
		}
		i := rnd.IntN(len(r))
		r = slices.Delete(r, i, i+1)
		for k := i; k < len(r); k++ {
			r[k].Seq--
		}
		return r
	},
	func(r []Entry, rnd *rand.Rand) []Entry { // rewrite a row with a recomputed hash
		if len(r) == 0 {
			return r
		}
		i := rnd.IntN(len(r))
		r[i].Detail += "!"
		r[i] = Seal(r[i].Prev, r[i])
		return r
	},
	func(r []Entry, rnd *rand.Rand) []Entry { // move a row elsewhere, keeping its number
		if len(r) < 2 {
			return r
		}
		i, j := rnd.IntN(len(r)), rnd.IntN(len(r)-1)
		e := r[i]
		r = slices.Delete(r, i, i+1)
		return slices.Insert(r, j, e)
	},
}

// TestVerifyRandom combines tamperings at random and checks that the
// Checker finds a problem exactly when the plain definition of a chain
// does, and that a single tampering of each kind is named as such.
func TestVerifyRandom(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		rows := chain(1 + rnd.IntN(40))
		for range 1 + rnd.IntN(3) {
			rows = ops[rnd.IntN(len(ops))](rows, rnd)
		}
		r := check(t, rows, nil)
		if r.Intact() != intact(rows) {
			t.Fatalf("Intact() = %v, the plain check %v, for:\n%s\nproblems: %v", r.Intact(), intact(rows), dump(rows), r.Problems)
		}
		for _, p := range r.Problems {
			if len(p.Rows) == 0 || p.Message == "" || p.Seq != p.Rows[0] {
				t.Fatalf("malformed problem %+v", p)
			}
		}
	}
}

// TestVerifySingleKinds: one tampering of a kind is reported as that kind
// first, at every place in the trail.
func TestVerifySingleKinds(t *testing.T) {
	const n = 12
	base := chain(n)
	for i := range n {
		name := func(what string) string { return fmt.Sprintf("%s row %d", what, i+1) }
		expect := func(what string, rows []Entry, kind Kind, seq int64) {
			t.Helper()
			r := check(t, rows, nil)
			if r.Intact() || r.Problems[0].Kind != kind || r.Problems[0].Seq != seq {
				t.Errorf("%s: %v; want first %s at %d", name(what), r.Problems, kind, seq)
			}
		}
		expect("flip", tamper(base, func(r []Entry) []Entry { r[i].Action = flip(r[i].Action); return r }), Modified, int64(i+1))
		if i < n-1 {
			expect("delete", tamper(base, func(r []Entry) []Entry { return slices.Delete(r, i, i+1) }), Deleted, int64(i+1))
		}
		expect("insert before", tamper(base, func(r []Entry) []Entry {
			prev := Genesis
			if i > 0 {
				prev = r[i-1].Hash
			}
			r = slices.Insert(r, i, Seal(prev, Entry{Seq: int64(i + 1), At: t0, Actor: "mallory", Action: ActionLogin}))
			for k := i + 1; k < len(r); k++ {
				r[k].Seq++
			}
			return r
		}), Inserted, int64(i+1))
		for j := i + 1; j < n; j++ {
			expect(fmt.Sprintf("swap with %d", j+1), tamper(base, func(r []Entry) []Entry {
				r[i], r[j] = r[j], r[i]
				r[i].Seq, r[j].Seq = r[j].Seq, r[i].Seq
				return r
			}), Reordered, int64(i+1))
		}
	}
}

func dump(rows []Entry) string {
	var b strings.Builder
	for _, e := range rows {
		fmt.Fprintf(&b, "  seq %d prev %s hash %s sum %s\n", e.Seq, short(e.Prev), short(e.Hash), short(e.Sum()))
	}
	return b.String()
}

// FuzzVerify: any rows, however made, never make the Checker panic, and it
// agrees with the plain definition of a whole chain.
func FuzzVerify(f *testing.F) {
	f.Add([]byte{}, uint8(5))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(20))
	f.Add([]byte{0xff, 0, 0x80, 3}, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, n uint8) {
		rows := chain(int(n % 64))
		// Each pair of bytes is an operation and its argument.
		for k := 0; k+1 < len(data); k += 2 {
			op, arg := data[k], int(data[k+1])
			if len(rows) == 0 && op%8 != 7 {
				continue
			}
			i := 0
			if len(rows) > 0 {
				i = arg % len(rows)
			}
			switch op % 8 {
			case 0:
				rows[i].Seq = int64(int8(arg)) * int64(op)
			case 1:
				rows[i].Hash = flip(rows[i].Hash)
			case 2:
				rows[i].Prev = rows[(i+int(op))%len(rows)].Hash
			case 3:
				rows = slices.Delete(rows, i, i+1)
			case 4:
				j := int(op) % len(rows)
				rows[i], rows[j] = rows[j], rows[i]
			case 5:
				rows = slices.Insert(rows, i, rows[(i+int(op))%len(rows)])
			case 6:
				rows[i] = Seal(rows[(i+int(op))%len(rows)].Hash, rows[i])
			case 7:
				rows = append(rows, Entry{Seq: int64(arg) - 128 + int64(op)<<56, Prev: string(data), Hash: string(data[k:])})
			}
		}
		if r := check(t, rows, &Head{Seq: int64(n), Hash: "x"}); r.Intact() {
			t.Fatalf("a head of hash x matched: %v", r)
		}
		r := check(t, rows, nil)
		if r.Intact() != intact(rows) {
			t.Fatalf("Intact() = %v, the plain check %v, for:\n%s\nproblems: %v", r.Intact(), intact(rows), dump(rows), r.Problems)
		}
	})
}

// BenchmarkVerify measures checking an intact trail, per row.
func BenchmarkVerify(b *testing.B) {
	rows := chain(10000)
	for b.Loop() {
		c := NewChecker(nil)
		for _, e := range rows {
			c.Add(e)
		}
		if !c.Result(1).Intact() {
			b.Fatal("not intact")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
}
