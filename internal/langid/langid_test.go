package langid

import (
	"encoding/csv"
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// posts are short posts of the kinds vigie reads, written for this test:
// offers, job ads, warnings, chat lines, with emojis, numbers and brand
// names, some mixing two languages (the expected language is the main one).
var posts = []struct {
	name, lang, text string
}{
	{"fr/passage", "fr", "Départ chaque semaine de Zuwara vers l'Italie 🚤 prix 3500€ par personne, taux de réussite 95%"},
	{"fr/job", "fr", "Nous recherchons des jeunes femmes pour travailler comme hôtesses à Bruxelles, logement fourni"},
	{"fr/docs", "fr", "Vente de passeports et titres de séjour, vrais papiers enregistrés, livraison rapide"},
	{"fr/warning", "fr", "Attention les frères, ce passeur est un voleur, il a pris notre argent"},
	{"fr/short", "fr", "Bonjour, c'est combien le passage ?"},
	{"fr/marriage", "fr", "Mariage blanc pour les papiers, je paie la moitié après la carte"},
	{"fr/whatsapp", "fr", "Contactez-moi sur WhatsApp +32 470 00 00 00 pour plus d'infos"},
	{"fr/franglais", "fr", "Salut les gars, le job est cool, on cherche des drivers motivés pour ce week-end"},
	{"en/passage", "en", "Safe trip from Turkey to Greece by speedboat, pay after arrival, call now"},
	{"en/job", "en", "Hiring girls for hostess work abroad, no experience needed, travel paid"},
	{"en/sextortion", "en", "If you don't send the money by tonight I will post your photos to all your friends"},
	{"en/testimony", "en", "They took my passport and I worked for months without being paid"},
	{"en/short", "en", "how much is the trip to italy?"},
	{"en/ad", "en", "New in town 💋 sweet and young, available 24/7, outcall to hotels only"},
	{"nl/job", "nl", "Wij zoeken chauffeurs voor direct, geen ervaring nodig, contant betaald"},
	{"nl/passage", "nl", "Overtocht naar Engeland vanuit Zeebrugge, betaling na aankomst"},
	{"nl/marriage", "nl", "Schijnhuwelijk voor een verblijfsvergunning, de helft nu en de rest later"},
	{"nl/warning", "nl", "Pas op voor deze man, hij heeft mijn paspoort afgepakt en ik moest elke dag werken"},
	{"nl/short", "nl", "Hoeveel kost het om naar Londen te gaan?"},
	{"nl/chat", "nl", "ik ben er morgen niet, bel me maar even op mijn werk"},
	{"de/job", "de", "Wir suchen junge Frauen für die Arbeit in einem Club, Unterkunft wird gestellt"},
	{"de/passage", "de", "Sichere Reise nach Deutschland, Bezahlung nach der Ankunft"},
	{"de/short", "de", "Ich brauche dringend einen Pass und ein Visum"},
	{"de/chat", "de", "Kannst du mir bitte sagen, wann die Fahrt losgeht?"},
	{"es/job", "es", "Buscamos chicas jóvenes para trabajar en España, viaje pagado y alojamiento incluido"},
	{"es/passage", "es", "Salida desde Nador hacia Almería en patera, precio por persona 2000 euros"},
	{"es/short", "es", "¿Cuánto cuesta el viaje a Francia?"},
	{"es/docs", "es", "Vendemos pasaportes y permisos de residencia originales, registrados en la base de datos"},
	{"it/job", "it", "Cerchiamo ragazze per lavoro in Italia, vitto e alloggio compresi, nessuna esperienza"},
	{"it/passage", "it", "Partenza dalla Libia verso Lampedusa ogni settimana, pagamento all'arrivo"},
	{"it/short", "it", "Quanto costa il permesso di soggiorno?"},
	{"pt/job", "pt", "Procuramos trabalhadores para a construção em Portugal, alojamento incluído, sem experiência"},
	{"pt/short", "pt", "Quanto custa a viagem para a Espanha? Obrigado"},
	{"ro/job", "ro", "Căutăm fete pentru muncă în străinătate, cazare și transport asigurate, salariu foarte bun"},
	{"ro/agri", "ro", "Oferim locuri de muncă în Germania la cules de căpșuni, plata pe oră"},
	{"ro/short", "ro", "Cât costă un pașaport nou?"},
	{"ro/nodia", "ro", "Cautam soferi pentru munca in Belgia, salariu bun si cazare gratuita"},
	{"tr/passage", "tr", "İzmir'den Yunanistan'a güvenli geçiş, ödeme varıştan sonra, her hafta"},
	{"tr/job", "tr", "Yurt dışında çalışmak için bayan eleman arıyoruz, deneyim gerekmez"},
	{"tr/short", "tr", "Pasaport ne kadar abi?"},
	{"tr/nodia", "tr", "Istanbul dan Yunanistan a gecis icin bizimle iletisime gecin"},
	{"ar/passage", "ar", "رحلة من زوارة الى ايطاليا كل اسبوع، الدفع عند الوصول 🚤 للتواصل واتساب"},
	{"ar/docs", "ar", "لدينا جوازات سفر وإقامات أوروبية أصلية مسجلة في النظام"},
	{"ar/warning", "ar", "يا اخوان انتبهوا من هذا المهرب، أخذ فلوسنا وهرب"},
	{"ar/short", "ar", "كم سعر الحرقة؟"},
	{"ar/maghreb", "ar", "واش كاين شي حرقة من طنجة هاد السيمانة؟"},
	{"ar/job", "ar", "مطلوب فتيات للعمل في فندق في دبي براتب مغري والسفر مدفوع"},
	{"fa/passage", "fa", "قاچاق از ایران به ترکیه، پرداخت بعد از رسیدن، تماس بگیرید"},
	{"fa/job", "fa", "کار در ترکیه برای جوانان، بدون نیاز به پاسپورت"},
	{"fa/short", "fa", "قیمت رفتن به یونان چند است؟"},
	{"fa/dari", "fa", "برادران عزیز، این قاچاقبر را اعتماد نکنید، پول ما را گرفت"},
	{"ur/job", "ur", "یورپ میں کام کے لیے نوجوانوں کی ضرورت ہے، رابطہ کریں"},
	{"bg/job", "bg", "Търсим момичета за работа в чужбина, добро заплащане и квартира"},
	{"bg/short", "bg", "Колко струва паспорт за Германия?"},
	{"bg/docs", "bg", "Продавам лична карта и шофьорска книжка, истински документи"},
	{"ru/job", "ru", "Ищем девушек для работы за границей, высокая зарплата, проживание бесплатно"},
	{"ru/short", "ru", "Сколько стоит виза в Европу?"},
	{"uk/short", "uk", "Шукаємо жінок для роботи в Польщі, житло безкоштовне"},
	{"ti/passage", "ti", "ካብ ሊብያ ናብ ኢጣልያ ጉዕዞ ኣሎ፣ ክንደይ ዶላር እዩ?"},
	{"ti/warning", "ti", "ኣሕዋት ተጠንቀቑ፣ እዚ ሰብ ገንዘብና ወሲዱ"},
	{"am/short", "am", "ወደ አውሮፓ ለመሄድ ስንት ብር ነው? እባክህ ንገረኝ"},
	{"ar/arabizi", "ar", "salam 3likom khouya, kayn l7rga men Oran had simana?"},
	{"ar/arabizi2", "ar", "wesh kho, chhal l7arga l Espagne?"},
	{"mix/ar+fr", "ar", "السلام عليكم اخواني، عندي passage من ليبيا الى ايطاليا والدفع عند الوصول"},
	{"mix/fr+ar", "fr", "Bonjour, je cherche un passeur sérieux pour l'Italie, merci les frères, الله يحفظكم"},
	{"mix/en+fr", "en", "Looking for a driver this weekend, paid cash, merci"},
	{"mix/nl+fr", "nl", "Wij zoeken een poetsvrouw voor het weekend, bel ons, merci"},
	{"mix/emoji", "en", "🔥🔥 new girls in town 🔥🔥 call me 📞 0470000000 💋"},
	{"mix/ro+en", "ro", "Job in Anglia, salariu 2000 lire pe luna, cazare asigurata, sunati"},
}

func TestDetectPosts(t *testing.T) {
	ok := 0
	for _, p := range posts {
		t.Run(p.name, func(t *testing.T) {
			got, conf := Detect(normalize.Fold(p.text))
			if conf < 0 || conf > 1 {
				t.Errorf("Detect(%q) confidence = %v; want in [0,1]", p.text, conf)
			}
			if got != p.lang {
				t.Logf("Detect(%q) = %s (%.2f); want %s", p.text, got, conf, p.lang)
				return
			}
			ok++
		})
	}
	acc := float64(ok) / float64(len(posts))
	t.Logf("accuracy on %d short posts: %.3f", len(posts), acc)
	if acc < 0.9 {
		t.Errorf("accuracy = %.3f; want >= 0.90", acc)
	}
}

func TestDetectUnd(t *testing.T) {
	for _, in := range []string{"", "   ", "+32 470 12 34 56", "🚤🚤🚤 💶💶", "3500€ 95%", "WhatsApp", "https://wa.me/32470"} {
		got, conf := Detect(normalize.Fold(in))
		if got != Und || conf != 0 {
			t.Errorf("Detect(%q) = %s, %v; want und, 0", in, got, conf)
		}
	}
}

// TestDetectConfidence checks that confidence follows evidence: a clear
// monolingual sentence beats a two-word post and a mixed post.
func TestDetectConfidence(t *testing.T) {
	_, long := Detect(normalize.Fold("Nous recherchons des jeunes femmes pour travailler comme hôtesses à Bruxelles"))
	_, short := Detect(normalize.Fold("le prix"))
	_, mixed := Detect(normalize.Fold("السلام عليكم اخواني عندي passage vers Italie avec le bateau"))
	if !(long > short) || !(long > mixed) {
		t.Errorf("confidence long=%.2f short=%.2f mixed=%.2f; want long above both", long, short, mixed)
	}
}

// TestDetectPersianOrig checks that Persian is told from Arabic by the
// original letters even though Fold unifies them.
func TestDetectPersianOrig(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"کار در آلمان", "fa"},
		{"عمل في المانيا", "ar"},
	} {
		if got, _ := Detect(normalize.Fold(c.in)); got != c.want {
			t.Errorf("Detect(%q) = %s; want %s", c.in, got, c.want)
		}
	}
}

// TestDetectMemex checks the Memex ads, which are nearly all English.
func TestDetectMemex(t *testing.T) {
	rows := memexTexts(t)
	counts := map[string]int{}
	for _, r := range rows {
		l, _ := Detect(normalize.Fold(r))
		counts[l]++
	}
	share := float64(counts["en"]) / float64(len(rows))
	t.Logf("memex testing.csv: %d ads, languages %v, English share %.3f", len(rows), counts, share)
	if share < 0.9 {
		t.Errorf("English share = %.3f; want >= 0.90", share)
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

func FuzzDetect(f *testing.F) {
	for _, p := range posts {
		f.Add(p.text)
	}
	f.Add("\xff\xfe\x00 ሀ ی ы ș")
	f.Fuzz(func(t *testing.T, s string) {
		f := normalize.Fold(s)
		l, c := Detect(f)
		if wl, wc := detectRef(f); l != wl || math.Float64bits(c) != math.Float64bits(wc) {
			t.Errorf("Detect(%q) = %s %v; detectRef = %s %v", s, l, c, wl, wc)
		}
		if c < 0 || c > 1 || c != c {
			t.Errorf("Detect(%q) confidence = %v", s, c)
		}
		if l == "" || l == Und && c != 0 || !utf8.ValidString(l) || strings.ToLower(l) != l {
			t.Errorf("Detect(%q) = %q, %v", s, l, c)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	rows := memexTexts(b)
	folded := make([]*normalize.Text, len(rows))
	size := 0
	for i, r := range rows {
		size += len(r)
		folded[i] = normalize.Fold(r)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, t := range folded {
			Detect(t)
		}
	}
}
