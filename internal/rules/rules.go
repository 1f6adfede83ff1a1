// Package rules holds vigie's rulebook of indicators and the engine that
// finds them in a text and scores the categories of DESIGN §4.
//
// The rulebook is a set of JSON files embedded from rulebook/: one file per
// category, context.json for the dampeners (reporting context, legitimacy
// markers) and VERSION. Patterns are matched token by token on the
// normalize.Fold view of a text, so case, diacritics, Arabic letter variants
// and Arabic clitics do not matter.
//
// A Book is immutable once loaded and safe for concurrent use. Scoring is a
// pure function of the text, its entities and the threshold.
//
// # Adding an indicator
//
// Add an object to the "indicators" list of the category file (id
// "<category>.<snake_name>", weight in (0, 1], an optional group shared by
// near-synonyms, explanation.en and explanation.fr in one plain sentence,
// the source document, and patterns by language), add a positive and a
// hard-negative case to testdata/cases, bump rulebook/VERSION, then run
//
//	go test ./internal/rules -run TestIndicatorsDoc -update
//	go test ./internal/rules
//
// Patterns are space-separated elements matched token by token on the Fold
// view: literals (case, diacritics, apostrophes and hyphens do not matter),
// word* prefixes (stem of 3 letters, 2 in Arabic script), ~N gaps of up to
// N tokens (N <= 5), <num> for a number, and entity placeholders (<price>,
// <percentage>, <phone>, <age>, <location>, <document>, <handle>, <email>,
// <url>, <iban>, <wallet> or any entity kind) that need the extracted
// entities. Arabic words are written without clitics (و ف ب ل ك ال…): the
// matcher removes them from the text. Loading errors name the file, the
// indicator and the pattern.
package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/vigie-project/vigie/internal/vigie"
)

// ContextCategory is the category reported on hits of context indicators
// (reporting context and legitimacy markers), which lower offer categories
// instead of raising a category of their own.
const ContextCategory = "context"

// DefaultMinIndicators is the number of distinct indicator groups a category
// needs to reach the report threshold when its file does not say.
const DefaultMinIndicators = 2

// CapScore is the highest score of a category that lacks enough distinct
// indicator groups or any of its anchors: one indicator alone is weak.
const CapScore = 0.35

// DampenFloor is the share of the raw score a category keeps however much
// context lowers it, so that a strong offer quoted in a news article still
// ranks above an empty text.
const DampenFloor = 0.05

//go:embed rulebook
var embedded embed.FS

// Book is a loaded, immutable rulebook; safe for concurrent use.
type Book struct {
	version    string
	categories []*category
	inds       []*indicator
	byID       map[string]int
	ctxGroups  map[string]bool
	ngroups    int
	idRank     []int32 // by indicator: rank of its id in sorted order
	m          matcher
	// pool holds scan states for reuse, sparing the allocations of their
	// buffers on every text.
	pool sync.Pool
}

// Category describes one category of the book and its rules of combination.
type Category struct {
	ID            string
	Title         map[string]string // by language: "en", "fr"
	MinIndicators int
	Anchors       []string // indicator ids; one must be hit when non-empty
	DampenedBy    []string // context groups that lower the category
}

// Indicator describes one indicator of the book, for the documentation and
// the web guide. Context indicators have Category ContextCategory and Group
// set to their context group.
type Indicator struct {
	ID          string
	Category    string
	Group       string // "" when the indicator is its own group
	Weight      float64
	Explanation map[string]string // by language: "en", "fr", …
	Source      string
	Langs       []string            // language keys of its patterns, sorted; "*" for language-neutral
	Patterns    map[string][]string // as written in the rulebook, by language key
	Examples    []string            // optional example texts that fire the indicator
}

type category struct {
	Category
	inds    []int // indexes into Book.inds
	anchors []int
	groups  []int // its group indexes, sorted by group key (products are order-sensitive)
	damp    []int // group indexes of the context groups in DampenedBy
}

type indicator struct {
	Indicator
	cat      int    // index into Book.categories, -1 for context indicators
	groupKey string // group id used when combining: Group, or ID when no group
	gi       int    // index of the group in Book.ngroups
	en       string // Explanation["en"], looked up once
	file     string
}

var (
	defaultOnce sync.Once
	theDefault  *Book
	defaultErr  error
)

// Default returns the embedded rulebook, loaded once. It panics only if the
// embedded files are broken, which the package tests rule out.
func Default() *Book {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(embedded, "rulebook")
		if err != nil {
			defaultErr = err
			return
		}
		theDefault, defaultErr = Parse(sub)
	})
	if defaultErr != nil {
		panic(fmt.Sprintf("rules: embedded rulebook: %v", defaultErr))
	}
	return theDefault
}

// Version returns the rulebook version, such as "2026.11.1".
func (b *Book) Version() string { return b.version }

// Categories returns the categories of the book in the order of
// vigie.Categories. The caller must not modify the result.
func (b *Book) Categories() []Category {
	out := make([]Category, len(b.categories))
	for i, c := range b.categories {
		out[i] = c.Category
	}
	return out
}

// Indicators returns every indicator of the book: the category indicators
// in category order, then the context indicators. The maps and slices are
// shared with the book and must not be modified.
func (b *Book) Indicators() []Indicator {
	out := make([]Indicator, len(b.inds))
	for i, ind := range b.inds {
		out[i] = ind.Indicator
	}
	return out
}

// Explain returns the explanation of indicator id in lang ("en", "fr", …),
// falling back to English, or "" when the book has no such indicator.
func (b *Book) Explain(id, lang string) string {
	i, ok := b.byID[id]
	if !ok {
		return ""
	}
	e := b.inds[i].Explanation
	if s := e[lang]; s != "" {
		return s
	}
	return e["en"]
}

// known reports whether id is a category of DESIGN §4.
func known(id string) bool {
	for _, c := range vigie.Categories {
		if c == id {
			return true
		}
	}
	return false
}
