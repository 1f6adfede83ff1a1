package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii lower", "Hello WORLD", "hello world"},
		{"spaces collapsed", "  a \t\n\r b\u00a0\u2003c\u3000 ", "a b c"},
		{"line separators", "a\u2028b\u0085c", "a b c"},
		{"controls dropped", "a\x00b\x01c\x7fd\u0080e", "abcde"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"full width", "ＡＢＣ１２３！", "abc123!"},
		{"circled", "①②⑩⑳", "121020"},
		{"dingbat digits", "❶➋➓⓫", "121011"},
		{"mathematical", "𝟏𝟐𝐀𝐁", "12ab"},
		{"superscripts", "x²³⁴ H₂O", "x234 h2o"},
		{"keycaps", "4️⃣7️⃣#️⃣", "47#"},
		{"keycap ten", "🔟", "10"},
		{"squared letters", "🅲🅰🅻🅻", "call"},
		{"ligature", "ﬁne", "fine"},
		{"latin diacritics", "Ünïcödé çà Ñ Ș ț Ą ł Ø Æ ß", "unicode ca n s t a l o ae ss"},
		{"dotted capital i", "İstanbul", "istanbul"},
		{"greek", "Ἀθῆναι ΣΟΦΟΣ", "αθηναι σοφοσ"},
		{"cyrillic", "Ёлка Йод ЖЁСТКО", "елка иод жестко"},
		{"hebrew points", "שָׁלוֹם", "שלום"},
		{"arabic harakat and tatweel", "مَرْحَبًا جـــميل", "مرحبا جميل"},
		{"arabic alef variants", "أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"},
		{"arabic yeh teh kaf", "مكتبة على ی ک", "مكتبه علي ي ك"},
		{"hamza carriers", "مؤمن مسائل", "مومن مسايل"},
		{"arabic presentation forms", "ﻻ ﷲ", "لا الله"},
		{"arabic indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"persian digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"devanagari digits", "०१२३", "0123"},
		{"bengali thai digits", "১২৩ ๑๒๓", "123 123"},
		{"arabic punctuation", "١٢٫٥٠ ٪ ، ؟", "12.50 % , ?"},
		{"invisible", "wh\u200dats\u200capp\u00ad\ufeff\u2060x\u202ey", "whatsappxy"},
		{"variation selector", "❤️", "❤"},
		{"skin tone", "👍🏽", "👍"},
		{"emoji kept", "🚤 🇮🇹", "🚤 🇮🇹"},
		{"quotes and dashes", "I’m “ok” – 5—6 −7", "i'm \"ok\" - 5-6 -7"},
		{"spacing accent kept", "a¨b", "a¨b"},
		{"devanagari kept", "नमस्ते", "नमस्ते"},
		{"hangul kept", "한국어", "한국어"},
		{"cjk compatibility", "㏂ ㎏", "a.m. kg"},
		{"empty", "", ""},
		{"only spaces", " \t ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in).Norm; got != tt.want {
				t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldSpans(t *testing.T) {
	tests := []struct {
		name, in string
		i, j     int    // a range of Norm
		want     string // the original text it maps to
	}{
		{"ascii", "Hello World", 6, 11, "World"},
		{"keycap covers three code points", "call 4️⃣ now", 5, 6, "4️⃣"},
		{"combining marks covered", "cafe\u0301 x", 0, 4, "cafe\u0301"},
		{"zwj inside", "wh\u200dats", 0, 5, "wh\u200dats"},
		{"collapsed space covers the run", "a \t\n b", 1, 2, " \t\n "},
		{"full width", "ＡＢＣ", 1, 2, "Ｂ"},
		{"expansion", "Straße", 4, 6, "ß"},
		{"arabic", "أحمد", 0, len("احمد"), "أحمد"},
		{"leading space skipped", "  x", 0, 1, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fold(tt.in)
			if got := f.OrigText(tt.i, tt.j); got != tt.want {
				t.Errorf("Fold(%q).OrigText(%d, %d) = %q; want %q (norm %q)", tt.in, tt.i, tt.j, got, tt.want, f.Norm)
			}
		})
	}
}

func TestSpanClamps(t *testing.T) {
	f := Fold("abc")
	tests := []struct {
		name       string
		i, j       int
		start, end int
	}{
		{"whole", 0, 3, 0, 3},
		{"empty", 1, 1, 1, 1},
		{"past end", 5, 9, 3, 3},
		{"j past end", 1, 9, 1, 3},
		{"negative i", -2, 1, 0, 1},
		{"reversed", 2, 1, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := f.Span(tt.i, tt.j)
			if s != tt.start || e != tt.end {
				t.Errorf("Span(%d, %d) = %d, %d; want %d, %d", tt.i, tt.j, s, e, tt.start, tt.end)
			}
		})
	}
}

func TestDigits(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// English.
		{"en units", "four seven five", "4 7 5"},
		{"en glued to digits", "0seven9one1", "07911"},
		{"en ten", "TEN", "10"},
		{"en nine16", "Nine16", "916"},
		{"en mixed groups", "2ONE6-SIX2TWO-5NINE5FOUR", "216-622-5954"},
		{"en twentysix oh", "6twentysix-4ohthree-o6oo", "626-403-0600"},
		{"en dots", "FIVE7THREE.8TWO3.78TEN", "573.823.7810"},
		{"en spaced", "8four five 2Osix one6nineseven", "84 5 206 1697"},
		{"en tens space", "twenty six", "26"},
		{"en tens glued", "twentysix", "26"},
		{"en tens hyphen", "sixty-two", "62"},
		{"en hundred", "five hundred", "500"},
		{"en a hundred", "a hundred roses", "100 roses"},
		{"en digit hundred", "5 hundred", "500"},
		{"en thousand", "two thousand five hundred and fifty", "2550"},
		{"en oh between", "5 oh 5", "5 0 5"},
		{"en o sandwiched", "9 six 9 eight 9 o 9 five", "9 6 9 8 9 0 9 5"},
		{"en zero for o", "2th0usand", "2000"},
		{"en teens", "nineteen eighteen", "19 18"},
		// French.
		{"fr units", "quatre sept cinq", "4 7 5"},
		{"fr soixante-deux", "soixante-deux", "62"},
		{"fr 97", "quatre-vingt-dix-sept", "97"},
		{"fr 80", "quatre-vingts", "80"},
		{"fr 71", "soixante et onze", "71"},
		{"fr 21", "vingt et un", "21"},
		{"fr dix-huit", "dix-huit", "18"},
		{"fr phone pairs", "zéro six, douze, trente-quatre", "0 6, 12, 34"},
		{"fr cents", "cinq cents euros", "500 euros"},
		{"fr mille", "mille", "1000"},
		{"fr deux mille", "deux mille cinq cents", "2500"},
		{"fr decimal mille", "1.5 mille euros", "1500 euros"},
		{"fr decimal comma mille", "2,5 mille", "2500"},
		{"en decimal thousand", "3.25 thousand", "3250"},
		{"nl decimal miljoen", "0,5 miljoen", "500000"},
		{"decimal without multiplier stays", "1.5 kg", "1.5 kg"},
		{"decimal times hundred not joined", "1.5 hundred", "1.5 100"},
		{"too many decimals not joined", "1.2345 mille", "1.2345 1000"},
		{"fr belgian", "septante-deux nonante", "72 90"},
		// Dutch.
		{"nl units", "vier zeven vijf", "4 7 5"},
		{"nl compound", "zevenentwintig", "27"},
		{"nl tweeëntwintig", "tweeëntwintig", "22"},
		{"nl honderd", "vijfhonderd", "500"},
		{"nl duizend", "drieduizend", "3000"},
		{"nl een in a row", "nul vier een twee", "0 4 1 2"},
		// German.
		{"de units", "vier sieben fünf", "4 7 5"},
		{"de compound", "siebenundzwanzig", "27"},
		{"de einundzwanzig", "einundzwanzig", "21"},
		{"de hundert", "zweihundert", "200"},
		{"de dreissig", "dreißig", "30"},
		{"de zwo", "null zwo", "0 2"},
		// Spanish.
		{"es units", "cuatro siete cinco", "4 7 5"},
		{"es veintiuno", "veintiuno", "21"},
		{"es y", "treinta y dos", "32"},
		{"es quinientos", "quinientos euros", "500 euros"},
		{"es dos mil", "dos mil", "2000"},
		{"es tres in a row", "tres cuatro cinco", "3 4 5"},
		// Italian.
		{"it units", "quattro sette cinque", "4 7 5"},
		{"it ventuno", "ventuno trentotto", "21 38"},
		{"it duecento", "duecento", "200"},
		{"it duemila", "duemila", "2000"},
		// Romanian.
		{"ro units", "patru șapte cinci", "4 7 5"},
		{"ro 21", "douăzeci și unu", "21"},
		{"ro teens", "unsprezece nouăsprezece", "11 19"},
		{"ro o suta", "o sută", "100"},
		{"ro doua sute", "două sute", "200"},
		{"ro mii", "trei mii", "3000"},
		// Portuguese.
		{"pt units", "quatro sete cinco", "4 7 5"},
		{"pt e", "vinte e um", "21"},
		{"pt quinhentos", "quinhentos", "500"},
		// Turkish.
		{"tr units in a row", "dört yedi beş", "4 7 5"},
		{"tr on bir", "on bir", "11"},
		{"tr iki bin", "iki bin", "2000"},
		// Arabic.
		{"ar units", "واحد اثنان ثلاثة", "1 2 3"},
		{"ar spoken", "واحد اتنين تلاتة", "1 2 3"},
		{"ar 25 with و glued", "خمسة وعشرين", "25"},
		{"ar 25 with و apart", "خمسة و عشرين", "25"},
		{"ar 20", "عشرين", "20"},
		{"ar 15", "خمسة عشر", "15"},
		{"ar 3000", "ثلاثة آلاف", "3000"},
		{"ar 2500", "ألفين وخمسمائة", "2500"},
		{"ar 125", "مائة وخمسة وعشرون", "125"},
		{"ar price prefix", "بخمسين دولار", "ب50 دولار"},
		{"ar digits", "٠٥٥٥ ١٢٣", "0555 123"},
		// Confusables.
		{"o in digits", "O475 2O6 o16one", "0475 206 0161"},
		{"o and l", "1oO% real", "100% real"},
		{"quote separated", "6'o2' 688 oo94", "6'02' 688 0094"},
		{"i between digits", "2i6", "216"},
		// Separators.
		{"dash word", "555 dash 1234", "555 - 1234"},
		{"tiret word", "06 tiret 12", "06 - 12"},
		{"dot word", "555 dot 1234", "555 . 1234"},
		{"separators kept", "(269)threeseven0eight5three6", "(269)3708536"},
		{"stars kept", "61*9*9*5*2.4*3.8*2", "61*9*9*5*2.4*3.8*2"},
		{"commas kept", "615,8eight6,o16one", "615,886,0161"},
		{"letters glued kept", "Kayla415:799::7one83", "kayla415:799::7183"},
		{"keycaps", "4️⃣7️⃣5️⃣", "475"},
		// Hard negatives: nothing changes.
		{"ordinary words", "someone often tone done alone bone", "someone often tone done alone bone"},
		{"fr neuf dixie", "un appartement neuf dixie neuve", "un appartement neuf dixie neuve"},
		{"lone I and o", "I am o k", "i am o k"},
		{"one of a kind", "one of a kind", "one of a kind"},
		{"fr tres", "très belle", "tres belle"},
		{"fr dos", "massage du dos 60 min", "massage du dos 60 min"},
		{"en once", "once a week", "once a week"},
		{"it sei", "sei bellissima", "sei bellissima"},
		{"nl een", "een vrouw", "een vrouw"},
		{"de ein", "ein Zimmer", "ein zimmer"},
		{"en cents", "fifty cents", "50 cents"},
		{"en 5 cents", "5 cents", "5 cents"},
		{"letters and digits", "l3ch3 mp3 4u 10am 2nd 34b", "l3ch3 mp3 4u 10am 2nd 34b"},
		{"dash word without numbers", "a dash of salt", "a dash of salt"},
		{"point", "the point is 5", "the point is 5"},
		{"one on one", "1 on 1 and two on two", "1 on 1 and 2 on 2"},
		{"i next to one digit", "i5 6171i", "i5 6171i"},
		{"weak word of another language", "two dos", "2 dos"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Digits(tt.in).Norm; got != tt.want {
				t.Errorf("Digits(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDigitsSpans(t *testing.T) {
	tests := []struct {
		name, in string
		norm     string // a substring of Norm, first occurrence
		want     string // the original text it maps to
	}{
		{"word", "call TEN now", "10", "TEN"},
		{"tens across space", "x twenty six y", "26", "twenty six"},
		{"glued", "0seven9one1", "7", "seven"},
		{"confusable", "2O6", "0", "O"},
		{"compound", "quatre-vingt-dix-sept", "97", "quatre-vingt-dix-sept"},
		{"arabic with و", "خمسة و عشرين", "25", "خمسة و عشرين"},
		{"arabic prefix kept out", "بخمسين", "50", "خمسين"},
		{"digit multiplier", "only 5 hundred", "500", "5 hundred"},
		{"dash word", "555 dash 1234", "-", "dash"},
		{"keycap", "4️⃣", "4", "4️⃣"},
		{"full width word", "ＴＥＮ", "10", "ＴＥＮ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Digits(tt.in)
			i := strings.Index(d.Norm, tt.norm)
			if i < 0 {
				t.Fatalf("Digits(%q).Norm = %q; want it to hold %q", tt.in, d.Norm, tt.norm)
			}
			if got := d.OrigText(i, i+len(tt.norm)); got != tt.want {
				t.Errorf("Digits(%q).OrigText(%q) = %q; want %q", tt.in, tt.norm, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // kind letter + text
	}{
		{"words numbers punct", "Call 0475, now!", []string{"w:call", "n:0475", "p:,", "w:now", "p:!"}},
		{"symbols", "€50 🚤🚤", []string{"s:€", "n:50", "s:🚤", "s:🚤"}},
		{"mixed word", "a4 4a", []string{"w:a4", "w:4a"}},
		{"arabic", "مرحبا ٥", []string{"w:مرحبا", "n:5"}},
		{"keycap number", "4️⃣5️⃣", []string{"n:45"}},
	}
	kinds := map[TokenKind]string{Word: "w", Number: "n", Symbol: "s", Punct: "p"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fold(tt.in)
			var got []string
			for _, tok := range f.Tokens() {
				got = append(got, kinds[tok.Kind]+":"+f.Norm[tok.Start:tok.End])
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Fold(%q).Tokens() = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
}

// checkText verifies the invariants of a Text: valid UTF-8, no leading,
// trailing or double spaces, every byte's span inside Orig and non-empty,
// spans non-decreasing.
func checkText(t *testing.T, name string, x *Text) {
	t.Helper()
	if !utf8.ValidString(x.Norm) {
		t.Errorf("%s(%q).Norm = %q is not valid UTF-8", name, x.Orig, x.Norm)
	}
	if strings.HasPrefix(x.Norm, " ") || strings.HasSuffix(x.Norm, " ") || strings.Contains(x.Norm, "  ") {
		t.Errorf("%s(%q).Norm = %q has stray spaces", name, x.Orig, x.Norm)
	}
	ps, pe := 0, 0
	for i := 0; i < len(x.Norm); i++ {
		s, e := x.Span(i, i+1)
		if s < 0 || e > len(x.Orig) || s >= e {
			t.Fatalf("%s(%q).Span(%d, %d) = %d, %d; want a non-empty range inside [0, %d]", name, x.Orig, i, i+1, s, e, len(x.Orig))
		}
		if s < ps || e < pe {
			t.Fatalf("%s(%q).Span(%d, %d) = %d, %d after %d, %d; want non-decreasing", name, x.Orig, i, i+1, s, e, ps, pe)
		}
		ps, pe = s, e
	}
	if s, e := x.Span(0, len(x.Norm)); len(x.Norm) > 0 && (s > e || e > len(x.Orig)) {
		t.Errorf("%s(%q).Span(0, %d) = %d, %d", name, x.Orig, len(x.Norm), s, e)
	}
	for _, tok := range x.Tokens() {
		if tok.Start < 0 || int(tok.End) > len(x.Norm) || tok.Start >= tok.End {
			t.Fatalf("%s(%q).Tokens() has %+v outside Norm (%d bytes)", name, x.Orig, tok, len(x.Norm))
		}
	}
}

// TestSpanProperty checks the span invariants on the real ads and on
// texts built to stress them.
func TestSpanProperty(t *testing.T) {
	inputs := []string{
		"", " ", "\x00", "\xff\xfe", "e\u0301\u0301\u0301", "\u200d\u200d", " \u0301 x", "x \u0301",
		"ﷺ ﷺ", "⑴ ⒈ ½", "a\u00a8 b", "4️⃣ 🔟 ❶", "🏽", "\ufeffabc", "Ǆ ǅ ǆ", "ΐ ΰ",
	}
	inputs = append(inputs, ads(t)...)
	for _, in := range inputs {
		checkText(t, "Fold", Fold(in))
		checkText(t, "Digits", Digits(in))
	}
}

// TestFoldIdempotent checks Fold(Fold(s).Norm) == Fold(s).Norm on the real
// ads and on every rune of the fold table.
func TestFoldIdempotent(t *testing.T) {
	inputs := ads(t)
	for _, fr := range foldRanges {
		inputs = append(inputs, "a"+string(fr.lo)+"b", string(fr.hi))
	}
	for _, in := range inputs {
		once := Fold(in).Norm
		if twice := Fold(once).Norm; twice != once {
			t.Errorf("Fold(Fold(%q)) = %q; want %q", in, twice, once)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := Fold(s)
		checkText(t, "Fold", x)
		if x.Orig != s {
			t.Fatalf("Fold(%q).Orig = %q", s, x.Orig)
		}
		if twice := Fold(x.Norm).Norm; twice != x.Norm {
			t.Errorf("Fold(Fold(%q)) = %q; want %q", s, twice, x.Norm)
		}
		if isASCIILower(s) && x.Norm != strings.Join(strings.Fields(s), " ") {
			t.Errorf("Fold(%q) = %q; want it unchanged but for spaces", s, x.Norm)
		}
	})
}

func FuzzDigits(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := Digits(s)
		checkText(t, "Digits", x)
		if x.Orig != s {
			t.Fatalf("Digits(%q).Orig = %q", s, x.Orig)
		}
	})
}

func isASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != ' ' && (c < 0x21 || c > 0x7e || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func fuzzSeeds() []string {
	return []string{
		"four seven five", "0seven9one1", "2ONE6-SIX2TWO-5NINE5FOUR", "6twentysix-4ohthree-o6oo",
		"quatre-vingt-dix-sept", "خمسة و عشرين", "ألفين وخمسمائة", "4️⃣5️⃣", "ＴＥＮ ①", "o sută",
		"555 dash 1234", "\x00\xff\u200d", "e\u0301", "two thousand five hundred and fifty", "5 hundred",
		strings.Repeat("one", 40), strings.Repeat("1o", 60),
	}
}

// TestFoldAllocs guards the allocations of Fold on plain text (the output,
// the origin map and the Text) and of Digits.
func TestFoldAllocs(t *testing.T) {
	s := strings.Repeat("Call me at 555 0101, I am new in town!  ", 50)
	if n := testing.AllocsPerRun(20, func() { Fold(s) }); n > 3 {
		t.Errorf("Fold allocates %.0f times; want <= 3", n)
	}
	// Digits also grows its lists of runs and numbers: a few allocations
	// per doubling, never one per character.
	if n := testing.AllocsPerRun(20, func() { Digits(s) }); n > 16 {
		t.Errorf("Digits allocates %.0f times; want <= 16", n)
	}
}

func TestDigitsOfEqualsDigits(t *testing.T) {
	for _, s := range []string{
		"", "call 0seven9one1 now", "FIVE7THREE.8TWO3.78TEN", "quatre-vingt-dix-sept euros",
		"٠٤٧٥ ١٢ ٣٤ ٥٦", "4️⃣7️⃣0️⃣", "no numbers here", "caf\xe9",
	} {
		a, b := Digits(s), DigitsOf(Fold(s))
		if a.Norm != b.Norm {
			t.Errorf("DigitsOf(Fold(%q)).Norm = %q; want %q", s, b.Norm, a.Norm)
			continue
		}
		for i := 0; i < len(a.Norm); i++ {
			as, ae := a.Span(i, i+1)
			bs, be := b.Span(i, i+1)
			if as != bs || ae != be {
				t.Errorf("DigitsOf(Fold(%q)).Span(%d) = %d,%d; want %d,%d", s, i, bs, be, as, ae)
				break
			}
		}
	}
}
