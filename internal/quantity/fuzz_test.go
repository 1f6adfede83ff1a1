package quantity

import (
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
)

func FuzzFind(f *testing.F) {
	for _, seed := range []string{
		"3500 €", "€2.500,-", "$150/30m", "15 000 €", "100%", "%95", "٪٩٥", "19 ans", "Age: 24",
		"i'm 19", "18-25 ani", "$401-600", "555-123-4567 $", "12.05.2016", "24/7", "۵۰۰ هزار تومان",
		"5000 دينار", "ب500 دولار", "3500e", ".5%", "1'500 CHF", "N50,000", "$6.35M", "5 mille euros",
		"\xff\xfe19 ans\x00", "1e10", "9999999999999999999 €", "$99999999999999b",
	} {
		f.Add(seed)
	}
	for _, c := range allCases() {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		es := Find(normalize.Digits(in))
		prev := 0
		for _, e := range es {
			if e.Start < prev || e.End <= e.Start || e.End > len(in) {
				t.Fatalf("Find(%q): entity %+v out of order or out of range", in, e)
			}
			if in[e.Start:e.End] != e.Text {
				t.Fatalf("Find(%q): entity %+v Text is not input[%d:%d]", in, e, e.Start, e.End)
			}
			if utf8.ValidString(in) && !utf8.ValidString(e.Text) {
				t.Fatalf("Find(%q): entity %+v cuts a character", in, e)
			}
			if !validValue(e) {
				t.Fatalf("Find(%q): entity %+v has a malformed value", in, e)
			}
			prev = e.End
		}
	})
}

// FuzzQuiet checks the shortcut of classify: a number that quiet calls
// quiet is no percentage, price nor age for the full readers either, glued
// or not, wherever it starts.
func FuzzQuiet(f *testing.F) {
	for _, seed := range []string{
		"age: 19", "age-19", "19-year-old", "19 ans", "19yo", "Rs. 500", "kr. 500", "us$300", "300 USD",
		"€2.500,-", "3000000 de dólares", "3 millions d'euros", "5k", "%95", "yüzde 95", "95%", "i'm 19",
		"(555) 123-4567", "12:30 - 14:00", "1,2,3", "5 0 3 9", "june 21, 2016", "د.م. 500", "500 د.م.",
		"age = - 19", "age: - 19", "عمري 19", "19 سنة", ".5%", "12 ₺", "۵۰۰ هزار تومان",
	} {
		f.Add(seed)
	}
	for _, c := range allCases() {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		v := normalize.Digits(in)
		s := v.Norm
		for i := 0; i < len(s); i++ {
			if !isDigit(s[i]) {
				continue
			}
			var as []amount
			if a, ok := parseAmount(s, i); ok {
				as = append(as, a)
				if i >= 1 && s[i-1] == '.' {
					as = append(as, amount{start: i - 1, end: a.end, frac: s[i:a.end], digits: 1})
				}
			}
			if a, ok := parseHead(s, i); ok {
				as = append(as, a)
			}
			for _, a := range as {
				if !quiet(s, a.start, a.end) {
					continue
				}
				sc := scanner{t: v, s: s, pending: -1, rangeB: -1}
				_, p := sc.percent(a)
				_, g := sc.age(a)
				_, pr := sc.price(a, false, false)
				_, prg := sc.price(a, true, false)
				if p || g || pr || prg {
					t.Errorf("quiet(%q, %d, %d) but percent %v, age %v, price %v, glued price %v", s, a.start, a.end, p, g, pr, prg)
				}
			}
		}
	})
}
