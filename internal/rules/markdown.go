package rules

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// docIntro opens docs/indicators.md. It is written for first-line users
// (local police, labour inspectors, NGO field workers) and becomes the
// training material of the web app.
const docIntro = `# Indicators

This page lists every indicator that vigie looks for in a post, an ad or a message, and how
indicators combine into a category such as "offer of irregular passage" or "blackmail with intimate
images". It is generated from the rulebook (` + "`internal/rules/rulebook`" + `); do not edit it by hand.

## What an indicator is

An indicator is a sign, in the words of a text, that is often seen in smuggling, trafficking or
exploitation: a price per person for a crossing, a promise that "no papers are needed", a job abroad
for young women with the travel paid, a threat to send intimate photos to someone's family. Each
indicator has a short explanation that vigie shows next to the words that triggered it, so that you
can check them yourself.

## Why one indicator alone proves nothing

Most of these signs also appear in ordinary texts: a travel agency names departure dates, a job ad
says "no experience needed", a news article quotes a smuggler's price. vigie therefore reports a
category only when several *independent* indicators appear together (for most categories at least
two, and one of them must be a core sign of the phenomenon). A single indicator can raise the risk
score a little, never above 0.35, which is below the reporting threshold (0.5 by default).
Near-synonyms (for example "guaranteed" and "100 % success") belong to one group and count once.

## How context lowers a score

Some words show that a text is *about* the phenomenon rather than *part* of it, or that an offer is
regular. Reporting context (news, police, court, NGO warnings, statistics, "were arrested",
"according to the prosecutor") and legitimacy markers (a registered company number, a contract type
such as CDI or "vast contract", a collective agreement, an official government domain, a licensed
travel agency) lower the score of offer categories. They are shown too, so you can see why a score
went down. Context never removes a strong offer completely: it keeps at least 5 % of its score.

## How to use the result

A score is a reason to look closer, not a proof and not an accusation. Read the highlighted words,
check the explanation, and follow your service's procedure: keep the evidence (link, date, screen
capture), do not contact the author yourself, and pass the case to the specialised unit or the
reference magistrate. If a text suggests that someone is in danger now, act on that first.

## How the score is computed

For each category, the weights of the indicators found (one weight per group: the highest) are
combined as 1 − (1 − w₁)(1 − w₂)…; two indicators of weight 0.4 give 0.64. The score is capped at
0.35 when there are too few distinct groups or no core sign. Each kind of context found multiplies
the score by (1 − w) for each of its indicators. Scores are rounded to three decimals; the same text
always gets the same score with the same rulebook version.
`

// WriteMarkdown renders the book as docs/indicators.md: an introduction
// for first-line users, then every category with its rules of combination
// and indicators, then the context indicators.
func (b *Book) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("%s\nRulebook version: `%s`.\n", docIntro, b.version)

	p("\n## Categories\n\n")
	p("| category | title | French | indicators |\n|---|---|---|---|\n")
	for _, c := range b.categories {
		p("| [`%s`](#%s) | %s | %s | %d |\n", c.ID, anchor(c.ID), c.Title["en"], c.Title["fr"], len(c.inds))
	}
	p("| [`%s`](#%s) | context that lowers offer categories | contexte qui abaisse les catégories d'offre | %d |\n",
		ContextCategory, ContextCategory, b.countContext())

	for _, c := range b.categories {
		p("\n## %s\n\n", c.ID)
		p("**%s** — *%s*\n\n", c.Title["en"], c.Title["fr"])
		p("Reported when at least %d independent indicator groups are found", c.MinIndicators)
		if len(c.Anchors) > 0 {
			ids := make([]string, len(c.Anchors))
			for i, a := range c.Anchors {
				ids[i] = "`" + a + "`"
			}
			p(", including at least one of %s", strings.Join(ids, ", "))
		}
		p(".")
		if len(c.DampenedBy) > 0 {
			p(" Lowered by context: %s.", strings.Join(c.DampenedBy, ", "))
		}
		p("\n")
		for _, i := range c.inds {
			b.writeIndicator(p, b.inds[i])
		}
	}

	p("\n## %s\n\n", ContextCategory)
	p("Context indicators do not make a category of their own: they lower the score of the categories\n")
	p("that list their group (reporting, legitimacy) under \"lowered by context\".\n")
	for _, ind := range b.inds {
		if ind.cat < 0 {
			b.writeIndicator(p, ind)
		}
	}
	return bw.Flush()
}

func (b *Book) countContext() int {
	n := 0
	for _, ind := range b.inds {
		if ind.cat < 0 {
			n++
		}
	}
	return n
}

func (b *Book) writeIndicator(p func(string, ...any), ind *indicator) {
	p("\n### %s\n\n", ind.ID)
	p("- category: `%s`", ind.Category)
	if ind.Group != "" {
		p("; group: `%s`", ind.Group)
	}
	p("; weight: %g\n", ind.Weight)
	langs := make([]string, len(ind.Langs))
	for i, l := range ind.Langs {
		name := l
		if l == "*" {
			name = "any"
		}
		langs[i] = fmt.Sprintf("%s (%d)", name, len(ind.Patterns[l]))
	}
	p("- languages (patterns): %s\n", strings.Join(langs, ", "))
	p("- en: %s\n", ind.Explanation["en"])
	p("- fr: %s\n", ind.Explanation["fr"])
	for _, l := range sortedKeys(ind.Explanation) {
		if l != "en" && l != "fr" {
			p("- %s: %s\n", l, ind.Explanation[l])
		}
	}
	p("- source: %s\n", ind.Source)
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// anchor returns the GitHub heading anchor of an id heading.
func anchor(id string) string {
	return strings.ReplaceAll(id, ".", "")
}
