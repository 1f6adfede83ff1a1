package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// matchBook has one indicator per element kind, in smuggling.passage.
func matchBook(t testing.TB) *Book {
	t.Helper()
	return testBook(t, map[string]string{
		"context.json": testContext,
		"smuggling.passage.json": cat("smuggling.passage", `"dampened_by": ["reporting", "legitimacy"],`,
			ind("smuggling.passage.lit", "", 0.4, `{"fr": ["taux de réussite", "vers l'europe", "grande synthe"], "en": ["WA.ME"]}`),
			ind("smuggling.passage.prefix", "", 0.4, `{"fr": ["passeur*"], "ar": ["مهرب*"]}`),
			ind("smuggling.passage.gap", "", 0.4, `{"fr": ["prix ~2 personne"]}`),
			ind("smuggling.passage.num", "", 0.4, `{"en": ["<num> per person"]}`),
			ind("smuggling.passage.price", "", 0.4, `{"en": ["<price> per person"], "*": ["💶 <price>"]}`),
			ind("smuggling.passage.handle", "", 0.4, `{"en": ["contact <handle>"]}`),
			ind("smuggling.passage.emoji", "", 0.4, `{"*": ["🇮🇹"]}`),
			ind("smuggling.passage.arabic", "", 0.4, `{"ar": ["الهجرة", "مكتب تأمين"]}`),
			ind("smuggling.passage.trip", "", 0.4, `{"en": ["trip", "trip tomorrow"]}`),
		),
	})
}

type wantHit struct {
	id, text, lang string
}

func TestMatch(t *testing.T) {
	b := matchBook(t)
	tests := []struct {
		name string
		text string
		ents []vigie.Entity
		want []wantHit
	}{
		{"literal folded", "Taux de RÉUSSITE élevé", nil, []wantHit{{"smuggling.passage.lit", "Taux de RÉUSSITE", "fr"}}},
		{"literal several tokens", "write wa.me/3247", nil, []wantHit{{"smuggling.passage.lit", "wa.me", "en"}}},
		{"literal whole tokens only", "taux de reussites", nil, nil},
		{"literal not across other tokens", "taux, de reussite", nil, nil},
		{"apostrophe skipped", "vers l’Europe", nil, []wantHit{{"smuggling.passage.lit", "vers l’Europe", "fr"}}},
		{"apostrophe absent", "vers l Europe", nil, []wantHit{{"smuggling.passage.lit", "vers l Europe", "fr"}}},
		{"hyphen skipped", "Grande-Synthe", nil, []wantHit{{"smuggling.passage.lit", "Grande-Synthe", "fr"}}},
		{"prefix", "les PASSEURS arrivent", nil, []wantHit{{"smuggling.passage.prefix", "PASSEURS", "fr"}}},
		{"prefix stem alone", "passeur", nil, []wantHit{{"smuggling.passage.prefix", "passeur", "fr"}}},
		{"prefix not inside", "depasseur", nil, nil},
		{"gap zero", "prix personne", nil, []wantHit{{"smuggling.passage.gap", "prix personne", "fr"}}},
		{"gap two", "prix par la personne", nil, []wantHit{{"smuggling.passage.gap", "prix par la personne", "fr"}}},
		{"gap too long", "prix pour une seule personne", nil, nil},
		{"num", "1500 per person", nil, []wantHit{{"smuggling.passage.num", "1500 per person", "en"}}},
		{"num not word", "many per person", nil, nil},
		{"placeholder needs entity", "1500€ per person", nil, nil},
		{"placeholder price", "1500€ per person", []vigie.Entity{{Kind: vigie.KindPrice, Start: 0, End: 7}}, []wantHit{{"smuggling.passage.price", "1500€ per person", "en"}}},
		{"placeholder star", "💶 1500 €", []vigie.Entity{{Kind: vigie.KindPrice, Start: 5, End: 11}}, []wantHit{{"smuggling.passage.price", "💶 1500 €", "und"}}},
		{"placeholder wrong kind", "1500€ per person", []vigie.Entity{{Kind: vigie.KindPhone, Start: 0, End: 7}}, nil},
		{"placeholder handle", "contact @smuggler_x", []vigie.Entity{{Kind: vigie.KindTelegram, Start: 8, End: 19}}, []wantHit{{"smuggling.passage.handle", "contact @smuggler_x", "en"}}},
		{"placeholder partial overlap", "contact abc@d", []vigie.Entity{{Kind: vigie.KindWhatsApp, Start: 9, End: 12}}, []wantHit{{"smuggling.passage.handle", "contact abc@", "en"}}},
		{"emoji flag", "go 🇮🇹 now", nil, []wantHit{{"smuggling.passage.emoji", "🇮🇹", "und"}}},
		{"arabic article in pattern", "هجرة الى اوروبا", nil, []wantHit{{"smuggling.passage.arabic", "هجرة", "ar"}}},
		{"arabic clitic in text", "للهجرة الى اوروبا", nil, []wantHit{{"smuggling.passage.arabic", "للهجرة", "ar"}}},
		{"arabic wa al", "والهجرة", nil, []wantHit{{"smuggling.passage.arabic", "والهجرة", "ar"}}},
		{"arabic two tokens clitic", "عبر المكتب تأمين", nil, []wantHit{{"smuggling.passage.arabic", "المكتب تأمين", "ar"}}},
		{"arabic prefix with clitic", "والمهربين", nil, []wantHit{{"smuggling.passage.prefix", "والمهربين", "ar"}}},
		{"arabic diacritics", "الهِجْرَة", nil, []wantHit{{"smuggling.passage.arabic", "الهِجْرَة", "ar"}}},
		{"overlap same indicator merged", "trip tomorrow", nil, []wantHit{{"smuggling.passage.trip", "trip tomorrow", "en"}}},
		{"two hits ordered", "passeur trip", nil, []wantHit{{"smuggling.passage.prefix", "passeur", "fr"}, {"smuggling.passage.trip", "trip", "en"}}},
		{"context hit", "they were arrested", nil, []wantHit{{"context.reporting.news", "were arrested", "en"}}},
		{"invalid utf8", "passeur\xff\xfe trip", nil, []wantHit{{"smuggling.passage.prefix", "passeur", "fr"}, {"smuggling.passage.trip", "trip", "en"}}},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.Score(normalize.Fold(tt.text), tt.ents, 0.5)
			var got []wantHit
			for _, h := range res.Hits {
				got = append(got, wantHit{h.ID, h.Text, h.Lang})
				if h.Text != tt.text[h.Start:h.End] {
					t.Errorf("hit %s Text %q != text[%d:%d] %q", h.ID, h.Text, h.Start, h.End, tt.text[h.Start:h.End])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Score(%q).Hits = %v; want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestClitics(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"والهجره", []string{"هجره", "الهجره"}},
		{"بالبحر", []string{"بحر", "البحر"}},
		{"بحر", nil},              // a three-letter word keeps its first letter
		{"مهرب", nil},             // no clitic
		{"ولد", nil},              // stripping would leave two letters
		{"فيزا", []string{"يزا"}}, // text side strips single letters too; patterns do not
	}
	for _, tt := range tests {
		got := clitics(tt.in, nil)
		if !slices.Equal(got, tt.want) {
			t.Errorf("clitics(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := articleless("فيزا", nil); got != nil {
		t.Errorf("articleless(%q) = %q; want none", "فيزا", got)
	}
}

func TestMatchDeterministic(t *testing.T) {
	b := matchBook(t)
	text := "passeur trip tomorrow taux de réussite 🇮🇹 prix par personne 1500 per person والهجرة they were arrested"
	first := fmt.Sprint(b.Score(normalize.Fold(text), nil, 0.5))
	for range 50 {
		if got := fmt.Sprint(b.Score(normalize.Fold(text), nil, 0.5)); got != first {
			t.Fatalf("Score is not deterministic:\n%s\n%s", got, first)
		}
	}
	// Loading again gives the same book, hence the same result.
	if got := fmt.Sprint(matchBook(t).Score(normalize.Fold(text), nil, 0.5)); got != first {
		t.Fatalf("Score after reloading differs:\n%s\n%s", got, first)
	}
}

func TestScore(t *testing.T) {
	b := testBook(t, map[string]string{
		"context.json": testContext,
		"smuggling.passage.json": cat("smuggling.passage", `"min_indicators": 2, "dampened_by": ["reporting", "legitimacy"],`,
			ind("smuggling.passage.boat", "", 0.4, `{"en": ["boat"]}`),
			ind("smuggling.passage.price", "", 0.4, `{"en": ["per person"]}`),
			ind("smuggling.passage.guarantee", "guarantee", 0.5, `{"en": ["guaranteed"]}`),
			ind("smuggling.passage.success", "guarantee", 0.3, `{"en": ["success rate"]}`),
			ind("smuggling.passage.strong", "", 0.9, `{"en": ["zuwara"]}`),
		),
		"smuggling.documents.json": cat("smuggling.documents", `"min_indicators": 1, "anchors": ["smuggling.documents.fake"],`,
			ind("smuggling.documents.fake", "", 0.6, `{"en": ["fake passport"]}`),
			ind("smuggling.documents.delivery", "", 0.6, `{"en": ["delivery"]}`),
		),
		"smuggling.marriage.json": cat("smuggling.marriage", `"min_indicators": 1,`,
			ind("smuggling.marriage.sham", "", 0.3333, `{"en": ["sham marriage"]}`),
		),
	})
	tests := []struct {
		name   string
		text   string
		want   map[string]float64 // All
		report []string
	}{
		{"one indicator capped", "zuwara", map[string]float64{"smuggling.passage": 0.35}, nil},
		{"two combine", "boat per person", map[string]float64{"smuggling.passage": 0.64}, []string{"smuggling.passage"}},
		{"group counts once", "guaranteed success rate", map[string]float64{"smuggling.passage": 0.35}, nil},
		{"group takes max", "boat guaranteed success rate", map[string]float64{"smuggling.passage": 0.7}, []string{"smuggling.passage"}},
		{"repeats count once", "boat boat boat per person", map[string]float64{"smuggling.passage": 0.64}, []string{"smuggling.passage"}},
		{"anchor missing", "delivery", map[string]float64{"smuggling.documents": 0.35}, nil},
		{"anchor present", "fake passport", map[string]float64{"smuggling.documents": 0.6}, []string{"smuggling.documents"}},
		{"rounding", "sham marriage", map[string]float64{"smuggling.marriage": 0.333}, nil},
		{"dampened", "boat per person were arrested", map[string]float64{"smuggling.passage": 0.32}, nil},
		{"dampened twice same group", "boat per person were arrested in court", map[string]float64{"smuggling.passage": 0.16}, nil},
		{"dampened floor", "boat per person zuwara police court permanent contract", map[string]float64{"smuggling.passage": 0.048}, nil},
		{"not dampened category", "fake passport were arrested", map[string]float64{"smuggling.documents": 0.6}, []string{"smuggling.documents"}},
		{"sorted by score", "fake passport boat per person", map[string]float64{"smuggling.passage": 0.64, "smuggling.documents": 0.6}, []string{"smuggling.passage", "smuggling.documents"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.Score(normalize.Fold(tt.text), nil, 0.5)
			got := map[string]float64{}
			risk := 0.0
			for _, c := range res.All {
				got[c.ID] = c.Score
				risk = max(risk, c.Score)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Score(%q).All = %v; want %v%s", tt.text, got, tt.want, describe(res))
			}
			var rep []string
			for _, c := range res.Categories {
				rep = append(rep, c.ID)
			}
			if !slices.Equal(rep, tt.report) {
				t.Errorf("Score(%q).Categories = %v; want %v", tt.text, rep, tt.report)
			}
			if res.Risk != risk {
				t.Errorf("Score(%q).Risk = %v; want %v", tt.text, res.Risk, risk)
			}
		})
	}

	// Threshold and indicator order.
	res := b.Score(normalize.Fold("per person on a boat, boat"), nil, 0.7)
	if len(res.Categories) != 0 {
		t.Errorf("Score at threshold 0.7 reported %v; want none", res.Categories)
	}
	res = b.Score(normalize.Fold("per person on a boat, boat"), nil, 0.64)
	if len(res.Categories) != 1 || !slices.Equal(res.Categories[0].Indicators, []string{"smuggling.passage.price", "smuggling.passage.boat"}) {
		t.Errorf("Score at threshold 0.64 = %v; want smuggling.passage with [price boat]", res.Categories)
	}
}

// FuzzScore checks the invariants of Score on random text and random
// entity spans.
func FuzzScore(f *testing.F) {
	f.Add("Départ en bateau depuis Zuwara, taux de réussite 95% 🚤 prix 1500€/personne", 3, 9, uint8(12))
	f.Add("والهجرة عبر مكتب تأمين", 0, 4, uint8(1))
	f.Add("passeur\xff\x00 trip", -1, 100, uint8(3))
	for _, c := range []string{"boat per person", "🇮🇹🇮🇹", "wa.me/32470000000"} {
		f.Add(c, 1, 2, uint8(0))
	}
	b := defaultBook(f)
	mb := matchBook(f)
	f.Fuzz(func(t *testing.T, text string, start, length int, kind uint8) {
		ents := []vigie.Entity{{Kind: vigie.EntityKinds[int(kind)%len(vigie.EntityKinds)], Start: start, End: start + length}}
		if start >= 0 && length > 0 && start+length <= len(text) {
			ents = append(ents, vigie.Entity{Kind: vigie.KindPrice, Start: start, End: start + length})
		}
		for _, book := range []*Book{b, mb} {
			res := book.Score(normalize.Fold(text), ents, 0.5)
			for _, h := range res.Hits {
				if h.Start < 0 || h.End > len(text) || h.Start > h.End {
					t.Fatalf("hit %s [%d:%d] outside the text of %d bytes", h.ID, h.Start, h.End, len(text))
				}
				if h.Text != text[h.Start:h.End] {
					t.Fatalf("hit %s Text %q != text[%d:%d]", h.ID, h.Text, h.Start, h.End)
				}
			}
			for _, c := range res.All {
				if c.Score < 0 || c.Score > 1 {
					t.Fatalf("category %s score %v outside [0,1]", c.ID, c.Score)
				}
			}
			if res.Risk < 0 || res.Risk > 1 {
				t.Fatalf("risk %v outside [0,1]", res.Risk)
			}
		}
	})
}

// FuzzParsePattern checks that compiling any pattern either fails with an
// error or yields elements that the matcher can run.
func FuzzParsePattern(f *testing.F) {
	for _, p := range []string{"taux de réussite", "passeur*", "prix ~2 personne", "<num> per person", "✅ <percentage>", "~3", "<>", "a* ~5 <handle>", "مهرب*", "<price", "x ~0 y", "~99"} {
		f.Add(p, "fr")
	}
	f.Add("🚤 <price>", "*")
	f.Fuzz(func(t *testing.T, src, lang string) {
		elems, err := compile(src, lang)
		if err != nil {
			if elems != nil {
				t.Fatalf("compile(%q) returned elements with error %v", src, err)
			}
			return
		}
		if len(elems) == 0 || elems[0].kind == eGap || elems[len(elems)-1].kind == eGap {
			t.Fatalf("compile(%q) = %v: empty or gap at an end", src, elems)
		}
		for _, e := range elems {
			if (e.kind == eLit || e.kind == ePrefix) && e.lit == "" {
				t.Fatalf("compile(%q): empty literal", src)
			}
			if e.kind == eGap && (e.n < 1 || e.n > MaxGap) {
				t.Fatalf("compile(%q): gap %d", src, e.n)
			}
		}
		// The pattern must match its own literal text when it has no
		// placeholder or gap.
		plain := true
		for _, e := range elems {
			if e.kind != eLit {
				plain = false
			}
		}
		if plain && langKey(lang) {
			var m matcher
			if err := m.add(0, lang, src); err != nil {
				t.Fatalf("add(%q) after compile ok: %v", src, err)
			}
			m.finish()
			txt := normalize.Fold(strings.Join(strings.Fields(src), " "))
			var s scan
			s.reset(&m, txt)
			s.run()
			if len(s.hits) == 0 {
				t.Fatalf("pattern %q does not match its own text %q", src, txt.Norm)
			}
		}
	})
}

func TestScoreLangPrefersTextLanguage(t *testing.T) {
	b := Default()
	text := "Départ de Zuwara"
	fold := normalize.Fold(text)
	var got []string
	for _, h := range b.ScoreLang(fold, nil, 0.5, "fr").Hits {
		if h.Text == "Zuwara" {
			got = append(got, h.Lang)
		}
	}
	if len(got) == 0 {
		t.Fatalf("ScoreLang(%q) found no hit on Zuwara", text)
	}
	for _, l := range got {
		if l != "fr" {
			t.Errorf("ScoreLang(%q, fr) hit on Zuwara reports lang %q; want fr (the name is listed under fr too)", text, l)
		}
	}
}

// TestIgnorableHead checks that reset skips the same punctuation as
// matchTokens: ignorableHead tests heads, ignorable strings.
func TestIgnorableHead(t *testing.T) {
	ft := normalize.Fold("l'a l’a l‘a l-a l‐a l‑a l–a l`a l—a l.a l,a l\"a l(a l!a l…a l«a")
	n := 0
	for _, tk := range ft.Tokens() {
		if tk.Kind != normalize.Punct {
			continue
		}
		n++
		s := ft.Norm[tk.Start:tk.End]
		if got, want := ignorableHead(head(s), len(s)), ignorable(ft.Norm, tk); got != want {
			t.Errorf("ignorableHead(%q) = %v; want %v", s, got, want)
		}
	}
	if n < 10 {
		t.Fatalf("only %d punctuation tokens in the test text", n)
	}
	// Fold maps typographic apostrophes and dashes to ASCII; the forms
	// ignorable lists are tested as they are too.
	for _, s := range []string{"'", "-", "`", "\u2019", "\u2018", "\u2010", "\u2011", "\u2013", "\u2014", "\u201c", ".", "\u00b7"} {
		tk := normalize.Token{Start: 0, End: int32(len(s)), Kind: normalize.Punct}
		if got, want := ignorableHead(head(s), len(s)), ignorable(s, tk); got != want {
			t.Errorf("ignorableHead(%q) = %v; want %v", s, got, want)
		}
	}
}
