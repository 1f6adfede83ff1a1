package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func keyOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

const photoHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// fixture returns a small hand-made set: French with a <script>, Arabic
// with an emoji, quotes and control characters, and a post whose id and
// text start like spreadsheet formulas. The numbers are fictitious.
func fixture() ([]Post, []Network) {
	posts := []Post{
		{
			ID: "fr-1", Key: keyOf("fr-1"), Network: 7, Source: "crawl", Platform: "facebook",
			URL:      "https://example.org/p?a=1&b=<2>",
			Author:   "Abu\x07Omar",
			PostedAt: time.Date(2026, 3, 4, 10, 30, 0, 0, time.FixedZone("CET", 3600)),
			Language: "fr",
			Text:     "<script>alert('x')</script> Passage garanti vers l'Italie, départ chaque semaine.\nPrix « 2500 € » appelez +33 6 12 34 56 78",
			Risk:     0.91, Categories: []string{vigie.SmugglingPassage, vigie.SmugglingDocuments},
			Identifiers: []Identifier{
				{"phone", "+33612345678"}, {"whatsapp", "+33612345678"},
				{"email", "passeur@example.org"}, {"photo", photoHash},
			},
			Places: []string{"FR", "IT"}, Prices: []string{"2500 EUR"},
		},
		{
			ID: "ar-2", Key: keyOf("ar-2"), Network: 7, Platform: "telegram",
			Language: "ar",
			Text:     "رحلة إلى إيطاليا 🚤 \"مضمونة\" \x01 واتساب\x00",
			Risk:     0.75, Categories: []string{vigie.SmugglingPassage},
			Identifiers: []Identifier{
				{"whatsapp", "+33612345678"}, {"telegram", "boat_agent"},
				{"iban", "BE71096123456769"},
			},
		},
		{
			ID: "=SUM(A1:A9)", Key: keyOf("=SUM"), Language: "und", Platform: "-web",
			Text: "=SUM(1+1) @admin", Risk: 0.2,
			Identifiers: []Identifier{
				{"crypto_wallet", "bc1qexamplewalletxxxxxxxxxxxxxxxxxxxxxx"},
				{"phone", "+32470123456"}, {"phone", "+32470123456"}, {"phone", ""},
			},
		},
	}
	nets := []Network{{ID: 7, Size: 2, FirstSeen: "2026-03-01", LastSeen: "2026-03-04"}}
	return posts, nets
}

// parsedGraph is a graph read back from an export.
type parsedGraph struct {
	nodes map[string]map[string]string // id → attribute → value
	order []string
	edges [][2]string
}

func (g *parsedGraph) addNode(id string, attrs map[string]string) error {
	if _, dup := g.nodes[id]; dup {
		return fmt.Errorf("node %q twice", id)
	}
	g.nodes[id] = attrs
	g.order = append(g.order, id)
	return nil
}

// checkEdges reports an edge whose ends are not nodes.
func (g *parsedGraph) checkEdges() error {
	for _, e := range g.edges {
		if g.nodes[e[0]] == nil || g.nodes[e[1]] == nil {
			return fmt.Errorf("edge %v: unknown node", e)
		}
	}
	return nil
}

// wellFormed reads every token of an XML document.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func parseGraphML(data []byte) (*parsedGraph, error) {
	if err := wellFormed(data); err != nil {
		return nil, err
	}
	var doc struct {
		XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
		Keys    []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
			Type string `xml:"attr.type,attr"`
		} `xml:"key"`
		Graph struct {
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Graph.EdgeDefault != "undirected" {
		return nil, fmt.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
	}
	names := map[string]string{}
	for _, k := range doc.Keys {
		switch k.Type {
		case "string", "long", "int", "double":
		default:
			return nil, fmt.Errorf("key %q: attr.type %q", k.ID, k.Type)
		}
		if k.For == "node" {
			names[k.ID] = k.Name
		}
	}
	g := &parsedGraph{nodes: map[string]map[string]string{}}
	for _, n := range doc.Graph.Nodes {
		attrs := map[string]string{}
		for _, d := range n.Data {
			name, ok := names[d.Key]
			if !ok {
				return nil, fmt.Errorf("node %q: undeclared key %q", n.ID, d.Key)
			}
			attrs[name] = d.Value
		}
		if err := g.addNode(n.ID, attrs); err != nil {
			return nil, err
		}
	}
	for _, e := range doc.Graph.Edges {
		g.edges = append(g.edges, [2]string{e.Source, e.Target})
	}
	return g, g.checkEdges()
}

func parseGEXF(data []byte) (*parsedGraph, error) {
	if err := wellFormed(data); err != nil {
		return nil, err
	}
	type attvalue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	}
	var doc struct {
		XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
		Version string   `xml:"version,attr"`
		Graph   struct {
			DefaultEdgeType string `xml:"defaultedgetype,attr"`
			Attributes      []struct {
				Class string `xml:"class,attr"`
				Attrs []struct {
					ID    string `xml:"id,attr"`
					Title string `xml:"title,attr"`
					Type  string `xml:"type,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
				ID     string     `xml:"id,attr"`
				Label  string     `xml:"label,attr"`
				Values []attvalue `xml:"attvalues>attvalue"`
			} `xml:"nodes>node"`
			Edges []struct {
				ID     string `xml:"id,attr"`
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Version != "1.3" || doc.Graph.DefaultEdgeType != "undirected" {
		return nil, fmt.Errorf("version %q, defaultedgetype %q", doc.Version, doc.Graph.DefaultEdgeType)
	}
	titles := map[string]string{}
	for _, as := range doc.Graph.Attributes {
		for _, a := range as.Attrs {
			switch a.Type {
			case "string", "long", "integer", "double":
			default:
				return nil, fmt.Errorf("attribute %q: type %q", a.ID, a.Type)
			}
			if as.Class == "node" {
				titles[a.ID] = a.Title
			}
		}
	}
	g := &parsedGraph{nodes: map[string]map[string]string{}}
	for _, n := range doc.Graph.Nodes {
		attrs := map[string]string{"label": n.Label}
		for _, v := range n.Values {
			title, ok := titles[v.For]
			if !ok {
				return nil, fmt.Errorf("node %q: undeclared attribute %q", n.ID, v.For)
			}
			attrs[title] = v.Value
		}
		if err := g.addNode(n.ID, attrs); err != nil {
			return nil, err
		}
	}
	ids := map[string]bool{}
	for _, e := range doc.Graph.Edges {
		if ids[e.ID] {
			return nil, fmt.Errorf("edge id %q twice", e.ID)
		}
		ids[e.ID] = true
		g.edges = append(g.edges, [2]string{e.Source, e.Target})
	}
	return g, g.checkEdges()
}

// parseCSV returns the rows of a WriteCSV output, header checked and
// dropped.
func parseCSV(data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(csvHeader, ",") {
		return nil, fmt.Errorf("header %q", recs)
	}
	for _, rec := range recs[1:] {
		for _, c := range rec {
			if c != "" && strings.IndexByte("=+-@\t\r", c[0]) >= 0 {
				return nil, fmt.Errorf("cell %q not defused", c)
			}
			if !utf8.ValidString(c) {
				return nil, fmt.Errorf("cell %q not UTF-8", c)
			}
		}
	}
	return recs[1:], nil
}

// parseFtM decodes JSON lines strictly and checks that links point at
// entities written before them.
func parseFtM(data []byte) ([]ftmEntity, error) {
	var out []ftmEntity
	ids := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" && len(data) == 0 {
			break
		}
		d := json.NewDecoder(strings.NewReader(line))
		d.DisallowUnknownFields()
		var e ftmEntity
		if err := d.Decode(&e); err != nil {
			return nil, fmt.Errorf("line %d: %w: %s", i+1, err, line)
		}
		if !strings.HasPrefix(e.ID, "vigie-") || ids[e.ID] {
			return nil, fmt.Errorf("line %d: id %q bad or repeated", i+1, e.ID)
		}
		ids[e.ID] = true
		allowed, ok := ftmProps[e.Schema]
		if !ok {
			return nil, fmt.Errorf("line %d: schema %q", i+1, e.Schema)
		}
		for name, vals := range e.Properties {
			if !strings.Contains(" "+allowed+" ", " "+name+" ") {
				return nil, fmt.Errorf("line %d: %s has no property %q", i+1, e.Schema, name)
			}
			if len(vals) == 0 {
				return nil, fmt.Errorf("line %d: empty %q", i+1, name)
			}
		}
		if e.Schema == "UnknownLink" {
			for _, p := range []string{"subject", "object"} {
				if len(e.Properties[p]) != 1 || !ids[e.Properties[p][0]] {
					return nil, fmt.Errorf("line %d: %s %v not written before", i+1, p, e.Properties[p])
				}
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// ftmProps are the properties each schema may use (those the brief names).
var ftmProps = map[string]string{
	"PlainText":    "title bodyText sourceUrl author publishedAt detectedLanguage phoneMentioned emailMentioned ibanMentioned keywords notes",
	"UserAccount":  "username service number email",
	"BankAccount":  "iban accountNumber",
	"CryptoWallet": "publicKey",
	"Image":        "name fileName",
	"UnknownLink":  "subject object role",
}

// writeAll runs the four writers.
func writeAll(t testing.TB, posts []Post, nets []Network) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, f := range map[string]func(io.Writer) error{
		"graphml": func(w io.Writer) error { return WriteGraphML(w, posts, nets) },
		"gexf":    func(w io.Writer) error { return WriteGEXF(w, posts, nets) },
		"csv":     func(w io.Writer) error { return WriteCSV(w, posts) },
		"jsonl":   func(w io.Writer) error { return WriteFtM(w, posts, nets) },
	} {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatalf("write %s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

func TestGolden(t *testing.T) {
	posts, nets := fixture()
	for name, data := range writeAll(t, posts, nets) {
		sharedtest.Golden(t, "testdata/small."+name, string(data), *update)
	}
}

func TestGraphFormats(t *testing.T) {
	posts, nets := fixture()
	out := writeAll(t, posts, nets)
	for _, c := range []struct {
		name  string
		parse func([]byte) (*parsedGraph, error)
	}{
		{"graphml", parseGraphML},
		{"gexf", parseGEXF},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := c.parse(out[c.name])
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, out[c.name])
			}
			if len(g.nodes) != 11 || len(g.edges) != 9 {
				t.Errorf("%d nodes, %d edges; want 11, 9", len(g.nodes), len(g.edges))
			}
			fr := g.nodes[postNodeID(&posts[0])]
			for attr, want := range map[string]string{
				"type": "post", "network": "7", "network_size": "2", "risk": "0.91",
				"categories": "smuggling.passage;smuggling.documents", "language": "fr",
				"posted": "2026-03-04T09:30:00Z", "platform": "facebook", "source": "crawl",
				"author": "Abu\uFFFDOmar", "url": "https://example.org/p?a=1&b=<2>",
			} {
				if fr[attr] != want {
					t.Errorf("fr-1 %s = %q; want %q", attr, fr[attr], want)
				}
			}
			if l := fr["label"]; !strings.HasPrefix(l, "fr-1: <script>alert('x')</script> Passage") || !strings.HasSuffix(l, "…") || utf8.RuneCountInString(l) != len("fr-1: ")+labelRunes+1 {
				t.Errorf("fr-1 label = %q", l)
			}
			ar := g.nodes[postNodeID(&posts[1])]
			if want := "ar-2: رحلة إلى إيطاليا 🚤 \"مضمونة\" واتساب"; ar["label"] != want {
				t.Errorf("ar-2 label = %q; want %q", ar["label"], want)
			}
			sum := g.nodes[postNodeID(&posts[2])]
			if sum["label"] != "=SUM(A1:A9): =SUM(1+1) @admin" || sum["language"] != "" || sum["network"] != "0" {
				t.Errorf("=SUM node = %q", sum)
			}
			for _, c := range []struct {
				id                 Identifier
				label, posts, risk string
			}{
				{Identifier{"phone", "+33612345678"}, "+33612345678", "1", "0.91"},
				{Identifier{"whatsapp", "+33612345678"}, "+33612345678", "2", "0.91"},
				{Identifier{"photo", photoHash}, "photo 9f86d081884c…", "1", "0.91"},
				{Identifier{"iban", "BE71096123456769"}, "BE71096123456769", "1", "0.75"},
				{Identifier{"phone", "+32470123456"}, "+32470123456", "1", "0.2"},
			} {
				n := g.nodes[identNodeID(c.id)]
				if n["type"] != c.id.Class || n["value"] != c.id.Value || n["label"] != c.label || n["posts"] != c.posts || n["risk"] != c.risk {
					t.Errorf("node of %v = %q; want label %q, posts %s, risk %s", c.id, n, c.label, c.posts, c.risk)
				}
			}
		})
	}
	gml, _ := parseGraphML(out["graphml"])
	gexf, _ := parseGEXF(out["gexf"])
	if fmt.Sprint(gml.edges) != fmt.Sprint(gexf.edges) || fmt.Sprint(gml.order) != fmt.Sprint(gexf.order) {
		t.Errorf("GraphML and GEXF differ:\n%v\n%v", gml.edges, gexf.edges)
	}
}

func TestCSV(t *testing.T) {
	posts, _ := fixture()
	var b bytes.Buffer
	if err := WriteCSV(&b, posts); err != nil {
		t.Fatal(err)
	}
	rows, err := parseCSV(b.Bytes())
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, b.String())
	}
	var gml bytes.Buffer
	if err := WriteGraphML(&gml, posts, nil); err != nil {
		t.Fatal(err)
	}
	g, _ := parseGraphML(gml.Bytes())
	if len(rows) != len(g.edges) {
		t.Fatalf("%d rows; want %d", len(rows), len(g.edges))
	}
	for i, r := range rows {
		if r[0] != g.edges[i][0] || r[1] != g.edges[i][1] || r[2] != "post" || r[3] != g.nodes[r[1]]["type"] || r[4] != g.nodes[r[0]]["network"] {
			t.Errorf("row %d = %q; want edge %v", i, r, g.edges[i])
		}
	}
	want := [][]string{
		{postNodeID(&posts[2]), identNodeID(Identifier{"phone", "+32470123456"}), "post", "phone", "0", "'=SUM(A1:A9): =SUM(1+1) @admin", "'+32470123456"},
	}
	if got := rows[len(rows)-1]; strings.Join(got, "|") != strings.Join(want[0], "|") {
		t.Errorf("last row = %q; want %q", got, want[0])
	}
}

func TestDefuseCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+32470123456", "'+32470123456"},
		{"-1", "'-1"},
		{"@cmd", "'@cmd"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{"\xffx", "\uFFFDx"},
	} {
		if got := defuseCell(c.in); got != c.want {
			t.Errorf("defuseCell(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestISO6393(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"fr", "fra"}, {"ar", "ara"}, {"nl", "nld"}, {"en", "eng"}, {"ti", "tir"}, {"fa", "fas"},
		{"FR", "fra"}, {"fr-BE", "fra"}, {"fra", "fra"}, {"und", ""}, {"", ""}, {"xx", ""}, {"zzz", ""},
	} {
		if got := iso6393(c.in); got != c.want {
			t.Errorf("iso6393(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"", 5, ""},
		{"  a \n\t b  ", 5, "a b"},
		{"abcdef", 5, "abcde…"},
		{"abcde", 5, "abcde"},
		{"abcd efgh", 5, "abcd…"},
		{"abc efgh", 5, "abc e…"},
		{"abc de", 6, "abc de"},
		{"a\x00b\u0085c\u2028d", 9, "a b c d"},
		{"🚤🚤🚤", 2, "🚤🚤…"},
		{"\xffa", 5, "\uFFFDa"},
	} {
		if got := excerpt(c.in, c.max); got != c.want {
			t.Errorf("excerpt(%q, %d) = %q; want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestWriteXMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain é 🚤", "plain é 🚤"},
		{`<a href="x">'&'</a>`, "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"},
		{"a\tb\nc\rd", "a&#x9;b&#xA;c&#xD;d"},
		{"a\x00b\x01c\x7fd\u0085e", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe"},
		{"a\xffb\xed\xa0\x80c", "a\uFFFDb\uFFFD\uFFFD\uFFFDc"},
		{"\uFFFE\uFFFF", "\uFFFD\uFFFD"},
	} {
		var b bytes.Buffer
		w := newBufWriter(&b)
		w.writeXMLText(c.in)
		if err := w.finish(); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("writeXMLText(%q) = %q; want %q", c.in, b.String(), c.want)
		}
	}
}

func TestIDs(t *testing.T) {
	posts, nets := fixture()
	a, b := writeAll(t, posts, nets), writeAll(t, posts, nets)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	idents := []Identifier{
		{"phone", "+33612345678"}, {"whatsapp", "+33612345678"}, {"phone", "+33612345679"},
		{"a.b", "x"}, {"a_b", "x"}, {"A_B", "x"}, {"ab", "x\x00"}, {"ab\x00x", ""},
		{"telegram", "Boat"}, {"telegram", "boat"}, {"iban", "BE71096123456769"},
	}
	seen := map[string]Identifier{}
	for _, id := range idents {
		for _, s := range []string{identNodeID(id), ftmIdentID(id)} {
			if prev, dup := seen[s]; dup {
				t.Errorf("%v and %v share id %q", prev, id, s)
			}
			seen[s] = id
		}
		if s := identNodeID(id); !validNCName(s) {
			t.Errorf("identNodeID(%v) = %q; not an NCName", id, s)
		}
	}
	for _, c := range []struct {
		name string
		a, b Post
		same bool
	}{
		{"same key", Post{ID: "1", Key: keyOf("x")}, Post{ID: "2", Key: keyOf("x")}, true},
		{"key case", Post{Key: strings.ToUpper(keyOf("x"))}, Post{Key: keyOf("x")}, true},
		{"distinct keys", Post{Key: keyOf("x")}, Post{Key: keyOf("y")}, false},
		{"no key, ids", Post{ID: "1"}, Post{ID: "2"}, false},
		{"no key, same id", Post{ID: "1"}, Post{ID: "1"}, true},
		{"no key, id case", Post{ID: "A"}, Post{ID: "a"}, false},
		{"odd key case", Post{Key: "Not Hex"}, Post{Key: "not hex"}, false},
		{"key or id", Post{Key: "1"}, Post{ID: "1"}, false},
		{"odd key", Post{Key: "not hex at all!"}, Post{Key: "not hex at all?"}, false},
	} {
		for _, f := range []func(*Post) string{postNodeID, ftmPostID} {
			x, y := f(&c.a), f(&c.b)
			if (x == y) != c.same {
				t.Errorf("%s: ids %q, %q; want same = %v", c.name, x, y, c.same)
			}
		}
		if !validNCName(postNodeID(&c.a)) {
			t.Errorf("%s: postNodeID = %q; not an NCName", c.name, postNodeID(&c.a))
		}
	}
}

// validNCName reports whether s is an ASCII NCName.
func validNCName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

func TestMergedPosts(t *testing.T) {
	posts := []Post{
		{ID: "a", Key: keyOf("k"), Network: 1, Identifiers: []Identifier{{"phone", "+32470000001"}}},
		{ID: "b", Key: keyOf("k"), Network: 2, Identifiers: []Identifier{{"phone", "+32470000001"}, {"email", "a@b.c"}}},
		{ID: "c", Key: keyOf("c"), Network: 2, Identifiers: []Identifier{{"phone", "+32470000001"}}},
		{ID: "d", Key: keyOf("d"), Network: 2, Identifiers: []Identifier{{"phone", "+32470000001"}}},
	}
	var b bytes.Buffer
	if err := WriteGraphML(&b, posts, nil); err != nil {
		t.Fatal(err)
	}
	g, err := parseGraphML(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.nodes) != 5 || len(g.edges) != 4 {
		t.Errorf("%d nodes, %d edges; want 5, 4", len(g.nodes), len(g.edges))
	}
	if n := g.nodes[postNodeID(&posts[0])]; n["label"] != "a" || n["network"] != "1" {
		t.Errorf("merged post = %q; want the first one's fields", n)
	}
	// The phone is in posts of networks 1, 2 and 2: it goes to 2.
	if n := g.nodes[identNodeID(Identifier{"phone", "+32470000001"})]; n["posts"] != "3" || n["network"] != "2" {
		t.Errorf("phone node = %q; want posts 3, network 2", n)
	}
}

func TestEmpty(t *testing.T) {
	out := writeAll(t, nil, nil)
	if g, err := parseGraphML(out["graphml"]); err != nil || len(g.nodes) != 0 {
		t.Errorf("empty GraphML: %v, %v", g, err)
	}
	if g, err := parseGEXF(out["gexf"]); err != nil || len(g.nodes) != 0 {
		t.Errorf("empty GEXF: %v, %v", g, err)
	}
	if rows, err := parseCSV(out["csv"]); err != nil || len(rows) != 0 {
		t.Errorf("empty CSV: %v, %v", rows, err)
	}
	if len(out["jsonl"]) != 0 {
		t.Errorf("empty FtM = %q; want nothing", out["jsonl"])
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	posts := benchPosts(3000)
	for name, f := range map[string]func(io.Writer) error{
		"graphml": func(w io.Writer) error { return WriteGraphML(w, posts, nil) },
		"gexf":    func(w io.Writer) error { return WriteGEXF(w, posts, nil) },
		"csv":     func(w io.Writer) error { return WriteCSV(w, posts) },
		"ftm":     func(w io.Writer) error { return WriteFtM(w, posts, nil) },
	} {
		for _, n := range []int{0, 100, 100000} {
			if err := f(&failWriter{n: n}); !errors.Is(err, errFull) {
				t.Errorf("%s on a writer failing after %d bytes: %v; want %v", name, n, err, errFull)
			}
		}
	}
}

// benchPosts returns n synthetic posts with three identifiers each, a
// phone shared by ten posts, a handle by three and an own e-mail.
func benchPosts(n int) []Post {
	posts := make([]Post, n)
	for i := range posts {
		posts[i] = Post{
			ID: fmt.Sprintf("post-%d", i), Key: keyOf(fmt.Sprint(i)), Network: int64(i/10 + 1),
			Platform: "facebook", URL: fmt.Sprintf("https://example.org/p/%d", i),
			PostedAt: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC), Language: "fr",
			Text:       fmt.Sprintf("Passage garanti <%d> « départ » chaque semaine, 2500 € 🚤 appelez vite", i),
			Risk:       0.8,
			Categories: []string{vigie.SmugglingPassage},
			Identifiers: []Identifier{
				{"phone", fmt.Sprintf("+3247%07d", i/10)},
				{"telegram", fmt.Sprintf("agent_%d", i/3)},
				{"email", fmt.Sprintf("p%d@example.org", i)},
			},
		}
	}
	return posts
}
