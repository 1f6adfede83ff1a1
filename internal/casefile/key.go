package casefile

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// The instance key file holds one PEM block of type "PRIVATE KEY": the
// Ed25519 key in PKCS #8 (RFC 8410), as written by
// `openssl genpkey -algorithm ed25519`, and nothing else but white space.
// It must be readable by its owner only (mode 0600 or 0400).
const maxKeyFile = 64 << 10

// LoadOrCreateKey returns the instance's signing key kept in the file at
// path, creating the file (mode 0600, and its directory, 0750) with a new
// random key when it does not exist. Two processes creating it at once
// end up with the same key: the file appears whole under its name or not
// at all. It refuses, with an error saying why, a file that others than
// its owner may read or write, or that does not hold exactly one Ed25519
// private key in the format above; it never replaces an existing file.
func LoadOrCreateKey(path string) (ed25519.PrivateKey, error) {
	key, err := loadKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createKey(path); err != nil {
		return nil, err
	}
	return loadKey(path)
}

// loadKey reads and checks the key file; a missing file gives an error
// wrapping fs.ErrNotExist.
func loadKey(path string) (ed25519.PrivateKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("instance key: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("instance key: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("instance key %s: not a regular file", path)
	}
	// Windows has no such permission bits; its ACLs are the administrator's.
	if perm := st.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return nil, fmt.Errorf("instance key %s: permissions %04o let others than its owner read or change it; want 0600 (chmod 600 %s)", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("instance key: %w", err)
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("instance key %s: larger than %d bytes, not a key file", path, maxKeyFile)
	}
	key, err := parsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("instance key %s: %w", path, err)
	}
	return key, nil
}

// parsePrivateKey decodes the key file's content.
func parsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("empty file; want a PEM \"PRIVATE KEY\" block (Ed25519, PKCS #8)")
	}
	if !bytes.HasPrefix(trimmed, []byte("-----BEGIN ")) {
		return nil, errors.New("not a PEM file; want a PEM \"PRIVATE KEY\" block (Ed25519, PKCS #8)")
	}
	block, rest := pem.Decode(trimmed)
	if block == nil {
		return nil, errors.New("malformed PEM block")
	}
	if block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("PEM block %q; want \"PRIVATE KEY\" (Ed25519, PKCS #8)", block.Type)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, errors.New("text after the key; want exactly one PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("malformed PKCS #8 key: %w", err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("a %T, want an Ed25519 key", k)
	}
	return key, nil
}

// createKey writes a new key to path unless a file is already there: to a
// temporary file first, synced, then hard-linked to its name, which fails
// when the name exists, so that a concurrent creator's key is never
// replaced and no reader ever sees a half-written key.
func createKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("create instance key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("create instance key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return fmt.Errorf("create instance key: %w", err)
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	tmp, err := os.CreateTemp(dir, ".instance-key-*")
	if err != nil {
		return fmt.Errorf("create instance key: %w", err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600; say so anyway against a changed default.
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create instance key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil // another process made it first: use theirs
		}
		return fmt.Errorf("create instance key: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// fingerprintPrefix names the hash of a fingerprint.
const fingerprintPrefix = "SHA256:"

// Fingerprint returns the fingerprint of a public key, for people to
// compare and to pin: "SHA256:" then the SHA-256 of the key's 32 raw bytes
// in lower-case hex, in 16 groups of four separated by hyphens, such as
// SHA256:3f2a-91bc-…. (It is not the fingerprint ssh-keygen prints, which
// hashes another encoding.) A key of the wrong length gives "".
func Fingerprint(pub ed25519.PublicKey) string {
	if len(pub) != ed25519.PublicKeySize {
		return ""
	}
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:])
	var b strings.Builder
	b.Grow(len(fingerprintPrefix) + len(h) + len(h)/4)
	b.WriteString(fingerprintPrefix)
	for i := 0; i < len(h); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(h[i : i+4])
	}
	return b.String()
}

// ParseFingerprint returns the canonical form of a fingerprint written by
// a person: the "SHA256:" prefix may be missing, letters may be upper
// case, and the 64 hex digits may be grouped by hyphens, colons or spaces
// in any way. It returns an error for anything else.
func ParseFingerprint(s string) (string, error) {
	t := strings.TrimSpace(s)
	if len(t) >= len(fingerprintPrefix) && strings.EqualFold(t[:len(fingerprintPrefix)], fingerprintPrefix) {
		t = t[len(fingerprintPrefix):]
	}
	var digits []byte
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
			digits = append(digits, c)
		case 'A' <= c && c <= 'F':
			digits = append(digits, c-'A'+'a')
		case c == '-' || c == ':' || c == ' ':
		default:
			return "", fmt.Errorf("fingerprint %q: want SHA256: and 64 hex digits", s)
		}
		if len(digits) > 64 {
			break
		}
	}
	if len(digits) != 64 {
		return "", fmt.Errorf("fingerprint %q: want SHA256: and 64 hex digits", s)
	}
	var b strings.Builder
	b.WriteString(fingerprintPrefix)
	for i := 0; i < 64; i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.Write(digits[i : i+4])
	}
	return b.String(), nil
}

// encodePublicKey returns the content of signer.pub: two lines of
// explanatory text (RFC 7468 allows text before the block; OpenSSL skips
// it) and the key as a PEM "PUBLIC KEY" block (SubjectPublicKeyInfo, RFC
// 8410).
func encodePublicKey(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "vigie instance key (Ed25519) that signed manifest.json\nfingerprint: %s\n", Fingerprint(pub))
	pem.Encode(&b, &pem.Block{Type: "PUBLIC KEY", Bytes: der})
	return b.Bytes(), nil
}

// parsePublicKey decodes signer.pub; a fingerprint line, when present,
// must agree with the key.
func parsePublicKey(data []byte) (ed25519.PublicKey, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("PEM block %q; want \"PUBLIC KEY\"", block.Type)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, errors.New("text after the key")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("malformed key: %v", err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("a %T, want an Ed25519 key", k)
	}
	before, _, _ := bytes.Cut(data, []byte("-----BEGIN"))
	for line := range strings.Lines(string(before)) {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "fingerprint:")
		if !ok {
			continue
		}
		if fp, err := ParseFingerprint(v); err != nil || fp != Fingerprint(pub) {
			return nil, fmt.Errorf("the key (%s) does not match its fingerprint line (%q): altered", Fingerprint(pub), strings.TrimSpace(v))
		}
	}
	return pub, nil
}
