package capture

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/vigie"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// All feeds below are invented.
const testRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Invented classifieds</title>
  <link>http://classifieds.example/</link>
  <description>A feed made up for tests &amp; nothing else</description>
  <item>
    <title>Room  for rent,
      city centre</title>
    <link>http://classifieds.example/ad/1</link>
    <guid isPermaLink="false">ad-1</guid>
    <pubDate>Tue, 03 Mar 2026 10:15:00 +0100</pubDate>
    <dc:creator>Invented Poster</dc:creator>
    <media:title>not the title</media:title>
    <description><![CDATA[<p>Nice room&nbsp;near the station.</p><script>alert("x")</script><p>Call <b>today</b><br>ask for details</p>]]></description>
  </item>
  <item>
    <title>Second ad</title>
    <link>http://classifieds.example/ad/2</link>
    <pubDate>Wed, 4 Mar 2026 08:00:00 EST</pubDate>
    <author>poster@classifieds.example (Someone)</author>
    <description>Short &lt;i&gt;summary&lt;/i&gt;</description>
    <content:encoded><![CDATA[<h1>Full text</h1><ul><li>one</li><li>two</li></ul><style>p{}</style>]]></content:encoded>
  </item>
  <item>
    <title>Third &amp; last</title>
    <description>plain text, no date</description>
  </item>
</channel>
</rss>
`

const testAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Invented forum</title>
  <author><name>Forum Owner</name></author>
  <entry>
    <id>urn:example:post:1</id>
    <title type="html">Trip &lt;b&gt;offer&lt;/b&gt;</title>
    <link rel="self" href="http://forum.example/feed/1"/>
    <link href="http://forum.example/post/1"/>
    <published>2026-03-01T09:30:00+02:00</published>
    <updated>2026-03-02T09:30:00Z</updated>
    <author><name>Member One</name><email>one@forum.example</email></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First paragraph.</p><p>Second <em>one</em>.</p><script>x()</script></div></content>
  </entry>
  <entry>
    <id>urn:example:post:2</id>
    <title>Plain title</title>
    <link rel="alternate" href="http://forum.example/post/2"/>
    <updated>2026-03-03T12:00:00Z</updated>
    <summary type="html">&lt;p&gt;Summary only&lt;/p&gt;</summary>
  </entry>
  <entry>
    <id>urn:example:post:3</id>
    <title>Text content</title>
    <content type="text">line one
   line two</content>
  </entry>
</feed>
`

const testRDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://board.example/"><title>Invented board</title></channel>
  <item rdf:about="http://board.example/n/1">
    <title>Notice one</title>
    <link>http://board.example/n/1</link>
    <description>First notice</description>
    <dc:date>2026-02-01T00:00:00Z</dc:date>
  </item>
  <item rdf:about="http://board.example/n/2">
    <title>Notice two</title>
    <link>http://board.example/n/2</link>
  </item>
</rdf:RDF>
`

func readItems(t testing.TB, data []byte) ([]FeedItem, error) {
	t.Helper()
	var items []FeedItem
	err := ReadFeed(bytes.NewReader(data), func(it FeedItem, i int) error {
		if i != len(items) {
			t.Errorf("ReadFeed index %d; want %d", i, len(items))
		}
		items = append(items, it)
		return nil
	})
	return items, err
}

func TestReadFeed(t *testing.T) {
	date := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return d.UTC()
	}
	for _, tc := range []struct {
		name, feed, tag string
		want            []FeedItem
	}{
		{"rss", testRSS, "item", []FeedItem{
			{ID: "ad-1", Title: "Room for rent, city centre", Link: "http://classifieds.example/ad/1", Author: "Invented Poster",
				Published: date("2026-03-03T09:15:00Z"), Text: "Nice room near the station.\n\nCall today\nask for details"},
			{Title: "Second ad", Link: "http://classifieds.example/ad/2", Author: "poster@classifieds.example (Someone)",
				Published: date("2026-03-04T13:00:00Z"), Text: "Full text\n\none\ntwo"},
			{Title: "Third & last", Text: "plain text, no date"},
		}},
		{"atom", testAtom, "entry", []FeedItem{
			{ID: "urn:example:post:1", Title: "Trip offer", Link: "http://forum.example/post/1", Author: "Member One",
				Published: date("2026-03-01T07:30:00Z"), Text: "First paragraph.\n\nSecond one."},
			{ID: "urn:example:post:2", Title: "Plain title", Link: "http://forum.example/post/2", Author: "Forum Owner",
				Published: date("2026-03-03T12:00:00Z"), Text: "Summary only"},
			{ID: "urn:example:post:3", Title: "Text content", Author: "Forum Owner", Text: "line one\nline two"},
		}},
		{"rdf", testRDF, "item", []FeedItem{
			{ID: "http://board.example/n/1", Title: "Notice one", Link: "http://board.example/n/1", Published: date("2026-02-01T00:00:00Z"), Text: "First notice"},
			{ID: "http://board.example/n/2", Title: "Notice two", Link: "http://board.example/n/2"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.feed)
			got, err := readItems(t, data)
			if err != nil {
				t.Fatalf("ReadFeed = %v", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("ReadFeed read %d items; want %d", len(got), len(tc.want))
			}
			for i, g := range got {
				el := string(data[g.Offset : g.Offset+g.Length])
				if !strings.HasPrefix(el, "<"+tc.tag) || !strings.HasSuffix(el, "</"+tc.tag+">") {
					t.Errorf("item %d at [%d:+%d] = %.40q…; want the <%s> element", i, g.Offset, g.Length, el, tc.tag)
				}
				g.Offset, g.Length = 0, 0
				if g != tc.want[i] {
					t.Errorf("item %d =\n%#v\nwant\n%#v", i, g, tc.want[i])
				}
			}
		})
	}
}

func TestReadFeedCharsets(t *testing.T) {
	latin1, err := charmap.ISO8859_1.NewEncoder().String(strings.Replace(testRSS, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1) +
		"")
	if err != nil {
		t.Fatal(err)
	}
	latin1 = strings.Replace(latin1, "Second ad", "Second ad \xe9t\xe9", 1) // "été" in Latin-1
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.Replace(testAtom, `encoding="utf-8"`, `encoding="utf-16"`, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, data string
		n          int
		check      func(FeedItem) bool
	}{
		{"latin-1", latin1, 3, func(it FeedItem) bool {
			return it.Title == "Second ad été" || it.Title != "Second ad" && utf8.ValidString(it.Title)
		}},
		{"utf-16", utf16, 3, func(it FeedItem) bool {
			return it.Title == "Trip offer" || it.Title == "Plain title" || it.Title == "Text content"
		}},
		{"utf-8 bom", "\xef\xbb\xbf" + testRDF, 2, func(it FeedItem) bool { return strings.HasPrefix(testRDF[it.Offset-3:], "<item") }},
	} {
		got, err := readItems(t, []byte(tc.data))
		if err != nil || len(got) != tc.n {
			t.Errorf("ReadFeed(%s) = %d items, %v; want %d", tc.name, len(got), err, tc.n)
			continue
		}
		for _, it := range got {
			if !tc.check(it) {
				t.Errorf("ReadFeed(%s) item %+v", tc.name, it)
			}
			if tc.name != "utf-8 bom" && it.Length != 0 {
				t.Errorf("ReadFeed(%s) gave a byte range for converted text", tc.name)
			}
		}
		if tc.name == "latin-1" && got[1].Title != "Second ad été" {
			t.Errorf("ReadFeed(latin-1) title = %q; want %q", got[1].Title, "Second ad été")
		}
	}
}

func TestReadFeedErrors(t *testing.T) {
	huge := strings.Replace(testRSS, "<title>Second ad</title>", "<title>"+strings.Repeat("x", MaxFeedItem)+"</title>", 1)
	for _, tc := range []struct {
		name, data string
		items      int   // read before the error
		want       error // errors.Is, besides vigie.ErrInvalid
		msg        string
	}{
		{"mismatched tag", strings.Replace(testRSS, "<title>Second ad</title>", "<title>Second ad</titel>", 1), 1, nil, "feed item[1] (line 19): broken XML"},
		{"truncated", testRSS[:strings.Index(testRSS, "Third")], 2, ErrTruncated, "feed item[2]"},
		{"truncated after items", testAtom[:len(testAtom)-5], 3, ErrTruncated, "after item[2]"},
		{"bad entity", strings.Replace(testAtom, "Plain title", "Plain &bogus; title", 1), 1, nil, "feed item[1]"},
		{"item too large", huge, 1, ErrTooLarge, "feed item[1]"},
		{"html page", "<!DOCTYPE html><html><body><p>hi</p></body></html>", 0, nil, "root element <html>"},
		{"json", `{"items": []}`, 0, nil, "not a feed"},
		{"empty", "", 0, nil, "no root element"},
		{"binary", "\x00\x01\x02\xff\xfe", 0, nil, "feed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readItems(t, []byte(tc.data))
			if err == nil {
				t.Fatalf("ReadFeed(%s) = %d items, no error", tc.name, len(got))
			}
			if len(got) != tc.items {
				t.Errorf("ReadFeed(%s) read %d items before failing; want %d", tc.name, len(got), tc.items)
			}
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, vigie.ErrInvalid) || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("ReadFeed(%s) = %T %v; want a *FormatError (%v)", tc.name, err, err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("ReadFeed(%s) = %q; want it to say %q", tc.name, err, tc.msg)
			}
		})
	}
	stop := errors.New("stop")
	if err := ReadFeed(strings.NewReader(testRSS), func(FeedItem, int) error { return stop }); err != stop {
		t.Errorf("ReadFeed with failing fn = %v; want the fn error", err)
	}
}

// TestReadFeedStreams reads a feed of many items: each is handed over as
// it is read, and the whole never has to fit one bound.
func TestReadFeedStreams(t *testing.T) {
	const n = 14000
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel>`)
	for range n {
		b.WriteString("<item><title>t</title><description>" + strings.Repeat("word ", 60) + "</description></item>\n")
	}
	b.WriteString("</channel></rss>")
	if b.Len() <= MaxFeedItem {
		t.Fatalf("test feed of %d bytes; want more than MaxFeedItem", b.Len())
	}
	got := 0
	err := ReadFeed(strings.NewReader(b.String()), func(it FeedItem, i int) error {
		got++
		return nil
	})
	if err != nil || got != n {
		t.Errorf("ReadFeed(%d items, %d bytes) = %d items, %v", n, b.Len(), got, err)
	}
}

func TestIsFeed(t *testing.T) {
	long := strings.Replace(testRSS, "<channel>", "<channel>"+strings.Repeat("<!-- padding -->", 200), 1)
	for _, tc := range []struct {
		name, prefix string
		want         bool
	}{
		{"rss", testRSS, true},
		{"rss first KB", long[:1024], true},
		{"atom", testAtom, true},
		{"rdf", testRDF, true},
		{"bom", "\xef\xbb\xbf" + testAtom, true},
		{"comment first", "<!-- generated --><rss version=\"2.0\">", true},
		{"feed without atom namespace", "<feed><entry/></feed>", false},
		{"other rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>`, false},
		{"html", "<!DOCTYPE html>\n<html><head><title>x</title></head>", false},
		{"xhtml", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, false},
		{"sitemap", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, false},
		{"json", `{"rss": 1}`, false},
		{"text", "rss feed", false},
		{"empty", "", false},
		{"binary", "\x1f\x8b\x08\x00", false},
	} {
		if got := IsFeed([]byte(tc.prefix)); got != tc.want {
			t.Errorf("IsFeed(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}
}

func TestFeedHTMLText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain  text\n with   spaces ", "plain text with spaces"},
		{"<p>one</p><p>two</p>", "one\n\ntwo"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<ul><li>x</li><li>y</li></ul>after", "x\ny\n\nafter"},
		{"<div>in<script>var s = '<p>no</p>';</script>line</div>", "inline"},
		{"<style>b{color:red}</style>shown", "shown"},
		{"<svg><svg><text>no</text></svg><text>no</text></svg>yes", "yes"},
		{"fish &amp; chips&nbsp;&lt;3 &eacute;t&eacute;", "fish & chips <3 été"},
		{"<pre>a\n  b\n\n\n\nc</pre>", "a\nb\n\nc"},
		{"<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "1 2\n3"},
		{"bad \xff bytes \x00 and <b>unclosed", "bad \ufffd bytes and unclosed"},
		{"<<<>>>&&&;", "<<<>>>&&&;"},
	} {
		if got := feedHTMLText(tc.in); got != tc.want {
			t.Errorf("feedHTMLText(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestFeedDate(t *testing.T) {
	want := time.Date(2026, 3, 3, 9, 15, 0, 0, time.UTC)
	for _, s := range []string{
		"Tue, 03 Mar 2026 10:15:00 +0100", "Tue, 3 Mar 2026 09:15:00 GMT", "Tue, 3 Mar 2026 04:15:00 EST",
		"3 Mar 2026 09:15:00 Z", "Tue, 03 Mar 26 09:15:00 +0000", "2026-03-03T09:15:00Z",
		"2026-03-03T11:15:00.000+02:00", "  Tue,  03 Mar 2026 09:15 UT ",
	} {
		if got := feedDate(s); !got.Equal(want) {
			t.Errorf("feedDate(%q) = %v; want %v", s, got, want)
		}
	}
	if got := feedDate("last Tuesday"); !got.IsZero() {
		t.Errorf("feedDate(last Tuesday) = %v; want zero", got)
	}
}

func FuzzReadFeed(f *testing.F) {
	for _, s := range []string{testRSS, testAtom, testRDF, `<rss><channel><item><title>t</title></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div><p>x</p></div></content></entry></feed>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		last := int64(-1)
		err := ReadFeed(bytes.NewReader(data), func(it FeedItem, i int) error {
			if it.Offset < 0 || it.Length < 0 || it.Offset+it.Length > int64(len(data)) || it.Length > 0 && it.Offset <= last {
				t.Fatalf("item %d at %d+%d in %d bytes", i, it.Offset, it.Length, len(data))
			}
			last = it.Offset
			for _, s := range []string{it.ID, it.Title, it.Link, it.Author, it.Text} {
				if !utf8.ValidString(s) {
					t.Fatalf("item %d: invalid UTF-8 %q", i, s)
				}
			}
			if strings.ContainsAny(it.Title, "\n\x00") || strings.Contains(it.Text, "\n\n\n") {
				t.Fatalf("item %d: title %q, text %q not tidied", i, it.Title, it.Text)
			}
			return nil
		})
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("ReadFeed = %T %v; want a *FormatError", err, err)
		}
		IsFeed(data)
	})
}
