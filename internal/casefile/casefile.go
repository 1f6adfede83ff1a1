// Package casefile writes and verifies case export files: zip archives that
// carry a case's evidence out of vigie — the original captured bytes, the
// analysis, the custody trail, a report — so that anyone can check, offline
// and years later, that not one byte changed since the export, and which
// vigie instance made it.
//
// # Format (version "vigie-case-export/1")
//
// A zip archive holding:
//
//   - the exported files, under the paths the exporter chose (such as
//     originals/<sha256>.warc, analysis.json, custody.json, report.html);
//   - VERIFY.txt, which explains in plain words how to check the archive
//     without vigie, and is listed in the manifest like any other file;
//   - manifest.json: the case (id, title), when, by whom and with which
//     versions of vigie and of its rulebook the export was made, the
//     signer's fingerprint, and for every file its path, size, SHA-256
//     (lower-case hex), kind, media type, capture time, source and the
//     evidence blob it came from;
//   - manifest.sig: the Ed25519 signature (RFC 8032) of the exact bytes of
//     manifest.json, raw: 64 bytes, no encoding, which is what OpenSSL
//     reads (`openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in
//     manifest.json -sigfile manifest.sig`);
//   - signer.pub: the public key of the instance that signed, as a PEM
//     "PUBLIC KEY" block preceded by a line with its fingerprint.
//
// The archive's comment repeats the manifest's SHA-256 and the signer's
// fingerprint. It is not signed: it only helps the verifier say whether the
// manifest or its signature was altered when the signature fails.
//
// The manifest, signature and key are not listed in the manifest; every
// other file is. Original captures are stored in the archive as they are
// (zip method "store"), not compressed again: they are mostly compressed
// already (JPEG, MP4, zipped chat exports, gzipped WARC), compressing
// gigabytes would cost minutes of CPU for little, and stored bytes are the
// captured bytes at a known offset in the archive, which any zip tool and
// a hex editor can show. Derived files (analysis, custody, report, text)
// are deflated.
//
// A signature under the key embedded in the archive proves only that the
// files are those the signer listed; that the signer is the vigie instance
// it claims to be takes comparing the key's fingerprint with one obtained
// independently (from the instance's administrator: `vigie key`), which is
// what VerifyOptions.Fingerprint does.
package casefile

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/evidence"
)

// KeyFileName is the name of the instance key's file in vigie's data
// directory; see LoadOrCreateKey.
const KeyFileName = "instance.key"

// FormatVersion names the format of the archives this package writes and
// reads, in manifest.json's "format".
const FormatVersion = "vigie-case-export/1"

// Names of the files that describe the archive. They are reserved: no
// exported file may take them.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
	PublicKeyName = "signer.pub"
	ReadmeName    = "VERIFY.txt"
)

// Kinds of file, in File.Kind. Others may be used.
const (
	KindOriginal = "original" // captured bytes as stored in the evidence store
	KindAnalysis = "analysis" // vigie's analysis of the case's documents
	KindCustody  = "custody"  // the case's custody trail from the audit log
	KindReport   = "report"   // a report readable offline
	KindReadme   = "readme"   // VERIFY.txt
)

// Meta describes the export as a whole.
type Meta struct {
	CaseID          string    `json:"case_id"`
	CaseTitle       string    `json:"case_title"`
	CreatedAt       time.Time `json:"created_at"`       // zero: NewWriter sets the current time
	CreatedBy       string    `json:"created_by"`       // the account that exported
	VigieVersion    string    `json:"vigie_version"`    // such as "v1.4.0" or "(devel)"
	RulebookVersion string    `json:"rulebook_version"` // of the rulebook the analysis used
}

// FileInfo describes one exported file; its path, size and digest are
// filled in by Writer.AddFile.
type FileInfo struct {
	Kind       string    `json:"kind"`                 // KindOriginal, KindAnalysis…; required
	MediaType  string    `json:"media_type,omitempty"` // such as "application/warc"
	CapturedAt time.Time `json:"captured_at,omitzero"` // when the original was captured
	Source     string    `json:"source,omitempty"`     // URL or where it came from
	// Blob is the SHA-256 (lower-case hex) of the evidence blob the file
	// came from: its own digest for an original exported as stored, the
	// chat export's for a picture taken out of one.
	Blob string `json:"blob,omitempty"`
}

// File is one entry of the manifest.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	FileInfo
}

// Manifest is the content of manifest.json.
type Manifest struct {
	Format string `json:"format"` // FormatVersion
	Meta
	Signer string `json:"signer"` // Fingerprint of the signing key
	Files  []File `json:"files"`
}

// Limits on what is written and read. They bound the memory a hostile
// archive can make the verifier use.
const (
	maxFiles        = 1 << 20  // files in an archive
	maxPathLen      = 1024     // bytes in a path
	maxManifestSize = 64 << 20 // bytes of manifest.json
	maxPublicKey    = 64 << 10 // bytes of signer.pub
)

// CheckPath reports, with an error saying why, whether p is unfit as the
// path of a file in an export: it must be valid UTF-8 of at most 1024
// bytes, relative, slash-separated, without empty, "." or ".." elements,
// backslashes, colons or control characters (which some systems would
// read as a directory, a drive or a stream when extracting), and not
// one of the reserved names.
func CheckPath(p string) error {
	switch {
	case p == "":
		return errors.New("empty path")
	case len(p) > maxPathLen:
		return fmt.Errorf("path of %d bytes; at most %d", len(p), maxPathLen)
	case !utf8.ValidString(p):
		return errors.New("path is not valid UTF-8")
	case p == ManifestName || p == SignatureName || p == PublicKeyName || p == ReadmeName:
		return fmt.Errorf("%s is reserved", p)
	}
	for _, r := range p {
		if r == '\\' || r == ':' || unicode.IsControl(r) {
			return fmt.Errorf("path %q holds %q", p, r)
		}
	}
	if p[0] == '/' {
		return fmt.Errorf("path %q is absolute", p)
	}
	for elem := range strings.SplitSeq(p, "/") {
		if elem == "" || elem == "." || elem == ".." {
			return fmt.Errorf("path %q has an empty, \".\" or \"..\" element", p)
		}
	}
	return nil
}

// pathSet detects paths that would collide when extracted: the same path,
// the same up to case (on case-insensitive file systems), or a file that
// is also another's directory.
type pathSet struct {
	files map[string]string // folded path → path
	dirs  map[string]string // folded directory → a path under it
}

func newPathSet() *pathSet {
	return &pathSet{files: map[string]string{}, dirs: map[string]string{}}
}

// add records p, or returns an error naming the path it collides with.
func (s *pathSet) add(p string) error {
	f := strings.ToLower(p)
	if q, ok := s.files[f]; ok {
		if q == p {
			return fmt.Errorf("path %q given twice", p)
		}
		return fmt.Errorf("path %q differs from %q only by case", p, q)
	}
	if q, ok := s.dirs[f]; ok {
		return fmt.Errorf("path %q is also the directory of %q", p, q)
	}
	for i := range len(f) {
		if f[i] != '/' {
			continue
		}
		if q, ok := s.files[f[:i]]; ok {
			return fmt.Errorf("path %q is under %q, a file", p, q)
		}
	}
	s.files[f] = p
	for i := range len(f) {
		if f[i] == '/' {
			if _, ok := s.dirs[f[:i]]; !ok {
				s.dirs[f[:i]] = p
			}
		}
	}
	return nil
}

// Writer writes an export archive to a stream. Files are hashed as they
// are copied, never held in memory. A Writer is not safe for concurrent
// use. After any error the archive is unusable: later calls return that
// error and the caller discards what was written.
type Writer struct {
	zw    *zip.Writer
	m     Manifest
	paths *pathSet
	err   error
}

// errClosed is returned by a Writer used after Close.
var errClosed = errors.New("case export: writer closed")

// NewWriter starts an archive written to out. It does not close out.
func NewWriter(out io.Writer, meta Meta) (*Writer, error) {
	if strings.TrimSpace(meta.CaseID) == "" {
		return nil, errors.New("case export: no case id")
	}
	if meta.CreatedAt.IsZero() {
		meta.CreatedAt = time.Now()
	}
	meta.CreatedAt = meta.CreatedAt.UTC()
	paths := newPathSet()
	for _, name := range []string{ManifestName, SignatureName, PublicKeyName, ReadmeName} {
		paths.add(name) // so that a name differing only by case collides
	}
	return &Writer{
		zw:    zip.NewWriter(out),
		m:     Manifest{Format: FormatVersion, Meta: meta, Files: []File{}},
		paths: paths,
	}, nil
}

// AddFile copies r, until io.EOF, to the archive under path, and records
// it in the manifest with info. The path must pass CheckPath and not
// collide with another's (the same up to case, or a file that is another's
// directory). Originals are stored as they are, other kinds deflated. A
// long copy is cancelled by making r fail.
func (w *Writer) AddFile(path string, r io.Reader, info FileInfo) error {
	if w.err != nil {
		return w.err
	}
	if err := CheckPath(path); err != nil {
		return fmt.Errorf("case export: add file: %w", err)
	}
	if err := checkInfo(info); err != nil {
		return fmt.Errorf("case export: add file %s: %w", path, err)
	}
	if len(w.m.Files) >= maxFiles-1 {
		return fmt.Errorf("case export: add file %s: more than %d files", path, maxFiles-1)
	}
	if err := w.paths.add(path); err != nil {
		return fmt.Errorf("case export: add file: %w", err)
	}
	f, err := w.add(path, r, info.Kind == KindOriginal)
	if err != nil {
		w.err = fmt.Errorf("case export: add file %s: %w", path, err)
		return w.err
	}
	if !info.CapturedAt.IsZero() {
		info.CapturedAt = info.CapturedAt.UTC()
	}
	f.FileInfo = info
	w.m.Files = append(w.m.Files, f)
	return nil
}

// checkInfo checks what the manifest would otherwise carry wrongly.
func checkInfo(info FileInfo) error {
	if strings.TrimSpace(info.Kind) == "" {
		return errors.New("no kind")
	}
	if info.Blob != "" && !evidence.ValidDigest(info.Blob) {
		return fmt.Errorf("blob %q: want a SHA-256 in lower-case hex", info.Blob)
	}
	return nil
}

// add writes one zip entry and returns its path, size and digest.
func (w *Writer) add(path string, r io.Reader, store bool) (File, error) {
	h := &zip.FileHeader{Name: path, Method: zip.Deflate, Modified: w.m.CreatedAt}
	if store {
		h.Method = zip.Store
	}
	h.SetMode(0o444)
	dst, err := w.zw.CreateHeader(h)
	if err != nil {
		return File{}, err
	}
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(dst, sum), r)
	if err != nil {
		return File{}, err
	}
	return File{Path: path, Size: n, SHA256: hex.EncodeToString(sum.Sum(nil))}, nil
}

// Close adds VERIFY.txt, writes the manifest, its signature by key and
// the public key, and finishes the archive. It does not close the stream
// given to NewWriter. Close returns an error when called twice.
func (w *Writer) Close(key ed25519.PrivateKey) error {
	if w.err != nil {
		return w.err
	}
	w.err = errClosed
	if len(key) != ed25519.PrivateKeySize {
		return errors.New("case export: no valid signing key")
	}
	pub := key.Public().(ed25519.PublicKey)
	w.m.Signer = Fingerprint(pub)
	f, err := w.add(ReadmeName, strings.NewReader(readme(w.m.Signer)), false)
	if err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	f.FileInfo = FileInfo{Kind: KindReadme, MediaType: "text/plain; charset=utf-8"}
	w.m.Files = append(w.m.Files, f)
	manifest, err := json.MarshalIndent(w.m, "", "  ")
	if err != nil {
		return fmt.Errorf("case export: manifest: %w", err)
	}
	manifest = append(manifest, '\n')
	pubPEM, err := encodePublicKey(pub)
	if err != nil {
		return fmt.Errorf("case export: public key: %w", err)
	}
	for _, e := range []struct {
		name string
		data []byte
	}{
		{ManifestName, manifest},
		{SignatureName, ed25519.Sign(key, manifest)},
		{PublicKeyName, pubPEM},
	} {
		if _, err := w.add(e.name, bytes.NewReader(e.data), e.name == SignatureName); err != nil {
			return fmt.Errorf("case export: %w", err)
		}
	}
	sum := sha256.Sum256(manifest)
	// A hint for people (unzip -z shows it) and for the verifier, to tell
	// an altered manifest from an altered signature; it is not signed.
	if err := w.zw.SetComment(fmt.Sprintf("vigie case export (%s), see VERIFY.txt; %s%x; signer %s",
		FormatVersion, commentDigestLabel, sum, w.m.Signer)); err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	return nil
}

// commentDigestLabel precedes the manifest's SHA-256 in the archive's
// comment.
const commentDigestLabel = "manifest.json SHA-256 "

// readme returns VERIFY.txt.
func readme(signer string) string {
	return `This archive is a case exported by vigie, with the evidence it holds.

It can be checked without vigie. Unzip it, then:

1. Check that manifest.json was signed by the key in signer.pub (OpenSSL 3):

     openssl pkeyutl -verify -pubin -inkey signer.pub -rawin \
       -in manifest.json -sigfile manifest.sig

   manifest.sig is the Ed25519 signature (64 raw bytes) of the exact bytes
   of manifest.json.

2. Check that the key is the one of the vigie instance the export claims to
   come from: ask its administrator for the fingerprint ("vigie key" prints
   it) and compare it with the one in signer.pub and in manifest.json. This
   export's signer:

     ` + signer + `

   The fingerprint is the SHA-256 of the key's 32 raw bytes, which are the
   last 32 bytes of the key in DER:

     openssl pkey -pubin -in signer.pub -outform DER | tail -c 32 | sha256sum

   A valid signature without this comparison proves that the files did not
   change after signing, not who signed them.

3. Check every file listed in manifest.json ("files": path, size, sha256)
   against its SHA-256:

     sha256sum <path>

   and that the archive holds no other file than those, manifest.json,
   manifest.sig and signer.pub.

"vigie verify-export ARCHIVE.zip --key FINGERPRINT" does all of this.
`
}
