// Package normalize turns raw post text into normalised views for matching
// and extraction, and maps every normalised byte back to the original bytes
// it came from, so that every finding can point at its evidence.
//
// It is a pure stage: no I/O, no global mutable state; all functions are
// safe for concurrent use.
package normalize

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is a normalised view of an original string. Norm is built from Orig;
// for every byte i of Norm, the original bytes that produced it are
// Orig[start[i]:end[i]]. A Text is immutable once built.
type Text struct {
	Orig string
	Norm string

	start []int32
	end   []int32

	tokens []Token
}

// Span returns the byte range of Orig that produced Norm[i:j]. It accepts
// 0 <= i <= j <= len(Norm); an empty range maps to an empty range at the
// position of byte i.
func (t *Text) Span(i, j int) (start, end int) {
	if i >= len(t.Norm) {
		return len(t.Orig), len(t.Orig)
	}
	if j <= i {
		s := int(t.start[i])
		return s, s
	}
	return int(t.start[i]), int(t.end[j-1])
}

// OrigText returns the original text that produced Norm[i:j].
func (t *Text) OrigText(i, j int) string {
	s, e := t.Span(i, j)
	return t.Orig[s:e]
}

// builder accumulates normalised output and its origin map.
type builder struct {
	buf        []byte
	start, end []int32
}

func newBuilder(n int) *builder {
	return &builder{
		buf:   make([]byte, 0, n),
		start: make([]int32, 0, n),
		end:   make([]int32, 0, n),
	}
}

// add appends s, produced by Orig[os:oe].
func (b *builder) add(s string, os, oe int) {
	for i := 0; i < len(s); i++ {
		b.buf = append(b.buf, s[i])
		b.start = append(b.start, int32(os))
		b.end = append(b.end, int32(oe))
	}
}

func (b *builder) addByte(c byte, os, oe int) {
	b.buf = append(b.buf, c)
	b.start = append(b.start, int32(os))
	b.end = append(b.end, int32(oe))
}

func (b *builder) text(orig string) *Text {
	return &Text{Orig: orig, Norm: string(b.buf), start: b.start, end: b.end}
}

// Fold returns the view used to match words: Unicode NFKC compatibility
// forms (full-width, circled, mathematical), lower case, diacritics and
// Arabic short vowels removed, Arabic and Persian letter variants unified,
// tatweel and invisible characters removed, digits of every script as
// ASCII, and every run of white space as one ASCII space. Invalid UTF-8
// bytes become U+FFFD.
func Fold(s string) *Text {
	b := newBuilder(len(s) + 8)
	space := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			c := byte(r)
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				if !space && len(b.buf) > 0 {
					b.addByte(' ', i, i+w)
				}
				space = true
			} else if c != 0 {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.addByte(c, i, i+w)
				space = false
			}
			i += w
			continue
		}
		out := foldRune(r)
		switch {
		case out == "":
		case out == " ":
			if !space && len(b.buf) > 0 {
				b.addByte(' ', i, i+w)
			}
			space = true
		default:
			b.add(out, i, i+w)
			space = false
		}
		i += w
	}
	// Drop a trailing space so Norm never ends with one.
	if n := len(b.buf); n > 0 && b.buf[n-1] == ' ' {
		b.buf, b.start, b.end = b.buf[:n-1], b.start[:n-1], b.end[:n-1]
	}
	return b.text(s)
}

// Digits returns the view used to find numbers: Fold, then every
// obfuscated digit made an ASCII digit.
func Digits(s string) *Text {
	return Fold(s)
}

// foldRune returns the folded form of one non-ASCII rune: "" to drop it,
// " " for white space.
func foldRune(r rune) string {
	switch {
	case r == utf8.RuneError:
		return "\uFFFD"
	case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
		return " "
	case r == '\u0640': // Arabic tatweel
		return ""
	case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		(r >= 0xfe00 && r <= 0xfe0f):
		return ""
	}
	if m, ok := letterMap[r]; ok {
		return m
	}
	d := norm.NFKD.String(string(r))
	out := make([]rune, 0, len(d))
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c) {
			continue
		}
		if m, ok := letterMap[c]; ok {
			out = append(out, []rune(m)...)
			continue
		}
		if c >= utf8.RuneSelf && unicode.IsDigit(c) {
			c = '0' + digitValue(c)
		}
		out = append(out, unicode.ToLower(c))
	}
	return string(out)
}

// digitValue returns the value of a decimal digit of any script: Unicode
// places each script's digits 0–9 in consecutive code points.
func digitValue(r rune) rune {
	z := r
	for r-z < 9 && unicode.IsDigit(z-1) {
		z--
	}
	return (r - z) % 10
}

// letterMap unifies letter variants that NFKD leaves apart.
var letterMap = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ı': "i",
	'ة': "ه", 'ى': "ي", 'ی': "ي", 'ې': "ي", 'ک': "ك", 'ڪ': "ك",
}
