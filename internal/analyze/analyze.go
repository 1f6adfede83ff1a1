// Package analyze runs the analysis pipeline on one text — normalise,
// extract, score — and streams it over JSON lines for `vigie analyze`.
//
// Analyzer.Analyze is pure and safe for concurrent use; Stream reads and
// writes the streams it is given and nothing else.
package analyze

import (
	"encoding/json"
	"slices"

	"github.com/vigie-project/vigie/internal/contact"
	"github.com/vigie-project/vigie/internal/doctype"
	"github.com/vigie-project/vigie/internal/langid"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/phone"
	"github.com/vigie-project/vigie/internal/place"
	"github.com/vigie-project/vigie/internal/quantity"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/vigie"
)

// DefaultRegion is the phone region assumed when neither the input line nor
// the text says otherwise, and the default of --region.
const DefaultRegion = "BE"

// DefaultThreshold is the score at or above which a category is reported.
const DefaultThreshold = 0.5

// Analyzer holds the settings of one analysis run. The zero value is not
// usable; build it with New.
type Analyzer struct {
	book      *rules.Book
	region    string
	threshold float64
}

// New returns an Analyzer that uses book, falls back to region for phone
// numbers written without a country, and reports categories scoring at or
// above threshold.
func New(book *rules.Book, region string, threshold float64) *Analyzer {
	return &Analyzer{book: book, region: region, threshold: threshold}
}

// Rulebook returns the version of the rulebook the analyzer scores with.
func (a *Analyzer) Rulebook() string { return a.book.Version() }

// Book returns the rulebook the analyzer scores with.
func (a *Analyzer) Book() *rules.Book { return a.book }

// Input is one text to analyse with its optional hints.
type Input struct {
	ID     json.RawMessage
	Text   string
	Region string // ISO 3166 alpha-2 hint for phone numbers, or ""
	Lang   string // ISO 639-1 hint, or ""
}

// Analyze returns the analysis of one text. It never fails: the text must
// already be valid UTF-8 (Stream checks that).
func (a *Analyzer) Analyze(in Input) vigie.Analysis {
	fold := normalize.Fold(in.Text)
	digits := normalize.Digits(in.Text)

	ents := Entities(fold, digits, in.Region, a.region)

	lang := in.Lang
	if lang == "" {
		lang, _ = langid.Detect(fold)
	}
	res := a.book.Score(fold, ents, a.threshold)

	out := vigie.Analysis{
		ID:         in.ID,
		Language:   lang,
		Risk:       res.Risk,
		Entities:   ents,
		Categories: res.Categories,
		Indicators: res.Hits,
		Rulebook:   a.book.Version(),
	}
	if out.Entities == nil {
		out.Entities = []vigie.Entity{}
	}
	if out.Categories == nil {
		out.Categories = []vigie.CategoryScore{}
	}
	if out.Indicators == nil {
		out.Indicators = []vigie.Hit{}
	}
	return out
}

// Entities runs every extractor over one text and returns the entities in
// order of Start, then kind, without duplicates. fold and digits are
// normalize.Fold and normalize.Digits of the same text; region is the
// line's hint ("" if none) and def the default region.
func Entities(fold, digits *normalize.Text, region, def string) []vigie.Entity {
	locs := place.Find(fold)
	phones := phone.Find(digits, phone.Options{Region: region, Default: def, Cues: place.Regions(locs)})

	var ents []vigie.Entity
	ents = append(ents, phones...)
	ents = append(ents, contact.Find(fold, phones)...)
	ents = append(ents, quantity.Find(digits)...)
	ents = append(ents, locs...)
	ents = append(ents, doctype.Find(fold)...)

	slices.SortStableFunc(ents, func(a, b vigie.Entity) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.End != b.End {
			return b.End - a.End
		}
		return kindOrder[a.Kind] - kindOrder[b.Kind]
	})
	return slices.CompactFunc(ents, func(a, b vigie.Entity) bool {
		return a.Kind == b.Kind && a.Start == b.Start && a.End == b.End && a.Value == b.Value
	})
}

var kindOrder = func() map[vigie.EntityKind]int {
	m := make(map[vigie.EntityKind]int, len(vigie.EntityKinds))
	for i, k := range vigie.EntityKinds {
		m[k] = i
	}
	return m
}()
