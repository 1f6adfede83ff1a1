package training

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigie-project/vigie/internal/vigie"
)

// guideLangs are the languages the brief requires.
var guideLangs = []string{"en", "fr", "nl"}

func TestCheck(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatalf("Check() = %v; want nil", err)
	}
	if got := Languages(); !slices.Equal(got, guideLangs) {
		t.Errorf("Languages() = %v; want %v", got, guideLangs)
	}
}

// TestCoverage requires, in every guide language, at least three flagged
// examples and one look-alike per category, and plain texts.
func TestCoverage(t *testing.T) {
	c := mustLoad(t)
	for _, lang := range guideLangs {
		flagged := map[string]int{}
		looks := map[string]int{}
		for _, e := range c.examples {
			if e.Lang != lang {
				continue
			}
			if e.LookAlike() {
				looks[e.Resembles]++
			} else {
				flagged[e.Category]++
			}
		}
		for _, cat := range vigie.Categories {
			if flagged[cat] < 3 {
				t.Errorf("%s %s: %d flagged examples; want >= 3", lang, cat, flagged[cat])
			}
			if looks[cat] < 1 {
				t.Errorf("%s %s: %d look-alikes; want >= 1", lang, cat, looks[cat])
			}
		}
	}
	for _, e := range c.examples {
		for _, s := range []string{e.Text, e.Translation, e.Explanation, e.NextSteps} {
			if strings.ContainsAny(s, "<>") {
				t.Errorf("example %s: %q holds markup characters; want plain text", e.ID, s)
			}
		}
		if e.NextSteps == "" {
			t.Errorf("example %s: no next steps", e.ID)
		}
	}
}

func TestExamplesLang(t *testing.T) {
	tests := []struct {
		name, lang, want string
	}{
		{"french", "fr", "fr"},
		{"upper case and spaces", " NL ", "nl"},
		{"missing language", "de", "en"},
		{"empty", "", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Examples(tt.lang)
			if len(got) == 0 {
				t.Fatalf("Examples(%q) is empty", tt.lang)
			}
			for _, e := range got {
				if e.Lang != tt.want {
					t.Fatalf("Examples(%q) holds %s in %q; want only %q", tt.lang, e.ID, e.Lang, tt.want)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	guideOK := `{"languages": {"en": {"nothing_label": "Nothing", "look_alike_next_steps": "Nothing to do",
		"categories": {` + allCats + `}}}}`
	exOK := `{"examples": [{"id": "a", "lang": "en", "category": "smuggling.passage", "text": "t", "explanation": "e"}]}`
	tests := []struct {
		name            string
		guide, examples string
		want            string // part of the error; "" for success
	}{
		{"valid", guideOK, exOK, ""},
		{"syntax error has a position", guideOK, "{\"examples\": [\n{\"id\": }]}", "examples.json at line 2"},
		{"unknown field", guideOK, `{"examples": [{"id": "a", "lang": "en", "categroy": "x"}]}`, `unknown field "categroy"`},
		{"trailing data", guideOK, exOK + `{}`, "data after the top-level object"},
		{"no english", strings.Replace(guideOK, `"en"`, `"fr"`, 1), exOK, `no "en" section`},
		{"bad language code", strings.Replace(guideOK, `{"en": {`, `{"en": {"nothing_label": "N", "look_alike_next_steps": "N", "categories": {`+allCats+`}}, "french": {`, 1), exOK, `language "french"`},
		{"missing category", guideOK[:strings.Index(guideOK, `"smuggling.passage"`)] + guideOK[strings.Index(guideOK, `"smuggling.documents"`):], exOK, `category "smuggling.passage" missing`},
		{"unknown category in guide", strings.Replace(guideOK, `"smuggling.passage"`, `"smuggling.boats"`, 1), exOK, `unknown category "smuggling.boats"`},
		{"empty sign", strings.Replace(guideOK, `"signs": ["s"]`, `"signs": [" "]`, 1), exOK, "signs"},
		{"no examples", guideOK, `{"examples": []}`, "no examples"},
		{"duplicate id", guideOK, `{"examples": [` + exA + `,` + exA + `]}`, `duplicate id "a"`},
		{"no id", guideOK, `{"examples": [{"lang": "en", "category": "smuggling.passage", "text": "t", "explanation": "e"}]}`, "id is required"},
		{"language without guide", guideOK, strings.Replace(exOK, `"lang": "en"`, `"lang": "fr"`, 1), `lang "fr" has no guide section`},
		{"unknown category", guideOK, strings.Replace(exOK, "smuggling.passage", "smuggling.boats", 1), `unknown category "smuggling.boats"`},
		{"neither category nor resembles", guideOK, strings.Replace(exOK, `"category": "smuggling.passage", `, "", 1), "one of category or resembles"},
		{"both category and resembles", guideOK, strings.Replace(exOK, `"text"`, `"resembles": "smuggling.passage", "text"`, 1), "exclusive"},
		{"no explanation", guideOK, strings.Replace(exOK, `"explanation": "e"`, `"explanation": ""`, 1), "text and explanation"},
		{"foreign text without translation", guideOK, strings.Replace(exOK, `"text"`, `"text_lang": "ar", "text"`, 1), "needs a translation"},
		{"bad text language", guideOK, strings.Replace(exOK, `"text"`, `"text_lang": "arabic", "text"`, 1), `text_lang "arabic"`},
		{"missing file", guideOK, "", "read examples.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"guide.json": {Data: []byte(tt.guide)}}
			if tt.examples != "" {
				fsys["examples.json"] = &fstest.MapFile{Data: []byte(tt.examples)}
			}
			c, err := load(fsys)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("load() error = %v; want nil", err)
				}
				if got := c.examples[0].NextSteps; got != "n" {
					t.Errorf("load() default next steps = %q; want the category's %q", got, "n")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("load() error = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

const exA = `{"id": "a", "lang": "en", "category": "smuggling.passage", "text": "t", "explanation": "e"}`

// allCats is the "categories" object of a minimal valid guide language.
var allCats = func() string {
	var parts []string
	for _, id := range vigie.Categories {
		parts = append(parts, `"`+id+`": {"label": "l", "title": "t", "what": "w", "signs": ["s"], "one_sign": "o", "next_steps": "n"}`)
	}
	return strings.Join(parts, ", ")
}()

// FuzzLoad feeds arbitrary examples.json bytes to load with a valid guide:
// it must return content or an error, never panic, and valid content must
// hold only examples that pass validation.
func FuzzLoad(f *testing.F) {
	guide := `{"languages": {"en": {"nothing_label": "N", "look_alike_next_steps": "N", "categories": {` + allCats + `}}}}`
	f.Add(`{"examples": [` + exA + `]}`)
	f.Add(`{"examples": [{"id": "b", "lang": "en", "resembles": "victim.testimony", "text": "t", "explanation": "e"}]}`)
	f.Add(`{"examples": null}`)
	f.Add(`[`)
	f.Fuzz(func(t *testing.T, data string) {
		c, err := load(fstest.MapFS{
			"guide.json":    {Data: []byte(guide)},
			"examples.json": {Data: []byte(data)},
		})
		if err != nil {
			return
		}
		for _, e := range c.examples {
			if e.ID == "" || e.Lang != "en" || !slices.Contains(vigie.Categories, e.topic()) {
				t.Fatalf("load(%q) accepted invalid example %+v", data, e)
			}
		}
	})
}
