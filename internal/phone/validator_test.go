package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// FuzzValidator checks that the region validators give
// phonenumbers.IsValidNumberForRegion's verdict on any digit string.
func FuzzValidator(f *testing.F) {
	for _, s := range []string{"470123456", "0470123456", "2025550123", "612345678", "0", "00", "0012", "7911123456"} {
		f.Add(s, "BE")
		f.Add(s, "US")
		f.Add(s, "GB")
	}
	f.Fuzz(func(t *testing.T, d, r string) {
		ri := regionTable[r]
		if ri == nil || ri.valid == nil || len(d) < 2 || len(d) > 17 {
			return
		}
		for i := 0; i < len(d); i++ {
			if !isDigit(d[i]) {
				return
			}
		}
		fd := &finder{num: &phonenumbers.PhoneNumber{}}
		fd.setNum(ri.cc, d)
		want := phonenumbers.IsValidNumberForRegion(fd.num, r)
		if got := ri.valid.match(d); got != want {
			t.Errorf("validator(%q, %s) = %v; want %v", d, r, got, want)
		}
		if v := ccValidators[ri.cc]; v != nil {
			want := phonenumbers.IsValidNumber(fd.num)
			if got := v.match(d, nil); got != want {
				t.Errorf("ccValidator(%d, %q) = %v; want %v", ri.cc, d, got, want)
			}
			if !ri.valid.match(d) {
				if got := v.match(d, ri.valid); got != want {
					t.Errorf("ccValidator(%d, %q) without %s = %v; want %v", ri.cc, d, r, got, want)
				}
			}
		}
	})
}

// TestValidatorAllRegions compares the validators with phonenumbers on a
// deterministic sweep of numbers in every region.
func TestValidatorAllRegions(t *testing.T) {
	n, bad := 0, 0
	seed := uint64(1)
	for r, ri := range regionTable {
		if ri.valid == nil {
			continue
		}
		for k := 0; k < 300; k++ {
			seed = seed*6364136223846793005 + 1442695040888963407
			l := ri.minLen + int(seed>>60)%(ri.maxLen-ri.minLen+2)
			b := make([]byte, l)
			x := seed
			for i := range b {
				b[i] = '0' + byte(x%10)
				x = x/10 + seed>>7
			}
			if k%3 == 0 && l > 1 {
				b[0] = '0'
			}
			d := string(b)
			if len(d) < 2 || len(d) > 17 {
				continue
			}
			fd := &finder{num: &phonenumbers.PhoneNumber{}}
			fd.setNum(ri.cc, d)
			want := phonenumbers.IsValidNumberForRegion(fd.num, r)
			n++
			if got := ri.valid.match(d); got != want {
				bad++
				if bad < 10 {
					t.Errorf("validator(%q, %s) = %v; want %v", d, r, got, want)
				}
			}
		}
	}
	if n < 10000 {
		t.Errorf("compared %d numbers; want at least 10000", n)
	}
}

// TestCCValidatorAllCodes compares the calling code validators with
// phonenumbers.IsValidNumber on a deterministic sweep.
func TestCCValidatorAllCodes(t *testing.T) {
	n, bad := 0, 0
	seed := uint64(7)
	for cc, v := range ccValidators {
		for k := 0; k < 400; k++ {
			seed = seed*6364136223846793005 + 1442695040888963407
			l := 4 + int(seed>>59)%12
			b := make([]byte, l)
			x := seed
			for i := range b {
				b[i] = '0' + byte(x%10)
				x = x/10 + seed>>7
			}
			if k%5 == 0 {
				b[0] = '0'
			}
			d := string(b)
			fd := &finder{num: &phonenumbers.PhoneNumber{}}
			fd.setNum(cc, d)
			want := phonenumbers.IsValidNumber(fd.num)
			n++
			if got := v.match(d, nil); got != want {
				bad++
				if bad < 10 {
					t.Errorf("ccValidator(%d, %q) = %v; want %v", cc, d, got, want)
				}
			}
			// check skips the main region's validator when it has just
			// rejected the number.
			if main := regionTable[phonenumbers.GetRegionCodeForCountryCode(cc)]; main != nil && main.valid != nil &&
				!main.valid.match(d) {
				if got := v.match(d, main.valid); got != want {
					bad++
					if bad < 10 {
						t.Errorf("ccValidator(%d, %q) without the main region = %v; want %v", cc, d, got, want)
					}
				}
			}
		}
	}
	if n < 10000 {
		t.Errorf("compared %d numbers; want at least 10000", n)
	}
}

func FuzzCountDigits(f *testing.F) {
	f.Add("tel 0470 12 34 56 \xff\x80\xb9 ٣ 9/0")
	f.Fuzz(func(t *testing.T, s string) {
		want := 0
		for i := 0; i < len(s); i++ {
			if isDigit(s[i]) {
				want++
			}
		}
		f := &finder{s: s}
		if f.scan(1); f.total != want {
			t.Errorf("scan(%q) counted %d digits; want %d", s, f.total, want)
		}
		for i := 0; i <= len(s); i++ {
			want := i
			for want < len(s) && !isDigit(s[want]) {
				want++
			}
			if got := nextDigit(s, i); got != want {
				t.Errorf("nextDigit(%q, %d) = %d; want %d", s, i, got, want)
			}
		}
	})
}
