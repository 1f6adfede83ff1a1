// Package analyze runs the analysis pipeline on one text — normalise,
// extract, score — and streams it over JSON lines for `vigie analyze`.
//
// Analyzer.Analyze is pure and safe for concurrent use; Stream reads and
// writes the streams it is given and nothing else.
package analyze

import (
	"encoding/json"
	"slices"
	"strings"

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
	an, _ := a.AnalyzeFolded(in)
	return an
}

// AnalyzeFolded is Analyze that also returns the folded text (the
// normalize.Fold view), which the search index holds.
func (a *Analyzer) AnalyzeFolded(in Input) (vigie.Analysis, string) {
	return a.AnalyzeWith(in, nil)
}

// AnalyzeWith is AnalyzeFolded that also calls view, when not nil, with
// the folded view of the text, so that a caller computes more from it
// (a clustering signature) without folding the text again. view must not
// keep fold: its buffers serve the next text once view returns.
func (a *Analyzer) AnalyzeWith(in Input, view func(fold *normalize.Text)) (vigie.Analysis, string) {
	fold := normalize.Fold(in.Text)
	if view != nil {
		view(fold)
	}
	digits := normalize.DigitsOf(fold)

	lang := in.Lang
	if lang == "" {
		lang, _ = langid.Detect(fold)
	}
	ents := Entities(fold, digits, in.Region, a.region, lang)

	res := a.book.ScoreLang(fold, ents, a.threshold, lang)
	// Every stage is done with the views: their buffers serve the next post.
	digits.Release()
	fold.Release()

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
	return out, fold.Norm
}

// Entities runs every extractor over one text and returns the entities in
// order of Start, then kind, without duplicates. fold and digits are
// normalize.Fold and normalize.Digits of the same text; region is the
// line's hint ("" if none), def the default region and lang the text's
// language ("" or "und" if unknown).
//
// A phone number written without its country is tried, in order, with the
// line's region, the countries of the places named in the text, the
// default region, and last the countries where the text's language is
// mainly spoken, and takes the first region where it is valid.
func Entities(fold, digits *normalize.Text, region, def, lang string) []vigie.Entity {
	locs := place.Find(fold)
	cues := place.Regions(locs)
	if extra := langRegions[lang]; len(extra) > 0 {
		cues = append(append(cues, def), extra...)
	}
	phones := phone.Find(digits, phone.Options{Region: region, Default: def, Cues: cues})

	contacts := contact.Find(fold, phones)
	handles := handlePhones(contacts, phones)
	amounts := quantity.Find(digits)
	docs := doctype.Find(fold)
	// One slice of the exact size: entities are many and growing by append
	// copied them several times.
	ents := slices.Concat(phones, contacts, handles, amounts, locs, docs)

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

// handlePhones returns a phone entity for every phone-based handle (a
// wa.me link, viber://…?number=, signal.me/#p/+…) whose number is not
// already among phones: DESIGN §5 wants both the handle and the phone.
func handlePhones(contacts, phones []vigie.Entity) []vigie.Entity {
	var out []vigie.Entity
	for _, c := range contacts {
		if c.Kind != vigie.KindWhatsApp && c.Kind != vigie.KindViber && c.Kind != vigie.KindSignal {
			continue
		}
		if !strings.HasPrefix(c.Value, "+") {
			continue
		}
		dup := false
		for _, p := range phones {
			if p.Value == c.Value && p.Start < c.End && c.Start < p.End {
				dup = true
				break
			}
		}
		if !dup {
			p := c
			p.Kind = vigie.KindPhone
			out = append(out, p)
		}
	}
	return out
}

// langRegions are the countries tried last for a phone number without a
// country code, by language of the text. Languages spoken in many
// countries with different numbering plans (English, Arabic, French,
// Spanish) give none: the default region is a better guess there.
var langRegions = map[string][]string{
	"ro": {"RO", "MD"}, "bg": {"BG"}, "tr": {"TR"}, "nl": {"NL"}, "de": {"DE", "AT"},
	"it": {"IT"}, "pt": {"PT", "BR"}, "fa": {"IR", "AF"}, "ps": {"AF"}, "ur": {"PK"},
	"ti": {"ER", "ET"}, "am": {"ET"}, "uk": {"UA"}, "ru": {"RU"}, "el": {"GR"},
	"sq": {"AL"}, "pl": {"PL"},
}

var kindOrder = func() map[vigie.EntityKind]int {
	m := make(map[vigie.EntityKind]int, len(vigie.EntityKinds))
	for i, k := range vigie.EntityKinds {
		m[k] = i
	}
	return m
}()
