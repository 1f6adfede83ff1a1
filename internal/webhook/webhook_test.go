package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

var (
	testSecret = []byte("whsec-test")
	testBody   = []byte(`{"event":"alert.created","id":"d1"}`)
	testTime   = time.Unix(1700000000, 0)
)

// TestSignVector checks Sign against a signature computed apart from this
// package (Python's hmac module), so that the scheme in the package
// comment is what is sent.
func TestSignVector(t *testing.T) {
	const want = "t=1700000000,v1=8957b65ada8b53ddf9241fd6cb6d74f0891cdf508ebc5e4878d35780e3552ffc"
	if got := Sign(testSecret, testTime, testBody); got != want {
		t.Errorf("Sign = %s; want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	good := Sign(testSecret, testTime, testBody)
	other := Sign([]byte("another secret"), testTime, testBody)
	sig := good[strings.Index(good, "v1="):]
	otherSig := other[strings.Index(other, "v1="):]
	tests := []struct {
		name      string
		secret    []byte
		header    string
		body      []byte
		now       time.Time
		tolerance time.Duration
		want      error // nil, ErrSignature or ErrStale
	}{
		{"valid", testSecret, good, testBody, testTime, 0, nil},
		{"valid, spaces", testSecret, " t=1700000000 , " + sig + " ", testBody, testTime, 0, nil},
		{"valid, v1 first", testSecret, sig + ",t=1700000000", testBody, testTime, 0, nil},
		{"valid, rotated secrets", testSecret, "t=1700000000," + otherSig + "," + sig, testBody, testTime, 0, nil},
		{"valid, unknown scheme ignored", testSecret, good + ",v2=zzz", testBody, testTime, 0, nil},
		{"valid, 4 min late", testSecret, good, testBody, testTime.Add(4 * time.Minute), 0, nil},
		{"valid, 4 min early", testSecret, good, testBody, testTime.Add(-4 * time.Minute), 0, nil},
		{"valid, upper-case hex", testSecret, "t=1700000000,v1=" + strings.ToUpper(sig[len("v1="):]), testBody, testTime, 0, nil},
		{"wrong secret", []byte("whsec-tesT"), good, testBody, testTime, 0, ErrSignature},
		{"empty secret", nil, Sign(nil, testTime, testBody), testBody, testTime, 0, ErrSignature},
		{"body changed", testSecret, good, []byte(`{"event":"alert.created","id":"d2"}`), testTime, 0, ErrSignature},
		{"timestamp changed", testSecret, "t=1700000001," + sig, testBody, testTime, 0, ErrSignature},
		{"timestamp zero-padded", testSecret, "t=01700000000," + sig, testBody, testTime, 0, ErrSignature},
		{"stale", testSecret, good, testBody, testTime.Add(6 * time.Minute), 0, ErrStale},
		{"from the future", testSecret, good, testBody, testTime.Add(-6 * time.Minute), 0, ErrStale},
		{"stale, tight tolerance", testSecret, good, testBody, testTime.Add(2 * time.Second), time.Second, ErrStale},
		{"empty", testSecret, "", testBody, testTime, 0, ErrSignature},
		{"no t", testSecret, sig, testBody, testTime, 0, ErrSignature},
		{"no v1", testSecret, "t=1700000000", testBody, testTime, 0, ErrSignature},
		{"two t", testSecret, "t=1700000000,t=1700000000," + sig, testBody, testTime, 0, ErrSignature},
		{"negative t", testSecret, "t=-1," + sig, testBody, testTime, 0, ErrSignature},
		{"signed t", testSecret, "t=+1700000000," + sig, testBody, testTime, 0, ErrSignature},
		{"huge t", testSecret, "t=99999999999999999999," + sig, testBody, testTime, 0, ErrSignature},
		{"v1 not hex", testSecret, "t=1700000000,v1=" + strings.Repeat("zz", 32), testBody, testTime, 0, ErrSignature},
		{"v1 short", testSecret, "t=1700000000," + sig[:len(sig)-2], testBody, testTime, 0, ErrSignature},
		{"field without =", testSecret, good + ",x", testBody, testTime, 0, ErrSignature},
		{"empty field", testSecret, good + ",", testBody, testTime, 0, ErrSignature},
		{"too many v1", testSecret, "t=1700000000" + strings.Repeat(","+otherSig, maxSignatures) + "," + sig, testBody, testTime, 0, ErrSignature},
		{"too long", testSecret, good + ",x=" + strings.Repeat("a", maxSignatureHeader), testBody, testTime, 0, ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.secret, tt.header, tt.body, tt.now, tt.tolerance)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify(%.60q) = %v; want %v", tt.header, err, tt.want)
			}
		})
	}
}

// FuzzVerify: Verify reads untrusted headers. It must not panic, and
// must accept only a header holding, for its t field, the signature of
// the body made with the secret (computed here apart from Sign).
func FuzzVerify(f *testing.F) {
	good := Sign(testSecret, testTime, testBody)
	f.Add(good, testBody)
	f.Add(good+",v1=00", testBody)
	f.Add("t=1700000000,v1=,v1=,t=", []byte{})
	f.Add(" , = ,=,,t==", []byte("x"))
	f.Add("t=1700000000,v2="+good[len("t=1700000000,v1="):], testBody)
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		err := Verify(testSecret, header, body, testTime, time.Hour)
		if err != nil {
			if !errors.Is(err, ErrSignature) && !errors.Is(err, ErrStale) {
				t.Fatalf("Verify(%q, %q) = %v; want ErrSignature or ErrStale", header, body, err)
			}
			return
		}
		var ts []string
		for field := range strings.SplitSeq(header, ",") {
			if k, v, _ := strings.Cut(strings.TrimSpace(field), "="); k == "t" {
				ts = append(ts, v)
			}
		}
		if len(ts) != 1 {
			t.Fatalf("Verify(%q, %q) = nil with %d t fields", header, body, len(ts))
		}
		m := hmac.New(sha256.New, testSecret)
		m.Write([]byte(ts[0] + "."))
		m.Write(body)
		if want := "v1=" + hex.EncodeToString(m.Sum(nil)); !strings.Contains(strings.ToLower(header), want) {
			t.Fatalf("Verify(%q, %q) = nil; the header does not hold %s", header, body, want)
		}
	})
}
