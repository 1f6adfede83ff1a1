package capture

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// MaxDecodedBody bounds an HTTP body once its Content-Encoding (gzip,
// deflate) is decoded, against compression bombs.
const MaxDecodedBody = 64 << 20

// Response is the HTTP response held in a WARC response record.
type Response struct {
	Proto      string // "HTTP/1.1"
	StatusCode int    // 404
	Status     string // "404 Not Found"
	// Header is the response header as recorded, Content-Encoding and
	// Transfer-Encoding included (Go moves Transfer-Encoding out of it).
	Header http.Header
	// Body is the entity body with its transfer coding (chunked) removed
	// and its content codings (gzip, x-gzip, deflate) decoded.
	Body []byte
	// Truncated reports that the recorded body ends before its declared
	// end (Content-Length or the last chunk): Body holds what there is.
	Truncated bool
}

// HTTPResponse reads the HTTP response in a WARC response record. The
// body is decoded: chunked transfer coding, then gzip or deflate content
// codings, the decoded body bounded by MaxDecodedBody (a larger one is an
// ErrTooLarge error). A content coding it cannot decode (br, zstd) is an
// error, as is a record of another type or a block that is not an HTTP
// response; the record itself stays intact for the caller to keep.
func HTTPResponse(rec Record) (*Response, error) {
	if rec.Type != "response" {
		return nil, fmt.Errorf("read http response: record %s is a %q record, not a response", rec.ID(), rec.Type)
	}
	br := bufio.NewReader(bytes.NewReader(rec.Block))
	resp, err := http.ReadResponse(br, nil)
	// Interim responses (100 Continue, 103 Early Hints) come before the
	// final one in the same exchange.
	for n := 0; err == nil && resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != 101 && n < 10; n++ {
		resp, err = http.ReadResponse(br, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("read http response in record %s: %w", rec.ID(), err)
	}
	out := &Response{Proto: resp.Proto, StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header}
	if len(resp.TransferEncoding) > 0 {
		out.Header = resp.Header.Clone()
		out.Header["Transfer-Encoding"] = resp.TransferEncoding
	}
	// The block is in memory and a transfer coding only shrinks it, so
	// reading the whole body is bounded by MaxBlock.
	body, err := io.ReadAll(resp.Body)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		out.Truncated, err = true, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read http response in record %s: body: %w", rec.ID(), err)
	}
	body, truncated, err := httpDecodeContent(body, resp.Header.Values("Content-Encoding"), MaxDecodedBody, out.Truncated)
	if err != nil {
		return nil, fmt.Errorf("read http response in record %s: %w", rec.ID(), err)
	}
	out.Body, out.Truncated = body, truncated
	return out, nil
}

// httpDecoder returns a reader decoding body from content coding c.
func httpDecoder(c string, body []byte) (io.Reader, error) {
	switch c {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding %s: %w", c, err)
		}
		return zr, nil
	case "deflate":
		// Servers send zlib-wrapped deflate (as RFC 9110 says) or raw
		// deflate; the zlib header tells which.
		if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			return zr, nil
		}
		return flate.NewReader(bytes.NewReader(body)), nil
	}
	return nil, fmt.Errorf("cannot decode Content-Encoding %q (gzip and deflate only)", c)
}

// httpDecodeContent undoes the content codings of body, last applied
// first, each output bounded by max bytes. When the body is known to be
// truncated, a decoder running out of input is not an error: what was
// decoded is returned and truncated stays true.
func httpDecodeContent(body []byte, encodings []string, max int64, truncated bool) ([]byte, bool, error) {
	var codings []string
	for _, v := range encodings {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	for i := len(codings) - 1; i >= 0; i-- {
		c := codings[i]
		if len(body) == 0 {
			break // nothing was encoded: a 204, a 304, a HEAD
		}
		// A first pass counts the decoded bytes without keeping them, so
		// that a compression bomb costs time but no memory; the second
		// decodes into a buffer of the right size.
		dec, err := httpDecoder(c, body)
		if err != nil {
			if truncated && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) {
				return nil, true, nil // cut inside the gzip header: nothing to decode
			}
			return nil, truncated, err
		}
		n, err := io.Copy(io.Discard, io.LimitReader(dec, max+1))
		if n > max {
			return nil, truncated, fmt.Errorf("%w: Content-Encoding %s expands beyond %d bytes (a compression bomb?)", ErrTooLarge, c, max)
		}
		if err != nil && !(truncated && errors.Is(err, io.ErrUnexpectedEOF)) {
			return nil, truncated, fmt.Errorf("Content-Encoding %s: %v", c, err)
		}
		dec, _ = httpDecoder(c, body)
		out := bytes.NewBuffer(make([]byte, 0, n))
		if _, err := io.CopyN(out, dec, n); err != nil {
			return nil, truncated, fmt.Errorf("Content-Encoding %s: %v", c, err)
		}
		body = out.Bytes()
	}
	return body, truncated, nil
}
