package svg

import (
	"math"
	"time"
)

// niceScale returns the top of a value axis starting at 0 and holding
// peak, and the ticks from 0 to top: round steps of 1, 2 or 5 times a
// power of ten, at most about maxTicks of them. A peak of zero or less
// gives the axis 0..1.
func niceScale(peak float64, maxTicks int) (top float64, ticks []float64) {
	if !(peak > 0) || math.IsInf(peak, 0) {
		peak = 1
	}
	raw := peak / float64(maxTicks)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1 { // counts: no fractional ticks
		step = 1
	}
	top = math.Ceil(peak/step) * step
	for v := 0.0; v <= top+step/2; v += step {
		ticks = append(ticks, v)
	}
	return top, ticks
}

// timeTick is one labelled tick of a time axis.
type timeTick struct {
	t     time.Time
	label string
}

// timeStep is a candidate spacing of time ticks.
type timeStep struct {
	days, months, years int
}

var timeSteps = []timeStep{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 20}, {years: 50},
	{years: 100}, {years: 200}, {years: 500}, {years: 1000},
}

// timeDomain returns the span a time axis shows for times from lo to hi:
// whole UTC days, at least one.
func timeDomain(lo, hi time.Time) (time.Time, time.Time) {
	lo = lo.UTC().Truncate(24 * time.Hour)
	hi = hi.UTC()
	if t := hi.Truncate(24 * time.Hour); !t.Equal(hi) || !t.After(lo) {
		hi = t.AddDate(0, 0, 1)
	}
	return lo, hi
}

// timeTicks returns ticks between lo and hi (inclusive) on day, month or
// year boundaries, at most about maxTicks of them, labelled in ISO 8601
// (2006-01-02, 2006-01 or 2006 by the step), which reads the same in
// every language.
func timeTicks(lo, hi time.Time, maxTicks int) []timeTick {
	if !hi.After(lo) {
		return nil
	}
	step := timeSteps[len(timeSteps)-1]
	for _, s := range timeSteps {
		if approxCount(lo, hi, s) <= maxTicks {
			step = s
			break
		}
	}
	layout := "2006-01-02"
	var t time.Time
	switch {
	case step.years > 0:
		layout = "2006"
		y := lo.Year()
		y += (step.years - mod(y, step.years)) % step.years
		t = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		if t.Before(lo) {
			t = t.AddDate(step.years, 0, 0)
		}
	case step.months > 0:
		layout = "2006-01"
		m := int(lo.Month()) - 1
		m += (step.months - mod(m, step.months)) % step.months
		t = time.Date(lo.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
		if t.Before(lo) {
			t = t.AddDate(0, step.months, 0)
		}
	default:
		// Days counted from the Unix epoch (a Thursday); weekly steps
		// fall on Mondays.
		day := int(math.Floor(float64(lo.Unix()) / 86400))
		off := 0
		if step.days == 7 || step.days == 14 {
			off = 4 // 1970-01-05 was a Monday
		}
		d := day + mod(off-day, step.days)
		t = time.Unix(int64(d)*86400, 0).UTC()
	}
	var out []timeTick
	for i := 0; !t.After(hi) && i < 4*maxTicks; i++ {
		out = append(out, timeTick{t, t.Format(layout)})
		t = t.AddDate(step.years, step.months, step.days)
	}
	return out
}

// approxCount estimates how many ticks step puts between lo and hi.
func approxCount(lo, hi time.Time, s timeStep) int {
	days := seconds(lo, hi) / 86400
	switch {
	case s.years > 0:
		return int(days/(365.25*float64(s.years))) + 1
	case s.months > 0:
		return int(days/(30.44*float64(s.months))) + 1
	}
	return int(days/float64(s.days)) + 1
}

// mod returns a modulo b in [0, b).
func mod(a, b int) int {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// timeScale maps times of the domain lo..hi onto x0..x1.
type timeScale struct {
	lo, hi time.Time
	x0, x1 float64
}

func (s timeScale) x(t time.Time) float64 {
	span := seconds(s.lo, s.hi)
	if span <= 0 {
		return (s.x0 + s.x1) / 2
	}
	return s.x0 + (s.x1-s.x0)*seconds(s.lo, t)/span
}

// seconds returns the seconds from a to b, without the saturation of
// time.Duration (about 292 years).
func seconds(a, b time.Time) float64 {
	return float64(b.Unix()-a.Unix()) + float64(b.Nanosecond()-a.Nanosecond())/1e9
}
