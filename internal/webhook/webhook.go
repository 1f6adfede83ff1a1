// Package webhook posts events (alerts raised by watchlists) to URLs that
// users configure, signed so that the receiver can tell they come from
// vigie and are recent, and retried with backoff while the receiver is
// unavailable.
//
// # Requests
//
// Each attempt of a delivery is an HTTP POST of a JSON body to the
// webhook URL, with these headers:
//
//	Content-Type:    application/json
//	Vigie-Event:     the event type, such as alert.created
//	Vigie-Delivery:  the delivery's id, the same on every attempt of a delivery
//	Vigie-Signature: t=<timestamp>,v1=<signature>
//
// Only the body is signed: Vigie-Event and Vigie-Delivery are there for
// routing and logs, and the body repeats what a receiver acts on.
//
// # Signature
//
// <timestamp> is the time of the attempt in Unix seconds, in decimal.
// <signature> is the HMAC-SHA256, in lower-case hexadecimal, keyed with
// the webhook's secret (its bytes as they are, not decoded in any way),
// of the bytes of <timestamp> as written in the header, a full stop
// ("."), and the request body exactly as received: sign the raw bytes,
// never a re-encoding of parsed JSON.
//
// A receiver, in any language:
//
//  1. reads the raw body;
//  2. splits the Vigie-Signature value on "," into key=value fields,
//     ignoring spaces around each field, and takes the one t field and
//     every v1 field (there may be several, one per secret, while a
//     secret is replaced); it ignores fields with other keys, kept for
//     later schemes;
//  3. computes the HMAC above and compares it with each v1 value in
//     constant time (hmac.compare_digest in Python, crypto.timingSafeEqual
//     in Node.js, hmac.Equal in Go), rejecting the request when none
//     matches;
//  4. rejects the request when t is more than five minutes away from its
//     own clock, so that a recorded request cannot be replayed later;
//  5. ignores a delivery id it has already handled: a retry after a lost
//     answer, or a replay within the five minutes, carries the same id.
//
// In Python:
//
//	def verify(secret: bytes, header: str, body: bytes, now: float) -> bool:
//	    fields = [f.strip().partition("=") for f in header.split(",")]
//	    t = [v for k, _, v in fields if k == "t"]
//	    sigs = [v.encode() for k, _, v in fields if k == "v1"]
//	    if len(t) != 1 or not (t[0].isascii() and t[0].isdigit()):
//	        return False
//	    mac = hmac.new(secret, t[0].encode() + b"." + body, hashlib.sha256)
//	    ok = any(hmac.compare_digest(mac.hexdigest().encode(), s) for s in sigs)
//	    return ok and abs(now - int(t[0])) <= 300
//
// Verify does this in Go.
//
// # Answers and retries
//
// A 2xx answer is success; its body is ignored (at most 64 KiB of it is
// read). A receiver should answer within 15 seconds (Sender.Timeout) and
// do slow work afterwards. No answer in time, a network error, 408, 429,
// and 5xx are retried with exponential backoff (about 30 s, 1 min, 2 min
// and so on up to 1 h between attempts, up to 8 attempts), not before the
// delay a Retry-After header asks for. Other answers are not retried:
// other 4xx say the receiver is misconfigured, and redirects are followed
// only when they are 307 or 308 to the same host (a 301, 302 or 303 would
// turn the POST into a GET without the body).
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header names of a delivery request.
const (
	HeaderSignature = "Vigie-Signature"
	HeaderEvent     = "Vigie-Event"
	HeaderDelivery  = "Vigie-Delivery"
)

// DefaultTolerance is how far from the receiver's clock a signature's
// timestamp may be: the window in which a recorded request could be
// replayed, and the clock skew allowed between sender and receiver.
const DefaultTolerance = 5 * time.Minute

// Bounds on a Vigie-Signature header, which Verify reads from untrusted
// requests.
const (
	maxSignatureHeader = 4 << 10
	maxSignatures      = 8
	maxTimestampDigits = 18 // below math.MaxInt64
)

// Causes of Verify's errors; test with errors.Is.
var (
	// ErrSignature: the header is malformed, or no signature in it is
	// that of the body with the secret.
	ErrSignature = errors.New("bad webhook signature")
	// ErrStale: the signature is right but its timestamp is further from
	// now than the tolerance (a replay, or clocks far apart).
	ErrStale = errors.New("webhook signature timestamp out of tolerance")
)

// Sign returns the Vigie-Signature header value for body sent at
// timestamp: "t=<unix seconds>,v1=<hex HMAC-SHA256>" (see the package
// comment). timestamp must not be before 1970, which Verify refuses.
func Sign(secret []byte, timestamp time.Time, body []byte) string {
	t := strconv.FormatInt(timestamp.Unix(), 10)
	return "t=" + t + ",v1=" + hex.EncodeToString(mac(secret, t, body))
}

// mac returns the HMAC-SHA256 of t + "." + body keyed with secret.
func mac(secret []byte, t string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(t))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a Vigie-Signature header value against the raw body and
// secret, as a receiver does: nil when one of its v1 signatures is the
// HMAC of the body and its timestamp is within tolerance of now (0 or
// less: DefaultTolerance), either way. Otherwise the error wraps
// ErrSignature (malformed header, wrong signature, empty secret) or
// ErrStale. Signatures are compared in constant time. Verify never panics
// and bounds its work whatever the header: at most 4 KiB and 8 v1 fields
// are read.
func Verify(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if len(secret) == 0 {
		return fmt.Errorf("%w: empty secret (anyone could sign)", ErrSignature)
	}
	if len(header) > maxSignatureHeader {
		return fmt.Errorf("%w: header of %d bytes, more than %d", ErrSignature, len(header), maxSignatureHeader)
	}
	var ts string
	var sigs [][]byte
	for field := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(field), "=")
		if !ok || k == "" {
			return fmt.Errorf("%w: field %q is not key=value", ErrSignature, short(field))
		}
		switch k {
		case "t":
			if ts != "" {
				return fmt.Errorf("%w: more than one t field", ErrSignature)
			}
			if !timestamp(v) {
				return fmt.Errorf("%w: t=%q is not a Unix time in seconds", ErrSignature, short(v))
			}
			ts = v
		case "v1":
			if len(sigs) == maxSignatures {
				return fmt.Errorf("%w: more than %d v1 fields", ErrSignature, maxSignatures)
			}
			sig, err := hex.DecodeString(v)
			if err != nil || len(sig) != sha256.Size {
				return fmt.Errorf("%w: v1=%q is not %d hexadecimal bytes", ErrSignature, short(v), sha256.Size)
			}
			sigs = append(sigs, sig)
		}
	}
	if ts == "" {
		return fmt.Errorf("%w: no t field", ErrSignature)
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%w: no v1 field", ErrSignature)
	}
	want := mac(secret, ts, body)
	match := false
	for _, sig := range sigs {
		// Every signature is compared, so that the time taken does not
		// tell which one matched.
		if hmac.Equal(sig, want) {
			match = true
		}
	}
	if !match {
		return fmt.Errorf("%w: no v1 signature matches the body", ErrSignature)
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	unix, _ := strconv.ParseInt(ts, 10, 64) // checked by timestamp
	if d := now.Sub(time.Unix(unix, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: signed at %s, %v from now (tolerance %v)", ErrStale, time.Unix(unix, 0).UTC().Format(time.RFC3339), d.Round(time.Second), tolerance)
	}
	return nil
}

// timestamp reports whether s is a plain decimal number of Unix seconds:
// digits only (no sign, no space), short enough not to overflow.
func timestamp(s string) bool {
	if s == "" || len(s) > maxTimestampDigits {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// short cuts s for an error message: a header is untrusted input.
func short(s string) string {
	const n = 40
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
