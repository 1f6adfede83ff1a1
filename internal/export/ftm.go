package export

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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
//     publishedAt in UTC, detectedLanguage as ISO 639-3 when the ISO 639-1
//     code is known, phoneMentioned, emailMentioned, ibanMentioned,
//     keywords: its categories and "vigie-network-<id>", notes: one line
//     with its risk, categories, places, prices and network);
//   - a phone, e-mail or handle is a UserAccount (username, service,
//     number for values in E.164 form, email), an IBAN a BankAccount
//     (iban, accountNumber), a crypto wallet a CryptoWallet (publicKey), a
//     photo an Image (name: its SHA-256);
//   - each distinct post–identifier pair is an UnknownLink (subject: the
//     identifier, object: the post, role).
//
// Each identifier is written once, before its first link. Entity ids are
// "vigie-" and a hash of the kind and natural key (the post's Key; the
// identifier's class and value), so that exporting again gives the same
// ids and Aleph merges rather than duplicates. Empty properties are left
// out; values are cleaned as the XML writers clean them (controls and
// bytes that are not UTF-8 become U+FFFD). nets gives the networks' sizes and dates for the notes. WriteFtM
// returns the first error of w.
func WriteFtM(w io.Writer, posts []Post, nets []Network) error {
	g := buildGraph(posts, nets)
	b := newBufWriter(w)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	written := make([]bool, len(g.nodes))
	identIDs := make([]string, len(g.nodes))
	for i := range g.nodes {
		if i%1024 == 0 && b.err() != nil {
			break
		}
		n := &g.nodes[i]
		if n.post == nil {
			continue
		}
		postID := ftmPostID(n.post)
		if err := enc.Encode(g.ftmPost(n, postID)); err != nil {
			return fmt.Errorf("write ftm: %w", err)
		}
		for _, ii := range n.idents {
			in := &g.nodes[ii]
			if !written[ii] {
				written[ii] = true
				identIDs[ii] = ftmIdentID(in.ident)
				if err := enc.Encode(ftmIdent(in.ident, identIDs[ii])); err != nil {
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

// props is a property map that ignores empty values and cleans the
// others with cleanText.
type props map[string][]string

func (p props) add(name string, vals ...string) {
	for _, v := range vals {
		if v != "" {
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
func (g *graph) ftmPost(n *node, id string) ftmEntity {
	p := n.post
	pr := props{}
	pr.add("title", postLabel(p))
	pr.add("bodyText", p.Text)
	pr.add("sourceUrl", p.URL)
	pr.add("author", p.Author)
	if !p.PostedAt.IsZero() {
		pr.add("publishedAt", p.PostedAt.UTC().Format("2006-01-02T15:04:05"))
	}
	pr.add("detectedLanguage", iso6393(p.Language))
	for _, ii := range n.idents {
		in := g.nodes[ii].ident
		switch {
		case in.Class == classEmail:
			pr.add("emailMentioned", in.Value)
		case in.Class == classIBAN:
			pr.add("ibanMentioned", in.Value)
		case in.Class == classPhone || isE164(in.Value) && in.Class != classWallet && in.Class != classPhoto:
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
func ftmIdent(id Identifier, eid string) ftmEntity {
	pr := props{}
	var schema string
	switch id.Class {
	case classIBAN:
		schema = "BankAccount"
		pr.add("iban", id.Value)
		pr.add("accountNumber", id.Value)
	case classWallet:
		schema = "CryptoWallet"
		pr.add("publicKey", id.Value)
	case classPhoto:
		schema = "Image"
		pr.add("name", id.Value)
	default:
		schema = "UserAccount"
		pr.add("username", id.Value)
		pr.add("service", id.Class)
		switch {
		case id.Class == classEmail:
			pr.add("email", id.Value)
		case id.Class == classPhone || isE164(id.Value):
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
