package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
)

// SignatureRow is a document's clustering signature (empty when its text
// is too short to compare) and the cluster it belongs to.
type SignatureRow struct {
	Document  int64
	Signature []byte
	Cluster   int64
}

// EachSignature calls fn with every signature row in document order,
// stopping at the first error fn returns.
func (s *Store) EachSignature(ctx context.Context, fn func(SignatureRow) error) error {
	rows, err := s.rd.QueryContext(ctx, "SELECT document_id, signature, cluster_id FROM document_signatures ORDER BY document_id")
	if err != nil {
		return fmt.Errorf("list signatures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r SignatureRow
		if err := rows.Scan(&r.Document, &r.Signature, &r.Cluster); err != nil {
			return fmt.Errorf("list signatures: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachUnsigned calls fn with the id and text of every document that has
// no signature row yet, in document order, stopping at the first error
// fn returns.
func (s *Store) EachUnsigned(ctx context.Context, fn func(doc int64, text string) error) error {
	rows, err := s.rd.QueryContext(ctx, "SELECT d.id, d.text FROM documents d LEFT JOIN document_signatures g ON g.document_id = d.id "+
		"WHERE g.document_id IS NULL ORDER BY d.id")
	if err != nil {
		return fmt.Errorf("list unsigned documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var text string
		if err := rows.Scan(&doc, &text); err != nil {
			return fmt.Errorf("list unsigned documents: %w", err)
		}
		if err := fn(doc, text); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PutSignatures stores, in one transaction, new signature rows, then
// moves every document of cluster from to cluster to for each entry of
// moves (clusters merged), then sets the cluster of each document of
// fix (repairs).
func (s *Store) PutSignatures(ctx context.Context, rows []SignatureRow, moves, fix map[int64]int64) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store signatures: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	b := newBulk(s.d, s.d.insertInto("document_signatures")+" (document_id, signature, cluster_id) VALUES ", "")
	for _, r := range rows {
		sig := r.Signature
		if sig == nil {
			sig = []byte{}
		}
		if err = b.add(ctx, tx, r.Document, sig, r.Cluster); err != nil {
			return fmt.Errorf("store signatures: %w", err)
		}
	}
	if err = b.flush(ctx, tx); err != nil {
		return fmt.Errorf("store signatures: %w", err)
	}
	if len(rows)+len(moves)+len(fix) > 0 {
		if err = forgetClusterSnapshot(ctx, tx); err != nil {
			return err
		}
	}
	p := s.d.placeholder
	for from, to := range moves {
		if _, err = tx.ExecContext(ctx, "UPDATE document_signatures SET cluster_id = "+p(1)+" WHERE cluster_id = "+p(2), to, from); err != nil {
			return fmt.Errorf("merge clusters: %w", err)
		}
	}
	for doc, c := range fix {
		if _, err = tx.ExecContext(ctx, "UPDATE document_signatures SET cluster_id = "+p(1)+" WHERE document_id = "+p(2), c, doc); err != nil {
			return fmt.Errorf("repair clusters: %w", err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store signatures: %w", err)
	}
	return nil
}

// ClusterMember is a document of a template cluster.
type ClusterMember struct {
	StoreID   int64
	Cluster   int64  // of the document Cluster was asked for: its cluster, 0 when not signed
	ID        string // as ingested, else the key
	Text      string
	Signature []byte // empty when the text is too short to compare
	Signed    bool   // false when the document has no signature yet
}

// Cluster returns the template cluster of the document whose id as
// ingested (or key) is doc: the document itself first, then up to limit
// other members, oldest first, and the cluster's size. The error wraps
// vigie.ErrNotFound when no document has that id; a document not signed
// yet is alone in its cluster.
func (s *Store) Cluster(ctx context.Context, doc string, limit int) (self ClusterMember, others []ClusterMember, size int, err error) {
	return s.ClusterUpTo(ctx, doc, limit, 0)
}

// ClusterUpTo is Cluster counting the cluster's members only up to
// maxSize+1 when maxSize > 0 (a size above maxSize means "more"): a page
// showing a post need not count the thousands of posts of a large
// template every time it is read.
func (s *Store) ClusterUpTo(ctx context.Context, doc string, limit, maxSize int) (self ClusterMember, others []ClusterMember, size int, err error) {
	id, err := s.documentID(ctx, doc)
	if err != nil {
		return self, nil, 0, err
	}
	return s.cluster(ctx, id, doc, limit, maxSize, true)
}

// ClusterOf is ClusterUpTo for the document of store id id, without the
// document itself: for a page that has read the document already.
func (s *Store) ClusterOf(ctx context.Context, id int64, limit, maxSize int) (others []ClusterMember, size int, err error) {
	_, others, size, err = s.cluster(ctx, id, strconv.FormatInt(id, 10), limit, maxSize, false)
	return others, size, err
}

// cluster is ClusterUpTo for store id id (named doc in errors), reading
// the document itself when withSelf is set.
func (s *Store) cluster(ctx context.Context, id int64, doc string, limit, maxSize int, withSelf bool) (self ClusterMember, others []ClusterMember, size int, err error) {
	p := s.d.placeholder
	var cluster int64
	err = s.rd.QueryRowContext(ctx, "SELECT cluster_id FROM document_signatures WHERE document_id = "+p(1), id).Scan(&cluster)
	switch {
	case err == sql.ErrNoRows:
		cluster = 0
	case err != nil:
		return self, nil, 0, fmt.Errorf("cluster of %s: %w", doc, err)
	}
	member := func(rows *sql.Rows) (ClusterMember, error) {
		var m ClusterMember
		var key []byte
		if err := rows.Scan(&m.StoreID, &m.ID, &key, &m.Text, &m.Signature, &m.Signed); err != nil {
			return m, err
		}
		if m.ID == "" {
			m.ID = hex.EncodeToString(key)
		}
		return m, nil
	}
	cols := "SELECT d.id, d.ext_id, d.key, d.text, g.signature, g.document_id IS NOT NULL FROM documents d LEFT JOIN document_signatures g ON g.document_id = d.id "
	if withSelf {
		rows, err := s.rd.QueryContext(ctx, cols+"WHERE d.id = "+p(1), id)
		if err != nil {
			return self, nil, 0, fmt.Errorf("cluster of %s: %w", doc, err)
		}
		if rows.Next() {
			self, err = member(rows)
		}
		rows.Close()
		if err != nil {
			return self, nil, 0, fmt.Errorf("cluster of %s: %w", doc, err)
		}
	}
	self.Cluster = cluster
	if cluster == 0 {
		return self, nil, 1, nil
	}
	count := "SELECT count(*) FROM document_signatures WHERE cluster_id = " + p(1)
	if maxSize > 0 {
		count = "SELECT count(*) FROM (SELECT 1 FROM document_signatures WHERE cluster_id = " + p(1) + " LIMIT " + strconv.Itoa(maxSize+1) + ") m"
	}
	if err := s.rd.QueryRowContext(ctx, count, cluster).Scan(&size); err != nil {
		return self, nil, 0, fmt.Errorf("cluster of %s: %w", doc, err)
	}
	// Ordered by the signature's document, which the cluster index
	// gives in order: ordering by d.id made SQLite sort the whole
	// cluster with its texts to keep ten (83 ms for 3,500 members).
	rows, err := s.rd.QueryContext(ctx, cols+"WHERE g.cluster_id = "+p(1)+" AND g.document_id <> "+p(2)+" ORDER BY g.document_id LIMIT "+p(3), cluster, id, limit)
	if err != nil {
		return self, nil, 0, fmt.Errorf("cluster of %s: %w", doc, err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := member(rows)
		if err != nil {
			return self, nil, 0, fmt.Errorf("cluster of %s: %w", doc, err)
		}
		others = append(others, m)
	}
	return self, others, size, rows.Err()
}

// ClusterSnapshot returns the token of the clustering snapshot that
// matches the signatures as they stand, or "" when none does: documents
// or signatures were added or deleted since one was recorded, or none
// ever was.
func (s *Store) ClusterSnapshot(ctx context.Context) (string, error) {
	var token string
	err := s.rd.QueryRowContext(ctx, "SELECT token FROM cluster_snapshot").Scan(&token)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read cluster snapshot token: %w", err)
	}
	return token, nil
}

// SetClusterSnapshot records token as naming the clustering snapshot that
// matches the signatures as they stand now; "" records none. The caller
// writes the snapshot first: a token never names a snapshot not yet
// written.
func (s *Store) SetClusterSnapshot(ctx context.Context, token string) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record cluster snapshot: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = forgetClusterSnapshot(ctx, tx); err != nil {
		return err
	}
	if token != "" {
		if _, err = tx.ExecContext(ctx, "INSERT INTO cluster_snapshot (token) VALUES ("+s.d.placeholder(1)+")", token); err != nil {
			return fmt.Errorf("record cluster snapshot: %w", err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("record cluster snapshot: %w", err)
	}
	return nil
}

// forgetClusterSnapshot removes the token of the clustering snapshot in
// tx, which changes what the snapshot holds.
func forgetClusterSnapshot(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM cluster_snapshot"); err != nil {
		return fmt.Errorf("forget cluster snapshot: %w", err)
	}
	return nil
}
