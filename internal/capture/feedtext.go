package capture

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// feedBreaks says what an element's start and end mean in plain text: 2 a
// paragraph break (blank line), 1 a line break, -1 a space (table cells).
// Other elements are inline and vanish.
var feedBreaks = map[string]int{
	"p": 2, "h1": 2, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2, "blockquote": 2, "pre": 2,
	"ul": 2, "ol": 2, "dl": 2, "table": 2, "hr": 2, "figure": 2, "section": 2, "article": 2,
	"header": 2, "footer": 2, "aside": 2, "nav": 2, "main": 2, "address": 2, "form": 2, "fieldset": 2,
	"br": 1, "div": 1, "li": 1, "dt": 1, "dd": 1, "tr": 1, "caption": 1, "figcaption": 1,
	"option": 1, "details": 1, "summary": 1, "tbody": 1, "thead": 1, "tfoot": 1,
	"td": -1, "th": -1,
}

// feedDropped lists elements whose content is not text a reader sees.
var feedDropped = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "iframe": true,
	"noembed": true, "noframes": true, "head": true, "svg": true, "math": true, "object": true,
}

// feedHTMLText converts an HTML fragment (a feed item's description or
// content) to plain text: tags dropped, scripts and styles dropped with
// their content, entities decoded, runs of white space made one space, a
// line break for br and list items, a blank line between paragraphs. The
// result is valid UTF-8 whatever the input.
func feedHTMLText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var t feedText
	dropped, depth := "", 0 // the dropped element we are in, and its nesting
	pre := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return t.String() // io.EOF: the fragment is in memory, nothing else can fail
		case html.TextToken:
			if dropped == "" {
				t.text(string(z.Text()), pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			n := string(name)
			if dropped != "" {
				if n == dropped && tt == html.StartTagToken {
					depth++
				}
				continue
			}
			if feedDropped[n] {
				if tt == html.StartTagToken {
					dropped, depth = n, 1
				}
				continue
			}
			if n == "pre" && tt == html.StartTagToken {
				pre++
			}
			t.brk(feedBreaks[n])
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if dropped != "" {
				if n == dropped {
					if depth--; depth == 0 {
						dropped = ""
					}
				}
				continue
			}
			if n == "pre" && pre > 0 {
				pre--
			}
			t.brk(feedBreaks[n])
		}
	}
}

// feedPlain tidies text that is not HTML: white space runs made one
// space; line breaks kept when lines is set, else made spaces.
func feedPlain(s string, lines bool) string {
	var t feedText
	t.text(s, lines)
	return t.String()
}

// feedText builds plain text, collapsing white space as it goes: a space
// or break is written only before the next visible character, so the
// text never starts or ends with white space and never has more than one
// blank line in a row.
type feedText struct {
	b     strings.Builder
	lines int  // line breaks due before the next character (at most 2)
	space bool // a space is due before the next character
}

// text appends s; in pre mode its line breaks are kept.
func (t *feedText) text(s string, pre bool) {
	for _, r := range s {
		switch {
		case r == '\n' && pre:
			t.lines = min(t.lines+1, 2)
		case unicode.IsSpace(r):
			t.space = true
		case unicode.IsControl(r):
			// NUL and other controls are not text; they would also trip
			// up what reads the text next.
		default:
			if t.b.Len() > 0 {
				if t.lines > 0 {
					t.b.WriteString("\n\n"[:t.lines])
				} else if t.space {
					t.b.WriteByte(' ')
				}
			}
			t.lines, t.space = 0, false
			t.b.WriteRune(r) // an invalid byte arrives as U+FFFD
		}
	}
}

// brk notes a break of kind k (see feedBreaks) before the next character.
func (t *feedText) brk(k int) {
	switch {
	case k < 0:
		t.space = true
	case k > t.lines:
		t.lines = k
	}
}

func (t *feedText) String() string { return t.b.String() }
