package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/network"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

const networksHelp = `List the networks of the store: groups of posts linked by the phone numbers,
messaging handles, e-mail addresses, IBANs, wallets and photos they share.

Sharing is weighed by rarity: a number in a few posts ties them together; a
number that the posts of many unrelated groups all give (a call centre, a help
line, a spam sink) links nothing and is listed apart, with the groups it
reaches into. Networks are recomputed at the end of every vigie ingest;
--relink recomputes them now.

A network's id is the store id of its earliest post: it stays as posts join.

With --json, one JSON object per line per network: id, size, first_seen,
last_seen, documents (the ids the posts were ingested with), identifiers,
categories, languages, places, prices.

Examples:
  vigie networks --min-size 5
  vigie networks --json | jq -c '{id, size}'
  vigie network 1234
`

const networkHelp = `Show one network: when it was seen, the identifiers that join it (with how
many of its posts hold each), its categories, languages, places, prices and
posts. ID is a network id from vigie networks.

Examples:
  vigie network 1234
  vigie network --json 1234
`

func runNetworks(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "networks", "[flags]", networksHelp)
	df := addDataFlags(fs)
	minSize := fs.Int("min-size", 2, "only networks of at least `n` posts")
	asJSON := fs.Bool("json", false, "one JSON object per line per network")
	relinkNow := fs.Bool("relink", false, "recompute the networks first")
	generic := fs.Bool("generic", false, "list the identifiers set aside as too common to link, instead")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "vigie networks: unexpected argument %q (to show one network: vigie network ID)\n", fs.Arg(0))
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	if *relinkNow {
		ls, err := relink(ctx, st)
		if err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintln(e.stderr, ls)
		}
	}
	if *generic {
		gs, err := st.GenericIdentifiers(ctx)
		if err != nil {
			return err
		}
		return printGeneric(e.stdout, gs, *asJSON)
	}
	nets, err := st.Networks(ctx, *minSize)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, n := range nets {
			if err := enc.Encode(n); err != nil {
				return err
			}
		}
		return nil
	}
	if len(nets) == 0 {
		fmt.Fprintf(e.stdout, "no network of %d posts or more\n", *minSize)
		return nil
	}
	fmt.Fprintf(e.stdout, "%d networks of %d posts or more\n", len(nets), *minSize)
	fmt.Fprintf(e.stdout, "%8s %6s  %-21s  %s\n", "id", "posts", "seen", "identifiers · categories")
	for _, n := range nets {
		fmt.Fprintf(e.stdout, "%8d %6d  %-21s  %s · %s\n", n.ID, n.Size, seen(n), topLinks(n.Links, 3), topCounts(n.Categories, 2))
	}
	return nil
}

func runNetwork(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "network", "[flags] ID", networkHelp)
	df := addDataFlags(fs)
	asJSON := fs.Bool("json", false, "print the network as one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(e.stderr, "vigie network: want one network id (see vigie networks)\n")
		return errUsage
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "n"), 10, 64)
	if err != nil {
		fmt.Fprintf(e.stderr, "vigie network: %q is not a network id (a number, from vigie networks)\n", fs.Arg(0))
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Network(ctx, id)
	if errors.Is(err, vigie.ErrNotFound) {
		return fmt.Errorf("no network %d (vigie networks lists them)", id)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(n)
	}
	w := e.stdout
	fmt.Fprintf(w, "network %d: %d posts, seen %s\n", n.ID, n.Size, seen(n))
	fmt.Fprintf(w, "\nidentifiers (posts holding each):\n")
	for _, l := range n.Links {
		fmt.Fprintf(w, "  %-10s %-40s %d\n", l.Class, l.Value, l.Documents)
	}
	fmt.Fprintf(w, "\ncategories: %s\nlanguages:  %s\n", topCounts(n.Categories, 0), topCounts(n.Languages, 0))
	fmt.Fprintf(w, "places:     %s\nprices:     %s\n", counts(n.Places), counts(n.Prices))
	fmt.Fprintf(w, "\nposts:\n")
	for _, d := range n.Documents {
		fmt.Fprintf(w, "  %s\n", d)
	}
	return nil
}

// linkStats is what relink did.
type linkStats struct {
	Networks  int     `json:"networks"`            // networks written
	Documents int     `json:"documents"`           // posts in them
	Generic   int     `json:"generic_identifiers"` // identifiers set aside
	Relinked  int     `json:"relinked"`            // posts relinked: all, or the new ones' closure
	Seconds   float64 `json:"seconds"`
}

func (l linkStats) String() string {
	return fmt.Sprintf("linked %d posts: %d networks of %d posts; %d identifiers too common to link (%.1fs)",
		l.Relinked, l.Networks, l.Documents, l.Generic, l.Seconds)
}

// relink recomputes the networks of the whole store from the identifiers
// of its documents (photos included), and stores them.
func relink(ctx context.Context, st *store.Store) (linkStats, error) {
	start := time.Now()
	l := network.NewLinker(network.Config{})
	// Photos known by their perceptual hashes link once grouped with
	// their near copies, which takes every hash.
	type photo struct {
		doc   int64
		value string
	}
	var photos []photo
	err := st.EachIdentifier(ctx, network.Kinds(), func(doc int64, kind vigie.EntityKind, value string) error {
		if kind == vigie.KindPhotoHash {
			photos = append(photos, photo{doc, value})
		} else if id, ok := network.IdentOf(kind, value); ok {
			l.Add(doc, id)
		}
		return nil
	})
	if err != nil {
		return linkStats{}, err
	}
	values := make([]string, len(photos))
	for i, p := range photos {
		values[i] = p.value
	}
	groups := network.GroupPhotos(values, imagehash.DefaultMaxDistance)
	for _, p := range photos {
		if id, ok := groups.Ident(p.value); ok {
			l.Add(p.doc, id)
		}
	}
	recs, gen, ls := linkRecords(l.Link())
	if err := st.ReplaceNetworks(ctx, recs, gen); err != nil {
		return linkStats{}, err
	}
	n, err := st.Count(ctx)
	if err != nil {
		return linkStats{}, err
	}
	ls.Relinked = int(n)
	ls.Seconds = time.Since(start).Seconds()
	return ls, nil
}

func printGeneric(w io.Writer, gs []store.GenericIdentifier, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, g := range gs {
			if err := enc.Encode(g); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(w, "%d identifiers too common to link\n", len(gs))
	for _, g := range gs {
		reach := "too common to count"
		if g.Groups > 0 {
			reach = fmt.Sprintf("in %d groups", g.Groups)
		}
		fmt.Fprintf(w, "  %-10s %-40s %7d posts, %s\n", g.Class, g.Value, g.Documents, reach)
	}
	return nil
}

// seen writes the first and last days a network was seen.
func seen(n store.NetworkSummary) string {
	day := func(s string) string { return s[:min(len(s), 10)] }
	if day(n.FirstSeen) == day(n.LastSeen) {
		return day(n.FirstSeen)
	}
	return day(n.FirstSeen) + "…" + day(n.LastSeen)
}

// topLinks writes the k identifiers most shared in a network.
func topLinks(ls []store.NetworkLink, k int) string {
	var parts []string
	for _, l := range ls[:min(k, len(ls))] {
		parts = append(parts, fmt.Sprintf("%s:%s ×%d", l.Class, l.Value, l.Documents))
	}
	if len(ls) > k {
		parts = append(parts, fmt.Sprintf("+%d", len(ls)-k))
	}
	return strings.Join(parts, ", ")
}

// topCounts writes the k largest counts of m (all when k is 0).
func topCounts(m map[string]int, k int) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	if k > 0 && len(keys) > k {
		keys = keys[:k]
	}
	var parts []string
	for _, c := range keys {
		name := c
		if name == "" {
			name = "none"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, m[c]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func counts(cs []store.Count) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %d", c.Value, c.N))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// maxClosure is the most documents relinkNew relinks before it relinks
// the whole store instead.
const maxClosure = 200000

// relinkNew updates the networks after the documents news were added. It
// relinks only their closure: the documents that share an identifier with
// them, directly or through others, which holds whole every network it
// touches, so that the result is the one a whole relink gives. An
// identifier in more documents than any could link (network.Config's
// MaxDocs, plus the new ones) is not followed: it links nothing. When the
// closure grows past maxClosure documents, the whole store is relinked.
func relinkNew(ctx context.Context, st *store.Store, news []int64) (linkStats, error) {
	start := time.Now()
	cfg := network.Config{}.WithDefaults()
	limit := cfg.MaxDocs + len(news)
	kinds := network.Kinds()
	// Perceptual hashes are grouped with their near copies among all
	// those stored.
	values, err := st.EntityValues(ctx, vigie.KindPhotoHash)
	if err != nil {
		return linkStats{}, err
	}
	idents := network.Identifiers{Photos: network.GroupPhotos(values, imagehash.DefaultMaxDistance)}
	in := make(map[int64]bool, len(news))
	for _, d := range news {
		in[d] = true
	}
	docIdents := map[int64][]network.Ident{} // identifiers of the closure's documents
	seen := map[network.Ident]bool{}
	tooCommon := map[network.Ident]int{}
	for frontier := news; len(frontier) > 0; {
		fresh := map[string][]string{} // class → stored values of identifiers not seen yet
		freshKinds := map[string][]vigie.EntityKind{}
		err := st.EntitiesOf(ctx, frontier, kinds, func(doc int64, kind vigie.EntityKind, value string) {
			id, ok := idents.Of(kind, value)
			if !ok {
				return
			}
			docIdents[doc] = append(docIdents[doc], id)
			if !seen[id] {
				seen[id] = true
				ks, vs := idents.Stored(id)
				fresh[id.Class] = append(fresh[id.Class], vs...)
				freshKinds[id.Class] = ks
			}
		})
		if err != nil {
			return linkStats{}, err
		}
		holders := map[network.Ident]map[int64]bool{}
		for class, values := range fresh {
			err := st.Holders(ctx, freshKinds[class], values, func(doc int64, kind vigie.EntityKind, value string) {
				id, ok := idents.Of(kind, value)
				if !ok || id.Class != class {
					return
				}
				if holders[id] == nil {
					holders[id] = map[int64]bool{}
				}
				holders[id][doc] = true
			})
			if err != nil {
				return linkStats{}, err
			}
		}
		var next []int64
		for id, hs := range holders {
			if len(hs) > limit {
				tooCommon[id] = len(hs)
				continue
			}
			for d := range hs {
				if !in[d] {
					in[d] = true
					next = append(next, d)
				}
			}
		}
		if len(in) > maxClosure {
			return relink(ctx, st)
		}
		frontier = next
	}
	l := network.NewLinker(cfg)
	scope := make([]int64, 0, len(in))
	for d := range in {
		scope = append(scope, d)
		var ids []network.Ident
		for _, id := range docIdents[d] {
			if _, common := tooCommon[id]; !common {
				ids = append(ids, id)
			}
		}
		l.Add(d, ids...)
	}
	slices.Sort(scope)
	res := l.Link()
	recs, gen, ls := linkRecords(res)
	for id, n := range tooCommon {
		gen = append(gen, store.GenericIdentifier{Class: id.Class, Value: id.Value, Documents: n})
	}
	var drop []store.GenericIdentifier
	for id := range seen {
		drop = append(drop, store.GenericIdentifier{Class: id.Class, Value: id.Value})
	}
	if err := st.ReplaceNetworksOf(ctx, scope, drop, recs, gen); err != nil {
		return linkStats{}, err
	}
	ls.Generic = len(gen)
	ls.Relinked = len(scope)
	ls.Seconds = time.Since(start).Seconds()
	return ls, nil
}

// linkRecords turns a linking into what the store keeps.
func linkRecords(res network.Result) ([]store.NetworkRecord, []store.GenericIdentifier, linkStats) {
	recs := make([]store.NetworkRecord, len(res.Networks))
	ls := linkStats{Networks: len(res.Networks), Generic: len(res.Generic)}
	for i, n := range res.Networks {
		recs[i].Documents = n.Documents
		ls.Documents += len(n.Documents)
		for _, k := range n.Links {
			recs[i].Links = append(recs[i].Links, store.NetworkLink{Class: k.Ident.Class, Value: k.Ident.Value, Documents: k.Docs})
		}
	}
	gen := make([]store.GenericIdentifier, len(res.Generic))
	for i, g := range res.Generic {
		gen[i] = store.GenericIdentifier{Class: g.Ident.Class, Value: g.Ident.Value, Documents: g.Docs, Groups: g.Groups}
	}
	return recs, gen, ls
}
