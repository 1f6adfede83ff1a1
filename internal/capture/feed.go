package capture

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// MaxFeedItem bounds the XML of one feed item (4 MiB), and the XML
// between two items: a larger one is an ErrTooLarge error, found without
// holding more than that in memory.
const MaxFeedItem = 4 << 20

// Namespaces of the elements feeds are made of.
const (
	feedNSAtom    = "http://www.w3.org/2005/Atom"
	feedNSRSS1    = "http://purl.org/rss/1.0/"
	feedNSRSS090  = "http://my.netscape.com/rdf/simple/0.9/"
	feedNSRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	feedNSContent = "http://purl.org/rss/1.0/modules/content/"
	feedNSDC      = "http://purl.org/dc/elements/1.1/"
)

// FeedItem is one item of an RSS feed or entry of an Atom feed.
type FeedItem struct {
	ID     string // guid, atom:id or rdf:about; "" when the feed gives none
	Title  string // plain text, on one line
	Link   string
	Author string // RSS author or dc:creator, Atom author name (the feed's when the entry has none)
	// Published is pubDate, dc:date or atom:published (else atom:updated),
	// in UTC; zero when absent or in no format known.
	Published time.Time
	// Text is the item's content (content:encoded, atom:content), else its
	// description or summary, converted from HTML to plain text.
	Text string
	// Offset and Length locate the item's element (<item>…</item>,
	// <entry>…</entry>) in the input. Length is 0 when the feed was
	// converted from another charset, where offsets in the converted text
	// are not offsets in the input.
	Offset, Length int64
}

// ReadFeed reads an RSS 2.0 (or 0.9x), RSS 1.0 (RDF) or Atom 1.0 feed
// from r and calls fn with each item and its index (from 0), in order.
// The XML is read token by token: one item is held at a time, its XML
// bounded by MaxFeedItem. The feed's charset (an XML declaration, a
// UTF-16 byte order mark) is converted to UTF-8; HTML entities such as
// &nbsp; are accepted. Broken XML, a non-feed root element or an item too
// large stop reading with a *FormatError naming the item index and line,
// after fn was called for the items before it. ReadFeed stops too at the
// first error fn returns, and returns it as is.
func ReadFeed(r io.Reader, fn func(item FeedItem, index int) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	p := &feedParser{}
	if b, _ := br.Peek(3); bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3) // encoding/xml does not skip a byte order mark
		p.base = 3
	} else if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReader(transform.NewReader(br, dec))
		p.converted = true
	}
	p.lim = &feedLimiter{br: br, left: MaxFeedItem}
	p.d = xml.NewDecoder(p.lim)
	p.d.Entity = xml.HTMLEntity
	p.d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if p.converted {
			return in, nil // already decoded from UTF-16, whatever the declaration says
		}
		p.converted = true
		return charset.NewReaderLabel(label, in)
	}
	return p.run(fn)
}

// feedKind is the dialect of a feed, from its root element.
type feedKind int

const (
	feedRSS feedKind = iota
	feedRDF
	feedAtom
)

type feedParser struct {
	d          *xml.Decoder
	lim        *feedLimiter
	kind       feedKind
	base       int64 // bytes skipped before the decoder's first (a BOM)
	converted  bool  // the decoder reads converted text: offsets are not the input's
	feedAuthor string
}

func (p *feedParser) run(fn func(FeedItem, int) error) error {
	if err := p.root(); err != nil {
		return err
	}
	depth, index := 1, 0
	for depth > 0 {
		p.lim.reset()
		off := p.d.InputOffset()
		tok, err := p.d.Token()
		if err != nil {
			where := "feed, before its first item"
			if index > 0 {
				where = fmt.Sprintf("feed, after item[%d]", index-1)
			}
			return p.fail(where, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if p.isItem(t.Name) {
				item, err := p.item(t, off)
				if err != nil {
					return p.fail(fmt.Sprintf("feed item[%d]", index), err)
				}
				if err := fn(item, index); err != nil {
					return err
				}
				index++
				continue
			}
			if p.kind == feedAtom && depth == 1 && p.core(t.Name, "author") {
				name, err := p.person(t)
				if err != nil {
					return p.fail("feed author", err)
				}
				p.feedAuthor = name
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	// What follows the root element (comments, white space) is not read.
	return nil
}

// root reads up to the root element and learns the feed's dialect.
func (p *feedParser) root() error {
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			return &FormatError{Where: "feed", Err: errors.New("not a feed: no root element")}
		}
		if err != nil {
			return p.fail("feed", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return &FormatError{Where: "feed", Err: errors.New("not a feed: text before the root element")}
			}
		case xml.StartElement:
			switch {
			case t.Name.Local == "rss":
				p.kind = feedRSS
			case t.Name.Local == "RDF" && t.Name.Space == feedNSRDF:
				p.kind = feedRDF
			case t.Name.Local == "feed" && (t.Name.Space == feedNSAtom || t.Name.Space == ""):
				p.kind = feedAtom
			default:
				return &FormatError{Where: "feed", Err: fmt.Errorf("not a feed: root element <%s>, want <rss>, <rdf:RDF> or <feed>", t.Name.Local)}
			}
			return nil
		}
	}
}

// core reports whether name is the dialect's own element local: RSS
// elements carry no namespace (RSS 1.0 and 0.90 their own), Atom ones the
// Atom namespace, which lax feeds leave out.
func (p *feedParser) core(name xml.Name, local string) bool {
	if name.Local != local {
		return false
	}
	switch p.kind {
	case feedAtom:
		return name.Space == feedNSAtom || name.Space == ""
	default:
		return name.Space == "" || name.Space == feedNSRSS1 || name.Space == feedNSRSS090
	}
}

func (p *feedParser) isItem(name xml.Name) bool {
	if p.kind == feedAtom {
		return p.core(name, "entry")
	}
	return p.core(name, "item")
}

// item reads one item whose start element was just read at offset off,
// through its end element.
func (p *feedParser) item(start xml.StartElement, off int64) (FeedItem, error) {
	var it FeedItem
	if p.kind == feedRDF {
		it.ID = feedAttr(start, feedNSRDF, "about")
	}
	var content, summary string // plain text
	var published, updated string
	for {
		tok, err := p.d.Token()
		if err != nil {
			return it, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			// The decoder checks nesting, and every child is read whole:
			// this is the item's end.
			if !p.converted {
				it.Offset, it.Length = p.base+off, p.d.InputOffset()-off
			}
			if it.Author == "" {
				it.Author = p.feedAuthor
			}
			it.Text = content
			if it.Text == "" {
				it.Text = summary
			}
			if it.Published = feedDate(published); it.Published.IsZero() {
				it.Published = feedDate(updated)
			}
			return it, nil
		case xml.StartElement:
			if err := p.field(t, &it, &content, &summary, &published, &updated); err != nil {
				return it, err
			}
		}
	}
}

// field reads one child element of an item, whole, into it.
func (p *feedParser) field(t xml.StartElement, it *FeedItem, content, summary, published, updated *string) error {
	n := t.Name
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	if p.kind == feedAtom {
		switch {
		case p.core(n, "id"):
			s, err := p.text(t)
			set(&it.ID, strings.TrimSpace(s))
			return err
		case p.core(n, "title"):
			s, err := p.construct(t)
			set(&it.Title, feedPlain(s, false))
			return err
		case p.core(n, "link"):
			if rel := feedAttr(t, "", "rel"); rel == "" || rel == "alternate" {
				set(&it.Link, strings.TrimSpace(feedAttr(t, "", "href")))
			}
			return p.d.Skip()
		case p.core(n, "author"):
			s, err := p.person(t)
			set(&it.Author, s)
			return err
		case p.core(n, "published"):
			s, err := p.text(t)
			set(published, s)
			return err
		case p.core(n, "updated"):
			s, err := p.text(t)
			set(updated, s)
			return err
		case p.core(n, "content"):
			s, err := p.construct(t)
			set(content, s)
			return err
		case p.core(n, "summary"):
			s, err := p.construct(t)
			set(summary, s)
			return err
		}
		return p.d.Skip()
	}
	switch {
	case p.core(n, "title"):
		s, err := p.text(t)
		set(&it.Title, feedPlain(s, false))
		return err
	case p.core(n, "link"):
		s, err := p.text(t)
		set(&it.Link, strings.TrimSpace(s))
		return err
	case p.core(n, "guid"):
		s, err := p.text(t)
		set(&it.ID, strings.TrimSpace(s))
		return err
	case p.core(n, "description"):
		s, err := p.text(t)
		set(summary, feedHTMLText(s))
		return err
	case n.Space == feedNSContent && n.Local == "encoded":
		s, err := p.text(t)
		set(content, feedHTMLText(s))
		return err
	case p.core(n, "pubDate"), n.Space == feedNSDC && n.Local == "date":
		s, err := p.text(t)
		set(published, s)
		return err
	case p.core(n, "author"), n.Space == feedNSDC && n.Local == "creator":
		s, err := p.text(t)
		set(&it.Author, feedPlain(s, false))
		return err
	}
	return p.d.Skip()
}

// text returns the character data of the element just started, of its
// children's too, through its end.
func (p *feedParser) text(start xml.StartElement) (string, error) {
	var b strings.Builder
	for depth := 1; ; {
		tok, err := p.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				return b.String(), nil
			}
		}
	}
}

// construct reads an Atom text construct as plain text, after its type:
// text (line breaks kept), html (escaped HTML) or xhtml (inline XHTML
// elements). Content given by reference (src) has no text here.
func (p *feedParser) construct(start xml.StartElement) (string, error) {
	switch typ := feedAttr(start, "", "type"); {
	case typ == "xhtml":
		return p.xhtml()
	case typ == "html" || strings.HasSuffix(typ, "/html"):
		s, err := p.text(start)
		return feedHTMLText(s), err
	default:
		s, err := p.text(start)
		return feedPlain(s, true), err
	}
}

// xhtml reads inline XHTML through the end of the element just started,
// as feedHTMLText reads HTML.
func (p *feedParser) xhtml() (string, error) {
	var t feedText
	dropped := 0
	for depth := 1; ; {
		tok, err := p.d.Token()
		if err != nil {
			return "", err
		}
		switch e := tok.(type) {
		case xml.CharData:
			if dropped == 0 {
				t.text(string(e), false)
			}
		case xml.StartElement:
			depth++
			if dropped > 0 || feedDropped[e.Name.Local] {
				dropped++
				continue
			}
			t.brk(feedBreaks[e.Name.Local])
		case xml.EndElement:
			if depth--; depth == 0 {
				return t.String(), nil
			}
			if dropped > 0 {
				dropped--
				continue
			}
			t.brk(feedBreaks[e.Name.Local])
		}
	}
}

// person reads an Atom person construct (author) and returns its name,
// else its e-mail address.
func (p *feedParser) person(start xml.StartElement) (string, error) {
	var name, email string
	for {
		tok, err := p.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s, err := p.text(t)
			if err != nil {
				return "", err
			}
			switch {
			case p.core(t.Name, "name"):
				name = feedPlain(s, false)
			case p.core(t.Name, "email"):
				email = feedPlain(s, false)
			}
		case xml.EndElement:
			if name == "" {
				name = email
			}
			return name, nil
		}
	}
}

// fail wraps a decoding error with where it happened.
func (p *feedParser) fail(where string, err error) error {
	var se *xml.SyntaxError
	switch {
	case errors.Is(err, errFeedTooLarge):
		err = fmt.Errorf("%w: more than %d bytes of XML (MaxFeedItem)", ErrTooLarge, MaxFeedItem)
	case errors.As(err, &se):
		where = fmt.Sprintf("%s (line %d)", where, se.Line)
		if se.Msg == "unexpected EOF" {
			err = fmt.Errorf("XML %w: the input ends inside an element", ErrTruncated)
		} else {
			err = fmt.Errorf("broken XML: %s", se.Msg)
		}
	case err == io.EOF, errors.Is(err, io.ErrUnexpectedEOF):
		err = fmt.Errorf("XML %w: the input ends inside an element", ErrTruncated)
	}
	return &FormatError{Where: where, Err: err}
}

// feedAttr returns the value of attribute space:local of e, or "".
func feedAttr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// feedZones are the zone names RFC 822 dates use, which time.Parse does
// not know the offsets of.
var feedZones = map[string]string{
	"UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}

// feedDateLayouts are the date shapes found in feeds: RFC 822 and its
// variants for RSS, RFC 3339 for Atom and Dublin Core.
var feedDateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Monday, 2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 06 15:04:05 -0700",
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// feedDate parses a feed date to UTC, or returns the zero time.
func feedDate(s string) time.Time {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if z, ok := feedZones[strings.ToUpper(s[i+1:])]; ok {
			s = s[:i+1] + z
		}
	}
	for _, layout := range feedDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// errFeedTooLarge is what feedLimiter reads once its budget is spent.
var errFeedTooLarge = errors.New("feed item too large")

// feedLimiter passes at most left bytes to the XML decoder until reset,
// so that no item, not even one text node, can fill memory. It is an
// io.ByteReader, so the decoder reads no further than it needs and its
// offsets are those of the input.
type feedLimiter struct {
	br   *bufio.Reader
	left int64
}

func (l *feedLimiter) reset() { l.left = MaxFeedItem }

func (l *feedLimiter) ReadByte() (byte, error) {
	if l.left <= 0 {
		return 0, errFeedTooLarge
	}
	b, err := l.br.ReadByte()
	if err == nil {
		l.left--
	}
	return b, err
}

func (l *feedLimiter) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errFeedTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.br.Read(p)
	l.left -= int64(n)
	return n, err
}

// IsFeed reports whether prefix, the first bytes of a document (a KB is
// enough), starts an RSS, RDF/RSS 1.0 or Atom feed: its root element is
// <rss>, <feed> in the Atom namespace, or <rdf:RDF> declaring RSS 1.0.
func IsFeed(prefix []byte) bool {
	if len(prefix) > 4096 {
		prefix = prefix[:4096]
	}
	var r io.Reader = bytes.NewReader(prefix)
	switch {
	case bytes.HasPrefix(prefix, []byte("\xef\xbb\xbf")):
		r = bytes.NewReader(prefix[3:])
	case bytes.HasPrefix(prefix, []byte("\xff\xfe")), bytes.HasPrefix(prefix, []byte("\xfe\xff")):
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	}
	d := xml.NewDecoder(r)
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.HasPrefix(strings.ToLower(label), "utf-16") {
			return in, nil
		}
		return charset.NewReaderLabel(label, in)
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return false
			}
		case xml.StartElement:
			switch {
			case t.Name.Local == "rss":
				return true
			case t.Name.Local == "feed":
				return t.Name.Space == feedNSAtom
			case t.Name.Local == "RDF" && t.Name.Space == feedNSRDF:
				return bytes.Contains(prefix, []byte(feedNSRSS1)) || bytes.Contains(prefix, []byte(feedNSRSS090))
			}
			return false
		}
	}
}
