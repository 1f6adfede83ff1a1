package auth

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// fast are cheap parameters so that tests can hash many times.
var fast = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Known answers from the reference C implementation (Debian's argon2 tool:
// `echo -n PW | argon2 SALT -id -t T -k M -p P -l L -e`), so that both the
// key derivation and the PHC text are checked against another program.
var knownAnswers = []struct {
	name, encoded, pw string
}{
	{"default params", "$argon2id$v=19$m=19456,t=2,p=1$dmlnaWUta2F0LXNhbHQtMQ$FuBQ1Ui3kxSC+ik7r6bnsVquPv2FdTRmjKxn9YB4ndE", "correct horse battery staple"},
	{"small memory", "$argon2id$v=19$m=64,t=2,p=1$dmlnaWVzYWx0dmlnaWVzYWx0$1lpmYvn+bSDTSq4Rld0ZYYAKGJe2VCbWc161NsGZHj8", "correct horse battery staple"},
	{"utf-8 password", "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$KxS8X8DWfMFs+Nfs6G5QPQ", "p\u00e4ssw\u00f6rd"},
	{"two lanes", "$argon2id$v=19$m=64,t=1,p=2$MDEyMzQ1Njc4OWFiY2RlZg$yOFeY53ctlpBa1y+I3nyQA", "p\u00e4ss"},
}

func TestCheckPasswordKnownAnswers(t *testing.T) {
	for _, tc := range knownAnswers {
		t.Run(tc.name, func(t *testing.T) {
			if ok, err := CheckPassword(tc.encoded, tc.pw); !ok || err != nil {
				t.Errorf("CheckPassword(%q, %q) = %v, %v; want true, nil", tc.encoded, tc.pw, ok, err)
			}
			if ok, err := CheckPassword(tc.encoded, tc.pw+"x"); ok || err != nil {
				t.Errorf("CheckPassword(%q, %q) = %v, %v; want false, nil", tc.encoded, tc.pw+"x", ok, err)
			}
		})
	}
}

func TestHashPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatalf("HashPassword(%q): %v", pw, err)
	}
	const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
	if !strings.HasPrefix(h1, prefix) {
		t.Errorf("HashPassword(%q) = %q; want prefix %q", pw, h1, prefix)
	}
	// 16-byte salt and 32-byte key: 22 and 43 base64 characters.
	if want := len(prefix) + 22 + 1 + 43; len(h1) != want {
		t.Errorf("len(HashPassword(%q)) = %d; want %d", pw, len(h1), want)
	}
	if ok, err := CheckPassword(h1, pw); !ok || err != nil {
		t.Errorf("CheckPassword(HashPassword(%q), same) = %v, %v; want true, nil", pw, ok, err)
	}
	if NeedsRehash(h1) {
		t.Errorf("NeedsRehash(%q) = true; want false for a fresh hash", h1)
	}
	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatalf("HashPassword(%q): %v", pw, err)
	}
	if h1 == h2 {
		t.Errorf("HashPassword(%q) twice gave %q both times; want different salts", pw, h1)
	}
}

func TestCheckPassword(t *testing.T) {
	const pw = "Gr\u00e5 katt p\u00e5 taket" // "å" precomposed (NFC)
	enc, err := fast.Hash(pw)
	if err != nil {
		t.Fatalf("Hash(%q): %v", pw, err)
	}
	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{"same", pw, true},
		{"decomposed accents (NFD)", "Gra\u030a katt pa\u030a taket", true},
		{"other case", "gr\u00e5 katt p\u00e5 taket", false},
		{"trailing space", pw + " ", false},
		{"prefix", pw[:5], false},
		{"empty", "", false},
		{"too long", strings.Repeat("a", MaxPasswordLen+1), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckPassword(enc, tc.pw)
			if err != nil || got != tc.want {
				t.Errorf("CheckPassword(%q, %q) = %v, %v; want %v, nil", enc, tc.pw, got, err, tc.want)
			}
		})
	}
}

func TestCompatibilityNormalisation(t *testing.T) {
	// NFKC folds compatibility forms: a full-width "Ａ" and the ligature
	// "ﬁ" verify as "A" and "fi".
	enc, err := fast.Hash("Afi")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword(enc, "\uff21\ufb01"); !ok || err != nil {
		t.Errorf("CheckPassword(Hash(%q), %q) = %v, %v; want true, nil", "Afi", "\uff21\ufb01", ok, err)
	}
}

func TestHashRefuses(t *testing.T) {
	tests := []struct {
		name string
		p    Params
		pw   string
		want error
	}{
		{"empty password", fast, "", vigie.ErrInvalid},
		{"password too long", fast, strings.Repeat("x", MaxPasswordLen+1), vigie.ErrInvalid},
		{"zero params", Params{}, "pw", ErrUnsupportedHash},
		{"zero threads", Params{Memory: 64, Time: 1, SaltLen: 16, KeyLen: 32}, "pw", ErrUnsupportedHash},
		{"memory below 8 per lane", Params{Memory: 15, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}, "pw", ErrUnsupportedHash},
		{"memory 1 GiB", Params{Memory: 1 << 20, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, "pw", ErrUnsupportedHash},
		{"work above limit", Params{Memory: 256 * 1024, Time: 3, Threads: 1, SaltLen: 16, KeyLen: 32}, "pw", ErrUnsupportedHash},
		{"short salt", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32}, "pw", ErrUnsupportedHash},
		{"short key", Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8}, "pw", ErrUnsupportedHash},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.p.Hash(tc.pw)
			if !errors.Is(err, tc.want) {
				t.Errorf("%+v.Hash(%.20q) = %q, %v; want error %v", tc.p, tc.pw, got, err, tc.want)
			}
		})
	}
	// The longest accepted password hashes.
	if _, err := fast.Hash(strings.Repeat("x", MaxPasswordLen)); err != nil {
		t.Errorf("Hash of %d bytes: %v; want nil", MaxPasswordLen, err)
	}
}

func TestCheckPasswordBadEncoding(t *testing.T) {
	const good = "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$KxS8X8DWfMFs+Nfs6G5QPQ"
	const salt, key = "MDEyMzQ1Njc4OWFiY2RlZg", "KxS8X8DWfMFs+Nfs6G5QPQ"
	tests := []struct {
		name    string
		encoded string
		want    error
	}{
		{"empty", "", ErrMalformedHash},
		{"plain text", "hunter2", ErrMalformedHash},
		{"bcrypt", "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", ErrUnsupportedHash},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"argon2d", "$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"version 16", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"no version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key, ErrMalformedHash},
		{"params reordered", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key, ErrMalformedHash},
		{"extra param", "$argon2id$v=19$m=64,t=1,p=1,keyid=x$" + salt + "$" + key, ErrMalformedHash},
		{"leading zero", "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key, ErrMalformedHash},
		{"plus sign", "$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + key, ErrMalformedHash},
		{"negative", "$argon2id$v=19$m=64,t=-1,p=1$" + salt + "$" + key, ErrMalformedHash},
		{"uint32 overflow", "$argon2id$v=19$m=4294967296,t=1,p=1$" + salt + "$" + key, ErrMalformedHash},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key, ErrMalformedHash},
		{"url-safe alphabet", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.ReplaceAll(key, "+", "-"), ErrMalformedHash},
		{"line break", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:10] + "\n" + key[10:], ErrMalformedHash},
		{"trailing newline", good + "\n", ErrMalformedHash},
		{"trailing field", good + "$", ErrMalformedHash},
		{"empty key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$", ErrUnsupportedHash},
		{"4 GiB memory", "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"huge passes", "$argon2id$v=19$m=64,t=4294967295,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"work above limit", "$argon2id$v=19$m=262144,t=16,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"zero passes", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key, ErrUnsupportedHash},
		{"zero lanes", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key, ErrUnsupportedHash},
		{"256 lanes", "$argon2id$v=19$m=4096,t=1,p=256$" + salt + "$" + key, ErrUnsupportedHash},
		{"too long", good + strings.Repeat("A", maxEncodedLen), ErrMalformedHash},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := CheckPassword(tc.encoded, "p\u00e4ssw\u00f6rd")
			if ok || !errors.Is(err, tc.want) {
				t.Errorf("CheckPassword(%q, …) = %v, %v; want false, error %v", tc.encoded, ok, err, tc.want)
			}
			if !NeedsRehash(tc.encoded) {
				t.Errorf("NeedsRehash(%q) = false; want true for a string that does not parse", tc.encoded)
			}
		})
	}
	if ok, err := CheckPassword(good, "p\u00e4ssw\u00f6rd"); !ok || err != nil {
		t.Errorf("CheckPassword(%q, …) = %v, %v; want true, nil (the base of the table above)", good, ok, err)
	}
}

// A hostile stored string must be refused before argon2 allocates anything.
func TestCheckPasswordHostileDoesNotAllocate(t *testing.T) {
	const hostile = "$argon2id$v=19$m=4194304,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$KxS8X8DWfMFs+Nfs6G5QPQ"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := CheckPassword(hostile, "pw"); !errors.Is(err, ErrUnsupportedHash) {
			t.Fatalf("CheckPassword(%q, …) error = %v; want %v", hostile, err, ErrUnsupportedHash)
		}
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("10 CheckPassword calls on m=4 GiB allocated %d bytes; want under 1 MiB", got)
	}
}

func TestNeedsRehash(t *testing.T) {
	d := DefaultParams()
	tests := []struct {
		name string
		p    Params
		want bool
	}{
		{"default", d, false},
		{"more memory", Params{Memory: 46 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, false},
		{"more lanes", Params{Memory: d.Memory, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}, false},
		{"less memory", Params{Memory: 12 * 1024, Time: 3, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"fewer passes", Params{Memory: 46 * 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"short salt", Params{Memory: d.Memory, Time: 2, Threads: 1, SaltLen: 8, KeyLen: 32}, true},
		{"short key", Params{Memory: d.Memory, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 16}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// NeedsRehash reads only the parameters: build the string
			// without paying for the hash.
			enc := formatPHC(tc.p, make([]byte, tc.p.SaltLen), make([]byte, tc.p.KeyLen))
			if got := NeedsRehash(enc); got != tc.want {
				t.Errorf("NeedsRehash(%q) = %v; want %v", enc, got, tc.want)
			}
		})
	}
}

func FuzzParsePHC(f *testing.F) {
	for _, ka := range knownAnswers {
		f.Add(ka.encoded)
	}
	f.Add("$argon2id$v=19$m=064,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$KxS8X8DWfMFs+Nfs6G5QPQ")
	f.Add("$argon2i$v=19$m=64,t=1,p=1$$")
	f.Add("$$$$$")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := parsePHC(s)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) && !errors.Is(err, ErrUnsupportedHash) {
				t.Errorf("parsePHC(%q) error %v wraps neither sentinel", s, err)
			}
			return
		}
		if verr := p.Validate(); verr != nil {
			t.Errorf("parsePHC(%q) accepted params failing Validate: %v", s, verr)
		}
		if got := formatPHC(p, salt, key); got != s {
			t.Errorf("formatPHC(parsePHC(%q)) = %q; want the input back", s, got)
		}
	})
}

// BenchmarkHashPassword measures one hash with DefaultParams: the CPU cost
// of one login (CheckPassword costs the same).
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckPasswordParallel runs logins on every core at once, as a
// burst of logins would.
func BenchmarkCheckPasswordParallel(b *testing.B) {
	enc := knownAnswers[0].encoded
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if ok, err := CheckPassword(enc, "correct horse battery staple"); !ok || err != nil {
				b.Fatalf("CheckPassword = %v, %v", ok, err)
			}
		}
	})
}
