// Package training holds the content and the logic of vigie's training
// mode for first-line users (local police, labour and social inspectors,
// NGO field workers): a plain-language guide to the eight indicator
// categories of DESIGN §4 with worked examples, and a short self-test.
//
// The content is embedded from content/: guide.json (per language, the
// description of each category, its choice label and the "what to do
// next" advice) and examples.json (invented posts, each with the category
// it should be reported under, or none for look-alikes, and why). Every
// text is invented: names, numbers (the +44 7700 900xxx and +1 555 01xx
// fictional ranges), handles and addresses. The package tests run every
// example through the real analyzer at the default threshold.
//
// Texts are plain: the web layer escapes them. Everything is read-only
// once loaded and safe for concurrent use.
package training

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/vigie-project/vigie/internal/vigie"
)

// NothingToReport is the id of the quiz answer "nothing to report", the
// correct answer for a look-alike.
const NothingToReport = "none"

// DefaultLang is the language used when the requested one has no content.
const DefaultLang = "en"

// Example is one invented post of the guide or the quiz.
type Example struct {
	ID string
	// Lang is the language of the explanation and advice, the language of
	// the user it is shown to.
	Lang string
	// TextLang is the language of Text; it differs from Lang for posts in
	// a language the user may not read (Arabic), which then have a
	// Translation in Lang.
	TextLang    string
	Text        string
	Translation string // gist of Text in Lang, or "" when TextLang == Lang
	// Category is the category the post should be reported under, or ""
	// for a look-alike that should not be reported.
	Category string
	// Resembles is, for a look-alike, the category it could be mistaken
	// for; "" otherwise.
	Resembles string
	// Explanation says in plain words what gives the post away, or why it
	// is fine.
	Explanation string
	// NextSteps is the "what to do next" advice for a first-line user.
	NextSteps string
}

// LookAlike reports whether the example is a look-alike: a text that shows
// some signs of a category but should not be reported.
func (e *Example) LookAlike() bool { return e.Category == "" }

// Answer returns the correct quiz answer for the example: its category or
// NothingToReport.
func (e *Example) Answer() string {
	if e.Category == "" {
		return NothingToReport
	}
	return e.Category
}

// topic returns the category the example is about: its category, or the
// one a look-alike resembles.
func (e *Example) topic() string {
	if e.Category != "" {
		return e.Category
	}
	return e.Resembles
}

// categoryText is the guide text of one category in one language.
type categoryText struct {
	Label     string   `json:"label"` // short answer label for the quiz
	Title     string   `json:"title"`
	What      string   `json:"what"`
	Signs     []string `json:"signs"`
	OneSign   string   `json:"one_sign"`
	NextSteps string   `json:"next_steps"`
}

// langText is the guide text of one language.
type langText struct {
	NothingLabel   string                  `json:"nothing_label"`
	LookAlikeSteps string                  `json:"look_alike_next_steps"`
	Categories     map[string]categoryText `json:"categories"`
}

type guideFile struct {
	Languages map[string]langText `json:"languages"`
}

type exampleFile struct {
	Examples []fileExample `json:"examples"`
}

type fileExample struct {
	ID          string `json:"id"`
	Lang        string `json:"lang"`
	TextLang    string `json:"text_lang"`
	Text        string `json:"text"`
	Translation string `json:"translation"`
	Category    string `json:"category"`
	Resembles   string `json:"resembles"`
	Explanation string `json:"explanation"`
	NextSteps   string `json:"next_steps"`
}

// content is the loaded, validated training content.
type content struct {
	langs    []string // languages of the guide, sorted
	text     map[string]langText
	examples []Example // in file order
}

//go:embed content/*.json
var embedded embed.FS

var loadDefault = sync.OnceValues(func() (*content, error) {
	sub, err := fs.Sub(embedded, "content")
	if err != nil {
		return nil, fmt.Errorf("training: embedded content: %w", err)
	}
	return load(sub)
})

// Check returns the error of loading the embedded content, or nil. The
// package tests rule such an error out; a server may call Check at
// start-up to fail fast. The other functions of the package return empty
// results when Check fails.
func Check() error {
	_, err := loadDefault()
	return err
}

// Languages returns the languages the guide and the quiz are written in,
// sorted. Other languages fall back to DefaultLang.
func Languages() []string {
	c, err := loadDefault()
	if err != nil {
		return nil
	}
	return slices.Clone(c.langs)
}

// Examples returns every example whose explanation is written in lang
// (falling back to DefaultLang), flagged posts and look-alikes, in a
// stable order.
func Examples(lang string) []Example {
	c, err := loadDefault()
	if err != nil {
		return nil
	}
	lang, _ = c.resolve(lang)
	var out []Example
	for _, e := range c.examples {
		if e.Lang == lang {
			out = append(out, e)
		}
	}
	return out
}

// resolve returns lang if the content has it, else DefaultLang and true.
func (c *content) resolve(lang string) (string, bool) {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if _, ok := c.text[lang]; ok {
		return lang, false
	}
	return DefaultLang, true
}

// label returns the quiz label of answer id in lang.
func (c *content) label(lang, id string) string {
	lt := c.text[lang]
	if id == NothingToReport {
		return lt.NothingLabel
	}
	return lt.Categories[id].Label
}

// load reads guide.json and examples.json from fsys and validates them.
func load(fsys fs.FS) (*content, error) {
	var g guideFile
	if err := decode(fsys, "guide.json", &g); err != nil {
		return nil, err
	}
	var ef exampleFile
	if err := decode(fsys, "examples.json", &ef); err != nil {
		return nil, err
	}
	c := &content{text: g.Languages}
	if err := c.checkGuide(); err != nil {
		return nil, fmt.Errorf("training: guide.json: %w", err)
	}
	ids := make(map[string]bool, len(ef.Examples))
	for i, fe := range ef.Examples {
		e, err := c.example(fe)
		if err != nil {
			return nil, fmt.Errorf("training: examples.json: example %d (%q): %w", i+1, fe.ID, err)
		}
		if ids[e.ID] {
			return nil, fmt.Errorf("training: examples.json: example %d: duplicate id %q", i+1, e.ID)
		}
		ids[e.ID] = true
		c.examples = append(c.examples, e)
	}
	if len(c.examples) == 0 {
		return nil, errors.New("training: examples.json: no examples")
	}
	return c, nil
}

// decode reads one JSON file strictly: unknown fields and trailing data
// are errors, which catches typos in field names.
func decode(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("training: read %s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(data, se.Offset)
			return fmt.Errorf("training: parse %s at line %d, column %d: %w", name, line, col, err)
		}
		return fmt.Errorf("training: parse %s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("training: parse %s: data after the top-level object", name)
	}
	return nil
}

// position returns the 1-based line and column of byte offset off.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	line, col = 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// checkGuide requires DefaultLang and, in every language, every category
// with all its texts.
func (c *content) checkGuide() error {
	if _, ok := c.text[DefaultLang]; !ok {
		return fmt.Errorf("no %q section", DefaultLang)
	}
	for lang, lt := range c.text {
		if !langCode(lang) {
			return fmt.Errorf("language %q: not a lower-case ISO 639-1 code", lang)
		}
		c.langs = append(c.langs, lang)
		if strings.TrimSpace(lt.NothingLabel) == "" || strings.TrimSpace(lt.LookAlikeSteps) == "" {
			return fmt.Errorf("language %q: nothing_label and look_alike_next_steps are required", lang)
		}
		for id := range lt.Categories {
			if !slices.Contains(vigie.Categories, id) {
				return fmt.Errorf("language %q: unknown category %q", lang, id)
			}
		}
		for _, id := range vigie.Categories {
			ct, ok := lt.Categories[id]
			if !ok {
				return fmt.Errorf("language %q: category %q missing", lang, id)
			}
			if blank(ct.Label, ct.Title, ct.What, ct.OneSign, ct.NextSteps) || len(ct.Signs) == 0 || blank(ct.Signs...) {
				return fmt.Errorf("language %q, category %q: label, title, what, signs, one_sign and next_steps are required", lang, id)
			}
		}
	}
	slices.Sort(c.langs)
	return nil
}

// example validates one example of the file and fills its defaults.
func (c *content) example(fe fileExample) (Example, error) {
	e := Example(fe) // same fields; the file type only adds the JSON names
	if e.TextLang == "" {
		e.TextLang = e.Lang
	}
	lt, ok := c.text[e.Lang]
	switch {
	case strings.TrimSpace(e.ID) == "":
		return e, errors.New("id is required")
	case !ok:
		return e, fmt.Errorf("lang %q has no guide section", e.Lang)
	case !langCode(e.TextLang):
		return e, fmt.Errorf("text_lang %q is not a lower-case ISO 639-1 code", e.TextLang)
	case blank(e.Text, e.Explanation):
		return e, errors.New("text and explanation are required")
	case e.TextLang != e.Lang && blank(e.Translation):
		return e, fmt.Errorf("a text in %q shown in %q needs a translation", e.TextLang, e.Lang)
	case e.Category != "" && e.Resembles != "":
		return e, errors.New("category and resembles are exclusive")
	case e.Category == "" && e.Resembles == "":
		return e, errors.New("one of category or resembles is required")
	case !slices.Contains(vigie.Categories, e.topic()):
		return e, fmt.Errorf("unknown category %q", e.topic())
	}
	if e.NextSteps == "" {
		if e.LookAlike() {
			e.NextSteps = lt.LookAlikeSteps
		} else {
			e.NextSteps = lt.Categories[e.Category].NextSteps
		}
	}
	return e, nil
}

// blank reports whether any of ss is empty or only white space.
func blank(ss ...string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) == "" {
			return true
		}
	}
	return false
}

// langCode reports whether s looks like an ISO 639-1 code: two lower-case
// ASCII letters.
func langCode(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}
