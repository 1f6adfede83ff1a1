package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// mobileNumber is a mobile number: country calling code, national significant
// number, and the national trunk prefix.
type mobileNumber struct {
	region, cc, nsn, trunk string
}

// mobile describes how to draw valid mobile numbers of one country: a
// fixed start of the national significant number, the digits drawn after
// it, and how to group them when written nationally.
type mobile struct {
	cc, trunk string
	starts    []string
	rest      int
	groups    []int // national digit groups, trunk prefix included
}

var mobiles = map[string]mobile{
	"BE": {"32", "0", []string{"470", "471", "472", "473", "474", "475", "476", "477", "478", "479", "484", "485", "486", "487", "488", "489", "491", "492", "493", "494", "495", "496", "497", "498", "499"}, 6, []int{4, 2, 2, 2}},
	"FR": {"33", "0", []string{"60", "61", "62", "64", "65", "66", "67", "68", "73", "74", "75", "76", "77", "78"}, 7, []int{2, 2, 2, 2, 2}},
	"NL": {"31", "0", []string{"61", "62", "63", "64"}, 7, []int{2, 8}},
	"LY": {"218", "0", []string{"91", "92", "94"}, 7, []int{3, 7}},
	"GB": {"44", "0", []string{"771", "772", "773", "774", "775", "776", "777"}, 7, []int{5, 6}},
	"RO": {"40", "0", []string{"72", "73", "74"}, 7, []int{4, 3, 3}},
	"TR": {"90", "0", []string{"53", "54", "55"}, 8, []int{4, 3, 2, 2}},
	"ES": {"34", "", []string{"6"}, 8, []int{3, 3, 3}},
}

// regionsByLang are the countries whose numbers posts of a language show.
var regionsByLang = map[string][]string{
	"fr": {"FR", "BE"}, "nl": {"NL", "BE"}, "en": {"GB", "BE"}, "ar": {"LY"},
	"ro": {"RO"}, "tr": {"TR"}, "es": {"ES"},
}

// phone returns a mobile number not given out before (for a while: after
// many draws that all hit given numbers, a repeat is accepted), so that
// posts share a number only when the truth says they do.
func (g *Generator) phone(lang string) mobileNumber {
	region := pick(g.r, regionsByLang[lang])
	m := mobiles[region]
	var nsn string
	for try := 0; try < 20; try++ {
		var b strings.Builder
		b.WriteString(pick(g.r, m.starts))
		for range m.rest {
			b.WriteByte(byte('0' + g.r.IntN(10)))
		}
		nsn = b.String()
		if !g.phones[m.cc+nsn] {
			break
		}
	}
	g.phones[m.cc+nsn] = true
	return mobileNumber{region: region, cc: m.cc, nsn: nsn, trunk: m.trunk}
}

// nationalRegion is the one region whose numbers posts write in national
// form: the default region of an ingest (vigie's --region, BE). Other
// numbers are written internationally, as posts aimed abroad do, since a
// national number is ambiguous across countries.
const nationalRegion = "BE"

// format writes the number as people do: international with spaces or
// not, with 00, or national with the trunk prefix, grouped or with dots.
func (p mobileNumber) format(r *rand.Rand) string {
	m := mobiles[p.region]
	national := p.trunk + p.nsn
	grouped := func(sep string) string {
		var parts []string
		s := national
		for _, n := range m.groups {
			if n >= len(s) {
				break
			}
			parts = append(parts, s[:n])
			s = s[n:]
		}
		parts = append(parts, s)
		return strings.Join(parts, sep)
	}
	k := r.IntN(6)
	if p.region != nationalRegion {
		k %= 3
	}
	switch k {
	case 0:
		return "+" + p.cc + p.nsn
	case 1:
		return "+" + p.cc + " " + p.nsn[:3] + " " + p.nsn[3:]
	case 2:
		return "00" + p.cc + " " + p.nsn
	case 3:
		return grouped(".")
	default:
		return grouped(" ")
	}
}

// E164 returns the number in E.164.
func (p mobileNumber) E164() string { return fmt.Sprintf("+%s%s", p.cc, p.nsn) }

// template is a post text with {slots}, in one language, written for one
// category ("" for a hard negative).
type template struct {
	lang, category, text string
}

// templates are invented posts modelled on the phenomena of DESIGN §4 and
// on the kinds of legitimate posts that look like them.
var templates = []template{
	// smuggling.passage
	{"fr", "smuggling.passage", "🚤 Départ de {from} vers {to} cette semaine, bateau sûr, taux de réussite 95%. {price} par personne, enfants moitié prix. Paiement après l'arrivée via bureau d'assurance. WhatsApp {phone}"},
	{"fr", "smuggling.passage", "Passage garanti vers {to} en camion, départ de {city}, {price} par tête, vous payez quand vous arrivez. Places limitées, contactez {phone}"},
	{"en", "smuggling.passage", "Trips from {from} to {to} every week by speedboat, safe and guaranteed, {price} per person, money stays with the insurance office until you arrive. WhatsApp {phone}"},
	{"nl", "smuggling.passage", "Overtocht naar {to} vanaf {from}, elke week, {price} per persoon, kinderen half geld. Betalen na aankomst. Bel of app {phone}"},
	{"ar", "smuggling.passage", "رحلة من {from} الى {to} كل اسبوع، قارب كبير وآمن، السعر {price} للشخص، الدفع بعد الوصول عن طريق مكتب التأمين. واتساب {phone}"},
	{"tr", "smuggling.passage", "{from} çıkışlı {to} geçiş her hafta, kişi başı {price}, ödeme varınca sigorta ofisinden. Garantili. WhatsApp {phone}"},
	// smuggling.documents
	{"fr", "smuggling.documents", "Vente de vrais passeports, cartes d'identité et titres de séjour enregistrés dans le système, livraison partout en Europe. Prix {price}. Telegram {handle}"},
	{"en", "smuggling.documents", "We sell real registered passports, ID cards and driving licences, database registered, passes every check. Fast delivery. Contact {handle} or {phone}"},
	{"ar", "smuggling.documents", "جوازات سفر اوروبية اصلية ومسجلة بالنظام، اقامات وفيز شنغن، التسليم خلال اسبوعين، السعر {price}. تلغرام {handle}"},
	// smuggling.marriage
	{"fr", "smuggling.marriage", "Cherche femme avec papiers pour mariage blanc, je paie {price}, la moitié avant et le reste après le titre de séjour. Discrétion. {phone}"},
	{"nl", "smuggling.marriage", "Gezocht: vrouw met Belgische nationaliteit voor een schijnhuwelijk, alleen op papier, {price} na de verblijfsvergunning. {phone}"},
	{"en", "smuggling.marriage", "Looking for an EU citizen for a paper marriage, only on paper, divorce after the residence card. I pay {price}. Inbox or {phone}"},
	// sexual_exploitation.recruitment
	{"en", "sexual_exploitation.recruitment", "Hiring girls {age}-25 as hostesses and models in {to}, no experience needed, {price} per week, flight and visa paid, accommodation provided. Send photos in swimsuit to {handle}"},
	{"fr", "sexual_exploitation.recruitment", "Agence cherche jeunes filles pour travail d'hôtesse à l'étranger, gains de {price} par semaine, voyage payé, pas besoin d'expérience. Envoyez photos en maillot sur WhatsApp {phone}"},
	{"ro", "sexual_exploitation.recruitment", "Căutăm fete tinere pentru dansatoare în străinătate, câștig {price} pe săptămână, drumul și cazarea plătite, fără experiență. Trimite poze pe WhatsApp {phone}"},
	// sexual_exploitation.advertising
	{"en", "sexual_exploitation.advertising", "NEW IN TOWN!! Young sweet girls {age} yo, just arrived in {city}, available 24/7, outcall to hotels only. Several girls, call {phone}, no blocked numbers"},
	{"fr", "sexual_exploitation.advertising", "Nouvelle en ville, jeune fille {age} ans, massage naturiste, disponible 24h/24, déplacement hôtel uniquement. Pas de numéro masqué. {phone}"},
	{"nl", "sexual_exploitation.advertising", "Nieuw in de stad! Jonge meisjes uit het oosten, dag en nacht beschikbaar, alleen hotelbezoek. Bel onze receptie {phone}"},
	// labour_exploitation.recruitment
	{"en", "labour_exploitation.recruitment", "Construction workers needed urgently in {city}, no experience, no papers needed, {price} per month cash, housing provided (rent taken from salary). Pay the visa fee before departure. WhatsApp only {phone}"},
	{"fr", "labour_exploitation.recruitment", "Cherche ouvriers pour chantier en Belgique, sans papiers acceptés, payé en liquide, logement fourni et retenu sur le salaire, {hours} heures par jour. Frais de dossier {price} avant le départ. {phone}"},
	{"nl", "labour_exploitation.recruitment", "Werk in de tuinbouw, geen ervaring of papieren nodig, vervoer en slaapplaats geregeld, loon contant. Eerst {price} inschrijvingskosten betalen. Alleen via WhatsApp {phone}"},
	{"ar", "labour_exploitation.recruitment", "مطلوب عمال للعمل في اوروبا بدون خبرة وبدون اوراق، السكن مجاني، الراتب {price} كاش، الفيزا والتذكرة علينا ونخصمها من الراتب. للتواصل واتساب {phone}"},
	// coercion.sextortion
	{"en", "coercion.sextortion", "I have your naked video. Pay {price} in bitcoin within 24 hours or I will send it to all your friends and family."},
	{"fr", "coercion.sextortion", "J'ai tes photos nues. Si tu ne m'envoies pas {price} avant ce soir je les publie et je les envoie à ta famille."},
	{"nl", "coercion.sextortion", "Ik heb je naaktfoto's. Betaal {price} voor morgen of ik stuur ze naar je ouders en zet ze online."},
	// victim.testimony
	{"en", "victim.testimony", "Warning brothers: this smuggler sold us in {from}. They took our passports, locked us in a warehouse and beat us, and called our families for ransom. Don't trust {handle}."},
	{"fr", "victim.testimony", "Attention mes frères, ce passeur nous a abandonnés. Ils ont pris nos passeports, on travaillait sans salaire et ils nous frappaient. Ne faites pas confiance à {handle}."},
	{"ar", "victim.testimony", "احذروا يا اخوان، المهرب اخذ جوازاتنا وحبسنا في {from} وكانوا يضربونا ويطلبون فدية من اهلنا. لا تثقوا بـ {handle}"},
	// hard negatives
	{"en", "", "Police arrested members of a smuggling network that charged migrants {price} per person for a place in a lorry to {to}, prosecutors said."},
	{"fr", "", "Appartement à louer à {city}, 2 chambres, {price} par mois, charges comprises, libre au 1er mars. Visites au {phone}."},
	{"nl", "", "Bouwbedrijf zoekt metselaar (m/v), vast contract, bruto {price} per maand volgens paritair comité 124, ervaring vereist. Solliciteer via onze website of bel {phone}."},
	{"en", "", "Summer offer: flights to {to} from {price} per person, hotel included, departures every week. Book at our licensed travel agency, call {phone}."},
	{"fr", "", "Casting officiel pour défilé à Paris, agence agréée, mannequins 18-30 ans, contrat et rémunération selon la convention collective. Candidature sur notre site."},
	{"ar", "", "شركة مسجلة تعلن عن حاجتها لمحاسب بخبرة ٣ سنوات، عقد دائم وتأمين صحي، الراتب {price}. ارسل السيرة الذاتية او اتصل {phone}"},
}

var (
	departures   = []string{"Zuwara", "Sabratha", "Tripoli", "Izmir", "Bodrum", "Calais", "Dunkirk", "Nador", "Sfax", "Mersin"}
	destinations = map[string][]string{
		"fr": {"l'Italie", "l'Angleterre", "l'Espagne", "la Grèce", "Lampedusa"},
		"en": {"Italy", "the UK", "Greece", "Spain", "Dubai", "Germany"},
		"nl": {"Engeland", "Italië", "Duitsland"},
		"ar": {"ايطاليا", "اليونان", "اسبانيا", "لامبيدوزا"},
		"tr": {"Yunanistan", "İtalya"},
		"ro": {"Germania", "Italia", "Spania"},
		"es": {"España", "Italia"},
	}
	cities      = []string{"Brussels", "Antwerp", "Liège", "Ghent", "Charleroi", "Lille", "Rotterdam"}
	firstNames  = []string{"Sam", "Nour", "Alex", "Mira", "Yan", "Lea", "Omar", "Ivo", "Dana", "Rami", "Tess", "Kofi"}
	lastNames   = []string{"Vermeer", "Dubois", "Haddad", "Popescu", "Yilmaz", "Smith", "Janssens", "Garcia", "Nowak"}
	handleWords = []string{"travel", "jobs", "agency", "express", "vip", "help", "trip", "work"}
)
