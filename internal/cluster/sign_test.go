package cluster

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

func sign(s string) Signature { return Sign(normalize.Fold(s)) }

// TestSignGolden pins the Signature of a text: stored Signatures stay
// valid only if hashing never changes, on any platform.
func TestSignGolden(t *testing.T) {
	in := "Départ de Zuwara vers Lampedusa, 3000 € par personne, WhatsApp +218 91 234 5678"
	const want = "7676dbff8c5deb3b870d5805b0b7bbc82d60898ac2902c75b85b7420ba7b35e3080636d7c22d615b1ba51c157061457f98c6a944b884df75005d7442bf71a84c"
	if got := hex.EncodeToString(func() []byte { s := sign(in); return s[:] }()); got != want {
		t.Errorf("Sign(%q) = %s; want %s", in, got, want)
	}
}

func TestSignShort(t *testing.T) {
	tests := []struct {
		name string
		in   string
		zero bool
	}{
		{"empty", "", true},
		{"spaces", "   \t ", true},
		{"punctuation only", "!!! ... ??? 🚤🚤🚤 €€€ ----", true},
		{"five words", "ok call me later dear", true},
		{"six words", "ok call me later dear friend", false},
		{"digits count", "call 0470 12 34 56 now", false},
		{"arabic", "رحلة من زوارة الى ايطاليا كل اسبوع", false},
	}
	for _, tt := range tests {
		if got := sign(tt.in).IsZero(); got != tt.zero {
			t.Errorf("%s: Sign(%q).IsZero() = %v; want %v", tt.name, tt.in, got, tt.zero)
		}
	}
	if !Sign(nil).IsZero() {
		t.Errorf("Sign(nil) is not zero")
	}
}

// TestEstimateJaccard checks estimates on pairs of known similarity.
func TestEstimateJaccard(t *testing.T) {
	base := "Départ de Zuwara vers Lampedusa cette semaine, bateau sûr, taux de réussite 95%. 3000 € par personne, enfants moitié prix. Paiement après l'arrivée via bureau d'assurance. WhatsApp +218 91 234 5678"
	tests := []struct {
		name   string
		a, b   string
		lo, hi float64
	}{
		{"identical", base, base, 1, 1},
		{"case, accents and spaces folded", base, strings.ToUpper(strings.ReplaceAll(base, "é", "e")) + "  ", 1, 1},
		{"punctuation and emoji ignored", base, "🚤🚤 " + strings.ReplaceAll(base, ",", " !!"), 1, 1},
		{"another phone", base, strings.Replace(base, "234 5678", "876 5432", 1), 0.6, 0.95},
		{"another price and place", base, strings.Replace(strings.Replace(base, "3000", "2500", 1), "Zuwara", "Sabratha", 1), 0.5, 0.9},
		{"unrelated", base, "Appartement à louer à Liège, 2 chambres, 750 euros par mois, charges comprises, libre au 1er mars.", 0, 0.1},
		{"arabic digits are digits", "السعر ٣٠٠٠ دولار للشخص الدفع بعد الوصول", "السعر 3000 دولار للشخص الدفع بعد الوصول", 1, 1},
		{"zero signature", base, "", 0, 0},
	}
	for _, tt := range tests {
		got := EstimateJaccard(sign(tt.a), sign(tt.b))
		if got < tt.lo || got > tt.hi {
			t.Errorf("%s: EstimateJaccard(%.40q, %.40q) = %.3f; want in [%v, %v]", tt.name, tt.a, tt.b, got, tt.lo, tt.hi)
		}
	}
}

// TestSignConcurrent signs real texts from several goroutines; run with
// -race.
func TestSignConcurrent(t *testing.T) {
	texts := sharedtest.RuleCases(t)
	want := make([]Signature, len(texts))
	for i, s := range texts {
		want[i] = sign(s)
	}
	got := signTexts(texts)
	for i := range texts {
		if got[i] != want[i] {
			t.Fatalf("Sign(%.40q) differs between goroutines", texts[i])
		}
	}
}

func FuzzSign(f *testing.F) {
	for _, s := range sharedtest.EdgeTexts {
		f.Add(s, s+" x")
	}
	f.Add("Départ de Zuwara vers Lampedusa, 3000 € par personne", "Départ de Sfax vers Lampedusa, 2000 € par personne")
	f.Fuzz(func(t *testing.T, a, b string) {
		sa, sb := sign(a), sign(b)
		if sa != sign(a) {
			t.Fatalf("Sign(%q) not deterministic", a)
		}
		j := EstimateJaccard(sa, sb)
		if j < 0 || j > 1 || j != EstimateJaccard(sb, sa) {
			t.Fatalf("EstimateJaccard(%q, %q) = %v; not in [0, 1] or not symmetric", a, b, j)
		}
		if !sa.IsZero() && EstimateJaccard(sa, sa) != 1 {
			t.Fatalf("EstimateJaccard(%q, itself) = %v; want 1", a, EstimateJaccard(sa, sa))
		}
	})
}

// FuzzIndex adds texts cut from the fuzz input, one per line, and checks
// that every document is in exactly one cluster, among its members.
func FuzzIndex(f *testing.F) {
	f.Add("a b c d e f g\na b c d e f h\nx y z w v u t\na b c d e f g", uint8(0))
	f.Add(strings.Join(sharedtest.EdgeTexts, "\n"), uint8(3))
	f.Fuzz(func(t *testing.T, in string, order uint8) {
		x := NewIndex(DefaultConfig)
		lines := strings.Split(in, "\n")
		for i, l := range lines {
			id := int64(i)
			if order&1 != 0 {
				id = int64(len(lines) - i) // decreasing ids
			}
			c, merged := x.Add(id, sign(l))
			if got, _ := x.Cluster(id); got != c {
				t.Fatalf("Add(%d) = %d; Cluster = %d", id, c, got)
			}
			for _, m := range merged {
				if x.Members(m) != nil {
					t.Fatalf("merged cluster %d still has members", m)
				}
			}
		}
		checkConsistent(t, x)
		if order&2 != 0 {
			texts := make([]*normalize.Text, len(lines))
			for i, l := range lines {
				texts[i] = normalize.Fold(l)
			}
			_ = Template(texts).String()
		}
	})
}
