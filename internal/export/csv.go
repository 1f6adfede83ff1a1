package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// csvHeader is the header row of WriteCSV.
var csvHeader = []string{"source", "target", "source_type", "target_type", "network", "source_label", "target_value"}

// WriteCSV writes the edges of the bipartite graph of posts and their
// identifiers to w as CSV (RFC 4180, LF line ends): the header
// source,target,source_type,target_type,network,source_label,target_value
// then one row per distinct (post, identifier) pair, the post as source
// and the identifier as target: the node ids and types of the graph
// formats, the post's network (0 for none), the post's label and the
// identifier's full value.
//
// Cells are meant to be opened in spreadsheets: any cell that starts with
// '=', '+', '-', '@', a tab or a carriage return gets a leading "'" so
// that it is not run as a formula (so a phone number "+32…" reads "'+32…"),
// and bytes that are not UTF-8 become U+FFFD. WriteCSV returns the first
// error of w.
func WriteCSV(w io.Writer, posts []Post) error {
	g := buildGraph(posts, nil)
	b := newBufWriter(w)
	cw := csv.NewWriter(b)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	row := make([]string, len(csvHeader))
	for i, e := range g.edges {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		p, id := &g.nodes[e.post], &g.nodes[e.ident]
		row[0] = p.id
		row[1] = id.id
		row[2] = p.nodeType()
		row[3] = id.nodeType()
		row[4] = strconv.FormatInt(p.network, 10)
		row[5] = p.label()
		row[6] = id.ident.Value
		for k, s := range row {
			row[k] = defuseCell(s)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := b.finish(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// defuseCell returns s as valid UTF-8, with a leading "'" when a
// spreadsheet would take it for a formula (OWASP's CSV injection list).
func defuseCell(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
