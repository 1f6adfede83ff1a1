package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"

	"github.com/vigie-project/vigie/internal/vigie"
)

// MaxHTML bounds the size of one HTML page: a page is read whole (its
// ads are found by comparing its parts), so a larger one is refused.
const MaxHTML = 64 << 20

// MaxHTMLText bounds the text read from one page; the rest is dropped and
// HTMLStats.Truncated set.
const MaxHTMLText = MaxLine

const (
	// htmlMaxDepth bounds the nesting of elements: deeper elements are
	// read as if they were siblings of the deepest one, so a page of a
	// million nested <div>s costs no stack and no quadratic time.
	htmlMaxDepth = 512
	// htmlMaxBlocks bounds the candidate ad blocks kept for one page.
	htmlMaxBlocks = 200_000
	// htmlMaxLDItems bounds the JSON-LD items kept for one page.
	htmlMaxLDItems = 10_000
	// htmlScanBack bounds how far down the open elements a start tag
	// looks for one it closes (an open <p> before a <div>, an <li>
	// before an <li>), keeping adversarial nesting linear.
	htmlScanBack = 32
	// htmlMaxBlockText bounds the text of one ad block.
	htmlMaxBlockText = 64 << 10
)

// HTMLOptions describe where a page came from.
type HTMLOptions struct {
	// URL is the address the page was fetched from ("" when unknown,
	// then the page's <link rel=canonical> is its URL).
	URL string
	// ContentType is the HTTP Content-Type header, "" when unknown; its
	// charset parameter, if any, decides the encoding unless the page
	// starts with a byte order mark.
	ContentType string
	// Stats, when not nil, receives what reading the page found.
	Stats *HTMLStats
}

// HTMLStats tell what ReadHTML did with a page.
type HTMLStats struct {
	Charset   string // the encoding the page was decoded from, such as "utf-8"
	Replaced  int    // invalid byte sequences replaced by U+FFFD (approximate for other encodings than UTF-8)
	Truncated bool   // the text was longer than MaxHTMLText and was cut
	Flattened bool   // elements were nested deeper than 512 and read flat
	Ads       int    // ads the page was split into (0: one page document)
}

// ReadHTML reads one HTML page from r and calls fn with its documents:
// one document for an ordinary page, one per ad for a listing page.
//
// The encoding is, in order: a byte order mark (UTF-8, UTF-16LE,
// UTF-16BE), the charset of opts.ContentType, a <meta charset> or <meta
// http-equiv=Content-Type> in the first 1024 bytes, else UTF-8; invalid
// bytes read as U+FFFD.
//
// The text of a page is its title, a blank line, then the text of its
// body, with block elements (paragraphs, list items, table rows, <br>)
// as line breaks, other white space collapsed, and the content of
// script, style, noscript, template, iframe, select, svg, math and head
// dropped. Image alt text is dropped: on ad sites it repeats the title
// next to it, elsewhere it is mostly decoration. Such a document has
// Where "page", its origin is the whole blob, and its URL and ID are
// opts.URL or else the page's canonical link.
//
// A listing page is split into its ads. An ad block is an element that
// holds text and between one and four link targets; blocks that share
// tag and class (class words holding digits ignored: they are ids) and
// whose parents share tag and class form a group. The page is a listing
// when a group of three blocks or more holds links to the url of
// schema.org JSON-LD items embedded in the page (the group matching most
// of them wins, then the largest), or, without such items, when a group
// of three or more blocks with distinct links averages 20 bytes of text
// or more per block and holds at least 30% of the page's text. Every
// block of that group is an ad: Where "ad N", its origin the block's
// bytes in the original input (whatever its encoding, except stateful
// ones such as ISO-2022-JP where it is the whole blob), its URL and ID
// the url of its JSON-LD item or else its first link, resolved against
// the page's <base> or URL. Its text is the JSON-LD name when the
// block's text does not already hold it, the block's text, then the
// JSON-LD description when the block's text does not hold it (JSON-LD
// strings are HTML-unescaped: sites put escaped HTML in them). JSON-LD
// items with a description that match no block, other than the page
// and its site, become ads of their own, with their script as origin.
// Image URLs in an ad block are its media.
//
// ReadHTML fails, emitting nothing, when the page is larger than MaxHTML,
// holds binary content or r fails; otherwise it returns the first error fn returns.
func ReadHTML(r io.Reader, blob string, opts HTMLOptions, fn func(Record) error) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxHTML+1))
	if err != nil {
		return fmt.Errorf("read page: %w", err)
	}
	if len(data) > MaxHTML {
		return fmt.Errorf("page larger than %d MiB: refused (an HTML bomb, or not a page)", MaxHTML>>20)
	}
	stats := opts.Stats
	if stats == nil {
		stats = new(HTMLStats)
	}
	*stats = HTMLStats{}
	src, where := htmlDecodeInput(data, opts.ContentType, stats)
	if n := htmlControlBytes(src[:min(len(src), 8<<10)]); n > 0 {
		return fmt.Errorf("not a web page: %d control bytes in its first 8 KiB (binary content?)", n)
	}
	p := htmlParse(src, stats)
	base := htmlBase(opts.URL, p.canonical, p.base)
	pageURL := opts.URL
	if pageURL == "" && p.canonical != "" {
		pageURL = htmlResolve(base, p.canonical)
	}
	ads := p.ads(base, pageURL)
	stats.Ads = len(ads)
	if len(ads) == 0 {
		rec := Record{Where: "page"}
		rec.Doc = vigie.Document{ID: pageURL, URL: pageURL, Lang: p.lang, Text: p.pageText()}
		rec.Doc.Origin = vigie.Origin{Blob: blob, Length: int64(len(data)), Record: "page"}
		if rec.Doc.Text == "" {
			rec.Err = errors.New("no readable text in the page")
		}
		return fn(rec)
	}
	for i, ad := range ads {
		n := fmt.Sprintf("ad %d", i+1)
		rec := Record{Where: n}
		rec.Doc = vigie.Document{ID: ad.url, URL: ad.url, Lang: p.lang, Text: ad.text, Media: ad.media}
		rec.Doc.Origin = vigie.Origin{Blob: blob, Length: int64(len(data)), Record: n}
		if start, end, ok := where(ad.start, ad.end); ok {
			rec.Doc.Origin.Offset, rec.Doc.Origin.Length = start, end-start
		}
		if rec.Doc.Text == "" {
			rec.Err = errors.New("no readable text in the ad")
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

// htmlControlBytes counts the bytes of b that no text holds: NUL, and more
// than one in a hundred of the other control characters but tab, line
// feed, form feed and carriage return (a few stray ones occur in real
// pages; 12 % of random bytes are such).
func htmlControlBytes(b []byte) int {
	nul, ctl := 0, 0
	for _, c := range b {
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r', c == 0x7f:
			ctl++
		}
	}
	if nul == 0 && ctl*100 <= len(b) {
		return 0
	}
	return nul + ctl
}

// htmlDecodeInput returns the page as UTF-8 (invalid sequences left for
// the text reader to replace) and a function mapping a byte range of it
// to the range of the original bytes, ok false when it cannot.
func htmlDecodeInput(data []byte, contentType string, stats *HTMLStats) ([]byte, func(start, end int) (int64, int64, bool)) {
	enc, name, bom := htmlCharset(data, contentType)
	stats.Charset = name
	body := data[bom:]
	if name == "utf-8" {
		return body, func(start, end int) (int64, int64, bool) {
			return int64(start + bom), int64(end + bom), true
		}
	}
	out, cps := htmlTranscode(body, enc)
	stats.Replaced = bytes.Count(out, []byte("\ufffd"))
	stateless := name != "iso-2022-jp" && name != "replacement"
	return out, func(start, end int) (int64, int64, bool) {
		if !stateless {
			return 0, 0, false
		}
		s, e := htmlSourceOffset(body, enc, cps, start), htmlSourceOffset(body, enc, cps, end)
		return int64(s + bom), int64(e + bom), true
	}
}

// htmlCharset finds the encoding of a page, its name and the length of
// its byte order mark.
func htmlCharset(data []byte, contentType string) (encoding.Encoding, string, int) {
	for _, b := range []struct {
		bom  string
		name string
	}{{"\xef\xbb\xbf", "utf-8"}, {"\xff\xfe", "utf-16le"}, {"\xfe\xff", "utf-16be"}} {
		if bytes.HasPrefix(data, []byte(b.bom)) {
			e, name := charset.Lookup(b.name)
			return e, name, len(b.bom)
		}
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		if e, name := charset.Lookup(params["charset"]); e != nil {
			return e, name, 0
		}
	}
	if label := htmlMetaCharset(data); label != "" {
		if e, name := charset.Lookup(label); e != nil {
			switch name {
			case "utf-16le", "utf-16be":
				// A page whose <meta> can be read as ASCII is not
				// UTF-16, whatever it says (HTML standard).
				e, name = charset.Lookup("utf-8")
			case "x-user-defined":
				e, name = charset.Lookup("windows-1252")
			}
			return e, name, 0
		}
	}
	e, name := charset.Lookup("utf-8")
	return e, name, 0
}

// htmlMetaCharset returns the charset a <meta> in the first 1024 bytes
// declares, or "".
func htmlMetaCharset(data []byte) string {
	if len(data) > 1024 {
		data = data[:1024]
	}
	z := xhtml.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return ""
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		if name, _ := z.TagName(); string(name) != "meta" {
			continue
		}
		a := htmlAttrs(z)
		if cs := strings.TrimSpace(a["charset"]); cs != "" {
			return cs
		}
		if strings.EqualFold(strings.TrimSpace(a["http-equiv"]), "content-type") {
			if _, params, err := mime.ParseMediaType(a["content"]); err == nil && params["charset"] != "" {
				return params["charset"]
			}
		}
	}
}

// htmlCheckpoint pairs an offset of the decoded text with the offset of
// the original bytes it came from, at a character boundary.
type htmlCheckpoint struct{ dst, src int }

// htmlTranscode decodes src to UTF-8, noting a checkpoint every few KiB.
func htmlTranscode(src []byte, enc encoding.Encoding) ([]byte, []htmlCheckpoint) {
	const step = 4 << 10
	t := enc.NewDecoder()
	out := make([]byte, 0, len(src)+len(src)/2+16)
	cps := []htmlCheckpoint{{0, 0}}
	buf := make([]byte, 4*step+64)
	for i, win := 0, step; i < len(src); {
		end := min(i+win, len(src))
		nDst, nSrc, err := t.Transform(buf, src[i:end], end == len(src))
		out = append(out, buf[:nDst]...)
		i += nSrc
		if nSrc == 0 && nDst == 0 {
			if err == transform.ErrShortSrc && end < len(src) {
				win *= 2 // a character longer than the window
				continue
			}
			break // a decoder that cannot go on: keep what it read
		}
		win = step
		cps = append(cps, htmlCheckpoint{len(out), i})
	}
	return out, cps
}

// htmlSourceOffset maps an offset of the decoded text to the offset of
// the character it falls in, in the original bytes: from the checkpoint
// before it, characters are decoded one by one.
func htmlSourceOffset(src []byte, enc encoding.Encoding, cps []htmlCheckpoint, off int) int {
	k := sort.Search(len(cps), func(i int) bool { return cps[i].dst > off }) - 1
	if k < 0 {
		return 0
	}
	d, s := cps[k].dst, cps[k].src
	t := enc.NewDecoder()
	var buf [64]byte
	for d < off && s < len(src) {
		var nDst, nSrc int
		for n := 1; n <= 8 && nSrc == 0; n++ {
			end := min(s+n, len(src))
			nDst, nSrc, _ = t.Transform(buf[:], src[s:end], end == len(src))
			if end == len(src) {
				break
			}
		}
		if nSrc == 0 || d+nDst > off {
			break
		}
		d, s = d+nDst, s+nSrc
	}
	return s
}

// htmlAttrs returns the attributes of the current tag, the first of each
// name winning, as the HTML standard says.
func htmlAttrs(z *xhtml.Tokenizer) map[string]string {
	a := map[string]string{}
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		if _, dup := a[string(k)]; !dup {
			a[string(k)] = string(v)
		}
	}
	return a
}

// Element kinds, by tag name.
var (
	htmlVoid = htmlSet("area base br col embed hr img input keygen link meta param source track wbr")
	// htmlDropped elements hold no readable text.
	htmlDropped = htmlSet("script style noscript template iframe select svg math head title object noembed noframes")
	// htmlBlock elements start and end a line.
	htmlBlock = htmlSet("address article aside blockquote body caption center dd details dialog dir div dl dt " +
		"fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li " +
		"main menu nav ol p pre section summary table tbody thead tfoot tr ul")
	// htmlInHead may appear in <head>; any other start tag ends it.
	htmlInHead = htmlSet("title meta link style script base noscript template")
	// htmlScope stops the search for an element a start tag closes.
	htmlScope = htmlSet("html body table td th caption object template marquee applet button ul ol")
)

// htmlCloses lists, for a start tag, the open elements it closes.
var htmlCloses = map[string]map[string]bool{
	"li":     htmlSet("li"),
	"dt":     htmlSet("dt dd"),
	"dd":     htmlSet("dt dd"),
	"tr":     htmlSet("tr td th"),
	"td":     htmlSet("td th"),
	"th":     htmlSet("td th"),
	"option": htmlSet("option"),
	"a":      htmlSet("a"),
}

func htmlSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// htmlElem is an open element.
type htmlElem struct {
	tag, class string
	start      int  // offset of the start tag
	text       int  // length of the text when it opened
	drop, pre  bool // its text is dropped, kept line by line
	link       int  // for <a href>: 1 + index in links
	ld         bool // a JSON-LD script
	title      bool // the page's title
}

// htmlLink is a link of the page.
type htmlLink struct {
	pos        int    // offset of its <a> tag
	href, text string // text filled when the <a> closes
}

// htmlImage is an image of the page.
type htmlImage struct {
	pos int
	src string
}

// htmlBlockInfo is a candidate ad block.
type htmlBlockInfo struct {
	key        string // tag.class|parent-tag.parent-class
	depth      int
	start, end int    // byte range
	text       [2]int // range in the page's text
	links      [2]int // index range in links
}

// htmlLDItem is a schema.org item embedded in the page as JSON-LD.
type htmlLDItem struct {
	url, name, description string
	start, end             int // the script element
}

// htmlPage is what one pass over a page finds.
type htmlPage struct {
	title, lang     string
	canonical, base string
	text            htmlText
	stack           []htmlElem
	open            map[string]int // open elements by tag
	links           []htmlLink
	images          []htmlImage
	blocks          []htmlBlockInfo
	ld              []htmlLDItem
	ldBuf           []byte
	stats           *HTMLStats
	titleDone       bool
	titleBuf        htmlText
}

// htmlParse reads the page in one pass of the tokenizer, keeping its
// text, links, images, JSON-LD items and candidate ad blocks.
func htmlParse(src []byte, stats *HTMLStats) *htmlPage {
	p := &htmlPage{open: map[string]int{}, stats: stats}
	p.text.max, p.titleBuf.max = MaxHTMLText, 4<<10
	z := xhtml.NewTokenizer(bytes.NewReader(src))
	pos := 0
	for {
		tt := z.Next()
		start := pos
		pos += len(z.Raw())
		switch tt {
		case xhtml.ErrorToken:
			p.popTo(0, len(src))
			p.stats.Truncated = p.text.truncated
			return p
		case xhtml.TextToken:
			p.onText(z.Text())
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			p.onStart(string(name), htmlAttrs(z), tt == xhtml.SelfClosingTagToken, start)
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			p.onEnd(string(name), start, pos)
		}
	}
}

func (p *htmlPage) top() *htmlElem {
	if len(p.stack) == 0 {
		return nil
	}
	return &p.stack[len(p.stack)-1]
}

func (p *htmlPage) onText(b []byte) {
	top := p.top()
	switch {
	case top != nil && top.ld:
		if len(p.ldBuf) < MaxHTMLText {
			p.ldBuf = append(p.ldBuf, b...)
		}
	case top != nil && top.title:
		p.titleBuf.write(b, false, p.stats)
	case top != nil && top.drop:
	default:
		p.text.write(b, top != nil && top.pre, p.stats)
	}
}

func (p *htmlPage) onStart(tag string, attrs map[string]string, selfClosing bool, start int) {
	switch tag {
	case "html":
		if p.lang == "" {
			p.lang, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(attrs["lang"])), "-")
			p.lang = htmlClean(p.lang)
		}
	case "base":
		if p.base == "" {
			p.base = htmlClean(strings.TrimSpace(attrs["href"]))
		}
	case "link":
		if p.canonical == "" && htmlHasWord(attrs["rel"], "canonical") {
			p.canonical = htmlClean(strings.TrimSpace(attrs["href"]))
		}
	case "img":
		if s := htmlClean(strings.TrimSpace(attrs["src"])); s != "" && !htmlDroppedHere(p) {
			p.images = append(p.images, htmlImage{start, s})
		}
	case "br":
		p.text.lineBreak()
	}
	if p.open["head"] > 0 && !htmlInHead[tag] {
		p.popTo(p.find("head", len(p.stack)), start)
	}
	if closes := htmlCloses[tag]; closes != nil {
		p.closeOpen(closes, start)
	}
	if htmlBlock[tag] && p.open["p"] > 0 {
		p.closeOpen(htmlSet("p"), start)
	}
	if htmlBlock[tag] {
		p.text.lineBreak()
	} else if tag == "td" || tag == "th" {
		p.text.space = true
	}
	parent := p.top()
	inForeign := parent != nil && (parent.tag == "svg" || parent.tag == "math" || p.open["svg"]+p.open["math"] > 0)
	if htmlVoid[tag] || selfClosing && (inForeign || tag == "svg" || tag == "math") {
		return
	}
	if len(p.stack) >= htmlMaxDepth {
		p.stats.Flattened = true
		return
	}
	e := htmlElem{tag: tag, class: htmlClass(attrs["class"]), start: start, text: len(p.text.b)}
	if parent != nil {
		e.drop, e.pre = parent.drop, parent.pre
	}
	e.drop = e.drop || htmlDropped[tag]
	e.pre = e.pre || tag == "pre" || tag == "textarea"
	if tag == "script" && strings.Contains(strings.ToLower(attrs["type"]), "ld+json") {
		e.ld = true
		p.ldBuf = p.ldBuf[:0]
	}
	e.title = tag == "title" && !p.titleDone && p.open["svg"]+p.open["math"] == 0
	if href, ok := attrs["href"]; ok && tag == "a" && !e.drop {
		p.links = append(p.links, htmlLink{pos: start, href: htmlClean(strings.TrimSpace(href))})
		e.link = len(p.links)
	}
	p.stack = append(p.stack, e)
	p.open[tag]++
}

// htmlDroppedHere reports whether the current element's text is dropped.
func htmlDroppedHere(p *htmlPage) bool {
	top := p.top()
	return top != nil && top.drop
}

// closeOpen closes the nearest open element in tags, unless a scope
// boundary or htmlScanBack elements come first.
func (p *htmlPage) closeOpen(tags map[string]bool, at int) {
	for i, n := len(p.stack)-1, 0; i >= 0 && n < htmlScanBack; i, n = i-1, n+1 {
		t := p.stack[i].tag
		if tags[t] {
			p.popTo(i, at)
			return
		}
		if htmlScope[t] {
			return
		}
	}
}

// find returns the index of the nearest open element tag below limit.
func (p *htmlPage) find(tag string, limit int) int {
	for i := limit - 1; i >= 0; i-- {
		if p.stack[i].tag == tag {
			return i
		}
	}
	return len(p.stack)
}

func (p *htmlPage) onEnd(tag string, start, end int) {
	if tag == "br" {
		p.text.lineBreak()
		return
	}
	if p.open[tag] == 0 {
		return // nothing to close: stray, or never opened (too deep)
	}
	i := p.find(tag, len(p.stack))
	// Elements left open inside end where this end tag starts.
	p.popTo(i+1, start)
	p.popTo(i, end)
}

// popTo closes the open elements from the top down to index i, ending
// at offset end.
func (p *htmlPage) popTo(i, end int) {
	for len(p.stack) > i {
		e := p.stack[len(p.stack)-1]
		p.stack = p.stack[:len(p.stack)-1]
		p.open[e.tag]--
		p.close(e, end)
	}
}

func (p *htmlPage) close(e htmlElem, end int) {
	switch {
	case e.title:
		p.title, p.titleDone = strings.TrimSpace(string(p.titleBuf.b)), true
	case e.ld:
		p.addLD(e.start, end)
	case e.link > 0:
		text := p.text.b[min(e.text, len(p.text.b)):]
		p.links[e.link-1].text = strings.TrimSpace(string(text[:min(len(text), 1<<10)]))
	}
	if htmlBlock[e.tag] {
		p.text.lineBreak()
	}
	if e.drop || e.tag == "html" || e.tag == "body" || len(p.blocks) >= htmlMaxBlocks {
		return
	}
	lo := sort.Search(len(p.links), func(k int) bool { return p.links[k].pos >= e.start })
	hi := sort.Search(len(p.links), func(k int) bool { return p.links[k].pos >= end })
	if hi == lo || hi-lo > 12 || htmlDistinct(p.links[lo:hi]) > 4 {
		return
	}
	// The text never starts with a separator and every separator is
	// followed by a character: the element holds text when it grew.
	// Longer than htmlMaxBlockText, it is a page part, not an ad.
	if n := len(p.text.b) - e.text; n <= 0 || n > htmlMaxBlockText {
		return
	}
	key := e.tag + "." + e.class + "|"
	if parent := p.top(); parent != nil {
		key += parent.tag + "." + parent.class
	}
	p.blocks = append(p.blocks, htmlBlockInfo{key: key, depth: len(p.stack), start: e.start, end: end,
		text: [2]int{e.text, len(p.text.b)}, links: [2]int{lo, hi}})
}

// htmlDistinct counts the distinct targets of links.
func htmlDistinct(links []htmlLink) int {
	n := 0
	for i, l := range links {
		dup := false
		for _, m := range links[:i] {
			dup = dup || m.href == l.href
		}
		if !dup {
			n++
		}
	}
	return n
}

// addLD reads the JSON-LD script just closed.
func (p *htmlPage) addLD(start, end int) {
	var v any
	if json.Unmarshal(p.ldBuf, &v) != nil {
		return
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 32 || len(p.ld) >= htmlMaxLDItems {
			return
		}
		switch v := v.(type) {
		case map[string]any:
			if u, ok := v["url"].(string); ok && strings.TrimSpace(u) != "" {
				it := htmlLDItem{url: htmlClean(strings.TrimSpace(u)), start: start, end: end}
				it.name, _ = v["name"].(string)
				it.description, _ = v["description"].(string)
				it.name, it.description = htmlLDString(it.name), htmlLDString(it.description)
				p.ld = append(p.ld, it)
			}
			for _, x := range v {
				walk(x, depth+1)
			}
		case []any:
			for _, x := range v {
				walk(x, depth+1)
			}
		}
	}
	walk(v, 0)
}

// htmlLDString cleans a JSON-LD string: HTML entities decoded, white
// space collapsed, and a U+FFFD left by a character cut at the end
// dropped (sites cut descriptions at a byte count).
func htmlLDString(s string) string {
	s = htmlCollapse(html.UnescapeString(htmlClean(s)))
	return strings.TrimRight(s, "\ufffd ")
}

// pageText is the text of a page read as one document.
func (p *htmlPage) pageText() string {
	body := strings.TrimSpace(string(p.text.b))
	switch {
	case p.title == "":
		return body
	case body == "":
		return p.title
	}
	return p.title + "\n\n" + body
}

// htmlAd is one ad of a listing page.
type htmlAd struct {
	url, text  string
	start, end int
	media      []vigie.Media
}

// htmlGroup is a set of blocks that look alike.
type htmlGroup struct {
	blocks  []int
	matches int // JSON-LD items linked from its blocks
	text    int
}

// ads splits a listing page into its ads; none for an ordinary page.
func (p *htmlPage) ads(base *url.URL, pageURL string) []htmlAd {
	// Index the JSON-LD items by their URL keys.
	ldKeys := map[string]int{}
	for i, it := range p.ld {
		for _, k := range htmlURLKeys(htmlResolve(base, it.url)) {
			if _, dup := ldKeys[k]; !dup {
				ldKeys[k] = i
			}
		}
	}
	matchOf := func(b htmlBlockInfo) int {
		for _, l := range p.links[b.links[0]:b.links[1]] {
			for _, k := range htmlURLKeys(htmlResolve(base, l.href)) {
				if i, ok := ldKeys[k]; ok {
					return i
				}
			}
		}
		return -1
	}
	groups := map[string]*htmlGroup{}
	var order []string
	for i, b := range p.blocks {
		g := groups[b.key]
		if g == nil {
			g = &htmlGroup{}
			groups[b.key] = g
			order = append(order, b.key)
		}
		g.blocks = append(g.blocks, i)
		g.text += b.text[1] - b.text[0]
	}
	var best *htmlGroup
	better := func(g, than *htmlGroup) bool {
		if than == nil || g.matches != than.matches {
			return than == nil || g.matches > than.matches
		}
		if len(g.blocks) != len(than.blocks) {
			return len(g.blocks) > len(than.blocks)
		}
		return p.blocks[g.blocks[0]].depth < p.blocks[than.blocks[0]].depth
	}
	for _, k := range order {
		g := groups[k]
		if len(g.blocks) < 3 || p.distinctMainLinks(g, 3) < 3 {
			continue
		}
		seen := map[int]bool{}
		for _, bi := range g.blocks {
			if m := matchOf(p.blocks[bi]); m >= 0 {
				seen[m] = true
			}
		}
		g.matches = len(seen)
		if better(g, best) {
			best = g
		}
	}
	if best == nil {
		return nil
	}
	if best.matches == 0 {
		// Without JSON-LD, only a group that holds much of the page's
		// text is a listing: a menu or a list of related links is not.
		if best = p.textGroup(groups, order); best == nil {
			return nil
		}
	}
	used := map[int]bool{}
	var ads []htmlAd
	for _, bi := range best.blocks {
		b := p.blocks[bi]
		ad := htmlAd{start: b.start, end: b.end, url: htmlResolve(base, p.mainLink(b)), media: p.media(base, b)}
		name, desc := "", ""
		if m := matchOf(b); m >= 0 && !used[m] {
			used[m] = true
			it := p.ld[m]
			ad.url, name, desc = htmlResolve(base, it.url), it.name, it.description
		}
		ad.text = htmlAdText(name, p.blockText(b), desc)
		ads = append(ads, ad)
	}
	// JSON-LD items no block shows are ads too, but not the page itself
	// nor its site.
	for i, it := range p.ld {
		u := htmlResolve(base, it.url)
		if used[i] || it.description == "" || htmlIsSiteOrPage(u, pageURL) {
			continue
		}
		used[i] = true
		ads = append(ads, htmlAd{url: u, start: it.start, end: it.end, text: htmlAdText(it.name, "", it.description)})
	}
	return ads
}

// blockText returns the text of a block.
func (p *htmlPage) blockText(b htmlBlockInfo) string {
	return strings.TrimSpace(string(p.text.b[b.text[0]:b.text[1]]))
}

// textGroup returns the group that is a listing by its text alone, or nil.
func (p *htmlPage) textGroup(groups map[string]*htmlGroup, order []string) *htmlGroup {
	total := len(bytes.TrimSpace(p.text.b))
	var best *htmlGroup
	for _, k := range order {
		g := groups[k]
		if len(g.blocks) < 3 || p.distinctMainLinks(g, len(g.blocks)) < 3 ||
			g.text < 20*len(g.blocks) || 10*g.text < 3*total {
			continue
		}
		if best == nil || g.text > best.text ||
			g.text == best.text && p.blocks[g.blocks[0]].depth < p.blocks[best.blocks[0]].depth {
			best = g
		}
	}
	return best
}

// distinctMainLinks counts the distinct main links of a group's blocks,
// stopping at enough.
func (p *htmlPage) distinctMainLinks(g *htmlGroup, enough int) int {
	seen := map[string]bool{}
	for _, bi := range g.blocks {
		seen[p.mainLink(p.blocks[bi])] = true
		if len(seen) >= enough {
			break
		}
	}
	return len(seen)
}

// mainLink returns a block's first link with text, or its first link.
func (p *htmlPage) mainLink(b htmlBlockInfo) string {
	links := p.links[b.links[0]:b.links[1]]
	for _, l := range links {
		if l.text != "" && htmlIsPageLink(l.href) {
			return l.href
		}
	}
	for _, l := range links {
		if htmlIsPageLink(l.href) {
			return l.href
		}
	}
	return links[0].href
}

// media returns the images of a block.
func (p *htmlPage) media(base *url.URL, b htmlBlockInfo) []vigie.Media {
	lo := sort.Search(len(p.images), func(k int) bool { return p.images[k].pos >= b.start })
	var out []vigie.Media
	seen := map[string]bool{}
	for _, im := range p.images[lo:] {
		if im.pos >= b.end || len(out) == 16 {
			break
		}
		if u := htmlResolve(base, im.src); !seen[u] && !strings.HasPrefix(u, "data:") {
			seen[u] = true
			out = append(out, vigie.Media{URL: u})
		}
	}
	return out
}

// htmlAdText joins an ad's title, block text and description, leaving
// out the title or description the block text already holds.
func htmlAdText(name, block, desc string) string {
	norm := htmlCollapse(block)
	var parts []string
	if name != "" && !strings.Contains(norm, name) {
		parts = append(parts, name)
	}
	if block != "" {
		parts = append(parts, block)
	}
	if desc != "" && !strings.Contains(norm, desc) {
		parts = append(parts, desc)
	}
	return strings.Join(parts, "\n")
}

// htmlIsPageLink reports whether href can lead to a page (not a script,
// a mail address or a fragment of this page).
func htmlIsPageLink(href string) bool {
	h := strings.ToLower(href)
	return h != "" && !strings.HasPrefix(h, "#") && !strings.HasPrefix(h, "javascript:") &&
		!strings.HasPrefix(h, "mailto:") && !strings.HasPrefix(h, "tel:") && !strings.HasPrefix(h, "data:")
}

// htmlURLKeys returns the keys under which two links are taken for the
// same ad: the URL without its fragment, and, when its last path segment
// holds a digit (an ad id), that segment with the site's domain (the
// last two labels of the host): listing sites link one ad under several
// host names and paths.
func htmlURLKeys(s string) []string {
	u, err := url.Parse(s)
	if err != nil || !htmlIsPageLink(s) {
		return nil
	}
	u.Fragment = ""
	host := strings.ToLower(u.Hostname())
	keys := []string{"u:" + host + strings.TrimSuffix(u.EscapedPath(), "/") + "?" + u.RawQuery}
	seg := u.Path[strings.LastIndexByte(strings.TrimSuffix(u.Path, "/"), '/')+1:]
	seg = strings.TrimSuffix(seg, "/")
	if len(seg) >= 4 && strings.ContainsAny(seg, "0123456789") {
		labels := strings.Split(host, ".")
		if len(labels) >= 2 {
			host = strings.Join(labels[len(labels)-2:], ".")
		}
		keys = append(keys, "id:"+host+"/"+seg)
	}
	return keys
}

// htmlIsSiteOrPage reports whether u is the page itself or a site's root.
func htmlIsSiteOrPage(u, pageURL string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return true
	}
	return strings.Trim(pu.Path, "/") == "" || pageURL != "" && strings.TrimSuffix(u, "/") == strings.TrimSuffix(pageURL, "/")
}

// htmlBase returns the URL relative links are resolved against: <base
// href> read against the page's URL, or the URL, or nil.
func htmlBase(pageURL, canonical, base string) *url.URL {
	var b *url.URL
	for _, s := range []string{pageURL, canonical} {
		if u, err := url.Parse(s); err == nil && u.IsAbs() {
			b = u
			break
		}
	}
	if base != "" {
		if u, err := url.Parse(base); err == nil {
			if b != nil {
				return b.ResolveReference(u)
			}
			if u.IsAbs() {
				return u
			}
		}
	}
	return b
}

// htmlResolve makes href absolute against base, without its fragment;
// as written when it cannot.
func htmlResolve(base *url.URL, href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Fragment = ""
	return u.String()
}

// htmlClass returns the words of a class attribute, lower-cased, without
// those holding digits (ids such as "ad-6313274", not styles).
func htmlClass(class string) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(class)) {
		if !strings.ContainsAny(w, "0123456789") {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// htmlHasWord reports whether the space-separated list s holds w.
func htmlHasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// htmlClean makes s valid UTF-8 without control characters.
func htmlClean(s string) string {
	var t htmlText
	t.max = len(s)*3 + 8
	t.pre = true
	t.write([]byte(s), true, nil)
	return string(t.b)
}

// htmlCollapse collapses white space runs into one space.
func htmlCollapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// htmlText accumulates readable text: white space runs become one space,
// line breaks pending between blocks become one line break.
type htmlText struct {
	b          []byte
	max        int
	space, brk bool
	truncated  bool
	pre        bool // keep spaces as they are (for htmlClean)
}

func (t *htmlText) lineBreak() { t.brk = true }

// write appends text; in pre, line breaks are kept. Invalid UTF-8 is
// replaced by U+FFFD and counted in stats; control characters dropped.
func (t *htmlText) write(b []byte, pre bool, stats *HTMLStats) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			// One U+FFFD for a run of invalid bytes.
			for i < len(b) {
				if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size != 1 {
					break
				}
				i++
			}
			if stats != nil {
				stats.Replaced++
			}
			t.add('\ufffd')
			continue
		}
		i += size
		switch {
		case t.pre && (r == '\n' || r == '\t' || r == ' '):
			t.add(r)
		case pre && r == '\n':
			t.brk = true
		case unicode.IsSpace(r):
			t.space = true
		case unicode.IsControl(r) || r == '\ufeff':
		default:
			t.add(r)
		}
	}
}

// add appends r after the pending separator, unless the text is full.
func (t *htmlText) add(r rune) {
	if t.truncated {
		return
	}
	sep := byte(0)
	if len(t.b) > 0 && !t.pre {
		if t.brk {
			sep = '\n'
		} else if t.space {
			sep = ' '
		}
	}
	n := utf8.RuneLen(r)
	if sep != 0 {
		n++
	}
	if len(t.b)+n > t.max {
		t.truncated = true
		return
	}
	if sep != 0 {
		t.b = append(t.b, sep)
	}
	t.brk, t.space = false, false
	t.b = utf8.AppendRune(t.b, r)
}
