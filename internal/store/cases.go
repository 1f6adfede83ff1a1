package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Case statuses.
const (
	CaseOpen     = "open"
	CaseClosed   = "closed"
	CaseArchived = "archived"
)

// CaseStatuses are the statuses a case can have, in the order they come.
var CaseStatuses = []string{CaseOpen, CaseClosed, CaseArchived}

// Kinds of case items.
const (
	ItemDocument = "document"
	ItemEntity   = "entity"
	ItemNetwork  = "network"
)

// Viewer is who asks for a case: only the case's members and
// administrators see it; to anyone else it does not exist.
type Viewer struct {
	UserID int64
	Admin  bool
}

// CaseSummary is a case as lists show it.
type CaseSummary struct {
	ID        int64    `json:"id"`
	Title     string   `json:"title"`
	Status    string   `json:"status"`
	Tags      []string `json:"tags"`
	CreatedBy string   `json:"created_by"`
	CreatedAt string   `json:"created_at"`
	UpdatedAt string   `json:"updated_at"`
	Items     int      `json:"items"`
	Members   int      `json:"members"`
}

// CaseItem is a piece of a case's material.
type CaseItem struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"` // ItemDocument, ItemEntity or ItemNetwork
	Ref     string `json:"ref"`  // the document's id as ingested, "kind:value", or the network's id when added
	Label   string `json:"label"`
	AddedBy string `json:"added_by"`
	AddedAt string `json:"added_at"`
	// For documents: when posted (may be empty) and ingested, and the
	// document's store id.
	DocumentID int64  `json:"-"`
	PostedAt   string `json:"posted_at,omitempty"`
	IngestedAt string `json:"ingested_at,omitempty"`
}

// CaseNote is a note written in a case.
type CaseNote struct {
	ID     int64  `json:"id"`
	Author string `json:"author"`
	At     string `json:"at"`
	Text   string `json:"text"`
}

// CaseView is a whole case.
type CaseView struct {
	CaseSummary
	MemberNames []string   `json:"member_names"`
	Material    []CaseItem `json:"material"`
	Notes       []CaseNote `json:"notes"`
}

// maxCaseText bounds titles, tags and notes.
const (
	maxCaseTitle = 200
	maxCaseNote  = 20000
	maxCaseTag   = 40
	maxCaseTags  = 20
)

// cleanTags trims, lower-cases and deduplicates tags; the error wraps
// vigie.ErrInvalid for too many or too long.
func cleanTags(tags []string) ([]string, error) {
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || slices.Contains(out, t) {
			continue
		}
		if len(t) > maxCaseTag {
			return nil, fmt.Errorf("tag %.20q…: longer than %d bytes: %w", t, maxCaseTag, vigie.ErrInvalid)
		}
		out = append(out, t)
	}
	if len(out) > maxCaseTags {
		return nil, fmt.Errorf("%d tags: at most %d: %w", len(out), maxCaseTags, vigie.ErrInvalid)
	}
	slices.Sort(out)
	return out, nil
}

func checkTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" || len(title) > maxCaseTitle {
		return "", fmt.Errorf("a case's title needs 1 to %d bytes: %w", maxCaseTitle, vigie.ErrInvalid)
	}
	return title, nil
}

// CreateCase opens a case whose first member is its creator and returns
// its id.
func (s *Store) CreateCase(ctx context.Context, title string, tags []string, creator int64) (int64, error) {
	title, err := checkTitle(title)
	if err != nil {
		return 0, err
	}
	if tags, err = cleanTags(tags); err != nil {
		return 0, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		p := s.d.placeholder
		t := now()
		if err := tx.QueryRowContext(ctx, "INSERT INTO cases (title, status, created_by, created_at, updated_at) VALUES ("+
			p(1)+", "+p(2)+", "+p(3)+", "+p(4)+", "+p(4)+") RETURNING id", title, CaseOpen, creator, t).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO case_members (case_id, user_id, added_at) VALUES ("+p(1)+", "+p(2)+", "+p(3)+")", id, creator, t); err != nil {
			return err
		}
		if err := s.setTags(ctx, tx, id, tags); err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionChangeCase, "case:"+strconv.FormatInt(id, 10), "opened: "+title)
	})
	if err != nil {
		return 0, fmt.Errorf("create case: %w", err)
	}
	return id, nil
}

// inTx runs fn in a transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) setTags(ctx context.Context, tx *sql.Tx, id int64, tags []string) error {
	p := s.d.placeholder
	if _, err := tx.ExecContext(ctx, "DELETE FROM case_tags WHERE case_id = "+p(1), id); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, "INSERT INTO case_tags (case_id, tag) VALUES ("+p(1)+", "+p(2)+")", id, t); err != nil {
			return err
		}
	}
	return nil
}

// canSee is the condition that viewer v may see the case of alias c.
func (s *Store) canSee(v Viewer, c string, args *[]any) string {
	if v.Admin {
		return "1 = 1"
	}
	*args = append(*args, v.UserID)
	return "EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = " + c + ".id AND m.user_id = " + s.d.placeholder(len(*args)) + ")"
}

const caseSummaryColumns = "c.id, c.title, c.status, u.name, c.created_at, c.updated_at, " +
	"(SELECT count(*) FROM case_items i WHERE i.case_id = c.id), (SELECT count(*) FROM case_members m2 WHERE m2.case_id = c.id)"

func scanCaseSummary(row interface{ Scan(...any) error }) (CaseSummary, error) {
	var c CaseSummary
	err := row.Scan(&c.ID, &c.Title, &c.Status, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.Items, &c.Members)
	return c, err
}

// Cases returns the cases v may see, the most recently changed first.
func (s *Store) Cases(ctx context.Context, v Viewer) ([]CaseSummary, error) {
	var args []any
	rows, err := s.rd.QueryContext(ctx, "SELECT "+caseSummaryColumns+" FROM cases c JOIN users u ON u.id = c.created_by WHERE "+
		s.canSee(v, "c", &args)+" ORDER BY c.updated_at DESC, c.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	var out []CaseSummary
	for rows.Next() {
		c, err := scanCaseSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	for i := range out {
		if out[i].Tags, err = s.caseTags(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) caseTags(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT tag FROM case_tags WHERE case_id = "+s.d.placeholder(1)+" ORDER BY tag", id)
	if err != nil {
		return nil, fmt.Errorf("case tags: %w", err)
	}
	defer rows.Close()
	tags := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("case tags: %w", err)
		}
		tags = append(tags, t)
	}
	return tags, rows.Err()
}

// caseErr is the error for a case v may not see or that does not exist:
// the same, so that a case's existence does not leak.
func caseErr(id int64) error {
	return fmt.Errorf("case %d: %w", id, vigie.ErrNotFound)
}

// CheckCase returns nil when v may see case id, else an error wrapping
// vigie.ErrNotFound.
func (s *Store) CheckCase(ctx context.Context, v Viewer, id int64) error {
	args := []any{id}
	var one int
	err := s.rd.QueryRowContext(ctx, "SELECT 1 FROM cases c WHERE c.id = "+s.d.placeholder(1)+" AND "+s.canSee(v, "c", &args), args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return caseErr(id)
	}
	if err != nil {
		return fmt.Errorf("case %d: %w", id, err)
	}
	return nil
}

// Case returns case id as v may see it; the error wraps vigie.ErrNotFound
// when it does not exist or v is neither a member nor an administrator.
func (s *Store) Case(ctx context.Context, v Viewer, id int64) (CaseView, error) {
	args := []any{id}
	c, err := scanCaseSummary(s.rd.QueryRowContext(ctx, "SELECT "+caseSummaryColumns+" FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id = "+
		s.d.placeholder(1)+" AND "+s.canSee(v, "c", &args), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return CaseView{}, caseErr(id)
	}
	if err != nil {
		return CaseView{}, fmt.Errorf("case %d: %w", id, err)
	}
	out := CaseView{CaseSummary: c, MemberNames: []string{}, Material: []CaseItem{}, Notes: []CaseNote{}}
	if out.Tags, err = s.caseTags(ctx, id); err != nil {
		return CaseView{}, err
	}
	p := s.d.placeholder
	if err := s.eachRow(ctx, "SELECT u.name FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = "+p(1)+" ORDER BY u.name", []any{id},
		func(r *sql.Rows) error {
			var n string
			err := r.Scan(&n)
			out.MemberNames = append(out.MemberNames, n)
			return err
		}); err != nil {
		return CaseView{}, fmt.Errorf("case %d members: %w", id, err)
	}
	if err := s.eachRow(ctx, "SELECT i.id, i.kind, i.ref, i.label, u.name, i.added_at, coalesce(i.document_id, 0), coalesce(d.posted_at, ''), coalesce(d.ingested_at, ''), coalesce(d.ext_id, '') "+
		"FROM case_items i JOIN users u ON u.id = i.added_by LEFT JOIN documents d ON d.id = i.document_id WHERE i.case_id = "+p(1)+" ORDER BY i.id", []any{id},
		func(r *sql.Rows) error {
			var it CaseItem
			var ext string
			err := r.Scan(&it.ID, &it.Kind, &it.Ref, &it.Label, &it.AddedBy, &it.AddedAt, &it.DocumentID, &it.PostedAt, &it.IngestedAt, &ext)
			if it.Kind == ItemDocument && ext != "" {
				it.Ref = ext
			}
			out.Material = append(out.Material, it)
			return err
		}); err != nil {
		return CaseView{}, fmt.Errorf("case %d material: %w", id, err)
	}
	if err := s.eachRow(ctx, "SELECT n.id, u.name, n.at, n.text FROM case_notes n JOIN users u ON u.id = n.author_id WHERE n.case_id = "+p(1)+" ORDER BY n.id", []any{id},
		func(r *sql.Rows) error {
			var n CaseNote
			err := r.Scan(&n.ID, &n.Author, &n.At, &n.Text)
			out.Notes = append(out.Notes, n)
			return err
		}); err != nil {
		return CaseView{}, fmt.Errorf("case %d notes: %w", id, err)
	}
	return out, nil
}

// eachRow runs a query and calls fn with each row.
func (s *Store) eachRow(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.rd.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// changeCase checks that v may see case id, runs fn in a transaction and
// marks the case changed.
func (s *Store) changeCase(ctx context.Context, v Viewer, id int64, what string, fn func(*sql.Tx) error) error {
	if err := s.CheckCase(ctx, v, id); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE cases SET updated_at = "+s.d.placeholder(1)+" WHERE id = "+s.d.placeholder(2), now(), id); err != nil {
			return err
		}
		return s.audited(ctx, tx, audit.ActionChangeCase, "case:"+strconv.FormatInt(id, 10), what)
	})
	if err != nil {
		return fmt.Errorf("case %d: %s: %w", id, what, err)
	}
	return nil
}

// UpdateCase changes a case's title (when not empty), status (when not
// empty: one of CaseStatuses) and tags (when not nil).
func (s *Store) UpdateCase(ctx context.Context, v Viewer, id int64, title, status string, tags []string) error {
	var err error
	if title != "" {
		if title, err = checkTitle(title); err != nil {
			return err
		}
	}
	if status != "" && !slices.Contains(CaseStatuses, status) {
		return fmt.Errorf("status %q: want open, closed or archived: %w", status, vigie.ErrInvalid)
	}
	newTags := tags != nil
	if newTags {
		if tags, err = cleanTags(tags); err != nil {
			return err
		}
	}
	p := s.d.placeholder
	what := "update:"
	if title != "" {
		what += " title " + title
	}
	if status != "" {
		what += " status " + status
	}
	if newTags {
		what += " tags " + strings.Join(tags, ",")
	}
	return s.changeCase(ctx, v, id, what, func(tx *sql.Tx) error {
		if title != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE cases SET title = "+p(1)+" WHERE id = "+p(2), title, id); err != nil {
				return err
			}
		}
		if status != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE cases SET status = "+p(1)+" WHERE id = "+p(2), status, id); err != nil {
				return err
			}
		}
		if newTags {
			return s.setTags(ctx, tx, id, tags)
		}
		return nil
	})
}

// AddCaseMember makes the account named name a member of case id. The
// error wraps vigie.ErrNotFound for an unknown account.
func (s *Store) AddCaseMember(ctx context.Context, v Viewer, id int64, name string) error {
	u, err := s.UserByName(ctx, name)
	if err != nil {
		return err
	}
	p := s.d.placeholder
	return s.changeCase(ctx, v, id, "add member "+name, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO case_members (case_id, user_id, added_at) VALUES ("+p(1)+", "+p(2)+", "+p(3)+") ON CONFLICT DO NOTHING", id, u.ID, now())
		return err
	})
}

// RemoveCaseMember takes the account named name out of case id; a case
// keeps at least one member (vigie.ErrConflict).
func (s *Store) RemoveCaseMember(ctx context.Context, v Viewer, id int64, name string) error {
	u, err := s.UserByName(ctx, name)
	if err != nil {
		return err
	}
	p := s.d.placeholder
	return s.changeCase(ctx, v, id, "remove member "+name, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM case_members WHERE case_id = "+p(1), id).Scan(&n); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM case_members WHERE case_id = "+p(1)+" AND user_id = "+p(2), id, u.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("%s is not a member: %w", name, vigie.ErrNotFound)
		}
		if n <= 1 {
			return fmt.Errorf("a case keeps at least one member: %w", vigie.ErrConflict)
		}
		return nil
	})
}

// AddCaseDocument adds the document whose id as ingested or key is ref
// to case id, by the account by. Adding it again changes nothing.
func (s *Store) AddCaseDocument(ctx context.Context, v Viewer, id int64, ref string) error {
	doc, err := s.documentID(ctx, ref)
	if err != nil {
		return err
	}
	return s.changeCase(ctx, v, id, "add document "+ref, func(tx *sql.Tx) error {
		return s.addItem(ctx, tx, id, ItemDocument, strconv.FormatInt(doc, 10), doc, "", v.UserID)
	})
}

func (s *Store) addItem(ctx context.Context, tx *sql.Tx, id int64, kind, ref string, doc int64, label string, by int64) error {
	p := s.d.placeholder
	var docArg any
	if doc > 0 {
		docArg = doc
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO case_items (case_id, kind, ref, document_id, label, added_by, added_at) VALUES ("+
		p(1)+", "+p(2)+", "+p(3)+", "+p(4)+", "+p(5)+", "+p(6)+", "+p(7)+") ON CONFLICT DO NOTHING", id, kind, ref, docArg, label, by, now())
	return err
}

// AddCaseEntity adds a contact (kind and value as stored) to case id.
func (s *Store) AddCaseEntity(ctx context.Context, v Viewer, id int64, kind vigie.EntityKind, value string) error {
	if kind == "" || value == "" {
		return fmt.Errorf("an entity needs a kind and a value: %w", vigie.ErrInvalid)
	}
	return s.changeCase(ctx, v, id, "add entity "+string(kind)+":"+value, func(tx *sql.Tx) error {
		return s.addItem(ctx, tx, id, ItemEntity, string(kind)+":"+value, 0, "", v.UserID)
	})
}

// AddCaseNetwork adds network net to case id with its documents: networks
// are recomputed at each ingest, so the case keeps what the network held
// when it was added, and a label saying so.
func (s *Store) AddCaseNetwork(ctx context.Context, v Viewer, id, net int64) error {
	sum, err := s.Network(ctx, net)
	if err != nil {
		return err
	}
	var docs []int64
	if err := s.NetworkPosts(ctx, net, func(p PostRecord) error {
		docs = append(docs, p.StoreID)
		return nil
	}); err != nil {
		return err
	}
	label := fmt.Sprintf("%d documents, %d linking identifiers", sum.Size, len(sum.Links))
	return s.changeCase(ctx, v, id, fmt.Sprintf("add network %d (%s)", net, label), func(tx *sql.Tx) error {
		if err := s.addItem(ctx, tx, id, ItemNetwork, strconv.FormatInt(net, 10), 0, label, v.UserID); err != nil {
			return err
		}
		for _, d := range docs {
			if err := s.addItem(ctx, tx, id, ItemDocument, strconv.FormatInt(d, 10), d, "", v.UserID); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveCaseItem takes item out of case id.
func (s *Store) RemoveCaseItem(ctx context.Context, v Viewer, id, item int64) error {
	p := s.d.placeholder
	return s.changeCase(ctx, v, id, fmt.Sprintf("remove item %d", item), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM case_items WHERE case_id = "+p(1)+" AND id = "+p(2), id, item)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("no item %d: %w", item, vigie.ErrNotFound)
		}
		return nil
	})
}

// AddCaseNote writes a note in case id by v.
func (s *Store) AddCaseNote(ctx context.Context, v Viewer, id int64, text string) error {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > maxCaseNote {
		return fmt.Errorf("a note needs 1 to %d bytes: %w", maxCaseNote, vigie.ErrInvalid)
	}
	p := s.d.placeholder
	return s.changeCase(ctx, v, id, "add note: "+text, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO case_notes (case_id, author_id, at, text) VALUES ("+p(1)+", "+p(2)+", "+p(3)+", "+p(4)+")", id, v.UserID, now(), text)
		return err
	})
}

// CasesOfDocument returns the cases v may see that hold the document
// with store id doc.
func (s *Store) CasesOfDocument(ctx context.Context, v Viewer, doc int64) ([]CaseSummary, error) {
	args := []any{doc}
	rows, err := s.rd.QueryContext(ctx, "SELECT "+caseSummaryColumns+" FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id IN "+
		"(SELECT i.case_id FROM case_items i WHERE i.document_id = "+s.d.placeholder(1)+") AND "+s.canSee(v, "c", &args)+" ORDER BY c.id", args...)
	if err != nil {
		return nil, fmt.Errorf("cases of document: %w", err)
	}
	defer rows.Close()
	var out []CaseSummary
	for rows.Next() {
		c, err := scanCaseSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("cases of document: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
