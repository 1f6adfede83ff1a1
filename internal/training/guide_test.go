package training

import (
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestGuide(t *testing.T) {
	tests := []struct {
		name, lang, wantLang string
		wantFallback         bool
	}{
		{"english", "en", "en", false},
		{"french", "fr", "fr", false},
		{"dutch", "nl", "nl", false},
		{"region tag is not a language", "fr-BE", "en", true},
		{"missing language", "de", "en", true},
		{"empty", "", "en", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Guide(tt.lang)
			if len(got) != len(vigie.Categories) {
				t.Fatalf("Guide(%q) has %d sections; want %d", tt.lang, len(got), len(vigie.Categories))
			}
			for i, s := range got {
				if s.Category != vigie.Categories[i] {
					t.Errorf("Guide(%q) section %d = %s; want %s", tt.lang, i, s.Category, vigie.Categories[i])
				}
				if s.Lang != tt.wantLang || s.Fallback != tt.wantFallback {
					t.Errorf("Guide(%q) %s: lang %q fallback %v; want %q %v", tt.lang, s.Category, s.Lang, s.Fallback, tt.wantLang, tt.wantFallback)
				}
				if blank(s.Label, s.Title, s.What, s.OneSign, s.NextSteps) || len(s.Signs) == 0 {
					t.Errorf("Guide(%q) %s has an empty text: %+v", tt.lang, s.Category, s)
				}
				if len(s.Examples) < 3 || len(s.LookAlikes) < 1 {
					t.Errorf("Guide(%q) %s: %d examples, %d look-alikes; want >= 3 and >= 1", tt.lang, s.Category, len(s.Examples), len(s.LookAlikes))
				}
				for _, e := range s.Examples {
					if e.Category != s.Category || e.Lang != tt.wantLang {
						t.Errorf("Guide(%q) %s lists example %s (%s, %s)", tt.lang, s.Category, e.ID, e.Category, e.Lang)
					}
				}
				for _, e := range s.LookAlikes {
					if !e.LookAlike() || e.Resembles != s.Category || e.Lang != tt.wantLang {
						t.Errorf("Guide(%q) %s lists look-alike %s (%s, %s)", tt.lang, s.Category, e.ID, e.Resembles, e.Lang)
					}
				}
			}
		})
	}
}

// TestGuideCopies requires a caller's changes to a guide not to reach the
// next call.
func TestGuideCopies(t *testing.T) {
	g := Guide("en")
	want := g[0].Signs[0]
	g[0].Signs[0] = "changed"
	g[0].Examples[0].Text = "changed"
	again := Guide("en")
	if again[0].Signs[0] != want || again[0].Examples[0].Text == "changed" {
		t.Errorf("Guide(en) after a caller's change = %q, %q; want the original texts", again[0].Signs[0], again[0].Examples[0].Text)
	}
}
