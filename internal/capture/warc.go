package capture

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"
	"time"
)

// MaxBlock bounds the block of one WARC record (64 MiB). ReadWARC
// rejects a record declaring a larger Content-Length before reading it,
// so memory stays bounded whatever the input claims.
const MaxBlock = 64 << 20

// warcMaxHeader bounds the named fields of one record, all lines together.
const warcMaxHeader = 1 << 20

// warcVersion is the version line WriteRecord writes.
const warcVersion = "WARC/1.1"

// warcDateLayout is how WriteRecord writes WARC-Date: UTC with
// microseconds, which WARC/1.1 allows (W3C-ISO8601 with a fraction).
const warcDateLayout = "2006-01-02T15:04:05.000000Z"

// Field is one named field of a WARC record header.
type Field struct {
	Name, Value string
}

// Header holds the named fields of a WARC record in the order they were
// written or read. Names compare case-insensitively.
type Header []Field

// Get returns the value of the first field named name, or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Set replaces the value of the fields named name by one field with
// value, in the place of the first, or appends it.
func (h *Header) Set(name, value string) {
	out := (*h)[:0]
	done := false
	for _, f := range *h {
		if strings.EqualFold(f.Name, name) {
			if done {
				continue
			}
			f.Value, done = value, true
		}
		out = append(out, f)
	}
	if !done {
		out = append(out, Field{name, value})
	}
	*h = out
}

// Add appends a field, keeping those of the same name.
func (h *Header) Add(name, value string) { *h = append(*h, Field{name, value}) }

// Record is one WARC record: its type (warcinfo, request, response,
// resource, metadata, revisit, conversion, continuation), its named
// fields and its block, the content bytes it describes.
//
// A record read by ReadWARC keeps every field as read, WARC-Type and
// Content-Length included; Type repeats WARC-Type.
type Record struct {
	Type   string
	Header Header
	Block  []byte
}

// TargetURI returns WARC-Target-URI, without the angle brackets some
// WARC/1.0 writers put around it.
func (r Record) TargetURI() string {
	return strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("WARC-Target-URI"), "<"), ">")
}

// ID returns WARC-Record-ID as written, such as "<urn:uuid:…>".
func (r Record) ID() string { return r.Header.Get("WARC-Record-ID") }

// ContentType returns the Content-Type of the block, such as
// "application/http;msgtype=response".
func (r Record) ContentType() string { return r.Header.Get("Content-Type") }

// Date returns WARC-Date, or the zero time when it is missing or not a
// W3C-ISO8601 date.
func (r Record) Date() time.Time {
	s := strings.TrimSpace(r.Header.Get("WARC-Date"))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// NewRecordID returns a fresh WARC-Record-ID, "<urn:uuid:…>" with a
// random (version 4) UUID from crypto/rand.
func NewRecordID() string {
	var u [16]byte
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// warcDigest returns the WARC-Block-Digest (or Payload-Digest) value
// WriteRecord writes: "sha256:" and the digest in upper-case base32
// without padding (RFC 4648), the encoding WARC tools use for sha1.
func warcDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
}

// WriteRecord writes rec to w as one WARC/1.1 record: the version line,
// WARC-Type, WARC-Record-ID (a new one from NewRecordID when rec has
// none), WARC-Date (now when rec has none), rec's other fields in order,
// WARC-Block-Digest (sha256, base32, see warcDigest) and Content-Length,
// both computed from the block, then the block and CRLF CRLF.
//
// A WARC-Block-Digest already in rec is checked against the block (a
// mismatch is an error: the block is not the one described) and replaced.
// Field names must be tokens and values must not hold CR or LF, so that
// no value can forge a field. The record is written with one Write call
// for the header and one for the block.
func WriteRecord(w io.Writer, rec Record) error {
	typ := rec.Type
	if h := rec.Header.Get("WARC-Type"); h != "" {
		if typ == "" {
			typ = h
		} else if !strings.EqualFold(typ, h) {
			return fmt.Errorf("write warc record: Type %q and WARC-Type %q differ", typ, h)
		}
	}
	if typ == "" || !warcToken(typ) {
		return fmt.Errorf("write warc record: invalid type %q", typ)
	}
	if d := rec.Header.Get("WARC-Block-Digest"); d != "" {
		if err := warcCheckDigest(d, rec.Block); err != nil {
			return fmt.Errorf("write warc record: %w", err)
		}
	}
	id := rec.Header.Get("WARC-Record-ID")
	if id == "" {
		id = NewRecordID()
	}
	date := rec.Header.Get("WARC-Date")
	if date == "" {
		date = time.Now().UTC().Format(warcDateLayout)
	}
	var b bytes.Buffer
	b.WriteString(warcVersion + "\r\n")
	fields := []Field{{"WARC-Type", typ}, {"WARC-Record-ID", id}, {"WARC-Date", date}}
	for _, f := range rec.Header {
		switch strings.ToLower(f.Name) {
		case "warc-type", "warc-record-id", "warc-date", "warc-block-digest", "content-length":
			continue
		}
		fields = append(fields, f)
	}
	fields = append(fields,
		Field{"WARC-Block-Digest", warcDigest(rec.Block)},
		Field{"Content-Length", strconv.Itoa(len(rec.Block))})
	for _, f := range fields {
		if !warcToken(f.Name) {
			return fmt.Errorf("write warc record: invalid field name %q", f.Name)
		}
		if strings.ContainsAny(f.Value, "\r\n") {
			return fmt.Errorf("write warc record: field %s: value holds a line break", f.Name)
		}
		b.WriteString(f.Name + ": " + f.Value + "\r\n")
	}
	b.WriteString("\r\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write warc record: %w", err)
	}
	if _, err := w.Write(rec.Block); err != nil {
		return fmt.Errorf("write warc record: %w", err)
	}
	if _, err := io.WriteString(w, "\r\n\r\n"); err != nil {
		return fmt.Errorf("write warc record: %w", err)
	}
	return nil
}

// warcToken reports whether s is an RFC 2616 token, as field names and
// record types must be.
func warcToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

// ReadWARC reads WARC records from r and calls fn with each, its byte
// offset in r and its length in r. r holds a plain WARC file or a
// gzip-compressed one (.warc.gz, recognised by its magic bytes), where each
// record is its own gzip member: offset and length are then those of the
// member in the compressed stream, so that a reader can seek there and
// decompress that one record. When a gzip member holds several records (a
// whole file compressed at once), each gets the member's offset and a
// length of 0: it cannot be reached without decompressing from there.
//
// Each record is checked: version line WARC/x.y, a Content-Length of at
// most MaxBlock, a block of that many bytes followed by CRLF CRLF, and the
// block's WARC-Block-Digest when present (sha1, sha256, sha512 or md5, in
// base32 or hex; other algorithms are not checked). ReadWARC stops at the
// first malformed record with a *FormatError naming the record and its
// offset, after calling fn for the records before it; it stops too at the
// first error fn returns, and returns it as is. Only one record is held in
// memory at a time. Fields other than WARC-Type and Content-Length are not
// required, so that files from lax writers can still be read.
func ReadWARC(r io.Reader, fn func(rec Record, offset, length int64) error) error {
	cr := &warcCounter{br: bufio.NewReaderSize(r, 64<<10)}
	if magic, _ := cr.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return warcReadGzip(cr, fn)
	}
	p := &warcParser{br: cr.br}
	for n := 1; ; n++ {
		start := p.pos
		rec, err := p.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &FormatError{Where: fmt.Sprintf("warc record %d at offset %d", n, start), Err: err}
		}
		if err := fn(rec, start, p.pos-start); err != nil {
			return err
		}
	}
}

// warcReadGzip reads records from gzip members one after the other.
func warcReadGzip(cr *warcCounter, fn func(rec Record, offset, length int64) error) error {
	var gz gzip.Reader
	p := &warcParser{br: bufio.NewReaderSize(nil, 64<<10)}
	n := 0
	for {
		start := cr.n
		if err := gz.Reset(cr); err != nil {
			if err == io.EOF && cr.n == start {
				return nil
			}
			return &FormatError{Where: fmt.Sprintf("warc gzip member at offset %d", start), Err: warcGzipError(err)}
		}
		// One member at a time, so that each record's compressed offset
		// and length are known.
		gz.Multistream(false)
		p.br.Reset(&gz)
		for {
			rec, err := p.next()
			if err == io.EOF {
				break // an empty member, or the end of this one
			}
			if err != nil {
				return &FormatError{Where: fmt.Sprintf("warc record %d in gzip member at offset %d", n+1, start), Err: warcGzipError(err)}
			}
			n++
			_, perr := p.br.Peek(1)
			if perr != nil && perr != io.EOF {
				return &FormatError{Where: fmt.Sprintf("warc record %d in gzip member at offset %d", n, start), Err: warcGzipError(perr)}
			}
			length := int64(0)
			if perr == io.EOF {
				length = cr.n - start
			}
			if err := fn(rec, start, length); err != nil {
				return err
			}
			if perr == io.EOF {
				break
			}
		}
	}
}

// warcGzipError names the decompression errors in words.
func warcGzipError(err error) error {
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("gzip member %w", ErrTruncated)
	case errors.As(err, &ce):
		return fmt.Errorf("corrupt gzip data: %v", err)
	case errors.Is(err, gzip.ErrHeader):
		return errors.New("not a gzip member (garbage after the last record?)")
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("gzip checksum mismatch: the compressed record is damaged")
	}
	return err
}

// warcCounter counts the bytes read through it, so that gzip member
// boundaries are known in the compressed input. It is an io.ByteReader,
// so that gzip reads no further than the member it decompresses.
type warcCounter struct {
	br *bufio.Reader
	n  int64
}

func (c *warcCounter) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *warcCounter) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// warcParser reads records from br and counts the bytes it consumed.
type warcParser struct {
	br  *bufio.Reader
	pos int64
}

// next reads one record. It returns io.EOF only at a clean end of input,
// before any byte of a record.
func (p *warcParser) next() (Record, error) {
	if _, err := p.br.Peek(1); err != nil {
		return Record{}, err
	}
	budget := warcMaxHeader
	line, err := p.line(&budget)
	if err != nil && !(errors.Is(err, ErrTruncated) && !warcVersionPrefix(line)) {
		return Record{}, err
	}
	if !warcVersionLine(line) {
		if len(line) > 24 {
			line = append(line[:24:24], "…"...)
		}
		return Record{}, fmt.Errorf("not a WARC record: want a version line such as %q, found %q", warcVersion, line)
	}
	var rec Record
	for {
		line, err := p.line(&budget)
		if err != nil {
			return Record{}, fmt.Errorf("header: %w", err)
		}
		if len(line) == 0 {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(rec.Header) > 0 {
			// A folded (continued) value, which WARC/1.0 allowed.
			last := &rec.Header[len(rec.Header)-1]
			last.Value += " " + string(bytes.TrimSpace(line))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || !warcToken(string(bytes.TrimSpace(name))) {
			return Record{}, fmt.Errorf("header: malformed field line %q", warcShort(line))
		}
		rec.Header.Add(string(bytes.TrimSpace(name)), string(bytes.TrimSpace(value)))
	}
	rec.Type = rec.Header.Get("WARC-Type")
	if rec.Type == "" {
		return Record{}, errors.New("header: no WARC-Type")
	}
	size, err := warcContentLength(rec.Header)
	if err != nil {
		return Record{}, err
	}
	var block bytes.Buffer
	if size <= 64<<10 {
		block.Grow(int(size)) // larger blocks grow as bytes arrive, not as declared
	}
	got, err := io.CopyN(&block, p.br, size)
	p.pos += got
	if err == io.EOF {
		return Record{}, fmt.Errorf("block %w: Content-Length %d, only %d bytes present", ErrTruncated, size, got)
	}
	if err != nil {
		return Record{}, fmt.Errorf("block: %w", err)
	}
	rec.Block = block.Bytes()
	if err := p.end(); err != nil {
		return Record{}, err
	}
	if d := rec.Header.Get("WARC-Block-Digest"); d != "" {
		if err := warcCheckDigest(d, rec.Block); err != nil {
			return Record{}, err
		}
	}
	return rec, nil
}

// line reads one line without its CRLF (or LF), spending its length from
// budget; running out of budget is an error, as is the end of input.
func (p *warcParser) line(budget *int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := p.br.ReadSlice('\n')
		p.pos += int64(len(chunk))
		*budget -= len(chunk)
		if *budget < 0 {
			return nil, fmt.Errorf("%w: header longer than %d bytes", ErrTooLarge, warcMaxHeader)
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			return line, fmt.Errorf("header %w", ErrTruncated)
		}
		if err != nil {
			return nil, err
		}
		line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
		return line, nil
	}
}

// end consumes the CRLF CRLF that ends a record. Writers differ in line
// ends and blank lines, so any run of CR and LF holding two LFs will do.
func (p *warcParser) end() error {
	lf := 0
	for {
		b, err := p.br.ReadByte()
		if err == io.EOF {
			if lf < 2 {
				return fmt.Errorf("record %w: CRLF CRLF missing after the block", ErrTruncated)
			}
			return nil
		}
		if err != nil {
			return err
		}
		if b != '\r' && b != '\n' {
			_ = p.br.UnreadByte()
			if lf < 2 {
				return errors.New("block not followed by CRLF CRLF (wrong Content-Length?)")
			}
			return nil
		}
		p.pos++
		if b == '\n' {
			lf++
		}
	}
}

// warcVersionPrefix reports whether a line cut short could have been a
// version line, to tell a truncated record from something else.
func warcVersionPrefix(partial []byte) bool {
	const v = "WARC/"
	if len(partial) <= len(v) {
		return strings.HasPrefix(v, string(partial))
	}
	return bytes.HasPrefix(partial, []byte(v))
}

// warcVersionLine reports whether line is WARC/digits.digits.
func warcVersionLine(line []byte) bool {
	v, ok := bytes.CutPrefix(line, []byte("WARC/"))
	if !ok {
		return false
	}
	major, minor, ok := bytes.Cut(v, []byte("."))
	return ok && warcDigits(major) && warcDigits(minor)
}

func warcDigits(b []byte) bool {
	if len(b) == 0 || len(b) > 4 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// warcContentLength returns the block size a header declares.
func warcContentLength(h Header) (int64, error) {
	var v string
	seen := false
	for _, f := range h {
		if !strings.EqualFold(f.Name, "Content-Length") {
			continue
		}
		if seen && f.Value != v {
			return 0, fmt.Errorf("header: two different Content-Length fields (%q, %q)", v, f.Value)
		}
		v, seen = f.Value, true
	}
	if !seen {
		return 0, errors.New("header: no Content-Length")
	}
	if v == "" || !warcAllDigits(v) {
		return 0, fmt.Errorf("header: invalid Content-Length %q", warcShort([]byte(v)))
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n > MaxBlock {
		return 0, fmt.Errorf("%w: block of %s bytes, more than MaxBlock (%d)", ErrTooLarge, warcShort([]byte(v)), MaxBlock)
	}
	return n, nil
}

func warcAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// warcShort quotes at most 40 bytes of b for an error message.
func warcShort(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// warcCheckDigest checks block against a digest field value
// "algorithm:value", the value in base32 or hex. Unknown algorithms are
// not checked.
func warcCheckDigest(field string, block []byte) error {
	alg, value, ok := strings.Cut(strings.TrimSpace(field), ":")
	if !ok {
		return fmt.Errorf("invalid WARC-Block-Digest %q: want algorithm:value", warcShort([]byte(field)))
	}
	var h hash.Hash
	switch strings.ToLower(strings.ReplaceAll(alg, "-", "")) {
	case "sha1":
		h = sha1.New()
	case "sha256":
		h = sha256.New()
	case "sha512":
		h = sha512.New()
	case "md5":
		h = md5.New()
	default:
		return nil
	}
	want, err := warcDecodeDigest(value, h.Size())
	if err != nil {
		return fmt.Errorf("invalid WARC-Block-Digest %q: %v", warcShort([]byte(field)), err)
	}
	h.Write(block)
	if !bytes.Equal(h.Sum(nil), want) {
		return fmt.Errorf("%w: the block does not match its WARC-Block-Digest %s", ErrDigestMismatch, field)
	}
	return nil
}

// warcDecodeDigest decodes a digest of size bytes written in hex or in
// base32 (with or without padding, any case).
func warcDecodeDigest(v string, size int) ([]byte, error) {
	if len(v) == 2*size {
		if b, err := hex.DecodeString(v); err == nil {
			return b, nil
		}
	}
	b, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(v, "=")))
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("not a %d-byte digest in base32 or hex", size)
	}
	return b, nil
}
