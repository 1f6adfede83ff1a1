// Package synth generates realistic, entirely invented multilingual posts
// of every category vigie flags, hard negatives, and planted networks:
// groups of posts sharing phones, handles, a text template and photos, as
// the ads of one smuggling or exploitation ring do. Each post carries its
// truth, so that benchmarks and quality tests know what should be found
// and linked. The same seed always gives the same posts.
//
// No post holds real data: phone numbers are drawn from valid mobile
// ranges at random, names and handles are made up.
package synth

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Truth is what a generated post is: its network and template (nil when it
// belongs to none) and the categories it was written for (empty for a hard
// negative).
type Truth struct {
	Network    *string  `json:"network"`
	Template   *string  `json:"template"`
	Categories []string `json:"categories"`
}

// Media is a photo attached to a post, known by its SHA-256.
type Media struct {
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

// Post is one generated post, in the document shape `vigie ingest` reads
// (DESIGN §5) plus its Truth, which ingest ignores.
type Post struct {
	ID       string  `json:"id"`
	Source   string  `json:"source"`
	Platform string  `json:"platform"`
	Author   string  `json:"author"`
	PostedAt string  `json:"posted_at"`
	Text     string  `json:"text"`
	Media    []Media `json:"media,omitempty"`
	Truth    Truth   `json:"truth"`
}

// network is a planted group of posts sharing contacts, a template and
// photos.
type network struct {
	id     string
	tmpl   int
	phones []mobileNumber
	handle string
	photos []string
	author string
}

// Generator makes posts from a seed.
type Generator struct {
	r        *rand.Rand
	seed     uint64
	n        int
	networks []*network
	handles  int             // handles made
	phones   map[string]bool // numbers given out, so that none is given twice
}

// New returns a generator; the same seed gives the same posts.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed, phones: map[string]bool{}}
}

// networkShare is the share of posts that belong to a planted network.
const networkShare = 0.5

// Next returns the next post.
func (g *Generator) Next() Post {
	g.n++
	p := Post{
		ID:       fmt.Sprintf("synth-%d-%d", g.seed, g.n),
		Source:   "synth",
		Platform: pick(g.r, []string{"facebook", "instagram", "telegram", "tiktok", "web"}),
		PostedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.Int64N(int64(700 * 24 * time.Hour)))).Format(time.RFC3339),
		Truth:    Truth{Categories: []string{}},
	}
	var (
		t  int
		nw *network
	)
	if g.r.Float64() < networkShare {
		nw = g.network()
		t = nw.tmpl
	} else {
		t = g.r.IntN(len(templates))
	}
	tm := &templates[t]
	s := g.slots(tm.lang, nw)
	p.Text = fill(tm.text, s)
	p.Author = s["author"]
	if tm.category != "" {
		p.Truth.Categories = []string{tm.category}
	}
	if nw != nil {
		id, tid := nw.id, fmt.Sprintf("t%d", t)
		p.Truth.Network, p.Truth.Template = &id, &tid
		p.Author = nw.author
		for _, h := range nw.photos[:1+g.r.IntN(len(nw.photos))] {
			p.Media = append(p.Media, Media{URL: "https://img.invalid/" + h[:16] + ".jpg", SHA256: h})
		}
	} else if g.r.IntN(3) == 0 {
		h := g.hash()
		p.Media = []Media{{URL: "https://img.invalid/" + h[:16] + ".jpg", SHA256: h}}
	}
	return p
}

// network returns a network to post for: a new one now and then, else one
// of the known ones, the recent ones more often.
func (g *Generator) network() *network {
	if len(g.networks) == 0 || g.r.IntN(12) == 0 {
		t := g.r.IntN(len(templates))
		for templates[t].category == "" {
			t = g.r.IntN(len(templates))
		}
		nw := &network{id: fmt.Sprintf("n%d", len(g.networks)+1), tmpl: t, author: g.name()}
		for range 1 + g.r.IntN(2) {
			nw.phones = append(nw.phones, g.phone(templates[t].lang))
		}
		nw.handle = g.handle()
		for range 1 + g.r.IntN(3) {
			nw.photos = append(nw.photos, g.hash())
		}
		g.networks = append(g.networks, nw)
		return nw
	}
	k := len(g.networks) - 1 - int(float64(len(g.networks))*g.r.Float64()*g.r.Float64())
	return g.networks[k]
}

// slots returns the values of the template slots for one post.
func (g *Generator) slots(lang string, nw *network) map[string]string {
	s := map[string]string{
		"author": g.name(),
		"price":  g.price(lang),
		"from":   pick(g.r, departures),
		"to":     pick(g.r, destinations[lang]),
		"age":    fmt.Sprint(18 + g.r.IntN(7)),
		"hours":  fmt.Sprint(8 + g.r.IntN(6)),
		"city":   pick(g.r, cities),
	}
	if nw != nil {
		s["phone"] = nw.phones[g.r.IntN(len(nw.phones))].format(g.r)
		s["handle"] = nw.handle
	} else {
		s["phone"] = g.phone(lang).format(g.r)
		s["handle"] = g.handle()
	}
	return s
}

func (g *Generator) hash() string {
	var b [32]byte
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
	return hex.EncodeToString(b[:])
}

func (g *Generator) name() string {
	return pick(g.r, firstNames) + " " + pick(g.r, lastNames)
}

// handle returns a new made-up handle. The number at its end counts the
// handles made, so that no two are alike: a handle is one account, and
// two posts sharing one by chance would be a network the truth does not
// know of.
func (g *Generator) handle() string {
	g.handles++
	return "@" + strings.ToLower(pick(g.r, firstNames)) + "_" + pick(g.r, handleWords) + fmt.Sprint(g.handles)
}

func (g *Generator) price(lang string) string {
	n := (5 + g.r.IntN(60)) * 100
	switch lang {
	case "fr", "nl":
		return pick(g.r, []string{fmt.Sprintf("%d €", n), fmt.Sprintf("%d euros", n), fmt.Sprintf("%d EUR", n)})
	case "ar":
		return pick(g.r, []string{fmt.Sprintf("%d دولار", n), fmt.Sprintf("%d يورو", n), arabicDigits(n) + " دولار"})
	default:
		return pick(g.r, []string{fmt.Sprintf("$%d", n), fmt.Sprintf("%d euro", n), fmt.Sprintf("€%d", n)})
	}
}

func arabicDigits(n int) string {
	var b strings.Builder
	for _, c := range fmt.Sprint(n) {
		b.WriteRune('٠' + (c - '0'))
	}
	return b.String()
}

// fill replaces {slot} in text.
func fill(text string, s map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		b.WriteString(s[text[i+1:i+j]])
		text = text[i+j+1:]
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
