package export

import (
	"fmt"
	"io"
	"strconv"
)

// GraphML namespaces and schema (GraphML 1.0).
const (
	graphMLNS     = "http://graphml.graphdrawing.org/xmlns"
	graphMLSchema = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
)

// WriteGraphML writes the bipartite graph of posts and their identifiers
// to w as GraphML 1.0: one <key> per node attribute (the attribute's name
// is its id, with attr.name and attr.type) and an edge key "edge_network"
// (the post's network), then one undirected <graph> whose nodes carry
// <data> for the attributes they have. nets gives the networks' sizes
// (attribute network_size); networks missing from it get none. The
// output is UTF-8 and deterministic: the same input gives the same bytes.
// WriteGraphML returns the first error of w.
func WriteGraphML(w io.Writer, posts []Post, nets []Network) error {
	g := buildGraph(posts, nets)
	b := newBufWriter(w)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<graphml xmlns="` + graphMLNS + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="` + graphMLNS + ` ` + graphMLSchema + `">` + "\n")
	for _, a := range nodeAttrs {
		b.WriteString(`  <key id="` + a.name + `" for="node" attr.name="` + a.name + `" attr.type="` + a.typ + `"/>` + "\n")
	}
	b.WriteString(`  <key id="edge_network" for="edge" attr.name="network" attr.type="long"/>` + "\n")
	b.WriteString(`  <graph id="vigie" edgedefault="undirected">` + "\n")
	var v [numAttrs]string
	for i := range g.nodes {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		n := &g.nodes[i]
		g.values(n, &v)
		b.WriteString(`    <node id="` + n.id + `">`)
		for k, s := range v {
			if s == "" {
				continue
			}
			b.WriteString(`<data key="` + nodeAttrs[k].name + `">`)
			b.writeXMLText(s)
			b.WriteString(`</data>`)
		}
		b.WriteString("</node>\n")
	}
	for i, e := range g.edges {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		b.WriteString(`    <edge id="e` + strconv.Itoa(i) + `" source="` + g.nodes[e.post].id + `" target="` + g.nodes[e.ident].id + `">`)
		b.WriteString(`<data key="edge_network">` + strconv.FormatInt(g.nodes[e.post].network, 10) + "</data></edge>\n")
	}
	b.WriteString("  </graph>\n</graphml>\n")
	if err := b.finish(); err != nil {
		return fmt.Errorf("write graphml: %w", err)
	}
	return nil
}
