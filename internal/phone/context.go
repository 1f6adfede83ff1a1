package phone

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// block marks the digit groups that context shows are not (part of) a
// phone number: dates, times, amounts, percentages, postcodes, references,
// enterprise and VAT numbers, IBANs, card numbers, ISBNs, coordinates. The
// checks look only at the normalised text around the groups, so they cost
// next to nothing next to a phonenumbers call.
func (f *finder) block() {
	gs := f.groups
	s := f.s
	for i := range gs {
		g := &gs[i]
		if g.blocked {
			continue
		}
		if g.start > 0 && s[g.start-1] == '%' {
			// Percent-encoding in URLs: "%2253331097".
			g.blocked = true
			continue
		}
		if !g.linked && g.plus < 0 {
			if w, _ := wordEndingAt(s, g.start); w != "" && !phoneWords.has(w) && (len(w) <= 4 || refWords.has(w)) {
				// Digits glued to a short word: "be68…" (IBAN), "be0123…"
				// (VAT), "x1234" (extension), "14h30", "ab12345"
				// (references). A longer word glued on is a typo
				// ("weekend0475…").
				if len(w) == 2 {
					f.blockChain(i)
				} else {
					g.blocked = true
				}
			} else if w == "" || len(w) > 4 {
				f.blockByWordsBefore(i)
				f.blockPostcode(i)
			}
		}
		if w := wordStartingAt(s, g.end); w != "" {
			next := g.end + len(w)
			ext := (w == "x" || w == "ext") && next < len(s) && isDigit(s[next])
			if !ext && (len(w) <= 2 || unitWords.has(w)) {
				g.blocked = true
			}
		}
		// Times: "10:30", "08:00", "10.30 h". A colon between longer
		// groups ("760:981:7399") is only a separator.
		if i+1 < len(gs) && gs[i+1].linked && g.len() <= 2 && gs[i+1].len() == 2 && f.val(i) <= 24 && f.val(i+1) <= 59 {
			if x := f.sep(i + 1); x == ":" || x == "h" {
				g.blocked, gs[i+1].blocked = true, true
			}
		}
		f.blockAmount(i)
	}
	f.blockDates()
	f.blockChains()
}

// blockChain blocks group i and every group linked after it.
func (f *finder) blockChain(i int) {
	gs := f.groups
	gs[i].blocked = true
	for k := i + 1; k < len(gs) && gs[k].linked; k++ {
		gs[k].blocked = true
	}
}

// intlHead reports whether the chain holding group k starts with an
// international prefix ('+' or 00).
func (f *finder) intlHead(k int) bool {
	for k > 0 && f.groups[k].linked {
		k--
	}
	g := f.groups[k]
	return g.plus >= 0 || strings.HasPrefix(f.s[g.start:], "00")
}

// allBlocked reports whether groups a..b are all blocked.
func (f *finder) allBlocked(a, b int) bool {
	for k := a; k <= b; k++ {
		if !f.groups[k].blocked {
			return false
		}
	}
	return true
}

// sep returns the separator text between group k-1 and group k.
func (f *finder) sep(k int) string {
	return f.s[f.groups[k-1].end:f.groups[k].start]
}

// wordEndingAt returns the lower-case letter word that ends exactly at p
// ("" if s[p-1] is no letter) and, if there is none, the offset where the
// text before p, skipping spaces and a few punctuation marks, ends.
func wordEndingAt(s string, p int) (string, int) {
	k := p
	for k > 0 {
		if c := s[k-1]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				break
			}
			k--
			continue
		}
		r, w := utf8.DecodeLastRuneInString(s[:k])
		if !isLetterRune(r) {
			break
		}
		k -= w
	}
	if k < p {
		return s[k:p], k
	}
	return "", p
}

// wordStartingAt returns the letter word that starts exactly at p, or "".
func wordStartingAt(s string, p int) string {
	k := p
	for k < len(s) {
		if c := s[k]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				break
			}
			k++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[k:])
		if !isLetterRune(r) {
			break
		}
		k += w
	}
	return s[p:k]
}

func isLetterRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// skipBack skips spaces and the punctuation that sits between a label and
// its number ("tel.:", "n°", "#", "(") backwards from p.
func skipBack(s string, p int) int {
	for n := 0; p > 0 && n < 4; n++ {
		c := s[p-1]
		switch c {
		case ' ', ':', '.', '#', '(', '-', '=', '/', '\'', '"':
			p--
			continue
		}
		if r, w := utf8.DecodeLastRuneInString(s[:p]); r == '°' || r == 'º' || r == '№' {
			p -= w
			continue
		}
		break
	}
	return p
}

// blockByWordsBefore blocks the chain starting at group i when the nearest
// telling word before it names a reference, an account or a company number
// rather than a phone ("PV n°", "dossier", "TVA", "IBAN", "ISBN"...).
func (f *finder) blockByWordsBefore(i int) {
	s := f.s
	p := f.groups[i].start
	if f.groups[i].plus >= 0 {
		p = f.groups[i].plus
	}
	limit := max(0, p-48)
	for n := 0; n < 5 && p > limit; n++ {
		q := skipBack(s, p)
		w, ws := wordEndingAt(s, q)
		if w == "" {
			return
		}
		switch {
		case phoneWords.has(w):
			return
		case refWords.has(w):
			f.blockChain(i)
			return
		case len(w) == 2 && n == 0 && q == p-1:
			// "BE 0123.456.789", "BE68 5390 …" written with a space.
			if f.companyOrIBAN(i, w) {
				f.blockChain(i)
				return
			}
		case !neutralWords.has(w):
			return
		}
		p = ws
	}
}

// companyOrIBAN reports whether the chain at group i, after the two-letter
// country code cc, checks out as an IBAN or a Belgian enterprise number.
func (f *finder) companyOrIBAN(i int, cc string) bool {
	d := f.chainDigits(i, 32)
	if cc == "be" && len(d) == 10 && mod97Enterprise(d) {
		return true
	}
	return len(d) >= 12 && ibanValid(cc, d)
}

// chainDigits returns the digits of group i and the groups linked after it,
// up to the first group that takes them beyond n digits.
func (f *finder) chainDigits(i, n int) string {
	k, l := i, f.groups[i].len()
	for l <= n && k+1 < len(f.groups) && f.groups[k+1].linked {
		k++
		l += f.groups[k].len()
	}
	return f.digits(i, k)
}

// mod97Enterprise reports whether d (10 digits) is a Belgian enterprise
// number: the last two digits are 97 minus the first eight modulo 97.
func mod97Enterprise(d string) bool {
	if len(d) != 10 || (d[0] != '0' && d[0] != '1') {
		return false
	}
	n := 0
	for i := 0; i < 8; i++ {
		n = n*10 + int(d[i]-'0')
	}
	check := int(d[8]-'0')*10 + int(d[9]-'0')
	return 97-n%97 == check
}

// ibanValid reports whether cc followed by d is an IBAN with a valid mod-97
// checksum (country letters first moved to the end, as ISO 13616 says).
func ibanValid(cc, d string) bool {
	if len(cc) != 2 || len(d) < 4 || len(d) > 32 {
		return false
	}
	rem := 0
	feed := func(c byte) {
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
			return
		}
		v := int(c-'a') + 10
		rem = (rem*100 + v) % 97
	}
	for i := 2; i < len(d); i++ {
		feed(d[i])
	}
	feed(cc[0])
	feed(cc[1])
	feed(d[0])
	feed(d[1])
	return rem == 1
}

// blockPostcode blocks a 4- or 5-digit group written as a postcode: "B-1000",
// "F-75012", "NV 89109".
func (f *finder) blockPostcode(i int) {
	g := &f.groups[i]
	if n := g.len(); n != 4 && n != 5 {
		return
	}
	s := f.s
	p := g.start
	if p >= 2 && s[p-1] == '-' && isASCIILetter(s[p-2]) && (p == 2 || !isLetterRune(rune(s[p-3]))) {
		g.blocked = true
		return
	}
	if g.len() == 5 && p >= 3 && s[p-1] == ' ' {
		if w, _ := wordEndingAt(s, p-1); len(w) == 2 && usStates.has(w) {
			g.blocked = true
		}
	}
}

// blockAmount blocks the groups of an amount written with a currency or a
// percent sign, before or after: "€ 1 500", "3.500 €", "300 lei", "95 %".
func (f *finder) blockAmount(i int) {
	gs := f.groups
	s := f.s
	g := gs[i]
	// Before: "$300", "€ 1.500", "eur 300".
	if !g.linked {
		p := g.start
		if p > 0 && s[p-1] == ' ' {
			p--
		}
		if isCurrencyBefore(s, p) {
			gs[i].blocked = true
			k := i + 1
			for k < len(gs) && gs[k].linked && thousands(f.sep(k), gs[k].len(), k == i+1) {
				k++
			}
			// "$150 202-555-0123": a space is a thousands separator
			// only when the amount runs to the end of the chain.
			if k < len(gs) && gs[k].linked && f.spaced(i+1, k) {
				return
			}
			for m := i + 1; m < k; m++ {
				gs[m].blocked = true
			}
			return
		}
	}
	// After: "300€", "1 500 euros", "95%", "12,50 lei".
	p := g.end
	if p < len(s) && s[p] == ' ' {
		p++
	}
	if !isAmountAfter(s, p) {
		return
	}
	gs[i].blocked = true
	k := i
	for k > 0 && gs[k].linked && thousands(f.sep(k), gs[k].len(), k == i) && gs[k-1].len() <= 3 {
		k--
	}
	// "0450 00 12 34 500 €": a space is a thousands separator only when
	// the amount starts the chain.
	if gs[k].linked && f.spaced(k+1, i+1) {
		return
	}
	for m := k; m < i; m++ {
		gs[m].blocked = true
	}
}

// spaced reports whether a space separates any of groups a..b-1 from the
// group before it.
func (f *finder) spaced(a, b int) bool {
	for k := a; k < b; k++ {
		if f.sep(k) == " " {
			return true
		}
	}
	return false
}

// thousands reports whether a group of n digits after separator sep
// continues an amount: "1.500", "1 500", "1'500", or decimals "12,50".
func thousands(sep string, n int, decimalsOK bool) bool {
	if len(sep) != 1 {
		return false
	}
	switch sep[0] {
	case '.', ',':
		return n == 3 || (decimalsOK && n <= 2)
	case ' ', '\'':
		return n == 3
	}
	return false
}

func isCurrencyBefore(s string, p int) bool {
	if p == 0 {
		return false
	}
	r, w := utf8.DecodeLastRuneInString(s[:p])
	if isCurrencySign(r) {
		// "150$ 0475…": the sign belongs to the amount before it.
		q := p - w
		if q > 0 && s[q-1] == ' ' {
			q--
		}
		return q == 0 || !isDigit(s[q-1])
	}
	word, _ := wordEndingAt(s, p)
	return currencyBefore.has(word)
}

// isCurrencySign reports whether r is a currency symbol (Unicode Sc); '$'
// is the only one in ASCII.
func isCurrencySign(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '$'
	}
	return unicode.Is(unicode.Sc, r)
}

func isAmountAfter(s string, p int) bool {
	if p >= len(s) {
		return false
	}
	r, w := utf8.DecodeRuneInString(s[p:])
	if r == '%' || r == '‰' {
		return true
	}
	if isCurrencySign(r) {
		// "913-944-8180 $150": the sign belongs to the amount after it.
		q := p + w
		if q < len(s) && s[q] == ' ' {
			q++
		}
		return q >= len(s) || !isDigit(s[q])
	}
	word := wordStartingAt(s, p)
	return currencyWords.has(word) || percentWords.has(word)
}

// blockDates blocks runs of two or three groups joined by one and the same
// '/', '.' or '-' that read as a date: "12/05/2024", "2024-05-12",
// "12.05.24", "24/7".
func (f *finder) blockDates() {
	gs := f.groups
	for a := 0; a < len(gs); {
		b := a
		var sep string
		for b+1 < len(gs) && gs[b+1].linked {
			x := f.sep(b + 1)
			if len(x) != 1 || (x[0] != '/' && x[0] != '.' && x[0] != '-' && x[0] != ' ') || (sep != "" && x != sep) {
				break
			}
			sep = x
			b++
		}
		// A run inside an international number ("+687 20.12.34") is no
		// date.
		if f.intlHead(a) || f.allBlocked(a, b) {
			a = b + 1
			continue
		}
		switch {
		case b-a == 2 && f.dateLike(a, a+1, a+2):
			gs[a].blocked, gs[a+1].blocked, gs[a+2].blocked = true, true, true
		case b-a > 2 && (gs[a].len() == 4 || gs[a+2].len() == 4) && f.dateLike(a, a+1, a+2):
			// A time stamp: "2022-03-27-21-41-55", "21-09-2020-01-02".
			for k := a; k <= b; k++ {
				gs[k].blocked = true
			}
		case b-a == 1:
			if sep == "/" && gs[a].len() <= 2 && gs[b].len() <= 2 {
				x, y := f.val(a), f.val(b)
				if x >= 1 && y >= 1 && x <= 31 && y <= 31 && (x <= 12 || y <= 12) {
					gs[a].blocked, gs[b].blocked = true, true
				}
			}
		}
		a = b + 1
	}
}

func (f *finder) val(k int) int {
	n := 0
	g := f.groups[k]
	for i := g.start; i < g.end && i < g.start+9; i++ {
		n = n*10 + int(f.s[i]-'0')
	}
	return n
}

func (f *finder) dateLike(a, b, c int) bool {
	gs := f.groups
	la, lb, lc := gs[a].len(), gs[b].len(), gs[c].len()
	x, y, z := f.val(a), f.val(b), f.val(c)
	if la <= 2 && lb <= 2 && (lc == 2 || lc == 4) && f.sep(b) != " " {
		return x >= 1 && y >= 1 && x <= 31 && y <= 31 && (x <= 12 || y <= 12)
	}
	if la == 4 && lb <= 2 && lc <= 2 && (lb == 2 && lc == 2 || f.sep(b) != " ") {
		return x >= 1900 && x <= 2099 && y >= 1 && y <= 12 && z >= 1 && z <= 31
	}
	return false
}

// blockChains applies the rules that need a whole chain of linked groups:
// card numbers (four groups of four), ISBN-13, dotted Belgian enterprise
// numbers and coordinate pairs.
func (f *finder) blockChains() {
	gs := f.groups
	for a := 0; a < len(gs); {
		b := a
		for b+1 < len(gs) && gs[b+1].linked {
			b++
		}
		if f.allBlocked(a, b) {
			a = b + 1
			continue
		}
		n := b - a + 1
		fours := n >= 4
		for k := a; k <= b && fours; k++ {
			fours = gs[k].len() == 4
		}
		total := 0
		for k := a; k <= b; k++ {
			total += gs[k].len()
		}
		block := fours
		if !block && total == 13 {
			d := f.chainDigits(a, 13)
			block = (d[:3] == "978" || d[:3] == "979") && isbn13(d)
		}
		if !block && n == 3 && gs[a].len() == 4 && gs[a+1].len() == 3 && gs[b].len() == 3 &&
			f.sep(a+1) == "." && f.sep(b) == "." {
			block = mod97Enterprise(f.chainDigits(a, 10))
		}
		if block {
			for k := a; k <= b; k++ {
				gs[k].blocked = true
			}
		}
		// Counting runs: "19 20 21 22 23" (age pickers, calendars,
		// numbered lists).
		for k := a; k <= b; {
			m, wide := k, gs[k].len() > 1
			step := 0
			for m+1 <= b && gs[m+1].len() <= 4 && gs[m].len() <= 4 {
				d := f.val(m+1) - f.val(m)
				if (d != 1 && d != -1) || (step != 0 && d != step) {
					break
				}
				step = d
				m++
				wide = wide || gs[m].len() > 1
			}
			// Single digits counting up ("5 6 7 8") may be the digits of
			// an obfuscated number; six of them are not.
			if m-k+1 >= 6 || (wide && m-k+1 >= 4) {
				for x := k; x <= m; x++ {
					gs[x].blocked = true
				}
			}
			k = m + 1
		}
		// Coordinates: "50.8503 4.3517", "40.7128 -74.0060".
		for k := a; k+3 <= b; k++ {
			if f.sep(k+1) == "." && f.sep(k+3) == "." && gs[k].len() <= 3 && gs[k+2].len() <= 3 &&
				gs[k+1].len() >= 4 && gs[k+3].len() >= 4 {
				for m := k; m <= k+3; m++ {
					gs[m].blocked = true
				}
			}
		}
		a = b + 1
	}
}

func isbn13(d string) bool {
	sum := 0
	for i := 0; i < 13; i++ {
		v := int(d[i] - '0')
		if i%2 == 1 {
			v *= 3
		}
		sum += v
	}
	return sum%10 == 0
}

// wordSet is a set of words. The context checks look up every word next
// to a digit group, and most are in no set: has rejects them by length and
// first byte before it hashes them.
type wordSet struct {
	m     map[string]bool
	lens  uint64    // bit n is set when some word has n bytes
	first [4]uint64 // bit c is set when some word starts with byte c
}

// set returns the wordSet of words, which must be 1 to 63 bytes long.
func set(words ...string) *wordSet {
	ws := &wordSet{m: make(map[string]bool, len(words))}
	for _, w := range words {
		if len(w) == 0 || len(w) >= 64 {
			panic("phone: word set entry of bad length: " + w)
		}
		ws.m[w] = true
		ws.lens |= 1 << len(w)
		ws.first[w[0]>>6] |= 1 << (w[0] & 63)
	}
	return ws
}

// has reports whether w is in the set.
func (ws *wordSet) has(w string) bool {
	if len(w) == 0 || len(w) >= 64 || ws.lens&(1<<len(w)) == 0 || ws.first[w[0]>>6]&(1<<(w[0]&63)) == 0 {
		return false
	}
	return ws.m[w]
}

// phoneWords are labels that announce a phone number; digits glued to them
// ("tel0475…") stay candidates, and they override reference words further
// back.
var phoneWords = set(
	"tel", "tél", "tele", "telephone", "telefoon", "telefon", "telefono", "telefone", "telefonu", "telephon",
	"phone", "ph", "phn", "fon", "call", "calls", "caller", "appel", "appelez", "appeler", "appelle", "bel", "bellen",
	"gsm", "mobile", "mob", "mobiel", "cell", "cel", "cellulaire", "portable", "port", "handy", "whatsapp", "whatsap",
	"watsapp", "wa", "viber", "signal", "sms", "text", "txt", "texto", "contact", "contactez", "hotline", "fax",
	"telegram", "imo", "numara", "numarasi", "telefonul", "mobil", "tlf", "tlph", "cellphone", "line",
	"هاتف", "الهاتف", "اتصل", "اتصال", "واتساب", "واتس", "جوال", "موبايل", "تلفون", "تليفون", "фон", "тел", "телефон",
)

// refWords announce a number that is not a phone: references, accounts,
// company and tax numbers, postcodes.
var refWords = set(
	"tva", "btw", "kbo", "bce", "vat", "ondernemingsnummer", "entreprise", "onderneming", "ondernemings",
	"rpm", "rpr", "siret", "siren", "kvk", "ust", "ustid", "nif", "cif", "nip", "cui", "ein", "tin", "abn", "gst",
	"rcs", "duns", "pv", "proces", "dossier", "dossiernummer", "ref", "refs", "reference", "referentie", "refnr",
	"kenmerk", "case", "notice", "file", "order", "orders", "commande", "bestelling", "invoice", "facture",
	"factuur", "ticket", "isbn", "issn", "iban", "bic", "swift", "account", "acct", "compte", "rekening",
	"rekeningnummer", "card", "carte", "kaart", "postcode", "zip", "postal", "postbus", "passport", "passeport",
	"paspoort", "serial", "imei", "transaction", "tracking", "colis", "parcel", "receipt", "matricule",
	"registration", "immatriculation", "license", "licence", "permit", "id", "ids", "rrn", "rijksregisternummer",
	"nn", "registre", "ssn", "bsn", "cnp", "lot", "sku", "article", "artikel", "art", "item", "model", "modele",
	"version", "v", "isin", "ean", "upc", "booking", "reservation", "reservering", "pnr", "flight", "vol", "vlucht",
	"rue", "straat", "street", "avenue", "bte", "bus", "box", "chambre", "kamer", "room", "page", "p", "pp",
	"loi", "wet", "law", "decret", "arrete", "listing", "annonce", "batch", "uid", "oid", "guid", "hash", "sha",
)

// neutralWords may stand between a label and its number ("numéro de", "is
// the") and are skipped when looking for the label.
var neutralWords = set(
	"n", "no", "nr", "nro", "num", "numb", "number", "numbers", "numero", "numeros", "nummer", "numer", "numar",
	"de", "du", "des", "d", "van", "het", "the", "of", "your", "our", "my", "votre", "notre", "mon", "ma", "uw",
	"onze", "mijn", "is", "est", "le", "la", "les", "l", "a", "at", "au", "op", "on", "to", "me", "us", "nous",
	"moi", "us", "or", "ou", "of", "and", "et", "en", "via", "par", "by", "per", "mij", "ons", "direct", "only",
	"uniquement", "seulement", "alleen", "please", "svp", "plz", "pls", "here", "ici", "hier", "now", "maintenant",
	"nu", "today", "and", "us", "ur", "u", "it", "this", "that", "ce", "cette", "dit", "deze",
)

// unitWords written right after digits make them a quantity, not a phone.
var unitWords = set(
	"km", "kg", "cm", "mm", "ft", "sq", "lbs", "lb", "mb", "gb", "ml", "min", "mins", "hrs", "hr", "sec", "yo",
	"yrs", "ans", "jaar", "years", "year", "kcal", "inch", "inches", "pcs", "eur", "euro", "euros", "usd",
)

// currencyWords are currency names and codes in the supported languages.
var currencyWords = set(
	"eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "pound", "pounds", "livres", "lei", "leu", "ron",
	"bgn", "лв", "лева", "лев", "mad", "dh", "dhs", "dirham", "dirhams", "درهم", "دراهم", "lyd", "دينار", "دنانير",
	"dinar", "dinars", "ريال", "جنيه", "دولار", "يورو", "tl", "lira", "lire", "ngn", "naira", "afn",
	"afghani", "afghanis", "syp", "ern", "nakfa", "chf", "cad", "aud", "bucks", "roses", "rose", "franc", "francs",
	"frank", "fcfa", "cfa", "xof", "xaf", "rub", "руб", "рублей", "uah", "грн", "pln", "zl", "zloty", "czk", "kc",
	"huf", "ft", "sek", "nok", "dkk", "kr", "inr", "rs", "rupees", "تومان", "toman", "rial", "rials", "افغانی",
	"k", "€", "$", "£", "euroos", "ευρώ",
)

// currencyBefore are the currency words written before an amount; words
// that are also common verbs or nouns ("try", "roses") are left out.
var currencyBefore = set(
	"eur", "euro", "euros", "usd", "gbp", "chf", "cad", "aud", "ron", "bgn", "mad", "dh", "dhs", "lyd", "ngn",
	"afn", "syp", "ern", "inr", "rs", "rub", "pln", "tl", "dinar", "dirham", "ريال", "درهم", "دينار", "лв",
	"fcfa", "cfa", "xof", "xaf", "sek", "nok", "dkk", "huf", "czk", "uah",
)

var percentWords = set("percent", "pourcent", "procent", "pct", "pc", "prozent", "porciento", "بالمئة", "بالمائة")

// usStates are the two-letter postal codes written before a ZIP code.
var usStates = set(
	"al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la",
	"me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok",
	"or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc",
)
