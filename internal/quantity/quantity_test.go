package quantity

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// show renders entities as "kind value «text»" for compact comparisons.
func show(es []vigie.Entity) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = fmt.Sprintf("%s %s «%s»", e.Kind, e.Value, e.Text)
	}
	return strings.Join(parts, " | ")
}

type findCase struct {
	name, in string
	want     string // show() of the expected entities; "" for none
}

func runCases(t *testing.T, cases []findCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Find(normalize.Digits(c.in))
			checkSpans(t, c.in, got)
			if g := show(got); g != c.want {
				t.Errorf("Find(%q) = %s; want %s", c.in, g, c.want)
			}
		})
	}
}

// checkSpans checks the entity contract: spans inside the input, Text the
// original bytes, entities in order and apart, values well-formed.
func checkSpans(t *testing.T, in string, es []vigie.Entity) {
	t.Helper()
	prev := 0
	for _, e := range es {
		if e.Start < prev || e.End < e.Start || e.End > len(in) {
			t.Fatalf("Find(%q): entity %+v out of order or out of range (previous end %d)", in, e, prev)
		}
		if in[e.Start:e.End] != e.Text {
			t.Fatalf("Find(%q): entity %+v Text is not input[%d:%d] = %q", in, e, e.Start, e.End, in[e.Start:e.End])
		}
		if !validValue(e) {
			t.Fatalf("Find(%q): entity %+v has a malformed value", in, e)
		}
		prev = e.End
	}
}

// validValue reports whether e.Value has the format of its kind: "3500
// EUR" or "12.50 EUR", "95%" or "99.5%", "19".
func validValue(e vigie.Entity) bool {
	v := e.Value
	switch e.Kind {
	case vigie.KindPrice:
		num, code, ok := strings.Cut(v, " ")
		if !ok || len(code) != 3 || strings.ToUpper(code) != code || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return false
		}
		whole, frac, dot := strings.Cut(num, ".")
		if !digitsOnly(whole) || whole[0] == '0' && len(whole) > 1 {
			return false
		}
		return !dot || len(frac) == 2 && digitsOnly(frac) && frac != "00"
	case vigie.KindPercentage:
		num, ok := strings.CutSuffix(v, "%")
		if !ok {
			return false
		}
		whole, frac, dot := strings.Cut(num, ".")
		return digitsOnly(whole) && (!dot || digitsOnly(frac))
	case vigie.KindAge:
		return len(v) == 2 && digitsOnly(v) && v >= "14" && v <= "99"
	}
	return false
}

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var priceCases = []findCase{
	// French.
	{"fr euro sign after", "Passage 3500 € par personne", "price 3500 EUR «3500 €»"},
	{"fr euros word", "le voyage coûte 3.500 euros", "price 3500 EUR «3.500 euros»"},
	{"fr glued e", "tarif 3500e tout compris", "price 3500 EUR «3500e»"},
	{"fr decimal comma", "12,50 € le repas", "price 12.50 EUR «12,50 €»"},
	{"fr space thousands", "15 000 € pour la famille", "price 15000 EUR «15 000 €»"},
	{"fr narrow nbsp thousands", "15\u202f000\u00a0€", "price 15000 EUR «15\u202f000\u00a0€»"},
	{"fr dash cents", "€2.500,- tout compris", "price 2500 EUR «€2.500,-»"},
	{"fr mille", "5 mille euros", "price 5000 EUR «5 mille euros»"},
	{"fr decimal mille", "1,5 mille euros par personne", "price 1500 EUR «1,5 mille euros»"},
	{"en decimal thousand", "2.5 thousand dollars", "price 2500 USD «2.5 thousand dollars»"},
	{"fr millions d'euros", "5 millions d'euros", "price 5000000 EUR «5 millions d'euros»"},
	{"fr dollars canadiens", "5000 dollars canadiens", "price 5000 CAD «5000 dollars canadiens»"},
	{"fr francs suisses", "200 francs suisses", "price 200 CHF «200 francs suisses»"},
	{"fr grouped dots", "1.234.567 €", "price 1234567 EUR «1.234.567 €»"},
	{"fr cents", "0,50 €", "price 0.50 EUR «0,50 €»"},
	{"fr one decimal", "12.5 €", "price 12.50 EUR «12.5 €»"},
	{"fr entre et", "entre 3000 et 5000 euros", "price 3000 EUR «3000» | price 5000 EUR «5000 euros»"},
	{"fr a range", "3000 à 5000 €", "price 3000 EUR «3000» | price 5000 EUR «5000 €»"},
	{"fr livres sterling", "2000 livres sterling", "price 2000 GBP «2000 livres sterling»"},
	{"fr dinar algerien", "300000 dinars algériens", "price 300000 DZD «300000 dinars algériens»"},
	{"fr ordinal not euro", "au 20e arrondissement", ""},
	{"fr small ordinal", "2e étage, 3e porte", ""},
	{"fr franc alone", "il a 20 francs", ""},
	// English.
	{"en dollar sign", "Donations $150/30m $200 full hour", "price 150 USD «$150» | price 200 USD «$200»"},
	{"en dollar after", "350$H - 200$ HH", "price 350 USD «350$» | price 200 USD «200$»"},
	{"en us dollar", "(US$ 178)", "price 178 USD «US$ 178»"},
	{"en cad", "C$300 per night", "price 300 CAD «C$300»"},
	{"en roses", "Qv/100roses h.h/150 roses", "price 100 USD «100roses» | price 150 USD «150 roses»"},
	{"en dozen roses", "sent her 12 roses", ""},
	{"en k", "$5k per person", "price 5000 USD «$5k»"},
	{"en k decimal", "1.5k€", "price 1500 EUR «1.5k€»"},
	{"en us grouped decimals", "1,234,567.89 $", "price 1234567.89 USD «1,234,567.89 $»"},
	{"en million words", "$5 million", "price 5000000 USD «$5 million»"},
	{"en million no currency", "5 million people", ""},
	{"en to range", "from 2000 to 3000 dollars", "price 2000 USD «2000» | price 3000 USD «3000 dollars»"},
	{"en K after", "5K$ each", "price 5000 USD «5K$»"},
	{"en million", "raised $6.35M in funding", "price 6350000 USD «$6.35M»"},
	{"en grouped", "$1,500+ USD monthly", "price 1500 USD «$1,500»"},
	{"en sign and code", "Asia$1500 USD monthly", "price 1500 USD «$1500 USD»"},
	{"en cents", "$9.47/hour", "price 9.47 USD «$9.47»"},
	{"en range prefix", "$401-600 for 120 minutes", "price 401 USD «$401» | price 600 USD «600»"},
	{"en range suffix", "50-80€ per hour", "price 50 EUR «50» | price 80 EUR «80€»"},
	{"en pounds money", "I earn 500 pounds a week", "price 500 GBP «500 pounds»"},
	{"en pounds weight", "Stats: 5'3, 150 Pounds, brown eyes", ""},
	{"en pounds lift", "able to lift up to 40 pounds", ""},
	{"en pound sign", "£8.00 per hour", "price 8 GBP «£8.00»"},
	{"en sterling k", "£35k plus benefits", "price 35000 GBP «£35k»"},
	{"en bucks", "only 80 bucks", "price 80 USD «80 bucks»"},
	{"en rupees", "Rs. 5000 per month", "price 5000 INR «Rs. 5000»"},
	{"en naira", "pay N50,000 for the visa", "price 50000 NGN «N50,000»"},
	{"en naira word", "500000 naira", "price 500000 NGN «500000 naira»"},
	{"en chf", "CHF 1'500 monthly", "price 1500 CHF «CHF 1'500»"},
	// Dutch, German, Italian, Spanish, Romanian.
	{"nl euro", "Kost 250 euro per nacht", "price 250 EUR «250 euro»"},
	{"nl eur code", "EUR 1.250,50", "price 1250.50 EUR «EUR 1.250,50»"},
	{"nl bedrag", "bedrag 1.000,00 euro", "price 1000 EUR «1.000,00 euro»"},
	{"nl dash after", "50,- €", "price 50 EUR «50,- €»"},
	{"de euro", "3.000 Euro bar", "price 3000 EUR «3.000 Euro»"},
	{"it euro", "5000 euro a persona", "price 5000 EUR «5000 euro»"},
	{"es dolares", "2000 dólares por persona", "price 2000 USD «2000 dólares»"},
	{"es mil", "5 mil euros", "price 5000 EUR «5 mil euros»"},
	{"es millones de", "3 millones de dólares", "price 3000000 USD «3 millones de dólares»"},
	{"ro lei", "salariu 3500 lei pe luna", "price 3500 RON «3500 lei»"},
	{"ro ron code", "4000 RON net", "price 4000 RON «4000 RON»"},
	{"ro lire", "1500 lire pe saptamana in Anglia", "price 1500 GBP «1500 lire»"},
	{"ro euro", "1200 euro pe luna", "price 1200 EUR «1200 euro»"},
	// Turkish.
	{"tr lira sign", "₺5000 kişi başı", "price 5000 TRY «₺5000»"},
	{"tr TL", "3000 TL", "price 3000 TRY «3000 TL»"},
	{"tr bin", "5 bin TL", "price 5000 TRY «5 bin TL»"},
	{"tr lowercase try is a word", "try 3 try", ""},
	{"tr euro", "Yunanistan 2500 euro", "price 2500 EUR «2500 euro»"},
	{"ar her age", "عمرها ١٧ سنة", "age 17 «عمرها ١٧ سنة»"},
	{"ar experience with article", "20 عاما من الخبرة", ""},
	{"fa salameh", "من ۱۷ سالمه", "age 17 «۱۷ سالمه»"},
	{"tr yasim", "Yaşım 17", "age 17 «Yaşım 17»"},
	{"tr yasindayim", "16 yaşındayım", "age 16 «16 yaşındayım»"},
	{"nl ik ben", "ik ben 17 jaar", "age 17 «ik ben 17 jaar»"},
	{"nl leeftijd", "Leeftijd: 17", "age 17 «Leeftijd: 17»"},
	{"de ich bin", "ich bin 17", "age 17 «ich bin 17»"},
	{"de alter", "Alter: 17", "age 17 «Alter: 17»"},
	{"de erfahrung", "19 Jahre Erfahrung", ""},
	{"es edad", "Edad: 17", "age 17 «Edad: 17»"},
	{"it eta", "Età: 17", "age 17 «Età: 17»"},
	{"ro varsta", "Vârsta: 17", "age 17 «Vârsta: 17»"},
	{"ro de ani", "fată de 20 de ani", "age 20 «20 de ani»"},
	{"ro de ani experienta", "20 de ani de experiență", ""},
	{"en age dash", "AGE-17", "age 17 «AGE-17»"},
	// Bulgarian.
	{"bg experience", "20 години опит", ""},
	{"bg leva", "800 лв. на месец", "price 800 BGN «800 лв»"},
	{"bg leva word", "1200 лева", "price 1200 BGN «1200 лева»"},
	{"bg evro", "2000 евро", "price 2000 EUR «2000 евро»"},
	{"bg thousands", "5 хиляди лева", "price 5000 BGN «5 хиляди лева»"},
	// Arabic.
	{"ar dollar", "السعر 3000 دولار للشخص", "price 3000 USD «3000 دولار»"},
	{"ar indic digits", "السعر ٣٠٠٠ دولار", "price 3000 USD «٣٠٠٠ دولار»"},
	{"ar euro", "٤٥٠٠ يورو", "price 4500 EUR «٤٥٠٠ يورو»"},
	{"ar dinar libya cue", "من زوارة الى ايطاليا 5000 دينار", "price 5000 LYD «5000 دينار»"},
	{"ar dinar tunisian", "3000 دينار تونسي", "price 3000 TND «3000 دينار تونسي»"},
	{"ar dirham", "2000 درهم", "price 2000 MAD «2000 درهم»"},
	{"ar dirham dubai", "عمل في دبي 3000 درهم", "price 3000 AED «3000 درهم»"},
	{"ar egyptian pound", "5000 جنيه", "price 5000 EGP «5000 جنيه»"},
	{"ar pound sterling", "500 جنيه استرليني", "price 500 GBP «500 جنيه استرليني»"},
	{"ar lira turkish", "2000 ليرة تركية", "price 2000 TRY «2000 ليرة تركية»"},
	{"ar lira default", "50000 ليرة", "price 50000 SYP «50000 ليرة»"},
	{"ar riyal saudi", "1500 ريال", "price 1500 SAR «1500 ريال»"},
	{"ar thousand", "5 الاف دولار", "price 5000 USD «5 الاف دولار»"},
	{"ar dotted dzd", "150000 د.ج", "price 150000 DZD «150000 د.ج»"},
	{"ar glued clitic", "ب500 دولار", "price 500 USD «500 دولار»"},
	// Persian / Dari.
	{"fa toman", "۵۰۰ هزار تومان", "price 5000000 IRR «۵۰۰ هزار تومان»"},
	{"fa rial persian", "قیمت ۱۰۰۰۰۰ ریال", "price 100000 IRR «۱۰۰۰۰۰ ریال»"},
	{"fa rial sign", "500﷼", "price 500 IRR «500﷼»"},
	{"fa afghani", "۲۰۰۰۰ افغانی", "price 20000 AFN «۲۰۰۰۰ افغانی»"},
	{"fa afghani sign", "5000؋", "price 5000 AFN «5000؋»"},
	{"fa dollar", "۳۰۰۰ دلار", "price 3000 USD «۳۰۰۰ دلار»"},
	{"fa million toman", "۵ میلیون تومان", "price 50000000 IRR «۵ میلیون تومان»"},
	// Other signs and codes.
	{"yen", "¥3000", "price 3000 JPY «¥3000»"},
	{"rupee sign", "₹500", "price 500 INR «₹500»"},
	{"zloty", "2000 zł", "price 2000 PLN «2000 zł»"},
	{"kr", "500 kr", "price 500 SEK «500 kr»"},
	{"xof", "150000 FCFA", "price 150000 XOF «150000 FCFA»"},
	{"mad upper", "2000 MAD", "price 2000 MAD «2000 MAD»"},
	{"mad lower is a word", "he got 2000 mad fans", ""},
	{"nakfa", "5000 nakfa", "price 5000 ERN «5000 nakfa»"},
	// Hard negatives.
	{"phone with dollar", "call 555-123-4567 $", ""},
	{"phone then price", "call 555-123-4567 for $200", "price 200 USD «$200»"},
	{"date", "le 12.05.2016 €", ""},
	{"time", "10:30 €", ""},
	{"long digits", "$5551234567", ""},
	{"postcode", "1000 Bruxelles", ""},
	{"version", "v1.2.3 €", ""},
	{"sign belongs to next", "room 100 $200", "price 200 USD «$200»"},
	{"dollar as letter s", "75 $PeCiaL! call me", ""},
	{"plain numbers", "30min 40, 60min 60", ""},
	{"eu is not euro", "300 EU citizens", ""},
	{"feet are not forint", "6 ft tall", ""},
	{"scientific", "1e10 atoms", ""},
	{"vulgar fractions", "¼€ ½€ and € 1/2", ""},
	{"hash in url", "#URL_25e85371e7108e279a4b25", ""},
	{"php version", "knowledge of PHP 5 and MySQL 5", ""},
	{"kansas city", "Post ID: 21073446 kc", ""},
}

func TestFindPrices(t *testing.T) { runCases(t, priceCases) }

var percentCases = []findCase{
	{"fr sign", "taux de réussite 95%", "percentage 95% «95%»"},
	{"fr spaced", "réussite 95 %", "percentage 95% «95 %»"},
	{"fr words", "95 pour cent de réussite", "percentage 95% «95 pour cent»"},
	{"fr decimal", "99,5 % garanti", "percentage 99.5% «99,5 %»"},
	{"nl procent", "95 procent slagingskans", "percentage 95% «95 procent»"},
	{"en percent", "95 percent success", "percentage 95% «95 percent»"},
	{"en per cent", "95 per cent", "percentage 95% «95 per cent»"},
	{"en decimal", "16.6% growth", "percentage 16.6% «16.6%»"},
	{"en leading dot", "get .5% back", "percentage 0.5% «.5%»"},
	{"en range", "10-15% off", "percentage 10% «10» | percentage 15% «15%»"},
	{"tr prefix", "başarı oranı %95", "percentage 95% «%95»"},
	{"tr yuzde", "yüzde 100 garantili", "percentage 100% «yüzde 100»"},
	{"en prefix as in ads", "Dime Piece %100 Real Pics", "percentage 100% «%100»"},
	{"ar sign", "نسبة النجاح ٩٥٪", "percentage 95% «٩٥٪»"},
	{"ar sign before", "نسبة النجاح ٪٩٥", "percentage 95% «٪٩٥»"},
	{"ar words", "95 بالمئة", "percentage 95% «95 بالمئة»"},
	{"fa darsad", "۱۰۰ درصد تضمینی", "percentage 100% «۱۰۰ درصد»"},
	{"de prozent", "100 Prozent sicher", "percentage 100% «100 Prozent»"},
	{"es por ciento", "90 por ciento", "percentage 90% «90 por ciento»"},
	{"ro la suta", "100 la sută garantat", "percentage 100% «100 la sută»"},
	{"bg procent", "95 процента", "percentage 95% «95 процента»"},
	{"it per cento", "100 per cento", "percentage 100% «100 per cento»"},
	{"fr pour 100", "95 pour 100 de réussite", "percentage 95% «95 pour 100»"},
	{"per 1000 is not percent", "3 per 1000 births", ""},
	{"full width", "１００％", "percentage 100% «１００％»"},
	{"hundred percent real", "100% real 100 % independent", "percentage 100% «100%» | percentage 100% «100 %»"},
	// Hard negatives.
	{"24/7", "open 24/7", ""},
	{"url encoding", "see http://x.org/a%20b and ?q=%41", ""},
	{"url encoding after", "file%20name", ""},
	{"two numbers one sign", "100%95", ""},
}

func TestFindPercentages(t *testing.T) { runCases(t, percentCases) }

var ageCases = []findCase{
	// French.
	{"fr ans", "Jeune fille 19 ans, nouvelle en ville", "age 19 «19 ans»"},
	{"fr j'ai", "j'ai 19 ans", "age 19 «j'ai 19 ans»"},
	{"fr age cue", "âge: 22", "age 22 «âge: 22»"},
	{"fr minor", "elle a 16 ans", "age 16 «16 ans»"},
	{"fr since", "depuis 19 ans", ""},
	{"fr experience", "19 ans d'expérience", ""},
	{"fr experience curly", "19 ans d’expérience dans le bâtiment", ""},
	{"fr ago", "il y a 20 ans", ""},
	{"fr requirement", "avoir 18 ans et plus", ""},
	{"fr over", "plus de 18 ans", ""},
	{"fr range", "filles de 18-25 ans", "age 18 «18» | age 25 «25 ans»"},
	{"fr too young to count", "3 ans", ""},
	// English.
	{"en years old", "Hi I'm Anna, 22 years old", "age 22 «22 years old»"},
	{"en yrs", "Kennedy - 30 Yrs., United States", "age 30 «30 Yrs»"},
	{"en yo", "22yo 5'10 150lbs", "age 22 «22yo»"},
	{"en y.o.", "sweet 19 y.o. girl", "age 19 «19 y.o.»"},
	{"en y/o", "19 y/o", "age 19 «19 y/o»"},
	{"en age colon", "Age: 24 Height: 165cm", "age 24 «Age: 24»"},
	{"en age and unit", "Age:   25 Yrs.", "age 25 «Age:   25 Yrs»"},
	{"en aged", "aged 17", "age 17 «aged 17»"},
	{"en hyphenated", "a 19-year-old student", "age 19 «19-year-old»"},
	{"en i'm", "i'm 19 and new here", "age 19 «i'm 19»"},
	{"en i am", "I am 21.", "age 21 «I am 21»"},
	{"en i'm height", "I'm 5'4 and slim", ""},
	{"en i'm percent", "I'm 100% real", "percentage 100% «100%»"},
	{"en i'm cup", "I'm 34 C natural", ""},
	{"en experience", "19 years of experience", ""},
	{"en yrs experience", "20 yrs experience in construction", ""},
	{"en open", "open 24 years", ""},
	{"en at least", "must be at least 21 years old", ""},
	{"en or older", "I am 18 years of age or older.", ""},
	{"en disclaimer", "If you are under the age of 18", ""},
	{"en plus", "age 18+ only", ""},
	{"en range", "You must be 16-18 years old", "age 16 «16» | age 18 «18 years old»"},
	{"en average", "average 25", ""},
	// Dutch, German, Spanish, Romanian, Italian.
	{"nl jaar", "Meisje 19 jaar", "age 19 «19 jaar»"},
	{"nl jaar oud", "19 jaar oud", "age 19 «19 jaar oud»"},
	{"nl al jaar", "al 20 jaar actief", ""},
	{"nl ervaring", "20 jaar ervaring", ""},
	{"nl jarige", "een 17-jarige", "age 17 «17-jarige»"},
	{"de jahre", "Lena, 19 Jahre", "age 19 «19 Jahre»"},
	{"de jahrige", "eine 19-jährige", "age 19 «19-jährige»"},
	{"de seit", "seit 20 Jahren", ""},
	{"es anos", "tengo 19 años", "age 19 «tengo 19 años»"},
	{"es hace", "hace 20 años", ""},
	{"ro ani", "fată de 19 ani", "age 19 «19 ani»"},
	{"ro experienta", "15 ani experiență", ""},
	{"it anni", "ragazza 19 anni", "age 19 «19 anni»"},
	{"it enne", "ragazza 19enne", "age 19 «19enne»"},
	{"it fa", "20 anni fa", ""},
	// Turkish.
	{"tr yasinda", "19 yaşında kız", "age 19 «19 yaşında»"},
	{"tr yas cue", "Yaş: 22", "age 22 «Yaş: 22»"},
	// Arabic.
	{"ar umri", "عمري 19", "age 19 «عمري 19»"},
	{"ar sana", "فتاة 19 سنة", "age 19 «19 سنة»"},
	{"ar indic", "عمري ١٩ سنة", "age 19 «عمري ١٩ سنة»"},
	{"ar aman", "19 عاما", "age 19 «19 عاما»"},
	{"ar since", "منذ 20 سنة", ""},
	{"ar experience", "20 سنة خبرة", ""},
	// Persian.
	{"fa saleh", "دختر ۱۹ ساله", "age 19 «۱۹ ساله»"},
	{"fa sen", "سن ۲۲", "age 22 «سن ۲۲»"},
	// Bulgarian.
	{"bg godini", "на 19 години", "age 19 «19 години»"},
	{"bg ot", "от 20 години", ""},
	{"bg godishna", "19-годишна", "age 19 «19-годишна»"},
	// Range and form.
	{"too old", "age 120", ""},
	{"not an age number", "age 19.5", ""},
}

func TestFindAges(t *testing.T) { runCases(t, ageCases) }

var mixedCases = []findCase{
	{"smuggling fr", "Départ de Zuwara, 3500 € par personne, enfants 1750 €, réussite 95%",
		"price 3500 EUR «3500 €» | price 1750 EUR «1750 €» | percentage 95% «95%»"},
	{"escort en", "NEW 19yrs Incall $150 HH $250 H 100% real 24/7",
		"age 19 «19yrs» | price 150 USD «$150» | price 250 USD «$250» | percentage 100% «100%»"},
	{"job ro", "Angajăm fete 18-25 ani, salariu 2000 euro, cazare gratuită",
		"age 18 «18» | age 25 «25 ani» | price 2000 EUR «2000 euro»"},
	{"flat rental fr", "Appartement 3 pièces, 65 m², 2e étage, loyer 850 €/mois + 50 € de charges, libre le 01/12/2026, tél 0475 12 34 56, 1050 Ixelles",
		"price 850 EUR «850 €» | price 50 EUR «50 €»"},
	{"flat rental nl", "Te huur: studio 35m2, 750 euro p/m, bel 0470/12.34.56, 2000 Antwerpen", "price 750 EUR «750 euro»"},
	{"flat rental de", "Wohnung 3,5 Zimmer 1.250,- € kalt, ab 01.12.", "price 1250 EUR «1.250,- €»"},
	{"news fr", "Le 27/11/2026 à 14h30, la police a arrêté 12 passeurs; 95% des migrants avaient payé entre 3000 et 5000 euros",
		"percentage 95% «95%» | price 3000 EUR «3000» | price 5000 EUR «5000 euros»"},
	{"phones only", "call +1 (555) 123-4567 or 555.123.4567 $$$", ""},
	{"phone then range dash", "Tel 06 12 34 56 78 - 100€ la demi-heure", "price 100 EUR «100€»"},
	{"iban", "IBAN BE71 0961 2345 6769 BIC GKCCBEBB", ""},
	{"libyan phone and dinars", "00218 91 234 5678 5000 دينار", "price 5000 LYD «5000 دينار»"},
	{"ar between", "بين 3000 و 5000 دولار", "price 3000 USD «3000» | price 5000 USD «5000 دولار»"},
	{"en between ages", "girls between 18 and 25 years old", "age 18 «18» | age 25 «25 years old»"},
	{"fr children under 12", "Les enfants de moins de 12 ans paient 1750 €", "price 1750 EUR «1750 €»"},
	{"copyright", "Version 2.0 (c) 2016 all rights reserved", ""},
	{"empty", "", ""},
	{"no numbers", "rien à voir ici", ""},
}

func TestFindMixed(t *testing.T) { runCases(t, mixedCases) }

// TestFindSpelledOut needs normalize.Digits to turn number words into
// digits; it fails while Digits lacks that, which is Digits' gap to close.
var spelledCases = []findCase{
	{"en nineteen", "I am nineteen years old", "age 19 «I am nineteen years old»"},
	{"fr cinq mille euros", "cinq mille euros", "price 5000 EUR «cinq mille euros»"},
	{"en hundred dollars", "two hundred dollars", "price 200 USD «two hundred dollars»"},
	{"fr quatre-vingt-quinze pour cent", "quatre-vingt-quinze pour cent", "percentage 95% «quatre-vingt-quinze pour cent»"},
	{"obfuscated zeros", "$5O Specials 1OO% real", "price 50 USD «$5O» | percentage 100% «1OO%»"},
}

func TestFindSpelledOut(t *testing.T) { runCases(t, spelledCases) }

func allCases() []findCase {
	var all []findCase
	for _, cs := range [][]findCase{priceCases, percentCases, ageCases, mixedCases, spelledCases} {
		all = append(all, cs...)
	}
	return all
}

// TestNextDigit checks the word-at-a-time skip against a byte loop, with
// every byte value in every position of a word.
func TestNextDigit(t *testing.T) {
	naive := func(s string, i int) int {
		for i < len(s) && !isDigit(s[i]) {
			i++
		}
		return i
	}
	check := func(s string) {
		for from := 0; from <= len(s); from++ {
			if got, want := nextDigit(s, from), naive(s, from); got != want {
				t.Fatalf("nextDigit(%q, %d) = %d; want %d", s, from, got, want)
			}
		}
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 20; pos++ {
			b := []byte(strings.Repeat("a/:é ", 4))
			b[pos] = byte(c)
			check(string(b))
		}
	}
	// Pairs of bytes at the edges of the digit range, where borrows
	// between bytes could matter.
	edge := []byte{0, 1, '/', '0', '9', ':', 0x7f, 0x80, 0xb0, 0xb9, 0xff}
	for _, c1 := range edge {
		for _, c2 := range edge {
			for p1 := 0; p1 < 9; p1++ {
				for p2 := p1 + 1; p2 < 10; p2++ {
					b := []byte("zzzzzzzzzz")
					b[p1], b[p2] = c1, c2
					check(string(b))
				}
			}
		}
	}
}
