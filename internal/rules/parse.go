package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// fileCategory is the JSON shape of a category file.
type fileCategory struct {
	Category      string            `json:"category"`
	Title         map[string]string `json:"title"`
	MinIndicators *int              `json:"min_indicators"`
	Anchors       []string          `json:"anchors"`
	DampenedBy    []string          `json:"dampened_by"`
	Note          string            `json:"note"`
	Indicators    []fileIndicator   `json:"indicators"`
}

// fileContext is the JSON shape of context.json.
type fileContext struct {
	Note     string          `json:"note"`
	Contexts []fileIndicator `json:"contexts"`
}

type fileIndicator struct {
	ID          string              `json:"id"`
	Group       string              `json:"group"`
	Weight      float64             `json:"weight"`
	Explanation map[string]string   `json:"explanation"`
	Source      string              `json:"source"`
	Patterns    map[string][]string `json:"patterns"`
	Examples    []string            `json:"examples"`
	Note        string              `json:"note"`
}

// Parse loads a rulebook from fsys: VERSION, context.json (optional) and
// one <category>.json per category of DESIGN §4 (each optional; any other
// .json file is an error). Errors name the file, the indicator and the
// pattern at fault, so that rule authors can fix them.
func Parse(fsys fs.FS) (*Book, error) {
	b := &Book{byID: map[string]int{}, ctxGroups: map[string]bool{}}
	v, err := fs.ReadFile(fsys, "VERSION")
	if err != nil {
		return nil, fmt.Errorf("rulebook: %w", err)
	}
	b.version = strings.TrimSpace(string(v))
	if b.version == "" || strings.ContainsAny(b.version, " \t\n") {
		return nil, fmt.Errorf("rulebook: VERSION: want one word such as 2026.11.1, got %q", v)
	}

	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("rulebook: %w", err)
	}
	for _, n := range names {
		id := strings.TrimSuffix(n, ".json")
		if n != "context.json" && !known(id) {
			return nil, fmt.Errorf("rulebook: %s: not a category of DESIGN §4 nor context.json", n)
		}
	}

	// Contexts first: categories refer to their groups.
	var pending []pendingPattern
	if slices.Contains(names, "context.json") {
		var fc fileContext
		if err := decode(fsys, "context.json", &fc); err != nil {
			return nil, err
		}
		if len(fc.Contexts) == 0 {
			return nil, fmt.Errorf("rulebook: context.json: no contexts")
		}
		for _, fi := range fc.Contexts {
			if fi.Group == "" {
				return nil, fmt.Errorf("rulebook: context.json: indicator %s: group required (reporting, legitimacy, …)", fi.ID)
			}
			if !strings.HasPrefix(fi.ID, ContextCategory+"."+fi.Group+".") {
				return nil, fmt.Errorf("rulebook: context.json: indicator %s: id must start with %q", fi.ID, ContextCategory+"."+fi.Group+".")
			}
			p, err := b.addIndicator("context.json", ContextCategory, -1, fi)
			if err != nil {
				return nil, err
			}
			pending = append(pending, p...)
			b.ctxGroups[fi.Group] = true
		}
	}

	for _, id := range vigie.Categories {
		n := id + ".json"
		if !slices.Contains(names, n) {
			continue
		}
		var fc fileCategory
		if err := decode(fsys, n, &fc); err != nil {
			return nil, err
		}
		if fc.Category != id {
			return nil, fmt.Errorf("rulebook: %s: category %q does not match the file name", n, fc.Category)
		}
		if fc.Title["en"] == "" || fc.Title["fr"] == "" {
			return nil, fmt.Errorf("rulebook: %s: title.en and title.fr required", n)
		}
		c := &category{Category: Category{
			ID: id, Title: fc.Title, MinIndicators: DefaultMinIndicators,
			Anchors: fc.Anchors, DampenedBy: fc.DampenedBy,
		}}
		if fc.MinIndicators != nil {
			if *fc.MinIndicators < 1 {
				return nil, fmt.Errorf("rulebook: %s: min_indicators %d: want >= 1", n, *fc.MinIndicators)
			}
			c.MinIndicators = *fc.MinIndicators
		}
		if len(fc.Indicators) == 0 {
			return nil, fmt.Errorf("rulebook: %s: no indicators", n)
		}
		ci := len(b.categories)
		b.categories = append(b.categories, c)
		for _, fi := range fc.Indicators {
			if !strings.HasPrefix(fi.ID, id+".") {
				return nil, fmt.Errorf("rulebook: %s: indicator %s: id must start with %q", n, fi.ID, id+".")
			}
			if fi.Group != "" && strings.Contains(fi.Group, ".") {
				return nil, fmt.Errorf("rulebook: %s: indicator %s: group %q: want a short snake_case name", n, fi.ID, fi.Group)
			}
			p, err := b.addIndicator(n, id, ci, fi)
			if err != nil {
				return nil, err
			}
			pending = append(pending, p...)
			c.inds = append(c.inds, len(b.inds)-1)
		}
		for _, a := range fc.Anchors {
			i, ok := b.byID[a]
			if !ok || b.inds[i].cat != ci {
				return nil, fmt.Errorf("rulebook: %s: anchor %s: no such indicator in this category", n, a)
			}
			c.anchors = append(c.anchors, i)
		}
		for _, g := range fc.DampenedBy {
			if !b.ctxGroups[g] {
				return nil, fmt.Errorf("rulebook: %s: dampened_by %q: no such context group in context.json", n, g)
			}
		}
	}

	b.indexGroups()

	// Compile the patterns only now, in a fixed order, so that pattern
	// indexes (and thus the output) do not depend on map iteration.
	for _, p := range pending {
		if err := b.m.add(p.ind, p.lang, p.src); err != nil {
			ind := b.inds[p.ind]
			return nil, fmt.Errorf("rulebook: %s: indicator %s: pattern %q (%s): %w", ind.file, ind.ID, p.src, p.lang, err)
		}
	}
	b.m.finish()
	b.rankIDs()
	return b, nil
}

// rankIDs numbers the indicators in the order of their ids, so that hits
// are sorted by comparing integers instead of strings.
func (b *Book) rankIDs() {
	byID := make([]int32, len(b.inds))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(x, y int32) int { return strings.Compare(b.inds[x].ID, b.inds[y].ID) })
	b.idRank = make([]int32, len(b.inds))
	for r, i := range byID {
		b.idRank[i] = int32(r)
	}
}

// indexGroups numbers the indicator groups of every category and the
// context groups, so that scoring works on slices instead of maps.
func (b *Book) indexGroups() {
	ctx := map[string]int{}
	for _, ind := range b.inds {
		if ind.cat >= 0 {
			continue
		}
		g, ok := ctx[ind.groupKey]
		if !ok {
			g = b.ngroups
			b.ngroups++
			ctx[ind.groupKey] = g
		}
		ind.gi = g
	}
	for _, c := range b.categories {
		keys := map[string]int{}
		for _, i := range c.inds {
			ind := b.inds[i]
			g, ok := keys[ind.groupKey]
			if !ok {
				g = b.ngroups
				b.ngroups++
				keys[ind.groupKey] = g
			}
			ind.gi = g
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			c.groups = append(c.groups, keys[k])
		}
		for _, d := range c.DampenedBy {
			c.damp = append(c.damp, ctx[d])
		}
	}
}

type pendingPattern struct {
	ind  int
	lang string
	src  string
}

// addIndicator validates fi and records it; it returns its patterns, to be
// compiled once every indicator is known.
func (b *Book) addIndicator(file, cat string, ci int, fi fileIndicator) ([]pendingPattern, error) {
	where := func(format string, a ...any) error {
		return fmt.Errorf("rulebook: %s: indicator %s: %s", file, fi.ID, fmt.Sprintf(format, a...))
	}
	if fi.ID == "" {
		return nil, fmt.Errorf("rulebook: %s: indicator without id (after %d indicators)", file, len(b.inds))
	}
	if !snakeID(fi.ID) {
		return nil, where("id: want lower-case snake_case words separated by dots")
	}
	if _, dup := b.byID[fi.ID]; dup {
		return nil, where("duplicate id (also in %s)", b.inds[b.byID[fi.ID]].file)
	}
	if !(fi.Weight > 0 && fi.Weight <= 1) || math.IsNaN(fi.Weight) {
		return nil, where("weight %v: want 0 < weight <= 1", fi.Weight)
	}
	if strings.TrimSpace(fi.Explanation["en"]) == "" || strings.TrimSpace(fi.Explanation["fr"]) == "" {
		return nil, where("explanation.en and explanation.fr required")
	}
	if strings.TrimSpace(fi.Source) == "" {
		return nil, where("source required")
	}
	if len(fi.Patterns) == 0 {
		return nil, where("no patterns")
	}
	langs := make([]string, 0, len(fi.Patterns))
	for l := range fi.Patterns {
		if !langKey(l) {
			return nil, where("language key %q: want an ISO 639-1 code or \"*\"", l)
		}
		if len(fi.Patterns[l]) == 0 {
			return nil, where("language %q: empty pattern list", l)
		}
		langs = append(langs, l)
	}
	slices.Sort(langs)
	ind := &indicator{
		Indicator: Indicator{
			ID: fi.ID, Category: cat, Group: fi.Group, Weight: fi.Weight,
			Explanation: fi.Explanation, Source: fi.Source, Langs: langs,
			Patterns: fi.Patterns, Examples: fi.Examples,
		},
		cat: ci, groupKey: fi.Group, file: file, en: fi.Explanation["en"],
	}
	if ind.groupKey == "" {
		ind.groupKey = fi.ID
	}
	b.byID[fi.ID] = len(b.inds)
	b.inds = append(b.inds, ind)
	var out []pendingPattern
	for _, l := range langs {
		for _, p := range fi.Patterns[l] {
			out = append(out, pendingPattern{ind: len(b.inds) - 1, lang: l, src: p})
		}
	}
	return out, nil
}

// decode reads one JSON file strictly: unknown fields are errors, so that a
// misspelt key does not silently drop a rule.
func decode(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("rulebook: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := position(data, se.Offset)
			return fmt.Errorf("rulebook: %s:%d:%d: %w", name, line, col, err)
		case errors.As(err, &te):
			line, col := position(data, te.Offset)
			return fmt.Errorf("rulebook: %s:%d:%d: %w", name, line, col, err)
		}
		return fmt.Errorf("rulebook: %s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("rulebook: %s: trailing data after the JSON object", name)
	}
	return nil
}

// position returns the 1-based line and column of byte offset off.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = int(off) - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

func snakeID(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func langKey(s string) bool {
	if s == "*" {
		return true
	}
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}
