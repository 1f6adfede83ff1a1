package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/vigie"
)

// SourceRetention is a source's retention and what it holds.
type SourceRetention struct {
	Source    string `json:"source"`
	Days      int    `json:"retention_days"` // 0: kept until deleted by hand
	Documents int    `json:"documents"`
	Expired   int    `json:"expired"` // past retention, not held by a case
	Held      int    `json:"held"`    // past retention, held by a case
}

// SetRetention sets how many days the documents of source are kept
// after they were ingested (0: no limit). The error wraps
// vigie.ErrNotFound for an unknown source, vigie.ErrInvalid for days < 0.
func (s *Store) SetRetention(ctx context.Context, source string, days int) error {
	if days < 0 {
		return fmt.Errorf("retention of %d days: %w", days, vigie.ErrInvalid)
	}
	p := s.d.placeholder
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE sources SET retention_days = "+p(1)+" WHERE name = "+p(2), days, source)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("no source named %q: %w", source, vigie.ErrNotFound)
		}
		return s.audited(ctx, tx, audit.ActionRetention, "source:"+source, fmt.Sprintf("retention set to %d days", days))
	})
	if err != nil {
		return fmt.Errorf("set retention: %w", err)
	}
	return nil
}

// cutoff returns the ingest time before which a document of a source
// kept days is past retention at t.
func cutoff(t time.Time, days int) string {
	return t.UTC().Add(-time.Duration(days) * 24 * time.Hour).Format(timeFormat)
}

// heldCond is the condition that document d is held by a case.
const heldCond = "EXISTS (SELECT 1 FROM case_items i WHERE i.document_id = d.id)"

// Retention returns every source with its retention and, at t, how many
// of its documents are past it, held by a case or not.
func (s *Store) Retention(ctx context.Context, t time.Time) ([]SourceRetention, error) {
	var out []SourceRetention
	err := s.eachRow(ctx, "SELECT s.name, s.retention_days, (SELECT count(*) FROM documents d WHERE d.source_id = s.id) FROM sources s ORDER BY s.name", nil,
		func(r *sql.Rows) error {
			var sr SourceRetention
			err := r.Scan(&sr.Source, &sr.Days, &sr.Documents)
			out = append(out, sr)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	p := s.d.placeholder
	for i, sr := range out {
		if sr.Days == 0 {
			continue
		}
		q := "SELECT count(*), coalesce(sum(CASE WHEN " + heldCond + " THEN 1 ELSE 0 END), 0) FROM documents d JOIN sources s ON s.id = d.source_id " +
			"WHERE s.name = " + p(1) + " AND d.ingested_at < " + p(2)
		var past int
		if err := s.rd.QueryRowContext(ctx, q, sr.Source, cutoff(t, sr.Days)).Scan(&past, &out[i].Held); err != nil {
			return nil, fmt.Errorf("retention of %s: %w", sr.Source, err)
		}
		out[i].Expired = past - out[i].Held
	}
	return out, nil
}

// RetentionReport is what ApplyRetention did.
type RetentionReport struct {
	Deleted  map[string]int `json:"deleted"` // documents deleted, by source
	Held     map[string]int `json:"held"`    // past retention but held by a case, by source
	Networks bool           `json:"networks_changed"`
	// Blobs are the evidence blobs no remaining document comes from: the
	// caller removes them from the evidence store.
	Blobs []string `json:"blobs"`
}

// retentionBatch is how many documents one transaction deletes.
const retentionBatch = 1000

// ApplyRetention deletes, at t, the documents past their source's
// retention that no case holds, with everything derived from them
// (contacts, indicators, categories, index entries, template signatures,
// alerts), batch by batch. Networks that held them are removed (the
// caller relinks: Networks reports it). It returns what it deleted and
// the evidence blobs left without a document.
func (s *Store) ApplyRetention(ctx context.Context, t time.Time) (RetentionReport, error) {
	rep := RetentionReport{Deleted: map[string]int{}, Held: map[string]int{}, Blobs: []string{}}
	srcs, err := s.Retention(ctx, t)
	if err != nil {
		return rep, err
	}
	p := s.d.placeholder
	candidates := map[string]bool{}
	for _, sr := range srcs {
		if sr.Days == 0 {
			continue
		}
		if sr.Held > 0 {
			rep.Held[sr.Source] = sr.Held
		}
		for {
			var ids []int64
			err := s.eachRow(ctx, "SELECT d.id, d.blob FROM documents d JOIN sources s ON s.id = d.source_id WHERE s.name = "+p(1)+
				" AND d.ingested_at < "+p(2)+" AND NOT "+heldCond+" ORDER BY d.id LIMIT "+strconv.Itoa(retentionBatch),
				[]any{sr.Source, cutoff(t, sr.Days)}, func(r *sql.Rows) error {
					var id int64
					var blob string
					err := r.Scan(&id, &blob)
					ids = append(ids, id)
					if blob != "" {
						candidates[blob] = true
					}
					return err
				})
			if err != nil {
				return rep, fmt.Errorf("retention of %s: %w", sr.Source, err)
			}
			if len(ids) == 0 {
				break
			}
			nets, err := s.deleteDocuments(ctx, ids, "source:"+sr.Source)
			if err != nil {
				return rep, fmt.Errorf("retention of %s: %w", sr.Source, err)
			}
			rep.Networks = rep.Networks || nets
			rep.Deleted[sr.Source] += len(ids)
		}
	}
	for b := range candidates {
		var n int
		if err := s.rd.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE blob = "+p(1), b).Scan(&n); err != nil {
			return rep, fmt.Errorf("retention: %w", err)
		}
		if n == 0 {
			rep.Blobs = append(rep.Blobs, b)
		}
	}
	slices.Sort(rep.Blobs)
	return rep, nil
}

// deleteDocuments deletes the documents ids and what derives from them
// in one transaction, and the networks they were in; it reports whether
// there were any.
func (s *Store) deleteDocuments(ctx context.Context, ids []int64, object string) (networks bool, err error) {
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = strconv.FormatInt(id, 10)
	}
	in := "(" + strings.Join(strs, ", ") + ")"
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var netIDs []string
		rows, err := tx.QueryContext(ctx, "SELECT DISTINCT network_id FROM network_documents WHERE document_id IN "+in)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n int64
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			netIDs = append(netIDs, strconv.FormatInt(n, 10))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		networks = len(netIDs) > 0
		var qs []string
		if networks {
			nets := "(" + strings.Join(netIDs, ", ") + ")"
			qs = append(qs,
				"DELETE FROM network_links WHERE network_id IN "+nets,
				"DELETE FROM network_documents WHERE network_id IN "+nets,
				"DELETE FROM networks WHERE id IN "+nets)
		}
		qs = append(qs,
			"DELETE FROM webhook_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE document_id IN "+in+")",
			"DELETE FROM alerts WHERE document_id IN "+in,
			"DELETE FROM entities WHERE document_id IN "+in,
			"DELETE FROM hits WHERE document_id IN "+in,
			"DELETE FROM categories WHERE document_id IN "+in,
			"DELETE FROM document_signatures WHERE document_id IN "+in,
		)
		qs = append(qs, s.d.deleteIndexed(in)...)
		qs = append(qs, "DELETE FROM documents WHERE id IN "+in)
		for _, q := range qs {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%.40s…: %w", q, err)
			}
		}
		return s.audited(ctx, tx, audit.ActionRetention, object, fmt.Sprintf("%d documents deleted past retention (store ids %s)", len(ids), strings.Join(strs, " ")))
	})
	return networks, err
}
