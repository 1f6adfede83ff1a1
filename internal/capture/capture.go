// Package capture reads and writes the formats in which web material is
// kept as evidence: WARC files (ISO 28500, WARC/1.1), single web pages
// fetched over HTTP into WARC records, and RSS/Atom feeds.
//
// Every reader streams: it holds one record, one feed item, at a time,
// with a bound on the size of each, whatever the size of its input. Every
// reader reports where in its input a problem is (record number and byte
// offset, feed item index and line) and never panics on any input.
//
// The package does no storage of its own: callers keep the bytes it reads
// or produces (such as Capture.WARC) in the evidence store.
package capture

import (
	"errors"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Error causes. Errors returned by this package wrap one of them when it
// applies; test with errors.Is.
var (
	// ErrTruncated: the input ends inside a record, block or body.
	ErrTruncated = errors.New("truncated")
	// ErrTooLarge: a record, item or body is larger than its bound.
	ErrTooLarge = errors.New("too large")
	// ErrDigestMismatch: a WARC block does not match its WARC-Block-Digest,
	// so its bytes are not the ones that were recorded.
	ErrDigestMismatch = errors.New("digest mismatch")
	// ErrTimeout: a fetch took longer than its Fetcher.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrTooManyRedirects: a fetch was redirected more than
	// Fetcher.MaxRedirects times.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrNotPublic: a Fetcher with PublicOnly set was asked to connect to
	// an address of this machine or a private network.
	ErrNotPublic = errors.New("not a public address")
)

// A FormatError reports malformed input and where it is. It wraps its
// cause and vigie.ErrInvalid: errors.Is(err, vigie.ErrInvalid) holds for
// every FormatError.
type FormatError struct {
	// Where locates the problem in words a person can find, such as
	// "warc record 3 at offset 10240" or "feed item[4] (line 57)".
	Where string
	Err   error
}

func (e *FormatError) Error() string { return e.Where + ": " + e.Err.Error() }

// Unwrap returns the cause and vigie.ErrInvalid, so that callers can map
// any format problem to the invalid-input kind without knowing this type.
func (e *FormatError) Unwrap() []error { return []error{e.Err, vigie.ErrInvalid} }
