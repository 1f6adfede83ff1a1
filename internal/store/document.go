package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

// DocumentView is a stored document with everything the analysis found
// in it, and where its original bytes are.
type DocumentView struct {
	StoreID    int64
	ID         string // as ingested, else the key
	Key        string // hex
	Source     string
	Platform   string
	URL        string
	Author     string
	PostedAt   time.Time // zero when unknown
	IngestedAt string
	Text       string
	Language   string
	Risk       float64
	Rulebook   string
	Media      []vigie.Media
	Origin     vigie.Origin
	Categories []vigie.CategoryScore
	Entities   []vigie.Entity // with offsets into Text; photos have none
	Hits       []Hit
}

// Hit is an indicator found in a document: its id in the rulebook, its
// category, where in the text, and the language of the pattern.
type Hit struct {
	Indicator string
	Category  string
	Start     int
	End       int
	Lang      string
}

// Document returns the document whose id as ingested (the newest of
// those sharing it) or key is ref; the error wraps vigie.ErrNotFound when
// there is none.
func (s *Store) Document(ctx context.Context, ref string) (DocumentView, error) {
	id, err := s.documentID(ctx, ref)
	if err != nil {
		return DocumentView{}, err
	}
	return s.documentByID(ctx, id)
}

// documentByID is Document for the document with store id id.
func (s *Store) documentByID(ctx context.Context, id int64) (DocumentView, error) {
	ref := strconv.FormatInt(id, 10)
	p := s.d.placeholder
	var d DocumentView
	var key []byte
	var posted, media string
	err := s.rd.QueryRowContext(ctx, "SELECT d.id, d.ext_id, d.key, coalesce(s.name, ''), d.platform, d.url, d.author, coalesce(d.posted_at, ''), "+
		"d.ingested_at, d.text, d.language, d.risk, d.rulebook, d.media, d.blob, d.blob_offset, d.blob_length, d.record "+
		"FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = "+p(1), id).Scan(
		&d.StoreID, &d.ID, &key, &d.Source, &d.Platform, &d.URL, &d.Author, &posted, &d.IngestedAt, &d.Text, &d.Language, &d.Risk,
		&d.Rulebook, &media, &d.Origin.Blob, &d.Origin.Offset, &d.Origin.Length, &d.Origin.Record)
	if err != nil {
		return d, fmt.Errorf("document %s: %w", ref, err)
	}
	d.Key = hex.EncodeToString(key)
	if d.ID == "" {
		d.ID = d.Key
	}
	if posted != "" {
		if t, err := time.Parse(timeFormat, posted); err == nil {
			d.PostedAt = t
		}
	}
	if media != "" {
		if err := json.Unmarshal([]byte(media), &d.Media); err != nil {
			return d, fmt.Errorf("media of document %s: %w", ref, err)
		}
	}
	rows, err := s.rd.QueryContext(ctx, "SELECT category, score FROM categories WHERE document_id = "+p(1)+" ORDER BY score DESC, category", id)
	if err != nil {
		return d, fmt.Errorf("categories of document %s: %w", ref, err)
	}
	for rows.Next() {
		var c vigie.CategoryScore
		if err := rows.Scan(&c.ID, &c.Score); err != nil {
			rows.Close()
			return d, fmt.Errorf("categories of document %s: %w", ref, err)
		}
		d.Categories = append(d.Categories, c)
	}
	rows.Close()
	rows, err = s.rd.QueryContext(ctx, "SELECT kind, value, start, stop FROM entities WHERE document_id = "+p(1)+" ORDER BY start, kind, value", id)
	if err != nil {
		return d, fmt.Errorf("entities of document %s: %w", ref, err)
	}
	for rows.Next() {
		var e vigie.Entity
		var kind string
		if err := rows.Scan(&kind, &e.Value, &e.Start, &e.End); err != nil {
			rows.Close()
			return d, fmt.Errorf("entities of document %s: %w", ref, err)
		}
		e.Kind = vigie.EntityKind(kind)
		d.Entities = append(d.Entities, e)
	}
	rows.Close()
	rows, err = s.rd.QueryContext(ctx, "SELECT i.name, i.category, h.start, h.stop, h.lang FROM hits h JOIN indicators i ON i.id = h.indicator_id "+
		"WHERE h.document_id = "+p(1)+" ORDER BY h.n", id)
	if err != nil {
		return d, fmt.Errorf("hits of document %s: %w", ref, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.Indicator, &h.Category, &h.Start, &h.End, &h.Lang); err != nil {
			return d, fmt.Errorf("hits of document %s: %w", ref, err)
		}
		d.Hits = append(d.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("hits of document %s: %w", ref, err)
	}
	return d, nil
}

// DocumentJSON is a document with its analysis as vigie gives it out (the
// JSON API, case exports): entities and indicators with the words they
// were found in, indicators with their explanation.
type DocumentJSON struct {
	ID         string                `json:"id"`
	Key        string                `json:"key"`
	Source     string                `json:"source"`
	Platform   string                `json:"platform,omitempty"`
	URL        string                `json:"url,omitempty"`
	Author     string                `json:"author,omitempty"`
	PostedAt   string                `json:"posted_at,omitempty"`
	IngestedAt string                `json:"ingested_at"`
	Text       string                `json:"text"`
	Language   string                `json:"language"`
	Risk       float64               `json:"risk"`
	Rulebook   string                `json:"rulebook"`
	Categories []vigie.CategoryScore `json:"categories"`
	Entities   []vigie.Entity        `json:"entities"`
	Indicators []vigie.Hit           `json:"indicators"`
	Media      []vigie.Media         `json:"media"`
	Origin     vigie.Origin          `json:"origin"`
	Network    int64                 `json:"network,omitempty"`
}

// JSON returns d as given out, each indicator explained by explain.
func (d DocumentView) JSON(explain func(indicator string) string) DocumentJSON {
	out := DocumentJSON{ID: d.ID, Key: d.Key, Source: d.Source, Platform: d.Platform, URL: d.URL, Author: d.Author,
		IngestedAt: d.IngestedAt, Text: d.Text, Language: d.Language, Risk: d.Risk, Rulebook: d.Rulebook,
		Categories: d.Categories, Entities: d.Entities, Indicators: []vigie.Hit{}, Media: d.Media, Origin: d.Origin}
	if !d.PostedAt.IsZero() {
		out.PostedAt = d.PostedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	for i := range out.Entities {
		e := &out.Entities[i]
		if e.Start < e.End && e.End <= len(d.Text) {
			e.Text = d.Text[e.Start:e.End]
		}
	}
	for _, h := range d.Hits {
		vh := vigie.Hit{ID: h.Indicator, Category: h.Category, Start: h.Start, End: h.End, Lang: h.Lang, Explanation: explain(h.Indicator)}
		if h.Start < h.End && h.End <= len(d.Text) {
			vh.Text = d.Text[h.Start:h.End]
		}
		out.Indicators = append(out.Indicators, vh)
	}
	return out
}
