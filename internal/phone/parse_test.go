package phone

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// libParse returns what phonenumbers.ParseAndKeepRawInputToNumber makes of
// s in region r, in the terms of parsed, and whether it succeeded.
func libParse(s, r string) (parsed, bool) {
	num := &phonenumbers.PhoneNumber{}
	if err := phonenumbers.ParseAndKeepRawInputToNumber(s, r, num); err != nil || num.GetExtension() != "" {
		return parsed{}, false
	}
	return parsed{cc: int(num.GetCountryCode()), nsn: phonenumbers.GetNationalSignificantNumber(num), src: num.GetCountryCodeSource()}, true
}

// parseInputs returns digit strings that put the parse of region md to the
// test: its example numbers bare and with national prefix, calling code and
// international prefixes, and random strings built from the same pieces.
func parseInputs(md *phonenumbers.PhoneMetadata, rng *rand.Rand) []string {
	ccs := itoa(int(md.GetCountryCode()))
	pieces := []string{"", "0", "00", "1", "8", "9", "011", "810", "0011", "010", "001", ccs, "00" + ccs, md.GetNationalPrefix()}
	var bases []string
	for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetFixedLine(), md.GetMobile(), md.GetTollFree(),
		md.GetPremiumRate(), md.GetSharedCost(), md.GetPersonalNumber(), md.GetVoip(), md.GetPager(),
		md.GetUan(), md.GetVoicemail()} {
		if e := d.GetExampleNumber(); e != "" {
			bases = append(bases, e)
		}
	}
	var out []string
	for _, b := range bases {
		for _, p := range pieces {
			out = append(out, p+b)
			if len(b) > 1 {
				out = append(out, p+b[1:], p+b[:len(b)-1], p+b+"0")
			}
		}
	}
	for range 300 {
		var sb strings.Builder
		if rng.IntN(2) == 0 {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if len(bases) > 0 && rng.IntN(2) == 0 {
			b := bases[rng.IntN(len(bases))]
			sb.WriteString(b[:rng.IntN(len(b)+1)])
		}
		for n := rng.IntN(14); n > 0; n-- {
			sb.WriteByte(byte('0' + rng.IntN(10)))
		}
		out = append(out, sb.String())
	}
	return out
}

// TestParseDigitsMatchesLibrary compares parseDigits and parsePlus with
// phonenumbers on every region, and npPresent with
// phonenumbers.IsNationalPrefixPresentIfRequired.
func TestParseDigitsMatchesLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("parses over 100,000 numbers with phonenumbers; skipped in -short mode")
	}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	regions, n := 0, 0
	for _, md := range coll.GetMetadata() {
		r := md.GetId()
		inputs := parseInputs(md, rng)
		if ri := regionTable[r]; ri != nil {
			regions++
			if !ri.pm.get().ok {
				t.Errorf("region %s: parse metadata not understood", r)
				continue
			}
			for _, d := range inputs {
				n++
				checkParse(t, d, r, ri.pm)
			}
		}
		for _, d := range inputs {
			got, v := parsePlus(d)
			want, ok := libParse("+"+d, "ZZ")
			if v == parseAsk || (v == parseOK) != ok || got != want {
				t.Errorf("parsePlus(%q) = %+v, %v; phonenumbers: %+v, %v", d, got, v, want, ok)
			}
		}
	}
	for cc, pm := range ccMetas {
		if !pm.get().ok {
			t.Errorf("calling code %d: parse metadata not understood", cc)
		}
	}
	t.Logf("%d regions, %d inputs", regions, n)
}

// checkParse compares parseDigits(d, pm) with phonenumbers in region r.
func checkParse(t *testing.T, d, r string, pm *parseMeta) {
	t.Helper()
	got, v := parseDigits(d, pm)
	want, ok := libParse(d, r)
	if v == parseAsk || (v == parseOK) != ok || got != want {
		t.Errorf("parseDigits(%q, %s) = %+v, %v; phonenumbers: %+v, %v", d, r, got, v, want, ok)
		return
	}
	if !ok || got.src != phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY {
		return
	}
	num := &phonenumbers.PhoneNumber{}
	if err := phonenumbers.ParseAndKeepRawInputToNumber(d, r, num); err != nil {
		t.Fatal(err)
	}
	f := &finder{num: &phonenumbers.PhoneNumber{}}
	f.setNum(got.cc, got.nsn)
	if g, w := f.npPresent(d), phonenumbers.IsNationalPrefixPresentIfRequired(num); g != w {
		t.Errorf("npPresent(%q) in %s = %v; phonenumbers says %v", d, r, g, w)
	}
}

// FuzzParseDigits compares parseDigits with phonenumbers on digit strings
// in a few regions with pattern national prefixes.
func FuzzParseDigits(f *testing.F) {
	for _, s := range []string{"07700900123", "0044 7700 900123", "4407700900123", "011 55 21 1234 5678", "0 21 98765 4321", "8 017 123 45 67"} {
		f.Add(s)
	}
	regions := []string{"GB", "BR", "AU", "JP", "BY", "AR", "MX", "KR", "US", "BE"}
	f.Fuzz(func(t *testing.T, s string) {
		d := strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, s)
		if len(d) > 30 {
			return
		}
		for _, r := range regions {
			checkParse(t, d, r, regionTable[r].pm)
		}
		got, v := parsePlus(d)
		want, ok := libParse("+"+d, "ZZ")
		if v == parseAsk || (v == parseOK) != ok || got != want {
			t.Errorf("parsePlus(%q) = %+v, %v; phonenumbers: %+v, %v", d, got, v, want, ok)
		}
	})
}
