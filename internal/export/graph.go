package export

import (
	"bufio"
	"cmp"
	"io"
	"math"
	"strconv"
	"strings"
)

// graph is the bipartite graph every writer writes: posts and
// identifiers as nodes, in order of first appearance, and one edge per
// distinct (post, identifier) pair, in input order.
type graph struct {
	nodes []node
	edges []edge
	nets  map[int64]Network
}

// node is a post (post != nil) or an identifier.
type node struct {
	id    string
	post  *Post
	ident Identifier
	// network is the post's network, or for an identifier the network
	// most of its posts belong to (ties: the smallest id; 0 when none of
	// its posts is in a network).
	network int64
	// risk is the post's risk, or the highest risk of an identifier's
	// posts; clamped to 0..1.
	risk float64
	// posts is the number of posts holding an identifier.
	posts int
	// idents are a post's identifier nodes, in order, without repeats.
	idents []int
	// mixed reports whether an identifier's posts are in several
	// networks.
	mixed bool
}

// edge links the post node Post to the identifier node Ident.
type edge struct {
	post, ident int
}

// buildGraph returns the graph of posts. Posts whose node ids are equal
// (same Key) are merged into the first; identifiers with an empty class
// or value are skipped.
func buildGraph(posts []Post, nets []Network) *graph {
	g := &graph{nets: make(map[int64]Network, len(nets))}
	for _, n := range nets {
		if _, dup := g.nets[n.ID]; !dup {
			g.nets[n.ID] = n
		}
	}
	g.nodes = make([]node, 0, len(posts)*2)
	g.edges = make([]edge, 0, len(posts)*2)
	postIdx := make(map[string]int, len(posts))
	identIdx := make(map[Identifier]int, len(posts))
	seen := make(map[[2]int]struct{}, len(posts)*2)
	for i := range posts {
		p := &posts[i]
		pid := postNodeID(p)
		pi, ok := postIdx[pid]
		if !ok {
			pi = len(g.nodes)
			postIdx[pid] = pi
			g.nodes = append(g.nodes, node{id: pid, post: p, network: p.Network, risk: clampRisk(p.Risk)})
		}
		for _, id := range p.Identifiers {
			if id.Class == "" || id.Value == "" {
				continue
			}
			ii, ok := identIdx[id]
			if !ok {
				ii = len(g.nodes)
				identIdx[id] = ii
				g.nodes = append(g.nodes, node{id: identNodeID(id), ident: id, network: g.nodes[pi].network})
			}
			if _, dup := seen[[2]int{pi, ii}]; dup {
				continue
			}
			seen[[2]int{pi, ii}] = struct{}{}
			g.edges = append(g.edges, edge{pi, ii})
			g.nodes[pi].idents = append(g.nodes[pi].idents, ii)
			in := &g.nodes[ii]
			in.posts++
			in.risk = max(in.risk, g.nodes[pi].risk)
			if in.network != g.nodes[pi].network {
				in.mixed = true
			}
		}
	}
	g.settleNetworks()
	return g
}

// settleNetworks gives each identifier whose posts are in several
// networks the network most of them are in.
func (g *graph) settleNetworks() {
	counts := map[[2]int64]int{}
	for _, e := range g.edges {
		if g.nodes[e.ident].mixed {
			counts[[2]int64{int64(e.ident), g.nodes[e.post].network}]++
		}
	}
	if len(counts) == 0 {
		return
	}
	best := map[int][2]int64{} // ident -> (network, count)
	for k, c := range counts {
		if k[1] == 0 {
			continue
		}
		i := int(k[0])
		b, ok := best[i]
		if !ok || int64(c) > b[1] || int64(c) == b[1] && k[1] < b[0] {
			best[i] = [2]int64{k[1], int64(c)}
		}
	}
	for i := range g.nodes {
		if g.nodes[i].mixed {
			g.nodes[i].network = best[i][0]
		}
	}
}

func clampRisk(r float64) float64 {
	if math.IsNaN(r) || r < 0 {
		return 0
	}
	return min(r, 1)
}

// nodeType returns "post" or an identifier's class.
func (n *node) nodeType() string {
	if n.post != nil {
		return "post"
	}
	return n.ident.Class
}

// label returns what tools show on a node.
func (n *node) label() string {
	if n.post != nil {
		return postLabel(n.post)
	}
	return identLabel(n.ident)
}

// attribute is one node attribute of the graph formats.
type attribute struct {
	name string
	// typ is a GraphML attr.type: "string", "long", "int" or "double".
	typ string
}

// Node attributes, in the order of nodeAttrs.
const (
	attrType = iota
	attrLabel
	attrValue
	attrNetwork
	attrNetworkSize
	attrPosts
	attrCategories
	attrRisk
	attrLanguage
	attrPosted
	attrPlatform
	attrSource
	attrAuthor
	attrURL
	numAttrs
)

// nodeAttrs are the node attributes the graph formats declare. An
// attribute with no value on a node ("" from values) is left out of it.
var nodeAttrs = [numAttrs]attribute{
	attrType:        {"type", "string"},
	attrLabel:       {"label", "string"},
	attrValue:       {"value", "string"},
	attrNetwork:     {"network", "long"},
	attrNetworkSize: {"network_size", "int"},
	attrPosts:       {"posts", "int"},
	attrCategories:  {"categories", "string"},
	attrRisk:        {"risk", "double"},
	attrLanguage:    {"language", "string"},
	attrPosted:      {"posted", "string"},
	attrPlatform:    {"platform", "string"},
	attrSource:      {"source", "string"},
	attrAuthor:      {"author", "string"},
	attrURL:         {"url", "string"},
}

// values fills v with the node's attribute values, "" for none.
func (g *graph) values(n *node, v *[numAttrs]string) {
	*v = [numAttrs]string{}
	v[attrType] = n.nodeType()
	v[attrLabel] = n.label()
	v[attrNetwork] = strconv.FormatInt(n.network, 10)
	if net, ok := g.nets[n.network]; ok && n.network != 0 {
		v[attrNetworkSize] = strconv.Itoa(net.Size)
	}
	v[attrRisk] = strconv.FormatFloat(n.risk, 'f', -1, 64)
	if n.post == nil {
		v[attrValue] = n.ident.Value
		v[attrPosts] = strconv.Itoa(n.posts)
		return
	}
	p := n.post
	v[attrCategories] = strings.Join(p.Categories, ";")
	v[attrLanguage] = knownLanguage(p.Language)
	v[attrPosted] = postedString(p.PostedAt)
	v[attrPlatform] = p.Platform
	v[attrSource] = p.Source
	v[attrAuthor] = p.Author
	v[attrURL] = p.URL
}

// stickyWriter remembers the first error of w and writes nothing after
// it, so that a writer can stop early on a broken destination.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// bufWriter is a buffered writer that reports the first error of its
// destination.
type bufWriter struct {
	*bufio.Writer
	dst *stickyWriter
}

func newBufWriter(w io.Writer) *bufWriter {
	s := &stickyWriter{w: w}
	return &bufWriter{Writer: bufio.NewWriterSize(s, 64<<10), dst: s}
}

// err returns the destination's first error, if any.
func (b *bufWriter) err() error { return b.dst.err }

// finish flushes the buffer and returns the first error.
func (b *bufWriter) finish() error {
	return cmp.Or(b.Flush(), b.dst.err)
}
