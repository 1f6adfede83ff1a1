package export

import (
	"fmt"
	"io"
	"strconv"
)

// GEXF 1.3 namespace and schema.
const (
	gexfNS     = "http://gexf.net/1.3"
	gexfSchema = "http://gexf.net/1.3/gexf.xsd"
)

// gexfType maps a GraphML attr.type to its GEXF 1.3 attribute type.
func gexfType(t string) string {
	if t == "int" {
		return "integer"
	}
	return t
}

// WriteGEXF writes the bipartite graph of posts and their identifiers
// to w as GEXF 1.3 (namespace http://gexf.net/1.3): a static, undirected
// graph; node attributes declared in <attributes class="node"> with their
// names as ids and typed string, long, integer or double; the label as
// the node's label attribute and the others as <attvalue>s; and an edge
// attribute "network" (the post's network). Edge ids are "e0", "e1", ….
// nets gives the networks' sizes (attribute network_size). The output is
// UTF-8 and deterministic (no date in <meta>). WriteGEXF returns the
// first error of w.
func WriteGEXF(w io.Writer, posts []Post, nets []Network) error {
	g := buildGraph(posts, nets)
	b := newBufWriter(w)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<gexf xmlns="` + gexfNS + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="` + gexfNS + ` ` + gexfSchema + `" version="1.3">` + "\n")
	b.WriteString("  <meta>\n    <creator>vigie</creator>\n    <description>posts and the identifiers that link them</description>\n  </meta>\n")
	b.WriteString(`  <graph mode="static" defaultedgetype="undirected">` + "\n")
	b.WriteString(`    <attributes class="node" mode="static">` + "\n")
	for k, a := range nodeAttrs {
		if k == attrLabel {
			continue
		}
		b.WriteString(`      <attribute id="` + a.name + `" title="` + a.name + `" type="` + gexfType(a.typ) + `"/>` + "\n")
	}
	b.WriteString("    </attributes>\n")
	b.WriteString(`    <attributes class="edge" mode="static">` + "\n")
	b.WriteString(`      <attribute id="network" title="network" type="long"/>` + "\n")
	b.WriteString("    </attributes>\n    <nodes>\n")
	var v [numAttrs]string
	for i := range g.nodes {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		n := &g.nodes[i]
		g.values(n, &v)
		b.WriteString(`      <node id="` + n.id + `" label="`)
		b.writeXMLText(v[attrLabel])
		b.WriteString(`"><attvalues>`)
		for k, s := range v {
			if s == "" || k == attrLabel {
				continue
			}
			b.WriteString(`<attvalue for="` + nodeAttrs[k].name + `" value="`)
			b.writeXMLText(s)
			b.WriteString(`"/>`)
		}
		b.WriteString("</attvalues></node>\n")
	}
	b.WriteString("    </nodes>\n    <edges>\n")
	for i, e := range g.edges {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		b.WriteString(`      <edge id="e` + strconv.Itoa(i) + `" source="` + g.nodes[e.post].id + `" target="` + g.nodes[e.ident].id + `">`)
		b.WriteString(`<attvalues><attvalue for="network" value="` + strconv.FormatInt(g.nodes[e.post].network, 10) + `"/></attvalues></edge>` + "\n")
	}
	b.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	if err := b.finish(); err != nil {
		return fmt.Errorf("write gexf: %w", err)
	}
	return nil
}
