package web

import (
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"
)

// span is a marked part of a text: bytes [Start, End) and what marks it
// (an indicator's explanation, an entity's kind).
type span struct {
	Start, End int
	Label      string
	Kind       string // "indicator" or "entity"
}

// segment is a piece of text with the labels of the spans over it; a
// piece without labels is plain text.
type segment struct {
	Text   string
	Labels []string
	Kinds  []string
}

// segments cuts text at every boundary of spans and returns the pieces in
// order, each with the labels of the spans covering it, so that
// overlapping spans need no nesting. Spans outside the text, empty or
// reversed are dropped, and boundaries inside a UTF-8 sequence move out of
// it (a start back, an end forward), so that stored offsets that do not fit the text (a damaged row)
// cost a highlight, never a panic or broken text.
func segments(text string, spans []span) []segment {
	// A start inside a UTF-8 sequence moves back to its start, an end
	// forward past its end.
	back := func(i int) int {
		for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
			i--
		}
		return i
	}
	forth := func(i int) int {
		for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
			i++
		}
		return i
	}
	var ok []span
	cuts := []int{0, len(text)}
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			continue
		}
		s.Start, s.End = back(s.Start), forth(s.End)
		if s.Start >= s.End {
			continue
		}
		ok = append(ok, s)
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := segment{Text: text[a:b]}
		for _, s := range ok {
			if s.Start <= a && b <= s.End && !slices.Contains(seg.Labels, s.Label) {
				seg.Labels = append(seg.Labels, s.Label)
				seg.Kinds = append(seg.Kinds, s.Kind)
			}
		}
		out = append(out, seg)
	}
	return out
}

// markedHTML writes segs as HTML: plain pieces as text, marked pieces as
// <mark> elements of the first span's kind, with every label in the
// title. Every piece of text is escaped. It is written here rather than
// in the page's template because a long post has hundreds of pieces, and
// ranging over them in the template took a quarter of the document page's
// time under load.
func markedHTML(segs []segment) template.HTML {
	var b strings.Builder
	for _, sg := range segs {
		if len(sg.Labels) == 0 {
			b.WriteString(template.HTMLEscapeString(sg.Text))
			continue
		}
		b.WriteString(`<mark class="`)
		b.WriteString(template.HTMLEscapeString(sg.Kinds[0]))
		b.WriteString(`" title="`)
		b.WriteString(template.HTMLEscapeString(strings.Join(sg.Labels, " · ")))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(sg.Text))
		b.WriteString(`</mark>`)
	}
	return template.HTML(b.String())
}
