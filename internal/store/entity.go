package store

import (
	"context"
	"encoding/hex"
	"fmt"

	"github.com/vigie-project/vigie/internal/vigie"
)

// EntityView is everything the store holds about one entity value: the
// documents that give it, when it was first and last seen, and the other
// identifiers given with it.
type EntityView struct {
	Kind      vigie.EntityKind `json:"kind"`
	Value     string           `json:"value"`
	Documents int              `json:"documents"`
	FirstSeen string           `json:"first_seen"` // earliest posting date, else ingest date
	LastSeen  string           `json:"last_seen"`
	Posts     []EntityPost     `json:"posts"` // newest first, at most the limit asked
	// With lists the identifiers of other kinds or values in the same
	// documents, most shared first.
	With []CoEntity `json:"with"`
}

// EntityPost is a document that gives an entity.
type EntityPost struct {
	ID       string  `json:"id"`
	Seen     string  `json:"seen"` // posting date, else ingest date
	Risk     float64 `json:"risk"`
	Language string  `json:"language"`
	Snippet  string  `json:"snippet"`
}

// CoEntity is an identifier found with another, and in how many of its
// documents.
type CoEntity struct {
	Kind      vigie.EntityKind `json:"kind"`
	Value     string           `json:"value"`
	Documents int              `json:"documents"`
}

// maxCoEntities bounds the identifiers EntityView.With lists.
const maxCoEntities = 30

// Entity returns what the store holds about the entity kind:value (in
// its stored form: see EntityFilter), with at most limit posts and the
// identifiers of the kinds with given with it. The error wraps
// vigie.ErrNotFound when no document gives it.
func (s *Store) Entity(ctx context.Context, kind vigie.EntityKind, value string, limit int, with []vigie.EntityKind) (EntityView, error) {
	p := s.d.placeholder
	v := EntityView{Kind: kind, Value: value}
	seen := "coalesce(d.posted_at, d.ingested_at)"
	err := s.rd.QueryRowContext(ctx, "SELECT count(DISTINCT d.id), coalesce(min("+seen+"), ''), coalesce(max("+seen+"), '') "+
		"FROM entities e JOIN documents d ON d.id = e.document_id WHERE e.kind = "+p(1)+" AND e.value = "+p(2),
		string(kind), value).Scan(&v.Documents, &v.FirstSeen, &v.LastSeen)
	if err != nil {
		return v, fmt.Errorf("entity %s:%s: %w", kind, value, err)
	}
	if v.Documents == 0 {
		return v, fmt.Errorf("no document gives %s:%s: %w", kind, value, vigie.ErrNotFound)
	}
	rows, err := s.rd.QueryContext(ctx, "SELECT DISTINCT d.id, d.ext_id, d.key, "+seen+", d.risk, d.language, d.text "+
		"FROM entities e JOIN documents d ON d.id = e.document_id WHERE e.kind = "+p(1)+" AND e.value = "+p(2)+
		" ORDER BY d.id DESC LIMIT "+p(3), string(kind), value, limit)
	if err != nil {
		return v, fmt.Errorf("entity %s:%s: %w", kind, value, err)
	}
	for rows.Next() {
		var id int64
		var key []byte
		var text string
		var ep EntityPost
		if err := rows.Scan(&id, &ep.ID, &key, &ep.Seen, &ep.Risk, &ep.Language, &text); err != nil {
			rows.Close()
			return v, fmt.Errorf("entity %s:%s: %w", kind, value, err)
		}
		if ep.ID == "" {
			ep.ID = hex.EncodeToString(key)
		}
		ep.Snippet = Snippet(text, []string{value}, 160)
		v.Posts = append(v.Posts, ep)
	}
	rows.Close()
	if len(with) == 0 {
		return v, nil
	}
	var args []any
	var kph string
	args = append(args, string(kind), value)
	for i, k := range with {
		if i > 0 {
			kph += ", "
		}
		args = append(args, string(k))
		kph += p(len(args))
	}
	args = append(args, maxCoEntities)
	rows, err = s.rd.QueryContext(ctx, "SELECT o.kind, o.value, count(DISTINCT o.document_id) FROM entities e "+
		"JOIN entities o ON o.document_id = e.document_id WHERE e.kind = "+p(1)+" AND e.value = "+p(2)+
		" AND o.kind IN ("+kph+") AND NOT (o.kind = "+p(1)+" AND o.value = "+p(2)+") "+
		"GROUP BY o.kind, o.value ORDER BY 3 DESC, 1, 2 LIMIT "+p(len(args)), args...)
	if err != nil {
		return v, fmt.Errorf("entities with %s:%s: %w", kind, value, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CoEntity
		var k string
		if err := rows.Scan(&k, &c.Value, &c.Documents); err != nil {
			return v, fmt.Errorf("entities with %s:%s: %w", kind, value, err)
		}
		c.Kind = vigie.EntityKind(k)
		v.With = append(v.With, c)
	}
	return v, rows.Err()
}
