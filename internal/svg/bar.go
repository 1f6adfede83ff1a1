package svg

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// Bar is one category of a BarChart.
type Bar struct {
	Label string
	Value int
}

// BarChart is a horizontal bar chart: one row a category, its label on
// the left, its bar and value on the right, in the order given.
type BarChart struct {
	// Title names the chart for screen readers and as a tooltip.
	Title string
	// Desc describes it; empty, a summary of the data is written.
	Desc string
	Bars []Bar
	// Width is the width in viewBox units; zero means 640.
	Width float64
	Words Words
}

const (
	barRow       = 22.0
	barThickness = 15.0
	barLabelMax  = 30 // runes of a label drawn; the tooltip has them all
	barFont      = 12.0
)

// String returns the chart as an <svg> element.
func (c BarChart) String() string {
	w := c.Width
	if w <= 0 {
		w = 640
	}
	if len(c.Bars) == 0 {
		return noData(w, 80, c.Title, c.Desc, c.Words)
	}
	sep := c.Words.sep()
	peak, peakAt := 0.0, 0
	labelW, valueW := 0.0, 0.0
	for i, bar := range c.Bars {
		if v := clamp0(bar.Value); v > peak {
			peak, peakAt = v, i
		}
		labelW = max(labelW, textWidth(clip(bar.Label, barLabelMax), barFont))
		valueW = max(valueW, textWidth(Number(bar.Value, sep), barFont))
	}
	labelW = min(labelW, 0.4*w) + 8
	valueW += 8
	const pad = 6.0
	x0 := pad + labelW
	span := w - x0 - valueW - pad
	if span < 20 {
		span = 20
	}
	h := float64(len(c.Bars))*barRow + 2*pad
	desc := c.Desc
	if desc == "" {
		top := c.Bars[peakAt]
		desc = Number(len(c.Bars), sep) + " bars; largest " + top.Label + ": " + Number(top.Value, sep)
	}
	var b builder
	b.open(w, h, c.Title, desc)
	b.line(x0, pad, x0, h-pad, inkAxis, 1)
	for i, bar := range c.Bars {
		y := pad + float64(i)*barRow
		mid := y + barRow/2 + barFont*0.35
		bw := 0.0
		if peak > 0 {
			bw = span * clamp0(bar.Value) / peak
		}
		value := Number(bar.Value, sep)
		b.WriteString("<g>")
		b.tooltip(bar.Label + ": " + value)
		b.label(x0-6, mid, barFont, "end", inkText, clip(bar.Label, barLabelMax))
		b.rect(x0, y+(barRow-barThickness)/2, bw, barThickness, Palette[0])
		b.label(x0+bw+4, mid, barFont, "start", inkText, value)
		b.WriteString("</g>\n")
	}
	b.close()
	return b.String()
}

// HTML returns String as template.HTML, safe to place in a page: all text
// in it is escaped.
func (c BarChart) HTML() template.HTML { return template.HTML(c.String()) }

// WriteTo writes String to w.
func (c BarChart) WriteTo(w io.Writer) (int64, error) { return writeString(w, c.String()) }

// Series is one series of a StackedChart: a value per period.
type Series struct {
	Name string
	// Values holds a value per period, in the order of
	// StackedChart.Periods; missing values are zero, extra ones are
	// ignored.
	Values []int
}

// StackedChart is a vertical bar chart by period (a month, say), each bar
// split into series (categories, languages), stacked or side by side.
type StackedChart struct {
	// Title names the chart for screen readers and as a tooltip.
	Title string
	// Desc describes it; empty, a summary of the data is written.
	Desc string
	// Periods label the bars from left to right ("2024-01", ...).
	Periods []string
	// Series are drawn in their order, bottom to top (or left to right
	// when Grouped) and in the order of Palette. When there are more
	// series than colours, the series beyond the first len(Palette)-1
	// are added up into one named Words.Other.
	Series []Series
	// Grouped puts series side by side instead of stacking them.
	Grouped bool
	// Width and Height are the size in viewBox units; zero means 640 ×
	// 320.
	Width, Height float64
	Words         Words
}

const (
	axisFont   = 11.0
	legendFont = 11.0
)

// String returns the chart as an <svg> element.
func (c StackedChart) String() string {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 320
	}
	series := c.merged()
	if len(c.Periods) == 0 || len(series) == 0 {
		return noData(w, h, c.Title, c.Desc, c.Words)
	}
	sep := c.Words.sep()
	n := len(c.Periods)
	// The largest bar (stacked) or segment (grouped), and the total.
	peak, total := 0.0, 0.0
	for p := range n {
		sum := 0.0
		for _, s := range series {
			v := clamp0(valueAt(s.Values, p))
			sum += v
			if c.Grouped {
				peak = max(peak, v)
			}
		}
		total += sum
		if !c.Grouped {
			peak = max(peak, sum)
		}
	}
	top, ticks := niceScale(peak, 5)

	// Legend rows on top, wrapped to the width.
	const pad = 8.0
	type item struct{ x, y float64 }
	items := make([]item, len(series))
	lx, ly := pad, pad+legendFont
	for i, s := range series {
		iw := 14 + textWidth(clip(s.Name, 24), legendFont) + 14
		if lx > pad && lx+iw > w-pad {
			lx, ly = pad, ly+legendFont+6
		}
		items[i] = item{lx, ly}
		lx += iw
	}
	plotTop := ly + 14
	tickW := 0.0
	for _, t := range ticks {
		tickW = max(tickW, textWidth(tickLabel(t, sep), axisFont))
	}
	x0, x1 := pad+tickW+6, w-pad
	y0, y1 := h-pad-axisFont-6, plotTop // y0 the baseline, y1 the top
	if y0-y1 < 40 {
		y0 = y1 + 40
		h = y0 + pad + axisFont + 6
	}
	yOf := func(v float64) float64 { return y0 - (y0-y1)*v/top }

	desc := c.Desc
	if desc == "" {
		var names []string
		for _, s := range series {
			names = append(names, s.Name)
		}
		desc = Number(n, sep) + " periods from " + c.Periods[0] + " to " + c.Periods[n-1] +
			"; series: " + strings.Join(names, ", ") + "; total " + tickLabel(total, sep)
	}
	var b builder
	b.open(w, h, c.Title, desc)
	for i, s := range series {
		b.rect(items[i].x, items[i].y-legendFont+2, 10, 10, Palette[i])
		b.label(items[i].x+14, items[i].y, legendFont, "start", inkText, clip(s.Name, 24))
	}
	b.WriteString("\n")
	for _, t := range ticks {
		y := yOf(t)
		b.line(x0, y, x1, y, inkGrid, 1)
		b.label(x0-4, y+axisFont*0.35, axisFont, "end", inkAxis, tickLabel(t, sep))
	}
	slot := (x1 - x0) / float64(n)
	barW := slot * 0.8
	// Label every k-th period so that labels do not run into each other.
	labelW := 0.0
	for _, p := range c.Periods {
		labelW = max(labelW, textWidth(clip(p, 16), axisFont))
	}
	every := 1
	for float64(every)*slot < labelW+6 && every < n {
		every++
	}
	for p, period := range c.Periods {
		x := x0 + float64(p)*slot + (slot-barW)/2
		if p%every == 0 {
			b.label(x+barW/2, y0+axisFont+4, axisFont, "middle", inkAxis, clip(period, 16))
		}
		acc := 0.0
		for i, s := range series {
			raw := valueAt(s.Values, p)
			v := clamp0(raw)
			if v == 0 {
				continue
			}
			b.WriteString("<g>")
			b.tooltip(period + " — " + s.Name + ": " + Number(raw, sep))
			if c.Grouped {
				gw := barW / float64(len(series))
				b.rect(x+float64(i)*gw, yOf(v), gw, y0-yOf(v), Palette[i])
			} else {
				yt := yOf(acc + v)
				// A white edge parts neighbouring segments in grey print.
				b.WriteString(`<rect`)
				b.nattr("x", x)
				b.nattr("y", yt)
				b.nattr("width", barW)
				b.nattr("height", yOf(acc)-yt)
				b.attr("fill", Palette[i])
				b.WriteString(` stroke="#ffffff" stroke-width="0.5"/>`)
				acc += v
			}
			b.WriteString("</g>\n")
		}
	}
	b.line(x0, y0, x1, y0, inkAxis, 1)
	b.close()
	return b.String()
}

// HTML returns String as template.HTML, safe to place in a page: all text
// in it is escaped.
func (c StackedChart) HTML() template.HTML { return template.HTML(c.String()) }

// WriteTo writes String to w.
func (c StackedChart) WriteTo(w io.Writer) (int64, error) { return writeString(w, c.String()) }

// merged returns the series to draw: at most len(Palette), the last
// adding up those beyond. Series are not modified.
func (c StackedChart) merged() []Series {
	if len(c.Series) <= len(Palette) {
		return c.Series
	}
	keep := len(Palette) - 1
	out := append([]Series(nil), c.Series[:keep]...)
	other := Series{Name: c.Words.other(), Values: make([]int, len(c.Periods))}
	for _, s := range c.Series[keep:] {
		for p := range other.Values {
			other.Values[p] = addSat(other.Values[p], valueAt(s.Values, p))
		}
	}
	return append(out, other)
}

// valueAt returns vs[i], or zero when i is out of range.
func valueAt(vs []int, i int) int {
	if i < len(vs) {
		return vs[i]
	}
	return 0
}

// addSat adds two counts, saturating instead of overflowing.
func addSat(a, b int) int {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return int(^uint(0) >> 1)
	case a < 0 && b < 0 && s >= 0:
		return -int(^uint(0)>>1) - 1
	}
	return s
}

// writeString writes s to w, the error wrapped.
func writeString(w io.Writer, s string) (int64, error) {
	n, err := io.WriteString(w, s)
	if err != nil {
		return int64(n), fmt.Errorf("write svg: %w", err)
	}
	return int64(n), nil
}
