package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestNewToken(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		tok, dig := NewToken()
		if len(tok) != TokenLen || len(dig) != DigestLen {
			t.Fatalf("NewToken() = %q, %q; want lengths %d, %d", tok, dig, TokenLen, DigestLen)
		}
		if strings.Trim(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			t.Fatalf("NewToken() token %q has characters outside URL-safe base64", tok)
		}
		if seen[tok] {
			t.Fatalf("NewToken() gave %q twice", tok)
		}
		seen[tok] = true
		got, err := TokenDigest(tok)
		if err != nil || got != dig {
			t.Fatalf("TokenDigest(%q) = %q, %v; want %q, nil", tok, got, err, dig)
		}
		if !TokenMatches(tok, dig) {
			t.Fatalf("TokenMatches(%q, %q) = false; want true", tok, dig)
		}
	}
}

func TestTokenDigestKnownAnswer(t *testing.T) {
	// The digest is SHA-256 of the token text, so a store can be checked
	// with any SHA-256 tool.
	tok := strings.Repeat("A", TokenLen-1) + "E" // 32 bytes, canonical last symbol
	sum := sha256.Sum256([]byte(tok))
	want := hex.EncodeToString(sum[:])
	if got, err := TokenDigest(tok); err != nil || got != want {
		t.Errorf("TokenDigest(%q) = %q, %v; want %q, nil", tok, got, err, want)
	}
}

func TestTokenDigestRefuses(t *testing.T) {
	tok, _ := NewToken()
	tests := []struct {
		name, token string
	}{
		{"empty", ""},
		{"short", tok[:TokenLen-1]},
		{"long", tok + "A"},
		{"padded", tok[:TokenLen-1] + "="},
		{"std alphabet", strings.Repeat("+", TokenLen-1) + "A"},
		{"space", " " + tok[1:]},
		{"newline", tok[:20] + "\n" + tok[21:]},
		{"non-canonical last symbol", strings.Repeat("A", TokenLen-1) + "B"},
		{"non-ascii", "é" + tok[2:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := TokenDigest(tc.token)
			if !errors.Is(err, vigie.ErrUnauthenticated) {
				t.Errorf("TokenDigest(%q) = %q, %v; want error %v", tc.token, got, err, vigie.ErrUnauthenticated)
			}
		})
	}
}

func TestTokenMatches(t *testing.T) {
	tok, dig := NewToken()
	other, otherDig := NewToken()
	tests := []struct {
		name, token, digest string
		want                bool
	}{
		{"match", tok, dig, true},
		{"other token", other, dig, false},
		{"other digest", tok, otherDig, false},
		{"upper-case digest", tok, strings.ToUpper(dig), false},
		{"empty digest", tok, "", false},
		{"digest as token", dig, dig, false},
		{"malformed token", "x", dig, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TokenMatches(tc.token, tc.digest); got != tc.want {
				t.Errorf("TokenMatches(%q, %q) = %v; want %v", tc.token, tc.digest, got, tc.want)
			}
		})
	}
}

func TestNewPassword(t *testing.T) {
	const n = 2000
	counts := make(map[rune]int)
	seen := make(map[string]bool)
	for range n {
		pw := NewPassword()
		groups := strings.Split(pw, "-")
		if len(pw) != 23 || len(groups) != 4 {
			t.Fatalf("NewPassword() = %q; want 4 groups of 5 joined by hyphens", pw)
		}
		for _, g := range groups {
			if len(g) != 5 {
				t.Fatalf("NewPassword() = %q; want 4 groups of 5 joined by hyphens", pw)
			}
			for _, r := range g {
				if !strings.ContainsRune(passwordAlphabet, r) {
					t.Fatalf("NewPassword() = %q has %q outside the alphabet", pw, r)
				}
				counts[r]++
			}
		}
		if seen[pw] {
			t.Fatalf("NewPassword() gave %q twice", pw)
		}
		seen[pw] = true
	}
	// Every symbol appears, each near the 1/32 share: 40 000 symbols give
	// 1250 expected per symbol, standard deviation about 35; a bias such
	// as a modulo over a non-power-of-two alphabet would sit far outside.
	if len(counts) != 32 {
		t.Errorf("NewPassword used %d distinct symbols; want 32", len(counts))
	}
	for r, c := range counts {
		if c < 1000 || c > 1500 {
			t.Errorf("symbol %q appeared %d times in %d symbols; want about 1250", r, c, n*20)
		}
	}
	for _, bad := range "ilou" {
		if strings.ContainsRune(passwordAlphabet, bad) {
			t.Errorf("passwordAlphabet has ambiguous %q", bad)
		}
	}
	pw := NewPassword()
	enc, err := fast.Hash(pw)
	if err != nil {
		t.Fatalf("Hash(NewPassword() = %q): %v", pw, err)
	}
	if ok, err := CheckPassword(enc, pw); !ok || err != nil {
		t.Errorf("CheckPassword(Hash(%q), same) = %v, %v; want true, nil", pw, ok, err)
	}
	if PasswordEntropyBits != 20*5 {
		t.Errorf("PasswordEntropyBits = %d; want 100 (20 symbols of 5 bits)", PasswordEntropyBits)
	}
}

func FuzzTokenDigest(f *testing.F) {
	tok, _ := NewToken()
	f.Add(tok)
	f.Add("")
	f.Add(strings.Repeat("A", TokenLen-1) + "B")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := TokenDigest(s)
		if err != nil {
			if d != "" {
				t.Errorf("TokenDigest(%q) = %q with error %v; want empty", s, d, err)
			}
			return
		}
		if len(s) != TokenLen || len(d) != DigestLen {
			t.Errorf("TokenDigest(%q) = %q; accepted a token of length %d", s, d, len(s))
		}
		if !TokenMatches(s, d) {
			t.Errorf("TokenMatches(%q, TokenDigest(same)) = false", s)
		}
	})
}
