package export

import (
	"fmt"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// TestRealTexts writes the Memex test ads and the shared edge texts as
// post texts, ids and authors (with synthetic identifiers) in every
// format and reads them back: real ad text (any script, emoji, markup,
// stray bytes) must keep every writer's output parseable and complete.
func TestRealTexts(t *testing.T) {
	texts := append(sharedtest.MemexAds(t, "testing.csv"), sharedtest.EdgeTexts...)
	posts := make([]Post, len(texts))
	for i, s := range texts {
		posts[i] = Post{
			ID: fmt.Sprint(i), Key: keyOf(s + fmt.Sprint(i)), Text: s, Author: excerpt(s, 20),
			Network: int64(i % 50), Language: "en",
			Identifiers: []Identifier{{"phone", fmt.Sprintf("+3247%07d", i%300)}, {"skype", excerpt(s, 12)}},
		}
	}
	g := buildGraph(posts, nil)
	out := writeAll(t, posts, nil)
	for name, parse := range map[string]func([]byte) (*parsedGraph, error){"graphml": parseGraphML, "gexf": parseGEXF} {
		pg, err := parse(out[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(pg.nodes) != len(g.nodes) || len(pg.edges) != len(g.edges) {
			t.Errorf("%s: %d nodes, %d edges; want %d, %d", name, len(pg.nodes), len(pg.edges), len(g.nodes), len(g.edges))
		}
		for i := range g.nodes {
			n := &g.nodes[i]
			if got, want := pg.nodes[n.id]["label"], cleanXML(n.label()); got != want {
				t.Errorf("%s: label of %s = %q; want %q", name, n.id, got, want)
			}
		}
	}
	rows, err := parseCSV(out["csv"])
	if err != nil || len(rows) != len(g.edges) {
		t.Errorf("csv: %d rows, %v; want %d", len(rows), err, len(g.edges))
	}
	ents, err := parseFtM(out["jsonl"])
	if err != nil || len(ents) != len(g.nodes)+len(g.edges) {
		t.Errorf("ftm: %d entities, %v; want %d", len(ents), err, len(g.nodes)+len(g.edges))
	}
	t.Logf("%d posts: %d nodes, %d edges", len(posts), len(g.nodes), len(g.edges))
}
