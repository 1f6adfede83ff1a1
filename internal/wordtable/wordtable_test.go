package wordtable

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// testWords mixes lengths below, at and above the 4- and 8-byte sample
// boundaries, Latin, Cyrillic and Arabic script, and near-misses.
func testWords() map[string]int {
	m := map[string]int{}
	base := []string{"a", "ab", "abc", "abcd", "abcde", "passport", "passports", "lampedusa",
		"паспорт", "جواز", "جوازات", "x", "zuwara", "bruxelles", "brussel", "08", "🚤"}
	for i, w := range base {
		m[w] = i + 1
	}
	for i := range 5000 {
		m[fmt.Sprintf("w%dq%d", i, i*7)] = 100 + i
	}
	return m
}

func TestGetAgreesWithMap(t *testing.T) {
	m := testWords()
	tab := New(m, slices.Sorted(maps.Keys(m)))
	for w, want := range m {
		for _, v := range []string{w, w + "x", "x" + w, w[:len(w)-1], strings.ToUpper(w), w + w, w[1:]} {
			if v == "" {
				continue
			}
			wantV, wantOK := m[v]
			if v == w {
				wantV, wantOK = want, true
			}
			got, ok := tab.Get(v)
			if got != wantV || ok != wantOK {
				t.Errorf("Get(%q) = %d, %v; want %d, %v", v, got, ok, wantV, wantOK)
			}
			if wantOK && !tab.MayHave(Key(v)) {
				t.Errorf("MayHave(Key(%q)) = false for a word of the table", v)
			}
		}
	}
}

func TestFilterRejectsMost(t *testing.T) {
	m := testWords()
	tab := New(m, slices.Sorted(maps.Keys(m)))
	passed := 0
	const n = 20000
	for i := range n {
		if tab.MayHave(Key(fmt.Sprintf("other%d", i))) {
			passed++
		}
	}
	// 5,017 words set at most 5,017 of 65,536 filter bits: about 8% of
	// other words may pass. Far more means the filter key is broken.
	if passed > n/5 {
		t.Errorf("filter let %d of %d absent words through; want under %d", passed, n, n/5)
	}
}

// TestKeyOfHeadAt checks that the key read from a text, eight bytes at a
// time whatever follows the word, is the key of the word.
func TestKeyOfHeadAt(t *testing.T) {
	for _, w := range []string{"a", "ab", "abc", "abcd", "abcdefg", "passport", "passports", "паспорт", "جواز", "🚤"} {
		for _, after := range []string{"", " ", " and more", "\xff\xff\xff\xff\xff\xff\xff\xff"} {
			for _, before := range []string{"", "x ", "\x00\x00\x00"} {
				s := before + w + after
				i, j := len(before), len(before)+len(w)
				want := Key(w)
				if got := KeyOf(Head(s[i:j]), j-i); got != want {
					t.Errorf("KeyOf(Head(%q)) = %x; want Key = %x", w, got, want)
				}
				if i <= len(s)-8 {
					if got := KeyOf(HeadAt(s, i), j-i); got != want {
						t.Errorf("KeyOf(HeadAt(%q, %d), %d) = %x; want Key(%q) = %x", s, i, j-i, got, w, want)
					}
				}
			}
		}
	}
}

func FuzzGet(f *testing.F) {
	m := testWords()
	tab := New(m, slices.Sorted(maps.Keys(m)))
	for _, s := range []string{"abc", "passport", "جواز", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if w == "" {
			return
		}
		want, wantOK := m[w]
		if got, ok := tab.Get(w); got != want || ok != wantOK {
			t.Errorf("Get(%q) = %d, %v; want %d, %v", w, got, ok, want, wantOK)
		}
		if s := w + "\xff\xff tail"; KeyOf(HeadAt(s, 0), len(w)) != Key(w) {
			t.Errorf("KeyOf(HeadAt(%q, 0), %d) != Key(%q)", s, len(w), w)
		}
	})
}
