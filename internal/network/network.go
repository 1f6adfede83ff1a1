// Package network links documents that share identifiers — a phone
// number, a messaging handle, an e-mail address, an IBAN, a wallet, a
// photo — into networks: the groups of posts one person or ring is behind.
//
// Sharing is weighed by rarity. A number found in three ads ties them
// together; a number found in ten thousand posts is a switchboard, a
// spam sink or a help line, and must not merge everything it touches into
// one network. Linking therefore goes in two passes:
//
//  1. Rare identifiers (in at most Config.RareDocs documents) join their
//     documents: the components of two documents or more of that graph
//     are the groups.
//  2. A commoner identifier (up to Config.MaxDocs documents) links its
//     documents unless it reaches into many groups (more than
//     Config.MaxGroups) with many of its documents (more than 1 -
//     Config.Dominant of them) in groups other than its main one, or into
//     very many groups (more than Config.MaxReach) at all: then it is a
//     number that unrelated groups all give, or a site's placeholder
//     photo, reported as generic, and it links nothing. A ring's own number, in two hundred posts
//     that nothing else ties, links them; a help line given in the posts
//     of forty different rings does not merge them. Identifiers in more
//     than MaxDocs documents are generic outright.
//
// The result explains itself: each network lists the identifiers that
// join it, and every generic identifier is listed with the reason it was
// set aside.
//
// The package is a pure stage: no I/O. A Linker is for one goroutine at a
// time.
package network

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Ident is an identifier as linking sees it: a class and a normalised
// value. Phone numbers reached through WhatsApp, Viber, Signal or Telegram
// are one class ("phone"), so that the same number links across apps.
type Ident struct {
	Class string
	Value string
}

// String returns class:value.
func (id Ident) String() string { return id.Class + ":" + id.Value }

// linkKinds are the entity kinds that identify a person or an account;
// prices, places, ages and URLs are shared by unrelated posts all the
// time and link nothing.
var linkKinds = map[vigie.EntityKind]bool{
	vigie.KindPhone: true, vigie.KindEmail: true, vigie.KindWhatsApp: true, vigie.KindTelegram: true,
	vigie.KindViber: true, vigie.KindSignal: true, vigie.KindSkype: true, vigie.KindSnapchat: true,
	vigie.KindInstagram: true, vigie.KindFacebook: true, vigie.KindTikTok: true,
	vigie.KindIBAN: true, vigie.KindCryptoWallet: true, vigie.KindPhoto: true,
}

// Kinds returns the entity kinds that link documents, in a fixed order,
// photos last: by their bytes, then by their perceptual hashes (which
// IdentOf does not map: see Identifiers).
func Kinds() []vigie.EntityKind {
	var out []vigie.EntityKind
	for _, k := range vigie.EntityKinds {
		if linkKinds[k] {
			out = append(out, k)
		}
	}
	return append(out, vigie.KindPhoto, vigie.KindPhotoHash)
}

// IdentOf returns the identifier an entity of kind k with value v links
// by, and false when such entities link nothing.
func IdentOf(k vigie.EntityKind, v string) (Ident, bool) {
	if !linkKinds[k] || v == "" {
		return Ident{}, false
	}
	if isE164(v) {
		return Ident{"phone", v}, true
	}
	switch k {
	case vigie.KindPhoto:
		return PhotoIdent(v), true
	case vigie.KindEmail, vigie.KindSkype, vigie.KindSnapchat, vigie.KindInstagram,
		vigie.KindFacebook, vigie.KindTikTok, vigie.KindTelegram:
		return Ident{string(k), strings.ToLower(v)}, true
	}
	return Ident{string(k), v}, true
}

// KindsOf returns the entity kinds whose values may stand for identifiers
// of class: every kind that takes phone numbers for "phone", else the
// kind of that name.
func KindsOf(class string) []vigie.EntityKind {
	if class == "phone" {
		return []vigie.EntityKind{vigie.KindPhone, vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindViber, vigie.KindSignal}
	}
	return []vigie.EntityKind{vigie.EntityKind(class)}
}

// PhotoIdent returns the identifier of a photo known by its hash (hex).
func PhotoIdent(hash string) Ident { return Ident{"photo", strings.ToLower(hash)} }

func isE164(v string) bool {
	if len(v) < 8 || len(v) > 16 || v[0] != '+' {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// Config sets how rarity is weighed.
type Config struct {
	// RareDocs is the most documents a rare identifier is in: such an
	// identifier always links its documents. Default 25.
	RareDocs int
	// MaxDocs is the most documents an identifier may be in and still
	// link anything. Default 2000.
	MaxDocs int
	// MaxGroups is the most groups (of pass 1) a commoner identifier may
	// reach into and still link whatever the share of its documents in
	// them. Default 3.
	MaxGroups int
	// MaxReach is the most groups a commoner identifier may reach into
	// and still link, whatever the share of its documents in them: a
	// site's placeholder photo, on 641 of 2,682 real ads, reached 32
	// groups with most of its ads in none. Default 10.
	MaxReach int
	// Dominant is the share of its documents that must lie outside the
	// groups other than its main one for a commoner identifier reaching
	// into more than MaxGroups groups to still link (a ring's number
	// also found in a few stray posts of other groups). Default 0.8.
	Dominant float64
}

// WithDefaults returns c with its zero fields set to their defaults.
func (c Config) WithDefaults() Config { return c.withDefaults() }

func (c Config) withDefaults() Config {
	if c.RareDocs <= 0 {
		c.RareDocs = 25
	}
	if c.MaxDocs <= 0 {
		c.MaxDocs = 2000
	}
	if c.MaxGroups <= 0 {
		c.MaxGroups = 3
	}
	if c.MaxReach <= 0 {
		c.MaxReach = 10
	}
	if c.Dominant <= 0 || c.Dominant > 1 {
		c.Dominant = 0.8
	}
	return c
}

// Linker gathers documents and their identifiers, then links them.
type Linker struct {
	cfg    Config
	docs   []int64         // document ids, by index
	index  map[int64]int32 // document id → index
	idents map[Ident]int32 // identifier → index into byID
	byID   []Ident         // identifiers, by index
	posts  [][]int32       // documents of each identifier, by identifier index
	// unsorted is set when a document was added again after others, so
	// that some lists of posts may be out of order or hold repeats.
	unsorted bool
}

// NewLinker returns an empty Linker.
func NewLinker(cfg Config) *Linker {
	return &Linker{cfg: cfg.withDefaults(), index: map[int64]int32{}, idents: map[Ident]int32{}}
}

// Add records that document doc holds the identifiers ids. A document may
// be added several times; its identifiers add up, each counted once.
// Adding each document once, in one call, is cheapest.
func (l *Linker) Add(doc int64, ids ...Ident) {
	d, ok := l.index[doc]
	if !ok {
		d = int32(len(l.docs))
		l.docs = append(l.docs, doc)
		l.index[doc] = d
	}
	for _, id := range ids {
		i, ok := l.idents[id]
		if !ok {
			i = int32(len(l.byID))
			l.byID = append(l.byID, id)
			l.idents[id] = i
			l.posts = append(l.posts, nil)
		}
		p := l.posts[i]
		if len(p) > 0 && p[len(p)-1] == d {
			continue // the same identifier twice in one document
		}
		l.posts[i] = append(p, d) // Link removes other repeats
		if len(p) > 0 && p[len(p)-1] > d {
			l.unsorted = true
		}
	}
}

// Network is a group of linked documents.
type Network struct {
	// Documents are the ids of its documents, ascending.
	Documents []int64
	// Links are the identifiers that join its documents, with how many
	// of them hold each, most shared first.
	Links []Link
}

// Link is an identifier and the number of documents holding it.
type Link struct {
	Ident Ident
	Docs  int
}

// Generic is an identifier set aside as too common to link.
type Generic struct {
	Ident  Ident
	Docs   int // documents holding it
	Groups int // groups of pass 1 it reaches into (0: in more than MaxDocs documents, not counted)
}

// Result is the outcome of linking.
type Result struct {
	// Networks holds every group of two documents or more, largest
	// first, then by first document id.
	Networks []Network
	// Generic lists the identifiers that linked nothing, most common
	// first.
	Generic []Generic
	// Of maps each document in a network to its index in Networks.
	Of map[int64]int
}

// Link computes the networks of the documents added so far.
func (l *Linker) Link() Result {
	cfg := l.cfg
	if l.unsorted {
		for i, p := range l.posts {
			slices.Sort(p)
			l.posts[i] = slices.Compact(p)
		}
		l.unsorted = false
	}
	uf := newUnionFind(len(l.docs))
	// Pass 1: rare identifiers.
	for _, p := range l.posts {
		if len(p) >= 2 && len(p) <= cfg.RareDocs {
			for _, d := range p[1:] {
				uf.union(p[0], d)
			}
		}
	}
	// Pass 2: commoner identifiers, judged against the groups of pass 1
	// (not against each other's merges, so that the order of
	// identifiers does not matter).
	linking := make([]bool, len(l.posts))
	var generic []Generic
	groups := map[int32]int{}
	var merges [][2]int32
	for i, p := range l.posts {
		switch {
		case len(p) < 2:
			continue
		case len(p) <= cfg.RareDocs:
			linking[i] = true
			continue
		case len(p) > cfg.MaxDocs:
			generic = append(generic, Generic{Ident: l.byID[i], Docs: len(p)})
			continue
		}
		clear(groups)
		top, grouped := 0, 0 // documents in its main group, in any group
		for _, d := range p {
			r := uf.find(d)
			if uf.size[r] < 2 {
				continue // a document nothing rare ties: no group
			}
			groups[r]++
			grouped++
			top = max(top, groups[r])
		}
		if len(groups) > cfg.MaxReach || len(groups) > cfg.MaxGroups && float64(grouped-top) > (1-cfg.Dominant)*float64(len(p)) {
			generic = append(generic, Generic{Ident: l.byID[i], Docs: len(p), Groups: len(groups)})
			continue
		}
		linking[i] = true
		for _, d := range p[1:] {
			merges = append(merges, [2]int32{p[0], d})
		}
	}
	for _, m := range merges {
		uf.union(m[0], m[1])
	}

	// Gather the components of two documents or more.
	members := map[int32][]int32{}
	for d := range l.docs {
		r := uf.find(int32(d))
		if uf.size[r] >= 2 {
			members[r] = append(members[r], int32(d))
		}
	}
	res := Result{Of: map[int64]int{}}
	at := map[int32]int{}
	for r, ds := range members {
		n := Network{Documents: make([]int64, len(ds))}
		for k, d := range ds {
			n.Documents[k] = l.docs[d]
		}
		slices.Sort(n.Documents)
		at[r] = len(res.Networks)
		res.Networks = append(res.Networks, n)
	}
	for i, p := range l.posts {
		if !linking[i] {
			continue
		}
		r := uf.find(p[0])
		if k, ok := at[r]; ok {
			res.Networks[k].Links = append(res.Networks[k].Links, Link{l.byID[i], len(p)})
		}
	}
	for k := range res.Networks {
		slices.SortFunc(res.Networks[k].Links, func(a, b Link) int {
			return cmp.Or(cmp.Compare(b.Docs, a.Docs), cmp.Compare(a.Ident.String(), b.Ident.String()))
		})
	}
	slices.SortFunc(res.Networks, func(a, b Network) int {
		return cmp.Or(cmp.Compare(len(b.Documents), len(a.Documents)), cmp.Compare(a.Documents[0], b.Documents[0]))
	})
	for k, n := range res.Networks {
		for _, d := range n.Documents {
			res.Of[d] = k
		}
	}
	slices.SortFunc(generic, func(a, b Generic) int {
		return cmp.Or(cmp.Compare(b.Docs, a.Docs), cmp.Compare(a.Ident.String(), b.Ident.String()))
	})
	res.Generic = generic
	return res
}

// unionFind is a disjoint-set forest over document indexes, by size with
// path halving.
type unionFind struct {
	parent []int32
	size   []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int32) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
