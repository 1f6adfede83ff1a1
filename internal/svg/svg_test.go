package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// chart is what every renderer offers.
type chart interface {
	String() string
	WriteTo(io.Writer) (int64, error)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// samples returns one chart of each kind, with data.
func samples() map[string]chart {
	var daily []Point
	for i := range 60 {
		daily = append(daily, Point{day(2024, 3, 1).AddDate(0, 0, i), (i*37)%23 + i/3})
	}
	var events []Event
	for i, d := range []int{0, 3, 4, 11, 30, 31, 32, 58} {
		events = append(events, Event{Time: day(2024, 1, 10).AddDate(0, 0, d), Count: (i * 7) % 12})
	}
	return map[string]chart{
		"bar": BarChart{Title: "Documents by category", Bars: []Bar{
			{"exploitation", 1234}, {"smuggling", 870}, {"recruitment & jobs", 45}, {"none", 12031}, {"escort ads", 0},
		}},
		"stacked": StackedChart{Title: "Documents by month and language",
			Periods: []string{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"},
			Series: []Series{
				{"fr", []int{120, 98, 143, 80, 60, 210}},
				{"en", []int{300, 260, 250, 310, 290, 1020}},
				{"ar", []int{40, 0, 12, 33, 51}},
				{"nl", []int{10, 11, 9, 8, 7, 6}},
			}},
		"grouped": StackedChart{Title: "Grouped", Grouped: true,
			Periods: []string{"2024-01", "2024-02", "2024-03"},
			Series:  []Series{{"a", []int{1, 2, 3}}, {"b", []int{3, 2, 1}}}},
		"timeseries": TimeSeries{Title: "Documents per day", Points: daily, Area: true},
		"timeline":   Timeline{Title: "Network activity", Events: events},
		"graph":      sampleGraph(),
	}
}

// sampleGraph is a small network: documents sharing phones, a handle, an
// e-mail, a wallet, an IBAN and a photo.
func sampleGraph() Graph {
	g := Graph{Title: "Network 12", Href: func(n Node) string {
		if n.Kind == KindDocument {
			return "/documents/" + strings.TrimPrefix(n.ID, "d")
		}
		return ""
	}}
	for i := range 12 {
		g.Nodes = append(g.Nodes, Node{ID: fmt.Sprintf("d%d", i), Label: fmt.Sprintf("post %d", i), Kind: KindDocument})
	}
	ids := []Node{
		{"p1", "+32 470 00 00 01", KindPhone, 7}, {"p2", "+33 6 00 00 00 02", KindPhone, 3},
		{"h1", "@someone", KindHandle, 4}, {"e1", "a@example.org", KindEmail, 2},
		{"w1", "bc1qexamplewallet", KindWallet, 2}, {"i1", "BE00 0000 0000 0000", KindIBAN, 2},
		{"f1", "photo 9f3a", KindPhoto, 3}, {"x1", "something", "unknown", 1},
	}
	g.Nodes = append(g.Nodes, ids...)
	links := map[string][]int{"p1": {0, 1, 2, 3, 4, 5, 6}, "p2": {6, 7, 8}, "h1": {8, 9, 10, 11},
		"e1": {2, 9}, "w1": {10, 11}, "i1": {0, 11}, "f1": {3, 4, 7}, "x1": {5}}
	for _, id := range ids {
		for _, d := range links[id.ID] {
			g.Edges = append(g.Edges, Edge{From: fmt.Sprintf("d%d", d), To: id.ID})
		}
	}
	return g
}

// allowed lists the elements and attributes the output may hold.
var allowed = map[string]map[string]bool{
	"svg":      {"xmlns": true, "viewBox": true, "role": true, "font-family": true},
	"title":    {},
	"desc":     {},
	"g":        {},
	"a":        {"href": true},
	"rect":     {"x": true, "y": true, "width": true, "height": true, "fill": true, "stroke": true, "stroke-width": true},
	"line":     {"x1": true, "y1": true, "x2": true, "y2": true, "stroke": true, "stroke-width": true},
	"text":     {"x": true, "y": true, "font-size": true, "text-anchor": true, "fill": true, "stroke": true, "stroke-width": true, "paint-order": true},
	"circle":   {"cx": true, "cy": true, "r": true, "fill": true, "fill-opacity": true, "stroke": true, "stroke-width": true},
	"polygon":  {"points": true, "fill": true, "stroke": true, "stroke-width": true},
	"polyline": {"points": true, "fill": true, "stroke": true, "stroke-width": true, "stroke-linejoin": true},
	"path":     {"d": true, "fill": true, "fill-opacity": true},
}

// parsed is what checkSVG learns from an output.
type parsed struct {
	texts  []string // character data of <text> elements
	titles []string // character data of <title> elements, the first the chart's
	hrefs  []string
	count  map[string]int // elements by name
}

// checkSVG parses s with encoding/xml and fails t unless it is one <svg>
// element with role="img" and a <title> and <desc> first, made only of
// allowed elements and attributes.
func checkSVG(t testing.TB, s string) parsed {
	t.Helper()
	p := parsed{count: map[string]int{}}
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var stack []string
	var cdata strings.Builder
	roots := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			if len(stack) == 0 {
				roots++
				if name != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg" {
					t.Fatalf("root element %v; want svg in the SVG namespace", tok.Name)
				}
			}
			if len(stack) == 1 && p.count["title"]+p.count["desc"] < 2 {
				want := []string{"title", "desc"}[p.count["title"]+p.count["desc"]]
				if name != want {
					t.Errorf("child %d of <svg> is <%s>; want <%s>", p.count["title"]+p.count["desc"]+1, name, want)
				}
			}
			attrs, ok := allowed[name]
			if !ok {
				t.Errorf("element <%s> is not allowed", name)
			}
			for _, a := range tok.Attr {
				if !attrs[a.Name.Local] {
					t.Errorf("attribute %s of <%s> is not allowed", a.Name.Local, name)
				}
				if name == "svg" && a.Name.Local == "role" && a.Value != "img" {
					t.Errorf(`role="%s"; want "img"`, a.Value)
				}
				if a.Name.Local == "href" {
					p.hrefs = append(p.hrefs, a.Value)
				}
			}
			p.count[name]++
			stack = append(stack, name)
			cdata.Reset()
		case xml.EndElement:
			switch stack[len(stack)-1] {
			case "text":
				p.texts = append(p.texts, cdata.String())
			case "title":
				p.titles = append(p.titles, cdata.String())
			}
			stack = stack[:len(stack)-1]
			cdata.Reset()
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(tok)) > 0 {
				t.Errorf("text outside the <svg> element: %q", tok)
			}
			cdata.Write(tok)
		case xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T in output", tok)
		}
	}
	if roots != 1 {
		t.Fatalf("output has %d root elements; want 1", roots)
	}
	if p.count["title"] == 0 || p.count["desc"] != 1 {
		t.Errorf("output has %d <title> and %d <desc>; want at least one and one", p.count["title"], p.count["desc"])
	}
	return p
}

func TestGolden(t *testing.T) {
	for name, c := range samples() {
		t.Run(name, func(t *testing.T) {
			got := c.String()
			checkSVG(t, got)
			sharedtest.Golden(t, "testdata/"+name+".svg", got, *update)
		})
	}
}

func TestWriteToAndHTML(t *testing.T) {
	for name, c := range samples() {
		var buf bytes.Buffer
		n, err := c.WriteTo(&buf)
		if err != nil || n != int64(buf.Len()) || buf.String() != c.String() {
			t.Errorf("%s: WriteTo = %d, %v and %d bytes differing from String; want String's %d bytes", name, n, err, buf.Len(), len(c.String()))
		}
		if _, err := c.WriteTo(failWriter{}); err == nil || !errors.Is(err, errFail) {
			t.Errorf("%s: WriteTo(failing writer) = %v; want an error wrapping %v", name, err, errFail)
		}
	}
	if got, want := string(sampleGraph().HTML()), sampleGraph().String(); got != want {
		t.Errorf("Graph.HTML() differs from String()")
	}
}

var errFail = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

func TestDeterministic(t *testing.T) {
	first := map[string]string{}
	for name, c := range samples() {
		first[name] = c.String()
	}
	for name, c := range samples() {
		if got := c.String(); got != first[name] {
			t.Errorf("%s: two renderings differ", name)
		}
	}
	// The graph does not depend on the order of nodes and edges.
	g := randomGraph(120, 200, 7)
	want := g.String()
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(g.Nodes), func(i, j int) { g.Nodes[i], g.Nodes[j] = g.Nodes[j], g.Nodes[i] })
	r.Shuffle(len(g.Edges), func(i, j int) { g.Edges[i], g.Edges[j] = g.Edges[j], g.Edges[i] })
	for i := range g.Edges {
		if i%2 == 0 {
			g.Edges[i].From, g.Edges[i].To = g.Edges[i].To, g.Edges[i].From
		}
	}
	if got := g.String(); got != want {
		t.Errorf("Graph.String() changed with the order of its nodes and edges")
	}
}

func TestEmpty(t *testing.T) {
	for name, c := range map[string]chart{
		"bar":               BarChart{},
		"stacked":           StackedChart{},
		"stacked no series": StackedChart{Periods: []string{"2024-01"}},
		"stacked no period": StackedChart{Series: []Series{{"a", []int{1}}}},
		"timeseries":        TimeSeries{},
		"timeline":          Timeline{},
		"graph":             Graph{},
		"graph edges only":  Graph{Edges: []Edge{{From: "a", To: "b"}}},
	} {
		t.Run(name, func(t *testing.T) {
			p := checkSVG(t, c.String())
			if len(p.texts) != 1 || p.texts[0] != "no data" {
				t.Errorf("texts = %q; want [\"no data\"]", p.texts)
			}
		})
	}
	p := checkSVG(t, BarChart{Words: Words{NoData: "aucune donnée"}}.String())
	if len(p.texts) != 1 || p.texts[0] != "aucune donnée" {
		t.Errorf("texts = %q; want [\"aucune donnée\"]", p.texts)
	}
}

// hostile are labels that must come out as inert text.
var hostile = []string{
	"</svg><script>alert(1)</script>",
	`"><img src=x onerror=alert(1)>`,
	"' onload='alert(1)",
	"&amp; &lt; &#x3c; ]]> <![CDATA[x]]>",
	"<!-- comment --> <?pi x?> <!DOCTYPE x>",
	"a\x00b\x01c\x1bd\x7fe",
	"bad \xff\xfe utf-8",
	"\u202egnp.exe",
	"\ufffe\uffff",
	"line\nbreak\ttab\r",
	"",
	"خمسة وعشرين",
	strings.Repeat("x", 5000),
}

func TestHostileLabels(t *testing.T) {
	for _, label := range hostile {
		charts := map[string]chart{
			"bar":        BarChart{Title: label, Desc: label, Bars: []Bar{{label, 3}, {"b", 1}}},
			"stacked":    StackedChart{Title: label, Periods: []string{label, "p"}, Series: []Series{{label, []int{1, 2}}}},
			"timeseries": TimeSeries{Title: label, Points: []Point{{day(2024, 1, 1), 3}}},
			"timeline":   Timeline{Title: label, Events: []Event{{Time: day(2024, 1, 1), Count: 2, Label: label}}},
			"graph": Graph{Title: label, Nodes: []Node{{ID: label, Label: label, Kind: Kind(label)}, {ID: "b", Kind: KindPhone}},
				Edges: []Edge{{From: label, To: "b"}}, Href: func(n Node) string { return "/n?id=" + n.ID }},
		}
		for name, c := range charts {
			p := checkSVG(t, c.String())
			if p.count["script"] > 0 || p.count["img"] > 0 {
				t.Errorf("%s(%q) holds a script or img element", name, label)
			}
			if want := sanitized(label); p.titles[0] != want {
				t.Errorf("%s(%q): title = %q; want %q", name, label, p.titles[0], want)
			}
		}
	}
}

// sanitized is what text comes out as after escaping and parsing.
func sanitized(s string) string {
	var b builder
	b.text(s)
	var out string
	if err := xml.Unmarshal([]byte("<t>"+b.String()+"</t>"), &out); err != nil {
		return "unparsable: " + err.Error()
	}
	return out
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"markup", "</svg><script>", "&lt;/svg&gt;&lt;script&gt;"},
		{"quotes", `a"b'c`, "a&#34;b&#39;c"},
		{"ampersand", "&amp;", "&amp;amp;"},
		{"controls", "a\x00b\x1bc", "a\ufffdb\ufffdc"},
		{"invalid utf-8", "a\xffb", "a\ufffdb"},
		{"bidi override", "a\u202eb\u2066c", "a\ufffdb\ufffdc"},
		{"whitespace", "a\nb\tc", "a b c"},
		{"arabic", "خمسة", "خمسة"},
	} {
		var b builder
		b.text(tc.in)
		if got := b.String(); got != tc.want {
			t.Errorf("%s: text(%q) = %q; want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		n    int
		sep  string
		want string
	}{
		{0, ",", "0"}, {999, ",", "999"}, {1000, ",", "1,000"}, {-1234567, ",", "-1,234,567"},
		{123456, "\u202f", "123\u202f456"}, {math.MaxInt64, ",", "9,223,372,036,854,775,807"},
		{math.MinInt64, ",", "-9,223,372,036,854,775,808"},
	} {
		if got := Number(tc.n, tc.sep); got != tc.want {
			t.Errorf("Number(%d, %q) = %q; want %q", tc.n, tc.sep, got, tc.want)
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct {
		peak float64
		top  float64
		n    int
	}{
		{0, 1, 2}, {1, 1, 2}, {3, 3, 4}, {7, 8, 5}, {10, 10, 6}, {12031, 15000, 4},
		{99, 100, 6}, {101, 150, 4}, {1e18, 1e18, 6},
	} {
		top, ticks := niceScale(tc.peak, 5)
		if top != tc.top || len(ticks) != tc.n || ticks[0] != 0 || ticks[len(ticks)-1] != top {
			t.Errorf("niceScale(%v, 5) = %v, %v; want top %v and %d ticks from 0", tc.peak, top, ticks, tc.top, tc.n)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lo, hi time.Time
		want   []string
	}{
		{"days", day(2024, 2, 27), day(2024, 3, 2), []string{"2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"}},
		{"weeks from monday", day(2024, 3, 1), day(2024, 4, 1), []string{"2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25", "2024-04-01"}},
		{"months", day(2023, 11, 20), day(2024, 3, 1), []string{"2023-12", "2024-01", "2024-02", "2024-03"}},
		{"quarters", day(2023, 2, 1), day(2024, 3, 1), []string{"2023-04", "2023-07", "2023-10", "2024-01"}},
		{"years", day(2015, 6, 1), day(2024, 3, 1), []string{"2016", "2018", "2020", "2022", "2024"}},
		{"far apart", time.Time{}, day(9999, 1, 1), []string{"1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000", "9000"}},
	} {
		var got []string
		for _, tick := range timeTicks(tc.lo, tc.hi, 5) {
			got = append(got, tick.label)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s: timeTicks(%v, %v, 5) = %q; want %q", tc.name, tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestBarChart(t *testing.T) {
	p := checkSVG(t, samples()["bar"].String())
	if p.count["rect"] != 5 {
		t.Errorf("bar chart has %d bars; want 5", p.count["rect"])
	}
	want := []string{"exploitation", "1,234", "smuggling", "870", "recruitment & jobs", "45", "none", "12,031", "escort ads", "0"}
	if strings.Join(p.texts, "|") != strings.Join(want, "|") {
		t.Errorf("bar chart texts = %q; want %q", p.texts, want)
	}
	long := strings.Repeat("é", 100)
	p = checkSVG(t, BarChart{Bars: []Bar{{long, -5}}}.String())
	if got := p.texts[0]; got != strings.Repeat("é", barLabelMax-1)+"…" || p.texts[1] != "-5" {
		t.Errorf("long label drawn as %q, value %q; want it cut to %d runes and -5", got, p.texts[1], barLabelMax)
	}
	if p.titles[1] != long+": -5" {
		t.Errorf("tooltip = %q; want the whole label and value", p.titles[1])
	}
}

func TestStackedMergesSeries(t *testing.T) {
	var series []Series
	for i := range 12 {
		series = append(series, Series{fmt.Sprintf("s%d", i), []int{1, i}})
	}
	c := StackedChart{Periods: []string{"a", "b"}, Series: series}
	merged := c.merged()
	if len(merged) != len(Palette) || merged[len(Palette)-1].Name != "other" {
		t.Fatalf("merged() has %d series, last %q; want %d, last \"other\"", len(merged), merged[len(merged)-1].Name, len(Palette))
	}
	// Series 7 to 11 add up.
	if got := merged[len(Palette)-1].Values; got[0] != 5 || got[1] != 7+8+9+10+11 {
		t.Errorf("other = %v; want [5 45]", got)
	}
	p := checkSVG(t, c.String())
	if got := p.count["rect"]; got != len(Palette)+2*len(Palette)-1 { // legend, then segments but the zero one
		t.Errorf("stacked chart has %d rects; want %d", got, 3*len(Palette)-1)
	}
}

func TestTimeSeries(t *testing.T) {
	c := TimeSeries{Points: []Point{{day(2024, 1, 3), 5}, {day(2024, 1, 1), 2}, {day(2024, 1, 3), 4}}}
	p := checkSVG(t, c.String())
	if p.count["circle"] != 2 {
		t.Errorf("time series has %d markers; want 2 (same times add up)", p.count["circle"])
	}
	if want := []string{"2024-01-01: 2", "2024-01-03: 9"}; strings.Join(p.titles[1:], "|") != strings.Join(want, "|") {
		t.Errorf("tooltips = %q; want %q", p.titles[1:], want)
	}
	one := checkSVG(t, TimeSeries{Points: []Point{{day(2024, 1, 3), 5}}, Month: true}.String())
	if one.count["circle"] != 1 || one.titles[1] != "2024-01: 5" {
		t.Errorf("one-point series: %d markers, tooltip %q; want 1 and \"2024-01: 5\"", one.count["circle"], one.titles[1])
	}
}

func TestSafeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/documents/12", "/documents/12"},
		{"documents/12?x=1#y", "documents/12?x=1#y"},
		{"https://example.org/a", "https://example.org/a"},
		{"HTTP://example.org", "HTTP://example.org"},
		{"mailto:a@b.c", "mailto:a@b.c"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"data:text/html,<script>", ""},
		{"/a:b", "/a:b"},
		{"", ""},
	} {
		if got := safeURL(tc.in); got != tc.want {
			t.Errorf("safeURL(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestGraphLinks(t *testing.T) {
	g := sampleGraph()
	p := checkSVG(t, g.String())
	if p.count["a"] != 12 || len(p.hrefs) != 12 || p.hrefs[0] != "/documents/0" {
		t.Errorf("graph has %d links (%q...); want 12 from /documents/0", p.count["a"], p.hrefs[:min(1, len(p.hrefs))])
	}
	g.Href = func(Node) string { return "javascript:alert(1)" }
	if p := checkSVG(t, g.String()); p.count["a"] != 0 {
		t.Errorf("graph with javascript: links has %d <a>; want 0", p.count["a"])
	}
	g.Href = func(n Node) string { return `/n?id="><script>` }
	if p := checkSVG(t, g.String()); len(p.hrefs) != 20 || p.hrefs[0] != `/n?id="><script>` {
		t.Errorf("hostile href came out as %q; want it escaped and intact", p.hrefs[:min(1, len(p.hrefs))])
	}
}

// randomGraph returns a graph of n nodes (one in four an identifier) and
// m random edges between documents and identifiers, from seed.
func randomGraph(n, m int, seed uint64) Graph {
	r := rand.New(rand.NewPCG(seed, 1))
	var g Graph
	var docs, ids []string
	idKinds := []Kind{KindPhone, KindHandle, KindEmail, KindWallet, KindIBAN, KindPhoto}
	for i := range n {
		id := fmt.Sprintf("n%04d", i)
		if i%4 == 0 {
			g.Nodes = append(g.Nodes, Node{ID: id, Kind: idKinds[r.IntN(len(idKinds))], Weight: r.IntN(50)})
			ids = append(ids, id)
		} else {
			g.Nodes = append(g.Nodes, Node{ID: id, Kind: KindDocument})
			docs = append(docs, id)
		}
	}
	for range m {
		if len(ids) == 0 || len(docs) == 0 {
			break
		}
		g.Edges = append(g.Edges, Edge{From: docs[r.IntN(len(docs))], To: ids[r.IntN(len(ids))], Weight: r.IntN(3)})
	}
	return g
}

func TestGraphNoOverlap(t *testing.T) {
	star := Graph{Nodes: []Node{{ID: "hub", Kind: KindPhone, Weight: 1000}}}
	for i := range 80 {
		id := fmt.Sprint(i)
		star.Nodes = append(star.Nodes, Node{ID: id, Kind: KindDocument})
		star.Edges = append(star.Edges, Edge{From: "hub", To: id})
	}
	var chain, clique, pairs Graph
	for i := range 100 {
		chain.Nodes = append(chain.Nodes, Node{ID: fmt.Sprint(i), Weight: i})
		if i > 0 {
			chain.Edges = append(chain.Edges, Edge{From: fmt.Sprint(i - 1), To: fmt.Sprint(i)})
		}
	}
	for i := range 25 {
		clique.Nodes = append(clique.Nodes, Node{ID: fmt.Sprint(i), Weight: 100})
		for j := range i {
			clique.Edges = append(clique.Edges, Edge{From: fmt.Sprint(i), To: fmt.Sprint(j), Weight: 5})
		}
	}
	for i := range 60 {
		pairs.Nodes = append(pairs.Nodes, Node{ID: fmt.Sprint(i)})
		if i%2 == 1 {
			pairs.Edges = append(pairs.Edges, Edge{From: fmt.Sprint(i - 1), To: fmt.Sprint(i)})
		}
	}
	for name, g := range map[string]Graph{
		"sample": sampleGraph(), "star": star, "chain": chain, "clique": clique, "pairs": pairs,
		"no edges": randomGraph(200, 0, 1), "random 300": randomGraph(300, 500, 2), "dense": randomGraph(60, 2000, 3),
		"one node": {Nodes: []Node{{ID: "a"}}},
	} {
		nodes, edges, _ := g.prepare()
		layout(nodes, edges)
		for i := range nodes {
			for j := i + 1; j < len(nodes); j++ {
				a, b := nodes[i], nodes[j]
				if d := math.Hypot(round1(a.x)-round1(b.x), round1(a.y)-round1(b.y)); d < a.r+b.r {
					t.Errorf("%s: nodes %q and %q overlap: centres %.1f apart, radii %.1f and %.1f", name, a.ID, b.ID, d, a.r, b.r)
				}
			}
		}
		checkSVG(t, g.String())
	}
}

func TestLargeGraph(t *testing.T) {
	// 100 identifiers, 400 documents; document i has i%7 edges.
	var g Graph
	for i := range 100 {
		g.Nodes = append(g.Nodes, Node{ID: fmt.Sprintf("id%03d", i), Kind: KindPhone})
	}
	for i := range 400 {
		doc := fmt.Sprintf("doc%03d", i)
		g.Nodes = append(g.Nodes, Node{ID: doc, Kind: KindDocument})
		for k := range i % 7 {
			g.Edges = append(g.Edges, Edge{From: doc, To: fmt.Sprintf("id%03d", (i+k*13)%100)})
		}
	}
	nodes, _, left := g.prepare()
	if len(nodes) != DefaultMaxNodes || left != 200 {
		t.Fatalf("prepare() kept %d nodes, left %d out; want %d and 200", len(nodes), left, DefaultMaxNodes)
	}
	byKind := map[Kind]int{}
	minDegree := 99
	for _, n := range nodes {
		byKind[n.kind]++
		if n.kind == KindDocument {
			minDegree = min(minDegree, len(edgesOfDoc(g, n.ID)))
		}
	}
	// 200 documents kept of 400: those with 6, 5, 4 edges (57 each) and
	// some with 3.
	if byKind[KindPhone] != 100 || byKind[KindDocument] != 200 || minDegree != 3 {
		t.Errorf("kept %v, least connected document with %d edges; want 100 phones, 200 documents, 3", byKind, minDegree)
	}
	p := checkSVG(t, g.String())
	if !strings.Contains(strings.Join(p.texts, "|"), "200 nodes not shown") {
		t.Errorf("large graph does not say how many nodes were left out: %q", p.texts[:10])
	}
	g.MaxNodes = 50
	nodes, _, left = g.prepare()
	for _, n := range nodes {
		if n.kind != KindPhone {
			t.Errorf("MaxNodes 50 kept %q (%s); want identifiers only", n.ID, n.kind)
		}
	}
	if len(nodes) != 50 || left != 450 {
		t.Errorf("MaxNodes 50 kept %d, left %d out; want 50 and 450", len(nodes), left)
	}
}

func edgesOfDoc(g Graph, id string) []Edge {
	var out []Edge
	for _, e := range g.Edges {
		if e.From == id {
			out = append(out, e)
		}
	}
	return out
}

func TestGraphDuplicates(t *testing.T) {
	g := Graph{
		Nodes: []Node{{ID: "a", Label: "first"}, {ID: "a", Label: "second"}, {ID: "b"}},
		Edges: []Edge{{From: "a", To: "b"}, {From: "b", To: "a", Weight: 4}, {From: "a", To: "a"}, {From: "a", To: "zz"}},
	}
	nodes, edges, _ := g.prepare()
	if len(nodes) != 2 || nodes[0].Label != "first" || len(edges) != 1 || edges[0].w != 5 {
		t.Errorf("prepare() = %d nodes (a labelled %q), edges %v; want 2, \"first\", one edge of weight 5", len(nodes), nodes[0].Label, edges)
	}
}

func BenchmarkLayout300(b *testing.B) {
	g := randomGraph(300, 600, 2)
	nodes, edges, _ := g.prepare()
	work := make([]placed, len(nodes))
	for b.Loop() {
		copy(work, nodes)
		layout(work, edges)
	}
}

func BenchmarkGraph300(b *testing.B) {
	g := randomGraph(300, 600, 2)
	for b.Loop() {
		_ = g.String()
	}
}

func BenchmarkTimeSeries(b *testing.B) {
	c := samples()["timeseries"]
	for b.Loop() {
		_ = c.String()
	}
}

// lightness returns the CIE L* (0 to 100) of a #rrggbb colour: what is
// left of it in grey print.
func lightness(hex string) float64 {
	var y float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		var v int
		fmt.Sscanf(hex[1+2*i:3+2*i], "%02x", &v)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		y += w * c
	}
	if y <= 0.008856 {
		return 903.3 * y
	}
	return 116*math.Cbrt(y) - 16
}

func TestPaletteGreyPrint(t *testing.T) {
	for i := 1; i < len(Palette); i++ {
		a, b := lightness(Palette[i-1]), lightness(Palette[i])
		if math.Abs(a-b) < 15 {
			t.Errorf("Palette[%d] %s (L* %.0f) and Palette[%d] %s (L* %.0f) are too close in grey print; want 15 apart",
				i-1, Palette[i-1], a, i, Palette[i], b)
		}
	}
}

func TestGridFallback(t *testing.T) {
	g := randomGraph(50, 0, 9)
	nodes, _, _ := g.prepare()
	for i := range nodes {
		nodes[i].r = radius(1 << (i % 20))
		nodes[i].x, nodes[i].y = 0, 0 // all on one spot
	}
	grid(nodes)
	if overlapping(nodes) {
		t.Errorf("grid() left nodes overlapping")
	}
}
