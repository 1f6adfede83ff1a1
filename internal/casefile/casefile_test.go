package casefile

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// testKey returns a fixed key, so that failures reproduce.
func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

// part is one file of a test export.
type part struct {
	path string
	data string
	info FileInfo
}

var captured = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// testParts are the files of the test export: an original as captured, a
// picture, the analysis and a report.
func testParts() []part {
	warc := "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
	sum := sha256.Sum256([]byte(warc))
	blob := hex.EncodeToString(sum[:])
	return []part{
		{"originals/" + blob + ".warc", warc, FileInfo{Kind: KindOriginal, MediaType: "application/warc", CapturedAt: captured, Source: "https://example.org/ad/1", Blob: blob}},
		{"originals/photo.jpg", "\xff\xd8\xff\xe0 not really a JPEG \x00\x01\x02", FileInfo{Kind: KindOriginal, MediaType: "image/jpeg", CapturedAt: captured.Add(time.Hour)}},
		{"analysis.json", `{"risk":0.8,"indicators":["shared phone"]}`, FileInfo{Kind: KindAnalysis, MediaType: "application/json"}},
		{"report.html", "<!doctype html><title>Case</title><p>Report</p>", FileInfo{Kind: KindReport, MediaType: "text/html"}},
	}
}

var testMeta = Meta{
	CaseID:          "12",
	CaseTitle:       "Boats from the north coast",
	CreatedAt:       time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	CreatedBy:       "ana",
	VigieVersion:    "v1.2.3",
	RulebookVersion: "2026.1",
}

// writeExport returns an export of parts signed by key.
func writeExport(t testing.TB, key ed25519.PrivateKey, parts []part) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if err := w.AddFile(p.path, strings.NewReader(p.data), p.info); err != nil {
			t.Fatalf("AddFile(%q): %v", p.path, err)
		}
	}
	if err := w.Close(key); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

func verify(data []byte, opt VerifyOptions) (Report, error) {
	return Verify(context.Background(), bytes.NewReader(data), int64(len(data)), opt)
}

func TestWriteVerify(t *testing.T) {
	key := testKey(1)
	data := writeExport(t, key, testParts())
	pub := key.Public().(ed25519.PublicKey)
	for _, opt := range []VerifyOptions{{}, {Key: pub}, {Fingerprint: Fingerprint(pub)}, {Key: pub, Fingerprint: strings.ToUpper(Fingerprint(pub))}} {
		rep, err := verify(data, opt)
		if err != nil {
			t.Fatalf("Verify(%+v) = %v; want nil", opt, err)
		}
		pinned := opt.Key != nil || opt.Fingerprint != ""
		if !rep.OK() || !rep.SignatureValid || rep.Pinned != pinned || rep.Signer != Fingerprint(pub) {
			t.Errorf("Verify(%+v) report = %+v", opt, rep)
		}
	}
	rep, _ := verify(data, VerifyOptions{})
	var wantBytes int64
	for _, p := range testParts() {
		wantBytes += int64(len(p.data))
	}
	if rep.Files != 5 || rep.Bytes != wantBytes+int64(len(readme(rep.Signer))) {
		t.Errorf("Verify checked %d files, %d bytes; want 5 (with VERIFY.txt), %d", rep.Files, rep.Bytes, wantBytes+int64(len(readme(rep.Signer))))
	}
	m := rep.Manifest
	if m.Format != FormatVersion || m.Meta != testMeta || m.Signer != Fingerprint(pub) {
		t.Errorf("manifest header = %q %+v %q; want %q %+v %q", m.Format, m.Meta, m.Signer, FormatVersion, testMeta, Fingerprint(pub))
	}
	for i, p := range testParts() {
		f := m.Files[i]
		sum := sha256.Sum256([]byte(p.data))
		if f.Path != p.path || f.Size != int64(len(p.data)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.FileInfo != p.info {
			t.Errorf("manifest file %d = %+v; want %s, %d bytes, %x, %+v", i, f, p.path, len(p.data), sum, p.info)
		}
	}
	if last := m.Files[len(m.Files)-1]; last.Path != ReadmeName || last.Kind != KindReadme {
		t.Errorf("last file = %+v; want %s", last, ReadmeName)
	}
}

// TestManifestJSON pins the names of manifest.json's fields, which others
// read without vigie.
func TestManifestJSON(t *testing.T) {
	entries := readEntries(t, writeExport(t, testKey(1), testParts()[:1]))
	var raw map[string]any
	if err := json.Unmarshal(entries.get(ManifestName), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format", "case_id", "case_title", "created_at", "created_by", "vigie_version", "rulebook_version", "signer", "files"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("manifest.json has no %q: %s", k, entries.get(ManifestName))
		}
	}
	f := raw["files"].([]any)[0].(map[string]any)
	for _, k := range []string{"path", "size", "sha256", "kind", "media_type", "captured_at", "source", "blob"} {
		if _, ok := f[k]; !ok {
			t.Errorf("manifest.json file has no %q: %v", k, f)
		}
	}
	if got := f["captured_at"]; got != "2025-03-14T09:26:53Z" {
		t.Errorf("captured_at = %v; want 2025-03-14T09:26:53Z", got)
	}
	if sig := entries.get(SignatureName); len(sig) != ed25519.SignatureSize || !ed25519.Verify(testKey(1).Public().(ed25519.PublicKey), entries.get(ManifestName), sig) {
		t.Errorf("manifest.sig is not the raw signature of manifest.json: %x", sig)
	}
}

func TestCompressionMethods(t *testing.T) {
	data := writeExport(t, testKey(1), testParts())
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint16{
		testParts()[0].path: zip.Store, "originals/photo.jpg": zip.Store, SignatureName: zip.Store,
		"analysis.json": zip.Deflate, "report.html": zip.Deflate, ManifestName: zip.Deflate, PublicKeyName: zip.Deflate, ReadmeName: zip.Deflate,
	}
	for _, f := range zr.File {
		if f.Method != want[f.Name] {
			t.Errorf("%s: method %d; want %d", f.Name, f.Method, want[f.Name])
		}
	}
	if len(zr.File) != len(want) {
		t.Errorf("%d entries; want %d", len(zr.File), len(want))
	}
	// Stored originals are the captured bytes at some offset of the archive.
	if !bytes.Contains(data, []byte(testParts()[0].data)) {
		t.Errorf("the original's bytes are not found as they are in the archive")
	}
}

func TestWriterRefuses(t *testing.T) {
	orig := FileInfo{Kind: KindOriginal}
	tests := []struct {
		name  string
		first string // added before, "" for none
		path  string
		info  FileInfo
		want  string
	}{
		{"empty", "", "", orig, "empty path"},
		{"absolute", "", "/etc/passwd", orig, "absolute"},
		{"dot dot", "", "a/../../b", orig, `".."`},
		{"dot", "", "./a", orig, `"."`},
		{"empty element", "", "a//b", orig, "empty"},
		{"trailing slash", "", "a/", orig, "empty"},
		{"backslash", "", `a\b`, orig, `'\\'`},
		{"drive", "", "C:x", orig, "':'"},
		{"control", "", "a\nb", orig, `'\n'`},
		{"invalid UTF-8", "", "a\xffb", orig, "UTF-8"},
		{"too long", "", strings.Repeat("a", 1025), orig, "at most 1024"},
		{"manifest", "", ManifestName, orig, "reserved"},
		{"signature", "", SignatureName, orig, "reserved"},
		{"key", "", PublicKeyName, orig, "reserved"},
		{"readme", "", ReadmeName, orig, "reserved"},
		{"reserved up to case", "", "Manifest.JSON", orig, "only by case"},
		{"duplicate", "a/b.warc", "a/b.warc", orig, "given twice"},
		{"case duplicate", "a/b.warc", "A/B.warc", orig, "only by case"},
		{"file then dir", "a/b", "a/b/c", orig, "under"},
		{"dir then file", "a/b/c", "a/b", orig, "directory of"},
		{"no kind", "", "a", FileInfo{}, "no kind"},
		{"bad blob", "", "a", FileInfo{Kind: KindOriginal, Blob: "ABC"}, "blob"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := NewWriter(io.Discard, testMeta)
			if err != nil {
				t.Fatal(err)
			}
			if tc.first != "" {
				if err := w.AddFile(tc.first, strings.NewReader("x"), orig); err != nil {
					t.Fatalf("AddFile(%q) = %v", tc.first, err)
				}
			}
			err = w.AddFile(tc.path, strings.NewReader("y"), tc.info)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("AddFile(%q) = %v; want an error with %q", tc.path, err, tc.want)
			}
			// A refused file leaves the writer usable.
			if err := w.AddFile("ok/file", strings.NewReader("z"), orig); err != nil {
				t.Errorf("AddFile after a refused path = %v", err)
			}
		})
	}
	if _, err := NewWriter(io.Discard, Meta{}); err == nil {
		t.Errorf("NewWriter without a case id = nil; want an error")
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestWriterStickyError(t *testing.T) {
	w, _ := NewWriter(io.Discard, testMeta)
	boom := errors.New("blob corrupt")
	if err := w.AddFile("a", io.MultiReader(strings.NewReader("some bytes"), failingReader{boom}), FileInfo{Kind: KindOriginal}); !errors.Is(err, boom) {
		t.Fatalf("AddFile(failing reader) = %v; want %v", err, boom)
	}
	if err := w.AddFile("b", strings.NewReader("x"), FileInfo{Kind: KindOriginal}); !errors.Is(err, boom) {
		t.Errorf("AddFile after a failed copy = %v; want %v", err, boom)
	}
	if err := w.Close(testKey(1)); !errors.Is(err, boom) {
		t.Errorf("Close after a failed copy = %v; want %v", err, boom)
	}
	w, _ = NewWriter(io.Discard, testMeta)
	if err := w.Close(nil); err == nil {
		t.Errorf("Close(nil key) = nil; want an error")
	}
	w, _ = NewWriter(io.Discard, testMeta)
	if err := w.Close(testKey(1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(testKey(1)); err == nil {
		t.Errorf("second Close = nil; want an error")
	}
	if err := w.AddFile("c", strings.NewReader("x"), FileInfo{Kind: KindOriginal}); err == nil {
		t.Errorf("AddFile after Close = nil; want an error")
	}
}

// entry is one entry of an archive, for rewriting it.
type entry struct {
	name   string
	data   []byte
	method uint16
}

type entryList []entry

func (l entryList) get(name string) []byte {
	for _, e := range l {
		if e.name == name {
			return e.data
		}
	}
	return nil
}

func readEntries(t testing.TB, data []byte) entryList {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var l entryList
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		l = append(l, entry{f.Name, b, f.Method})
	}
	return l
}

// rezip rewrites an archive as someone who unzipped it, changed it and
// zipped it again would: checksums are right, only the content differs.
func rezip(t testing.TB, data []byte, edit func(entryList) entryList) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	l := edit(readEntries(t, data))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.SetComment(zr.Comment)
	for _, e := range l {
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

// change returns an edit that changes the named entry's content.
func change(name string, fn func([]byte) []byte) func(entryList) entryList {
	return func(l entryList) entryList {
		for i := range l {
			if l[i].name == name {
				l[i].data = fn(bytes.Clone(l[i].data))
			}
		}
		return l
	}
}

// flipAt flips the bits of the byte at i (from the end when negative).
func flipAt(i int) func([]byte) []byte {
	return func(b []byte) []byte {
		if i < 0 {
			i += len(b)
		}
		b[i] ^= 0xff
		return b
	}
}

// replaceText replaces the first old by new.
func replaceText(old, new string) func([]byte) []byte {
	return func(b []byte) []byte {
		if !bytes.Contains(b, []byte(old)) {
			panic("no " + old + " in " + string(b))
		}
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
}

// resign returns an edit that makes the manifest with fn, signs it with
// key and puts key's public key in the archive: what a forger can do.
func resign(key ed25519.PrivateKey, fn func([]byte) []byte) func(entryList) entryList {
	return func(l entryList) entryList {
		pubPEM, _ := encodePublicKey(key.Public().(ed25519.PublicKey))
		for i := range l {
			if l[i].name == ManifestName {
				l[i].data = fn(l[i].data)
			}
		}
		m := l.get(ManifestName)
		for i := range l {
			switch l[i].name {
			case SignatureName:
				l[i].data = ed25519.Sign(key, m)
			case PublicKeyName:
				l[i].data = pubPEM
			}
		}
		return l
	}
}

func TestVerifyNamesMismatch(t *testing.T) {
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	good := writeExport(t, key, testParts())
	warc := testParts()[0].path
	forger := testKey(2)
	forgerFP := Fingerprint(forger.Public().(ed25519.PublicKey))

	// rawFlip flips a byte of the archive itself inside the named entry's
	// stored bytes (found by content), as a damaged disk would.
	rawFlip := func(content []byte, at int) []byte {
		i := bytes.Index(good, content)
		if i < 0 {
			t.Fatalf("content not found in the archive: %q", content)
		}
		b := bytes.Clone(good)
		b[i+at] ^= 0x01
		return b
	}
	goodEntries := readEntries(t, good)
	tests := []struct {
		name     string
		data     []byte
		opt      VerifyOptions
		wantPath string
		wantKind error
		wantText string
	}{
		{"original altered", rezip(t, good, change(warc, flipAt(60))), VerifyOptions{}, warc, ErrDigest, "SHA-256 differs"},
		{"original grown", rezip(t, good, change(warc, func(b []byte) []byte { return append(b, '!') })), VerifyOptions{}, warc, ErrDigest, "size 62 differs from the manifest's 61"},
		{"original damaged in the archive", rawFlip([]byte(testParts()[0].data), 10), VerifyOptions{}, warc, ErrDigest, "CRC-32"},
		{"deflated file altered", rezip(t, good, change("analysis.json", flipAt(3))), VerifyOptions{}, "analysis.json", ErrDigest, "SHA-256 differs"},
		{"manifest altered", rezip(t, good, change(ManifestName, replaceText("Boats", "Boots"))), VerifyOptions{}, ManifestName, ErrSignature, "altered after signing"},
		{"manifest digest altered", rezip(t, good, change(ManifestName, replaceText(`"sha256": "`, `"sha256": "0`))), VerifyOptions{}, ManifestName, ErrFormat, "not a SHA-256"},
		{"manifest broken", rezip(t, good, change(ManifestName, flipAt(0))), VerifyOptions{}, ManifestName, ErrFormat, "not valid JSON"},
		{"signature altered", rezip(t, good, change(SignatureName, flipAt(5))), VerifyOptions{}, SignatureName, ErrSignature, "manifest.sig was altered"},
		{"signature damaged in the archive", rawFlip(goodEntries.get(SignatureName), 5), VerifyOptions{}, SignatureName, ErrDigest, "CRC-32"},
		{"signature truncated", rezip(t, good, change(SignatureName, func(b []byte) []byte { return b[:63] })), VerifyOptions{}, SignatureName, ErrFormat, "63 bytes"},
		{"key altered", rezip(t, good, change(PublicKeyName, replaceText("MCowBQYDK2VwAyEA", "MCowBQYDK2VwAyEB"))), VerifyOptions{}, PublicKeyName, ErrFormat, "does not match its fingerprint line"},
		{"key replaced", rezip(t, good, change(PublicKeyName, func([]byte) []byte { b, _ := encodePublicKey(forger.Public().(ed25519.PublicKey)); return b })), VerifyOptions{}, PublicKeyName, ErrSignature, "signer.pub was replaced"},
		{"key header altered", rezip(t, good, change(PublicKeyName, replaceText("MCowBQYD", "MCowBQYE"))), VerifyOptions{}, PublicKeyName, ErrFormat, "malformed key"},
		{"key fingerprint line altered", rezip(t, good, change(PublicKeyName, replaceText("fingerprint: SHA256:", "fingerprint: SHA256:0"))), VerifyOptions{}, PublicKeyName, ErrFormat, "does not match its fingerprint line"},
		{"key text altered", rezip(t, good, change(PublicKeyName, replaceText("vigie", "Vigie"))), VerifyOptions{}, PublicKeyName, ErrFormat, "altered"},
		{"file deleted", rezip(t, good, func(l entryList) entryList { return l[1:] }), VerifyOptions{}, warc, ErrMissing, "not in the archive"},
		{"file added", rezip(t, good, func(l entryList) entryList { return append(l, entry{"notes.txt", []byte("x"), zip.Deflate}) }), VerifyOptions{}, "notes.txt", ErrExtra, "not listed"},
		{"file renamed", rezip(t, good, func(l entryList) entryList { l[1].name = "originals/other.jpg"; return l }), VerifyOptions{}, "originals/photo.jpg", ErrMissing, "its content is in originals/other.jpg (renamed?)"},
		{"entry repeated", rezip(t, good, func(l entryList) entryList { return append(l, entry{warc, []byte("other"), zip.Store}) }), VerifyOptions{}, warc, ErrExtra, "more than once"},
		{"unsafe entry", rezip(t, good, func(l entryList) entryList { return append(l, entry{"../../.bashrc", []byte("x"), zip.Store}) }), VerifyOptions{}, "../../.bashrc", ErrFormat, "unsafe"},
		{"manifest deleted", rezip(t, good, func(l entryList) entryList { return drop(l, ManifestName) }), VerifyOptions{}, ManifestName, ErrMissing, "missing"},
		{"signature deleted", rezip(t, good, func(l entryList) entryList { return drop(l, SignatureName) }), VerifyOptions{}, SignatureName, ErrMissing, "not signed"},
		{"key deleted", rezip(t, good, func(l entryList) entryList { return drop(l, PublicKeyName) }), VerifyOptions{}, PublicKeyName, ErrMissing, "missing"},
		{"wrong pinned key", good, VerifyOptions{Key: forger.Public().(ed25519.PublicKey)}, PublicKeyName, ErrSigner, "not by the expected key " + forgerFP},
		{"forged with pinning", rezip(t, good, resign(forger, replaceText("Boats", "Boots"))), VerifyOptions{Fingerprint: Fingerprint(pub)}, ManifestName, ErrFormat, "names the signer"},
		{"forged and consistent, pinned", rezip(t, good, resign(forger, replaceText(Fingerprint(pub), forgerFP))), VerifyOptions{Fingerprint: Fingerprint(pub)}, PublicKeyName, ErrSigner, "not by the expected key"},
		{"truncated archive", good[:len(good)/2], VerifyOptions{}, "", ErrFormat, "not a readable zip"},
		{"not a zip", []byte("hello"), VerifyOptions{}, "", ErrFormat, "not a readable zip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := verify(tc.data, tc.opt)
			var m *Mismatch
			if !errors.As(err, &m) {
				t.Fatalf("Verify = %v; want a *Mismatch", err)
			}
			if m.Path != tc.wantPath || !errors.Is(err, tc.wantKind) || !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("Verify = %q (path %q, kind %v); want path %q, kind %v, text %q", err, m.Path, m.Kind, tc.wantPath, tc.wantKind, tc.wantText)
			}
			if rep.OK() || rep.Mismatches[0] != m {
				t.Errorf("report mismatches = %v; want the error first", rep.Mismatches)
			}
		})
	}
}

func drop(l entryList, name string) entryList {
	var out entryList
	for _, e := range l {
		if e.name != name {
			out = append(out, e)
		}
	}
	return out
}

// TestVerifyAmbiguousSignature: without the archive's comment, a broken
// signature cannot say whether the manifest or the signature changed, and
// says so.
func TestVerifyAmbiguousSignature(t *testing.T) {
	good := writeExport(t, testKey(1), testParts())
	noComment := func(data []byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range readEntries(t, data) {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
			w.Write(e.data)
		}
		zw.Close()
		return buf.Bytes()
	}
	for _, data := range [][]byte{
		noComment(rezip(t, good, change(ManifestName, replaceText("Boats", "Boots")))),
		noComment(rezip(t, good, change(SignatureName, flipAt(0)))),
	} {
		_, err := verify(data, VerifyOptions{})
		if !errors.Is(err, ErrSignature) || !strings.Contains(err.Error(), "manifest.sig: ") || !strings.Contains(err.Error(), "manifest.json or manifest.sig was altered") {
			t.Errorf("Verify = %v; want a signature error naming both", err)
		}
	}
	if _, err := verify(noComment(good), VerifyOptions{}); err != nil {
		t.Errorf("Verify(no comment) = %v; want nil", err)
	}
}

// TestVerifyListsAll: one error, every mismatch in the report.
func TestVerifyListsAll(t *testing.T) {
	good := writeExport(t, testKey(1), testParts())
	data := rezip(t, good, func(l entryList) entryList {
		l = change("analysis.json", flipAt(0))(l)
		l = change("report.html", flipAt(0))(l)
		return append(drop(l, "originals/photo.jpg"), entry{"extra", nil, zip.Store})
	})
	rep, err := verify(data, VerifyOptions{})
	var got []string
	for _, m := range rep.Mismatches {
		got = append(got, m.Path)
	}
	want := []string{"originals/photo.jpg", "analysis.json", "report.html", "extra"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("mismatches on %v; want %v", got, want)
	}
	if err != rep.Mismatches[0] {
		t.Errorf("Verify = %v; want the first mismatch", err)
	}
	if !rep.SignatureValid {
		t.Errorf("SignatureValid = false; the manifest and signature are intact")
	}
}

func TestVerifyBadOptions(t *testing.T) {
	good := writeExport(t, testKey(1), testParts())
	for _, opt := range []VerifyOptions{
		{Fingerprint: "SHA256:1234"},
		{Key: ed25519.PublicKey{1, 2, 3}},
		{Key: testKey(1).Public().(ed25519.PublicKey), Fingerprint: Fingerprint(testKey(2).Public().(ed25519.PublicKey))},
	} {
		_, err := verify(good, opt)
		var m *Mismatch
		if err == nil || errors.As(err, &m) {
			t.Errorf("Verify(%+v) = %v; want an option error", opt, err)
		}
	}
}

func TestVerifyCancelled(t *testing.T) {
	good := writeExport(t, testKey(1), testParts())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Verify(ctx, bytes.NewReader(good), int64(len(good)), VerifyOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Verify(cancelled) = %v; want context.Canceled", err)
	}
}

// TestVerifyDirectoryEntries: an archive unzipped and zipped again with
// directory entries still verifies: they carry nothing.
func TestVerifyDirectoryEntries(t *testing.T) {
	good := writeExport(t, testKey(1), testParts())
	data := rezip(t, good, func(l entryList) entryList {
		return append(entryList{{"originals/", nil, zip.Store}}, l...)
	})
	if _, err := verify(data, VerifyOptions{}); err != nil {
		t.Errorf("Verify(with a directory entry) = %v; want nil", err)
	}
}
