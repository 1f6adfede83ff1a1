// Package doctype finds mentions of identity, travel and civil-status
// documents (passports, ID cards, residence permits, visas, …) in the
// languages vigie supports and names each with a stable snake_case id.
//
// It is a pure stage: the phrase table is embedded and indexed once at
// init; Find is safe for concurrent use.
package doctype

import (
	_ "embed"
	"github.com/vigie-project/vigie/internal/wordtable"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Document ids, the Value of the entities Find returns.
const (
	Passport            = "passport"
	IDCard              = "id_card"
	ResidencePermit     = "residence_permit"
	Visa                = "visa"
	DrivingLicence      = "driving_licence"
	Diploma             = "diploma"
	BirthCertificate    = "birth_certificate"
	WorkPermit          = "work_permit"
	MarriageCertificate = "marriage_certificate"
	TravelDocument      = "travel_document"
)

// IDs lists every document id.
var IDs = []string{
	Passport, IDCard, ResidencePermit, Visa, DrivingLicence, Diploma,
	BirthCertificate, WorkPermit, MarriageCertificate, TravelDocument,
}

//go:embed documents.txt
var documentsTxt string

// entry is one phrase after its first token.
type entry struct {
	rest  []string
	id    string
	upper bool // must be written in capitals: "CNI", not "cni"
}

// index maps the first token of every phrase (Fold view) to the phrases
// starting with it, longest first; table holds the same for the lookups
// of every word (a value, not a pointer: its filter is read at a fixed
// address).
var (
	index = buildIndex()
	table = *wordtable.New(index, slices.Sorted(maps.Keys(index)))
)

func buildIndex() map[string][]entry {
	idx := map[string][]entry{}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(documentsTxt, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		id, phrases, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		for p := range strings.SplitSeq(phrases, "|") {
			upper := strings.HasPrefix(p, "^")
			p = strings.TrimPrefix(p, "^")
			toks := phraseTokens(p)
			if len(toks) == 0 || seen[strings.Join(toks, " ")] {
				continue
			}
			seen[strings.Join(toks, " ")] = true
			idx[toks[0]] = append(idx[toks[0]], entry{rest: toks[1:], id: id, upper: upper})
		}
	}
	for k, es := range idx {
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && len(es[j].rest) > len(es[j-1].rest); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		idx[k] = es
	}
	return idx
}

func phraseTokens(p string) []string {
	t := normalize.Fold(p)
	var out []string
	for _, tok := range t.Tokens() {
		if tok.Kind == normalize.Word || tok.Kind == normalize.Number {
			out = append(out, t.Norm[int(tok.Start):int(tok.End)])
		}
	}
	return out
}

// Find returns the document entities of t (a normalize.Fold view): Value
// one of the ids in IDs, in order of Start.
func Find(t *normalize.Text) []vigie.Entity {
	if t == nil || t.Norm == "" {
		return nil
	}
	return find(t, nextCandidate)
}

// find is Find, taking the candidate tokens from next: nextCandidate, or
// in tests a reference that takes every word.
func find(t *normalize.Text, next func(norm string, toks []normalize.Token, i int) int) []vigie.Entity {
	toks := t.Tokens()
	var out []vigie.Entity
	for i := next(t.Norm, toks, 0); i < len(toks); i = next(t.Norm, toks, i+1) {
		tok := toks[i]
		word := t.Norm[int(tok.Start):int(tok.End)]
		if word == "" {
			continue // never: tokens are not empty
		}
		start := int(tok.Start)
		es := lookup(word)
		if es == nil && isArabicLead(word[0]) {
			start, es = arabicLookup(word, int(tok.Start))
		}
		for _, e := range es {
			last, ok := matchRest(t, toks, i, e.rest)
			if !ok || e.upper && !allUpper(t, start, int(toks[last].End)) || !contextOK(t, toks, i, last, e.id) {
				continue
			}
			s, en := t.Span(start, int(toks[last].End))
			out = append(out, vigie.Entity{
				Kind: vigie.KindDocument, Value: e.id, Text: t.Orig[s:en], Start: s, End: en,
			})
			i = last
			break
		}
	}
	return out
}

// nextCandidate returns the index of the first word token from toks[i] on
// that may start a phrase, len(toks) if none.
func nextCandidate(norm string, toks []normalize.Token, i int) int {
	return i + nextIn(norm, toks[i:])
}

// nextIn returns the index of the first word of toks that may start a
// phrase, len(toks) if none. The filter rejects most tokens, and this
// loop, free of calls, keeps its state in registers. It filters every
// token and looks at the kind of the few that pass, so that the branches
// it takes on most tokens are predictable.
func nextIn(norm string, toks []normalize.Token) int {
	for j, tok := range toks {
		if int(tok.Start) > len(norm)-8 {
			return lastIn(norm, toks, j)
		}
		// The eight bytes from the token's start hold its head.
		x := wordtable.HeadAt(norm, int(tok.Start))
		if candidate(wordtable.KeyOf(x, int(tok.End-tok.Start)), byte(x), tok.Kind) {
			return j
		}
	}
	return len(toks)
}

// lastIn is nextIn for the last tokens of a text, that start less than
// eight bytes before its end, from toks[j] on.
func lastIn(norm string, toks []normalize.Token, j int) int {
	for ; j < len(toks); j++ {
		tok := toks[j]
		w := norm[tok.Start:tok.End]
		if w == "" {
			continue // never: tokens are not empty
		}
		if candidate(wordtable.Key(w), w[0], tok.Kind) {
			return j
		}
	}
	return len(toks)
}

// candidate reports whether a token of kind kind, whose wordtable.Key is k
// and first byte first, is a word that may start a phrase.
func candidate(k uint32, first byte, kind normalize.TokenKind) bool {
	return (table.MayHave(k) || isArabicLead(first)) && kind == normalize.Word
}

// isArabicLead reports whether b starts the UTF-8 encoding of a letter of
// the Arabic block (U+0600 to U+06FF), which arabicLookup may take apart.
func isArabicLead(b byte) bool { return b >= 0xd8 && b <= 0xdb }

// Arabic clitics written attached to the noun: conjunctions, prepositions
// and the article before it ("بالجواز", "وإقامة"), possessive pronouns
// after it ("جوازك", "إقامتي").
var (
	arabicPrefixes = []string{"", "و", "ب", "ل", "ف", "ك", "وب", "ول", "فب"}
	arabicSuffixes = []string{"كم", "هم", "ها", "نا", "ك", "ي", "ه"}
)

// arabicLookup retries an Arabic-script word without its clitics and
// returns where the phrase starts in Norm (after any prefix; a suffix stays
// inside the entity).
func arabicLookup(word string, at int) (int, []entry) {
	try := func(w string) []entry {
		if es := lookup(w); es != nil {
			return es
		}
		for _, suf := range arabicSuffixes {
			if len(w) > len(suf)+4 && strings.HasSuffix(w, suf) {
				stem := w[:len(w)-len(suf)]
				if es := lookup(stem); es != nil {
					return es
				}
				// A tā' marbūṭa becomes tā' before a pronoun: "إقامتك".
				if strings.HasSuffix(stem, "ت") {
					var buf [96]byte
					if len(stem) <= len(buf) {
						b := append(append(buf[:0], stem[:len(stem)-len("ت")]...), "ه"...)
						// The map, not table: looking a converted []byte
						// up in a map does not allocate.
						if es, ok := index[string(b)]; ok {
							return es
						}
					}
				}
			}
		}
		return nil
	}
	// Peel one conjunction or preposition, then the article, which stays
	// inside the entity: "بالجواز" gives "الجواز".
	for _, p := range arabicPrefixes {
		if !strings.HasPrefix(word, p) {
			continue
		}
		rest := word[len(p):]
		if len(rest) < 4 {
			continue
		}
		if es := try(rest); es != nil {
			return at + len(p), es
		}
		if strings.HasPrefix(rest, "ال") && len(rest) > len("ال")+4 {
			if es := try(rest[len("ال"):]); es != nil {
				return at + len(p), es
			}
		}
		// "للجواز": after "ل" the article loses its alif.
		if p == "ل" && strings.HasPrefix(rest, "ل") && len(rest) > len("ل")+4 {
			if es := try(rest[len("ل"):]); es != nil {
				return at + len(p), es
			}
		}
	}
	return at, nil
}

// matchRest reports whether the tokens after toks[i] spell rest, allowing
// one hyphen, apostrophe or dot glued between words, and returns the last
// token.
func matchRest(t *normalize.Text, toks []normalize.Token, i int, rest []string) (int, bool) {
	j := i
	for _, want := range rest {
		j++
		if j < len(toks) && toks[j].Kind == normalize.Punct && isJoiner(t.Norm[int(toks[j].Start):int(toks[j].End)]) &&
			int(toks[j].Start) == int(toks[j-1].End) {
			j++
		}
		if j >= len(toks) || toks[j].Kind == normalize.Punct || toks[j].Kind == normalize.Symbol ||
			t.Norm[int(toks[j].Start):int(toks[j].End)] != want {
			return i, false
		}
	}
	return j, true
}

func isJoiner(p string) bool {
	switch p {
	case "-", "'", "’", ".", "‐", "‑":
		return true
	}
	return false
}

func allUpper(t *normalize.Text, i, j int) bool {
	s, e := t.Span(i, j)
	for _, r := range t.Orig[s:e] {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// word returns the text of toks[k] when it is a word or number, else "".
func word(t *normalize.Text, toks []normalize.Token, k int) string {
	if k < 0 || k >= len(toks) || toks[k].Kind == normalize.Punct || toks[k].Kind == normalize.Symbol {
		return ""
	}
	return t.Norm[int(toks[k].Start):int(toks[k].End)]
}

// cardWords next to "visa" mean the payment card: "Visa card", "carte Visa".
var cardWords = set("card", "cards", "carte", "cartes", "kaart", "karte", "tarjeta", "carta", "cartao", "card-ul",
	"bancaire", "bancaria", "credit", "debit", "debito", "credito", "electron", "mastercard", "master", "maestro",
	"amex", "paypal", "discover", "cb", "gold", "platinum", "prepaid", "gift",
	"بطاقه", "بطاقات", "كارت", "ماستر", "ماستركارد", "ائتمان", "ائتمانيه", "مسبقه")

// payWords a few words away from "visa" mean payment, not a travel visa.
var payWords = set("mastercard", "maestro", "amex", "paypal", "accept", "accepted", "accepts", "accepte", "acceptes",
	"acceptons", "acceptees", "payment", "payments", "pay", "paiement", "paiements", "payer", "betaling", "betalen",
	"pin", "bancontact", "cash", "contactless", "pago", "pagos", "pagamento", "apple", "ماستركارد", "دفع", "الدفع")

// vistoArticles before "visto" make it the noun (a visa) rather than the
// Spanish, Italian or Portuguese participle "seen".
var vistoArticles = set("un", "el", "il", "o", "um", "del", "de", "do", "su", "tu", "mi", "tuo", "suo", "seu",
	"nuevo", "nuovo", "sin", "senza", "sem", "con", "com", "el", "los", "i", "il", "per", "para", "questo", "este")

// vistoNext after "visto" make it the noun: "visto de trabajo", "visto per".
var vistoNext = set("schengen", "de", "di", "per", "para", "turistico", "turistica", "lavoro", "trabajo",
	"estudiante", "studio", "estudo", "trabalho", "umanitario", "humanitario")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// contextOK rejects the readings of a phrase that are not a document: the
// Visa payment card, the participle "visto", the Turkish mid-term exam
// "vize sınavı", a hotel stay "إقامة في فندق", a news bulletin.
func contextOK(t *normalize.Text, toks []normalize.Token, i, last int, id string) bool {
	first := word(t, toks, i)
	next := word(t, toks, nextWord(toks, last))
	prev := word(t, toks, prevWord(toks, i))
	switch first {
	case "visa", "visas", "فيزا", "الفيزا", "فيزه":
		if last != i {
			return true // "visa schengen", "visa card" is not in the table
		}
		if cardWords[next] || cardWords[prev] || punctAt(t, toks, last+1, "/") || punctAt(t, toks, i-1, "/") {
			return false // "Visa card", "Visa/Mastercard"
		}
		for k := max(0, i-4); k < min(len(toks), last+5); k++ {
			if payWords[word(t, toks, k)] {
				return false
			}
		}
		return true
	case "visto", "vistos":
		return last != i || vistoArticles[prev] || vistoNext[next]
	case "vize", "vizesi":
		return !strings.HasPrefix(next, "sinav") && !strings.HasPrefix(next, "final") && next != "haftasi"
	case "ikamet":
		return last != i || !strings.HasPrefix(next, "adres") && !strings.HasPrefix(next, "yeri") && next != "eden"
	case "buletin", "buletinul":
		return last != i || next != "de" && next != "informativ" && next != "meteo" && next != "medical"
	case "تذكره":
		// "تذکره" (tazkira, the Afghan ID) folds to "تذكرة", a ticket in
		// Arabic: only the Persian spelling counts.
		s, e := t.Span(int(toks[i].Start), int(toks[i].End))
		return strings.ContainsRune(t.Orig[s:e], 'ک')
	case "ausweis":
		return next != "kontrolle" && next != "nummer"
	}
	if id == ResidencePermit && (strings.Contains(first, "اقام")) {
		for k := max(0, i-4); k < min(len(toks), last+5); k++ {
			if hotelWords[word(t, toks, k)] {
				return false
			}
		}
	}
	return true
}

// hotelWords near "إقامة" make it a stay, not a residence permit.
var hotelWords = set("فندق", "الفندق", "فندقيه", "ليله", "ليلتين", "ليالي", "غرفه", "شقه", "سياحيه", "منتجع", "هتل")

// punctAt reports whether toks[k] is the punctuation p.
func punctAt(t *normalize.Text, toks []normalize.Token, k int, p string) bool {
	return k >= 0 && k < len(toks) && toks[k].Kind == normalize.Punct && t.Norm[int(toks[k].Start):int(toks[k].End)] == p
}

func nextWord(toks []normalize.Token, k int) int {
	for k++; k < len(toks); k++ {
		if toks[k].Kind == normalize.Word || toks[k].Kind == normalize.Number {
			return k
		}
	}
	return len(toks)
}

func prevWord(toks []normalize.Token, k int) int {
	for k--; k >= 0; k-- {
		if toks[k].Kind == normalize.Word || toks[k].Kind == normalize.Number {
			return k
		}
	}
	return -1
}

// lookup returns the entries of the word w (not empty), nil when it has
// none.
func lookup(w string) []entry {
	es, _ := table.Get(w)
	return es
}
