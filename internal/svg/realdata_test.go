package svg

import (
	"fmt"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// TestRealLabels draws the messages of the shared corpora (SMS spam,
// WhatsApp exports, edge texts) as bar and graph labels, 40 a chart, and
// checks every output parses and carries each label whole in its
// tooltip.
func TestRealLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the shared corpora; skipped in -short mode")
	}
	var texts []string
	texts = append(texts, sharedtest.SMS(t)...)
	texts = append(texts, sharedtest.WhatsAppLines(t)...)
	texts = append(texts, sharedtest.EdgeTexts...)
	if len(texts) < 5000 {
		t.Fatalf("read %d texts; want the corpora (over 5,000)", len(texts))
	}
	charts, bad := 0, 0
	for start := 0; start < len(texts); start += 40 {
		chunk := texts[start:min(start+40, len(texts))]
		var bars []Bar
		g := Graph{Nodes: []Node{{ID: "hub", Kind: KindPhone}}}
		for i, s := range chunk {
			bars = append(bars, Bar{s, i * 997})
			id := fmt.Sprint(i)
			g.Nodes = append(g.Nodes, Node{ID: id, Label: s, Kind: KindDocument})
			g.Edges = append(g.Edges, Edge{From: "hub", To: id})
		}
		p := checkSVG(t, BarChart{Bars: bars}.String())
		for i, bar := range bars {
			if want := sanitized(fmt.Sprintf("%s: %s", bar.Label, Number(bar.Value, ","))); p.titles[i+1] != want {
				bad++
				if bad < 5 {
					t.Errorf("tooltip %q; want %q", p.titles[i+1], want)
				}
			}
		}
		checkSVG(t, g.String())
		charts += 2
	}
	t.Logf("%d texts in %d charts", len(texts), charts)
}
