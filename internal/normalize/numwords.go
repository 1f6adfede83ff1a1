package normalize

import "strings"

// wordKind is the grammatical role of a number word.
type wordKind uint8

const (
	wUnit     wordKind = iota + 1 // 0–9
	wTeen                         // a closed value: 10–19, or 21–99 written as one word (veintiuno)
	wTens                         // 10–90 that a unit may follow (twenty, dix in dix-sept, Turkish on)
	wHundred                      // × 100
	wHundreds                     // a fixed number of hundreds (quinientos, خمسمائة)
	wBig                          // × 1000, × 1 000 000
	wBigFixed                     // a fixed number of thousands (ألفين)
	wArticle                      // "a" in "a hundred"
	wConn                         // "and" between parts of one number
	wPrefix                       // an Arabic prefix (ب) that may precede a number word
	wDash                         // a word meaning "-"
	wDot                          // a word meaning "."
)

// lang is a bit set of languages.
type lang uint16

const (
	en lang = 1 << iota
	fr
	nl
	de
	es
	ro
	it
	pt
	tr
	ar
)

// word flags.
const (
	// fWeak marks a word that is also a common non-number word in some
	// language ("one", "sept", "een", "dos", "tres", "once"): alone, it is
	// converted only next to other numbers.
	fWeak uint8 = 1 << iota
	// fAlone marks a word recognised only as a whole run, never inside a
	// longer run ("a", "o").
	fAlone
	// fNoDigits marks a multiplier that a written number does not take:
	// "5 cents" is not 500.
	fNoDigits
	// fArTeen marks Arabic عشر, which after a unit makes a teen.
	fArTeen
	// fRoArticle marks "o", the Romanian article of "o sută" (100).
	fRoArticle
)

// numWord is one entry of the number-word dictionary.
type numWord struct {
	val   uint64
	kind  wordKind
	lang  lang
	flags uint8
}

// numWords maps the folded spelling of every number word to its meaning.
var numWords = map[string]numWord{}

// addWords adds words (space-separated, folded at init) of one language
// and kind, with values val, val+step, …; a "-" skips a value.
func addWords(l lang, k wordKind, flags uint8, val, step uint64, words string) {
	for _, w := range strings.Fields(words) {
		if w != "-" {
			for _, alt := range strings.Split(w, "|") {
				addWord(alt, numWord{val: val, kind: k, lang: l, flags: flags})
			}
		}
		val += step
	}
}

func addWord(w string, nw numWord) {
	f := Fold(w).Norm
	if old, ok := numWords[f]; ok {
		if old.val == nw.val && old.kind == nw.kind {
			old.lang |= nw.lang
			old.flags &= nw.flags // strong in one language: strong
			numWords[f] = old
		}
		return // the first meaning wins
	}
	numWords[f] = nw
}

// buildNumWords fills numWords; it runs after the fold tables exist.
func buildNumWords() {
	const none = 0
	// English.
	addWords(en, wUnit, none, 0, 1, "zero - two three four five six seven eight nine")
	addWords(en, wUnit, fWeak, 0, 1, "oh|nought one")
	addWords(en, wUnit, fWeak|fAlone|fRoArticle, 0, 1, "o")
	addWords(en, wTeen, none, 10, 1, "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
	addWords(en, wTens, none, 20, 10, "twenty thirty forty|fourty fifty sixty seventy eighty ninety")
	addWords(en, wHundred, none, 100, 1, "hundred")
	addWords(en, wBig, none, 1000, 1, "thousand")
	addWords(en, wBig, fWeak, 1000000, 1, "million|millions")
	addWords(en, wArticle, fWeak|fAlone, 1, 1, "a")
	addWords(en, wConn, none, 0, 0, "and")

	// French (with Belgian and Swiss tens).
	addWords(fr, wUnit, none, 0, 1, "zéro - deux trois quatre cinq six - huit")
	addWords(fr, wUnit, fWeak, 1, 6, "un|une sept")
	addWords(fr, wUnit, fWeak, 9, 1, "neuf")
	addWords(fr, wTens, none, 10, 1, "dix")
	addWords(fr, wTeen, none, 11, 1, "onze douze treize quatorze quinze")
	addWords(fr, wTeen, fWeak, 16, 1, "seize")
	addWords(fr, wTens, none, 20, 10, "vingt|vingts trente quarante cinquante soixante septante huitante|octante nonante")
	addWords(fr, wHundred, fWeak|fNoDigits, 100, 1, "cent|cents")
	addWords(fr, wBig, none, 1000, 1, "mille")
	addWords(fr, wBig, fWeak, 1000000, 1, "million|millions")
	addWords(fr, wConn, none, 0, 0, "et")

	// Dutch.
	addWords(nl, wUnit, none, 0, 1, "- - twee drie vier vijf zes zeven acht negen")
	addWords(nl, wUnit, fWeak, 0, 1, "nul één|een")
	addWords(nl, wTeen, none, 10, 1, "tien - twaalf dertien veertien vijftien zestien zeventien achttien negentien")
	addWords(nl, wTeen, fWeak, 11, 1, "elf")
	addWords(nl, wTens, none, 20, 10, "twintig dertig veertig vijftig zestig zeventig tachtig negentig")
	addWords(nl, wHundred, none, 100, 1, "honderd")
	addWords(nl, wBig, none, 1000, 1, "duizend")
	addWords(nl, wBig, fWeak, 1000000, 1, "miljoen|miljoenen")
	addWords(nl, wConn, none, 0, 0, "en")

	// German.
	addWords(de, wUnit, none, 1, 1, "eins zwei|zwo drei vier fünf|fuenf sechs sieben acht neun")
	addWords(de, wUnit, fWeak, 0, 1, "null ein|eine|einen")
	addWords(de, wTeen, none, 10, 1, "zehn - zwölf|zwoelf dreizehn vierzehn fünfzehn|fuenfzehn sechzehn siebzehn achtzehn neunzehn")
	addWords(de, wTeen, fWeak, 11, 1, "elf")
	addWords(de, wTens, none, 20, 10, "zwanzig dreißig|dreisig|dreissig vierzig fünfzig|fuenfzig sechzig siebzig achtzig neunzig")
	addWords(de, wHundred, none, 100, 1, "hundert")
	addWords(de, wBig, none, 1000, 1, "tausend")
	addWords(de, wBig, fWeak, 1000000, 1, "million|millionen")
	addWords(de, wConn, none, 0, 0, "und")

	// Spanish.
	addWords(es, wUnit, none, 0, 1, "cero - - - cuatro cinco seis siete ocho nueve")
	addWords(es, wUnit, fWeak, 1, 1, "uno|una|un dos tres")
	addWords(es, wTeen, none, 10, 1, "diez - doce trece catorce - dieciséis diecisiete dieciocho diecinueve")
	addWords(es, wTeen, fWeak, 11, 4, "once quince")
	addWords(es, wTeen, none, 20, 1, "veinte veintiuno|veintiún|veintiuna veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve")
	addWords(es, wTens, none, 30, 10, "treinta cuarenta cincuenta sesenta setenta ochenta noventa")
	addWords(es, wHundred, none, 100, 1, "cien|ciento|cientos")
	addWords(es, wHundreds, none, 200, 100, "doscientos|doscientas trescientos|trescientas cuatrocientos|cuatrocientas quinientos|quinientas seiscientos|seiscientas setecientos|setecientas ochocientos|ochocientas novecientos|novecientas")
	addWords(es, wBig, fWeak, 1000, 1, "mil")
	addWords(es, wBig, fWeak, 1000000, 1, "millón|millones")
	addWords(es, wConn, none, 0, 0, "y")

	// Italian: tens and units are written as one word, with elision
	// before uno and otto (ventuno, trentotto).
	itUnits := []string{"uno", "due", "tré|tre", "quattro", "cinque", "sei", "sette", "otto", "nove"}
	addWords(it, wUnit, none, 0, 1, "zero - - tre quattro cinque - sette - nove")
	addWords(it, wUnit, fWeak, 1, 1, "uno|una|un due")
	addWords(it, wUnit, fWeak, 6, 2, "sei otto")
	addWords(it, wTeen, none, 10, 1, "dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove")
	for k, tens := range []string{"venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"} {
		v := uint64(20 + 10*k)
		addWords(it, wTens, none, v, 0, tens)
		for u, unit := range itUnits {
			for _, uu := range strings.Split(unit, "|") {
				stem := tens
				if uu[0] == 'u' || uu[0] == 'o' {
					stem = tens[:len(tens)-1]
				}
				addWords(it, wTeen, none, v+uint64(u)+1, 0, stem+uu)
			}
		}
	}
	addWords(it, wHundred, none, 100, 1, "cento")
	addWords(it, wBig, none, 1000, 1, "mille|mila")
	addWords(it, wBig, fWeak, 1000000, 1, "milione|milioni")
	addWords(it, wConn, fWeak, 0, 0, "e")

	// Romanian (with the spoken teens unșpe, doișpe, …).
	addWords(ro, wUnit, none, 0, 1, "zero unu doi|două trei patru cinci șase|şase șapte|şapte")
	addWords(ro, wUnit, fWeak, 1, 0, "un una")
	addWords(ro, wUnit, fWeak, 8, 1, "opt nouă")
	addWords(ro, wTeen, none, 10, 1, "zece unsprezece|unșpe|unspe doisprezece|douăsprezece|doișpe|doispe treisprezece|treișpe|treispe paisprezece|patrusprezece|paișpe|paispe cincisprezece|cinșpe|cinspe șaisprezece|şaisprezece|șaișpe|saispe șaptesprezece|şaptesprezece|șaptișpe|saptispe optsprezece|optișpe|optispe nouăsprezece|nouășpe|noaspe")
	addWords(ro, wTens, none, 20, 10, "douăzeci treizeci patruzeci cincizeci șaizeci|şaizeci șaptezeci|şaptezeci optzeci nouăzeci")
	addWords(ro, wHundred, none, 100, 1, "sută|suta|sute")
	addWords(ro, wBig, none, 1000, 1, "mii")
	addWords(ro, wBig, fWeak, 1000, 1, "mie")
	addWords(ro, wBig, fWeak, 1000000, 1, "milion|milioane")
	addWords(ro, wConn, none, 0, 0, "și|şi")

	// Portuguese.
	addWords(pt, wUnit, none, 0, 1, "zero - dois|duas - quatro cinco seis sete oito nove")
	addWords(pt, wUnit, fWeak, 1, 2, "um|uma três")
	addWords(pt, wTeen, none, 10, 1, "dez onze - treze catorze|quatorze quinze dezesseis|dezasseis dezessete|dezassete dezoito dezenove|dezanove")
	addWords(pt, wTeen, fWeak, 12, 1, "doze")
	addWords(pt, wTens, none, 20, 10, "vinte trinta quarenta cinquenta sessenta setenta oitenta noventa")
	addWords(pt, wHundred, none, 100, 1, "cem|cento")
	addWords(pt, wHundreds, none, 200, 100, "duzentos|duzentas trezentos|trezentas quatrocentos|quatrocentas quinhentos|quinhentas seiscentos|seiscentas setecentos|setecentas oitocentos|oitocentas novecentos|novecentas")
	addWords(pt, wBig, fWeak, 1000, 1, "mil")
	addWords(pt, wBig, fWeak, 1000000, 1, "milhão|milhões")
	addWords(pt, wConn, fWeak, 0, 0, "e")

	// Turkish: many number words are short common words elsewhere.
	addWords(tr, wUnit, none, 0, 1, "sıfır - - - - - - yedi sekiz dokuz")
	addWords(tr, wUnit, fWeak, 1, 1, "bir iki üç dört beş altı")
	addWords(tr, wTens, fWeak, 10, 1, "on")
	addWords(tr, wTens, none, 20, 10, "yirmi otuz - - altmış yetmiş seksen doksan")
	addWords(tr, wTens, fWeak, 40, 10, "kırk elli")
	addWords(tr, wHundred, fWeak, 100, 1, "yüz")
	addWords(tr, wBig, fWeak, 1000, 1, "bin")
	addWords(tr, wBig, fWeak, 1000000, 1, "milyon")

	// Arabic, standard and spoken (Egyptian, Levantine, Maghrebi) forms.
	addWords(ar, wUnit, none, 0, 1, "صفر واحد|واحدة اثنان|اثنين|اثنتان|اثنتين|إثنين|اتنين ثلاثة|ثلاث|تلاتة|تلاته|تلات أربعة|أربع|اربعة|اربع خمسة|خمس ستة|سته سبعة ثمانية|ثماني|ثمان|تمانية|تمنية|ثمنية تسعة|تسع")
	addWords(ar, wUnit, fWeak, 1, 5, "أحد|إحدى|وحدة ست")
	addWords(ar, wUnit, fWeak, 7, 1, "سبع")
	addWords(ar, wTeen, fArTeen, 10, 1, "عشرة")
	addWords(ar, wTeen, fWeak|fArTeen, 10, 1, "عشر")
	addWords(ar, wTeen, none, 11, 1, "حداشر|احداشر|حدعش اتناشر|اطناشر|اثناشر|طنعش تلتاشر|ثلاثتاشر|تلطعش اربعتاشر|اربعطعش خمستاشر|خمسطعش ستاشر|سطعش سبعتاشر|سبعطعش تمنتاشر|طمنتاشر|تمنطعش تسعتاشر|تسعطعش")
	addWords(ar, wTens, none, 20, 10, "عشرون|عشرين ثلاثون|ثلاثين|تلاتين|تلاثين أربعون|أربعين|اربعين خمسون|خمسين ستون|ستين سبعون|سبعين ثمانون|ثمانين|تمانين تسعون|تسعين")
	addWords(ar, wHundred, none, 100, 1, "مائة|مئة|مية")
	addWords(ar, wHundreds, none, 200, 100, "مائتان|مائتين|مئتان|مئتين|ميتين ثلاثمائة|ثلاثمئة|تلتمية|تلاتمية أربعمائة|أربعمئة|ربعمية|اربعمية خمسمائة|خمسمئة|خمسمية ستمائة|ستمئة|ستمية سبعمائة|سبعمئة|سبعمية ثمانمائة|ثمانمئة|تمنمية|ثمنمية تسعمائة|تسعمئة|تسعمية")
	addWords(ar, wBig, fWeak, 1000, 1, "ألف")
	addWords(ar, wBig, none, 1000, 1, "آلاف|الاف|تلاف")
	addWords(ar, wBigFixed, none, 2000, 1, "ألفين|ألفان")
	addWords(ar, wBig, none, 1000000, 1, "مليون|ملايين")
	addWords(ar, wConn, none, 0, 0, "و")
	addWords(ar, wPrefix, none, 0, 0, "ب")

	// Words for separators between digit groups.
	addWords(en|fr|nl|de|es|ro|it|pt|tr|ar, wDash, none, 0, 0, "dash hyphen tiret streepje guion guión strich bindestrich trattino cratimă liniuță tire شرطة")
	addWords(en|fr|nl|de|es|ro|it|pt|tr|ar, wDot, none, 0, 0, "dot point punt punkt punto punct nokta نقطة")
}
