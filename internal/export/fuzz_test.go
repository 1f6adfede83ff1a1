package export

import (
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzWriters: arbitrary strings anywhere in posts never make a writer
// fail nor produce output that does not parse back with every node and
// edge, and the graph attributes read back as written (XML-cleaned).
func FuzzWriters(f *testing.F) {
	f.Add("p1", "k", "text", "phone", "+32470123456", "fr", "s.p", 0.5, int64(1))
	f.Add("=SUM(1)", "", "<script>\x00\"'&\r\n", "a.b", "\xff", "und", "x;y", math.NaN(), int64(-1))
	f.Add("", "ABCDEF0123456789abcd", "🚤 رحلة", "photo", strings.Repeat("f", 64), "", "", math.Inf(1), int64(0))
	f.Fuzz(func(t *testing.T, id, key, text, class, value, lang, cat string, risk float64, net int64) {
		posts := []Post{
			{ID: id, Key: key, Text: text, Language: lang, Risk: risk, Network: net, URL: text, Author: value,
				PostedAt:   time.Unix(net%1e11, 0),
				Categories: []string{cat, text}, Places: []string{value}, Prices: []string{cat},
				Identifiers: []Identifier{{class, value}, {"phone", value}, {class, text}, {class, value}}},
			{ID: value, Key: id, Text: id, Platform: cat, Network: net + 1,
				Identifiers: []Identifier{{class, value}, {value, class}}},
		}
		nets := []Network{{ID: net, Size: 3, FirstSeen: text, LastSeen: cat}}
		g := buildGraph(posts, nets)
		out := writeAll(t, posts, nets)
		for name, parse := range map[string]func([]byte) (*parsedGraph, error){"graphml": parseGraphML, "gexf": parseGEXF} {
			pg, err := parse(out[name])
			if err != nil {
				t.Fatalf("%s does not parse: %v\n%s", name, err, out[name])
			}
			if len(pg.nodes) != len(g.nodes) || len(pg.edges) != len(g.edges) {
				t.Fatalf("%s: %d nodes, %d edges; want %d, %d", name, len(pg.nodes), len(pg.edges), len(g.nodes), len(g.edges))
			}
			var v [numAttrs]string
			for i := range g.nodes {
				g.values(&g.nodes[i], &v)
				got := pg.nodes[g.nodes[i].id]
				for k, want := range v {
					if got[nodeAttrs[k].name] != cleanXML(want) {
						t.Errorf("%s: node %s %s = %q; want %q", name, g.nodes[i].id, nodeAttrs[k].name, got[nodeAttrs[k].name], cleanXML(want))
					}
				}
			}
		}
		rows, err := parseCSV(out["csv"])
		if err != nil {
			t.Fatalf("csv does not parse: %v\n%q", err, out["csv"])
		}
		if len(rows) != len(g.edges) {
			t.Fatalf("csv: %d rows; want %d", len(rows), len(g.edges))
		}
		ents, err := parseFtM(out["jsonl"])
		if err != nil {
			t.Fatalf("ftm: %v", err)
		}
		links := 0
		for _, e := range ents {
			if e.Schema == "UnknownLink" {
				links++
			}
			for name, vals := range e.Properties {
				for _, v := range vals {
					if v != cleanXML(v) {
						t.Errorf("ftm: %s %s = %q; holds characters XML forbids", e.ID, name, v)
					}
				}
			}
		}
		if links != len(g.edges) || len(ents) != len(g.nodes)+len(g.edges) {
			t.Fatalf("ftm: %d entities, %d links; want %d, %d", len(ents), links, len(g.nodes)+len(g.edges), len(g.edges))
		}
	})
}

// cleanXML returns s as an XML parser reads back what writeXMLText
// wrote: bytes that are not UTF-8 and characters isXMLChar rejects
// become U+FFFD.
func cleanXML(s string) string {
	var b strings.Builder
	for _, r := range s { // invalid bytes range as U+FFFD
		if !isXMLChar(r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}
