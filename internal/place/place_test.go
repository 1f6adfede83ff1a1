package place

import (
	"encoding/csv"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// found is the part of an entity a table states: the ISO code and the
// original text.
type found struct{ code, text string }

var cases = []struct {
	name string
	in   string
	want []found
}{
	{"fr/route", "Départ de Zuwara vers Lampedusa, passage Italie 3500€", []found{{"LY", "Zuwara"}, {"IT", "Lampedusa"}, {"IT", "Italie"}}},
	{"fr/mons after à", "je vais à Mons demain", []found{{"BE", "Mons"}}},
	{"fr/mons lower", "il y a des mons et merveilles", nil},
	{"fr/pays-bas", "travail aux Pays-Bas et en Belgique", []found{{"NL", "Pays-Bas"}, {"BE", "Belgique"}}},
	{"fr/grande-synthe", "camp de Grande-Synthe près de Dunkerque", []found{{"FR", "Grande-Synthe"}, {"FR", "Dunkerque"}}},
	{"fr/cote d'ivoire", "je viens de Côte d’Ivoire", []found{{"CI", "Côte d’Ivoire"}}},
	{"nl/belgie", "Werk in België en Nederland", []found{{"BE", "België"}, {"NL", "Nederland"}}},
	{"nl/hoek", "boot vanuit Hoek van Holland of Zeebrugge", []found{{"NL", "Hoek van Holland"}, {"BE", "Zeebrugge"}}},
	{"de/belgien", "Arbeit in Belgien und Deutschland", []found{{"BE", "Belgien"}, {"DE", "Deutschland"}}},
	{"en/route", "Safe trip from Izmir to Lesbos, also Bodrum to Kos", []found{{"TR", "Izmir"}, {"GR", "Lesbos"}, {"TR", "Bodrum"}, {"GR", "Kos"}}},
	{"en/hook", "ferry from Hook of Holland to Harwich", []found{{"NL", "Hook of Holland"}, {"GB", "Harwich"}}},
	{"en/uk usa", "jobs in the UK and USA", []found{{"GB", "UK"}, {"US", "USA"}}},
	{"en/uk lower", "uk is short for ukulele here", nil},
	{"en/new york city", "flights to New York City", []found{{"US", "New York City"}}},
	{"en/nice day", "nice day today", nil},
	{"en/Nice day", "Nice day today", nil},
	{"en/in Nice", "Working in Nice this summer", []found{{"FR", "Nice"}}},
	{"en/nice title", "Very Nice Girl Available", nil},
	{"en/latin america", "Travel to Latin America and North America", nil},
	{"en/new mexico", "jobs in New Mexico", []found{{"US", "New Mexico"}}},
	{"en/mobile phone", "mobile phone for sale", nil},
	{"en/split the bill", "we split the bill", nil},
	{"en/Split croatia", "bus from Zagreb to Split", []found{{"HR", "Zagreb"}, {"HR", "Split"}}},
	{"en/reading bath", "Reading a book in the bath", nil},
	{"en/van", "white van for moving", nil},
	{"en/turkey food", "turkey sandwich and china plates", nil},
	{"en/Turkey", "crossing from Turkey by boat", []found{{"TR", "Turkey"}}},
	{"en/sofia name", "My name is Sofia, 22", nil},
	{"en/in sofia", "Office in Sofia and Varna", []found{{"BG", "Sofia"}, {"BG", "Varna"}}},
	{"en/jordan name", "Call Jordan now", nil},
	{"en/velika kladusa", "Velika Kladuša and Bihać camps", []found{{"BA", "Velika Kladuša"}, {"BA", "Bihać"}}},
	{"en/gb not gigabytes", "phone 64 GB memory", nil},
	{"es/route", "Salida desde Nador hacia Almería", []found{{"MA", "Nador"}, {"ES", "Almería"}}},
	{"es/como", "como estas amigo", nil},
	{"it/ventimiglia", "siamo bloccati a Ventimiglia", []found{{"IT", "Ventimiglia"}}},
	{"tr/turkiye", "Türkiye'den Yunanistan'a geçiş", []found{{"TR", "Türkiye"}, {"GR", "Yunanistan"}}},
	{"tr/cesme ayvalik", "Çeşme ve Ayvalık çıkışlı", []found{{"TR", "Çeşme"}, {"TR", "Ayvalık"}}},
	{"tr/no apostrophe", "Izmirden Yunanistana gecis, Libyada bekliyoruz", []found{{"TR", "Izmirden"}, {"GR", "Yunanistana"}, {"LY", "Libyada"}}},
	{"tr/milana name", "Milana and Samia", nil},
	{"ro/genitive", "muncă în afara Italiei și a Spaniei", []found{{"IT", "Italiei"}, {"ES", "Spaniei"}}},
	{"ro/romania", "muncă în Germania pentru oameni din România", []found{{"DE", "Germania"}, {"RO", "România"}}},
	{"bg/bulgaria", "работа в Германия, тръгване от София", []found{{"DE", "Германия"}, {"BG", "София"}}},
	{"ar/route", "رحلة من زوارة الى ايطاليا", []found{{"LY", "زوارة"}, {"IT", "ايطاليا"}}},
	{"ar/clitic wa", "من طرابلس وصبراتة", []found{{"LY", "طرابلس"}, {"LY", "صبراتة"}}},
	{"ar/clitic bal", "عمل بالمغرب وليبيا", []found{{"MA", "المغرب"}, {"LY", "ليبيا"}}},
	{"ar/li+al", "السفر للمغرب", []found{{"MA", "لمغرب"}}},
	{"ar/izmir hamza", "إزمير و ازمير و بودروم", []found{{"TR", "إزمير"}, {"TR", "ازمير"}, {"TR", "بودروم"}}},
	{"ar/benghazi", "الانطلاق من بنغازي", []found{{"LY", "بنغازي"}}},
	{"ar/jadda", "زيارة جدتي", nil},
	{"fa/iran afghanistan", "از ایران به افغانستان", []found{{"IR", "ایران"}, {"AF", "افغانستان"}}},
	{"fa/kabul", "کابل", []found{{"AF", "کابل"}}},
	{"ar/cable", "كابل كهرباء", nil},
	{"emoji", "🚤 Zuwara ➡️ Lampedusa 🇮🇹", []found{{"LY", "Zuwara"}, {"IT", "Lampedusa"}}},
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

// checkEntities checks the entity contract: kind, spans inside the input,
// Text == input[Start:End], ISO-shaped values, order of Start.
func checkEntities(t *testing.T, in string, ents []vigie.Entity) {
	t.Helper()
	prev := -1
	for _, e := range ents {
		if e.Kind != vigie.KindLocation {
			t.Errorf("Find(%q): kind %q", in, e.Kind)
		}
		if e.Start < 0 || e.End > len(in) || e.Start >= e.End {
			t.Fatalf("Find(%q): span [%d,%d) outside input of %d bytes", in, e.Start, e.End, len(in))
		}
		if in[e.Start:e.End] != e.Text {
			t.Errorf("Find(%q): Text %q != input[%d:%d] %q", in, e.Text, e.Start, e.End, in[e.Start:e.End])
		}
		if len(e.Value) != 2 || strings.ToUpper(e.Value) != e.Value {
			t.Errorf("Find(%q): value %q is not an alpha-2 code", in, e.Value)
		}
		if e.Start < prev {
			t.Errorf("Find(%q): entities out of order", in)
		}
		prev = e.Start
	}
}

func TestRegions(t *testing.T) {
	ents := Find(normalize.Fold("Zuwara, Tripoli, Lampedusa, Sicily, Sabratha, Italy, Malta"))
	got := Regions(ents)
	want := []string{"LY", "IT", "MT"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Regions(%v) = %v; want %v", summary(ents), got, want)
	}
	if got := Regions(nil); len(got) != 0 {
		t.Errorf("Regions(nil) = %v; want empty", got)
	}
	// Ties keep the order of first mention.
	got = Regions(Find(normalize.Fold("Calais then Dover")))
	if want := []string{"FR", "GB"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Regions(Calais, Dover) = %v; want %v", got, want)
	}
}

// TestGazetteer checks that every country has a name and that the required
// departure and transit points are known, in each script asked for.
func TestGazetteer(t *testing.T) {
	codes := map[string]bool{}
	for _, es := range index {
		for _, e := range es {
			codes[e.code] = true
		}
	}
	if len(codes) < 240 {
		t.Errorf("gazetteer covers %d codes; want >= 240", len(codes))
	}
	for _, c := range []struct{ name, code string }{
		{"Zuwara", "LY"}, {"Sabratha", "LY"}, {"Tripoli", "LY"}, {"Misrata", "LY"}, {"Benghazi", "LY"},
		{"Tobruk", "LY"}, {"Garabulli", "LY"}, {"Zawiya", "LY"}, {"Zarzis", "TN"}, {"Sfax", "TN"},
		{"Mahdia", "TN"}, {"Kelibia", "TN"}, {"Annaba", "DZ"}, {"in Oran", "DZ"}, {"Mostaganem", "DZ"},
		{"Nador", "MA"}, {"Tangier", "MA"}, {"Tanger", "MA"}, {"Oujda", "MA"}, {"Ceuta", "ES"},
		{"Melilla", "ES"}, {"Laayoune", "MA"}, {"Dakhla", "MA"}, {"Agadez", "NE"}, {"Izmir", "TR"},
		{"Bodrum", "TR"}, {"Ayvalik", "TR"}, {"Cesme", "TR"}, {"Mersin", "TR"}, {"Edirne", "TR"},
		{"Istanbul", "TR"}, {"Lesbos", "GR"}, {"Lesvos", "GR"}, {"Chios", "GR"}, {"Samos", "GR"},
		{"to Kos", "GR"}, {"Evros", "GR"}, {"Lampedusa", "IT"}, {"Crotone", "IT"}, {"Calais", "FR"},
		{"Dunkirk", "FR"}, {"Dunkerque", "FR"}, {"Grande Synthe", "FR"}, {"Ostend", "BE"},
		{"Oostende", "BE"}, {"Zeebrugge", "BE"}, {"Hook of Holland", "NL"}, {"Cherbourg", "FR"},
		{"Ouistreham", "FR"}, {"Ventimiglia", "IT"}, {"Belgrade", "RS"}, {"Subotica", "RS"},
		{"Bihac", "BA"}, {"Velika Kladusa", "BA"}, {"Minsk", "BY"}, {"in Rabat", "MA"},
		{"Alexandria", "EG"}, {"Damietta", "EG"}, {"Kafr el-Sheikh", "EG"},
		{"زوارة", "LY"}, {"صبراتة", "LY"}, {"طرابلس", "LY"}, {"بنغازي", "LY"}, {"إزمير", "TR"},
		{"ازمير", "TR"}, {"بودروم", "TR"}, {"المغرب", "MA"}, {"ليبيا", "LY"}, {"ایران", "IR"},
		{"افغانستان", "AF"}, {"Türkiye", "TR"}, {"les Pays-Bas", "NL"}, {"België", "BE"},
		{"Belgien", "BE"}, {"Belgique", "BE"}, {"UK", "GB"}, {"USA", "US"},
	} {
		ents := Find(normalize.Fold(c.name))
		if len(ents) == 0 || ents[len(ents)-1].Value != c.code {
			t.Errorf("Find(%q) = %v; want %s", c.name, summary(ents), c.code)
		}
	}
}

// TestMemexAds runs the US-centred Memex ads: most locations must be North
// American, and the guarded names must not fire on ordinary English.
func TestMemexAds(t *testing.T) {
	rows := memexTexts(t)
	n, byCode := 0, map[string]int{}
	for _, r := range rows {
		ents := Find(normalize.Fold(r))
		checkEntities(t, r, ents)
		for _, e := range ents {
			n++
			byCode[e.Value]++
		}
	}
	t.Logf("memex testing.csv: %d ads, %d locations, %d codes", len(rows), n, len(byCode))
	if n < 500 {
		t.Errorf("found %d locations in the Memex ads; want >= 500", n)
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
	f.Add("\xffZuwara\x00 بالمغرب للل و")
	f.Fuzz(func(t *testing.T, s string) {
		f := normalize.Fold(s)
		ents := Find(f)
		checkEntities(t, s, ents)
		for _, e := range ents {
			if !utf8.ValidString(e.Value) {
				t.Errorf("Find(%q): invalid value %q", s, e.Value)
			}
		}
		if want := find(f, everyWord); f.Norm != "" && !reflect.DeepEqual(ents, want) {
			t.Errorf("Find(%q) = %v; want %v, as without filters", s, summary(ents), summary(want))
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
