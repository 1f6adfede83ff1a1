package quantity

// Most numbers in posts touch no marker at all: phone numbers, dates,
// times, lists of figures. classify would look for every kind of marker
// around each of them in vain; quiet tells these numbers apart with two
// table lookups per side.
//
// markerStart holds the first two bytes of every marker that percent,
// price and age read after a number, and markerEnd the last two bytes of
// every marker they read before one; a marker of one byte pairs with any
// byte. Every reader matches its markers literally (phrases, table keys),
// so that a marker in the text has its pair there. Keep the tables, and
// the positions quiet looks at, in step with what those functions read: a
// marker missing here would be missed in the text. (One byte per side let
// through three numbers in four: the letter after "20 h", "5 p" or "3 a"
// starts some marker, the pair of letters mostly does not.)
var markerStart, markerEnd pairSet

// pairSet is a set of pairs of bytes.
type pairSet [256][4]uint64

func (p *pairSet) add(a, b byte) { p[a][b>>6] |= 1 << (b & 63) }

// has reports whether the pair a, b is in the set.
func (p *pairSet) has(a, b byte) bool { return p[a][b>>6]&(1<<(b&63)) != 0 }

// addFirst adds the first two bytes of w, or w[0] with every byte.
func (p *pairSet) addFirst(w string) {
	if len(w) == 1 {
		for b := range 256 {
			p.add(w[0], byte(b))
		}
		return
	}
	p.add(w[0], w[1])
}

// addLast adds the last two bytes of w, or every byte with w[0].
func (p *pairSet) addLast(w string) {
	if len(w) == 1 {
		for a := range 256 {
			p.add(byte(a), w[0])
		}
		return
	}
	p.add(w[len(w)-2], w[len(w)-1])
}

// initMarkers fills markerStart and markerEnd from the tables; it runs
// after they are complete.
func initMarkers() {
	for _, p := range []*phraseSet{percentAfter, ageUnits, ageUnitsWeak} {
		for _, w := range p.all {
			markerStart.addFirst(w)
		}
	}
	for _, p := range []*phraseSet{percentSigns, percentWords, ageCues, meCues} {
		for _, w := range p.all {
			markerEnd.addLast(w)
		}
	}
	for w := range currencies {
		markerStart.addFirst(w)
		markerEnd.addLast(w)
	}
	for _, d := range dotted {
		markerStart.addFirst(d.form)
		markerEnd.addLast(d.form)
	}
	for w := range dollarPrefix { // "us$300": the letters and the '$' after them
		markerStart.addFirst(w + "$")
	}
	for w := range multipliers {
		markerStart.addFirst(w)
	}
	// After the number: "€2.500,-" and ".-", and the "d'", "de", "of" of
	// "3 millions d'euros" past the space.
	for _, w := range []string{",-", ".-", "d'", "d’", "de", "of"} {
		markerStart.addFirst(w)
	}
	markerEnd.addLast(".") // "Rs. 500"
}

// quiet reports whether no marker can touch the number Norm[start:end], so
// that it is no percentage, price nor age. It looks where percent, price
// and age look: after the number, at its end and past a space or the '-'
// of "19-year-old"; before it, at its start, past a space, and past the
// ':', '-' or '=' of "age: 19".
func quiet(s string, start, end int) bool {
	if end < len(s) {
		c := s[end]
		if markerStart.has(c, byteAt(s, end+1)) ||
			(c == ' ' || c == '-') && end+1 < len(s) && markerStart.has(s[end+1], byteAt(s, end+2)) {
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

// byteAt returns s[i], or 0 past the end (no marker of two bytes or more
// fits there; those of one byte pair with 0 too).
func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// endsMarker reports whether s[j-2:j] may be the last bytes of a marker
// (s[j-1] alone at the start of s).
func endsMarker(s string, j int) bool { return endsPair(s, j, &markerEnd) }

// endsPair reports whether s[j-2:j], with a 0 before the start of s, is
// in p; j <= len(s). It is false for j <= 0.
func endsPair(s string, j int, p *pairSet) bool {
	if j <= 0 {
		return false
	}
	var a byte
	if j >= 2 {
		a = s[j-2]
	}
	return p.has(a, s[j-1])
}
