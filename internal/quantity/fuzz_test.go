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
