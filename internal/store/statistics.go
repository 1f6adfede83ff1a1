package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// StatCell is how many documents were reported under a category, posted
// in a month, in a language, on a platform. Month is "2006-01", or ""
// when the posting date is unknown; Language and Platform "" when
// unknown.
type StatCell struct {
	Category string `json:"category"`
	Month    string `json:"month"`
	Language string `json:"language"`
	Platform string `json:"platform"`
	N        int    `json:"documents"`
}

// Statistics counts the documents of each category by month, language
// and platform. It reads no identifier and no text: counts only.
func (s *Store) Statistics(ctx context.Context) ([]StatCell, error) {
	rows, err := s.rd.QueryContext(ctx, "SELECT c.category, coalesce(substr(d.posted_at, 1, 7), ''), d.language, d.platform, count(*) "+
		"FROM categories c JOIN documents d ON d.id = c.document_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
	if err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	defer rows.Close()
	var out []StatCell
	for rows.Next() {
		var c StatCell
		if err := rows.Scan(&c.Category, &c.Month, &c.Language, &c.Platform, &c.N); err != nil {
			return nil, fmt.Errorf("statistics: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	return out, nil
}

// ContactStat is an identifier as analysts see it: a pseudonym (stable
// for this instance, not reversible without its key, which stays in the
// database), its kind, and how many documents give it, in all and by
// category, and in which months.
type ContactStat struct {
	Pseudonym  string         `json:"pseudonym"`
	Kind       string         `json:"kind"`
	Documents  int            `json:"documents"`
	Categories map[string]int `json:"categories"`
	FirstMonth string         `json:"first_month"` // of posting, "" when unknown
	LastMonth  string         `json:"last_month"`
}

// contactStatKinds are the identifiers analysts' statistics count.
var contactStatKinds = []vigie.EntityKind{vigie.KindPhone, vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindViber, vigie.KindSignal,
	vigie.KindEmail, vigie.KindCryptoWallet, vigie.KindIBAN}

// ContactStatistics returns the identifiers given by at least minDocs
// documents, most given first, at most limit, each under a pseudonym:
// analysts see that one number recurs across categories and months
// without seeing the number. Identifiers given by fewer documents are
// not listed at all.
func (s *Store) ContactStatistics(ctx context.Context, minDocs, limit int) ([]ContactStat, error) {
	key, err := s.Setting(ctx, "pseudonym_key", func() string {
		var b [32]byte
		rand.Read(b[:])
		return hex.EncodeToString(b[:])
	})
	if err != nil {
		return nil, err
	}
	p := s.d.placeholder
	args := []any{minDocs, limit}
	var marks []string
	for _, k := range contactStatKinds {
		args = append(args, string(k))
		marks = append(marks, p(len(args)))
	}
	type top struct {
		kind, value string
		n           int
	}
	var tops []top
	// A number given as a phone and as a WhatsApp, Viber or Signal
	// handle is one identifier: a phone.
	asKind := "CASE WHEN kind IN ('phone', 'whatsapp', 'viber', 'signal') AND value LIKE '+%' THEN 'phone' ELSE kind END"
	if err := s.eachRow(ctx, "SELECT "+asKind+" AS k, value, count(DISTINCT document_id) FROM entities WHERE kind IN ("+strings.Join(marks, ", ")+
		") GROUP BY 1, value HAVING count(DISTINCT document_id) >= "+p(1)+" ORDER BY 3 DESC, 1, 2 LIMIT "+p(2), args, func(r *sql.Rows) error {
		var t top
		err := r.Scan(&t.kind, &t.value, &t.n)
		tops = append(tops, t)
		return err
	}); err != nil {
		return nil, fmt.Errorf("contact statistics: %w", err)
	}
	mac := hmac.New(sha256.New, []byte(key))
	out := []ContactStat{}
	for _, t := range tops {
		mac.Reset()
		mac.Write([]byte(t.kind + ":" + t.value))
		c := ContactStat{Pseudonym: t.kind + "·" + hex.EncodeToString(mac.Sum(nil))[:12], Kind: t.kind, Documents: t.n, Categories: map[string]int{}}
		in := "(SELECT document_id FROM entities WHERE " + asKind + " = " + p(1) + " AND value = " + p(2) + ")"
		if err := s.eachRow(ctx, "SELECT category, count(*) FROM categories WHERE document_id IN "+in+" GROUP BY category", []any{t.kind, t.value},
			func(r *sql.Rows) error {
				var cat string
				var n int
				err := r.Scan(&cat, &n)
				c.Categories[cat] = n
				return err
			}); err != nil {
			return nil, fmt.Errorf("contact statistics: %w", err)
		}
		if err := s.rd.QueryRowContext(ctx, "SELECT coalesce(min(substr(posted_at, 1, 7)), ''), coalesce(max(substr(posted_at, 1, 7)), '') FROM documents WHERE id IN "+in,
			t.kind, t.value).Scan(&c.FirstMonth, &c.LastMonth); err != nil {
			return nil, fmt.Errorf("contact statistics: %w", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Setting returns the setting name, made by make and stored the first
// time it is asked for (concurrent first asks agree: the first stored
// wins).
func (s *Store) Setting(ctx context.Context, name string, make func() string) (string, error) {
	p := s.d.placeholder
	var v string
	err := s.rd.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = "+p(1), name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("setting %s: %w", name, err)
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO settings (name, value) VALUES ("+p(1)+", "+p(2)+") ON CONFLICT (name) DO NOTHING", name, make()); err != nil {
		return "", fmt.Errorf("setting %s: %w", name, err)
	}
	if err := s.rd.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = "+p(1), name).Scan(&v); err != nil {
		return "", fmt.Errorf("setting %s: %w", name, err)
	}
	return v, nil
}
