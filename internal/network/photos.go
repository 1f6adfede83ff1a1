package network

import (
	"slices"

	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/vigie"
)

// PhotoClass is the class of the identifiers of near-identical photos:
// copies of one picture, re-encoded, resized or cropped, known by their
// perceptual hashes (vigie.KindPhotoHash). Its value is the whole-image
// hash of the group's first member, in hex.
const PhotoClass = "photo_hash"

// PhotoGroups groups photos known by their perceptual hashes into copies
// of one picture: two photos are copies when imagehash.Similar says so at
// a given distance, and groups are closed under it (single linkage).
type PhotoGroups struct {
	rep     map[string]string   // value → its group's identifier value
	members map[string][]string // identifier value → values, sorted
}

// GroupPhotos groups the distinct values of vigie.KindPhotoHash entities
// (imagehash.FormatHashes) at Hamming distance maxDist
// (imagehash.DefaultMaxDistance is the measured one). Values that do not
// parse are left out: Ident does not know them. The groups depend only on
// the set of values, not on their order.
func GroupPhotos(values []string, maxDist int) *PhotoGroups {
	vals := slices.Clone(values)
	slices.Sort(vals)
	vals = slices.Compact(vals)
	var hs [][]imagehash.Hash
	var kept []string
	for _, v := range vals {
		h, err := imagehash.ParseHashes(v)
		if err != nil {
			continue
		}
		hs = append(hs, h)
		kept = append(kept, v)
	}
	// imagehash.Similar compares the whole-image hash of each photo with
	// every hash of the other. Querying each photo's whole-image hash
	// against every hash of every photo finds both directions, since
	// both photos are queried.
	var ids []int64
	var flat []imagehash.Hash
	for i, h := range hs {
		for _, c := range h {
			ids, flat = append(ids, int64(i)), append(flat, c)
		}
	}
	all := imagehash.NewTable(ids, flat)
	parent := make([]int, len(hs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra < rb {
			parent[rb] = ra
		} else if rb < ra {
			parent[ra] = rb
		}
	}
	for i, h := range hs {
		for _, m := range all.Near(h[0], maxDist) {
			union(i, int(m.ID))
		}
	}
	g := &PhotoGroups{rep: map[string]string{}, members: map[string][]string{}}
	for i, v := range kept {
		// The root is the group's smallest value (unions keep the
		// smaller root and values are sorted).
		r := hs[find(i)][0].String()
		g.rep[v] = r
		g.members[r] = append(g.members[r], v)
	}
	return g
}

// Ident returns the identifier of the group of the photo with hashes
// value, and false when value was not grouped.
func (g *PhotoGroups) Ident(value string) (Ident, bool) {
	r, ok := g.rep[value]
	if !ok {
		return Ident{}, false
	}
	return Ident{PhotoClass, r}, true
}

// Members returns the values of the photos of the group id names, in
// increasing order, or nil.
func (g *PhotoGroups) Members(id Ident) []string {
	if id.Class != PhotoClass {
		return nil
	}
	return g.members[id.Value]
}

// Len returns the number of photos grouped.
func (g *PhotoGroups) Len() int { return len(g.rep) }

// Identifiers maps stored entities to the identifiers linking sees:
// IdentOf for every kind, and the group of near copies (Photos) for
// vigie.KindPhotoHash. With Photos nil, perceptual hashes link nothing.
type Identifiers struct {
	Photos *PhotoGroups
}

// Of returns the identifier an entity of kind k with value v links by,
// and false when it links nothing.
func (x Identifiers) Of(k vigie.EntityKind, v string) (Ident, bool) {
	if k == vigie.KindPhotoHash {
		if x.Photos == nil {
			return Ident{}, false
		}
		return x.Photos.Ident(v)
	}
	return IdentOf(k, v)
}

// Stored returns the entity kinds and values that stand for id in a
// store: the members of its group for a photo, else id's value under the
// kinds of its class (KindsOf).
func (x Identifiers) Stored(id Ident) ([]vigie.EntityKind, []string) {
	if id.Class == PhotoClass {
		if x.Photos == nil {
			return nil, nil
		}
		return []vigie.EntityKind{vigie.KindPhotoHash}, x.Photos.Members(id)
	}
	return KindsOf(id.Class), []string{id.Value}
}
