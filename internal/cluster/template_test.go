package cluster

import (
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/synth"
)

func fold(texts ...string) []*normalize.Text {
	out := make([]*normalize.Text, len(texts))
	for i, s := range texts {
		out[i] = normalize.Fold(s)
	}
	return out
}

func TestTemplateSmall(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		want  string
	}{
		{"none", nil, ""},
		{"one", []string{"Call me now, 24/7!"}, "Call me now, 24/7!"},
		{"identical", []string{"Room for rent, 500 € a month", "Room for rent, 500 € a month"}, "Room for rent, 500 € a month"},
		{
			"phones and places",
			[]string{
				"Boat from Zuwara to Italy, 3000 € per person, WhatsApp +218 91 234 5678",
				"Boat from Sabratha to Italy, $2500 per person, WhatsApp +90 532 123 4567",
				"Boat from Tripoli to Italy, 2800 euros per person, WhatsApp 0044 7712 345678",
			},
			"Boat from {word} to Italy, {price} per person, WhatsApp {phone}",
		},
		{
			"ages and handles",
			[]string{
				"New girls 21 yo in Ghent, write to @mira_vip7 now",
				"New girls 19 yo in Liège, write to @sam_jobs22 now",
				"New girls 23 yo in Antwerp, write to @lea_help3 now",
			},
			"New girls {number} yo in {word}, write to @{word} now",
		},
	}
	for _, tt := range tests {
		if got := Template(fold(tt.texts...)).String(); got != tt.want {
			t.Errorf("%s: Template(%q) = %q; want %q", tt.name, tt.texts, got, tt.want)
		}
	}
	if got := Template([]*normalize.Text{nil, nil}); got.Members != 0 || got.String() != "" {
		t.Errorf("Template(nil, nil) = %+v; want empty", got)
	}
}

// synthByTemplate returns the texts of n synthetic posts grouped by their
// planted template.
func synthByTemplate(n int, seed uint64) map[string][]*normalize.Text {
	g := synth.New(seed)
	by := map[string][]*normalize.Text{}
	for range n {
		p := g.Next()
		if p.Truth.Template != nil {
			by[*p.Truth.Template] = append(by[*p.Truth.Template], normalize.Fold(p.Text))
		}
	}
	return by
}

// TestTemplateSynth renders the templates of synthetic clusters: the
// planted template's wording with a typed slot for each of its {slots}.
func TestTemplateSynth(t *testing.T) {
	by := synthByTemplate(5000, 3)
	tests := []struct {
		tmpl, want string
	}{
		{"t0", "🚤 Départ de {word} vers {word} cette semaine, bateau sûr, taux de réussite 95%. {price} par personne, enfants moitié prix. Paiement après l'arrivée via bureau d'assurance. WhatsApp {phone}"},
		{"t4", "رحلة من {word} الى {word} كل اسبوع، قارب كبير وآمن، السعر {price} دولار للشخص، الدفع بعد الوصول عن طريق مكتب التأمين. واتساب {phone}"},
		{"t5", "{word} çıkışlı {word} geçiş her hafta, kişi başı {price}, ödeme varınca sigorta ofisinden. Garantili. WhatsApp {phone}"},
		{"t7", "We sell real registered passports, ID cards and driving licences, database registered, passes every check. Fast delivery. Contact @{word} or {phone}"},
		{"t16", "Nouvelle en ville, jeune fille {number} ans, massage naturiste, disponible 24h/24, déplacement hôtel uniquement. Pas de numéro masqué. {phone}"},
	}
	for _, tt := range tests {
		texts := by[tt.tmpl]
		if len(texts) < 20 {
			t.Fatalf("template %s: %d posts; want 20 or more", tt.tmpl, len(texts))
		}
		tm := Template(texts)
		if got := tm.String(); got != tt.want {
			t.Errorf("Template(posts of %s) = %q; want %q", tt.tmpl, got, tt.want)
		}
		for _, p := range tm.Parts {
			s := p.Slot
			if s == nil {
				continue
			}
			if s.Distinct < 2 || len(s.Values) == 0 || len(s.Values) > MaxValues || len(s.Values) > s.Distinct {
				t.Errorf("%s: slot %v: %d values of %d distinct", tt.tmpl, s.Kind, len(s.Values), s.Distinct)
			}
			total := 0
			for i, v := range s.Values {
				total += v.Count
				if i > 0 && v.Count > s.Values[i-1].Count {
					t.Errorf("%s: slot %v: values not by decreasing count: %v", tt.tmpl, s.Kind, s.Values)
				}
				if s.Kind == SlotPhone && !strings.ContainsAny(v.Text, "0123456789") {
					t.Errorf("%s: phone value %q has no digit", tt.tmpl, v.Text)
				}
			}
			if total > tm.Members {
				t.Errorf("%s: slot %v counts %d values for %d members", tt.tmpl, s.Kind, total, tm.Members)
			}
		}
	}
}

// TestTemplateSample checks that big clusters are sampled.
func TestTemplateSample(t *testing.T) {
	by := synthByTemplate(20000, 4)
	for k, texts := range by {
		if len(texts) <= MaxSample {
			continue
		}
		if tm := Template(texts); tm.Members != MaxSample {
			t.Errorf("Template(%d posts of %s).Members = %d; want %d", len(texts), k, tm.Members, MaxSample)
		}
		return
	}
	t.Fatal("no template with more than MaxSample posts")
}

// TestTemplateBackpage makes the templates of the real clusters of near
// duplicates: each must keep some shared text and find at least one slot.
func TestTemplateBackpage(t *testing.T) {
	bodies := backpageBodies(t)
	x := NewIndex(DefaultConfig)
	texts := make(map[int64]*normalize.Text)
	for i, b := range bodies {
		texts[int64(i)] = normalize.Fold(b)
		x.Add(int64(i), Sign(texts[int64(i)]))
	}
	clusters, slots := 0, 0
	kinds := map[SlotKind]int{}
	for id := range int64(len(bodies)) {
		ms := x.Members(id)
		distinct := map[string]bool{}
		var ts []*normalize.Text
		for _, m := range ms {
			distinct[texts[m].Norm] = true
			ts = append(ts, texts[m])
		}
		if len(distinct) < 2 {
			continue
		}
		clusters++
		tm := Template(ts)
		shared := 0
		for _, p := range tm.Parts {
			if p.Slot != nil {
				slots++
				kinds[p.Slot.Kind]++
			} else {
				shared += len(p.Text)
			}
		}
		if shared == 0 {
			t.Errorf("cluster %d of %d ads: template has no shared text", id, len(ms))
		}
	}
	t.Logf("backpage: %d clusters of near duplicates, %d slots: %v", clusters, slots, kinds)
	if clusters == 0 || slots == 0 {
		t.Errorf("got %d clusters with %d slots; want some", clusters, slots)
	}
}

func BenchmarkTemplate(b *testing.B) {
	texts := synthByTemplate(5000, 3)["t0"]
	for b.Loop() {
		Template(texts)
	}
}
