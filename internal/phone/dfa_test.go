package phone

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// dfaInputs returns digit strings to test a pattern on: every string of up
// to three digits, the example numbers of the metadata with a digit
// dropped, added or changed, and random strings of up to 18 digits.
func dfaInputs(t *testing.T) []string {
	t.Helper()
	out := []string{""}
	for n, lo := 1, 1; n <= 3; n++ {
		hi := lo * 10
		for v := 0; v < hi; v++ {
			out = append(out, strings.Repeat("0", n-len(itoa(v)))+itoa(v))
		}
		lo = hi
	}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range coll.GetMetadata() {
		for _, d := range []*phonenumbers.PhoneNumberDesc{md.GetFixedLine(), md.GetMobile(), md.GetTollFree(),
			md.GetPremiumRate(), md.GetSharedCost(), md.GetPersonalNumber(), md.GetVoip(), md.GetPager(),
			md.GetUan(), md.GetVoicemail()} {
			e := d.GetExampleNumber()
			if e == "" {
				continue
			}
			out = append(out, e, e[1:], e+"5", e[:len(e)-1]+"9")
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		b := make([]byte, rng.IntN(19))
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		out = append(out, string(b))
	}
	return out
}

// TestDFAMatchesRegexp checks the automaton of every pattern of the
// metadata (number, leading-digits and format patterns) against the
// pattern's regexp.
func TestDFAMatchesRegexp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the automaton of every metadata pattern; skipped in -short mode")
	}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	full, prefix := map[string]bool{}, map[string]bool{}
	numbers, leading := metadataPatterns(t)
	for _, p := range numbers {
		full[p] = true
	}
	for _, p := range leading {
		prefix[p] = true
	}
	for _, md := range coll.GetMetadata() {
		for _, nf := range md.GetNumberFormat() {
			full[nf.GetPattern()] = true
			for _, ld := range nf.GetLeadingDigitsPattern() {
				prefix[ld] = true
			}
		}
	}
	inputs := dfaInputs(t)
	built, n := 0, 0
	for _, mode := range []struct {
		set    map[string]bool
		prefix bool
	}{{full, false}, {prefix, true}} {
		for src := range mode.set {
			p, err := newDigitPattern(src, mode.prefix)
			if err != nil {
				t.Errorf("%q: %v", src, err)
				continue
			}
			d := newDFA(src, mode.prefix)
			if d == nil {
				t.Logf("no automaton for %q", src)
				continue
			}
			built++
			for _, s := range inputs {
				n++
				got, ok := d.run(s)
				if want := p.re.MatchString(s); !ok || got != want {
					t.Errorf("automaton of %q (prefix %v) on %q = %v, %v; regexp says %v", src, mode.prefix, s, got, ok, want)
				}
			}
		}
	}
	if total := len(full) + len(prefix); built < total {
		t.Errorf("automata for %d of %d patterns; want all", built, total)
	}
	t.Logf("%d automata, %d comparisons", built, n)
}

// TestDFANonDigits checks that the automaton leaves strings that are not
// all digits to the regexp.
func TestDFANonDigits(t *testing.T) {
	p, err := newDigitPattern(`\d{3}`, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{{"123", true}, {"12a", false}, {"1234", false}, {"١٢٣", false}} {
		if got := p.match(tc.in); got != tc.want {
			t.Errorf("match(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzDFA compares an automaton with its regexp on arbitrary strings.
func FuzzDFA(f *testing.F) {
	f.Add(`[2-9]\d{2}`, "234", false)
	f.Add(`1(?:2|34)`, "1345", true)
	f.Fuzz(func(t *testing.T, src, s string, prefix bool) {
		p, err := newDigitPattern(src, prefix)
		if err != nil || len(src) > 200 {
			return
		}
		if got, want := p.match(s), p.re.MatchString(s); got != want {
			t.Errorf("pattern %q (prefix %v) on %q: match = %v; regexp says %v", src, prefix, s, got, want)
		}
	})
}
