package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

// EachIdentifier calls fn with every entity of the given kinds, by
// document id, in no particular order, stopping at the first error fn
// returns: what linking reads. It reads the whole entities table in its
// own order and filters here: through the (kind, value) index, every row
// would cost a lookup in the table.
func (s *Store) EachIdentifier(ctx context.Context, kinds []vigie.EntityKind, fn func(doc int64, kind vigie.EntityKind, value string) error) error {
	want := map[string]vigie.EntityKind{}
	for _, k := range kinds {
		want[string(k)] = k
	}
	rows, err := s.rd.QueryContext(ctx, "SELECT document_id, kind, value FROM entities")
	if err != nil {
		return fmt.Errorf("list identifiers: %w", err)
	}
	defer rows.Close()
	var kind sql.RawBytes
	for rows.Next() {
		var doc int64
		var value string
		if err := rows.Scan(&doc, &kind, &value); err != nil {
			return fmt.Errorf("list identifiers: %w", err)
		}
		k, ok := want[string(kind)]
		if !ok {
			continue
		}
		if err := fn(doc, k, value); err != nil {
			return err
		}
	}
	return rows.Err()
}

// NetworkRecord is a network to store: its documents (store ids) and the
// identifiers that join them.
type NetworkRecord struct {
	Documents []int64
	Links     []NetworkLink
}

// NetworkLink is an identifier joining a network and the number of its
// documents that hold it.
type NetworkLink struct {
	Class     string `json:"class"`
	Value     string `json:"value"`
	Documents int    `json:"documents"`
}

// GenericIdentifier is an identifier too common to link.
type GenericIdentifier struct {
	Class     string `json:"class"`
	Value     string `json:"value"`
	Documents int    `json:"documents"`
	Groups    int    `json:"groups"` // 0: too common to count
}

// ReplaceNetworks stores nets and generic in place of the networks stored
// before, in one transaction. A network's id is its lowest document id;
// its first and last seen are the earliest and latest posting times of
// its documents (ingest times where a document has none).
func (s *Store) ReplaceNetworks(ctx context.Context, nets []NetworkRecord, generic []GenericIdentifier) error {
	return s.replaceNetworks(ctx, nil, nil, nets, generic)
}

// ReplaceNetworksOf is ReplaceNetworks for a part of the store: it
// replaces the networks that hold any of the documents scope, and the
// generic identifiers listed in drop, by nets and generic. The caller
// makes sure that scope holds every document of those networks (a
// closure over the identifiers that link).
func (s *Store) ReplaceNetworksOf(ctx context.Context, scope []int64, drop []GenericIdentifier, nets []NetworkRecord, generic []GenericIdentifier) error {
	if scope == nil {
		scope = []int64{}
	}
	return s.replaceNetworks(ctx, scope, drop, nets, generic)
}

func (s *Store) replaceNetworks(ctx context.Context, scope []int64, drop []GenericIdentifier, nets []NetworkRecord, generic []GenericIdentifier) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store networks: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	p := s.d.placeholder
	if scope == nil {
		for _, t := range []string{"network_links", "network_documents", "networks", "generic_identifiers"} {
			if _, err = tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("store networks: %w", err)
			}
		}
	} else {
		var old []int64
		for docs := scope; len(docs) > 0; {
			n := min(chunk, len(docs))
			args, ph := inList(p, docs[:n], 0)
			docs = docs[n:]
			rows, err := tx.QueryContext(ctx, "SELECT DISTINCT network_id FROM network_documents WHERE document_id IN ("+ph+")", args...)
			if err != nil {
				return fmt.Errorf("store networks: %w", err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return fmt.Errorf("store networks: %w", err)
				}
				old = append(old, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store networks: %w", err)
			}
		}
		slices.Sort(old)
		old = slices.Compact(old)
		for ids := old; len(ids) > 0; {
			n := min(chunk, len(ids))
			args, ph := inList(p, ids[:n], 0)
			ids = ids[n:]
			for _, q := range []string{"DELETE FROM network_links WHERE network_id IN (", "DELETE FROM network_documents WHERE network_id IN (", "DELETE FROM networks WHERE id IN ("} {
				if _, err = tx.ExecContext(ctx, q+ph+")", args...); err != nil {
					return fmt.Errorf("store networks: %w", err)
				}
			}
		}
		for _, g := range append(slices.Clone(drop), generic...) {
			if _, err = tx.ExecContext(ctx, "DELETE FROM generic_identifiers WHERE class = "+p(1)+" AND value = "+p(2), g.Class, g.Value); err != nil {
				return fmt.Errorf("store networks: %w", err)
			}
		}
	}
	members := newBulk(s.d, s.d.insertInto("network_documents")+" (document_id, network_id) VALUES ", "")
	links := newBulk(s.d, s.d.insertInto("network_links")+" (network_id, class, value, documents) VALUES ", "")
	// Members go in by document id, the order of their primary key: in
	// network order they would land all over its B-tree.
	var pairs [][2]int64
	for _, n := range nets {
		if len(n.Documents) == 0 {
			continue
		}
		id := slices.Min(n.Documents)
		for _, d := range n.Documents {
			pairs = append(pairs, [2]int64{d, id})
		}
	}
	slices.SortFunc(pairs, func(a, b [2]int64) int { return cmp.Compare(a[0], b[0]) })
	for _, p := range pairs {
		if err = members.add(ctx, tx, p[0], p[1]); err != nil {
			return fmt.Errorf("store networks: %w", err)
		}
	}
	for _, n := range nets {
		if len(n.Documents) == 0 {
			continue
		}
		id := slices.Min(n.Documents)
		for _, l := range n.Links {
			if err = links.add(ctx, tx, id, l.Class, l.Value, l.Documents); err != nil {
				return fmt.Errorf("store networks: %w", err)
			}
		}
	}
	gen := newBulk(s.d, s.d.insertInto("generic_identifiers")+" (class, value, documents, group_count) VALUES ", "")
	for _, g := range generic {
		if err = gen.add(ctx, tx, g.Class, g.Value, g.Documents, g.Groups); err != nil {
			return fmt.Errorf("store networks: %w", err)
		}
	}
	for _, b := range []*bulk{members, links, gen} {
		if err = b.flush(ctx, tx); err != nil {
			return fmt.Errorf("store networks: %w", err)
		}
	}
	q := "INSERT INTO networks (id, size, first_seen, last_seen, computed_at) " +
		"SELECT nd.network_id, count(*), min(coalesce(d.posted_at, d.ingested_at)), max(coalesce(d.posted_at, d.ingested_at)), " +
		p(1) + " FROM network_documents nd JOIN documents d ON d.id = nd.document_id"
	if scope == nil {
		if _, err = tx.ExecContext(ctx, q+" GROUP BY nd.network_id", now()); err != nil {
			return fmt.Errorf("store networks: %w", err)
		}
	} else {
		ids := make([]int64, 0, len(nets))
		for _, n := range nets {
			if len(n.Documents) > 0 {
				ids = append(ids, slices.Min(n.Documents))
			}
		}
		for len(ids) > 0 {
			n := min(chunk, len(ids))
			args, ph := inList(p, ids[:n], 1)
			ids = ids[n:]
			if _, err = tx.ExecContext(ctx, q+" WHERE nd.network_id IN ("+ph+") GROUP BY nd.network_id", append([]any{now()}, args...)...); err != nil {
				return fmt.Errorf("store networks: %w", err)
			}
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store networks: %w", err)
	}
	return nil
}

// NetworkSummary is a stored network and what its documents have in
// common.
type NetworkSummary struct {
	ID         int64          `json:"id"`
	Size       int            `json:"size"`
	FirstSeen  string         `json:"first_seen"`
	LastSeen   string         `json:"last_seen"`
	Documents  []string       `json:"documents"` // ids as ingested (else keys), oldest first
	Links      []NetworkLink  `json:"identifiers"`
	Categories map[string]int `json:"categories"` // documents reported under each
	Languages  map[string]int `json:"languages"`
	Places     []Count        `json:"places"`
	Prices     []Count        `json:"prices"`
}

// Count is a value and how many documents hold it.
type Count struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// maxCounts bounds the places and prices listed per network.
const maxCounts = 20

// Networks returns the stored networks of at least minSize documents,
// largest first, then oldest first, with their summaries.
func (s *Store) Networks(ctx context.Context, minSize int) ([]NetworkSummary, error) {
	return s.networks(ctx, "n.size >= "+s.d.placeholder(1), minSize)
}

// Network returns the stored network id, or an error wrapping
// vigie.ErrNotFound.
func (s *Store) Network(ctx context.Context, id int64) (NetworkSummary, error) {
	out, err := s.networks(ctx, "n.id = "+s.d.placeholder(1), id)
	if err != nil {
		return NetworkSummary{}, err
	}
	if len(out) == 0 {
		return NetworkSummary{}, fmt.Errorf("network %d: %w", id, vigie.ErrNotFound)
	}
	return out[0], nil
}

// NetworkOf returns the id of the network of the document whose id as
// ingested (or key) is doc, and false when it is in none; the error wraps
// vigie.ErrNotFound when no document has that id.
func (s *Store) NetworkOf(ctx context.Context, doc string) (int64, bool, error) {
	id, err := s.documentID(ctx, doc)
	if err != nil {
		return 0, false, err
	}
	return s.NetworkOfDocument(ctx, id)
}

// NetworkOfDocument is NetworkOf for the document of store id id.
func (s *Store) NetworkOfDocument(ctx context.Context, id int64) (int64, bool, error) {
	doc := strconv.FormatInt(id, 10)
	var n int64
	err := s.rd.QueryRowContext(ctx, "SELECT network_id FROM network_documents WHERE document_id = "+s.d.placeholder(1), id).Scan(&n)
	switch {
	case err == sql.ErrNoRows:
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("network of %s: %w", doc, err)
	}
	return n, true, nil
}

// documentID returns the store id of the document whose id as ingested
// is ext, or, failing that, whose key (hex) is ext; the newest when
// several share the id.
func (s *Store) documentID(ctx context.Context, ext string) (int64, error) {
	p := s.d.placeholder
	var id int64
	var nid sql.NullInt64
	if err := s.rd.QueryRowContext(ctx, "SELECT max(id) FROM documents WHERE ext_id = "+p(1), ext).Scan(&nid); err != nil {
		return 0, fmt.Errorf("document %s: %w", ext, err)
	}
	if nid.Valid {
		return nid.Int64, nil
	}
	if key, err := hex.DecodeString(ext); err == nil && len(key) == 32 {
		err := s.rd.QueryRowContext(ctx, "SELECT id FROM documents WHERE key = "+p(1), key).Scan(&id)
		if err == nil {
			return id, nil
		}
		if err != sql.ErrNoRows {
			return 0, fmt.Errorf("document %s: %w", ext, err)
		}
	}
	return 0, fmt.Errorf("document %s: %w", ext, vigie.ErrNotFound)
}

// networks returns the networks that cond (on networks n, with one
// argument arg) selects, with their summaries.
func (s *Store) networks(ctx context.Context, cond string, arg any) ([]NetworkSummary, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT n.id, n.size, coalesce(n.first_seen, ''), coalesce(n.last_seen, '') FROM networks n WHERE "+
		cond+" ORDER BY n.size DESC, n.id", arg)
	if err != nil {
		return nil, fmt.Errorf("list networks: %w", err)
	}
	var out []NetworkSummary
	at := map[int64]int{}
	for rows.Next() {
		var n NetworkSummary
		if err := rows.Scan(&n.ID, &n.Size, &n.FirstSeen, &n.LastSeen); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list networks: %w", err)
		}
		n.Categories, n.Languages = map[string]int{}, map[string]int{}
		n.Documents, n.Links, n.Places, n.Prices = []string{}, []NetworkLink{}, []Count{}, []Count{}
		at[n.ID] = len(out)
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list networks: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// Each part of the summaries in one query over the selected networks.
	sel := "nd.network_id IN (SELECT n.id FROM networks n WHERE " + cond + ")"
	each := func(q string, scan func(*sql.Rows, *NetworkSummary) error) error {
		rows, err := s.rd.QueryContext(ctx, q, arg)
		if err != nil {
			return fmt.Errorf("summarise networks: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var n NetworkSummary
			if err := scan(rows, &n); err != nil {
				return fmt.Errorf("summarise networks: %w", err)
			}
			if k, ok := at[n.ID]; ok {
				merge(&out[k], &n)
			}
		}
		return rows.Err()
	}
	if err := each("SELECT nd.network_id, d.ext_id, d.key FROM network_documents nd JOIN documents d ON d.id = nd.document_id WHERE "+
		sel+" ORDER BY nd.network_id, d.id", func(r *sql.Rows, n *NetworkSummary) error {
		var ext string
		var key []byte
		if err := r.Scan(&n.ID, &ext, &key); err != nil {
			return err
		}
		if ext == "" {
			ext = hex.EncodeToString(key)
		}
		n.Documents = []string{ext}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each("SELECT nd.network_id, nd.class, nd.value, nd.documents FROM network_links nd WHERE "+sel,
		func(r *sql.Rows, n *NetworkSummary) error {
			var l NetworkLink
			if err := r.Scan(&n.ID, &l.Class, &l.Value, &l.Documents); err != nil {
				return err
			}
			n.Links = []NetworkLink{l}
			return nil
		}); err != nil {
		return nil, err
	}
	if err := each("SELECT nd.network_id, c.category, count(*) FROM network_documents nd JOIN categories c ON c.document_id = nd.document_id WHERE "+
		sel+" GROUP BY nd.network_id, c.category", func(r *sql.Rows, n *NetworkSummary) error {
		var c string
		var k int
		if err := r.Scan(&n.ID, &c, &k); err != nil {
			return err
		}
		n.Categories = map[string]int{c: k}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each("SELECT nd.network_id, d.language, count(*) FROM network_documents nd JOIN documents d ON d.id = nd.document_id WHERE "+
		sel+" GROUP BY nd.network_id, d.language", func(r *sql.Rows, n *NetworkSummary) error {
		var l string
		var k int
		if err := r.Scan(&n.ID, &l, &k); err != nil {
			return err
		}
		n.Languages = map[string]int{l: k}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each("SELECT nd.network_id, e.kind, e.value, count(DISTINCT e.document_id) FROM network_documents nd JOIN entities e ON e.document_id = nd.document_id WHERE "+
		sel+" AND e.kind IN ('location', 'price') GROUP BY nd.network_id, e.kind, e.value", func(r *sql.Rows, n *NetworkSummary) error {
		var kind string
		var c Count
		if err := r.Scan(&n.ID, &kind, &c.Value, &c.N); err != nil {
			return err
		}
		if kind == string(vigie.KindLocation) {
			n.Places = []Count{c}
		} else {
			n.Prices = []Count{c}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for i := range out {
		n := &out[i]
		slices.SortFunc(n.Links, func(a, b NetworkLink) int {
			return cmp.Or(cmp.Compare(b.Documents, a.Documents), cmp.Compare(a.Class, b.Class), cmp.Compare(a.Value, b.Value))
		})
		for _, cs := range []*[]Count{&n.Places, &n.Prices} {
			slices.SortFunc(*cs, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Value, b.Value)) })
			*cs = (*cs)[:min(len(*cs), maxCounts)]
		}
	}
	return out, nil
}

// merge adds the one-row part p of a summary to n.
func merge(n, p *NetworkSummary) {
	n.Documents = append(n.Documents, p.Documents...)
	n.Links = append(n.Links, p.Links...)
	n.Places = append(n.Places, p.Places...)
	n.Prices = append(n.Prices, p.Prices...)
	for k, v := range p.Categories {
		n.Categories[k] += v
	}
	for k, v := range p.Languages {
		n.Languages[k] += v
	}
}

// GenericIdentifiers returns the identifiers set aside as too common to
// link, most common first.
func (s *Store) GenericIdentifiers(ctx context.Context) ([]GenericIdentifier, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT class, value, documents, group_count FROM generic_identifiers ORDER BY documents DESC, class, value")
	if err != nil {
		return nil, fmt.Errorf("list generic identifiers: %w", err)
	}
	defer rows.Close()
	var out []GenericIdentifier
	for rows.Next() {
		var g GenericIdentifier
		if err := rows.Scan(&g.Class, &g.Value, &g.Documents, &g.Groups); err != nil {
			return nil, fmt.Errorf("list generic identifiers: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// PostRecord is a stored post with what links and describes it, for
// exports.
type PostRecord struct {
	StoreID    int64
	ID         string // as ingested, else the key
	Key        string // hex
	Network    int64  // 0: in none
	Source     string
	Platform   string
	URL        string
	Author     string
	PostedAt   time.Time // zero when unknown
	Language   string
	Text       string
	Risk       float64
	Categories []string
	Entities   []vigie.Entity // Kind and Value only
	Media      []vigie.Media
}

// NetworkPosts calls fn with every post of network id, or of every
// network when id is 0, in store order, stopping at the first error fn
// returns. It reads posts, categories and entities in three ordered
// passes side by side, so that memory does not grow with the store.
func (s *Store) NetworkPosts(ctx context.Context, id int64, fn func(PostRecord) error) error {
	cond, args := "", []any{}
	if id != 0 {
		cond, args = " WHERE nd.network_id = "+s.d.placeholder(1), []any{id}
	}
	from := " FROM network_documents nd "
	posts, err := s.rd.QueryContext(ctx, "SELECT d.id, d.ext_id, d.key, nd.network_id, coalesce(s.name, ''), d.platform, d.url, d.author, "+
		"coalesce(d.posted_at, ''), d.language, d.text, d.risk, d.media"+from+
		"JOIN documents d ON d.id = nd.document_id LEFT JOIN sources s ON s.id = d.source_id"+cond+" ORDER BY d.id", args...)
	if err != nil {
		return fmt.Errorf("list network posts: %w", err)
	}
	defer posts.Close()
	cats, err := s.rd.QueryContext(ctx, "SELECT c.document_id, c.category"+from+
		"JOIN categories c ON c.document_id = nd.document_id"+cond+" ORDER BY c.document_id, c.score DESC", args...)
	if err != nil {
		return fmt.Errorf("list network posts: %w", err)
	}
	defer cats.Close()
	ents, err := s.rd.QueryContext(ctx, "SELECT e.document_id, e.kind, e.value"+from+
		"JOIN entities e ON e.document_id = nd.document_id"+cond+" ORDER BY e.document_id", args...)
	if err != nil {
		return fmt.Errorf("list network posts: %w", err)
	}
	defer ents.Close()

	// Each side cursor holds its next row, read ahead.
	type next struct {
		doc  int64
		a, b string
		ok   bool
	}
	read := func(r *sql.Rows, n *next, cols int) error {
		n.ok = r.Next()
		if !n.ok {
			return r.Err()
		}
		if cols == 2 {
			return r.Scan(&n.doc, &n.a)
		}
		return r.Scan(&n.doc, &n.a, &n.b)
	}
	var c, e next
	if err := read(cats, &c, 2); err != nil {
		return fmt.Errorf("list network posts: %w", err)
	}
	if err := read(ents, &e, 3); err != nil {
		return fmt.Errorf("list network posts: %w", err)
	}
	for posts.Next() {
		var p PostRecord
		var key []byte
		var posted, media string
		if err := posts.Scan(&p.StoreID, &p.ID, &key, &p.Network, &p.Source, &p.Platform, &p.URL, &p.Author,
			&posted, &p.Language, &p.Text, &p.Risk, &media); err != nil {
			return fmt.Errorf("list network posts: %w", err)
		}
		p.Key = hex.EncodeToString(key)
		if p.ID == "" {
			p.ID = p.Key
		}
		if posted != "" {
			if t, err := time.Parse(timeFormat, posted); err == nil {
				p.PostedAt = t
			}
		}
		if media != "" {
			if err := json.Unmarshal([]byte(media), &p.Media); err != nil {
				return fmt.Errorf("media of document %d: %w", p.StoreID, err)
			}
		}
		for c.ok && c.doc <= p.StoreID {
			if c.doc == p.StoreID {
				p.Categories = append(p.Categories, c.a)
			}
			if err := read(cats, &c, 2); err != nil {
				return fmt.Errorf("list network posts: %w", err)
			}
		}
		for e.ok && e.doc <= p.StoreID {
			if e.doc == p.StoreID {
				p.Entities = append(p.Entities, vigie.Entity{Kind: vigie.EntityKind(e.a), Value: e.b})
			}
			if err := read(ents, &e, 3); err != nil {
				return fmt.Errorf("list network posts: %w", err)
			}
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return posts.Err()
}

// chunk is the most values bound in one IN (…) list.
const chunk = 500

// EntitiesOf calls fn with every entity of the given kinds of the
// documents docs, in no particular order.
func (s *Store) EntitiesOf(ctx context.Context, docs []int64, kinds []vigie.EntityKind, fn func(doc int64, kind vigie.EntityKind, value string)) error {
	want := map[string]vigie.EntityKind{}
	for _, k := range kinds {
		want[string(k)] = k
	}
	for len(docs) > 0 {
		n := min(chunk, len(docs))
		args := make([]any, n)
		ph := make([]string, n)
		for i, d := range docs[:n] {
			args[i], ph[i] = d, s.d.placeholder(i+1)
		}
		docs = docs[n:]
		rows, err := s.rd.QueryContext(ctx, "SELECT document_id, kind, value FROM entities WHERE document_id IN ("+strings.Join(ph, ", ")+")", args...)
		if err != nil {
			return fmt.Errorf("entities of documents: %w", err)
		}
		for rows.Next() {
			var doc int64
			var kind, value string
			if err := rows.Scan(&doc, &kind, &value); err != nil {
				rows.Close()
				return fmt.Errorf("entities of documents: %w", err)
			}
			if k, ok := want[kind]; ok {
				fn(doc, k, value)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("entities of documents: %w", err)
		}
	}
	return nil
}

// Holders calls fn with every document holding an entity of one of the
// kinds with one of the values, through the (kind, value) index.
func (s *Store) Holders(ctx context.Context, kinds []vigie.EntityKind, values []string, fn func(doc int64, kind vigie.EntityKind, value string)) error {
	for len(values) > 0 {
		n := min(chunk, len(values))
		var args []any
		var kph, vph []string
		for _, k := range kinds {
			args = append(args, string(k))
			kph = append(kph, s.d.placeholder(len(args)))
		}
		for _, v := range values[:n] {
			args = append(args, v)
			vph = append(vph, s.d.placeholder(len(args)))
		}
		values = values[n:]
		rows, err := s.rd.QueryContext(ctx, "SELECT document_id, kind, value FROM entities WHERE kind IN ("+strings.Join(kph, ", ")+
			") AND value IN ("+strings.Join(vph, ", ")+")", args...)
		if err != nil {
			return fmt.Errorf("holders of identifiers: %w", err)
		}
		for rows.Next() {
			var doc int64
			var kind, value string
			if err := rows.Scan(&doc, &kind, &value); err != nil {
				rows.Close()
				return fmt.Errorf("holders of identifiers: %w", err)
			}
			fn(doc, vigie.EntityKind(kind), value)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("holders of identifiers: %w", err)
		}
	}
	return nil
}

// inList returns the arguments and placeholders of an IN list of ids,
// numbered after the first skip placeholders.
func inList(p func(int) string, ids []int64, skip int) ([]any, string) {
	args := make([]any, len(ids))
	ph := make([]string, len(ids))
	for i, id := range ids {
		args[i], ph[i] = id, p(skip+i+1)
	}
	return args, strings.Join(ph, ", ")
}

// Count returns the number of documents stored.
func (s *Store) Count(ctx context.Context) (int64, error) {
	var n int64
	if err := s.rd.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// EntityValues returns the distinct values of the entities of kind, in
// increasing order.
func (s *Store) EntityValues(ctx context.Context, kind vigie.EntityKind) ([]string, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT DISTINCT value FROM entities WHERE kind = "+s.d.placeholder(1)+" ORDER BY value", string(kind))
	if err != nil {
		return nil, fmt.Errorf("list %s values: %w", kind, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("list %s values: %w", kind, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s values: %w", kind, err)
	}
	return out, nil
}
