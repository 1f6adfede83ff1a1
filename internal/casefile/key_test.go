package casefile

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "instance.key")
	key, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatalf("LoadOrCreateKey(new) = %v", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o; want 0600", st.Mode().Perm())
	}
	again, err := LoadOrCreateKey(path)
	if err != nil || !again.Equal(key) {
		t.Errorf("LoadOrCreateKey(existing) = %v, same key %v; want the same key", err, again.Equal(key))
	}
	// The file is what OpenSSL writes: one PEM PKCS #8 block.
	b, _ := os.ReadFile(path)
	if block, rest := pem.Decode(b); block == nil || block.Type != "PRIVATE KEY" || len(rest) != 0 {
		t.Errorf("key file is not one PEM PRIVATE KEY block:\n%s", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("key directory holds %d files; want 1 (no temporary file left)", len(entries))
	}
}

func TestLoadOrCreateKeyConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "instance.key")
	const n = 8
	keys := make([]ed25519.PrivateKey, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateKey(path) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || !keys[i].Equal(keys[0]) {
			t.Errorf("creator %d: %v, same key %v; want every creator to get the same key", i, errs[i], keys[i].Equal(keys[0]))
		}
	}
}

func TestLoadOrCreateKeyRefuses(t *testing.T) {
	good := func() []byte {
		der, _ := x509.MarshalPKCS8PrivateKey(testKey(3))
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	tests := []struct {
		name    string
		content []byte
		mode    os.FileMode
		want    string
	}{
		{"readable by others", good(), 0o644, "permissions 0644"},
		{"writable by group", good(), 0o620, "permissions 0620"},
		{"empty", nil, 0o600, "empty file"},
		{"not PEM", []byte("c2VlZA==\n"), 0o600, "not a PEM file"},
		{"public key", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1}}), 0o600, `"PUBLIC KEY"`},
		{"two blocks", append(good(), good()...), 0o600, "exactly one PEM block"},
		{"bad DER", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}}), 0o600, "malformed PKCS #8"},
		{"ECDSA", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}), 0o600, "want an Ed25519 key"},
		{"too large", make([]byte, maxKeyFile+1), 0o600, "larger than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && tc.mode != 0o600 {
				t.Skip("no permission bits on Windows")
			}
			path := filepath.Join(t.TempDir(), "instance.key")
			if err := os.WriteFile(path, tc.content, tc.mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, tc.mode) // past the umask
			_, err := LoadOrCreateKey(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadOrCreateKey = %v; want an error with %q", err, tc.want)
			}
			if b, _ := os.ReadFile(path); string(b) != string(tc.content) {
				t.Errorf("LoadOrCreateKey changed a file it refused")
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		if _, err := LoadOrCreateKey(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("LoadOrCreateKey(directory) = %v; want not a regular file", err)
		}
	})
	t.Run("OpenSSL key with 0400", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "instance.key")
		os.WriteFile(path, append([]byte("\n"), good()...), 0o400)
		key, err := LoadOrCreateKey(path)
		if err != nil || !key.Equal(testKey(3)) {
			t.Errorf("LoadOrCreateKey = %v; want the key in the file", err)
		}
	})
}

func TestFingerprint(t *testing.T) {
	pub := testKey(1).Public().(ed25519.PublicKey)
	fp := Fingerprint(pub)
	if !regexp.MustCompile(`^SHA256:[0-9a-f]{4}(-[0-9a-f]{4}){15}$`).MatchString(fp) {
		t.Errorf("Fingerprint = %q; want SHA256: and 16 groups of 4 hex digits", fp)
	}
	if Fingerprint(testKey(2).Public().(ed25519.PublicKey)) == fp {
		t.Errorf("two keys have the same fingerprint")
	}
	if got := Fingerprint(pub[:31]); got != "" {
		t.Errorf("Fingerprint(31 bytes) = %q; want \"\"", got)
	}
	plain := strings.ReplaceAll(strings.TrimPrefix(fp, "SHA256:"), "-", "")
	for _, in := range []string{
		fp, strings.ToUpper(fp), " " + fp + "\n", plain, "sha256:" + plain,
		strings.ReplaceAll(fp, "-", ":"), strings.ReplaceAll(fp, "-", " "), plain[:10] + "-" + plain[10:],
	} {
		if got, err := ParseFingerprint(in); got != fp || err != nil {
			t.Errorf("ParseFingerprint(%q) = %q, %v; want %q", in, got, err, fp)
		}
	}
	for _, in := range []string{"", "SHA256:", plain[:63], plain + "0", "MD5:" + plain, plain[:63] + "g", "SHA256:" + plain + "/"} {
		if got, err := ParseFingerprint(in); err == nil {
			t.Errorf("ParseFingerprint(%q) = %q; want an error", in, got)
		}
	}
}
