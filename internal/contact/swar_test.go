package contact

import "testing"

// TestWordBits checks digitBits, letterBits and allAlnum against byte
// loops, with every byte value in every position of a word and pairs of
// bytes at the edges of the ranges, where carries could matter.
func TestWordBits(t *testing.T) {
	check := func(b [8]byte) {
		s := string(b[:])
		w := load64(s, 0)
		var digits, letters uint64
		alnum := true
		for k, c := range b {
			if isDigit(c) {
				digits |= 0x80 << (8 * k)
			}
			if isLower(c | 0x20) {
				letters |= 0x80 << (8 * k)
			}
			alnum = alnum && isAlnum(c)
		}
		if got := digitBits(w); got != digits {
			t.Fatalf("digitBits(%q) = %#x; want %#x", s, got, digits)
		}
		if got := letterBits(w); got != letters {
			t.Fatalf("letterBits(%q) = %#x; want %#x", s, got, letters)
		}
		if got := allAlnum(w); got != alnum {
			t.Fatalf("allAlnum(%q) = %v; want %v", s, got, alnum)
		}
	}
	for _, base := range []string{"abcdefgh", "12345678", "a b c d ", "Zz09Aa9z"} {
		for c := 0; c < 256; c++ {
			for pos := 0; pos < 8; pos++ {
				var b [8]byte
				copy(b[:], base)
				b[pos] = byte(c)
				check(b)
			}
		}
	}
	edge := []byte{0, '/', '0', '9', ':', '@', 'A', 'Z', '[', '`', 'a', 'z', '{', 0x7f, 0x80, 0xb0, 0xc1, 0xe1, 0xfa, 0xff}
	for _, c1 := range edge {
		for _, c2 := range edge {
			for p1 := 0; p1 < 8; p1++ {
				for p2 := 0; p2 < 8; p2++ {
					b := [8]byte{'m', 'm', 'm', 'm', 'm', 'm', 'm', 'm'}
					b[p1], b[p2] = c1, c2
					check(b)
				}
			}
		}
	}
}

// TestNextDigitPair checks the six-at-a-time search against a byte loop
// on strings of every length up to 24 made of letters, digits and others.
func TestNextDigitPair(t *testing.T) {
	naive := func(s string, from int) int {
		for i := max(from, 1); i+1 < len(s); i++ {
			if isDigit(s[i]) && isDigit(s[i+1]) && isLower(s[i-1]|0x20) {
				return i
			}
		}
		return -1
	}
	alphabet := "aZ1 9é"
	for n := 0; n <= 24; n++ {
		for seed := 0; seed < 400; seed++ {
			b := make([]byte, n)
			x := uint32(seed*2654435761 + n)
			for k := range b {
				x = x*1664525 + 1013904223
				b[k] = alphabet[x>>16%uint32(len(alphabet))]
			}
			s := string(b)
			for from := 0; from <= n; from++ {
				if got, want := nextDigitPair(s, from), naive(s, from); got != want {
					t.Fatalf("nextDigitPair(%q, %d) = %d; want %d", s, from, got, want)
				}
			}
		}
	}
}

// TestNextLongRun checks the sampled search against a byte loop on strings
// of long and short alphanumeric runs.
func TestNextLongRun(t *testing.T) {
	naive := func(s string, from int) (int, int) {
		for a := 0; a < len(s); {
			if !isAlnum(s[a]) {
				a++
				continue
			}
			b := a
			for b < len(s) && isAlnum(s[b]) {
				b++
			}
			if b-a >= 26 && a >= from {
				return a, b
			}
			a = b
		}
		return -1, -1
	}
	x := uint32(1)
	for n := 0; n <= 120; n++ {
		for seed := 0; seed < 200; seed++ {
			b := make([]byte, n)
			// Runs of 20 to 35 bytes, separated by one or two others.
			for k := 0; k < n; {
				x = x*1664525 + 1013904223
				run := 20 + int(x>>16%16)
				for ; run > 0 && k < n; run-- {
					b[k] = "aZ09"[x>>8%4]
					k++
				}
				for sep := 1 + int(x>>4%2); sep > 0 && k < n; sep-- {
					b[k] = " _é"[x>>12%3]
					k++
				}
			}
			s := string(b)
			for from := 0; from <= n; from++ {
				ga, gb := nextLongRun(s, from)
				wa, wb := naive(s, from)
				if ga != wa || gb != wb {
					t.Fatalf("nextLongRun(%q, %d) = %d, %d; want %d, %d", s, from, ga, gb, wa, wb)
				}
			}
		}
	}
}
