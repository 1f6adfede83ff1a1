// Package svg renders charts, network graphs and timelines as complete,
// self-contained SVG elements on the server, so that vigie's pages show
// them in any browser, offline, without JavaScript, and in print.
//
// Every chart is a value type with three renderers: String returns the
// <svg> element, HTML returns it as template.HTML for html/template
// pages, and WriteTo writes it to an io.Writer. Output guarantees:
//
//   - It is one well-formed XML element (<svg>, SVG namespace) with
//     role="img", a <title> and a <desc> as first children, a viewBox and
//     every coordinate in viewBox units; no width or height, so that it
//     scales to its container.
//   - Every text from the caller (titles, labels, identifiers) is escaped;
//     characters XML cannot carry and bidirectional override controls are
//     replaced by U+FFFD. A label such as "</svg><script>" comes out as
//     inert text.
//   - It references nothing outside itself: no stylesheets, fonts, images,
//     scripts, and no id attributes (several charts on one page cannot
//     clash). Styling is by presentation attributes only, which a Content
//     Security Policy without 'unsafe-inline' still applies.
//   - Colours come from a fixed palette whose neighbours differ in
//     lightness, so that series stay apart in grey print; graph nodes also
//     differ by shape.
//   - The same input gives the same bytes.
//
// Values are counts (int); values below zero are drawn as zero but
// labelled as given. Empty inputs render a chart saying "no data"
// (Words.NoData) rather than failing.
//
// The package is a pure stage: no I/O besides the writer given to
// WriteTo. Renderers do not modify their input and are safe for
// concurrent use on distinct or shared values (Graph.Href aside, which is
// the caller's).
package svg

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Palette is the fixed list of fill colours charts use, in order. Series
// beyond its length are merged (see StackedChart).
var Palette = [...]string{
	"#1f4e79", // dark blue
	"#e69f00", // orange
	"#5b8f29", // green
	"#e5a5c8", // light pink
	"#7a3b00", // brown
	"#56b4e9", // sky blue
	"#4b2a6a", // purple
	"#c9c25a", // olive yellow
}

const (
	fontFamily = "sans-serif"
	inkText    = "#222222" // text
	inkAxis    = "#666666" // axes and tick marks
	inkGrid    = "#dddddd" // grid lines
	inkEdge    = "#9a9a9a" // graph edges
)

// Words are the few fixed words charts write themselves. A zero field
// means the English default.
type Words struct {
	// NoData is written on charts without data. Default "no data".
	NoData string
	// Other names the series merged beyond the palette. Default "other".
	Other string
	// NotShown follows the count of graph nodes left out of a large
	// graph. Default "nodes not shown".
	NotShown string
	// Sep separates thousands in numbers. Default ",".
	Sep string
}

func (w Words) noData() string   { return or(w.NoData, "no data") }
func (w Words) other() string    { return or(w.Other, "other") }
func (w Words) notShown() string { return or(w.NotShown, "nodes not shown") }
func (w Words) sep() string      { return or(w.Sep, ",") }

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Number formats n with thousands separated by sep: Number(1234567, ",")
// is "1,234,567".
func Number(n int, sep string) string {
	return group(strconv.Itoa(n), sep)
}

// group inserts sep between groups of three digits of an integer written
// in decimal, with an optional leading minus sign.
func group(digits, sep string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if len(digits) <= 3 {
		return sign + digits
	}
	var b strings.Builder
	b.WriteString(sign)
	head := len(digits) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(digits[:head])
	for i := head; i < len(digits); i += 3 {
		b.WriteString(sep)
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// tickLabel formats an axis value (a whole number held in a float64).
func tickLabel(v float64, sep string) string {
	return group(strconv.FormatFloat(math.Round(v), 'f', 0, 64), sep)
}

// builder accumulates an SVG document.
type builder struct {
	strings.Builder
}

// num writes a coordinate rounded to one decimal, without a trailing
// ".0" and never as "-0".
func (b *builder) num(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	x = math.Round(x*10) / 10
	if x == 0 {
		x = 0 // drop the sign of -0
	}
	var a [32]byte
	s := strconv.AppendFloat(a[:0], x, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-1] == '0' && s[len(s)-2] == '.' {
		s = s[:len(s)-2]
	}
	b.Write(s)
}

// attr writes ` name="value"` with value escaped.
func (b *builder) attr(name, value string) {
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	b.text(value)
	b.WriteByte('"')
}

// nattr writes ` name="x"` for a coordinate.
func (b *builder) nattr(name string, x float64) {
	b.WriteByte(' ')
	b.WriteString(name)
	b.WriteString(`="`)
	b.num(x)
	b.WriteByte('"')
}

// text writes s escaped for XML character data and attribute values.
func (b *builder) text(s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		i += size
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '\t', '\n', '\r':
			b.WriteByte(' ') // attribute values would normalise them anyway
		default:
			if !printable(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
	}
}

// printable reports whether r may appear in the output: XML 1.0 allows
// it and it is not a bidirectional embedding, override or isolate control
// (which could make a label display as something else).
func printable(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f:
		return false
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return false
	case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}

// open writes the <svg> start tag, <title> and <desc>.
func (b *builder) open(w, h float64, title, desc string) {
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	b.num(w)
	b.WriteByte(' ')
	b.num(h)
	b.WriteString(`" role="img"`)
	b.attr("font-family", fontFamily)
	b.WriteString(`><title>`)
	b.text(title)
	b.WriteString(`</title><desc>`)
	b.text(desc)
	b.WriteString("</desc>\n")
}

func (b *builder) close() { b.WriteString("</svg>\n") }

// label writes a <text> element at x, y.
func (b *builder) label(x, y, size float64, anchor, fill, s string) {
	b.WriteString(`<text`)
	b.nattr("x", x)
	b.nattr("y", y)
	b.nattr("font-size", size)
	if anchor != "" && anchor != "start" {
		b.attr("text-anchor", anchor)
	}
	b.attr("fill", fill)
	b.WriteByte('>')
	b.text(s)
	b.WriteString("</text>\n")
}

// tooltip writes a <title> element, which browsers show on hover and
// screen readers read.
func (b *builder) tooltip(s string) {
	b.WriteString("<title>")
	b.text(s)
	b.WriteString("</title>")
}

// rect writes a filled rectangle.
func (b *builder) rect(x, y, w, h float64, fill string) {
	b.WriteString(`<rect`)
	b.nattr("x", x)
	b.nattr("y", y)
	b.nattr("width", math.Max(w, 0))
	b.nattr("height", math.Max(h, 0))
	b.attr("fill", fill)
	b.WriteString("/>")
}

// line writes a line segment.
func (b *builder) line(x1, y1, x2, y2 float64, stroke string, width float64) {
	b.WriteString(`<line`)
	b.nattr("x1", x1)
	b.nattr("y1", y1)
	b.nattr("x2", x2)
	b.nattr("y2", y2)
	b.attr("stroke", stroke)
	b.nattr("stroke-width", width)
	b.WriteString("/>\n")
}

// noData writes a whole chart of size w × h saying that there is no data.
func noData(w, h float64, title, desc string, words Words) string {
	var b builder
	if desc == "" {
		desc = words.noData()
	}
	b.open(w, h, title, desc)
	b.WriteString(`<rect x="0.5" y="0.5"`)
	b.nattr("width", w-1)
	b.nattr("height", h-1)
	b.WriteString(` fill="none"`)
	b.attr("stroke", inkGrid)
	b.WriteString("/>\n")
	b.label(w/2, h/2+4, 13, "middle", inkAxis, words.noData())
	b.close()
	return b.String()
}

// clip returns s cut to at most n runes, an ellipsis marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for k < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		k++
	}
	return s[:i] + "…"
}

// textWidth estimates the drawn width of s at font size size: about 0.6
// em a character in a sans-serif font.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.6
}

// clamp0 returns v as a float64, negatives as zero.
func clamp0(v int) float64 {
	if v < 0 {
		return 0
	}
	return float64(v)
}
