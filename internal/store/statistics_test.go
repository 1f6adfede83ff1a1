package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestContactStatistics(t *testing.T) { forEachStore(t, testContactStatistics) }

// testContactStatistics gives one number in six posts (as a phone and a
// WhatsApp handle: one identifier) and another in two: only the first is
// listed, with its categories, under a pseudonym that is stable and does
// not hold the number.
func testContactStatistics(t *testing.T, s *Store) {
	ctx := context.Background()
	var docs []vigie.Document
	for i := range 6 {
		docs = append(docs, vigie.Document{ID: fmt.Sprint("a", i), Source: "test",
			Text: fmt.Sprintf("🚤 Départ %d de Zuwara vers Lampedusa chaque semaine, 2500 € par personne, paiement après l'arrivée. WhatsApp +218 91 000 0000", i)})
	}
	for i := range 2 {
		docs = append(docs, vigie.Document{ID: fmt.Sprint("b", i), Source: "test", Text: fmt.Sprintf("Vélo %d à vendre, appelez le +32 470 99 88 77", i)})
	}
	if _, _, err := s.Add(ctx, 0, items(t, docs)); err != nil {
		t.Fatal(err)
	}
	cs, err := s.ContactStatistics(ctx, 5, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Documents != 6 || cs[0].Kind != "phone" || cs[0].Categories["smuggling.passage"] != 6 ||
		!strings.HasPrefix(cs[0].Pseudonym, "phone·") || strings.Contains(cs[0].Pseudonym, "218") {
		t.Fatalf("ContactStatistics = %+v", cs)
	}
	again, _ := s.ContactStatistics(ctx, 5, 10)
	if again[0].Pseudonym != cs[0].Pseudonym {
		t.Errorf("pseudonym changed between calls: %s, %s", cs[0].Pseudonym, again[0].Pseudonym)
	}
}
