package training

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/vigie"
)

// lookAlikeMaxRisk is the highest risk a look-alike may get: the score the
// rulebook allows for a category with one indicator group alone
// (rules.CapScore). A look-alike must look to the tool like "one sign,
// not enough", whether because it has few signs or because context (a
// licence, a contract, a news report) lowered a stronger raw score; a
// higher risk would show as a near-miss and teach the wrong lesson.
const lookAlikeMaxRisk = rules.CapScore

// TestExamplesAnalyzer runs every example through the real analyzer, with
// no language hint as a pasted text would have, and requires that a flagged
// example reports exactly its category at the default threshold (so that
// the quiz's one correct answer agrees with the tool) and that a
// look-alike reports none, scores at most lookAlikeMaxRisk, and still
// shows at least one indicator of the category it resembles (else it
// teaches nothing about look-alikes).
func TestExamplesAnalyzer(t *testing.T) {
	a := analyze.New(rules.Default(), analyze.DefaultRegion, analyze.DefaultThreshold)
	c := mustLoad(t)
	var flagged, lookAlikes int
	minFlagged, maxLookAlike := 1.0, 0.0 // lowest flagged score, highest look-alike risk
	for _, e := range c.examples {
		an := a.Analyze(analyze.Input{Text: e.Text})
		var got []string
		for _, cs := range an.Categories {
			got = append(got, cs.ID)
		}
		if e.LookAlike() {
			lookAlikes++
			maxLookAlike = max(maxLookAlike, an.Risk)
			if len(got) > 0 || an.Risk > lookAlikeMaxRisk {
				t.Errorf("look-alike %s: categories %v, risk %.3f; want none and risk <= %.2f\n%s",
					e.ID, got, an.Risk, lookAlikeMaxRisk, describe(&an))
			}
			if !hasIndicatorOf(&an, e.Resembles) {
				t.Errorf("look-alike %s: no indicator of %s; want at least one\n%s", e.ID, e.Resembles, describe(&an))
			}
			continue
		}
		flagged++
		for _, cs := range an.Categories {
			if cs.ID == e.Category {
				minFlagged = min(minFlagged, cs.Score)
			}
		}
		if !slices.Equal(got, []string{e.Category}) {
			t.Errorf("example %s: categories %v (risk %.3f); want [%s]\n%s", e.ID, got, an.Risk, e.Category, describe(&an))
		}
	}
	t.Logf("rulebook %s: %d flagged examples (lowest score %.3f), %d look-alikes (highest risk %.3f)",
		a.Rulebook(), flagged, minFlagged, lookAlikes, maxLookAlike)
}

func hasIndicatorOf(an *vigie.Analysis, cat string) bool {
	for _, h := range an.Indicators {
		if h.Category == cat {
			return true
		}
	}
	return false
}

// describe lists the hits of an analysis, for failure messages.
func describe(an *vigie.Analysis) string {
	var b strings.Builder
	for _, h := range an.Indicators {
		fmt.Fprintf(&b, "\t%s %q\n", h.ID, h.Text)
	}
	return b.String()
}

// TestExamplesFictionalNumbers requires every international number
// written in an example to come from a range reserved for fiction (Ofcom's
// +44 7700 900xxx, the North American +1 555 01xx), and the analyzer to
// find no valid phone number in any example: such numbers are never
// assigned, so a number the analyzer accepts may belong to a real
// subscriber.
func TestExamplesFictionalNumbers(t *testing.T) {
	a := analyze.New(rules.Default(), analyze.DefaultRegion, analyze.DefaultThreshold)
	intl := regexp.MustCompile(`\+[0-9][0-9 ]{5,}[0-9]`)
	var written int
	for _, e := range mustLoad(t).examples {
		for _, text := range []string{e.Text, e.Translation} {
			for _, m := range intl.FindAllString(text, -1) {
				written++
				n := strings.ReplaceAll(m, " ", "")
				if !strings.HasPrefix(n, "+447700900") && !strings.HasPrefix(n, "+155501") {
					t.Errorf("example %s: number %q is not in a fictional range", e.ID, m)
				}
			}
			an := a.Analyze(analyze.Input{Text: text})
			for _, ent := range an.Entities {
				if ent.Kind == vigie.KindPhone {
					t.Errorf("example %s: the analyzer finds phone %q in %q; want none (fictional numbers are invalid)", e.ID, ent.Value, ent.Text)
				}
			}
		}
	}
	if written == 0 {
		t.Error("no international number in any example; want some, as real adverts carry them")
	}
}
