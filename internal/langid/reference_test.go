package langid

import (
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// detectRef is Detect written plainly, on the maps init builds rather than
// on the tables the fast paths read: the reference the equivalence tests
// compare Detect with. The evidence of each language is added in the same
// order as Detect adds it, so that the float32 sums are the same.
func detectRef(t *normalize.Text) (lang string, confidence float64) {
	if t == nil || t.Norm == "" {
		return Und, 0
	}
	var score [nLang]float32
	var letters [nScript]int
	for _, r := range t.Orig {
		for _, x := range runeCue[r] {
			score[x.l] += x.w
		}
		if s := scriptOf(r); s != scNone && unicode.IsLetter(r) {
			letters[s]++
		}
	}
	var words [nScript]int
	for _, tok := range t.Tokens() {
		if tok.Kind != normalize.Word {
			continue
		}
		w := t.Norm[tok.Start:tok.End]
		ws, known := wordEvidence[w]
		if known && len(ws) == 0 {
			continue // neutral
		}
		r, _ := utf8.DecodeRuneInString(w)
		s := scriptOf(r)
		if s == scNone {
			continue
		}
		words[s]++
		if known {
			for _, x := range ws {
				score[x.l] += x.w
			}
			continue
		}
		if (s == scLatin || s == scCyrillic) && len(w) >= 5 {
			if c, ok := refEnding(w); ok {
				for _, x := range c.ws {
					score[x.l] += x.w
				}
			}
		}
		switch s {
		case scLatin:
			if strings.Contains(w, "ij") {
				score[nl] += 0.3
			}
			if arabiziDigits(w) {
				score[ar] += 0.5
			}
		case scCyrillic:
			if strings.Contains(w, "ьо") {
				score[bg] += 0.5
			}
		}
	}
	main, total := scNone, 0
	for s := scLatin; s < nScript; s++ {
		total += words[s]
		if words[s] > words[main] || words[s] == words[main] && words[s] > 0 && letters[s] > letters[main] {
			main = s
		}
	}
	if main == scNone {
		return Und, 0
	}
	share := float64(words[main]) / float64(total)
	if l := singleLang[main]; l != "" {
		return l, clamp(share * evidence(float64(words[main]), 2))
	}
	cands := scriptLangs[main]
	best, second := cands[0], cands[1]
	if score[second] > score[best] {
		best, second = second, best
	}
	for _, l := range cands[2:] {
		switch {
		case score[l] > score[best]:
			best, second = l, best
		case score[l] > score[second]:
			second = l
		}
	}
	switch main {
	case scArabic:
		score[ar] += 0.5
		if score[ar] >= score[best] {
			best, second = ar, best
			if second == ar {
				second = fa
			}
		}
	case scCyrillic:
		score[ru] += 0.2
		if score[ru] > score[best] {
			best, second = ru, best
			if second == ru {
				second = bg
			}
		}
	case scEthiopic:
		score[ti] += 0.2
		if score[ti] > score[best] {
			best, second = ti, best
			if second == ti {
				second = am
			}
		}
	}
	b, s2 := float64(score[best]), float64(score[second])
	if main == scLatin && b < 0.6 {
		return Und, 0
	}
	margin := (b - s2) / b
	conf := share * (0.3 + 0.7*margin) * evidence(b, 3)
	if main != scLatin {
		conf = share * (0.6 + 0.4*margin) * evidence(float64(words[main]), 2)
	}
	return codes[best], clamp(conf)
}

// refEnding returns the listed ending of w that leaves a stem of two bytes
// or more, the longest (then the first by bytes) when several do.
func refEnding(w string) (suffixCue, bool) {
	var best suffixCue
	found := false
	for _, g := range suffixGroups {
		for _, c := range g {
			if len(c.suffix)+2 > len(w) || !strings.HasSuffix(w, c.suffix) {
				continue
			}
			if !found || len(c.suffix) > len(best.suffix) || len(c.suffix) == len(best.suffix) && c.suffix < best.suffix {
				best, found = c, true
			}
		}
	}
	return best, found
}

// TestDetectReference checks that Detect gives exactly what detectRef
// gives on every text of the corpora and on made-up texts that put words
// at the edges of the text and use every script.
func TestDetectReference(t *testing.T) {
	texts := []string{"", "a", "ij", "bij vrij", "l7rga", "ba3d khouya", "abcdefghij", "x" + strings.Repeat("ab", 40) + "ij",
		"ььо шофьор", "дя ят", "ሀ ቐ", "ሀ", "ы", "ی پ", "αβγ δ", "שלום", "中文", "ひらがな", "한국어", "हिंदी", "বাংলা", "ไทย", "ქართ", "հայ",
		"ş ğ ı", "tout le monde", "the and", "de la", "x y z", "travaillent", "vrijheid", "\xff\xfe\x00 ሀ ی ы ș", "ıi İ", "ẞ straße",
		"αβγ abc", "abc αβγ", "ab αβ ab αβ", "ab αβ", "αβ ab", "whatsapp viber"}
	for _, c := range sharedtest.TextCorpora(t) {
		texts = append(texts, c.Texts...)
	}
	for _, s := range texts {
		f := normalize.Fold(s)
		l, c := Detect(f)
		wl, wc := detectRef(f)
		if l != wl || math.Float64bits(c) != math.Float64bits(wc) {
			t.Errorf("Detect(%q) = %s %v; want %s %v", s, l, c, wl, wc)
		}
	}
}
