package store

import (
	"context"
	"fmt"
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
	rows, err := s.db.QueryContext(ctx, "SELECT c.category, coalesce(substr(d.posted_at, 1, 7), ''), d.language, d.platform, count(*) "+
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
