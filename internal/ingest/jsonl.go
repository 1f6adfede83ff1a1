// Package ingest reads captured material — JSON lines, CSV, chat exports,
// web pages — into documents, each pointing back to the original bytes it
// came from, and feeds them through analysis into the store.
//
// Readers stream: they hold one record at a time, whatever the size of the
// input. A malformed record is reported with where it is (line, record)
// and the rest is read; a reader fails as a whole only when its input
// cannot be read at all.
package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Record is one document read from an input, or the error that kept a
// record from being one. Where says where in the input (a line, a
// message) in words a person can find.
type Record struct {
	Doc   vigie.Document
	Where string
	Err   error
}

// MaxLine bounds the length of one JSON line; a longer line is reported
// and skipped without being held in memory.
const MaxLine = 16 << 20

// jsonDoc is the document shape of DESIGN §5, with lenient types where
// exports differ: an id may be a string or a number.
type jsonDoc struct {
	ID       json.RawMessage `json:"id"`
	Source   string          `json:"source"`
	Platform string          `json:"platform"`
	URL      string          `json:"url"`
	Author   string          `json:"author"`
	PostedAt string          `json:"posted_at"`
	Text     *string         `json:"text"`
	Region   string          `json:"region"`
	Lang     string          `json:"lang"`
	Media    []vigie.Media   `json:"media"`
}

// ReadJSONL reads documents, one JSON object per line, from r, and calls
// fn with each, in order; the document's origin is blob (the digest of the
// input in the evidence store), the line's byte range and "line N". Empty
// lines are skipped. It stops at the first error fn returns, or when r
// fails.
func ReadJSONL(r io.Reader, blob string, fn func(Record) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for n := 1; ; n++ {
		line, size, tooLong, err := readLine(br, MaxLine)
		start := off
		off += int64(size)
		if size == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("line %d: %w", n, err)
		}
		rec := Record{Where: fmt.Sprintf("line %d", n)}
		switch {
		case tooLong:
			rec.Err = fmt.Errorf("line too long: more than %d bytes", MaxLine)
		case len(bytes.TrimSpace(line)) == 0:
			rec.Where = ""
		default:
			rec.Doc, rec.Err = parseJSONDoc(line)
			rec.Doc.Origin = vigie.Origin{Blob: blob, Offset: start, Length: int64(len(line)), Record: rec.Where}
		}
		if rec.Where != "" {
			if ferr := fn(rec); ferr != nil {
				return ferr
			}
		}
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
}

// parseJSONDoc reads one document line.
func parseJSONDoc(line []byte) (vigie.Document, error) {
	var d vigie.Document
	if !utf8.Valid(line) {
		return d, errors.New("invalid UTF-8 (convert the input to UTF-8)")
	}
	var j jsonDoc
	if err := json.Unmarshal(line, &j); err != nil {
		return d, fmt.Errorf("invalid JSON: %v", err)
	}
	if j.Text == nil {
		return d, errors.New(`no "text" string`)
	}
	if strings.IndexByte(*j.Text, 0) >= 0 {
		return d, errors.New("NUL character in text")
	}
	if !utf8.ValidString(*j.Text) {
		return d, errors.New("invalid UTF-8 in text (a lone surrogate escape?)")
	}
	d.Text = *j.Text
	switch id := bytes.TrimSpace(j.ID); {
	case len(id) == 0, string(id) == "null":
	case id[0] == '"':
		if err := json.Unmarshal(id, &d.ID); err != nil {
			return d, fmt.Errorf("invalid id: %v", err)
		}
	case id[0] == '-' || '0' <= id[0] && id[0] <= '9':
		d.ID = string(id)
	default:
		return d, errors.New("invalid id: want a string or a number")
	}
	if j.PostedAt != "" {
		t, err := time.Parse(time.RFC3339, j.PostedAt)
		if err != nil {
			return d, fmt.Errorf("invalid posted_at %q: want RFC 3339, such as 2026-03-01T10:00:00Z", j.PostedAt)
		}
		d.PostedAt = t
	}
	d.Source, d.Platform, d.URL, d.Author = j.Source, j.Platform, j.URL, j.Author
	d.Region, d.Lang, d.Media = strings.ToUpper(j.Region), strings.ToLower(j.Lang), j.Media
	for i := range d.Media {
		m := &d.Media[i]
		if m.PHash == "" {
			continue
		}
		// Perceptual hashes written by vigie (an export read back, or a
		// tool using the same package): kept only in the form linking
		// compares.
		if _, err := imagehash.ParseHashes(m.PHash); err != nil {
			return d, fmt.Errorf("invalid media phash %q: want 16 hex digits, then those of each crop after a dot", m.PHash)
		}
		m.PHash = strings.ToLower(m.PHash)
	}
	return d, nil
}

// readLine returns the next line of br without its line ending (\n or
// \r\n) and the number of bytes consumed. A line longer than max is
// consumed but not kept: tooLong is set and data is nil. err is io.EOF
// after the last line.
func readLine(br *bufio.Reader, max int) (data []byte, size int, tooLong bool, err error) {
	for {
		chunk, e := br.ReadSlice('\n')
		size += len(chunk)
		if !tooLong {
			if len(data)+len(chunk) > max+2 {
				tooLong, data = true, nil
			} else {
				data = append(data, chunk...)
			}
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		if e != nil {
			err = e
		}
		break
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	data = bytes.TrimSuffix(data, []byte("\r"))
	if len(data) > max {
		tooLong, data = true, nil
	}
	return data, size, tooLong, err
}
