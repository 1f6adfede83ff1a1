package casefile

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestOpenSSL checks that VERIFY.txt tells the truth: OpenSSL verifies the
// signature and computes the fingerprint with the commands it gives.
func TestOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed: the commands of VERIFY.txt cannot be tried")
	}
	key := testKey(1)
	data := writeExport(t, key, testParts())
	dir := t.TempDir()
	for _, e := range readEntries(t, data) {
		p := filepath.Join(dir, filepath.FromSlash(e.name))
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, e.data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	verifyCmd := func() (string, error) {
		cmd := exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "signer.pub", "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := verifyCmd(); err != nil || !strings.Contains(out, "Signature Verified Successfully") {
		t.Errorf("openssl pkeyutl -verify = %v: %s", err, out)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sh", "-c", "openssl pkey -pubin -in signer.pub -outform DER | tail -c 32 | sha256sum")
		cmd.Dir = dir
		out, err := cmd.Output()
		want := strings.ReplaceAll(strings.TrimPrefix(Fingerprint(key.Public().(ed25519.PublicKey)), "SHA256:"), "-", "")
		if err != nil || !strings.HasPrefix(string(out), want) {
			t.Errorf("fingerprint by openssl = %q, %v; want %s", out, err, want)
		}
	}
	m, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	os.WriteFile(filepath.Join(dir, "manifest.json"), bytes.Replace(m, []byte("Boats"), []byte("Boots"), 1), 0o600)
	if out, err := verifyCmd(); err == nil {
		t.Errorf("openssl verified an altered manifest: %s", out)
	}
}

// sizedReader yields n bytes of a repeating pattern without holding them.
type sizedReader struct{ n int64 }

func (r *sizedReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = byte(r.n - int64(i))
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestStreaming: writing and verifying a large original allocates far less
// than its size: nothing holds a whole file.
func TestStreaming(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB")
	}
	const size = 64 << 20
	const budget = 8 << 20
	path := filepath.Join(t.TempDir(), "case.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var werr error
	alloc := allocated(func() {
		w, err := NewWriter(f, testMeta)
		if err != nil {
			werr = err
			return
		}
		if werr = w.AddFile("originals/chat.zip", &sizedReader{size}, FileInfo{Kind: KindOriginal}); werr != nil {
			return
		}
		werr = w.Close(testKey(1))
	})
	if werr != nil {
		t.Fatal(werr)
	}
	t.Logf("writing a %d-byte original allocated %d bytes", size, alloc)
	if alloc > budget {
		t.Errorf("writing a %d-byte original allocated %d bytes; want at most %d", size, alloc, budget)
	}
	st, _ := f.Stat()
	var rep Report
	alloc = allocated(func() {
		rep, werr = Verify(context.Background(), f, st.Size(), VerifyOptions{})
	})
	if werr != nil {
		t.Fatal(werr)
	}
	if rep.Bytes < size {
		t.Errorf("Verify read %d bytes; want at least %d", rep.Bytes, size)
	}
	t.Logf("verifying it allocated %d bytes", alloc)
	if alloc > budget {
		t.Errorf("verifying a %d-byte original allocated %d bytes; want at most %d", size, alloc, budget)
	}
}

// smallExport returns a valid export as small as can be, by hand: the
// fuzzer's minimisation of an interesting input takes time quadratic in
// its length.
func smallExport(t testing.TB) []byte {
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	m, err := json.Marshal(Manifest{Format: FormatVersion, Meta: Meta{CaseID: "1"}, Signer: Fingerprint(pub),
		Files: []File{{Path: "a", Size: 1, SHA256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", FileInfo: FileInfo{Kind: KindOriginal}}}})
	if err != nil {
		t.Fatal(err)
	}
	pubPEM, _ := encodePublicKey(pub)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []entry{{"a", []byte("x"), zip.Deflate}, {ManifestName, m, zip.Store}, {SignatureName, ed25519.Sign(key, m), zip.Store}, {PublicKeyName, pubPEM, zip.Store}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// seedExports returns exports for the fuzzer to start from: a valid one and
// altered ones.
func seedExports(t testing.TB) [][]byte {
	small := smallExport(t)
	return [][]byte{
		small,
		rezip(t, small, change(ManifestName, replaceText(`"1"`, `"2"`))),
		rezip(t, small, change(SignatureName, flipAt(0))),
		rezip(t, small, change("a", flipAt(0))),
		rezip(t, small, func(l entryList) entryList { return append(l, entry{"../x", []byte("x"), 0}) }),
		rezip(t, small, func(l entryList) entryList { return append(l, l[0]) }),
		rezip(t, small, func(l entryList) entryList { l[0].name = "b"; return l }),
		small[:len(small)-10], nil, []byte("PK\x05\x06"),
	}
}

func TestSmallExport(t *testing.T) {
	small := smallExport(t)
	if _, err := verify(small, VerifyOptions{}); err != nil {
		t.Errorf("Verify(smallExport) = %v; want nil", err)
	}
	t.Logf("smallest export: %d bytes", len(small))
}

// FuzzVerify: any bytes, valid or not as an archive, make Verify return
// nil with a clean report or its first *Mismatch of a known kind, never
// panic nor hang. Run it with a short -fuzzminimizetime (such as 5s): Go
// minimises every new input in time quadratic in its length, which for a
// 1 KB archive takes the whole default minute and stalls the fuzzer.
func FuzzVerify(f *testing.F) {
	for _, s := range seedExports(f) {
		f.Add(s, false)
		f.Add(s, true)
	}
	pinned := Fingerprint(testKey(1).Public().(ed25519.PublicKey))
	sentinels := []error{ErrFormat, ErrMissing, ErrExtra, ErrDigest, ErrSignature, ErrSigner}
	f.Fuzz(func(t *testing.T, data []byte, pin bool) {
		var opt VerifyOptions
		if pin {
			opt.Fingerprint = pinned
		}
		rep, err := Verify(context.Background(), bytes.NewReader(data), int64(len(data)), opt)
		if err == nil {
			if !rep.OK() || !rep.SignatureValid || rep.Pinned != pin {
				t.Fatalf("Verify = nil with report %+v", rep)
			}
			return
		}
		var m *Mismatch
		if !errors.As(err, &m) || rep.OK() || rep.Mismatches[0] != m {
			t.Fatalf("Verify = %v; want the report's first *Mismatch", err)
		}
		known := false
		for _, s := range sentinels {
			known = known || errors.Is(err, s)
		}
		if !known || m.Detail == "" {
			t.Fatalf("Verify = %v: no known kind or no detail", err)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	const size = 32 << 20
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, testMeta)
	w.AddFile("originals/a.warc", &sizedReader{size}, FileInfo{Kind: KindOriginal})
	w.Close(testKey(1))
	data := buf.Bytes()
	b.SetBytes(size)
	for b.Loop() {
		if _, err := Verify(context.Background(), bytes.NewReader(data), int64(len(data)), VerifyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	const size = 32 << 20
	b.SetBytes(size)
	key := testKey(1)
	for b.Loop() {
		w, _ := NewWriter(io.Discard, testMeta)
		if err := w.AddFile("originals/a.warc", &sizedReader{size}, FileInfo{Kind: KindOriginal}); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(key); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLargeFile writes and verifies an original larger than 4 GiB, which
// takes the zip64 extensions. It needs 4.5 GB of disk and a minute.
func TestLargeFile(t *testing.T) {
	if os.Getenv("VIGIE_TEST_LARGE") == "" {
		t.Skip("set VIGIE_TEST_LARGE=1 to write and verify a 4.5 GB export")
	}
	const size = 4<<30 + 512<<20
	f, err := os.Create(filepath.Join(t.TempDir(), "large.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, _ := NewWriter(f, testMeta)
	if err := w.AddFile("originals/chat.zip", &sizedReader{size}, FileInfo{Kind: KindOriginal}); err != nil {
		t.Fatal(err)
	}
	if err := w.AddFile("analysis.json", strings.NewReader("{}"), FileInfo{Kind: KindAnalysis}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(testKey(1)); err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	rep, err := Verify(context.Background(), f, st.Size(), VerifyOptions{})
	if err != nil || rep.Manifest.Files[0].Size != size {
		t.Fatalf("Verify = %v; first file %+v", err, rep.Manifest.Files[0])
	}
	// Damage a byte past 4 GiB: the zip's CRC-32 catches it.
	if _, err := f.WriteAt([]byte{0xff}, 4<<30+100); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), f, st.Size(), VerifyOptions{}); !errors.Is(err, ErrDigest) {
		t.Errorf("Verify(damaged past 4 GiB) = %v; want ErrDigest", err)
	}
}
