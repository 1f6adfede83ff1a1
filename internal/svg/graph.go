package svg

import (
	"cmp"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"
)

// Kind is the kind of a graph node: what it stands for.
type Kind string

// The kinds of node, in the order of the legend. Any other kind is drawn
// as KindOther.
const (
	KindDocument Kind = "document"
	KindPhone    Kind = "phone"
	KindHandle   Kind = "handle"
	KindEmail    Kind = "email"
	KindWallet   Kind = "wallet"
	KindIBAN     Kind = "iban"
	KindPhoto    Kind = "photo"
	KindOther    Kind = "other"
)

var kinds = []Kind{KindDocument, KindPhone, KindHandle, KindEmail, KindWallet, KindIBAN, KindPhoto, KindOther}

// style is how a kind of node is drawn.
type style struct {
	shape string // square, circle, triangle, diamond, hexagon, itriangle, pentagon
	fill  string
}

var styles = map[Kind]style{
	KindDocument: {"square", Palette[5]},
	KindPhone:    {"circle", Palette[0]},
	KindHandle:   {"triangle", Palette[1]},
	KindEmail:    {"diamond", Palette[2]},
	KindWallet:   {"hexagon", Palette[4]},
	KindIBAN:     {"itriangle", Palette[6]},
	KindPhoto:    {"pentagon", Palette[3]},
	KindOther:    {"circle", "#9a9a9a"},
}

func (k Kind) known() Kind {
	if _, ok := styles[k]; ok {
		return k
	}
	return KindOther
}

// Node is a node of a Graph: a document or an identifier.
type Node struct {
	// ID identifies the node among the graph's nodes; edges refer to it.
	ID string
	// Label is drawn next to the node (cut short) and in its tooltip;
	// empty, the ID is.
	Label string
	Kind  Kind
	// Weight (the documents an identifier is in, say) sets the node's
	// size; zero or less is the smallest.
	Weight int
}

func (n Node) label() string { return or(n.Label, n.ID) }

// Edge joins two nodes by their IDs.
type Edge struct {
	From, To string
	// Weight sets the stroke width; zero or less counts as one.
	Weight int
}

// DefaultMaxNodes is the number of nodes above which a Graph draws only
// part of its nodes.
const DefaultMaxNodes = 300

// Graph is a network drawn with a deterministic force-directed layout:
// nodes by kind (shape and colour, with a legend), each a link when Href
// gives one, with a tooltip.
//
// Nodes with an ID already seen are ignored, as are edges from or to an
// unknown node and loops; edges between the same two nodes add up. The
// layout depends on the set of nodes and edges, not on their order.
// Nodes never overlap: their centres are at least the sum of their radii
// apart.
//
// A graph of more than MaxNodes nodes is drawn in part: every identifier
// (node not of KindDocument) and, in the room left, the documents with
// most edges; the SVG says how many nodes were left out. When the
// identifiers alone are too many, those with most edges are drawn.
type Graph struct {
	// Title names the graph for screen readers and as a tooltip.
	Title string
	// Desc describes it; empty, a summary of the graph is written.
	Desc  string
	Nodes []Node
	Edges []Edge
	// Href returns the address a node links to, or "" for no link; nil
	// means no links. Addresses other than relative ones, http, https and
	// mailto are dropped.
	Href func(Node) string
	// MaxNodes is the most nodes drawn; zero or less means
	// DefaultMaxNodes. Layout time grows with its square (about 40 ms
	// for 300 nodes on one core).
	MaxNodes int
	Words    Words
}

// Geometry of the layout, in viewBox units.
const (
	nodeGap       = 3.0  // least space between two nodes
	idealEdge     = 64.0 // edge length the layout aims for
	layoutIters   = 220
	gravity       = 1.0 // pull towards the centre, times the distance
	graphFont     = 9.0
	graphLabelMax = 20 // runes of a label drawn
	// Graphs with more nodes label identifiers only.
	labelAllNodes = 80
)

// placed is a node ready to draw.
type placed struct {
	Node
	kind   Kind
	degree int
	r      float64
	x, y   float64
}

type wedge struct {
	a, b int // indices into the placed nodes, a < b
	w    int
}

// String returns the graph as an <svg> element.
func (g Graph) String() string {
	nodes, edges, left := g.prepare()
	if len(nodes) == 0 {
		return noData(480, 120, g.Title, g.Desc, g.Words)
	}
	layout(nodes, edges)
	return g.render(nodes, edges, left)
}

// HTML returns String as template.HTML, safe to place in a page: all text
// in it is escaped and link addresses are checked.
func (g Graph) HTML() template.HTML { return template.HTML(g.String()) }

// WriteTo writes String to w.
func (g Graph) WriteTo(w io.Writer) (int64, error) { return writeString(w, g.String()) }

// prepare returns the nodes to draw sorted by ID, the edges between them,
// and the number of nodes left out.
func (g Graph) prepare() ([]placed, []wedge, int) {
	seen := make(map[string]bool, len(g.Nodes))
	var nodes []placed
	for _, n := range g.Nodes {
		if seen[n.ID] {
			continue
		}
		seen[n.ID] = true
		nodes = append(nodes, placed{Node: n, kind: n.Kind.known()})
	}
	slices.SortFunc(nodes, func(a, b placed) int { return strings.Compare(a.ID, b.ID) })
	edges := edgesOf(nodes, g.Edges)
	for _, e := range edges {
		nodes[e.a].degree++
		nodes[e.b].degree++
	}
	limit := g.MaxNodes
	if limit <= 0 {
		limit = DefaultMaxNodes
	}
	left := 0
	if len(nodes) > limit {
		left = len(nodes) - limit
		order := make([]int, len(nodes))
		for i := range order {
			order[i] = i
		}
		// Identifiers first, then by edges, weight, ID (the index).
		slices.SortStableFunc(order, func(i, j int) int {
			a, b := &nodes[i], &nodes[j]
			if d := boolCmp(a.kind == KindDocument, b.kind == KindDocument); d != 0 {
				return d
			}
			if d := cmp.Compare(b.degree, a.degree); d != 0 {
				return d
			}
			return cmp.Compare(b.Weight, a.Weight)
		})
		keep := make([]bool, len(nodes))
		for _, i := range order[:limit] {
			keep[i] = true
		}
		var kept []placed
		for i, n := range nodes {
			if keep[i] {
				n.degree = 0
				kept = append(kept, n)
			}
		}
		nodes = kept
		edges = edgesOf(nodes, g.Edges)
		for _, e := range edges {
			nodes[e.a].degree++
			nodes[e.b].degree++
		}
	}
	for i := range nodes {
		nodes[i].r = radius(nodes[i].Weight)
	}
	return nodes, edges, left
}

// boolCmp orders false before true.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// edgesOf returns the edges of es between nodes (sorted by ID), merged
// and sorted.
func edgesOf(nodes []placed, es []Edge) []wedge {
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		index[n.ID] = i
	}
	weights := make(map[[2]int]int)
	for _, e := range es {
		a, ok1 := index[e.From]
		b, ok2 := index[e.To]
		if !ok1 || !ok2 || a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		weights[[2]int{a, b}] = addSat(weights[[2]int{a, b}], max(e.Weight, 1))
	}
	out := make([]wedge, 0, len(weights))
	for k, w := range weights {
		out = append(out, wedge{k[0], k[1], w})
	}
	slices.SortFunc(out, func(x, y wedge) int {
		if d := cmp.Compare(x.a, y.a); d != 0 {
			return d
		}
		return cmp.Compare(x.b, y.b)
	})
	return out
}

// radius returns the radius of a node of weight w: 6 to 16.
func radius(w int) float64 {
	if w <= 0 {
		return 6
	}
	return min(6+2*math.Log2(1+float64(w)), 16)
}

// layout places the nodes: a Fruchterman–Reingold force-directed layout
// from a deterministic start (a sunflower spiral in breadth-first order
// from the best-connected node, so that neighbours start close), with a
// pull towards the centre that keeps components together, a fixed number
// of iterations with linear cooling, then a pass that pushes overlapping
// nodes apart. Should nodes still overlap, they are put on a grid in
// reading order of their places.
func layout(nodes []placed, edges []wedge) {
	n := len(nodes)
	adj := make([][]int, n)
	for _, e := range edges {
		adj[e.a] = append(adj[e.a], e.b)
		adj[e.b] = append(adj[e.b], e.a)
	}
	// Start: sunflower spiral in BFS order.
	golden := math.Pi * (3 - math.Sqrt(5))
	spacing := idealEdge * 0.6
	done := make([]bool, n)
	pos := 0
	place := func(i int) {
		r := spacing * math.Sqrt(float64(pos)+0.5)
		a := float64(pos) * golden
		nodes[i].x, nodes[i].y = r*math.Cos(a), r*math.Sin(a)
		pos++
	}
	byDegree := make([]int, n)
	for i := range byDegree {
		byDegree[i] = i
	}
	slices.SortStableFunc(byDegree, func(i, j int) int { return cmp.Compare(nodes[j].degree, nodes[i].degree) })
	queue := make([]int, 0, n)
	for _, s := range byDegree {
		if done[s] {
			continue
		}
		done[s] = true
		queue = append(queue[:0], s)
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			place(i)
			for _, j := range adj[i] {
				if !done[j] {
					done[j] = true
					queue = append(queue, j)
				}
			}
		}
	}
	if n > 1 {
		forces(nodes, edges)
	}
	if !separate(nodes) {
		grid(nodes)
	}
}

// forces runs the force-directed iterations. Positions are copied into
// flat slices for the O(n²) repulsion loop, which dominates the cost.
func forces(nodes []placed, edges []wedge) {
	n := len(nodes)
	k := idealEdge
	k2 := k * k
	xs, ys := make([]float64, n), make([]float64, n)
	dx, dy := make([]float64, n), make([]float64, n)
	for i, p := range nodes {
		xs[i], ys[i] = p.x, p.y
	}
	temp := k * math.Sqrt(float64(n)) / 2
	for it := range layoutIters {
		clear(dx)
		clear(dy)
		for i := range n {
			xi, yi := xs[i], ys[i]
			fx, fy := 0.0, 0.0
			for j := i + 1; j < n; j++ {
				ex, ey := xi-xs[j], yi-ys[j]
				d2 := ex*ex + ey*ey
				if d2 < 1e-6 {
					// Coincident: part them in a direction fixed by
					// their indices.
					a := float64(i*31+j) * 0.7
					ex, ey, d2 = math.Cos(a)*1e-3, math.Sin(a)*1e-3, 1e-6
				}
				f := k2 / d2 // repulsion k²/d along the unit vector e/d
				fx += ex * f
				fy += ey * f
				dx[j] -= ex * f
				dy[j] -= ey * f
			}
			dx[i] += fx
			dy[i] += fy
		}
		for _, e := range edges {
			ex, ey := xs[e.a]-xs[e.b], ys[e.a]-ys[e.b]
			f := math.Sqrt(ex*ex+ey*ey) / k // attraction d²/k along the unit vector
			dx[e.a] -= ex * f
			dy[e.a] -= ey * f
			dx[e.b] += ex * f
			dy[e.b] += ey * f
		}
		t := temp * (1 - float64(it)/layoutIters)
		for i := range n {
			// Gravity towards the origin keeps components from drifting.
			gx, gy := dx[i]-xs[i]*gravity, dy[i]-ys[i]*gravity
			d := math.Sqrt(gx*gx + gy*gy)
			if d == 0 || math.IsNaN(d) {
				continue
			}
			s := min(d, t) / d
			xs[i] += gx * s
			ys[i] += gy * s
		}
	}
	for i := range nodes {
		nodes[i].x, nodes[i].y = xs[i], ys[i]
	}
}

// separate pushes overlapping nodes apart and reports whether no two
// nodes overlap in the end.
func separate(nodes []placed) bool {
	n := len(nodes)
	for range 200 {
		moved := false
		for i := range n {
			for j := i + 1; j < n; j++ {
				a, b := &nodes[i], &nodes[j]
				need := a.r + b.r + nodeGap
				ex, ey := b.x-a.x, b.y-a.y
				d2 := ex*ex + ey*ey
				if d2 >= need*need {
					continue
				}
				d := math.Sqrt(d2)
				if d < 1e-9 {
					ang := float64(i*31+j) * 0.7
					ex, ey, d = math.Cos(ang), math.Sin(ang), 1
				}
				// Half the missing distance each, plus a little so that
				// rounding cannot leave them touching.
				push := (need-d)/2 + 0.05
				ux, uy := ex/d, ey/d
				a.x -= ux * push
				a.y -= uy * push
				b.x += ux * push
				b.y += uy * push
				moved = true
			}
		}
		if !moved {
			return !overlapping(nodes)
		}
	}
	return !overlapping(nodes)
}

// overlapping reports whether two nodes are closer than their radii and
// half the gap allow, at the precision they are written with.
func overlapping(nodes []placed) bool {
	for i := range nodes {
		for j := i + 1; j < len(nodes); j++ {
			a, b := nodes[i], nodes[j]
			ex, ey := round1(b.x)-round1(a.x), round1(b.y)-round1(a.y)
			need := a.r + b.r + nodeGap/2
			if ex*ex+ey*ey < need*need {
				return true
			}
		}
	}
	return false
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// grid puts the nodes on a square grid, in reading order of their
// current places.
func grid(nodes []placed) {
	order := make([]int, len(nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if d := cmp.Compare(nodes[i].y, nodes[j].y); d != 0 {
			return d
		}
		return cmp.Compare(nodes[i].x, nodes[j].x)
	})
	cols := int(math.Ceil(math.Sqrt(float64(len(nodes)))))
	cell := 2*16 + 2*nodeGap // the largest radius, twice
	for k, i := range order {
		nodes[i].x = float64(k%cols) * cell
		nodes[i].y = float64(k/cols) * cell
	}
}

// render draws placed nodes and edges.
func (g Graph) render(nodes []placed, edges []wedge, left int) string {
	sep := g.Words.sep()
	labelAll := len(nodes) <= labelAllNodes
	labels := make([]string, len(nodes))
	// Bounding box of nodes and their labels.
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i, n := range nodes {
		if labelAll || n.kind != KindDocument {
			labels[i] = clip(n.label(), graphLabelMax)
		}
		half := max(n.r, textWidth(labels[i], graphFont)/2)
		minX, maxX = min(minX, n.x-half), max(maxX, n.x+half)
		minY = min(minY, n.y-n.r)
		bottom := n.y + n.r
		if labels[i] != "" {
			bottom += graphFont + 3
		}
		maxY = max(maxY, bottom)
	}
	// Legend: the kinds present, in a fixed order.
	present := map[Kind]bool{}
	for _, n := range nodes {
		present[n.kind] = true
	}
	const pad = 10.0
	w := max(maxX-minX+2*pad, 240)
	type item struct {
		kind Kind
		x, y float64
	}
	var legend []item
	lx, ly := pad, pad+6
	for _, k := range kinds {
		if !present[k] {
			continue
		}
		iw := 16 + textWidth(string(k), legendFont) + 12
		if lx > pad && lx+iw > w-pad {
			lx, ly = pad, ly+legendFont+8
		}
		legend = append(legend, item{k, lx, ly})
		lx += iw
	}
	top := ly + 14
	note := ""
	if left > 0 {
		note = Number(left, sep) + " " + g.Words.notShown()
		top += legendFont + 6
	}
	// Shift so that the drawing starts below the legend, centred.
	offX := pad - minX + (w-2*pad-(maxX-minX))/2
	offY := top - minY
	h := maxY - minY + top + pad

	desc := g.Desc
	if desc == "" {
		desc = Number(len(nodes), sep) + " nodes, " + Number(len(edges), sep) + " links"
		if left > 0 {
			desc += "; " + note
		}
	}
	var b builder
	b.open(w, h, g.Title, desc)
	for _, it := range legend {
		b.shape(styles[it.kind], it.x+6, it.y-4, 5.5)
		b.label(it.x+16, it.y, legendFont, "start", inkText, string(it.kind))
	}
	if note != "" {
		b.label(pad, ly+legendFont+8, legendFont, "start", inkAxis, note)
	}
	b.WriteString("\n")
	for _, e := range edges {
		a, c := nodes[e.a], nodes[e.b]
		b.WriteString(`<line`)
		b.nattr("x1", a.x+offX)
		b.nattr("y1", a.y+offY)
		b.nattr("x2", c.x+offX)
		b.nattr("y2", c.y+offY)
		b.attr("stroke", inkEdge)
		b.nattr("stroke-width", min(1+math.Log2(float64(e.w)), 4))
		b.WriteString(`/>` + "\n")
	}
	for i, n := range nodes {
		x, y := n.x+offX, n.y+offY
		href := ""
		if g.Href != nil {
			href = safeURL(g.Href(n.Node))
		}
		if href != "" {
			b.WriteString(`<a`)
			b.attr("href", href)
			b.WriteString(`>`)
		} else {
			b.WriteString(`<g>`)
		}
		tip := n.label() + " (" + string(n.kind)
		if n.Weight > 0 {
			tip += ", " + Number(n.Weight, sep)
		}
		tip += ")"
		b.tooltip(tip)
		b.shape(styles[n.kind], x, y, n.r)
		if labels[i] != "" {
			// A white halo keeps the label readable over edges.
			b.WriteString(`<text`)
			b.nattr("x", x)
			b.nattr("y", y+n.r+graphFont+1)
			b.nattr("font-size", graphFont)
			b.WriteString(` text-anchor="middle" fill="` + inkText + `" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">`)
			b.text(labels[i])
			b.WriteString("</text>")
		}
		if href != "" {
			b.WriteString("</a>\n")
		} else {
			b.WriteString("</g>\n")
		}
	}
	b.close()
	return b.String()
}

// shape draws a node shape of radius r centred on x, y. Polygons are
// sized to stay within the circle of radius r.
func (b *builder) shape(s style, x, y, r float64) {
	switch s.shape {
	case "circle":
		b.WriteString(`<circle`)
		b.nattr("cx", x)
		b.nattr("cy", y)
		b.nattr("r", r)
	case "square":
		h := r * 0.85
		b.WriteString(`<rect`)
		b.nattr("x", x-h)
		b.nattr("y", y-h)
		b.nattr("width", 2*h)
		b.nattr("height", 2*h)
	default:
		b.WriteString(`<polygon points="`)
		var corners int
		var start float64 // angle of the first corner, from the top
		switch s.shape {
		case "triangle":
			corners = 3
		case "itriangle":
			corners, start = 3, math.Pi
		case "diamond":
			corners = 4
		case "pentagon":
			corners = 5
		default: // hexagon
			corners, start = 6, math.Pi/6
		}
		for c := range corners {
			a := start + 2*math.Pi*float64(c)/float64(corners)
			if c > 0 {
				b.WriteByte(' ')
			}
			b.num(x + r*math.Sin(a))
			b.WriteByte(',')
			b.num(y - r*math.Cos(a))
		}
		b.WriteByte('"')
	}
	b.attr("fill", s.fill)
	b.WriteString(` stroke="#ffffff" stroke-width="1"/>`)
}

// safeURL returns u when it is a relative address or an http, https or
// mailto one, and "" otherwise (javascript:, data: and the like).
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c < 0x20 || c == 0x7f {
			return "" // browsers drop these, so they can hide a scheme
		}
	}
	if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		switch strings.ToLower(u[:i]) {
		case "http", "https", "mailto":
			return u
		}
		return ""
	}
	return u
}
