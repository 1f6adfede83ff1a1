package export

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/net/idna"
)

// ftmEntity is one FollowTheMoney entity as Aleph reads it from JSON
// lines.
type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// ftmIDLen is the number of hex digits of a SHA-256 in an entity id.
const ftmIDLen = 32

// ftmID returns the entity id of a kind of thing and its natural key:
// "vigie-" and 32 hex digits of their SHA-256.
func ftmID(kind string, key ...string) string {
	return "vigie-" + hashHex(ftmIDLen, append([]string{kind}, key...)...)
}

// ftmPostID returns the entity id of a post; hex keys count
// case-insensitively, as in the graph ids.
func ftmPostID(p *Post) string { return ftmID("post", postNaturalKey(p)) }

// ftmIdentID returns the entity id of an identifier.
func ftmIdentID(id Identifier) string { return ftmID("identifier", id.Class, id.Value) }

// WriteFtM writes posts and their identifiers to w as FollowTheMoney
// entities, one JSON object {"id", "schema", "properties"} per line, each
// property a list of strings:
//
//   - a post is a PlainText (title, bodyText, sourceUrl, author,
//     publishedAt in UTC, detectedLanguage as ISO 639-3 when the language
//     is one of those FollowTheMoney's language type accepts,
//     phoneMentioned, emailMentioned, ibanMentioned, keywords: its
//     categories and "vigie-network-<id>", notes: one line with its risk,
//     categories, places, prices and network);
//   - a phone, e-mail or handle is a UserAccount (username, service,
//     number, email), an IBAN a BankAccount (iban, accountNumber), a
//     crypto wallet a CryptoWallet (publicKey), a photo an Image (name and
//     fileName: its SHA-256, so that Aleph has a caption for it);
//   - each distinct post–identifier pair is an UnknownLink (subject: the
//     identifier, object: the post, role).
//
// Typed properties get only the values FollowTheMoney's types keep
// (Aleph drops the others when it cleans entities): sourceUrl only an
// absolute URL with a host; phoneMentioned and number only valid E.164
// numbers; emailMentioned and email only addresses of the form FtM's
// e-mail type accepts; ibanMentioned and iban only IBANs whose check
// digits are right; publishedAt only years 1000 to 2999. The raw value of
// an identifier stays in the string-typed username or accountNumber.
//
// Each identifier is written once, before its first link. Entity ids are
// "vigie-" and a hash of the kind and natural key (the post's Key; the
// identifier's class and value), so that exporting again gives the same
// ids and Aleph merges rather than duplicates. Empty and blank properties
// are left out; values are cleaned as the XML writers clean them
// (controls and bytes that are not UTF-8 become U+FFFD). nets gives the
// networks' sizes and dates for the notes. WriteFtM returns the first
// error of w.
func WriteFtM(w io.Writer, posts []Post, nets []Network) error {
	g := buildGraph(posts, nets)
	b := newBufWriter(w)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	written := make([]bool, len(g.nodes))
	identIDs := make([]string, len(g.nodes))
	typed := make([]ftmTyped, len(g.nodes))
	for i := range g.nodes {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		n := &g.nodes[i]
		if n.post == nil {
			continue
		}
		postID := ftmPostID(n.post)
		if err := enc.Encode(g.ftmPost(n, postID, typed)); err != nil {
			return fmt.Errorf("write ftm: %w", err)
		}
		for _, ii := range n.idents {
			in := &g.nodes[ii]
			if !written[ii] {
				written[ii] = true
				identIDs[ii] = ftmIdentID(in.ident)
				if err := enc.Encode(ftmIdent(in.ident, identIDs[ii], g.typedOf(typed, ii))); err != nil {
					return fmt.Errorf("write ftm: %w", err)
				}
			}
			role := "contact given in the post"
			if in.ident.Class == classPhoto {
				role = "photo in the post"
			}
			link := ftmEntity{
				ID:     ftmID("link", postID, identIDs[ii]),
				Schema: "UnknownLink",
				Properties: map[string][]string{
					"subject": {identIDs[ii]},
					"object":  {postID},
					"role":    {role},
				},
			}
			if err := enc.Encode(link); err != nil {
				return fmt.Errorf("write ftm: %w", err)
			}
		}
	}
	if err := b.finish(); err != nil {
		return fmt.Errorf("write ftm: %w", err)
	}
	return nil
}

// props is a property map that ignores empty and blank values (FtM drops
// them) and cleans the others with cleanText.
type props map[string][]string

func (p props) add(name string, vals ...string) {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			p[name] = append(p[name], cleanText(v))
		}
	}
}

// cleanText returns s with the characters isXMLChar rejects (controls
// other than tab, newline and carriage return; noncharacters; bytes that
// are not UTF-8) replaced by U+FFFD: JSON could carry them, but Aleph's
// stores (PostgreSQL text rejects NUL) and viewers cannot.
func cleanText(s string) string {
	for i, r := range s {
		if !isXMLChar(r) || r == utf8.RuneError {
			var b strings.Builder
			b.Grow(len(s) + 2)
			b.WriteString(s[:i])
			for _, r := range s[i:] {
				if !isXMLChar(r) {
					r = utf8.RuneError
				}
				b.WriteRune(r)
			}
			return b.String()
		}
	}
	return s
}

// ftmPost returns the PlainText of the post node n.
func (g *graph) ftmPost(n *node, id string, typed []ftmTyped) ftmEntity {
	p := n.post
	pr := props{}
	pr.add("title", postLabel(p))
	pr.add("bodyText", p.Text)
	if isAbsURL(p.URL) {
		pr.add("sourceUrl", p.URL)
	}
	pr.add("author", p.Author)
	pr.add("publishedAt", ftmDate(p.PostedAt))
	pr.add("detectedLanguage", ftmLanguage(p.Language))
	for _, ii := range n.idents {
		in, ok := g.nodes[ii].ident, g.typedOf(typed, ii)
		switch {
		case in.Class == classEmail:
			if ok.email {
				pr.add("emailMentioned", in.Value)
			}
		case in.Class == classIBAN:
			if ok.iban {
				pr.add("ibanMentioned", in.Value)
			}
		case ok.phone:
			if !slices.Contains(pr["phoneMentioned"], in.Value) {
				pr.add("phoneMentioned", in.Value)
			}
		}
	}
	pr.add("keywords", p.Categories...)
	if n.network != 0 {
		pr.add("keywords", "vigie-network-"+strconv.FormatInt(n.network, 10))
	}
	pr.add("notes", g.notes(n))
	return ftmEntity{ID: id, Schema: "PlainText", Properties: pr}
}

// notes returns the one-line explanation of a post.
func (g *graph) notes(n *node) string {
	p := n.post
	parts := []string{"vigie risk " + strconv.FormatFloat(n.risk, 'f', 2, 64)}
	if len(p.Categories) > 0 {
		parts = append(parts, "categories: "+strings.Join(p.Categories, ", "))
	}
	if len(p.Places) > 0 {
		parts = append(parts, "places: "+strings.Join(p.Places, ", "))
	}
	if len(p.Prices) > 0 {
		parts = append(parts, "prices: "+strings.Join(p.Prices, ", "))
	}
	if n.network != 0 {
		s := "network " + strconv.FormatInt(n.network, 10)
		if net, ok := g.nets[n.network]; ok {
			s += fmt.Sprintf(" (%d posts, seen %s to %s)", net.Size, net.FirstSeen, net.LastSeen)
		}
		parts = append(parts, s)
	}
	return oneLine(strings.Join(parts, "; "))
}

// oneLine returns s with line breaks replaced by spaces.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ").Replace(s)
}

// ftmIdent returns the entity of an identifier.
func ftmIdent(id Identifier, eid string, ok ftmTyped) ftmEntity {
	pr := props{}
	var schema string
	switch id.Class {
	case classIBAN:
		schema = "BankAccount"
		if ok.iban {
			pr.add("iban", id.Value)
		}
		pr.add("accountNumber", id.Value)
	case classWallet:
		schema = "CryptoWallet"
		pr.add("publicKey", id.Value)
	case classPhoto:
		schema = "Image"
		pr.add("name", id.Value)
		pr.add("fileName", id.Value)
	default:
		schema = "UserAccount"
		pr.add("username", id.Value)
		pr.add("service", id.Class)
		switch {
		case id.Class == classEmail:
			if ok.email {
				pr.add("email", id.Value)
			}
		case ok.phone:
			pr.add("number", id.Value)
		}
	}
	return ftmEntity{ID: eid, Schema: schema, Properties: pr}
}

// isE164 reports whether s has the form of an E.164 number: '+' and 8
// to 15 digits, the first not 0.
func isE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// iso6393Codes maps ISO 639-1 codes of the languages vigie meets to the ISO
// 639-3 codes FollowTheMoney's language type wants.
var iso6393Codes = map[string]string{
	"am": "amh", "ar": "ara", "az": "aze", "bg": "bul", "bn": "ben", "bs": "bos",
	"cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "es": "spa",
	"et": "est", "fa": "fas", "fi": "fin", "fr": "fra", "ha": "hau", "he": "heb",
	"hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye", "id": "ind", "ig": "ibo",
	"it": "ita", "ja": "jpn", "ka": "kat", "ko": "kor", "ku": "kur", "lt": "lit",
	"lv": "lav", "mk": "mkd", "ms": "msa", "ne": "nep", "nl": "nld", "no": "nor",
	"pa": "pan", "pl": "pol", "ps": "pus", "pt": "por", "ro": "ron", "ru": "rus",
	"sk": "slk", "sl": "slv", "so": "som", "sq": "sqi", "sr": "srp", "sv": "swe",
	"sw": "swa", "ta": "tam", "th": "tha", "ti": "tir", "tl": "tgl", "tr": "tur",
	"uk": "ukr", "ur": "urd", "uz": "uzb", "vi": "vie", "yo": "yor", "zh": "zho",
}

// iso6393 returns the ISO 639-3 code of an ISO 639-1 code (case and a
// region suffix such as "fr-BE" ignored), the code itself when it is
// already one of the mapped ISO 639-3 codes, and "" otherwise.
func iso6393(lang string) string {
	l := strings.ToLower(lang)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	if c, ok := iso6393Codes[l]; ok {
		return c
	}
	if len(l) == 3 {
		for _, c := range iso6393Codes {
			if c == l {
				return c
			}
		}
	}
	return ""
}

// ftmTyped tells which FtM-typed properties an identifier's value may
// fill: its checks are slow enough (libphonenumber) to be made once per
// identifier rather than once per post that gives it.
type ftmTyped struct {
	done               bool
	phone, email, iban bool
}

// typedOf returns the ftmTyped of the identifier node ii, computing it
// into typed on first use.
func (g *graph) typedOf(typed []ftmTyped, ii int) ftmTyped {
	t := &typed[ii]
	if !t.done {
		id := g.nodes[ii].ident
		t.done = true
		switch id.Class {
		case classEmail:
			t.email = isFtMEmail(id.Value)
		case classIBAN:
			t.iban = isIBAN(id.Value)
		case classWallet, classPhoto:
		default:
			t.phone = isPhone(id.Value)
		}
	}
	return *t
}

// isAbsURL reports whether s is an absolute URL with a host, which FtM's
// url type keeps.
func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// isPhone reports whether s is a phone number FollowTheMoney's phone type
// keeps as it is: E.164 form, and valid by libphonenumber's rules (the
// rules FtM applies through the Python port of the same library).
func isPhone(s string) bool {
	if !isE164(s) {
		return false
	}
	num, err := phonenumbers.Parse(s, "")
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return false
	}
	return phonenumbers.Format(num, phonenumbers.E164) == s
}

// isFtMEmail reports whether FollowTheMoney's e-mail type accepts s: one
// '@'; a local part of 1 to 64 characters without white space or any of
// <>()[],;:?" ; a domain (a final dot allowed) of at least two labels of
// letters, digits and '-', none starting or ending with '-' nor longer
// than 63 bytes, the last at least 2 bytes long, once in IDNA ASCII form.
func isFtMEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || strings.Contains(domain, "@") || local == "" || utf8.RuneCountInString(local) > 64 || !utf8.ValidString(s) {
		return false
	}
	for _, r := range local {
		if unicode.IsSpace(r) || '\x1c' <= r && r <= '\x1f' || strings.ContainsRune(`<>()[],;:?"`, r) {
			return false
		}
	}
	// IDNA's lookup rules apply to ASCII domains too (a label starting
	// with '-' is refused by them).
	domain, err := idna.Lookup.ToASCII(strings.ToLower(strings.TrimRight(domain, ".")))
	if err != nil {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 || len(labels[len(labels)-1]) < 2 || strings.HasPrefix(domain, "-") {
		return false
	}
	for i, l := range labels {
		if l == "" || len(l) > 63 && i < len(labels)-1 {
			return false
		}
		if i < len(labels)-1 && l[len(l)-1] == '-' {
			return false
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// isIBAN reports whether s is an IBAN in its compact upper-case form:
// a country code, two check digits and 11 to 30 letters or digits, 15 to
// 34 characters in all, whose ISO 7064 mod 97-10 check holds. The
// country-specific length and layout that FtM also checks are not.
func isIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter, digit := 'A' <= c && c <= 'Z', '0' <= c && c <= '9'
		if i < 2 && !letter || 2 <= i && i < 4 && !digit || !letter && !digit {
			return false
		}
	}
	rem := 0
	for i := range len(s) {
		c := s[(i+4)%len(s)] // the first four characters go last
		if c <= '9' {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A') + 10) % 97
		}
	}
	return rem == 1
}

// ftmDate returns t in FollowTheMoney's date form, UTC to the second
// without a zone, or "" when t is zero or its year is outside 1000 to
// 2999 (FtM's dates have four digits starting with 1 or 2).
func ftmDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	u := t.UTC()
	if u.Year() < 1000 || u.Year() > 2999 {
		return ""
	}
	return u.Format("2006-01-02T15:04:05")
}

// ftmLanguages are the ISO 639-3 codes FollowTheMoney's language type
// accepts (its list in followthemoney 3.8; later versions add amh, gle,
// lao, pus, sin, tam, tel, tha and vie, which Aleph deployments on 3.x
// drop).
var ftmLanguages = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`afr ara aze bel ben bos bul cat ces cnr dan deu ell eng est fas
		fil fin fra heb hin hrv hun hye ind isl ita jpn kan kat kaz khm kir kor lav lit ltz mkd mlt
		mon msa mya nep nld nor pol por ron rus slk slv spa sqi srp swa swe tgk tgl tuk tur ukr urd
		uzb zho`) {
		m[c] = true
	}
	return m
}()

// ftmLanguage returns the ISO 639-3 code of lang when FollowTheMoney's
// language type accepts it, else "".
func ftmLanguage(lang string) string {
	if c := iso6393(lang); ftmLanguages[c] {
		return c
	}
	return ""
}
