// Package auth holds the storage-free building blocks of vigie's accounts:
// argon2id password hashes, random session and API tokens, a login
// throttle, and the role/permission matrix. It does no I/O; the store keeps
// what this package produces, and the web layer calls it.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// MaxPasswordLen is the longest password, in bytes, that HashPassword
// accepts and CheckPassword will verify. It leaves room for long
// passphrases while keeping a request from feeding megabytes to the hash.
const MaxPasswordLen = 1024

// Errors returned for an encoded hash that cannot be verified. Both mean the
// stored value is wrong, not that the password is: treat them as internal
// errors, never as "wrong password".
var (
	// ErrMalformedHash reports a string that is not a canonical
	// $argon2id$v=19$m=…,t=…,p=…$salt$hash value.
	ErrMalformedHash = errors.New("malformed password hash")
	// ErrUnsupportedHash reports a well-formed PHC string for another
	// algorithm or version, or with parameters outside the limits this
	// package accepts (see Params.Validate).
	ErrUnsupportedHash = errors.New("unsupported password hash")
)

// Params are the argon2id cost parameters of a hash.
type Params struct {
	Memory  uint32 // memory in KiB (the PHC "m")
	Time    uint32 // number of passes (the PHC "t")
	Threads uint8  // lanes (the PHC "p")
	SaltLen uint32 // salt length in bytes
	KeyLen  uint32 // derived key length in bytes
}

// DefaultParams returns the parameters HashPassword uses: the first of the
// equivalent argon2id settings in the OWASP Password Storage Cheat Sheet
// (m=19 MiB, t=2, p=1), with a 16-byte salt and a 32-byte key.
//
// Why these on a 2-core server: p=1 keeps one login on one core, so two
// logins run side by side instead of each stealing both cores (lanes add no
// strength at fixed m and t); 19 MiB keeps the worst case of
// maxConcurrentHashes logins under 80 MiB; two passes bring one hash to
// a few tens of milliseconds (BenchmarkHashPassword records the figure).
func DefaultParams() Params {
	return Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Limits on parameters, for hashing and for strings read back from storage.
// A hostile or corrupt row must not make one login allocate gigabytes or
// burn seconds of CPU: the worst accepted string costs 256 MiB and
// 512 MiB·passes.
const (
	maxMemory  = 256 * 1024 // KiB
	maxTime    = 16
	maxWork    = 512 * 1024 // Memory*Time, KiB·passes
	maxThreads = 16
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
	// maxEncodedLen bounds the input before any parsing work.
	maxEncodedLen = 256
)

// Validate reports whether p is within the limits this package hashes and
// verifies with: 1 ≤ Time ≤ 16, 1 ≤ Threads ≤ 16, 8·Threads ≤ Memory ≤
// 256 MiB, Memory·Time ≤ 512 MiB, salt 8 to 64 bytes, key 16 to 64 bytes.
// The error wraps ErrUnsupportedHash.
func (p Params) Validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("%w: t=%d outside 1..%d", ErrUnsupportedHash, p.Time, maxTime)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("%w: p=%d outside 1..%d", ErrUnsupportedHash, p.Threads, maxThreads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("%w: m=%d KiB outside %d..%d", ErrUnsupportedHash, p.Memory, 8*uint32(p.Threads), maxMemory)
	case uint64(p.Memory)*uint64(p.Time) > maxWork:
		return fmt.Errorf("%w: m*t=%d KiB·passes above %d", ErrUnsupportedHash, uint64(p.Memory)*uint64(p.Time), maxWork)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("%w: salt of %d bytes outside %d..%d", ErrUnsupportedHash, p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("%w: key of %d bytes outside %d..%d", ErrUnsupportedHash, p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// maxConcurrentHashes bounds how many argon2 computations run at once in the
// process, so that a burst of logins costs at most this many times one
// hash's memory; further calls wait for a slot.
const maxConcurrentHashes = 4

var hashSlots = make(chan struct{}, maxConcurrentHashes)

func deriveKey(pw string, salt []byte, p Params) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(norm.NFKC.String(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// checkPasswordInput refuses what is never hashed: the empty password and
// one longer than MaxPasswordLen bytes.
func checkPasswordInput(pw string) error {
	if pw == "" {
		return fmt.Errorf("empty password: %w", vigie.ErrInvalid)
	}
	if len(pw) > MaxPasswordLen {
		return fmt.Errorf("password of %d bytes longer than %d: %w", len(pw), MaxPasswordLen, vigie.ErrInvalid)
	}
	return nil
}

// HashPassword hashes pw with DefaultParams and a fresh random salt and
// returns the PHC string to store. See Params.Hash.
func HashPassword(pw string) (string, error) {
	return DefaultParams().Hash(pw)
}

// Hash hashes pw with p and a fresh random salt and returns the PHC string
// $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<key> (unpadded
// standard base64). The password is normalised to Unicode NFKC first (as
// NIST SP 800-63B advises), so the same password typed on keyboards that
// compose accents differently verifies. The error wraps vigie.ErrInvalid
// for an empty password or one over MaxPasswordLen bytes, and
// ErrUnsupportedHash when p fails Validate. Safe for concurrent use; at most
// a few hashes run at once process-wide, further calls wait.
func (p Params) Hash(pw string) (string, error) {
	if err := checkPasswordInput(pw); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	if err := p.Validate(); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails: crypto/rand crashes the program instead
	return formatPHC(p, salt, deriveKey(pw, salt, p)), nil
}

// CheckPassword reports whether pw matches the PHC string encoded, comparing
// keys in constant time. A wrong, empty or overlong password gives
// (false, nil). An error, wrapping ErrMalformedHash or ErrUnsupportedHash,
// means the stored string itself is bad; it is returned before any costly
// work, so a hostile row cannot make a login allocate more than the limits
// in Params.Validate. Safe for concurrent use.
func CheckPassword(encoded, pw string) (bool, error) {
	p, salt, key, err := parsePHC(encoded)
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	if checkPasswordInput(pw) != nil {
		return false, nil
	}
	return subtle.ConstantTimeCompare(deriveKey(pw, salt, p), key) == 1, nil
}

// NeedsRehash reports whether encoded should be replaced by a fresh
// HashPassword of the same password (on the next successful login): it is
// true when its memory, passes, salt or key length is below DefaultParams,
// and when it cannot be parsed at all.
func NeedsRehash(encoded string) bool {
	p, _, _, err := parsePHC(encoded)
	if err != nil {
		return true
	}
	d := DefaultParams()
	return p.Memory < d.Memory || p.Time < d.Time || p.SaltLen < d.SaltLen || p.KeyLen < d.KeyLen
}

var b64 = base64.RawStdEncoding.Strict()

func formatPHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// parsePHC parses a canonical argon2id PHC string and checks its parameters
// against the limits. Canonical means that formatting the result gives the
// input back: no leading zeros, no padding, no line breaks, no extra fields.
func parsePHC(s string) (Params, []byte, []byte, error) {
	var p Params
	if len(s) > maxEncodedLen {
		return p, nil, nil, fmt.Errorf("%w: %d bytes, longer than %d", ErrMalformedHash, len(s), maxEncodedLen)
	}
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		if len(f) >= 2 && f[0] == "" && f[1] != "argon2id" && f[1] != "" {
			return p, nil, nil, fmt.Errorf("%w: algorithm %q", ErrUnsupportedHash, f[1])
		}
		return p, nil, nil, fmt.Errorf("%w: want 5 $-separated fields", ErrMalformedHash)
	}
	if f[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("%w: algorithm %q", ErrUnsupportedHash, f[1])
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: version %q, want v=%d", ErrUnsupportedHash, f[2], argon2.Version)
	}
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, fmt.Errorf("%w: want parameters m,t,p", ErrMalformedHash)
	}
	var vals [3]uint64
	for i, name := range [3]string{"m=", "t=", "p="} {
		num, ok := strings.CutPrefix(kv[i], name)
		if !ok {
			return p, nil, nil, fmt.Errorf("%w: parameter %d is not %s…", ErrMalformedHash, i+1, name)
		}
		v, err := strconv.ParseUint(num, 10, 32)
		if err != nil {
			return p, nil, nil, fmt.Errorf("%w: parameter %s: %w", ErrMalformedHash, name, err)
		}
		vals[i] = v
	}
	if vals[2] > 255 {
		return p, nil, nil, fmt.Errorf("%w: p=%d above 255", ErrUnsupportedHash, vals[2])
	}
	if strings.ContainsAny(f[4]+f[5], "\r\n") {
		return p, nil, nil, fmt.Errorf("%w: line break in base64", ErrMalformedHash)
	}
	salt, err := b64.DecodeString(f[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: salt: %w", ErrMalformedHash, err)
	}
	key, err := b64.DecodeString(f[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("%w: key: %w", ErrMalformedHash, err)
	}
	p = Params{Memory: uint32(vals[0]), Time: uint32(vals[1]), Threads: uint8(vals[2]),
		SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if formatPHC(p, salt, key) != s {
		return Params{}, nil, nil, fmt.Errorf("%w: not in canonical form", ErrMalformedHash)
	}
	if err := p.Validate(); err != nil {
		return Params{}, nil, nil, err
	}
	return p, salt, key, nil
}
