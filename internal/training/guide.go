package training

import "github.com/vigie-project/vigie/internal/vigie"

// Section is the guide to one category in one language.
type Section struct {
	Category string // category id of DESIGN §4
	// Lang is the language the section is written in; Fallback reports
	// that the requested language had no content and DefaultLang was used.
	Lang      string
	Fallback  bool
	Label     string   // short name, as in the quiz answers
	Title     string   // one-line title
	What      string   // what the phenomenon is
	Signs     []string // the typical signs, one per item
	OneSign   string   // why one sign alone proves nothing
	NextSteps string   // what to do next when a post is reported
	// Examples are posts that should be reported under Category;
	// LookAlikes are posts that show some of its signs and should not.
	Examples   []Example
	LookAlikes []Example
}

// Guide returns the guide in lang: one section per category, in the order
// of vigie.Categories, with its examples. A language without content falls
// back to DefaultLang, with Fallback set on every section. The result is
// the caller's to modify; it is nil only when Check fails.
func Guide(lang string) []Section {
	c, err := loadDefault()
	if err != nil {
		return nil
	}
	lang, fallback := c.resolve(lang)
	lt := c.text[lang]
	out := make([]Section, 0, len(vigie.Categories))
	for _, id := range vigie.Categories {
		ct := lt.Categories[id]
		s := Section{
			Category: id, Lang: lang, Fallback: fallback,
			Label: ct.Label, Title: ct.Title, What: ct.What,
			Signs: append([]string(nil), ct.Signs...), OneSign: ct.OneSign, NextSteps: ct.NextSteps,
		}
		for _, e := range c.examples {
			if e.Lang != lang || e.topic() != id {
				continue
			}
			if e.LookAlike() {
				s.LookAlikes = append(s.LookAlikes, e)
			} else {
				s.Examples = append(s.Examples, e)
			}
		}
		out = append(out, s)
	}
	return out
}
