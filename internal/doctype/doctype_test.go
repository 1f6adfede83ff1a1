package doctype

import (
	"encoding/csv"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// found is the part of an entity a table states: the id and the original
// text.
type found struct{ id, text string }

var cases = []struct {
	name string
	in   string
	want []found
}{
	{"fr/docs", "Vente de passeport, carte d'identité et titre de séjour", []found{{"passport", "passeport"}, {"id_card", "carte d'identité"}, {"residence_permit", "titre de séjour"}}},
	{"fr/cni", "CNI, permis de conduire et acte de naissance", []found{{"id_card", "CNI"}, {"driving_licence", "permis de conduire"}, {"birth_certificate", "acte de naissance"}}},
	{"fr/cni lower", "il a dit cni", nil},
	{"fr/permis b", "Chauffeur avec permis B", []found{{"driving_licence", "permis B"}}},
	{"fr/permis construire", "permis de construire accordé", nil},
	{"fr/carte de sejour", "carte de séjour en 2 semaines", []found{{"residence_permit", "carte de séjour"}}},
	{"fr/permis de travail", "pas de permis de travail nécessaire", []found{{"work_permit", "permis de travail"}}},
	{"fr/visa schengen", "visa Schengen garanti", []found{{"visa", "visa Schengen"}}},
	{"fr/diplome", "faux diplômes universitaires", []found{{"diploma", "diplômes"}}},
	{"fr/acte de mariage", "acte de mariage légalisé", []found{{"marriage_certificate", "acte de mariage"}}},
	{"en/docs", "Real passports, ID cards and residence permits registered in the database", []found{{"passport", "passports"}, {"id_card", "ID cards"}, {"residence_permit", "residence permits"}}},
	{"en/schengen", "Schengen visa 100% real", []found{{"visa", "Schengen visa"}}},
	{"en/driver's license", "driver's license and birth certificate", []found{{"driving_licence", "driver's license"}, {"birth_certificate", "birth certificate"}}},
	{"en/work permit", "work permit, the permit", []found{{"work_permit", "work permit"}}},
	{"en/permit alone", "parking permit required", nil},
	{"en/travel document", "refugee travel document", []found{{"travel_document", "refugee travel document"}}},
	{"en/visa card payment", "visa card payment", nil},
	{"en/we accept visa", "we accept visa", nil},
	{"en/visa mastercard", "Visa/Mastercard accepted", nil},
	{"en/cards accepted", "Cards Accepted: Visa, Cash Only", nil},
	{"en/visa and passport", "we arrange your visa and flight", []found{{"visa", "visa"}}},
	{"nl/docs", "paspoort, identiteitskaart en verblijfsvergunning", []found{{"passport", "paspoort"}, {"id_card", "identiteitskaart"}, {"residence_permit", "verblijfsvergunning"}}},
	{"nl/rijbewijs", "rijbewijs zonder examen", []found{{"driving_licence", "rijbewijs"}}},
	{"nl/huwelijksakte", "huwelijksakte en geboorteakte", []found{{"marriage_certificate", "huwelijksakte"}, {"birth_certificate", "geboorteakte"}}},
	{"nl/werkvergunning", "geen werkvergunning nodig", []found{{"work_permit", "werkvergunning"}}},
	{"de/docs", "Reisepass und Aufenthaltstitel, Führerschein", []found{{"passport", "Reisepass"}, {"residence_permit", "Aufenthaltstitel"}, {"driving_licence", "Führerschein"}}},
	{"es/docs", "pasaporte, DNI y permiso de residencia", []found{{"passport", "pasaporte"}, {"id_card", "DNI"}, {"residence_permit", "permiso de residencia"}}},
	{"es/visto participle", "lo he visto ayer", nil},
	{"es/visto noun", "un visto de trabajo", []found{{"visa", "visto"}}},
	{"es/carnet", "carnet de conducir europeo", []found{{"driving_licence", "carnet de conducir"}}},
	{"it/docs", "passaporto e permesso di soggiorno", []found{{"passport", "passaporto"}, {"residence_permit", "permesso di soggiorno"}}},
	{"it/carta", "carta d'identità valida", []found{{"id_card", "carta d'identità"}}},
	{"it/patente", "patente di guida", []found{{"driving_licence", "patente di guida"}}},
	{"ro/docs", "pașaport, buletin și permis de conducere", []found{{"passport", "pașaport"}, {"id_card", "buletin"}, {"driving_licence", "permis de conducere"}}},
	{"ro/buletin de stiri", "buletin de știri", nil},
	{"tr/docs", "Pasaport, kimlik ve ehliyet", []found{{"passport", "Pasaport"}, {"id_card", "kimlik"}, {"driving_licence", "ehliyet"}}},
	{"tr/oturma", "oturma izni ve çalışma izni", []found{{"residence_permit", "oturma izni"}, {"work_permit", "çalışma izni"}}},
	{"tr/vize exam", "yarın vize sınavı var", nil},
	{"tr/vize", "Schengen vizesi", []found{{"visa", "Schengen vizesi"}}},
	{"tr/ikamet adresi", "ikamet adresi", nil},
	{"ar/docs", "جواز سفر وبطاقة الإقامة", []found{{"passport", "جواز سفر"}, {"residence_permit", "بطاقة الإقامة"}}},
	{"ar/clitic suffix", "أخذوا جوازي", []found{{"passport", "جوازي"}}},
	{"ar/clitic prefix", "بالجواز", []found{{"passport", "الجواز"}}},
	{"ar/li+al", "للجواز", []found{{"passport", "لجواز"}}},
	{"ar/iqama suffix", "إقامتك جاهزة", []found{{"residence_permit", "إقامتك"}}},
	{"ar/hotel stay", "إقامة في فندق خمس نجوم", nil},
	{"ar/visa", "تأشيرة شنغن", []found{{"visa", "تأشيرة شنغن"}}},
	{"ar/licence", "رخصة قيادة دولية", []found{{"driving_licence", "رخصة قيادة"}}},
	{"ar/id", "بطاقة هوية", []found{{"id_card", "بطاقة هوية"}}},
	{"ar/visa card", "بطاقة فيزا", nil},
	{"ar/work permit", "اذن عمل", []found{{"work_permit", "اذن عمل"}}},
	{"fa/docs", "پاسپورت و کارت اقامت و ویزا", []found{{"passport", "پاسپورت"}, {"residence_permit", "کارت اقامت"}, {"visa", "ویزا"}}},
	{"fa/tazkira", "تذکره", []found{{"id_card", "تذکره"}}},
	{"ar/ticket", "تذكرة طيران", nil},
	{"fa/licence", "گواهینامه", []found{{"driving_licence", "گواهینامه"}}},
	{"bg/docs", "паспорт и лична карта", []found{{"passport", "паспорт"}, {"id_card", "лична карта"}}},
	{"bg/licence", "шофьорска книжка", []found{{"driving_licence", "шофьорска книжка"}}},
	{"emoji", "🛂 passport ✅ visa 💯", []found{{"passport", "passport"}, {"visa", "visa"}}},
	{"empty", "", nil},
}

func summary(ents []vigie.Entity) []found {
	var out []found
	for _, e := range ents {
		out = append(out, found{e.Value, e.Text})
	}
	return out
}

func TestFind(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ents := Find(normalize.Fold(c.in))
			if got := summary(ents); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Find(%q) = %v; want %v", c.in, got, c.want)
			}
			checkEntities(t, c.in, ents)
		})
	}
}

// TestEveryID checks that every id has phrases and that the table names no
// id outside IDs.
func TestEveryID(t *testing.T) {
	seen := map[string]int{}
	for _, es := range index {
		for _, e := range es {
			seen[e.id]++
		}
	}
	for _, id := range IDs {
		if seen[id] < 5 {
			t.Errorf("id %s has %d phrases; want >= 5", id, seen[id])
		}
	}
	for id := range seen {
		if !slices.Contains(IDs, id) {
			t.Errorf("documents.txt uses unknown id %q", id)
		}
	}
}

func checkEntities(t *testing.T, in string, ents []vigie.Entity) {
	t.Helper()
	prev := -1
	for _, e := range ents {
		if e.Kind != vigie.KindDocument {
			t.Errorf("Find(%q): kind %q", in, e.Kind)
		}
		if e.Start < 0 || e.End > len(in) || e.Start >= e.End {
			t.Fatalf("Find(%q): span [%d,%d) outside input of %d bytes", in, e.Start, e.End, len(in))
		}
		if in[e.Start:e.End] != e.Text {
			t.Errorf("Find(%q): Text %q != input[%d:%d] %q", in, e.Text, e.Start, e.End, in[e.Start:e.End])
		}
		if !slices.Contains(IDs, e.Value) {
			t.Errorf("Find(%q): value %q is not a document id", in, e.Value)
		}
		if e.Start < prev {
			t.Errorf("Find(%q): entities out of order", in)
		}
		prev = e.Start
	}
}

// TestMemexAds checks the Memex ads, escort, massage and job ads that talk
// about payment cards and licences but almost never about documents.
func TestMemexAds(t *testing.T) {
	rows := memexTexts(t)
	n := 0
	for _, r := range rows {
		ents := Find(normalize.Fold(r))
		checkEntities(t, r, ents)
		n += len(ents)
	}
	t.Logf("memex testing.csv: %d ads, %d document mentions", len(rows), n)
	if n > 5 {
		t.Errorf("found %d document mentions in the Memex ads; want <= 5 (they are card brands and massage licences)", n)
	}
}

func memexTexts(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(sharedtest.File(tb, "memex-ads-classifier/testing.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[1])
	}
	return out
}

func FuzzFind(f *testing.F) {
	for _, c := range cases {
		f.Add(c.in)
	}
	f.Add("\xffvisa\x00 بالجواز للل جوازكم تذکره")
	f.Fuzz(func(t *testing.T, s string) {
		f := normalize.Fold(s)
		ents := Find(f)
		checkEntities(t, s, ents)
		if want := find(f, everyWord); f.Norm != "" && !reflect.DeepEqual(ents, want) {
			t.Errorf("Find(%q) = %v; want %v, as without filter", s, summary(ents), summary(want))
		}
	})
}

func BenchmarkFind(b *testing.B) {
	rows := memexTexts(b)
	folded := make([]*normalize.Text, len(rows))
	size := 0
	for i, r := range rows {
		size += len(r)
		folded[i] = normalize.Fold(r)
		folded[i].Tokens() // tokens are shared by every extractor; not Find's cost
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, t := range folded {
			Find(t)
		}
	}
}
