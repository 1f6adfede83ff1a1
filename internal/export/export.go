// Package export writes vigie's posts and the identifiers that link them
// into the formats investigators open in their own tools: FollowTheMoney
// entities as JSON lines (Aleph, OpenAleph), GraphML (Gephi, yEd, Maltego
// imports), GEXF 1.3 (Gephi) and a CSV edge list (spreadsheets).
//
// The graph formats share one bipartite graph: a node per post and a node
// per distinct identifier (class and value), and one undirected edge from
// each post to each identifier it holds. Node ids are derived from the
// data alone, so exporting the same posts twice gives the same ids:
//
//	p-<16 hex>          a post: the first 16 hex digits of its Key
//	i-<class>-<16 hex>  an identifier: its class and a SHA-256 of class and value
//
// Ids use only letters, digits and '-' (valid XML NCNames and xs:IDs, safe
// as spreadsheet cells and file names).
//
// The package is a pure stage: writers take an io.Writer, buffer their
// output and do no other I/O; they are safe for concurrent use on distinct
// writers. Text may hold anything (any script, emoji, quotes, markup,
// control characters, invalid UTF-8): XML writers replace what XML 1.0
// forbids, CSV cells that a spreadsheet would run as a formula are
// defused, and JSON is valid UTF-8.
package export

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Post is one stored post, as the store hands it to the writers.
type Post struct {
	// ID is the id the post was ingested with; it is shown in labels.
	ID string
	// Key is vigie's identity of the post: a hex SHA-256. Posts with the
	// same Key are one post: the first one's fields are written, and the
	// identifiers of all of them. When Key is empty, ID stands for it.
	Key string
	// Network is the post's network id, 0 for none.
	Network  int64
	Source   string
	Platform string
	URL      string
	Author   string
	// PostedAt is when the post was published; zero when unknown.
	PostedAt time.Time
	// Language is an ISO 639-1 code; "" or "und" when unknown.
	Language string
	Text     string
	// Risk is the post's risk score, from 0 to 1.
	Risk float64
	// Categories are category ids such as "smuggling.passage".
	Categories []string
	// Identifiers are what links the post to others. An identifier with
	// an empty Class or Value is ignored.
	Identifiers []Identifier
	// Places are ISO 3166 alpha-2 codes.
	Places []string
	// Prices are normalised prices such as "2500 EUR".
	Prices []string
}

// Identifier is a linking identifier. Class is "phone" (Value in E.164),
// "email", "whatsapp", "telegram", "viber", "signal", "skype",
// "snapchat", "instagram", "facebook", "tiktok", "iban", "crypto_wallet"
// or "photo" (Value is the hex SHA-256 of the image); Value is normalised.
// Writers accept other classes and write them as accounts of that
// service. Two identifiers are the same when Class and Value are equal:
// a "phone" and a "whatsapp" with one number are two nodes, both linked to
// the posts that give them.
type Identifier struct {
	Class string
	Value string
}

// Network is a group of linked posts, as the store describes it.
// FirstSeen and LastSeen are dates as the store formats them.
type Network struct {
	ID        int64
	Size      int
	FirstSeen string
	LastSeen  string
}

// Identifier classes with a meaning of their own in the exports.
const (
	classPhone  = "phone"
	classEmail  = "email"
	classIBAN   = "iban"
	classWallet = "crypto_wallet"
	classPhoto  = "photo"
)

// labelRunes is how much of a post's text its label shows.
const labelRunes = 60

// hashHex returns the first n hex digits of the SHA-256 of the parts,
// each part preceded by its length so that no two lists of parts hash
// alike by accident of concatenation.
func hashHex(n int, parts ...string) string {
	h := sha256.New()
	var l [binary.MaxVarintLen64]byte
	for _, p := range parts {
		h.Write(l[:binary.PutUvarint(l[:], uint64(len(p)))])
		h.Write([]byte(p))
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))[:n]
}

// postNaturalKey returns what identifies a post: its Key (lower-cased
// when hex), or its ID when the Key is empty.
func postNaturalKey(p *Post) string {
	switch {
	case p.Key == "":
		return "id\x00" + p.ID
	case isHex(p.Key):
		return "key\x00" + strings.ToLower(p.Key)
	}
	return "key\x00" + p.Key
}

// postNodeID returns the graph id of a post: "p-" and the first 16 hex
// digits of its Key when the Key is hex (lower-cased), else of a SHA-256
// of its natural key.
func postNodeID(p *Post) string {
	if len(p.Key) >= 16 && isHex(p.Key) {
		return "p-" + strings.ToLower(p.Key[:16])
	}
	return "p-" + hashHex(16, postNaturalKey(p))
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// identNodeID returns the graph id of an identifier: "i-", its class
// reduced to [a-z0-9_] (at most 24 bytes), '-', and 16 hex digits of a
// SHA-256 of the exact class and value, so that distinct identifiers get
// distinct ids even when their classes reduce alike.
func identNodeID(id Identifier) string {
	var b strings.Builder
	b.WriteString("i-")
	n := 0
	for i := 0; i < len(id.Class) && n < 24; i++ {
		c := id.Class[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			c = '_'
		}
		b.WriteByte(c)
		n++
	}
	b.WriteByte('-')
	b.WriteString(hashHex(16, id.Class, id.Value))
	return b.String()
}

// excerpt returns the first max runes of s with runs of white space and
// control characters folded to one space, trimmed, and "…" when s was
// cut; bytes that are not UTF-8 become U+FFFD.
func excerpt(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if isBlank(r) {
			space = n > 0
			continue
		}
		if n == max || space && n+1 >= max {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isBlank reports whether r is white space or a control character.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == 0x2028 || r == 0x2029
}

// postLabel returns a post's label: its ID and the start of its text.
func postLabel(p *Post) string {
	ex := excerpt(p.Text, labelRunes)
	switch {
	case p.ID == "":
		return ex
	case ex == "":
		return p.ID
	}
	return p.ID + ": " + ex
}

// identLabel returns an identifier's label: its value, a photo's hash
// shortened to 12 hex digits.
func identLabel(id Identifier) string {
	if id.Class == classPhoto && utf8.RuneCountInString(id.Value) > 12 {
		return "photo " + string([]rune(id.Value)[:12]) + "…"
	}
	return id.Value
}

// postedString returns PostedAt in RFC 3339, UTC, or "" when unknown.
func postedString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// knownLanguage returns lang, or "" when it says unknown.
func knownLanguage(lang string) string {
	if lang == "und" {
		return ""
	}
	return lang
}
