package quantity

// Most numbers in posts touch no marker at all: phone numbers, dates,
// times, lists of figures. classify would look for every kind of marker
// around each of them in vain; quiet tells these numbers apart with two
// table lookups per side.
//
// markerStart holds the first byte of every marker that percent, price and
// age read after a number, and markerEnd the last byte of every marker they
// read before one. Keep them, and the positions quiet looks at, in step
// with what those functions read: a marker missing here would be missed in
// the text.
var markerStart, markerEnd [256]bool

// initMarkers fills markerStart and markerEnd from the tables; it runs
// after they are complete.
func initMarkers() {
	for _, p := range []*phraseSet{percentAfter, ageUnits, ageUnitsWeak} {
		for _, w := range p.all {
			markerStart[w[0]] = true
		}
	}
	for _, p := range []*phraseSet{percentSigns, percentWords, ageCues, meCues} {
		for _, w := range p.all {
			markerEnd[w[len(w)-1]] = true
		}
	}
	for w := range currencies {
		markerStart[w[0]] = true
		markerEnd[w[len(w)-1]] = true
	}
	for _, d := range dotted {
		markerStart[d.form[0]] = true
		markerEnd[d.form[len(d.form)-1]] = true
	}
	for w := range dollarPrefix { // "us$300": the token ends with '$', a currency
		markerStart[w[0]] = true
	}
	for w := range multipliers {
		markerStart[w[0]] = true
	}
	// After the number: "€2.500,-" and ".-", and the "d'", "de", "of" of
	// "3 millions d'euros" past the space.
	for _, c := range ",.do" {
		markerStart[c] = true
	}
	markerEnd['.'] = true // "Rs. 500"
}

// quiet reports whether no marker can touch the number Norm[start:end], so
// that it is no percentage, price nor age. It looks where percent, price
// and age look: after the number, at its end and past a space or the '-'
// of "19-year-old"; before it, at its start, past a space, and past the
// ':', '-' or '=' of "age: 19".
func quiet(s string, start, end int) bool {
	if end < len(s) {
		c := s[end]
		if markerStart[c] || (c == ' ' || c == '-') && end+1 < len(s) && markerStart[s[end+1]] {
			return false
		}
	}
	if endsMarker(s, start) {
		return false
	}
	j := backSpace(s, start)
	if j != start && endsMarker(s, j) {
		return false
	}
	for k := 0; k < 2 && j > 0 && (s[j-1] == ':' || s[j-1] == '-' || s[j-1] == '='); k++ {
		j = backSpace(s, j-1)
	}
	return !endsMarker(s, j)
}

// endsMarker reports whether s[j-1] may be the last byte of a marker.
func endsMarker(s string, j int) bool {
	return j > 0 && markerEnd[s[j-1]]
}
