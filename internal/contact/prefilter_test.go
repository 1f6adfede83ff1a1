package contact

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// The ref* functions are the byte-by-byte scanners that the prefilters of
// prefixSet replaced; FuzzPrefilterEquivalence checks that the fast ones
// find exactly the same matches on any input.

var refAtStart, refAtAfterSpace = func() (a, b [256]bool) {
	for _, m := range atSeps {
		a[m.s[0]] = true
		if m.s[0] == ' ' {
			b[m.s[1]] = true
		}
	}
	return a, b
}()

func refFindObfuscatedEmails(t *normalize.Text, claimed *spans) []emailMatch {
	s := t.Norm
	if strings.IndexByte(s, '@') < 0 && !strings.Contains(s, "at") && !strings.Contains(s, "arobase") &&
		!strings.Contains(s, "apenstaartje") && !strings.Contains(s, "arroba") && !strings.Contains(s, "arond") &&
		!strings.Contains(s, "klammeraffe") {
		return nil
	}
	var out []emailMatch
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !refAtStart[c] || c == ' ' && (i+1 >= len(s) || !refAtAfterSpace[s[i+1]]) {
			continue
		}
		if !localByte(s[i-1]) || claimed.covers(i) {
			continue
		}
		var strong, plain bool
		me := -1
		for _, m := range atSeps {
			if len(m.s) > 1 && (i+1 >= len(s) || s[i+1] != m.s[1]) {
				continue
			}
			if strings.HasPrefix(s[i:], m.s) {
				me, strong, plain = i+len(m.s), m.strong, m.s == "@"
				break
			}
		}
		if me < 0 {
			continue
		}
		l := i
		for l > 0 && (isLower(s[l-1]) || isDigit(s[l-1]) || strings.IndexByte("._%+-", s[l-1]) >= 0) {
			l--
		}
		local := s[l:i]
		if !validLocal(local) || l > 0 && (s[l-1] == '@' || s[l-1] == '/' || s[l-1] == ':') {
			continue
		}
		// Domain: label (dot label)+ with any mix of dot spellings.
		var labels []string
		obf, worded := !plain, false
		j := me
		end := me
		for len(labels) < 8 {
			k := scanLabel(s, j)
			if k == j {
				break
			}
			labels = append(labels, s[j:k])
			end = k
			e, o, ok := matchDotSep(s, k)
			if !ok {
				break
			}
			if o {
				obf = true
				// "name at example dot com" needs a "dot" spelling: "room at
				// some point so" is English, not an address.
				if strings.Contains(s[k:e], "dot") || strings.ContainsAny(s[k:e], "([{") {
					worded = true
				}
			}
			j = e
		}
		if len(labels) < 2 || !obf || !strong && !worded {
			continue
		}
		if !knownTLD(labels[len(labels)-1]) || end < len(s) && (isAlnum(s[end]) || s[end] == '@') {
			continue
		}
		dom := strings.Join(labels, ".")
		if !validEmailDomain(dom) || claimed.overlaps(l, end) {
			continue
		}
		out = append(out, emailMatch{s: l, e: end, value: local + "@" + dom})
		claimed.add(span{l, end})
		i = end
	}
	return out
}

func refFindCues(s string) []cueMatch {
	var out []cueMatch
	hasNonASCII := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			hasNonASCII = true
			continue
		}
		if len(asciiCues[c]) == 0 {
			continue
		}
		if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '_' || s[i-1] == '.') {
			// Inside a word: skip to its end.
			for i+1 < len(s) && isAlnum(s[i+1]) {
				i++
			}
			continue
		}
		for _, q := range asciiCues[c] {
			if len(q.word) > 1 && (i+1 >= len(s) || s[i+1] != q.word[1]) || !strings.HasPrefix(s[i:], q.word) {
				continue
			}
			e := i + len(q.word)
			if e < len(s) && (isLower(s[e]) || s[e] == '.' && e+1 < len(s) && isLower(s[e+1])) {
				continue
			}
			out = append(out, cueMatch{i, e, q.kind})
			i = e - 1
			break
		}
	}
	if hasNonASCII {
		n := len(out)
		for _, q := range nonASCIICues {
			for p := 0; p < len(s); {
				k := strings.Index(s[p:], q.word)
				if k < 0 {
					break
				}
				k += p
				e := k + len(q.word)
				p = e
				dup := false
				for _, m := range out {
					if m.s <= k && k < m.e || k <= m.s && m.s < e {
						dup = true
						break
					}
				}
				if dup {
					continue
				}
				// Take the rest of the word (Arabic suffixes) into the cue.
				for e < len(s) {
					r, w := runeAt(s, e)
					if !unicode.IsLetter(r) || r < utf8.RuneSelf {
						break
					}
					e += w
				}
				out = append(out, cueMatch{k, e, q.kind})
			}
		}
		if len(out) > n {
			sortCues(out)
		}
	}
	return out
}

func refFindIBANsAndWallets(orig string) []vigie.Entity {
	var out []vigie.Entity
	for i := 0; i < len(orig); {
		if !alnumBytes[orig[i]] {
			i++
			continue
		}
		j := i + 1
		for j < len(orig) && alnumBytes[orig[j]] {
			j++
		}
		start := i
		i = j
		if j-start < 4 || start > 0 && orig[start-1] == '_' || j < len(orig) && orig[j] == '_' {
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

func FuzzPrefilterEquivalence(f *testing.F) {
	for _, s := range []string{
		"", "a", "@", "x@", "anna (at) example (dot) com", "mail me: bob arobase exemple.fr", "jo @ gmail .com",
		"WhatsApp: +32 470 12 34 56", "IG: anna.belle", "fb.me tg @x sc:y", "واتساب 0470", "snap chat me",
		"IBAN BE71 0961 2345 6769", "be71096123456769", "x_BE71096123456769", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
		"addr 0x52908400098527886E0F7030069857D2E4169EE7.", strings.Repeat("ab12", 30), "nl91abna0417164300 ok",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := findIBANsAndWallets(s), refFindIBANsAndWallets(s); !reflect.DeepEqual(got, want) {
			t.Errorf("findIBANsAndWallets(%q) = %v; want %v", s, got, want)
		}
		n := normalize.Fold(s).Norm
		if got, want := findCues(n), refFindCues(n); !reflect.DeepEqual(got, want) {
			t.Errorf("findCues(%q) = %v; want %v", n, got, want)
		}
		for _, in := range []string{s, n} {
			ft := &normalize.Text{Orig: in, Norm: in}
			if got, want := normCandidates(nil, ft, isASCII(in)), normTriggers.all(in, normPrev, nil); !slices.Equal(got, want) {
				t.Errorf("normCandidates(%q) = %v; want %v", in, got, want)
			}
			c1, c2 := newSpans(len(in)), newSpans(len(in))
			got, want := findObfuscatedEmails(ft, &c1, normCandidates(nil, ft, isASCII(in))), refFindObfuscatedEmails(ft, &c2)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(c1, c2) {
				t.Errorf("findObfuscatedEmails(%q) = %v; want %v", in, got, want)
			}
		}
	})
}

func FuzzColonsIndex(f *testing.F) {
	f.Add("skype: live: viber://x", "skype:", 0)
	f.Add("::", "::", 1)
	f.Fuzz(func(t *testing.T, s, w string, p int) {
		pivot := strings.IndexByte(w, ':')
		if pivot < 0 || p < 0 || p > len(s) {
			return
		}
		want := strings.Index(s[p:], w)
		if want >= 0 {
			want += p
		}
		if got := appendColons(nil, s).index(s, p, w, pivot); got != want {
			t.Errorf("colons.index(%q, %d, %q, %d) = %d; want %d", s, p, w, pivot, got, want)
		}
	})
}
