package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Subject is everything the store holds about one identifier, for a
// subject access request: the documents that give it (whole, with their
// analysis and where they were captured), the cases that hold it or
// them, the watches on it and the networks it links.
type Subject struct {
	Kind      vigie.EntityKind `json:"kind"`
	Value     string           `json:"value"`
	Kinds     []string         `json:"kinds_matched"` // a phone number is also a WhatsApp, Viber or Signal handle
	Documents []DocumentView   `json:"documents"`
	Cases     []SubjectCase    `json:"cases"`
	Watches   []SubjectWatch   `json:"watches"`
	Networks  []int64          `json:"networks"` // that it links, as they stand
}

// SubjectCase is a case holding the identifier or a document giving it.
type SubjectCase struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
}

// SubjectWatch is a watch on the identifier.
type SubjectWatch struct {
	Owner   string `json:"owner"`
	Kind    string `json:"kind"`
	Created string `json:"created_at"`
}

// phoneKinds are the kinds whose values are phone numbers when they are
// numbers.
var phoneKinds = []vigie.EntityKind{vigie.KindPhone, vigie.KindWhatsApp, vigie.KindViber, vigie.KindSignal}

// Subject returns everything held about kind:value (stored form: see
// EntityFilter). A phone number is looked up under every kind that holds
// numbers. Nothing held is no error: the answer is then empty.
func (s *Store) Subject(ctx context.Context, kind vigie.EntityKind, value string) (Subject, error) {
	out := Subject{Kind: kind, Value: value, Documents: []DocumentView{}, Cases: []SubjectCase{}, Watches: []SubjectWatch{}, Networks: []int64{}}
	kinds := []vigie.EntityKind{kind}
	if slices.Contains(phoneKinds, kind) && strings.HasPrefix(value, "+") {
		kinds = phoneKinds
	}
	p := s.d.placeholder
	args := []any{value}
	var marks []string
	for _, k := range kinds {
		args = append(args, string(k))
		marks = append(marks, p(len(args)))
		out.Kinds = append(out.Kinds, string(k))
	}
	inKinds := "(" + strings.Join(marks, ", ") + ")"
	var ids []int64
	if err := s.eachRow(ctx, "SELECT DISTINCT document_id FROM entities WHERE value = "+p(1)+" AND kind IN "+inKinds+" ORDER BY document_id", args,
		func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			ids = append(ids, id)
			return err
		}); err != nil {
		return out, fmt.Errorf("subject: %w", err)
	}
	for _, id := range ids {
		d, err := s.documentByID(ctx, id)
		if err != nil {
			return out, fmt.Errorf("subject: %w", err)
		}
		out.Documents = append(out.Documents, d)
	}
	// Cases: holding one of the documents, or the identifier itself.
	var refs []any
	var refMarks []string
	for _, k := range kinds {
		refs = append(refs, string(k)+":"+value)
		refMarks = append(refMarks, p(len(refs)))
	}
	docCond := "1 = 0"
	if len(ids) > 0 {
		strs := make([]string, len(ids))
		for i, id := range ids {
			strs[i] = fmt.Sprint(id)
		}
		docCond = "i.document_id IN (" + strings.Join(strs, ", ") + ")"
	}
	if err := s.eachRow(ctx, "SELECT DISTINCT c.id, c.title, c.status FROM cases c JOIN case_items i ON i.case_id = c.id WHERE "+docCond+
		" OR (i.kind = 'entity' AND i.ref IN ("+strings.Join(refMarks, ", ")+")) ORDER BY c.id", refs, func(r *sql.Rows) error {
		var c SubjectCase
		err := r.Scan(&c.ID, &c.Title, &c.Status)
		out.Cases = append(out.Cases, c)
		return err
	}); err != nil {
		return out, fmt.Errorf("subject cases: %w", err)
	}
	if err := s.eachRow(ctx, "SELECT u.name, w.kind, w.created_at FROM watches w JOIN users u ON u.id = w.user_id WHERE w.value = "+p(1)+
		" AND w.kind IN "+inKinds+" ORDER BY w.id", args, func(r *sql.Rows) error {
		var w SubjectWatch
		err := r.Scan(&w.Owner, &w.Kind, &w.Created)
		out.Watches = append(out.Watches, w)
		return err
	}); err != nil {
		return out, fmt.Errorf("subject watches: %w", err)
	}
	if err := s.eachRow(ctx, "SELECT DISTINCT network_id FROM network_links WHERE value = "+p(1)+" ORDER BY network_id", []any{value}, func(r *sql.Rows) error {
		var n int64
		err := r.Scan(&n)
		out.Networks = append(out.Networks, n)
		return err
	}); err != nil {
		return out, fmt.Errorf("subject networks: %w", err)
	}
	return out, nil
}
