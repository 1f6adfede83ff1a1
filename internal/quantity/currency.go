package quantity

import (
	"strings"
	"unicode/utf8"
)

// family groups currency words whose ISO code depends on the country: a
// dinar may be Libyan, Tunisian, Algerian or Iraqi.
type family uint8

const (
	famNone      family = iota
	famDinar            // دينار, dinar: qualifier, else text cue, else LYD
	famRial             // ريال, rial: qualifier, else cue, else IRR in Persian text, SAR otherwise
	famDirham           // درهم, dirham, dh: qualifier, else cue, else MAD
	famLiraAr           // ليرة: qualifier, else cue, else SYP
	famKrone            // kr, kronor: qualifier, else cue, else SEK
	famPoundAr          // جنيه: qualifier, else EGP
	famQualified        // franc, livre: only with a qualifier ("francs suisses", "livres sterling")
	famDollar           // $, dollar: qualifier ("dollars canadiens"), else USD
)

// curFlag says where a currency word may stand and what it needs.
type curFlag uint8

const (
	pre      curFlag = 1 << iota // may precede the amount ("$300", "EUR 300")
	post                         // may follow the amount ("300 €", "300 euros")
	upper                        // must be upper case in the original ("MAD", "TRY", "DA")
	moneyCtx                     // needs money words nearby and no weight words ("pounds")
	attached                     // must touch the amount ("3500e", "N50,000")
	symbol                       // a currency sign, not a word
)

// currency is one entry of the currency table.
type currency struct {
	code  string // ISO 4217, or the default of fam
	fam   family
	flags curFlag
	scale int64 // multiplier into the ISO unit (toman = 10 rials)
	min   int64 // smallest whole amount accepted ("200 roses" but not "12 roses")
}

var (
	currencies = map[string]*currency{}
	// dollarPrefix maps the letters glued before "$" to a code: "us$", "c$".
	dollarPrefix = map[string]string{
		"us": "USD", "u": "USD", "c": "CAD", "ca": "CAD", "can": "CAD", "a": "AUD", "au": "AUD",
		"nz": "NZD", "hk": "HKD", "s": "SGD", "sg": "SGD", "r": "BRL", "mx": "MXN",
	}
	qualifiers = map[string]string{}
	// dotted holds abbreviations with inner dots, tried before words.
	dotted = []struct{ form, code string }{
		{"د.ج", "DZD"}, {"د.ت", "TND"}, {"د.ل", "LYD"}, {"د.ع", "IQD"}, {"د.ك", "KWD"},
		{"د.م.", "MAD"}, {"د.م", "MAD"}, {"د.ب", "BHD"}, {"ر.س", "SAR"}, {"ر.ق", "QAR"},
		{"ر.ع.", "OMR"}, {"ر.ع", "OMR"}, {"ل.س", "SYP"}, {"ل.ل", "LBP"}, {"ج.م", "EGP"},
		{"s.f.r.", "CHF"}, {"sfr.", "CHF"},
	}
	// famCues lists, per family, words of the whole text that tell the
	// country; the first that occurs wins.
	famCues = map[family][]struct{ cue, code string }{}
	// weightWords veto "pounds" as money; moneyWords support it.
	weightWords, moneyWords *phraseSet
	// ordinalNouns follow French ordinals ("20e arrondissement"), which
	// must not be read as euros.
	ordinalNouns *wordSet
	// multipliers scale the amount ("5k", "5 mille", "2 مليون").
	multipliers = map[string]int64{}
)

// addCur adds words for c; the first entry of a word wins, so ISO codes keep
// their flags when a word list repeats them.
func addCur(c currency, words ...string) {
	for _, w := range words {
		f := fold(w)
		if _, dup := currencies[f]; dup {
			continue
		}
		cc := c
		currencies[f] = &cc
	}
}

func init() {
	sym := pre | post | symbol
	// Signs.
	addCur(currency{code: "EUR", flags: sym}, "€")
	addCur(currency{code: "USD", fam: famDollar, flags: sym}, "$", "＄", "﹩")
	addCur(currency{code: "GBP", flags: sym}, "£")
	addCur(currency{code: "JPY", flags: sym}, "¥")
	addCur(currency{code: "TRY", flags: sym}, "₺")
	addCur(currency{code: "NGN", flags: sym}, "₦")
	addCur(currency{code: "INR", flags: sym}, "₹")
	addCur(currency{code: "RUB", flags: sym}, "₽")
	addCur(currency{code: "UAH", flags: sym}, "₴")
	addCur(currency{code: "ILS", flags: sym}, "₪")
	addCur(currency{code: "KRW", flags: sym}, "₩")
	addCur(currency{code: "PHP", flags: sym}, "₱")
	addCur(currency{code: "VND", flags: sym}, "₫")
	addCur(currency{code: "GHS", flags: sym}, "₵")
	addCur(currency{code: "KZT", flags: sym}, "₸")
	addCur(currency{code: "AZN", flags: sym}, "₼")
	addCur(currency{code: "GEL", flags: sym}, "₾")
	addCur(currency{code: "AFN", flags: sym}, "؋")
	addCur(currency{code: "PLN", flags: post}, "zł", "zl", "zlotych", "zloty", "zlote", "złotych")

	// ISO codes. Those that are also common words must be upper case.
	for _, code := range strings.Fields(`EUR USD GBP MAD DZD TND LYD EGP RON BGN NGN AFN IRR SYP IQD XOF XAF
		CHF PLN SEK NOK DKK ISK CZK HUF RSD MKD BAM HRK UAH RUB BYN MDL GEL AZN KZT UZS TJS KGS TMT
		AED SAR QAR OMR KWD BHD JOD LBP YER SDG SSP ERN ETB SOS DJF KES UGX TZS RWF BIF GHS XAF GMD GNF
		SLL LRD CDF ZAR INR PKR BDT LKR NPR CNY JPY KRW HKD SGD MYR THB IDR VND AUD NZD CAD MXN BRL
		ARS CLP COP PEN ILS`) {
		f := pre | post
		switch code {
		case "MAD", "TRY", "ALL", "AMD", "COP", "PHP", "CUP", "TOP", "BOB", "MOP", "SOS", "GEL", "ILS",
			"PEN", "RON", "BAM", "ERN", "DJF":
			f |= upper
		}
		addCur(currency{code: code, flags: f}, strings.ToLower(code))
	}
	addCur(currency{code: "TRY", flags: pre | post | upper}, "try")
	addCur(currency{code: "TRY", flags: pre | post}, "tl", "ytl")

	// Words after the amount, in every supported language.
	w := post
	addCur(currency{code: "EUR", flags: w}, "euro", "euros", "eur", "euri", "eurou", "евро", "يورو", "اورو",
		"یورو", "ایرو", "avro", "evro")
	addCur(currency{code: "EUR", flags: post | attached, min: 10}, "e")
	addCur(currency{code: "USD", fam: famDollar, flags: w}, "dollar", "dollars", "dolar", "dolares", "dólares", "dolari", "doları",
		"dollari", "dollaro", "долара", "долар", "долари", "دولار", "دولارات", "دولارا", "دلار", "bucks",
		"usd$")
	// "roses" is escort-ad slang for US dollars ("200 roses"); bouquets of
	// a dozen roses stay out by the minimum.
	addCur(currency{code: "USD", flags: w, min: 30}, "roses")
	addCur(currency{code: "GBP", flags: w}, "sterling", "quid", "sterlin", "پوند", "pfund")
	addCur(currency{code: "GBP", flags: w | moneyCtx}, "pound", "pounds", "libras")
	// Romanian speakers say "lire" for pounds sterling ("1500 lire pe
	// lună"); the Italian lira is gone since 2002.
	addCur(currency{code: "GBP", flags: w}, "lire", "lira sterlina", "liră")
	addCur(currency{code: "TRY", flags: w}, "lira", "lirasi", "liras", "türk lirası")
	addCur(currency{code: "RON", flags: w}, "lei", "leu")
	addCur(currency{code: "BGN", flags: w}, "leva", "lev", "лева", "лв", "лев", "lv")
	addCur(currency{code: "NGN", flags: w}, "naira")
	addCur(currency{code: "NGN", flags: pre | upper | attached, min: 100}, "n")
	addCur(currency{code: "AFN", flags: w}, "afghani", "afghanis", "afs", "افغانی", "افغاني", "افغانیه")
	addCur(currency{code: "IRR", flags: w, scale: 10}, "toman", "tomans", "tomen", "تومان", "تومن")
	addCur(currency{code: "INR", flags: w}, "rupee", "rupees", "roupies", "روپیه")
	addCur(currency{code: "INR", flags: pre | post}, "rs")
	addCur(currency{code: "CHF", flags: w}, "sfr", "chf")
	addCur(currency{code: "XOF", flags: w}, "fcfa", "cfa")
	addCur(currency{code: "JPY", flags: w}, "yen")
	addCur(currency{code: "CNY", flags: w}, "yuan", "rmb", "元", "renminbi")
	addCur(currency{code: "RUB", flags: w}, "rubles", "roubles", "рублей", "рубля", "рубль", "руб")
	addCur(currency{code: "UAH", flags: w}, "грн", "hryvnia", "гривень")
	addCur(currency{code: "HUF", flags: w}, "forint", "forints")
	addCur(currency{code: "CZK", flags: w}, "korun")
	addCur(currency{code: "ETB", flags: w}, "birr", "ብር")
	addCur(currency{code: "ERN", flags: w}, "nakfa", "ናቕፋ", "ናቅፋ")
	addCur(currency{code: "DZD", flags: post | upper}, "da")
	addCur(currency{code: "DZD", flags: w}, "دج")
	addCur(currency{code: "TND", flags: post | upper}, "dt")
	addCur(currency{code: "TND", flags: w}, "دت")
	addCur(currency{code: "LYD", flags: post | upper}, "ld")

	addCur(currency{code: "LYD", fam: famDinar, flags: w}, "dinar", "dinars", "dinara", "dinarë", "دينار",
		"دنانير", "دينارا", "دينارات", "dinari", "динара", "динар")
	addCur(currency{code: "IRR", fam: famRial, flags: w}, "rial", "rials", "ريال", "ریال", "ريالات", "ريالا")
	addCur(currency{code: "SAR", fam: famRial, flags: w}, "riyal", "riyals")
	addCur(currency{code: "MAD", fam: famDirham, flags: w}, "dirham", "dirhams", "dirhems", "درهم", "دراهم",
		"درهما", "dh", "dhs", "dhms")
	addCur(currency{code: "SYP", fam: famLiraAr, flags: w}, "ليرة", "ليرات", "لیره")
	addCur(currency{code: "SEK", fam: famKrone, flags: w}, "kr", "kronor", "kroner", "krona", "krone")
	addCur(currency{code: "EGP", fam: famPoundAr, flags: w}, "جنيه", "جنيها", "جنيهات", "جنية")
	addCur(currency{fam: famQualified, flags: w}, "franc", "francs", "livre", "livres", "franci", "franken")

	for code, ws := range map[string][]string{
		"DZD": {"algerien", "algeriens", "algerian", "جزائري", "جزائريه", "الجزائري", "الجزائريه"},
		"TND": {"tunisien", "tunisiens", "tunisian", "تونسي", "التونسي", "تونسيه"},
		"LYD": {"libyen", "libyens", "libyan", "ليبي", "الليبي", "ليبيه"},
		"IQD": {"irakien", "irakiens", "iraqi", "عراقي", "العراقي", "عراقيه"},
		"JOD": {"jordanien", "jordaniens", "jordanian", "اردني", "الاردني"},
		"KWD": {"koweitien", "koweitiens", "kuwaiti", "كويتي", "الكويتي"},
		"BHD": {"bahreini", "bahraini", "بحريني", "البحريني"},
		"RSD": {"serbe", "serbes", "serbian"},
		"MAD": {"marocain", "marocains", "moroccan", "مغربي", "المغربي", "مغربيه"},
		"AED": {"emirati", "emiratis", "اماراتي", "الاماراتي", "uae", "aed"},
		"SAR": {"saoudien", "saoudiens", "saudi", "سعودي", "السعودي"},
		"QAR": {"qatari", "qatarien", "قطري", "القطري"},
		"OMR": {"omani", "omanais", "عماني", "العماني"},
		"YER": {"yemeni", "yemenite", "يمني", "اليمني"},
		"IRR": {"iranien", "iraniens", "iranian", "ایرانی", "ايراني"},
		"SYP": {"syrien", "syriens", "syrian", "سوري", "سوريه", "السوري", "السوريه"},
		"LBP": {"libanais", "lebanese", "لبناني", "لبنانيه", "اللبناني", "اللبنانيه"},
		"TRY": {"turc", "turcs", "turque", "turques", "turkish", "turcesti", "turcești", "turche", "turca",
			"تركي", "تركيه", "التركي", "التركيه"},
		"EGP": {"egyptien", "egyptiens", "egyptian", "مصري", "المصري"},
		"SDG": {"soudanais", "sudanese", "سوداني", "السوداني"},
		"GBP": {"sterling", "sterline", "sterlina", "sterlin", "استرليني", "الاسترليني", "britanniques"},
		"CHF": {"suisse", "suisses", "swiss", "elvetieni", "zwitserse", "schweizer"},
		"XOF": {"cfa"},
		"NOK": {"norvegiennes", "norwegian", "norske"},
		"DKK": {"danoises", "danish", "danske"},
		"ISK": {"islandaises", "icelandic"},
		"MKD": {"macedonien", "macedonian"},
		"CAD": {"canadiens", "canadien", "canadian", "canadiense", "canadienses", "canadieni", "canadese"},
		"AUD": {"australiens", "australian", "australianos", "australieni"},
		"USD": {"us", "americains", "américains", "americanos", "american", "americani", "amerikaanse",
			"amerikanische", "امريكي", "الامريكي", "آمریکا", "امريكيه"},
	} {
		for _, w := range ws {
			qualifiers[fold(w)] = code
		}
	}

	cue := func(f family, code string, ws ...string) {
		for _, w := range ws {
			famCues[f] = append(famCues[f], struct{ cue, code string }{fold(w), code})
		}
	}
	cue(famDinar, "LYD", "libye", "libya", "ليبيا", "طرابلس", "tripoli", "zuwara", "zouara", "زواره",
		"sabratha", "صبراته", "benghazi", "بنغازي", "misrata", "مصراته")
	cue(famDinar, "TND", "tunisie", "tunisia", "تونس", "sfax", "صفاقس", "sousse", "سوسه")
	cue(famDinar, "DZD", "algerie", "algeria", "الجزائر", "oran", "وهران", "annaba", "عنابه", "harraga")
	cue(famDinar, "IQD", "irak", "iraq", "العراق", "بغداد", "baghdad", "erbil", "اربيل", "kurdistan")
	cue(famDinar, "KWD", "koweit", "kuwait", "الكويت")
	cue(famDinar, "JOD", "jordanie", "jordan", "الاردن")
	cue(famDinar, "RSD", "serbie", "serbia", "srbija", "beograd", "belgrade")
	cue(famRial, "SAR", "arabie saoudite", "saudi", "السعوديه", "الرياض", "riyadh", "jeddah", "جده")
	cue(famRial, "QAR", "qatar", "قطر", "doha", "الدوحه")
	cue(famRial, "OMR", "oman", "muscat", "مسقط")
	cue(famRial, "YER", "yemen", "اليمن", "صنعاء")
	cue(famRial, "IRR", "iran", "ايران", "تهران", "tehran")
	cue(famDirham, "AED", "dubai", "دبي", "emirates", "emirats", "الامارات", "abu dhabi", "ابوظبي", "sharjah",
		"الشارقه", "uae")
	cue(famDirham, "MAD", "maroc", "morocco", "المغرب", "casablanca", "الدار البيضاء", "tanger", "طنجه")
	cue(famLiraAr, "TRY", "تركيا", "اسطنبول", "istanbul", "ازمير", "izmir", "turquie", "turkey", "مرسين")
	cue(famLiraAr, "LBP", "لبنان", "بيروت", "liban", "lebanon", "beyrouth", "beirut")
	cue(famKrone, "NOK", "norge", "norway", "norvege", "oslo")
	cue(famKrone, "DKK", "danmark", "denmark", "danemark", "kobenhavn", "copenhagen")
	cue(famKrone, "ISK", "island", "iceland", "islande", "reykjavik")

	weightWords = newPhraseSet("weigh", "weight", "lbs", "lb ", "kg", "lift", "tall", "height", "stats",
		"dog", "bundle", "stone", "carry", "poids", "cm", "feet", "ft ")
	moneyWords = newPhraseSet("per ", "/h", "/hr", "hour", "week", "month", "year", "night", "salary",
		"wage", "pay", "paid", "earn", "cash", "price", "cost", "fee", "rent", "deposit", "bonus", "money",
		"charge", "£", "sterling", "income", "debt", "loan", "ticket", "a day", "daily")
	ordinalNouns = newWordSet("arrondissement", "arr", "etage", "siecle", "rang", "place", "edition",
		"anniversaire", "annee", "jour", "journee", "mois", "semaine", "classe", "circonscription", "position",
		"tour", "round", "partie", "chapitre", "acte", "division", "regiment", "legislature", "sexe", "avenue",
		"rue", "generation", "fois", "degre", "tranche", "enfant", "km", "minute")

	for _, m := range []struct {
		mult  int64
		words []string
	}{
		{1000, []string{"k", "mille", "mil", "bin", "mii", "duizend", "tausend", "thousand", "thousands",
			"الف", "الاف", "ألف", "آلاف", "هزار", "хиляди", "хил", "хиляда", "миль"}},
		{1000000, []string{"m", "mn", "mln", "mio", "million", "millions", "millones", "millon", "milioane",
			"milion", "milione", "milioni", "milyon", "miljoen", "miljoenen", "millionen", "милиона",
			"милион", "مليون", "ملايين", "ميليون", "میلیون"}},
		{1000000000, []string{"b", "bn", "billion", "billions", "milliard", "milliards", "mrd", "miliard",
			"miliarde", "milyar", "miljard", "مليار", "میلیارد"}},
	} {
		for _, w := range m.words {
			multipliers[fold(w)] = m.mult
		}
	}

	for k := range currencies {
		currencyKeys.add(k)
	}
	for k := range dollarPrefix {
		dollarKeys.add(k)
	}
	for k := range multipliers {
		multiplierKeys.add(k)
	}
	for _, d := range dotted {
		dottedFirst[d.form[0]] = true
		dottedLast[d.form[len(d.form)-1]] = true
	}
	initMarkers()
}

// Filters in front of the tables, and the bytes that start and end a
// dotted abbreviation: most of what stands next to a number is no
// currency, and these say so without hashing or looping over dotted.
var (
	currencyKeys, dollarKeys, multiplierKeys keyFilter
	dottedFirst, dottedLast                  [256]bool
)

// currencyOf returns the currency written w.
func currencyOf(w string) (*currency, bool) {
	if !currencyKeys.mayHave(w) {
		return nil, false
	}
	c, ok := currencies[w]
	return c, ok
}

// dollarCode returns the code of the letters w glued before "$".
func dollarCode(w string) (string, bool) {
	if !dollarKeys.mayHave(w) {
		return "", false
	}
	code, ok := dollarPrefix[w]
	return code, ok
}

// curToken is a currency word or sign found at Norm[start:end].
type curToken struct {
	cur        *currency
	code       string // resolved later for families
	start, end int
}

// currencyAt reads a currency word or sign starting at s[i].
func currencyAt(s string, i int) (curToken, bool) {
	if i >= len(s) {
		return curToken{}, false
	}
	if dottedFirst[s[i]] {
		for _, d := range dotted {
			if s[i] != d.form[0] {
				continue
			}
			if strings.HasPrefix(s[i:], d.form) && !alnumAt(s, i+len(d.form)) {
				return curToken{cur: &currency{code: d.code, flags: pre | post}, code: d.code, start: i, end: i + len(d.form)}, true
			}
		}
	}
	if e := wordEnd(s, i); e > i {
		w := s[i:e]
		if c, ok := currencyOf(w); ok && !(e < len(s) && isDigit(s[e])) {
			return curToken{cur: c, code: c.code, start: i, end: e}, true
		}
		// "us$": letters glued to a dollar sign.
		if e < len(s) && s[e] == '$' {
			if code, ok := dollarCode(w); ok {
				return curToken{cur: currencies["$"], code: code, start: i, end: e + 1}, true
			}
		}
		return curToken{}, false
	}
	_, wd := utf8.DecodeRuneInString(s[i:])
	if c, ok := currencyOf(s[i : i+wd]); ok && c.flags&symbol != 0 {
		return curToken{cur: c, code: c.code, start: i, end: i + wd}, true
	}
	return curToken{}, false
}

// currencyBefore reads a currency word or sign ending at s[j-1].
func currencyBefore(s string, j int) (curToken, bool) {
	if j <= 0 {
		return curToken{}, false
	}
	if dottedLast[s[j-1]] {
		for _, d := range dotted {
			if s[j-1] != d.form[len(d.form)-1] {
				continue
			}
			if strings.HasSuffix(s[:j], d.form) && !alnumBefore(s, j-len(d.form)) {
				return curToken{cur: &currency{code: d.code, flags: pre | post}, code: d.code, start: j - len(d.form), end: j}, true
			}
		}
	}
	if s[j-1] == '.' { // "Rs. 500", "kr. 500"
		if b := wordStart(s, j-1); b < j-1 {
			if c, ok := currencyOf(s[b : j-1]); ok && c.flags&pre != 0 && c.flags&symbol == 0 {
				return curToken{cur: c, code: c.code, start: b, end: j}, true
			}
		}
		return curToken{}, false
	}
	if b := wordStart(s, j); b < j {
		if c, ok := currencyOf(s[b:j]); ok && c.flags&pre != 0 {
			return curToken{cur: c, code: c.code, start: b, end: j}, true
		}
		return curToken{}, false
	}
	_, wd := utf8.DecodeLastRuneInString(s[:j])
	c, ok := currencyOf(s[j-wd : j])
	if !ok || c.flags&symbol == 0 || c.flags&pre == 0 {
		return curToken{}, false
	}
	tok := curToken{cur: c, code: c.code, start: j - wd, end: j}
	if s[j-wd:j] == "$" {
		if b := wordStart(s, j-wd); b < j-wd {
			if code, ok := dollarCode(s[b : j-wd]); ok {
				tok.code, tok.start = code, b
			}
		}
	}
	return tok, true
}

// multiplierAt reads "k", "mille", "million"… at s[i] (after at most one
// space), returning the factor and the end of the word.
func multiplierAt(s string, i int) (int64, int) {
	p := skipSpace(s, i)
	e := wordEnd(s, p)
	if e == p {
		return 1, i
	}
	w := s[p:e]
	if !multiplierKeys.mayHave(w) {
		return 1, i
	}
	m, ok := multipliers[w]
	if !ok {
		return 1, i
	}
	// Single letters only when glued to the number: "5k", "$6.35M".
	if len(w) == 1 && p != i {
		return 1, i
	}
	return m, e
}
