package analyze

import (
	"testing"

	"github.com/vigie-project/vigie/internal/contact"
	"github.com/vigie-project/vigie/internal/doctype"
	"github.com/vigie-project/vigie/internal/langid"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/phone"
	"github.com/vigie-project/vigie/internal/place"
	"github.com/vigie-project/vigie/internal/quantity"
	"github.com/vigie-project/vigie/internal/vigie"
)

// BenchmarkStages measures each stage of the pipeline alone on the Memex
// ads, one core, to show where the time of Analyze goes:
// go test -run '^$' -bench Stages -cpu 1 ./internal/analyze/
func BenchmarkStages(b *testing.B) {
	ads := memexAds(b)
	var size int64
	folds := make([]*normalize.Text, len(ads))
	digits := make([]*normalize.Text, len(ads))
	ents := make([][]vigie.Entity, len(ads))
	book := newTestAnalyzer().Book()
	for i, s := range ads {
		size += int64(len(s))
		folds[i] = normalize.Fold(s)
		folds[i].Tokens()
		digits[i] = normalize.DigitsOf(folds[i])
		digits[i].Tokens()
		ents[i] = Entities(folds[i], digits[i], "", "US", "en")
	}
	stages := []struct {
		name string
		run  func(i int)
	}{
		{"fold", func(i int) { normalize.Fold(ads[i]) }},
		{"fold+tokens", func(i int) { normalize.Fold(ads[i]).Tokens() }},
		{"digits", func(i int) { normalize.DigitsOf(folds[i]) }},
		{"place", func(i int) { place.Find(folds[i]) }},
		{"doctype", func(i int) { doctype.Find(folds[i]) }},
		{"phone", func(i int) { phone.Find(digits[i], phone.Options{Default: "US"}) }},
		{"contact", func(i int) { contact.Find(folds[i], nil) }},
		{"quantity", func(i int) { quantity.Find(digits[i]) }},
		{"langid", func(i int) { langid.Detect(folds[i]) }},
		{"rules", func(i int) { book.ScoreLang(folds[i], ents[i], DefaultThreshold, "en") }},
	}
	for _, st := range stages {
		b.Run(st.name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				for i := range ads {
					st.run(i)
				}
			}
		})
	}
}
