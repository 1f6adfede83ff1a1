package analyze

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/vigie"
)

// TextOptions tune WriteText.
type TextOptions struct {
	Color bool   // highlight with ANSI colours instead of «» and ⟦⟧ marks
	Lang  string // language of the explanations ("en", "fr")
}

// ANSI escapes used when TextOptions.Color is set.
const (
	ansiReset     = "\x1b[0m"
	ansiIndicator = "\x1b[1;31m" // bold red: indicator evidence
	ansiEntity    = "\x1b[36m"   // cyan: extracted entity
	ansiDim       = "\x1b[2m"
	ansiBold      = "\x1b[1m"
)

// WriteText writes one analysed line for people: the text with indicator
// evidence and entities highlighted, then the categories, the indicators
// with their plain explanations, and the entities.
func (a *Analyzer) WriteText(w io.Writer, l *Line, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	an := l.Analysis
	style := func(code, s string) string {
		if opt.Color {
			return code + s + ansiReset
		}
		return s
	}
	fmt.Fprintf(bw, "%s line %d, id %s", style(ansiBold, "──"), l.N, idString(an.ID))
	if an.Error != "" {
		fmt.Fprintf(bw, "\n   error: %s\n\n", an.Error)
		return bw.Flush()
	}
	fmt.Fprintf(bw, " · language %s · risk %.2f\n", an.Language, an.Risk)
	bw.WriteString(indent(highlight(l.Text, an, opt.Color), "   "))
	bw.WriteString("\n")

	reported := map[string]bool{}
	for _, c := range an.Categories {
		reported[c.ID] = true
	}
	writeHits := func(cat string) {
		for _, h := range an.Indicators {
			if h.Category == cat {
				fmt.Fprintf(bw, "       • %s [%s] %s\n         %s\n", h.ID, h.Lang,
					style(ansiIndicator, "«"+oneLine(h.Text)+"»"), a.book.Explain(h.ID, opt.Lang))
			}
		}
	}
	if len(an.Categories) == 0 {
		fmt.Fprintf(bw, "   %s\n", style(ansiDim, "no category reported"))
	}
	for _, c := range an.Categories {
		fmt.Fprintf(bw, "   %s %.2f  %s\n", style(ansiBold, c.ID), c.Score, a.categoryTitle(c.ID, opt.Lang))
		writeHits(c.ID)
	}
	ctxHits := false
	var weak []string
	for _, h := range an.Indicators {
		switch {
		case h.Category == rules.ContextCategory:
			ctxHits = true
		case !reported[h.Category] && !slices.Contains(weak, h.ID):
			weak = append(weak, h.ID)
		}
	}
	if ctxHits {
		bw.WriteString("   context that lowers offer categories:\n")
		writeHits(rules.ContextCategory)
	}
	if len(weak) > 0 {
		fmt.Fprintf(bw, "   %s\n", style(ansiDim, "weak signals, not enough to report: "+strings.Join(weak, ", ")))
	}
	if len(an.Entities) > 0 {
		bw.WriteString("   entities:\n")
		for _, e := range an.Entities {
			fmt.Fprintf(bw, "     %-13s %-28s %s\n", e.Kind, e.Value, style(ansiEntity, "⟦"+oneLine(e.Text)+"⟧"))
		}
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// highlight marks indicator evidence and entities in text. Where they
// overlap, the indicator mark wins.
func highlight(text string, an *vigie.Analysis, color bool) string {
	const (
		plain = iota
		entity
		indicator
	)
	kind := make([]uint8, len(text)+1)
	for _, e := range an.Entities {
		for i := max(e.Start, 0); i < e.End && i < len(text); i++ {
			kind[i] = entity
		}
	}
	for _, h := range an.Indicators {
		for i := max(h.Start, 0); i < h.End && i < len(text); i++ {
			kind[i] = indicator
		}
	}
	open := map[uint8]string{entity: "⟦", indicator: "«"}
	closing := map[uint8]string{entity: "⟧", indicator: "»"}
	if color {
		open = map[uint8]string{entity: ansiEntity, indicator: ansiIndicator}
		closing = map[uint8]string{entity: ansiReset, indicator: ansiReset}
	}
	var b strings.Builder
	cur := uint8(plain)
	for i := 0; i <= len(text); i++ {
		k := kind[i]
		if i == len(text) {
			k = plain
		}
		if k != cur {
			if cur != plain {
				b.WriteString(closing[cur])
			}
			if k != plain {
				b.WriteString(open[k])
			}
			cur = k
		}
		if i < len(text) {
			b.WriteByte(text[i])
		}
	}
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func idString(id json.RawMessage) string {
	var s string
	if json.Unmarshal(id, &s) == nil {
		return s
	}
	return string(id)
}

// categoryTitle returns the plain title of a category in lang, falling back
// to English, or "" for an unknown category.
func (a *Analyzer) categoryTitle(id, lang string) string {
	for _, c := range a.book.Categories() {
		if c.ID == id {
			if t := c.Title[lang]; t != "" {
				return t
			}
			return c.Title["en"]
		}
	}
	return ""
}
