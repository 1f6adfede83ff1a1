package phone

import (
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// The numbers below are synthetic: libphonenumber's example numbers and
// neighbours of them, never numbers from real data.

type findCase struct {
	name string
	in   string
	opt  Options
	want []string // E.164 values in order
}

var (
	be = Options{Default: "BE"}
	us = Options{Default: "US"}
)

func hint(r string) Options { return Options{Region: r, Default: "BE"} }

var positiveCases = []findCase{
	// Belgium.
	{"be mobile national", "Bel me op 0450 00 12 34 aub", be, []string{"+32450001234"}},
	{"be mobile slash dots", "GSM: 0450/00.12.34", be, []string{"+32450001234"}},
	{"be fixed", "tél. 012 34 56 78", be, []string{"+3212345678"}},
	{"be plus", "WhatsApp +32 450 00 12 34", be, []string{"+32450001234"}},
	{"be plus trunk", "+32 (0)450 00 12 34", be, []string{"+32450001234"}},
	{"be 0032", "0032 450 00 12 34", us, []string{"+32450001234"}},
	{"be 00 32", "00 32 450 00 12 34", us, []string{"+32450001234"}},
	{"be double plus", "++32 450 00 12 34", us, []string{"+32450001234"}},
	{"be bracketed plus", "(+32) 450 00 12 34", us, []string{"+32450001234"}},
	{"be two numbers", "0450 00 12 34 of 0450 00 12 35", be, []string{"+32450001234", "+32450001235"}},
	{"be adjacent numbers", "call 04500012340450001235 now", be, []string{"+32450001234", "+32450001235"}},
	{"be glued label", "tel0450001234", be, []string{"+32450001234"}},
	{"be brussels slash dots", "Tél. 02/512.34.56", be, []string{"+3225123456"}},
	{"be after date", "le 12.05.2024 au 0450 00 12 34", be, []string{"+32450001234"}},
	{"be after time", "10:30 0450 00 12 34", be, []string{"+32450001234"}},
	// France.
	{"fr mobile hint", "Appelez le 06 12 34 56 78", hint("FR"), []string{"+33612345678"}},
	{"fr mobile dots", "06.12.34.56.78", hint("FR"), []string{"+33612345678"}},
	{"fr fixed", "01 23 45 67 89", hint("FR"), []string{"+33123456789"}},
	{"fr international", "+33 6 12 34 56 78", be, []string{"+33612345678"}},
	{"fr 0033", "0033 6 12 34 56 78", be, []string{"+33612345678"}},
	{"fr cue", "06 12 34 56 78", Options{Default: "BE", Cues: []string{"FR"}}, []string{"+33612345678"}},
	{"fr tld cue", "voir www.exemple.fr — 06 12 34 56 78", be, []string{"+33612345678"}},
	{"fr intl cue", "+33 6 12 34 56 78 ou 06 12 34 56 79", be, []string{"+33612345678", "+33612345679"}},
	// Netherlands.
	{"nl mobile", "bel 06-12345678", hint("NL"), []string{"+31612345678"}},
	{"nl fixed", "010 123 4567", hint("NL"), []string{"+31101234567"}},
	{"nl international", "+31 6 12345678", be, []string{"+31612345678"}},
	{"nl international trunk", "+31 (0)6 12345678", be, []string{"+31612345678"}},
	// Morocco.
	{"ma mobile", "0650-123456", hint("MA"), []string{"+212650123456"}},
	{"ma mobile pairs", "06 50 12 34 56", hint("MA"), []string{"+212650123456"}},
	{"ma fixed", "05 20 12 34 56", hint("MA"), []string{"+212520123456"}},
	{"ma international", "واتساب +212 650-123456", be, []string{"+212650123456"}},
	{"ma international trunk", "+212 (0)6 50 12 34 56", be, []string{"+212650123456"}},
	// Libya.
	{"ly mobile", "091-2345678", hint("LY"), []string{"+218912345678"}},
	{"ly fixed", "021-2345678", hint("LY"), []string{"+218212345678"}},
	{"ly international", "+218 91 234 5678", be, []string{"+218912345678"}},
	{"ly arabic digits", "هاتف ٠٩١٢٣٤٥٦٧٨", hint("LY"), []string{"+218912345678"}},
	// Turkey.
	{"tr mobile", "0501 234 56 78", hint("TR"), []string{"+905012345678"}},
	{"tr fixed", "0212 345 67 89", hint("TR"), []string{"+902123456789"}},
	{"tr international", "+90 501 234 56 78", be, []string{"+905012345678"}},
	// Nigeria.
	{"ng mobile", "0802 123 4567", hint("NG"), []string{"+2348021234567"}},
	{"ng international", "+234 802 123 4567", be, []string{"+2348021234567"}},
	// Romania.
	{"ro mobile", "0712 034 567", hint("RO"), []string{"+40712034567"}},
	{"ro fixed", "021 123 4567", hint("RO"), []string{"+40211234567"}},
	{"ro international", "+40 712 034 567", be, []string{"+40712034567"}},
	// United Kingdom.
	{"gb mobile", "07400 123456", hint("GB"), []string{"+447400123456"}},
	{"gb fixed", "0121 234 5678", hint("GB"), []string{"+441212345678"}},
	{"gb international trunk", "+44 (0)7400 123456", be, []string{"+447400123456"}},
	{"gb uk alias", "07400 123456", Options{Region: "uk"}, []string{"+447400123456"}},
	{"gb tld cue", "see example.co.uk: 07400 123456", us, []string{"+447400123456"}},
	// Afghanistan.
	{"af mobile", "070 123 4567", hint("AF"), []string{"+93701234567"}},
	{"af international", "+93 70 123 4567", be, []string{"+93701234567"}},
	{"af persian digits", "۰۷۰ ۱۲۳ ۴۵۶۷", hint("AF"), []string{"+93701234567"}},
	// Syria.
	{"sy mobile", "0944 567 890", hint("SY"), []string{"+963944567890"}},
	{"sy international", "+963 944 567 890", be, []string{"+963944567890"}},
	// Eritrea.
	{"er mobile", "07 123 456", hint("ER"), []string{"+2917123456"}},
	{"er international", "+291 7 123 456", be, []string{"+2917123456"}},
	// United States and obfuscations.
	{"us brackets", "(201)555-0123", us, []string{"+12015550123"}},
	{"us leading 1", "1-201-555-0123", us, []string{"+12015550123"}},
	{"us 011", "011 32 450 00 12 34", us, []string{"+32450001234"}},
	{"us extension", "(201) 555-0123 ext. 45", us, []string{"+12015550123"}},
	{"us square brackets", "[2][0][1]  [5][5][5]  [0][1][2][3]", us, []string{"+12015550123"}},
	{"us at signs", "2@0@1@5@5@5@0@1@2@3", us, []string{"+12015550123"}},
	{"us emoji", "💋2💋01💋555💋0123💋", us, []string{"+12015550123"}},
	{"us dash word", "201 dash 555 dash 0123", us, []string{"+12015550123"}},
	{"us stars", "201*555*0123", us, []string{"+12015550123"}},
	{"us underscores pipes tildes", "201_555|01~23", us, []string{"+12015550123"}},
	{"us colons", "201:555:0123", us, []string{"+12015550123"}},
	{"us braces", "{201}..{555}..{0123}", us, []string{"+12015550123"}},
	{"us bangs", "2!01!555!01!23", us, []string{"+12015550123"}},
	{"us price after", "201-555-0123 $150 per hour", us, []string{"+12015550123"}},
	{"us price before", "Rates: $150 201-555-0123", us, []string{"+12015550123"}},
	{"be amount after", "0450 00 12 34 500 €", be, []string{"+32450001234"}},
	{"us glued long word", "weekend2015550123", us, []string{"+12015550123"}},
	{"us full-width", "＋１　（２０１）　５５５－０１２３", be, []string{"+12015550123"}},
	{"us default takes canada", "(604) 555-0123", us, []string{"+16045550123"}},
	// Region precedence: the line's hint beats cues and the default.
	{"hint beats default", "04 50 00 12 34", Options{Region: "FR", Default: "BE"}, []string{"+33450001234"}},
	{"default when no hint", "0450 00 12 34", Options{Default: "BE", Cues: []string{"GB"}}, []string{"+32450001234"}},
	{"no region but an international number", "+32 450 00 12 34 or 0450 00 12 35", Options{}, []string{"+32450001234", "+32450001235"}},
	{"no region at all", "0450 00 12 35", Options{}, nil},
	// A rental ad full of numbers holds one phone.
	{"rental ad", "Appartement 2 chambres, 85 m², 1er étage, loyer 950 €/mois, charges 150 €, libre le 01/09/2024, 1000 Bruxelles, tél 0450 00 12 34",
		be, []string{"+32450001234"}},
}

var negativeCases = []findCase{
	// Dates and times.
	{"date slashes", "le 12/05/2024", be, nil},
	{"date iso", "2024-05-12", be, nil},
	{"year ranges", "1990-2000 2010-2020", us, nil},
	{"amount with cents", "$1,500.00 or $2,015,550.12", us, nil},
	{"date dots", "12.05.24", be, nil},
	{"date then time", "2012-01-02 08:00", us, nil},
	{"date us", "on 03/27/2011", us, nil},
	{"date year first spaces", "posted 2016 06 17 - 21", us, nil},
	{"time colon", "10:30", be, nil},
	{"time h", "ouvert 10h30-22h00", be, nil},
	{"time range", "10h-22h", be, nil},
	{"24/7", "24/7 201", us, nil},
	// Amounts: each would read as a US number without its currency.
	{"price euro after", "2 015 550 123 €", us, nil},
	{"price euro before", "€ 2 015 550 123", us, nil},
	{"price dollar", "$2,015,550,123", us, nil},
	{"price lei", "2.015.550.123 lei", us, nil},
	{"price leva", "2 015 550 123 лв", us, nil},
	{"price dinar", "2 015 550 123 دينار", us, nil},
	{"price eur word", "EUR 2 015 550 123", us, nil},
	{"price dollars word", "2 015 550 123 dollars", us, nil},
	{"thousands", "3.500", be, nil},
	{"percentage", "201 555 0123 %", us, nil},
	{"percentage word", "taux 95 pourcent", be, nil},
	// Postcodes.
	{"postcode be", "1000 Bruxelles", be, nil},
	{"postcode fr", "75012 Paris", Options{Default: "FR"}, nil},
	{"postcode prefixed", "B-1000 Brussel", be, nil},
	{"zip", "Las Vegas, NV 89109", us, nil},
	// Enterprise and VAT numbers (0450.001.212 passes mod 97 and reads as
	// a Belgian mobile number).
	{"vat be dotted", "BE 0450.001.212", be, nil},
	{"vat be glued", "BE0450001212", be, nil},
	{"enterprise dotted alone", "0450.001.212", be, nil},
	{"tva", "TVA 0450 00 12 34", be, nil},
	{"btw", "BTW: 0450 00 12 34", be, nil},
	{"kbo", "KBO-nummer 0450 00 12 34", be, nil},
	{"bce", "BCE 0450001234", be, nil},
	{"vat", "VAT no. 0450001234", be, nil},
	{"ondernemingsnummer", "ondernemingsnummer 0450 00 12 34", be, nil},
	{"n d'entreprise", "n° d'entreprise : 0450 00 12 34", be, nil},
	// IBANs and cards.
	{"iban glued", "IBAN BE68 5390 0754 7034", be, nil},
	{"iban spaced", "BE 68 5390 0754 7034", be, nil},
	{"iban us-looking", "IBAN: GB82 2015 5501 2345 6789", us, nil},
	{"card", "2015 5501 2345 6789", us, nil},
	// References.
	{"pv", "PV n° 0450 00 12 34", be, nil},
	{"dossier", "dossier 0450001234", be, nil},
	{"ref", "ref. 2015550123", us, nil},
	{"ref accented", "réf : 0450001234", be, nil},
	{"case no", "case no. 2015550123", us, nil},
	{"referentie", "referentie 0450 00 12 34", be, nil},
	{"notice", "notice 2015550123", us, nil},
	{"id", "ID: 2015550123", us, nil},
	{"order", "Order #2015550123", us, nil},
	{"isbn", "ISBN 978-2-01-555012-3", us, nil},
	// Counting runs, long runs and coordinates.
	{"json id", `{"from_id": 2015550123,`, us, nil},
	{"file time stamp", "video_1@21-09-2020_01-02-38.mp4", us, nil},
	{"file time stamp year first", "00000035-PHOTO-2022-03-27-21-41-55.jpg", us, nil},
	{"percent-encoded", "q=%2220155501%22", us, nil},
	{"counting down", "2022/21/20/19/18", us, nil},
	{"age picker", "Age: 18 19 20 21 22 23 24 25 26 27 28 29 30", us, nil},
	{"numbered list", "1 2 3 4 5 6 7 8 9 10 11 12", us, nil},
	{"long run", "*8284323547295836", us, nil},
	{"long run glued", "ab2015550123", us, nil},
	{"coordinates", "50.8503 4.3517", be, nil},
	{"coordinates negative", "40.7128 -74.0060", us, nil},
	// Merely possible numbers are never accepted.
	{"possible only", "7121115678", us, nil},
	{"national prefix required", "450 00 12 34", be, nil},
	{"arithmetic plus", "650+253+1234", us, nil},
	{"extension glued", "650x2531234", us, nil},
}

func values(es []vigie.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Value)
	}
	return out
}

func TestFind(t *testing.T) {
	for _, tc := range slices.Concat(positiveCases, negativeCases) {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(normalize.Digits(tc.in), tc.opt)
			if gv := values(got); !slices.Equal(gv, tc.want) {
				t.Errorf("Find(%q, %+v) = %v; want %v", tc.in, tc.opt, gv, tc.want)
			}
			checkEntities(t, tc.in, got)
		})
	}
}

// checkEntities checks the entity invariants: spans inside the input and in
// order, Text the original substring, Value a valid E.164 number.
func checkEntities(t *testing.T, in string, es []vigie.Entity) {
	t.Helper()
	last := 0
	for _, e := range es {
		if e.Kind != vigie.KindPhone {
			t.Errorf("Find(%q): kind %q; want phone", in, e.Kind)
		}
		if e.Start < last || e.End < e.Start || e.End > len(in) {
			t.Fatalf("Find(%q): span [%d,%d) out of order or outside [%d,%d)", in, e.Start, e.End, last, len(in))
		}
		last = e.Start
		if e.Text != in[e.Start:e.End] {
			t.Errorf("Find(%q): Text %q; want in[%d:%d] = %q", in, e.Text, e.Start, e.End, in[e.Start:e.End])
		}
		if !strings.HasPrefix(e.Value, "+") {
			t.Errorf("Find(%q): Value %q does not start with '+'", in, e.Value)
		}
		num, err := phonenumbers.Parse(e.Value, "ZZ")
		if err != nil || !phonenumbers.IsValidNumber(num) || phonenumbers.Format(num, phonenumbers.E164) != e.Value {
			t.Errorf("Find(%q): Value %q is not a valid E.164 number (%v)", in, e.Value, err)
		}
	}
}

func TestFindText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		opt  Options
		want string
	}{
		{"Call (201) 555-0123 now", us, "(201) 555-0123"},
		{"[2][0][1]  [5][5][5]  [0][1][2][3]", us, "[2][0][1]  [5][5][5]  [0][1][2][3]"},
		{"WhatsApp: +32 (0)450 00 12 34.", be, "+32 (0)450 00 12 34"},
		{"(+32) 450 00 12 34", be, "(+32) 450 00 12 34"},
		{"tel. (0)450 00 12 34", be, "(0)450 00 12 34"},
		{"هاتف ٠٩١٢٣٤٥٦٧٨", hint("LY"), "٠٩١٢٣٤٥٦٧٨"},
		{"(201) 555-0123 ext. 45", us, "(201) 555-0123"},
	} {
		got := Find(normalize.Digits(tc.in), tc.opt)
		if len(got) != 1 || got[0].Text != tc.want {
			t.Errorf("Find(%q) = %v; want one with Text %q", tc.in, got, tc.want)
		}
	}
}

func TestTextCues(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"see https://www.example.co.uk/contact", []string{"GB"}},
		{"mail info@exemple.be or visit exemple.fr/x, exemple.be", []string{"BE", "FR"}},
		{"site.com.au", []string{"AU"}},
		{"+33 6 12 34 56 78 and www.example.nl", []string{"FR", "NL"}},
		{"+1 201 555 0123", []string{"US"}},
		{"bit.ly/abc and sentence.it is", nil},
		{"example.com example.io", nil},
		{"", nil},
	} {
		if got := TextCues(normalize.Digits(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("TextCues(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// TestFindBudget checks that a text made of thousands of digit groups is
// handled without blowing up (the parse budget bounds the work).
func TestFindBudget(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		b.WriteString("201 555 01")
		b.WriteByte(byte('0' + i%10))
		b.WriteByte(byte('0' + i/10%10))
		b.WriteString(" x ")
	}
	got := Find(normalize.Digits(b.String()), us)
	if len(got) == 0 || len(got) > 20000 {
		t.Errorf("Find(20000 numbers) found %d", len(got))
	}
}

func FuzzFind(f *testing.F) {
	for _, tc := range slices.Concat(positiveCases, negativeCases) {
		f.Add(tc.in, tc.opt.Region)
	}
	f.Add("\x00+32\xff450 00 12 34", "BE")
	f.Add(strings.Repeat("0", 300), "US")
	f.Add("+88800000000000", "BE") // a non-geographic number is no region cue (found by CI's fuzzing)
	f.Fuzz(func(t *testing.T, in, region string) {
		es := Find(normalize.Digits(in), Options{Region: region, Default: "BE", Cues: []string{"US", "FR"}})
		checkEntities(t, in, es)
		for _, r := range TextCues(normalize.Digits(in)) {
			if canonRegion(r) != r {
				t.Errorf("TextCues(%q) holds %q, not a supported region", in, r)
			}
		}
	})
}

// BenchmarkFindAdversarial runs Find over inputs built to trigger
// quadratic behaviour: dotted host names, digit lists, slashes, plus signs.
func BenchmarkFindAdversarial(b *testing.B) {
	for _, tc := range []struct{ name, unit string }{
		{"dots", "a."},
		{"digits", "0 "},
		{"groups", "201 555 0123 "},
		{"slashes", "http://x/1/"},
		{"plus", "+1 "},
		{"words", "tel 2 "},
		{"emoji", "2💋"},
	} {
		in := normalize.Digits(strings.Repeat(tc.unit, 1<<20/len(tc.unit)))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.Orig)))
			for b.Loop() {
				Find(in, Options{Default: "US", Cues: []string{"BE", "FR"}})
			}
		})
	}
}

// TestFindConcurrent runs Find from several goroutines over shared texts;
// run it with -race.
func TestFindConcurrent(t *testing.T) {
	texts := make([]*normalize.Text, len(positiveCases))
	for k, tc := range positiveCases {
		texts[k] = normalize.Digits(tc.in)
	}
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for k, tc := range positiveCases {
				ok = ok && slices.Equal(values(Find(texts[k], tc.opt)), tc.want)
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("concurrent Find gave a different result")
		}
	}
}
