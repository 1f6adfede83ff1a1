package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// tokenBytes is the number of random bytes in a token: 256 bits.
const tokenBytes = 32

// TokenLen is the length in characters of a token from NewToken, and
// DigestLen that of its digest.
const (
	TokenLen  = 43 // unpadded URL-safe base64 of 32 bytes
	DigestLen = 64 // lower-case hex of a SHA-256
)

var tokenEncoding = base64.RawURLEncoding.Strict()

// NewToken returns a fresh secret token for a session cookie or an API
// header, and the digest to store in its place. The token is 32 random
// bytes in unpadded URL-safe base64 (TokenLen characters): show it once,
// never store or log it. The digest is the lower-case hex SHA-256 of the
// token text (DigestLen characters), what TokenDigest returns for it: a
// stolen copy of the store yields no usable token.
func NewToken() (token, digest string) {
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	token = tokenEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(token))
	return token, hex.EncodeToString(sum[:])
}

// TokenDigest returns the digest under which the store keeps a presented
// token, to look the session or API key up by. The error wraps
// vigie.ErrUnauthenticated when token is not shaped like one NewToken
// makes, so garbage is refused before any lookup.
func TokenDigest(token string) (string, error) {
	if len(token) != TokenLen || strings.ContainsAny(token, "\r\n") {
		return "", fmt.Errorf("token digest: malformed token: %w", vigie.ErrUnauthenticated)
	}
	if b, err := tokenEncoding.DecodeString(token); err != nil || len(b) != tokenBytes {
		return "", fmt.Errorf("token digest: malformed token: %w", vigie.ErrUnauthenticated)
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:]), nil
}

// TokenMatches reports whether token is well formed and its digest equals
// digest, comparing in constant time. Use it after loading a row by other
// means (a session id, a user); a row found by TokenDigest already matches.
func TokenMatches(token, digest string) bool {
	d, err := TokenDigest(token)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(d), []byte(digest)) == 1
}

// passwordAlphabet is Crockford's base32 in lower case: no i, l, o or u, so
// a human reading it aloud or copying from paper cannot confuse 0/o or 1/l.
// 32 symbols make each one exactly 5 bits from one random byte, unbiased.
const passwordAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// PasswordEntropyBits is the entropy of a password from NewPassword:
// 20 symbols of 5 bits.
const PasswordEntropyBits = 100

// NewPassword returns a random one-time password a human can type: 20
// lower-case letters and digits from Crockford's base32 alphabet, in four
// groups of five joined by hyphens (23 characters, hyphens included and part
// of the password), carrying PasswordEntropyBits bits of entropy. Example
// shape: "7k2mq-x9d4r-0hvtn-c3wa8".
func NewPassword() string {
	var r [20]byte
	rand.Read(r[:]) // never fails: crypto/rand crashes the program instead
	var b strings.Builder
	b.Grow(23)
	for i, v := range r {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(passwordAlphabet[v&31])
	}
	return b.String()
}
