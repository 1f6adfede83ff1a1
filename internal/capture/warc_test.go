package capture

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// testRecords returns records of every common type; the response holds a
// real saved listing page.
func testRecords(t testing.TB) []Record {
	page := sharedtest.Read(t, "bedpage-nyc-listing-pages-2019/nyc_bedpage_massage_listing.html")
	resp := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + fmt.Sprint(len(page)) + "\r\n\r\n" + string(page)
	return []Record{
		{Type: "warcinfo", Header: Header{{"Content-Type", "application/warc-fields"}}, Block: []byte("software: vigie test\r\nformat: WARC File Format 1.1\r\n")},
		{Type: "request", Header: Header{{"WARC-Target-URI", "http://listing.example/ads?page=1"}, {"Content-Type", "application/http;msgtype=request"}},
			Block: []byte("GET /ads?page=1 HTTP/1.1\r\nHost: listing.example\r\n\r\n")},
		{Type: "response", Header: Header{{"WARC-Target-URI", "http://listing.example/ads?page=1"}, {"Content-Type", "application/http;msgtype=response"},
			{"WARC-Date", "2019-06-25T10:11:12Z"}}, Block: []byte(resp)},
		// A block made of the very bytes that end records, to show that
		// Content-Length, not content, delimits a block.
		{Type: "resource", Header: Header{{"WARC-Target-URI", "file:///crlf.bin"}, {"Content-Type", "application/octet-stream"}},
			Block: []byte("\r\n\r\nWARC/1.1\r\n\r\n\x00\xff\r\n\r\n")},
		{Type: "metadata", Header: Header{{"WARC-Target-URI", "http://listing.example/"}, {"Content-Type", "application/warc-fields"}}},
	}
}

func writeAll(t testing.TB, recs []Record, gz bool) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, r := range recs {
		if !gz {
			if err := WriteRecord(&out, r); err != nil {
				t.Fatalf("WriteRecord(%s) = %v", r.Type, err)
			}
			continue
		}
		zw := gzip.NewWriter(&out)
		if err := WriteRecord(zw, r); err != nil {
			t.Fatalf("WriteRecord(%s) = %v", r.Type, err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

type readRecord struct {
	rec         Record
	off, length int64
}

func readAll(t testing.TB, data []byte) ([]readRecord, error) {
	t.Helper()
	var got []readRecord
	err := ReadWARC(bytes.NewReader(data), func(rec Record, off, length int64) error {
		got = append(got, readRecord{rec, off, length})
		return nil
	})
	return got, err
}

var uuidRE = regexp.MustCompile(`^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$`)

func TestWARCRoundTrip(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			recs := testRecords(t)
			data := writeAll(t, recs, gz)
			got, err := readAll(t, data)
			if err != nil {
				t.Fatalf("ReadWARC = %v", err)
			}
			if len(got) != len(recs) {
				t.Fatalf("ReadWARC read %d records; want %d", len(got), len(recs))
			}
			var end int64
			ids := map[string]bool{}
			for i, g := range got {
				want := recs[i]
				if g.rec.Type != want.Type || !bytes.Equal(g.rec.Block, want.Block) {
					t.Errorf("record %d = %s with %d bytes; want %s with %d", i, g.rec.Type, len(g.rec.Block), want.Type, len(want.Block))
				}
				if g.rec.TargetURI() != want.TargetURI() {
					t.Errorf("record %d TargetURI = %q; want %q", i, g.rec.TargetURI(), want.TargetURI())
				}
				if g.rec.ContentType() != want.ContentType() {
					t.Errorf("record %d ContentType = %q; want %q", i, g.rec.ContentType(), want.ContentType())
				}
				if !uuidRE.MatchString(g.rec.ID()) || ids[g.rec.ID()] {
					t.Errorf("record %d ID = %q; want a new <urn:uuid:…> (v4)", i, g.rec.ID())
				}
				ids[g.rec.ID()] = true
				if d := g.rec.Date(); d.IsZero() || time.Since(d) > time.Hour && want.Header.Get("WARC-Date") == "" {
					t.Errorf("record %d Date = %v; want about now", i, d)
				}
				sum := sha256.Sum256(want.Block)
				if d := g.rec.Header.Get("WARC-Block-Digest"); d != "sha256:"+base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]) {
					t.Errorf("record %d WARC-Block-Digest = %q", i, d)
				}
				if g.off != end || g.length <= 0 {
					t.Errorf("record %d at offset %d, length %d; want offset %d", i, g.off, g.length, end)
				}
				end = g.off + g.length
				// Each record can be read again from its offset alone.
				again, err := readAll(t, data[g.off:g.off+g.length])
				if err != nil || len(again) != 1 || !bytes.Equal(again[0].rec.Block, want.Block) || again[0].rec.ID() != g.rec.ID() {
					t.Errorf("record %d re-read at [%d:+%d] = %d records, %v; want the record", i, g.off, g.length, len(again), err)
				}
			}
			if end != int64(len(data)) {
				t.Errorf("records end at %d; input is %d bytes", end, len(data))
			}
			if got[2].rec.Date() != time.Date(2019, 6, 25, 10, 11, 12, 0, time.UTC) {
				t.Errorf("given WARC-Date read back as %v", got[2].rec.Date())
			}
		})
	}
}

func TestWARCWholeFileGzip(t *testing.T) {
	recs := testRecords(t)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(writeAll(t, recs, false))
	zw.Close()
	got, err := readAll(t, buf.Bytes())
	if err != nil {
		t.Fatalf("ReadWARC = %v", err)
	}
	if len(got) != len(recs) {
		t.Fatalf("ReadWARC read %d records; want %d", len(got), len(recs))
	}
	for i, g := range got {
		wantLen := int64(0)
		if i == len(got)-1 {
			wantLen = int64(buf.Len()) // the member ends with the last record
		}
		if g.off != 0 || g.length != wantLen {
			t.Errorf("record %d at %d+%d; want 0+%d (inside one member)", i, g.off, g.length, wantLen)
		}
	}
}

// TestWARCLaxWriters reads records as other tools write them: WARC/1.0,
// sha1 digests in base32, sha256 in hex, LF line ends, folded fields,
// bracketed target URIs.
func TestWARCLaxWriters(t *testing.T) {
	block := "hello, world"
	s1 := sha1.Sum([]byte(block))
	s256 := sha256.Sum256([]byte(block))
	in := "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: <http://a.example/>\r\nWARC-Block-Digest: sha1:" +
		base32.StdEncoding.EncodeToString(s1[:]) + "\r\nContent-Length: 12\r\n\r\n" + block + "\r\n\r\n" +
		"WARC/1.0\nWARC-Type: resource\nX-Note: folded\n  on two lines\nWARC-Block-Digest: sha256:" +
		hex.EncodeToString(s256[:]) + "\nContent-Length: 12\n\n" + block + "\n\n\r\n" +
		"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Block-Digest: sha-256:" +
		strings.ToLower(base32.StdEncoding.EncodeToString(s256[:])) + "\r\nWARC-Block-Digest-Other: x\r\nContent-Length: 12\r\n\r\n" + block + "\r\n\r\n"
	got, err := readAll(t, []byte(in))
	if err != nil {
		t.Fatalf("ReadWARC = %v", err)
	}
	if len(got) != 3 {
		t.Fatalf("ReadWARC read %d records; want 3", len(got))
	}
	if u := got[0].rec.TargetURI(); u != "http://a.example/" {
		t.Errorf("TargetURI = %q; want brackets removed", u)
	}
	if v := got[1].rec.Header.Get("x-note"); v != "folded on two lines" {
		t.Errorf("folded field = %q; want %q", v, "folded on two lines")
	}
}

func TestReadWARCErrors(t *testing.T) {
	good := writeAll(t, testRecords(t)[:2], false)
	goodGz := writeAll(t, testRecords(t)[:2], true)
	rec := func(fields, block string) string {
		return "WARC/1.1\r\nWARC-Type: resource\r\n" + fields + "\r\n" + block + "\r\n\r\n"
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)-10] ^= 0x20 // a byte of the last block
	corruptGz := bytes.Clone(goodGz)
	corruptGz[len(corruptGz)-12] ^= 0xff // inside the compressed data or its checksum
	for _, tc := range []struct {
		name, in string
		want     error  // errors.Is, besides vigie.ErrInvalid
		msg      string // in the error text
	}{
		{"garbage", "\x00\x01binary garbage\xff", nil, "not a WARC record"},
		{"html", "<!DOCTYPE html><html></html>\n", nil, "not a WARC record"},
		{"bad version", "WARC/one\r\nWARC-Type: resource\r\nContent-Length: 0\r\n\r\n\r\n\r\n", nil, "version line"},
		{"no content length", rec("", ""), nil, "no Content-Length"},
		{"bad content length", rec("Content-Length: 12a\r\n", "hello world!"), nil, "invalid Content-Length"},
		{"negative content length", rec("Content-Length: -1\r\n", ""), nil, "invalid Content-Length"},
		{"two content lengths", rec("Content-Length: 1\r\nContent-Length: 2\r\n", "x"), nil, "two different Content-Length"},
		{"block too large", rec("Content-Length: 67108865\r\n", ""), ErrTooLarge, "MaxBlock"},
		{"huge content length", rec("Content-Length: 99999999999999999999999\r\n", ""), ErrTooLarge, "MaxBlock"},
		{"content length too short", rec("Content-Length: 3\r\n", "hello"), nil, "wrong Content-Length"},
		{"block truncated", "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 100\r\n\r\nonly this", ErrTruncated, "only 9 bytes"},
		{"end missing", "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nok\r\n", ErrTruncated, "CRLF CRLF missing"},
		{"header truncated", "WARC/1.1\r\nWARC-Type: resource\r\nContent-Len", ErrTruncated, "header"},
		{"no type", "WARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\n", nil, "no WARC-Type"},
		{"malformed field", rec("no colon here\r\nContent-Length: 0\r\n", ""), nil, "malformed field line"},
		{"header too long", rec("X-Long: "+strings.Repeat("a", 2<<20)+"\r\nContent-Length: 0\r\n", ""), ErrTooLarge, "header longer"},
		{"digest mismatch", string(flipped), ErrDigestMismatch, "WARC-Block-Digest"},
		{"digest undecodable", rec("WARC-Block-Digest: sha256:not-base32!\r\nContent-Length: 1\r\n", "x"), nil, "invalid WARC-Block-Digest"},
		{"garbage after records", string(good) + "junk", nil, "record 3 at offset"},
		{"gzip truncated", string(goodGz[:len(goodGz)-30]), ErrTruncated, "gzip member"},
		{"gzip corrupt", string(corruptGz), nil, "gzip"},
		{"gzip then garbage", string(goodGz) + "junk after", nil, "not a gzip member"},
		{"gzip of garbage", gzipString("definitely not warc"), nil, "not a WARC record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll(t, []byte(tc.in))
			if err == nil {
				t.Fatalf("ReadWARC(%s) read %d records, no error; want an error", tc.name, len(got))
			}
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, vigie.ErrInvalid) {
				t.Errorf("ReadWARC(%s) = %T %v; want a *FormatError (invalid)", tc.name, err, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("ReadWARC(%s) = %v; want %v", tc.name, err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("ReadWARC(%s) = %q; want it to say %q", tc.name, err, tc.msg)
			}
		})
	}
}

func gzipString(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// TestReadWARCTruncatedEverywhere cuts a file at every byte: the records
// before the cut are read whole and the cut is reported, unless it falls
// between records.
func TestReadWARCTruncatedEverywhere(t *testing.T) {
	recs := []Record{
		{Type: "resource", Block: []byte("first block\r\n")},
		{Type: "metadata", Header: Header{{"X-A", "b"}}, Block: []byte("second")},
	}
	for _, gz := range []bool{false, true} {
		data := writeAll(t, recs, gz)
		full, _ := readAll(t, data)
		boundary := map[int]bool{0: true}
		for _, r := range full {
			boundary[int(r.off+r.length)] = true
		}
		for cut := 0; cut < len(data); cut++ {
			got, err := readAll(t, data[:cut])
			if boundary[cut] {
				if err != nil {
					t.Errorf("gzip=%v cut at record boundary %d: %v", gz, cut, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("gzip=%v cut at %d: no error, %d records", gz, cut, len(got))
				continue
			}
			for i, g := range got {
				if !bytes.Equal(g.rec.Block, recs[i].Block) {
					t.Errorf("gzip=%v cut at %d: record %d block %q", gz, cut, i, g.rec.Block)
				}
			}
		}
	}
}

func TestReadWARCStopsOnCallbackError(t *testing.T) {
	data := writeAll(t, testRecords(t), false)
	stop := errors.New("stop here")
	n := 0
	err := ReadWARC(bytes.NewReader(data), func(Record, int64, int64) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("ReadWARC with failing fn = %v after %d calls; want the fn error after 1", err, n)
	}
}

func TestWriteRecordErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		rec  Record
		msg  string
	}{
		{"no type", Record{Block: []byte("x")}, "invalid type"},
		{"bad type", Record{Type: "resp onse"}, "invalid type"},
		{"types differ", Record{Type: "request", Header: Header{{"WARC-Type", "response"}}}, "differ"},
		{"line break in value", Record{Type: "resource", Header: Header{{"WARC-Target-URI", "http://a.example/\r\nWARC-Type: forged"}}}, "line break"},
		{"bad name", Record{Type: "resource", Header: Header{{"Bad Name", "v"}}}, "invalid field name"},
		{"wrong digest", Record{Type: "resource", Block: []byte("x"), Header: Header{{"WARC-Block-Digest", "sha1:" + strings.Repeat("A", 32)}}}, "digest mismatch"},
	} {
		if err := WriteRecord(&bytes.Buffer{}, tc.rec); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("WriteRecord(%s) = %v; want an error saying %q", tc.name, err, tc.msg)
		}
	}
	// A correct given digest is accepted and replaced by sha256.
	s1 := sha1.Sum([]byte("x"))
	var b bytes.Buffer
	err := WriteRecord(&b, Record{Type: "resource", Block: []byte("x"), Header: Header{{"WARC-Block-Digest", "sha1:" + base32.StdEncoding.EncodeToString(s1[:])}}})
	if err != nil || strings.Count(b.String(), "WARC-Block-Digest: sha256:") != 1 || strings.Contains(b.String(), "sha1:") {
		t.Errorf("WriteRecord with a correct sha1 digest = %v\n%s", err, b.String())
	}
}

func TestHeaderSet(t *testing.T) {
	h := Header{{"A", "1"}, {"b", "2"}, {"a", "3"}}
	h.Set("a", "9")
	h.Set("C", "4")
	want := Header{{"A", "9"}, {"b", "2"}, {"C", "4"}}
	if fmt.Sprint(h) != fmt.Sprint(want) {
		t.Errorf("Header after Set = %v; want %v", h, want)
	}
}

func responseRecord(raw string) Record {
	return Record{Type: "response", Header: Header{{"WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>"}}, Block: []byte(raw)}
}

func TestHTTPResponse(t *testing.T) {
	body := "<p>Invented page: rooms for rent, call the number below.</p>\n"
	gz := gzipString(body)
	var zl, raw bytes.Buffer
	zw := zlib.NewWriter(&zl)
	zw.Write([]byte(body))
	zw.Close()
	fw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
	fw.Write([]byte(body))
	fw.Close()
	chunk := func(s string) string { // two chunks
		h := len(s) / 2
		return fmt.Sprintf("%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n", h, s[:h], len(s)-h, s[h:])
	}
	for _, tc := range []struct {
		name, raw string
		status    int
		truncated bool
	}{
		{"plain", "HTTP/1.1 200 OK\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body, 200, false},
		{"until close", "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body, 200, false},
		{"chunked", "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(body), 404, false},
		{"gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + fmt.Sprint(len(gz)) + "\r\n\r\n" + gz, 200, false},
		{"chunked gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunk(gz), 200, false},
		{"zlib deflate", "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + zl.String(), 200, false},
		{"raw deflate", "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + raw.String(), 200, false},
		{"truncated", "HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\n" + body, 200, true},
		{"after 100 continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body, 201, false},
	} {
		resp, err := HTTPResponse(responseRecord(tc.raw))
		if err != nil {
			t.Errorf("HTTPResponse(%s) = %v", tc.name, err)
			continue
		}
		if string(resp.Body) != body || resp.StatusCode != tc.status || resp.Truncated != tc.truncated {
			t.Errorf("HTTPResponse(%s) = %d %q truncated=%v; want %d %q truncated=%v", tc.name, resp.StatusCode, resp.Body, resp.Truncated, tc.status, body, tc.truncated)
		}
	}
	// A truncated gzip body yields what could be decoded.
	resp, err := HTTPResponse(responseRecord("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9999\r\n\r\n" + gz[:len(gz)-12]))
	if err != nil || !resp.Truncated || !strings.HasPrefix(body, string(resp.Body)) {
		t.Errorf("HTTPResponse(truncated gzip) = %v, %v", resp, err)
	}
}

func TestHTTPResponseErrors(t *testing.T) {
	// A gzip stream may be several members end to end: one member of
	// 1 MiB of zeros, repeated, makes a bomb quickly.
	member := gzipString(string(make([]byte, 1<<20)))
	bomb := strings.Repeat(member, MaxDecodedBody>>20+1)
	for _, tc := range []struct {
		name string
		rec  Record
		want error
		msg  string
	}{
		{"request record", Record{Type: "request", Block: []byte("GET / HTTP/1.1\r\n\r\n")}, nil, "not a response"},
		{"not http", responseRecord("garbage\r\n\r\n"), nil, "malformed HTTP"},
		{"brotli", responseRecord("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx"), nil, `Content-Encoding "br"`},
		{"bad gzip", responseRecord("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all"), nil, "gzip"},
		{"bad chunk", responseRecord("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n"), nil, "chunk"},
		{"gzip bomb", responseRecord("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb), ErrTooLarge, "compression bomb"},
	} {
		_, err := HTTPResponse(tc.rec)
		if err == nil || tc.want != nil && !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("HTTPResponse(%s) = %v; want an error saying %q", tc.name, err, tc.msg)
		}
	}
}

func FuzzReadWARC(f *testing.F) {
	recs := []Record{
		{Type: "response", Header: Header{{"WARC-Target-URI", "http://a.example/"}}, Block: []byte("HTTP/1.1 200 OK\r\n\r\nhi")},
		{Type: "resource", Block: []byte("\r\n\r\n")},
	}
	f.Add(writeAll(f, recs, false))
	f.Add(writeAll(f, recs, true))
	f.Add([]byte("WARC/1.0\nWARC-Type: x\nContent-Length: 1\n\nx\n\n"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: x\r\nWARC-Block-Digest: sha1:AAAA\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	f.Add([]byte("\x1f\x8b garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		plain := !bytes.HasPrefix(data, []byte{0x1f, 0x8b})
		var last int64 = -1
		err := ReadWARC(bytes.NewReader(data), func(rec Record, off, length int64) error {
			if off < 0 || length < 0 || off+length > int64(len(data)) || off < last {
				t.Fatalf("record at %d+%d in %d bytes (previous at %d)", off, length, len(data), last)
			}
			last = off
			if rec.Type == "" || len(rec.Block) > MaxBlock {
				t.Fatalf("record type %q, block %d bytes", rec.Type, len(rec.Block))
			}
			if plain && length == 0 {
				t.Fatalf("plain record with length 0 at %d", off)
			}
			if length > 0 {
				again, err := readAll(t, data[off:off+length])
				if err != nil || len(again) != 1 || !bytes.Equal(again[0].rec.Block, rec.Block) {
					t.Fatalf("record at %d+%d not read again: %d records, %v", off, length, len(again), err)
				}
			}
			return nil
		})
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("ReadWARC = %T %v; want a *FormatError", err, err)
		}
	})
}

func FuzzHTTPResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
		fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(gzipString("hello")), gzipString("hello"))))
	f.Add([]byte("HTTP/1.0 301 Moved\r\nLocation: /x\r\nContent-Encoding: deflate, gzip\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		resp, err := HTTPResponse(responseRecord(string(data)))
		if err != nil {
			return
		}
		if resp.Header == nil || len(resp.Body) > MaxDecodedBody || resp.StatusCode < 0 {
			t.Fatalf("HTTPResponse = status %d, %d body bytes, header %v", resp.StatusCode, len(resp.Body), resp.Header)
		}
	})
}

func TestHTTPResponseEmptyEncodedBody(t *testing.T) {
	for _, raw := range []string{
		"HTTP/1.1 304 Not Modified\r\nContent-Encoding: gzip\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n",
	} {
		resp, err := HTTPResponse(responseRecord(raw))
		if err != nil || len(resp.Body) != 0 {
			t.Errorf("HTTPResponse(%q) = %v; want an empty body", raw, err)
		}
	}
}
