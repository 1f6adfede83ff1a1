package quantity

import "testing"

// TestWordEnd checks the eight-at-a-time wordEnd against a byte loop on
// strings of letters (ASCII, upper case, other scripts) and the bytes at
// the edges of the letter ranges, at every length and start.
func TestWordEnd(t *testing.T) {
	ref := func(s string, i int) int {
		for i < len(s) {
			w, ok := letterAt(s, i)
			if !ok {
				break
			}
			i += w
		}
		return i
	}
	pieces := []string{"a", "z", "A", "Z", "m", "@", "[", "`", "{", " ", "1", "é", "ж", "٣", "\xff", "-"}
	x := uint32(1)
	for n := 0; n < 3000; n++ {
		var b []byte
		for k := 0; k < n%40; k++ {
			x = x*1664525 + 1013904223
			p := pieces[x>>16%uint32(len(pieces))]
			if x>>8%4 != 0 {
				p = pieces[x>>20%5] // mostly letters
			}
			b = append(b, p...)
		}
		s := string(b)
		for i := 0; i <= len(s); i++ {
			if got, want := wordEnd(s, i), ref(s, i); got != want {
				t.Fatalf("wordEnd(%q, %d) = %d; want %d", s, i, got, want)
			}
		}
	}
}
