package cluster

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/normalize"
)

// Limits of Template, which keep it cheap on any cluster.
const (
	// MaxSample is the most members Template aligns: a larger cluster
	// is sampled evenly, first and last members included.
	MaxSample = 50
	// MaxValues is the most distinct values a Slot lists.
	MaxValues = 20
	// maxAlign is the most tokens of a member aligned: alignment costs
	// the product of two lengths.
	maxAlign = 400
)

// Shares of members that make a token shared and a gap a slot.
const (
	// fixedShare is the least share of members holding a token of the
	// reference, in order, for it to be template text.
	fixedShare = 0.6
	// slotShare is the least share of members with something between
	// two template tokens for that gap to be a slot; rarer insertions
	// are left out of the template.
	slotShare = 0.2
)

// SlotKind is what the values of a slot look like.
type SlotKind uint8

// Slot kinds.
const (
	// SlotText is free text.
	SlotText SlotKind = iota + 1
	// SlotNumber is a short number: an age, a count, an hour.
	SlotNumber
	// SlotPhone is a run of at least 7 digits, maybe grouped and
	// prefixed by + or 00.
	SlotPhone
	// SlotPrice is a number with a currency.
	SlotPrice
	// SlotWord is one to three words with no digit: a place, a name.
	SlotWord
)

// String returns the name of k as rendered in a template: "text",
// "number", "phone", "price" or "word".
func (k SlotKind) String() string {
	switch k {
	case SlotNumber:
		return "number"
	case SlotPhone:
		return "phone"
	case SlotPrice:
		return "price"
	case SlotWord:
		return "word"
	}
	return "text"
}

// Value is one value of a slot, as written in the original text of the
// members, and how many of the aligned members have it.
type Value struct {
	Text  string
	Count int
}

// Slot is a place where the members of a cluster differ.
type Slot struct {
	Kind SlotKind
	// Values are the most frequent values, most frequent first (ties in
	// text order), at most MaxValues. An empty Text is a member with
	// nothing there.
	Values []Value
	// Distinct is the number of distinct values, those beyond
	// MaxValues included.
	Distinct int
}

// Part is a piece of a template: shared text, or a slot when Slot is not
// nil.
type Part struct {
	Text string
	Slot *Slot
}

// Tmpl is the template of a cluster: the text its members share, in
// order, with slots where they differ.
type Tmpl struct {
	Parts []Part
	// Members is the number of members aligned (at most MaxSample).
	Members int
}

// String renders t for humans, shared text as written in the reference
// member and each slot as its kind in braces:
// "Départ de {word} vers Lampedusa, {price} par personne, WhatsApp {phone}".
func (t Tmpl) String() string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Slot != nil {
			b.WriteString("{" + p.Slot.Kind.String() + "}")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// member is one text being aligned: its tokens as interned ids.
type member struct {
	t    *normalize.Text
	toks []normalize.Token
	ids  []int32
}

// Template returns the template of texts, the members of one cluster: the
// tokens of a reference member (the medoid by estimated Jaccard
// similarity) that at least 60% of the members share in the same order
// are template text; between two of them, where at least 20% of the
// members have something, is a slot, typed by its values. Each member is
// aligned with the reference by a longest common subsequence over tokens,
// on its first 400 tokens; clusters of more than MaxSample texts are
// sampled evenly. Nil texts are skipped. Template of no text is the empty
// Tmpl. It is safe for concurrent use on texts not released meanwhile.
func Template(texts []*normalize.Text) Tmpl {
	texts = slices.DeleteFunc(slices.Clone(texts), func(t *normalize.Text) bool { return t == nil })
	if len(texts) > MaxSample {
		sample := make([]*normalize.Text, MaxSample)
		for i := range sample {
			sample[i] = texts[i*(len(texts)-1)/(MaxSample-1)]
		}
		texts = sample
	}
	if len(texts) == 0 {
		return Tmpl{}
	}
	ms := intern(texts)
	ref := medoid(texts)
	n := len(ms[ref].ids)

	// at[m][i] is the token of member m aligned with token i of the
	// reference, or -1.
	at := make([][]int32, len(ms))
	held := make([]int, n)
	for m := range ms {
		if m == ref {
			at[m] = make([]int32, n)
			for i := range at[m] {
				at[m][i] = int32(i)
			}
		} else {
			at[m] = align(ms[ref].ids, ms[m].ids)
		}
		for i, j := range at[m] {
			if j >= 0 {
				held[i]++
			}
		}
	}
	var fixed []int // reference tokens that are template text
	for i, h := range held {
		if float64(h) >= fixedShare*float64(len(ms)) {
			fixed = append(fixed, i)
		}
	}
	r := ms[ref]
	slots := make([]*Slot, len(fixed)+1)
	for g := range slots {
		slots[g] = slot(ms, at, fixed, g)
	}
	// A value that holds punctuation shared by all members ("@name_work",
	// "+218 91…") would be cut in two slots, or lose its +: the
	// punctuation goes into the slot.
	for g := len(fixed) - 1; g >= 0; g-- {
		if !absorbed(r, fixed[g], slots[g], slots[g+1]) {
			continue
		}
		fixed = slices.Delete(fixed, g, g+1)
		slots = slices.Delete(slots, g, g+2)
		slots = slices.Insert(slots, g, slot(ms, at, fixed, g))
	}
	// A number next to a currency the template shares is a price.
	for g, s := range slots {
		if s != nil && s.Kind == SlotNumber &&
			(g > 0 && isCurrency(r, fixed[g-1]) || g < len(fixed) && isCurrency(r, fixed[g])) {
			s.Kind = SlotPrice
		}
	}

	var t Tmpl
	t.Members = len(ms)
	text := func(s string) {
		if k := len(t.Parts) - 1; k >= 0 && t.Parts[k].Slot == nil {
			t.Parts[k].Text += s
		} else {
			t.Parts = append(t.Parts, Part{Text: s})
		}
	}
	// Gap g lies before fixed[g]; gap len(fixed) after the last.
	for g := 0; g <= len(fixed); g++ {
		if s := slots[g]; s != nil {
			if g > 0 && spaceBefore(r, fixed[g-1]+1) {
				text(" ")
			}
			t.Parts = append(t.Parts, Part{Slot: s})
			if g < len(fixed) && spaceBefore(r, fixed[g]) {
				text(" ")
			}
		} else if g > 0 && g < len(fixed) && spaceBetween(r, fixed[g-1], fixed[g]) {
			text(" ")
		}
		if g < len(fixed) {
			tok := r.toks[fixed[g]]
			text(r.t.OrigText(int(tok.Start), int(tok.End)))
		}
	}
	return t
}

// absorbed reports whether the reference token i, template text between
// gaps whose slots are before and after, belongs in a slot: it is
// punctuation touching a slot on both sides, or a + before a phone.
func absorbed(m member, i int, before, after *Slot) bool {
	tok := m.toks[i]
	if tok.Kind != normalize.Punct && tok.Kind != normalize.Symbol || after == nil || spaceBefore(m, i+1) {
		return false
	}
	if m.t.Norm[tok.Start:tok.End] == "+" && after.Kind == SlotPhone {
		return true
	}
	return before != nil && !spaceBefore(m, i)
}

// isCurrency reports whether token i of m is a currency.
func isCurrency(m member, i int) bool {
	tok := m.toks[i]
	return currencies[m.t.Norm[tok.Start:tok.End]]
}

// spaceBefore reports whether token i of m follows a space in its
// normalised text (or is past the end and the last token is followed by
// one, which Fold never leaves).
func spaceBefore(m member, i int) bool {
	if i <= 0 || i >= len(m.toks) {
		return false
	}
	return m.toks[i-1].End < m.toks[i].Start
}

// spaceBetween reports whether a space lies between tokens i < j of m.
func spaceBetween(m member, i, j int) bool {
	return strings.Contains(m.t.Norm[m.toks[i].End:m.toks[j].Start], " ")
}

// slot returns the slot of gap g, before fixed[g] (after the last fixed
// token when g is len(fixed)), or nil when too few members have something
// there.
func slot(ms []member, at [][]int32, fixed []int, g int) *Slot {
	counts := map[string]int{}
	var kinds [SlotWord + 1]int
	known, full := 0, 0
	for m, mem := range ms {
		// The gap of member m runs from after its token aligned with
		// fixed[g-1] to before its token aligned with fixed[g]; unknown
		// when either is not aligned.
		lo, hi := int32(0), int32(len(mem.toks))
		if g > 0 {
			lo = at[m][fixed[g-1]] + 1
		}
		if g < len(fixed) {
			hi = at[m][fixed[g]]
		}
		if (g > 0 && lo == 0) || hi < 0 || lo > hi {
			continue
		}
		if g == len(fixed) {
			hi = min(hi, int32(min(len(mem.toks), maxAlign)))
		}
		known++
		v := ""
		if lo < hi {
			full++
			v = mem.t.OrigText(int(mem.toks[lo].Start), int(mem.toks[hi-1].End))
			kinds[kindOf(mem.t.Norm, mem.toks[lo:hi])]++
		}
		counts[v]++
	}
	if full == 0 || float64(full) < slotShare*float64(known) {
		return nil
	}
	s := &Slot{Kind: SlotText, Distinct: len(counts)}
	best := 0
	for k := SlotText; k <= SlotWord; k++ {
		if kinds[k] > best {
			s.Kind, best = k, kinds[k]
		}
	}
	for v, c := range counts {
		s.Values = append(s.Values, Value{Text: v, Count: c})
	}
	slices.SortFunc(s.Values, func(a, b Value) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Text, b.Text))
	})
	if len(s.Values) > MaxValues {
		s.Values = s.Values[:MaxValues]
	}
	return s
}

// currencies are folded words and symbols that make a number a price.
var currencies = map[string]bool{
	"€": true, "$": true, "£": true, "₺": true, "eur": true, "euro": true, "euros": true,
	"usd": true, "dollar": true, "dollars": true, "gbp": true, "pound": true, "pounds": true,
	"tl": true, "lira": true, "lei": true, "ron": true, "dh": true, "dinar": true, "dinars": true,
	"دولار": true, "يورو": true, "دينار": true, "جنيه": true,
}

// kindOf returns the kind of a slot value made of toks (not empty) of norm.
func kindOf(norm string, toks []normalize.Token) SlotKind {
	digits, numbers, words := 0, 0, 0
	currency := false
	for _, t := range toks {
		s := norm[t.Start:t.End]
		switch t.Kind {
		case normalize.Number:
			numbers++
			digits += len(s)
		case normalize.Word:
			words++
			if currencies[s] {
				currency = true
			}
		case normalize.Symbol:
			currency = currency || currencies[s]
		}
	}
	switch {
	case numbers > 0 && currency:
		return SlotPrice
	case digits >= 7 && words == 0:
		return SlotPhone
	case numbers > 0 && words == 0:
		return SlotNumber
	case numbers == 0 && words >= 1 && words <= 3:
		return SlotWord
	}
	return SlotText
}

// intern returns texts as members, their tokens numbered alike across
// texts.
func intern(texts []*normalize.Text) []member {
	dict := map[string]int32{}
	ms := make([]member, len(texts))
	for i, t := range texts {
		toks := t.Tokens()
		ids := make([]int32, 0, min(len(toks), maxAlign))
		for _, tok := range toks[:min(len(toks), maxAlign)] {
			s := t.Norm[tok.Start:tok.End]
			id, ok := dict[s]
			if !ok {
				id = int32(len(dict))
				dict[s] = id
			}
			ids = append(ids, id)
		}
		ms[i] = member{t: t, toks: toks, ids: ids}
	}
	return ms
}

// medoid returns the index of the text most similar to all others, the
// first on ties.
func medoid(texts []*normalize.Text) int {
	sigs := make([]Signature, len(texts))
	for i, t := range texts {
		sigs[i] = Sign(t)
	}
	best, bestSum := 0, -1
	for i := range sigs {
		sum := 0
		for j := range sigs {
			if i != j {
				sum += agree(&sigs[i], &sigs[j])
			}
		}
		if sum > bestSum {
			best, bestSum = i, sum
		}
	}
	return best
}

// align returns, for each token of a, the index of the token of b it is
// paired with in a longest common subsequence of a and b, or -1.
func align(a, b []int32) []int32 {
	out := make([]int32, len(a))
	for i := range out {
		out[i] = -1
	}
	if len(a) == 0 || len(b) == 0 {
		return out
	}
	// l[i][j] is the length of the LCS of a[i:] and b[j:], in one
	// slice of (len(a)+1) rows of len(b)+1.
	w := len(b) + 1
	l := make([]uint16, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		row, next := l[i*w:(i+1)*w], l[(i+1)*w:(i+2)*w]
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				row[j] = next[j+1] + 1
			} else {
				row[j] = max(next[j], row[j+1])
			}
		}
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			out[i] = int32(j)
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
