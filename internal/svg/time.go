package svg

import (
	"html/template"
	"io"
	"math"
	"slices"
	"time"
)

// Point is a count at a time: the posts of a day or a month.
type Point struct {
	Time  time.Time
	Value int
}

// TimeSeries is a line (or area) chart of counts over time, on a time
// axis with ticks on day, month or year boundaries (UTC) and a value axis
// from zero in round steps.
type TimeSeries struct {
	// Title names the chart for screen readers and as a tooltip.
	Title string
	// Desc describes it; empty, a summary of the data is written.
	Desc string
	// Points may come in any order; points at the same time add up.
	// Points are joined in time order, at their place in time: missing
	// days or months are not filled with zeros (the caller does that if
	// it means zero).
	Points []Point
	// Area fills the space under the line.
	Area bool
	// Month labels points (tooltips) by month (2006-01) instead of by
	// day (2006-01-02).
	Month bool
	// Width and Height are the size in viewBox units; zero means 640 ×
	// 240.
	Width, Height float64
	Words         Words
}

// maxMarkers is the most points drawn with a marker (and a tooltip).
const maxMarkers = 400

// String returns the chart as an <svg> element.
func (c TimeSeries) String() string {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 240
	}
	pts := sumByTime(c.Points)
	if len(pts) == 0 {
		return noData(w, h, c.Title, c.Desc, c.Words)
	}
	sep := c.Words.sep()
	peak, total, peakAt := 0.0, 0.0, 0
	for i, p := range pts {
		v := clamp0(p.Value)
		total += v
		if v > peak {
			peak, peakAt = v, i
		}
	}
	top, ticks := niceScale(peak, 5)
	lo, hi := timeDomain(pts[0].Time, pts[len(pts)-1].Time)
	tticks := timeTicks(lo, hi, int(math.Max(2, w/90)))

	const pad = 8.0
	tickW := 0.0
	for _, t := range ticks {
		tickW = max(tickW, textWidth(tickLabel(t, sep), axisFont))
	}
	x0, x1 := pad+tickW+6, w-pad-24 // room for the last date label
	y0, y1 := h-pad-axisFont-6, pad+4
	xs := timeScale{lo, hi, x0, x1}
	yOf := func(v float64) float64 { return y0 - (y0-y1)*v/top }
	layout := "2006-01-02"
	if c.Month {
		layout = "2006-01"
	}

	desc := c.Desc
	if desc == "" {
		desc = Number(len(pts), sep) + " points from " + pts[0].Time.UTC().Format(layout) + " to " +
			pts[len(pts)-1].Time.UTC().Format(layout) + "; total " + tickLabel(total, sep) +
			"; peak " + Number(pts[peakAt].Value, sep) + " on " + pts[peakAt].Time.UTC().Format(layout)
	}
	var b builder
	b.open(w, h, c.Title, desc)
	for _, t := range ticks {
		y := yOf(t)
		b.line(x0, y, x1, y, inkGrid, 1)
		b.label(x0-4, y+axisFont*0.35, axisFont, "end", inkAxis, tickLabel(t, sep))
	}
	for _, t := range tticks {
		x := xs.x(t.t)
		b.line(x, y0, x, y0+4, inkAxis, 1)
		b.label(x, y0+axisFont+5, axisFont, "middle", inkAxis, t.label)
	}
	b.line(x0, y0, x1, y0, inkAxis, 1)
	if c.Area {
		b.WriteString(`<path d="M`)
		b.num(xs.x(pts[0].Time))
		b.WriteByte(' ')
		b.num(y0)
		for _, p := range pts {
			b.WriteString(" L")
			b.num(xs.x(p.Time))
			b.WriteByte(' ')
			b.num(yOf(clamp0(p.Value)))
		}
		b.WriteString(" L")
		b.num(xs.x(pts[len(pts)-1].Time))
		b.WriteByte(' ')
		b.num(y0)
		b.WriteString(` Z"`)
		b.attr("fill", Palette[5])
		b.WriteString(` fill-opacity="0.35"/>` + "\n")
	}
	if len(pts) > 1 {
		b.WriteString(`<polyline fill="none"`)
		b.attr("stroke", Palette[0])
		b.WriteString(` stroke-width="2" stroke-linejoin="round" points="`)
		for i, p := range pts {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.num(xs.x(p.Time))
			b.WriteByte(',')
			b.num(yOf(clamp0(p.Value)))
		}
		b.WriteString(`"/>` + "\n")
	}
	if len(pts) <= maxMarkers {
		for _, p := range pts {
			b.WriteString(`<circle`)
			b.nattr("cx", xs.x(p.Time))
			b.nattr("cy", yOf(clamp0(p.Value)))
			b.WriteString(` r="3"`)
			b.attr("fill", Palette[0])
			b.WriteByte('>')
			b.tooltip(p.Time.UTC().Format(layout) + ": " + Number(p.Value, sep))
			b.WriteString("</circle>\n")
		}
	}
	b.close()
	return b.String()
}

// HTML returns String as template.HTML, safe to place in a page: all text
// in it is escaped.
func (c TimeSeries) HTML() template.HTML { return template.HTML(c.String()) }

// WriteTo writes String to w.
func (c TimeSeries) WriteTo(w io.Writer) (int64, error) { return writeString(w, c.String()) }

// sumByTime returns a copy of pts in time order, points at the same
// instant added up.
func sumByTime(pts []Point) []Point {
	out := slices.Clone(pts)
	slices.SortStableFunc(out, func(a, b Point) int { return a.Time.Compare(b.Time) })
	k := 0
	for i, p := range out {
		if i > 0 && p.Time.Equal(out[k-1].Time) {
			out[k-1].Value = addSat(out[k-1].Value, p.Value)
			continue
		}
		out[k] = p
		k++
	}
	return out[:k]
}

// Event is a point in time on a Timeline, with an optional count and
// label.
type Event struct {
	Time  time.Time
	Count int
	Label string
}

// Timeline is a horizontal strip of events in time: the activity of a
// network between the first and last time it was seen. The span from
// the first to the last event is drawn as a band, each event as a dot
// whose area grows with its count, with a tooltip.
type Timeline struct {
	// Title names the chart for screen readers and as a tooltip.
	Title string
	// Desc describes it; empty, a summary of the data is written.
	Desc string
	// Events may come in any order.
	Events []Event
	// Width is the width in viewBox units; zero means 640. The height
	// is fixed.
	Width float64
	Words Words
}

// String returns the timeline as an <svg> element.
func (c Timeline) String() string {
	w := c.Width
	if w <= 0 {
		w = 640
	}
	const h = 76.0
	if len(c.Events) == 0 {
		return noData(w, h, c.Title, c.Desc, c.Words)
	}
	sep := c.Words.sep()
	evs := slices.Clone(c.Events)
	slices.SortStableFunc(evs, func(a, b Event) int { return a.Time.Compare(b.Time) })
	first, last := evs[0].Time.UTC(), evs[len(evs)-1].Time.UTC()
	lo, hi := timeDomain(first, last)
	const pad = 12.0
	xs := timeScale{lo, hi, pad + 24, w - pad - 24}
	peak, total := 0.0, 0.0
	for _, e := range evs {
		peak = max(peak, clamp0(e.Count))
		total += clamp0(e.Count)
	}
	const axisY = 34.0
	desc := c.Desc
	if desc == "" {
		desc = Number(len(evs), sep) + " events from " + first.Format("2006-01-02") + " to " +
			last.Format("2006-01-02")
		if total > 0 {
			desc += "; total " + tickLabel(total, sep)
		}
	}
	var b builder
	b.open(w, h, c.Title, desc)
	b.line(xs.x0, axisY, xs.x1, axisY, inkAxis, 1)
	for _, t := range timeTicks(lo, hi, int(math.Max(2, w/90))) {
		x := xs.x(t.t)
		b.line(x, axisY, x, axisY+4, inkAxis, 1)
		b.label(x, axisY+axisFont+16, axisFont, "middle", inkAxis, t.label)
	}
	// The active span.
	fx, lx := xs.x(first), xs.x(last)
	b.rect(fx, axisY-3, max(lx-fx, 1), 6, Palette[5])
	b.WriteString("\n")
	for _, e := range evs {
		r := 3.0
		if peak > 0 {
			r += 7 * math.Sqrt(clamp0(e.Count)/peak)
		}
		tip := e.Time.UTC().Format("2006-01-02")
		if e.Count != 0 {
			tip += ": " + Number(e.Count, sep)
		}
		if e.Label != "" {
			tip += " — " + e.Label
		}
		b.WriteString(`<circle`)
		b.nattr("cx", xs.x(e.Time))
		b.nattr("cy", axisY)
		b.nattr("r", r)
		b.attr("fill", Palette[0])
		b.WriteString(` fill-opacity="0.8" stroke="#ffffff" stroke-width="0.5">`)
		b.tooltip(tip)
		b.WriteString("</circle>\n")
	}
	fd, ld := first.Format("2006-01-02"), last.Format("2006-01-02")
	switch {
	case fd == ld:
		b.label(fx, 12, axisFont, "middle", inkText, fd)
	case lx-fx < 2*textWidth(fd, axisFont)+8:
		// Too close for two labels: one, between them.
		b.label((fx+lx)/2, 12, axisFont, "middle", inkText, fd+" – "+ld)
	default:
		b.label(fx, 12, axisFont, "middle", inkText, fd)
		b.label(lx, 12, axisFont, "middle", inkText, ld)
	}
	b.close()
	return b.String()
}

// HTML returns String as template.HTML, safe to place in a page: all text
// in it is escaped.
func (c Timeline) HTML() template.HTML { return template.HTML(c.String()) }

// WriteTo writes String to w.
func (c Timeline) WriteTo(w io.Writer) (int64, error) { return writeString(w, c.String()) }
