package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/vigie"
)

// CSVColumns maps the columns of a CSV file to document fields. A column
// is named by its header (case-insensitive, surrounding spaces ignored)
// or, when no header has that name, by its 1-based number ("3"). Empty
// names leave the field unset, except Text: when Text is empty, the first
// header found in CSVTextHeaders is the text.
type CSVColumns struct {
	// Text lists the columns whose values make the document's text,
	// joined with a blank line between the non-empty ones.
	Text                                                      []string
	ID, Source, Platform, URL, Author, PostedAt, Region, Lang string
	// Comma separates fields (0: ','). It must be an ASCII character
	// other than a quote or a line break, such as ';' or '\t'.
	Comma rune
}

// CSVTextHeaders are the header names taken as the text column when none
// is given, in order of preference. Exports name their text column in
// many ways; these are the common ones.
var CSVTextHeaders = []string{
	"text", "body", "content", "description", "message", "post", "ad",
	"extracted_text", "full_text", "message_text", "post_text", "ad_text",
	"tweet", "sms", "msg", "comment", "caption",
}

// csvTimeLayouts are the posted_at forms a CSV column may use: RFC 3339
// as in JSON lines, and the spreadsheet forms without a zone (read as UTC).
var csvTimeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}

// ReadCSV reads documents, one per row, from the CSV file r, whose first
// record is the header, and calls fn with each, in order. Where says
// "row N (line L)": N counts the rows after the header, L is the line the
// row starts on. The document's origin is blob, the row's bytes (without
// its line ending) and "row N".
//
// The format is RFC 4180 with the tolerance spreadsheets and scrapers
// need, like encoding/csv with LazyQuotes: a quote inside an unquoted
// field is kept as a character, a quote inside a quoted field that is not
// doubled nor followed by a comma or line end is kept too, rows may have
// more or fewer fields than the header (missing ones are empty), empty
// lines are skipped, and CRLF inside a quoted field reads as LF. A
// quoted field still open at the end of the input, a row longer than
// MaxLine bytes (consumed, never held whole in memory), invalid UTF-8 or
// a NUL in a mapped column, an unreadable posted_at and an empty text
// are reported as records with Err, and the rest is read.
//
// ReadCSV fails as a whole when the header cannot be read, when a column
// of cols is not in it, when r fails, or with the first error fn returns.
func ReadCSV(r io.Reader, blob string, cols CSVColumns, fn func(Record) error) error {
	sc, err := newCSVScanner(r, cols.Comma)
	if err != nil {
		return err
	}
	header, err := sc.header()
	if err != nil {
		return err
	}
	m, err := csvResolve(header, cols)
	if err != nil {
		return err
	}
	for n := 1; ; n++ {
		row, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("row %d (line %d): %w", n, sc.line, err)
		}
		rec := Record{Where: fmt.Sprintf("row %d (line %d)", n, row.line)}
		rec.Doc.Origin = vigie.Origin{Blob: blob, Offset: row.start, Length: row.end - row.start, Record: fmt.Sprintf("row %d", n)}
		if row.err != nil {
			rec.Err = row.err
		} else {
			rec.Err = m.fill(&rec.Doc, row.fields)
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// CSVHeader returns the header (the first record) of the CSV file r,
// read with a comma as separator and with any UTF-8 byte order mark
// removed.
func CSVHeader(r io.Reader) ([]string, error) {
	sc, err := newCSVScanner(r, 0)
	if err != nil {
		return nil, err
	}
	return sc.header()
}

// csvMapping holds the field index of every mapped column (-1: unset).
type csvMapping struct {
	names                                                     []string
	text                                                      []int
	id, source, platform, url, author, postedAt, region, lang int
}

// csvResolve finds the columns of cols in header.
func csvResolve(header []string, cols CSVColumns) (*csvMapping, error) {
	m := &csvMapping{names: header}
	find := func(name string) (int, error) {
		name = strings.TrimSpace(name)
		if name == "" {
			return -1, nil
		}
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), name) {
				return i, nil
			}
		}
		if k, err := strconv.Atoi(name); err == nil {
			if k < 1 || k > len(header) {
				return -1, fmt.Errorf("column %d: the header has %d columns (%s)", k, len(header), csvList(header))
			}
			return k - 1, nil
		}
		return -1, fmt.Errorf("column %q is not in the header (columns: %s)", name, csvList(header))
	}
	var err error
	for _, f := range []struct {
		dst  *int
		name string
	}{
		{&m.id, cols.ID}, {&m.source, cols.Source}, {&m.platform, cols.Platform}, {&m.url, cols.URL},
		{&m.author, cols.Author}, {&m.postedAt, cols.PostedAt}, {&m.region, cols.Region}, {&m.lang, cols.Lang},
	} {
		if *f.dst, err = find(f.name); err != nil {
			return nil, err
		}
	}
	for _, name := range cols.Text {
		i, err := find(name)
		if err != nil {
			return nil, err
		}
		if i >= 0 {
			m.text = append(m.text, i)
		}
	}
	if len(m.text) == 0 {
		i := csvTextColumn(header)
		if i < 0 {
			return nil, fmt.Errorf("no text column: none of the columns (%s) is named %s; name the text column(s)",
				csvList(header), strings.Join(CSVTextHeaders, ", "))
		}
		m.text = []int{i}
	}
	return m, nil
}

// csvTextColumn returns the index of the first header of CSVTextHeaders
// present in header, or -1.
func csvTextColumn(header []string) int {
	for _, want := range CSVTextHeaders {
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), want) {
				return i
			}
		}
	}
	return -1
}

// csvList lists header names for an error message, shortened when long.
func csvList(header []string) string {
	const max = 20
	var b strings.Builder
	for i, h := range header {
		if i == max {
			fmt.Fprintf(&b, ", … (%d more)", len(header)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(h))
	}
	return b.String()
}

// fill sets the fields of d from a row's values.
func (m *csvMapping) fill(d *vigie.Document, fields []string) error {
	get := func(i int) (string, error) {
		if i < 0 || i >= len(fields) {
			return "", nil
		}
		v := fields[i]
		if !utf8.ValidString(v) {
			return "", fmt.Errorf("invalid UTF-8 in column %q (convert the file to UTF-8)", m.names[i])
		}
		if strings.IndexByte(v, 0) >= 0 {
			return "", fmt.Errorf("NUL character in column %q", m.names[i])
		}
		return v, nil
	}
	var parts []string
	for _, i := range m.text {
		v, err := get(i)
		if err != nil {
			return err
		}
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return errors.New("empty text")
	}
	d.Text = strings.Join(parts, "\n\n")
	var postedAt string
	for _, f := range []struct {
		dst *string
		i   int
	}{
		{&d.ID, m.id}, {&d.Source, m.source}, {&d.Platform, m.platform}, {&d.URL, m.url},
		{&d.Author, m.author}, {&postedAt, m.postedAt}, {&d.Region, m.region}, {&d.Lang, m.lang},
	} {
		v, err := get(f.i)
		if err != nil {
			return err
		}
		*f.dst = strings.TrimSpace(v)
	}
	d.Region, d.Lang = strings.ToUpper(d.Region), strings.ToLower(d.Lang)
	if postedAt != "" {
		t, err := csvTime(postedAt)
		if err != nil {
			return err
		}
		d.PostedAt = t
	}
	return nil
}

// csvTime reads a posted_at value.
func csvTime(s string) (time.Time, error) {
	for _, layout := range csvTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid posted_at %q: want RFC 3339 (2026-03-01T10:00:00Z) or 2026-03-01 10:00:00", s)
}

// csvRow is one record of a CSV file, with where its bytes are.
type csvRow struct {
	fields     []string
	start, end int64 // byte range, line ending excluded
	line       int   // line the row starts on
	err        error // the row is broken; fields are not set
}

// csvScanner splits a CSV input into rows, holding at most max bytes of
// one row. encoding/csv cannot bound the size of a field, hence this.
type csvScanner struct {
	br    *bufio.Reader
	comma byte
	max   int
	off   int64 // bytes consumed
	line  int   // line of the next byte
	field []byte
	// stopUnquoted marks the bytes that end a run of plain bytes in an
	// unquoted field.
	stopUnquoted [256]bool
}

func newCSVScanner(r io.Reader, comma rune) (*csvScanner, error) {
	if comma == 0 {
		comma = ','
	}
	if comma >= utf8.RuneSelf || comma == '"' || comma == '\r' || comma == '\n' {
		return nil, fmt.Errorf("invalid CSV separator %q: want an ASCII character other than a quote or a line break", comma)
	}
	s := &csvScanner{br: bufio.NewReaderSize(r, 64<<10), comma: byte(comma), max: MaxLine, line: 1}
	s.stopUnquoted[s.comma], s.stopUnquoted['\r'], s.stopUnquoted['\n'] = true, true, true
	return s, nil
}

// header reads the first record, dropping a UTF-8 byte order mark.
func (s *csvScanner) header() ([]string, error) {
	if b, err := s.br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		s.br.Discard(3)
		s.off += 3
	}
	row, err := s.next()
	switch {
	case err == io.EOF:
		return nil, errors.New("empty CSV file: no header")
	case err != nil:
		return nil, fmt.Errorf("CSV header: %w", err)
	case row.err != nil:
		return nil, fmt.Errorf("CSV header (line %d): %w", row.line, row.err)
	}
	for i, h := range row.fields {
		if !utf8.ValidString(h) {
			return nil, fmt.Errorf("CSV header: invalid UTF-8 in column %d (convert the file to UTF-8)", i+1)
		}
	}
	return row.fields, nil
}

// readByte returns the next byte, counting offsets and lines.
func (s *csvScanner) readByte() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	s.off++
	if c == '\n' {
		s.line++
	}
	return c, nil
}

// crlf consumes the \n of a \r\n pair and reports whether there was one.
func (s *csvScanner) crlf() bool {
	if b, err := s.br.Peek(1); err == nil && b[0] == '\n' {
		s.readByte()
		return true
	}
	return false
}

// States of the row parser.
const (
	csvFieldStart = iota // at the first byte of a field
	csvUnquoted          // in a field that did not start with a quote
	csvQuoted            // in a quoted field
	csvQuote             // just after a quote in a quoted field
)

// next returns the next row, skipping empty lines; io.EOF after the last
// one. A non-nil error other than io.EOF comes from the reader.
func (s *csvScanner) next() (csvRow, error) {
	var row csvRow
	var c byte
	var err error
	for {
		row.start, row.line = s.off, s.line
		if c, err = s.readByte(); err != nil {
			return row, err
		}
		if c == '\n' || c == '\r' && s.crlf() {
			continue
		}
		break
	}
	if cap(s.field) > 1<<20 {
		s.field = nil
	}
	s.field = s.field[:0]
	size, tooLong, state := 0, false, csvFieldStart
	quoteLine := 0
	add := func(b ...byte) {
		if size += len(b); size > s.max {
			tooLong, s.field, row.fields = true, nil, nil
		}
		if tooLong {
			return
		}
		if need := len(s.field) + len(b); need > cap(s.field) {
			// Doubling, where append grows big slices by a quarter: a
			// long field then costs twice its size, not five times.
			grown := make([]byte, len(s.field), max(2*cap(s.field), need, 256))
			copy(grown, s.field)
			s.field = grown
		}
		s.field = append(s.field, b...)
	}
	endField := func() {
		// A field costs its string header too: a row of commas is big.
		if size += 16; size > s.max {
			tooLong, s.field, row.fields = true, nil, nil
		}
		if !tooLong {
			row.fields = append(row.fields, string(s.field))
		}
		s.field = s.field[:0]
		state = csvFieldStart
	}
	for {
		// lineEnd is the length of the line ending at c, 0 if none.
		lineEnd := 0
		if state != csvQuoted {
			if c == '\n' {
				lineEnd = 1
			} else if c == '\r' && s.crlf() {
				lineEnd = 2
			}
		}
		switch {
		case lineEnd > 0:
			endField()
			row.end = s.off - int64(lineEnd)
			return s.finish(row, tooLong), nil
		case state == csvFieldStart && c == '"':
			state, quoteLine = csvQuoted, s.line
		case state != csvQuoted && c == s.comma:
			endField()
		case state == csvQuoted && c == '"':
			state = csvQuote
		case state == csvQuoted && c == '\r' && s.crlf():
			add('\n')
		case state == csvQuote && c == '"':
			add('"')
			state = csvQuoted
		case state == csvQuote:
			// A lone quote inside a quoted field: kept, as LazyQuotes does.
			add('"', c)
			state = csvQuoted
		default:
			add(c)
			if state == csvFieldStart {
				state = csvUnquoted
			}
		}
		switch state {
		case csvUnquoted:
			s.skipRun(&s.stopUnquoted, add)
		case csvQuoted:
			s.skipRun(&csvStopQuoted, add)
		}
		if c, err = s.readByte(); err != nil {
			if err != io.EOF {
				return row, err
			}
			row.end = s.off
			if state == csvQuoted {
				row.fields = nil
				row.err = fmt.Errorf("quoted field opened on line %d is not closed at the end of the input", quoteLine)
				return row, nil
			}
			endField()
			return s.finish(row, tooLong), nil
		}
	}
}

// csvStopQuoted marks the bytes that end a run of plain bytes in a
// quoted field.
var csvStopQuoted = [256]bool{'"': true, '\r': true}

// skipRun passes the buffered bytes up to the next one in stop to add and
// consumes them: rows are mostly plain runs, read here in bulk rather
// than byte by byte.
func (s *csvScanner) skipRun(stop *[256]bool, add func(...byte)) {
	n := s.br.Buffered()
	if n == 0 {
		if _, err := s.br.Peek(1); err != nil {
			return // readByte reports it
		}
		n = s.br.Buffered()
	}
	buf, _ := s.br.Peek(n)
	i := 0
	for i < len(buf) && !stop[buf[i]] {
		i++
	}
	if i == 0 {
		return
	}
	add(buf[:i]...)
	s.line += bytes.Count(buf[:i], []byte{'\n'})
	s.off += int64(i)
	s.br.Discard(i)
}

// finish marks a row too long to keep.
func (s *csvScanner) finish(row csvRow, tooLong bool) csvRow {
	if tooLong {
		row.fields = nil
		row.err = fmt.Errorf("row too long: more than %d bytes", s.max)
	}
	return row
}
