package normalize

import (
	"slices"
	"testing"
)

// TestReleaseReuse checks that Texts built on released buffers give the
// same tokens and spans as fresh ones, whatever the order of sizes.
func TestReleaseReuse(t *testing.T) {
	texts := []string{
		"Passage Zuwara → Lampedusa, 2500 € par personne, WhatsApp +218 91 000 0000",
		"",
		"a",
		"ＷｈａｔｓＡｐｐ ０４７０ １２ ３４ ５６ four seven five",
		"طالع رحلة من زوارة ٢٥٠٠ دولار",
		string(make([]byte, 3000)) + "x y z 1 2 3",
	}
	type view struct {
		toks  []Token
		spans [][2]int
	}
	snapshot := func(x *Text) view {
		var v view
		v.toks = slices.Clone(x.Tokens())
		for _, tk := range v.toks {
			s, e := x.Span(int(tk.Start), int(tk.End))
			v.spans = append(v.spans, [2]int{s, e})
		}
		return v
	}
	want := map[string]view{}
	for _, s := range texts {
		want[s] = snapshot(Fold(s))
	}
	for round := range 3 {
		for i := range texts {
			s := texts[(i*7+round)%len(texts)]
			f := Fold(s)
			d := DigitsOf(f)
			got := snapshot(f)
			w := want[s]
			if !slices.Equal(got.toks, w.toks) || !slices.Equal(got.spans, w.spans) {
				t.Fatalf("round %d, Fold(%.20q) after releases: tokens or spans differ from a fresh Text", round, s)
			}
			d.Release()
			f.Release()
			f.Release() // twice is harmless
		}
	}
}
