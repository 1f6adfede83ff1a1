package contact

import (
	"math/bits"

	"github.com/vigie-project/vigie/internal/vigie"
)

// ibanLengths gives the IBAN length of each country (SWIFT IBAN registry,
// plus the national IBAN formats of a few countries outside it, such as
// Algeria, Iran and Morocco, that appear in posts).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
	"BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
	"EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
	"GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
	"LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
	"NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
	"RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
	// National formats outside the registry.
	"AO": 25, "BF": 28, "BJ": 28, "CI": 28, "CM": 27, "CV": 25, "DZ": 26, "GA": 27, "IR": 26, "MA": 28,
	"MG": 27, "ML": 28, "MZ": 25, "SN": 28, "TG": 28, "CG": 27, "TD": 27, "CF": 27, "GQ": 27, "NE": 28,
}

// ValidIBAN reports whether s is a compact upper-case IBAN of the right
// length for its country whose mod-97 check is 1.
func ValidIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	if n, ok := ibanLengths[s[:2]]; !ok || n != len(s) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	// Move the first four characters to the end, letters as 10..35, and
	// reduce modulo 97 as we go.
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[(i+4)%len(s)]
		switch {
		case isDigit(c):
			r = (r*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			r = (r*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return r == 1
}

// alnumBytes marks ASCII letters and digits.
var alnumBytes = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c))
	}
	return t
}()

// findIBANsAndWallets finds IBANs (compact, or grouped with single spaces
// or hyphens) and wallets in the original text, over its ASCII
// alphanumeric tokens: both are case-sensitive or case-carrying, so the
// folded view will not do. Only two kinds of token can hold one: those
// starting with two letters and two digits (found by their digit pair) and
// runs of 26 bytes or more, both found eight bytes at a time, so the rest
// of the text is not walked token by token.
func findIBANsAndWallets(orig string) []vigie.Entity {
	var out []vigie.Entity
	n := len(orig)
	ib := nextDigitPair(orig, 2)
	longS, longE := nextLongRun(orig, 0)
	for i := 0; ; {
		// The next token that may open an IBAN: letter, letter, digit,
		// digit at a token start.
		ibStart := -1
		for ib >= 0 {
			st := ib - 2
			if st >= i && isLower(orig[st]|0x20) && (st == 0 || !alnumBytes[orig[st-1]]) {
				ibStart = st
				break
			}
			ib = nextDigitPair(orig, ib+1)
		}
		// The next run of at least 26 bytes.
		if longS >= 0 && longS < i {
			longS, longE = nextLongRun(orig, i)
		}
		start := ibStart
		if longS >= i && (start < 0 || longS < start) {
			start = longS
		}
		if start < 0 {
			break
		}
		j := start + 1
		if start == longS {
			j = longE
		} else {
			for j < n && alnumBytes[orig[j]] {
				j++
			}
		}
		i = j
		if j-start < 4 || start > 0 && orig[start-1] == '_' || j < n && orig[j] == '_' {
			continue
		}
		if isLower(orig[start]|0x20) && isLower(orig[start+1]|0x20) && isDigit(orig[start+2]) && isDigit(orig[start+3]) {
			if e, ok := ibanAt(orig, start); ok {
				out = append(out, e)
				i = e.End
				continue
			}
		}
		if n := j - start; n >= 26 && n <= 90 {
			if b := orig[start-min(start, 1)]; start > 0 && (b == '/' || b == '=') {
				continue
			}
			if tok := orig[start:j]; ValidWallet(tok) {
				out = append(out, vigie.Entity{Kind: vigie.KindCryptoWallet, Value: tok, Text: tok, Start: start, End: j})
			}
		}
	}
	return out
}

// nextDigitPair returns the first i >= from, i >= 1, where two ASCII digits
// follow an ASCII letter (the third and fourth bytes of an IBAN and the
// byte before them), or -1. It looks at eight bytes at a time, and byte by
// byte only at the places where a letter is followed by a digit.
func nextDigitPair(s string, from int) int {
	i := max(from, 1)
	// The constants in local variables stay in registers (see wordConsts).
	low7, digLo, digHi, tops := wordK.low7, wordK.digLo, wordK.digHi, wordK.tops
	for ; i+16 <= len(s); i += 16 {
		b := s[i : i+16] // which frees the loads of bounds checks
		w0, w1 := le64(b), le64(b[8:])
		t0, t1 := w0&low7, w1&low7
		d0 := (t0 + digLo) &^ (t0 + digHi | w0) & tops
		d1 := (t1 + digLo) &^ (t1 + digHi | w1) & tops
		if d0|d1 == 0 {
			continue
		}
		if p := letterDigitPair(s, i, w0, d0); p >= 0 {
			return p
		}
		if p := letterDigitPair(s, i+8, w1, d1); p >= 0 {
			return p
		}
	}
	for ; i+8 <= len(s); i += 8 {
		w := load64(s, i)
		if p := letterDigitPair(s, i, w, wordK.digits(w)); p >= 0 {
			return p
		}
	}
	for ; i+1 < len(s); i++ {
		if isDigit(s[i]) && isDigit(s[i+1]) && isLower(s[i-1]|0x20) {
			return i
		}
	}
	return -1
}

// letterDigitPair returns the first p in [i, i+8) where s[p-1] is a
// letter and s[p], s[p+1] digits, or -1; w is s[i:i+8], d its digits, and
// i >= 1.
func letterDigitPair(s string, i int, w, d uint64) int {
	if d == 0 {
		return -1
	}
	// Byte j of l is set when s[i+j-1] is a letter.
	l := wordK.letters(w)<<8 | wordK.letters(uint64(s[i-1]))
	for m := d & l; m != 0; m &= m - 1 {
		if p := i + bits.TrailingZeros64(m)/8; p+1 < len(s) && isDigit(s[p+1]) {
			return p
		}
	}
	return -1
}

// nextLongRun returns the first maximal run s[a:b] of ASCII letters and
// digits with b-a >= 26 and a >= from, or -1, -1. Such a run covers two
// whole aligned words of eight bytes in a row (it starts at most seven
// bytes before the first), one of them at a multiple of 16, so only the
// words there are tested, and their neighbours when they pass.
func nextLongRun(s string, from int) (int, int) {
	kw := &wordK
	low7, hi30, tops := wordK.low7, wordK.hi30, wordK.tops
	for k := from &^ 15; k+8 <= len(s); k += 16 {
		// A cheap test first: in text, most words hold a byte below '0'
		// (a space).
		w := load64(s, k)
		if ((w&low7)+hi30)&^w&tops != tops || !kw.allAlnum(w) {
			continue
		}
		if !(k+16 <= len(s) && kw.allAlnum(load64(s, k+8)) || k >= 8 && kw.allAlnum(load64(s, k-8))) {
			continue // a word of 8 to 15 bytes
		}
		a, b := k, k+8
		for a > 0 && alnumBytes[s[a-1]] {
			a--
		}
		for b < len(s) && alnumBytes[s[b]] {
			b++
		}
		if b-a >= 26 && a >= from {
			return a, b
		}
		k = b &^ 15 // the next run starts after b
	}
	return -1, -1
}

// ibanAt parses an IBAN starting at orig[i] (two letters, two digits).
func ibanAt(orig string, i int) (vigie.Entity, bool) {
	cc := [2]byte{orig[i] &^ 0x20, orig[i+1] &^ 0x20}
	n, ok := ibanLengths[string(cc[:])]
	if !ok {
		return vigie.Entity{}, false
	}
	var buf [34]byte
	k := 0
	j := i
	for j < len(orig) && k < n {
		c := orig[j]
		if isAlnum(c) {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			buf[k] = c
			k++
			j++
			continue
		}
		if (c == ' ' || c == '-') && k >= 4 && j+1 < len(orig) && isAlnum(orig[j+1]) {
			j++
			continue
		}
		break
	}
	if k != n || j < len(orig) && (isAlnum(orig[j]) || orig[j] == '_') {
		return vigie.Entity{}, false
	}
	v := string(buf[:k])
	if !ValidIBAN(v) || !plausibleIBAN(orig[i:j], v) {
		return vigie.Entity{}, false
	}
	return vigie.Entity{Kind: vigie.KindIBAN, Value: v, Text: orig[i:j], Start: i, End: j}, true
}

// numericBBAN lists the countries whose account part is digits only; a
// letter there means prose (a phone number followed by words) that passed
// mod-97 by chance, as one string in 97 does.
var numericBBAN = map[string]bool{
	"AT": true, "BA": true, "BE": true, "CZ": true, "DE": true, "DK": true, "EE": true, "ES": true, "FI": true,
	"FO": true, "GL": true, "HR": true, "HU": true, "IL": true, "IS": true, "LT": true, "ME": true, "NO": true,
	"PL": true, "PT": true, "RS": true, "SE": true, "SI": true, "SK": true, "TN": true, "AE": true, "EG": true,
}

// plausibleIBAN rejects written forms no bank prints: mixed-case letters,
// or letters in a numeric account part.
func plausibleIBAN(written, v string) bool {
	upper, lower := false, false
	for i := 0; i < len(written); i++ {
		c := written[i]
		upper = upper || 'A' <= c && c <= 'Z'
		lower = lower || 'a' <= c && c <= 'z'
	}
	if upper && lower {
		return false
	}
	if numericBBAN[v[:2]] {
		for i := 4; i < len(v); i++ {
			if !isDigit(v[i]) {
				return false
			}
		}
	}
	return true
}
