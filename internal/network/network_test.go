package network

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/synth"
	"github.com/vigie-project/vigie/internal/vigie"
)

func TestIdentOf(t *testing.T) {
	for _, c := range []struct {
		kind vigie.EntityKind
		v    string
		want Ident
		ok   bool
	}{
		{vigie.KindPhone, "+32470123456", Ident{"phone", "+32470123456"}, true},
		{vigie.KindWhatsApp, "+32470123456", Ident{"phone", "+32470123456"}, true},
		{vigie.KindTelegram, "Some_Handle", Ident{"telegram", "some_handle"}, true},
		{vigie.KindEmail, "A.B@Example.org", Ident{"email", "a.b@example.org"}, true},
		{vigie.KindIBAN, "BE71096123456769", Ident{"iban", "BE71096123456769"}, true},
		{vigie.KindPrice, "2500 EUR", Ident{}, false},
		{vigie.KindURL, "https://example.org", Ident{}, false},
		{vigie.KindPhone, "", Ident{}, false},
	} {
		got, ok := IdentOf(c.kind, c.v)
		if got != c.want || ok != c.ok {
			t.Errorf("IdentOf(%s, %q) = %v, %v; want %v, %v", c.kind, c.v, got, ok, c.want, c.ok)
		}
	}
}

func phone(n int) Ident { return Ident{"phone", fmt.Sprintf("+3247%07d", n)} }

// TestCallCentre: 300 groups of 4 posts, each group on its own number;
// one call-centre number in 3,000 posts of every group, and a help line
// in 400 posts across 200 groups. The groups must stay apart, and both
// common numbers be reported as generic.
func TestCallCentre(t *testing.T) {
	l := NewLinker(Config{})
	callCentre, helpLine := phone(9999999), phone(9999998)
	doc := int64(0)
	for g := range 300 {
		for range 4 {
			doc++
			ids := []Ident{phone(g)}
			if doc%2 == 0 || doc < 3000 {
				ids = append(ids, callCentre)
			}
			if g < 200 && doc%3 == 0 {
				ids = append(ids, helpLine)
			}
			l.Add(doc, ids...)
		}
	}
	for range 2000 { // unrelated posts that also give the call centre
		doc++
		l.Add(doc, callCentre)
	}
	res := l.Link()
	if len(res.Networks) != 300 {
		t.Fatalf("%d networks; want the 300 groups", len(res.Networks))
	}
	for i, n := range res.Networks {
		if len(n.Documents) != 4 || len(n.Links) != 1 || n.Links[0].Ident.Class != "phone" {
			t.Fatalf("network %d = %+v; want 4 posts linked by their own number", i, n)
		}
	}
	var gen []string
	for _, g := range res.Generic {
		gen = append(gen, g.Ident.Value)
	}
	if !slices.Equal(gen, []string{callCentre.Value, helpLine.Value}) {
		t.Errorf("generic identifiers = %v; want the call centre, then the help line", res.Generic)
	}
	if res.Generic[1].Groups < 100 {
		t.Errorf("help line touched %d groups; want it counted across its groups", res.Generic[1].Groups)
	}
}

// TestRingNumber: a ring's own number, in 45 posts that nothing else
// ties (each has a photo of its own), is also in a few stray posts of
// five other groups; it links all of them, as most of its posts are the
// ring's.
func TestRingNumber(t *testing.T) {
	l := NewLinker(Config{})
	ring := phone(1)
	doc := int64(0)
	for i := range 45 {
		doc++
		l.Add(doc, ring, PhotoIdent(fmt.Sprintf("%064x", i)))
	}
	// Five stray posts, each in a group of two of its own.
	for i := range 5 {
		doc++
		l.Add(doc, ring, phone(100+i))
		doc++
		l.Add(doc, phone(100+i))
	}
	res := l.Link()
	if len(res.Networks) != 1 || len(res.Networks[0].Documents) != 55 {
		t.Fatalf("networks = %d (first of %d posts); want one of 55", len(res.Networks), len(res.Networks[0].Documents))
	}
	if len(res.Generic) != 0 {
		t.Errorf("generic = %v; want none", res.Generic)
	}
}

func TestAddTwiceCountsOnce(t *testing.T) {
	l := NewLinker(Config{RareDocs: 2, MaxGroups: 1})
	shared := phone(7)
	l.Add(1, shared, shared)
	l.Add(2, shared)
	l.Add(1, shared) // again, after another document
	res := l.Link()
	if len(res.Networks) != 1 || len(res.Networks[0].Links) != 1 || res.Networks[0].Links[0].Docs != 2 {
		t.Errorf("Link = %+v; want one network of 2 posts sharing one number twice", res)
	}
}

// TestSynthNetworks links invented posts by what the analysis extracts
// from them and by their photos, and compares the networks with the
// planted ones (adjusted Rand index; posts of no network are singletons).
func TestSynthNetworks(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 3000
	}
	a := analyze.New(rules.Default(), "", analyze.DefaultThreshold)
	g := synth.New(7)
	l := NewLinker(Config{})
	truth := make([]string, n)
	for i := range n {
		p := g.Next()
		if p.Truth.Network != nil {
			truth[i] = *p.Truth.Network
		} else {
			truth[i] = fmt.Sprintf("single-%d", i)
		}
		var ids []Ident
		for _, e := range a.Analyze(analyze.Input{Text: p.Text}).Entities {
			if id, ok := IdentOf(e.Kind, e.Value); ok {
				ids = append(ids, id)
			}
		}
		for _, m := range p.Media {
			ids = append(ids, PhotoIdent(m.SHA256))
		}
		l.Add(int64(i), ids...)
	}
	res := l.Link()
	got := make([]string, n)
	for i := range n {
		if k, ok := res.Of[int64(i)]; ok {
			got[i] = fmt.Sprintf("net-%d", k)
		} else {
			got[i] = fmt.Sprintf("single-%d", i)
		}
	}
	ari := adjustedRand(truth, got)
	t.Logf("%d synth posts: %d networks found, %d generic identifiers; adjusted Rand index %.4f", n, len(res.Networks), len(res.Generic), ari)
	if ari < 0.90 {
		t.Errorf("adjusted Rand index %.4f; want at least 0.90", ari)
	}
}

// adjustedRand is the adjusted Rand index of two labellings of the same
// items (Hubert and Arabie, 1985).
func adjustedRand(a, b []string) float64 {
	pair := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	type cell struct{ x, y string }
	cells, rows, cols := map[cell]int{}, map[string]int{}, map[string]int{}
	for i := range a {
		cells[cell{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	var index, sa, sb float64
	for _, n := range cells {
		index += pair(n)
	}
	for _, n := range rows {
		sa += pair(n)
	}
	for _, n := range cols {
		sb += pair(n)
	}
	expected := sa * sb / pair(len(a))
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

func TestAdjustedRand(t *testing.T) {
	same := adjustedRand([]string{"a", "a", "b", "b"}, []string{"x", "x", "y", "y"})
	split := adjustedRand([]string{"a", "a", "a", "a"}, []string{"x", "y", "z", "w"})
	if math.Abs(same-1) > 1e-9 || split > 0.01 {
		t.Errorf("adjustedRand: identical %v (want 1), all split %v (want 0)", same, split)
	}
}

func BenchmarkLink(b *testing.B) {
	// 200,000 posts in groups of 5, each post with a phone of its group
	// and a photo of its own, plus a call centre in one post of 20.
	for b.Loop() {
		l := NewLinker(Config{})
		for d := range 200000 {
			ids := []Ident{phone(d / 5), PhotoIdent(fmt.Sprintf("%016x", d))}
			if d%20 == 0 {
				ids = append(ids, phone(9999999))
			}
			l.Add(int64(d), ids...)
		}
		l.Link()
	}
}

// FuzzLink adds documents with identifiers drawn from the input and
// checks what any result must satisfy: every document of a network is in
// that one network only, networks hold two documents or more, and each
// network's links are identifiers of its documents, none of them generic.
func FuzzLink(f *testing.F) {
	f.Add([]byte{1, 2, 3, 1, 2, 4, 9, 9, 9, 9, 9})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		l := NewLinker(Config{RareDocs: 2, MaxDocs: 6, MaxGroups: 1})
		held := map[int64]map[Ident]bool{}
		for i := 0; i+1 < len(b); i += 2 {
			doc, id := int64(b[i]%16), phone(int(b[i+1]%8))
			l.Add(doc, id)
			if held[doc] == nil {
				held[doc] = map[Ident]bool{}
			}
			held[doc][id] = true
		}
		res := l.Link()
		generic := map[Ident]bool{}
		for _, g := range res.Generic {
			generic[g.Ident] = true
		}
		seen := map[int64]bool{}
		for k, n := range res.Networks {
			if len(n.Documents) < 2 {
				t.Fatalf("network %d of %d documents", k, len(n.Documents))
			}
			for _, d := range n.Documents {
				if seen[d] || res.Of[d] != k {
					t.Fatalf("document %d in two networks, or Of wrong: %+v", d, res)
				}
				seen[d] = true
			}
			for _, lk := range n.Links {
				if generic[lk.Ident] {
					t.Fatalf("generic %v links network %d", lk.Ident, k)
				}
				found := 0
				for _, d := range n.Documents {
					if held[d][lk.Ident] {
						found++
					}
				}
				if found != lk.Docs {
					t.Fatalf("link %v counts %d documents; %d of the network hold it", lk.Ident, lk.Docs, found)
				}
			}
		}
		if len(seen) != len(res.Of) {
			t.Fatalf("Of has %d documents, networks %d", len(res.Of), len(seen))
		}
	})
}
