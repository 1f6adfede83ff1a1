package main

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/capture"
	"github.com/vigie-project/vigie/internal/ingest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// isURL tells whether an ingest argument is a web address to capture.
func isURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// captureInfo is what --json reports of a captured URL: enough to find
// the capture again in the evidence store and to say when it was made.
type captureInfo struct {
	URL        string    `json:"url"`
	FinalURL   string    `json:"final_url"`
	Status     int       `json:"status"`
	CapturedAt time.Time `json:"captured_at"`
	WARC       string    `json:"warc_sha256"`
}

// webBody is one HTTP body found in a capture or a WARC file, with where
// it is in the blob that holds it.
type webBody struct {
	url         string
	contentType string
	body        []byte
	blob        string
	offset      int64 // of the WARC record holding the body
	length      int64
	record      string // "record 3 (https://…)"
}

// readWebBody reads the documents of a web body: a feed gives one per
// item, an HTML page one (or one per ad of a listing page), plain text
// one. Every document points at the WARC record of the body; the record
// locator says where in the body (an item, an ad).
func readWebBody(b webBody, fn func(ingest.Record) error) error {
	origin := func(where string) vigie.Origin {
		rec := b.record
		if where != "" {
			rec += ", " + where
		}
		return vigie.Origin{Blob: b.blob, Offset: b.offset, Length: b.length, Record: rec}
	}
	host := ""
	if u, err := url.Parse(b.url); err == nil {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	media, _, _ := mime.ParseMediaType(b.contentType)
	head := b.body[:min(len(b.body), 4096)]
	switch {
	case capture.IsFeed(head):
		return capture.ReadFeed(bytes.NewReader(b.body), func(it capture.FeedItem, i int) error {
			where := fmt.Sprintf("item %d", i+1)
			text := strings.TrimSpace(it.Title + "\n\n" + it.Text)
			r := ingest.Record{Where: where, Doc: vigie.Document{
				ID: firstNonEmpty(it.ID, it.Link), Source: host, Platform: "feed", URL: it.Link,
				Author: it.Author, PostedAt: it.Published, Text: text, Origin: origin(where),
			}}
			if text == "" {
				r.Err = fmt.Errorf("%s: no text", where)
			}
			return fn(r)
		})
	case media == "text/html" || media == "application/xhtml+xml" || media == "" && looksHTML(head):
		return ingest.ReadHTML(bytes.NewReader(b.body), b.blob, ingest.HTMLOptions{URL: b.url, ContentType: b.contentType}, func(r ingest.Record) error {
			r.Doc.Origin = origin(r.Where)
			if r.Doc.Source == "" {
				r.Doc.Source = host
			}
			if r.Doc.Platform == "" {
				r.Doc.Platform = "web"
			}
			return fn(r)
		})
	case strings.HasPrefix(media, "text/"):
		where := "body"
		return fn(ingest.Record{Where: where, Doc: vigie.Document{
			ID: b.url, Source: host, Platform: "web", URL: b.url, Text: strings.ToValidUTF8(string(b.body), "\uFFFD"), Origin: origin(where),
		}})
	}
	return fn(ingest.Record{Where: b.record, Err: fmt.Errorf("content type %q holds no text vigie reads (kept as evidence)", b.contentType)})
}

func looksHTML(head []byte) bool {
	h := strings.ToLower(string(head))
	return strings.Contains(h, "<html") || strings.Contains(h, "<!doctype html") || strings.Contains(h, "<body")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// responseRecord returns the offset and length of the last response
// record of a capture's WARC bytes: the one whose body the capture holds.
func responseRecord(warc []byte) (offset, length int64, err error) {
	found := false
	err = capture.ReadWARC(bytes.NewReader(warc), func(rec capture.Record, off, n int64) error {
		if rec.Type == "response" {
			offset, length, found = off, n, true
		}
		return nil
	})
	if err == nil && !found {
		err = fmt.Errorf("capture holds no response record")
	}
	return offset, length, err
}

// readCapture reads the documents of a fetched page whose WARC is the
// evidence blob blob.
func readCapture(c *capture.Capture, blob string, fn func(ingest.Record) error) error {
	off, n, err := responseRecord(c.WARC)
	if err != nil {
		return err
	}
	if c.StatusCode < 200 || c.StatusCode > 299 {
		return fn(ingest.Record{Where: "response", Err: fmt.Errorf("HTTP status %s: page kept as evidence, not read", c.Status)})
	}
	return readWebBody(webBody{
		url: c.FinalURL, contentType: c.Header.Get("Content-Type"), body: c.Body,
		blob: blob, offset: off, length: n, record: "response record (" + c.FinalURL + ")",
	}, fn)
}

// readWARCFile reads the documents of the response and resource records
// of a WARC file (.warc or .warc.gz) in the evidence blob blob.
func readWARCFile(r io.Reader, blob string, fn func(ingest.Record) error) error {
	n := 0
	return capture.ReadWARC(r, func(rec capture.Record, off, length int64) error {
		n++
		where := fmt.Sprintf("record %d (%s)", n, rec.TargetURI())
		var b webBody
		switch rec.Type {
		case "response":
			resp, err := capture.HTTPResponse(rec)
			if err != nil {
				return fn(ingest.Record{Where: where, Err: err})
			}
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return nil // redirects and errors hold no post
			}
			b = webBody{contentType: resp.Header.Get("Content-Type"), body: resp.Body}
		case "resource":
			b = webBody{contentType: rec.ContentType(), body: rec.Block}
		default:
			return nil // requests, metadata, warcinfo
		}
		b.url, b.blob, b.offset, b.length, b.record = rec.TargetURI(), blob, off, length, where
		if b.contentType == "" {
			b.contentType = http.DetectContentType(b.body)
		}
		return readWebBody(b, fn)
	})
}

// maxFeedFile bounds a feed file read whole.
const maxFeedFile = 256 << 20

// parseColumns reads the --columns mapping of CSV columns to document
// fields: "text=title+description,id=job_id,posted_at=3".
func parseColumns(spec string) (ingest.CSVColumns, error) {
	var c ingest.CSVColumns
	if strings.TrimSpace(spec) == "" {
		return c, nil
	}
	fields := map[string]*string{
		"id": &c.ID, "source": &c.Source, "platform": &c.Platform, "url": &c.URL, "author": &c.Author,
		"posted_at": &c.PostedAt, "region": &c.Region, "lang": &c.Lang,
	}
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(strings.ToLower(k)), strings.TrimSpace(v)
		if !ok || v == "" {
			return c, fmt.Errorf("%q: want FIELD=COLUMN", part)
		}
		if k == "text" {
			for _, col := range strings.Split(v, "+") {
				if col = strings.TrimSpace(col); col != "" {
					c.Text = append(c.Text, col)
				}
			}
			continue
		}
		dst, known := fields[k]
		if !known {
			return c, fmt.Errorf("unknown field %q: want text, id, source, platform, url, author, posted_at, region or lang", k)
		}
		*dst = v
	}
	return c, nil
}
