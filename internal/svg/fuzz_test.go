package svg

import (
	"strings"
	"testing"
	"time"
)

// The fuzz targets feed free text (labels, names, identifiers, link
// addresses) and arbitrary counts to every renderer and check that the
// output stays one well-formed, allowed <svg> element carrying the text
// inert.

func FuzzBarChart(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, 3, "b", -1)
	}
	f.Fuzz(func(t *testing.T, label string, v int, label2 string, v2 int) {
		p := checkSVG(t, BarChart{Title: label, Bars: []Bar{{label, v}, {label2, v2}}}.String())
		if p.titles[0] != sanitized(label) {
			t.Errorf("title = %q; want %q", p.titles[0], sanitized(label))
		}
	})
}

func FuzzStackedChart(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, "2024-01", 5, 7, false)
	}
	f.Fuzz(func(t *testing.T, name, period string, v1, v2 int, grouped bool) {
		c := StackedChart{Title: name, Periods: []string{period, name}, Grouped: grouped,
			Series: []Series{{name, []int{v1, v2}}, {period, []int{v2}}}}
		checkSVG(t, c.String())
	})
}

func FuzzTimeline(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, int64(1700000000), int64(1700090000), 4)
	}
	f.Fuzz(func(t *testing.T, label string, t1, t2 int64, n int) {
		a, b := time.Unix(t1, 0), time.Unix(t2, 0)
		checkSVG(t, Timeline{Title: label, Events: []Event{{a, n, label}, {b, -n, label}}}.String())
		checkSVG(t, TimeSeries{Title: label, Points: []Point{{a, n}, {b, n / 2}}}.String())
	})
}

func FuzzGraph(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, "b", s, "/n/"+s, 3)
	}
	f.Add("a", "a", "a", "javascript:x", 0)
	f.Fuzz(func(t *testing.T, id1, id2, label, href string, w int) {
		g := Graph{
			Title: label,
			Nodes: []Node{{id1, label, Kind(label), w}, {id2, "", KindPhone, -w}, {label, id1, KindDocument, 1}},
			Edges: []Edge{{id1, id2, w}, {id2, label, 1}, {label, id1, -1}},
			Href:  func(Node) string { return href },
		}
		p := checkSVG(t, g.String())
		for _, h := range p.hrefs {
			if lower := strings.ToLower(strings.TrimSpace(h)); strings.HasPrefix(lower, "javascript:") || strings.HasPrefix(lower, "data:") {
				t.Errorf("href %q passed", h)
			}
		}
	})
}
