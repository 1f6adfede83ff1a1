package normalize

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// phoneRuns returns the digit strings of at least 7 digits that s holds
// when digit groups separated only by separators (spaces, punctuation and
// symbols other than $ % # & ;, at most 6 bytes of them) are joined, as a
// phone finder would read them. A group after a space does not extend a
// run that has 10 digits already.
func phoneRuns(s string) []string {
	var out []string
	var cur []byte
	gap, space := 0, false
	flush := func() {
		if len(cur) >= 7 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			if len(cur) > 0 && (gap > 6 || space && len(cur) >= 10) {
				flush()
			}
			cur = append(cur, byte(r))
			gap, space = 0, false
		case unicode.IsLetter(r) || strings.ContainsRune("$%#&;", r):
			flush()
			gap, space = 0, false
		default:
			gap += utf8.RuneLen(r)
			space = space || r == ' '
		}
	}
	flush()
	return out
}

func lines(tb testing.TB, rel string) []string {
	tb.Helper()
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(sharedtest.Read(tb, rel)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestDeobfuscationPairs compares the phone digits of Digits(obfuscated)
// with those of the human reference, line by line.
func TestDeobfuscationPairs(t *testing.T) {
	obf := lines(t, "memex-deobfuscation-pairs/obfuscated.txt")
	ref := lines(t, "memex-deobfuscation-pairs/deobfuscated_reference.txt")
	if len(obf) != len(ref) {
		t.Fatalf("%d obfuscated lines, %d reference lines", len(obf), len(ref))
	}
	match, withPhone, phoneMatch := 0, 0, 0
	for i := range obf {
		got, want := phoneRuns(Digits(obf[i]).Norm), phoneRuns(Fold(ref[i]).Norm)
		ok := slices.Equal(got, want)
		if ok {
			match++
		}
		if len(want) > 0 {
			withPhone++
			if ok {
				phoneMatch++
			}
		}
		if !ok {
			t.Logf("line %d: %d digit runs differ from the reference's %d", i+1, len(got), len(want))
		}
	}
	rate := float64(match) / float64(len(obf))
	t.Logf("lines whose phone digits equal the reference: %d/%d (%.1f%%); lines with a phone: %d/%d",
		match, len(obf), 100*rate, phoneMatch, withPhone)
	if rate < 0.9 {
		t.Errorf("share of matching lines = %.3f; want >= 0.90", rate)
	}
}

// TestObfuscatedPhoneStrings counts the hard obfuscated phone strings in
// which Digits reveals a phone-like run of 10 or more digits.
func TestObfuscatedPhoneStrings(t *testing.T) {
	ls := lines(t, "memex-phone-groundtruth/obfuscated_phone_strings.txt")
	found, before := 0, 0
	for i, l := range ls {
		if hasPhoneRun(Digits(l).Norm) {
			found++
		} else {
			t.Logf("line %d: no run of 10 digits", i+1)
		}
		if hasPhoneRun(Fold(l).Norm) {
			before++
		}
	}
	t.Logf("lines with a run of >= 10 digits: %d/%d after Digits (%d after Fold alone)", found, len(ls), before)
	if found < 40 {
		t.Errorf("lines with a run of >= 10 digits = %d; want >= 40", found)
	}
}

func hasPhoneRun(s string) bool {
	for _, r := range phoneRuns(s) {
		if len(r) >= 10 {
			return true
		}
	}
	return false
}
