package quantity

import (
	"strconv"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Ages outside [minAge, maxAge] are not reported: below 14 a number next to
// "ans" is rarely a person's age in these texts, and 14–17 is exactly what
// investigators need to see.
const (
	minAge = 14
	maxAge = 99
)

var (
	// ageUnits follow the number and make it an age on their own.
	ageUnits = newPhraseSet("years old", "year old", "yrs old", "yr old", "years of age", "year-old",
		"years-old", "yrs", "yr", "yo", "y.o.", "y.o", "y/o", "ans", "jaar oud", "jaar", "jarige",
		"jahre alt", "jahre", "jährige", "jähriger", "jährig", "años", "anos", "ani", "de ani", "anni", "enne",
		"yaşında", "yaşındayım", "yaşındaki", "yaş", "سنة", "سنه", "عاما", "عامًا", "عام", "ساله",
		"سالمه", "سالشه", "سال دارم", "години", "годишна", "годишен", "годишно", "год")
	// ageUnitsWeak count only after a cue such as "age" or "I'm".
	ageUnitsWeak = newPhraseSet("years", "year", "سال")
	// ageCues precede the number: "age: 19", "عمري 19", "سن ۱۹".
	ageCues = newPhraseSet("age", "aged", "ages", "âge", "leeftijd", "alter", "edad", "vârsta", "varsta",
		"età", "yaş", "yaşım", "возраст", "възраст", "عمري", "العمر", "عمر", "عمرها", "عمره", "عمرى", "السن",
		"سن", "سني", "سنم", "سنی")
	// meCues ("I'm 19") are weaker: "I'm 5'4", "I'm 100% real".
	meCues = newPhraseSet("i'm", "i’m", "im", "i am", "iam", "ik ben", "ich bin", "j'ai", "j’ai", "tengo")
	// ageNotBefore are durations, requirements and time spans: "depuis 19
	// ans", "at least 18 years old", "منذ 19 سنة".
	ageNotBefore = newPhraseSet("depuis", "pendant", "durant", "dans", "il y a", "y a", "ça fait", "fait",
		"en", "since", "for", "for the past", "for the last", "over", "under", "past", "last", "within",
		"after", "in", "more than", "less than", "at least", "older than", "younger than", "minimum", "min",
		"plus de", "moins de", "au moins", "sinds", "al", "na", "gedurende", "binnen", "meer dan",
		"minder dan", "minstens", "ten minste", "seit", "vor", "über", "nach", "mehr als", "mindestens",
		"hace", "desde", "durante", "más de", "menos de", "al menos", "acum", "de peste", "peste",
		"timp de", "după", "cel puțin", "cel putin", "da", "per", "dopo", "oltre", "almeno", "en az",
		"منذ", "خلال", "بعد", "قبل", "اكثر من", "أكثر من", "على الأقل", "از", "طی", "بیش از", "от",
		"преди", "след", "за", "над", "под", "поне", "open", "+", "maiores de", "maior de", "mayores de",
		"mayor de", "menores de", "menor de")
	// ageNotAfter right after the age make it a requirement: "18 ans et
	// plus", "18 years or older".
	ageNotAfter = newPhraseSet("+", "or older", "or over", "and older", "and over", "and up",
		"and above", "or above", "et plus", "ou plus", "et +", "en ouder", "of ouder", "und älter",
		"oder älter", "und mehr", "y más", "o más", "sau mai mult", "și peste", "si peste", "ve üzeri",
		"ve üstü", "ve yukarı", "فما فوق", "وما فوق", "واكثر", "و اكثر", "و بالا", "به بالا", "и нагоре",
		"и повече", "minimum", "min", "révolus", "ago", "geleden", "fa", "önce", "ervaring")
	// ageNotNear in the few words after the unit make it a duration: "19
	// ans d'expérience", "20 years in business".
	ageNotNear = newWordSet("experience", "expérience", "experiences", "experiencia", "experiență",
		"experienta", "esperienza", "ervaring", "werkervaring", "erfahrung", "berufserfahrung", "deneyim",
		"deneyimi", "tecrübe", "tecrübesi", "خبرة", "خبره", "الخبرة", "خبرات", "الخبرات", "سابقه", "تجربه", "تجربة", "опит", "стаж",
		"métier", "ancienneté", "carrière", "career", "activité", "service", "business", "industry",
		"mariage", "marriage", "married", "garantie", "guarantee", "warranty", "prison", "jail",
		"sentence", "travail", "work", "working", "dienst", "trabajo", "muncă", "lavoro", "existence",
		"history", "histoire", "old-school", "ago", "geleden", "önce", "vechime", "anzianità",
		"antigüedad", "practice", "pratique", "praktijk", "company", "firm", "brand", "organization",
		"organisation", "entreprise", "société", "bedrijf", "firma", "unternehmen", "empresa", "compania",
		"companie", "azienda", "şirket", "شركة", "شركه", "شرکت", "фирма", "компания", "institution",
		"tradition", "building", "house", "car", "vehicle", "tree")
	// notAfterMe follow "I'm N" when N is not an age: "I'm 5 ft", "I'm 34 C".
	notAfterMe = newWordSet("ft", "feet", "foot", "cm", "kg", "lbs", "lb", "pounds", "inch", "inches", "in",
		"min", "mins", "minutes", "hours", "hour", "hr", "hrs", "h", "hh", "miles", "mi", "km", "am",
		"pm", "dollars", "roses", "bucks", "percent", "dd", "ddd", "th", "st", "nd", "rd", "minutes",
		"away", "mins", "x")
)

// age reads an age unit after amount a or an age cue before it.
func (sc *scanner) age(a amount) (match, bool) {
	if !a.plain || a.whole < minAge || a.whole > maxAge || a.digits != 2 {
		return match{}, false
	}
	s := sc.s
	m := match{kind: vigie.KindAge, start: a.start, end: a.end}

	// Cue before: "age: 19", "aged 19", "عمري 19", "I'm 19".
	j := backSpace(s, a.start)
	for k := 0; k < 2 && j > 0 && (s[j-1] == ':' || s[j-1] == '-' || s[j-1] == '='); k++ {
		j = backSpace(s, j-1)
	}
	cue, weak := -1, false
	if b, ok := ageCues.before(s, j); ok {
		cue = b
	} else if b, ok := meCues.before(s, backSpace(s, a.start)); ok {
		cue, weak = b, true
	}

	// Unit after: "19 ans", "19yo", "19-year-old", "19 سنة".
	p := a.end
	if p < len(s) && s[p] == '-' {
		p++
	} else {
		p = skipSpace(s, p)
	}
	unit := -1
	if e, ok := ageUnits.at(s, p); ok && (s[p:e] != "enne" || p == a.end) {
		unit = e
	} else if e, ok := ageUnitsWeak.at(s, p); ok && cue >= 0 {
		unit = e
	}
	if cue < 0 && unit < 0 {
		return match{}, false
	}
	// Durations and requirements.
	if _, ok := ageNotBefore.before(s, backSpace(s, a.start)); ok && cue < 0 {
		return match{}, false
	}
	end := a.end
	if unit >= 0 {
		end = unit
	}
	if end < len(s) && s[end] == '+' {
		return match{}, false
	}
	if _, ok := ageNotAfter.at(s, skipSpace(s, end)); ok {
		return match{}, false
	}
	if sc.durationNear(end) {
		return match{}, false
	}
	if unit < 0 && weak && !sc.bareAgeOK(a.end) {
		return match{}, false
	}
	if cue >= sc.lastEnd {
		m.start, m.prefix = cue, true
	}
	if unit >= 0 {
		m.end, m.suffix = unit, true
	}
	m.value = strconv.FormatInt(a.whole, 10)
	return m, true
}

// durationNear reports whether one of the three words after Norm offset p
// makes the number a duration ("19 ans d'expérience").
func (sc *scanner) durationNear(p int) bool {
	s := sc.s
	limit := min(len(s), p+48)
	for n := 0; n < 3 && p < limit; n++ {
		for p < limit && !alnumAt(s, p) {
			p++
		}
		if p >= limit || isDigit(s[p]) {
			return false
		}
		e := wordEnd(s, p)
		if ageNotNear.has(s[p:e]) {
			return true
		}
		p = e
	}
	return false
}

// bareAgeOK reports whether "I'm N" with nothing after N reads as an age:
// N is not followed by a unit, a digit or a sign.
func (sc *scanner) bareAgeOK(e int) bool {
	s := sc.s
	if e >= len(s) {
		return true
	}
	switch s[e] {
	case ' ', ',', '!', ';', ')':
	case '.':
		if e+1 < len(s) && isDigit(s[e+1]) {
			return false
		}
	default:
		return false
	}
	p := e
	for p < len(s) && (s[p] == ' ' || s[p] == ',') {
		p++
	}
	if p < len(s) && !alnumAt(s, p) && s[p] != '!' && s[p] != '.' && s[p] != ')' {
		return false
	}
	w := s[p:wordEnd(s, p)]
	if notAfterMe.has(w) || len(w) == 1 {
		return false
	}
	return true
}
