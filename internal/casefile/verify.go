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
	"fmt"
	"io"
	"strings"

	"github.com/vigie-project/vigie/internal/evidence"
)

// Kinds of mismatch found by Verify; every Mismatch wraps one.
var (
	// ErrFormat: the archive, the manifest, the signature or the key
	// cannot be read as this format, or an entry's name is unsafe.
	ErrFormat = errors.New("malformed export")
	// ErrMissing: a file the manifest lists, or the manifest, signature or
	// key, is not in the archive.
	ErrMissing = errors.New("missing from the export")
	// ErrExtra: the archive holds a file the manifest does not list, or
	// two entries of the same name.
	ErrExtra = errors.New("not listed in the manifest")
	// ErrDigest: a file's size or SHA-256 differs from the manifest's, or
	// its bytes in the archive fail the zip's own checksum.
	ErrDigest = errors.New("content differs from the manifest")
	// ErrSignature: the signature does not verify for the manifest under
	// the key in the archive.
	ErrSignature = errors.New("signature does not verify")
	// ErrSigner: the key that signed is not the one the verifier pinned.
	ErrSigner = errors.New("signed by another key than the expected one")
)

// Mismatch is one problem found in an export: the archive entry it is
// about ("" for the archive as a whole), its kind (one of the Err
// variables above, which Unwrap returns) and what is wrong, in words.
type Mismatch struct {
	Path   string
	Kind   error
	Detail string
}

func (m *Mismatch) Error() string {
	if m.Path == "" {
		return m.Detail
	}
	return fmt.Sprintf("%s: %s", m.Path, m.Detail)
}

func (m *Mismatch) Unwrap() error { return m.Kind }

// VerifyOptions says which signer to expect. With neither field set,
// Verify checks the export against the key it carries, which proves that
// nothing changed since it was signed but not who signed it.
type VerifyOptions struct {
	Key         ed25519.PublicKey // the expected signer's public key
	Fingerprint string            // or its fingerprint, in any form ParseFingerprint reads
}

// Report says what Verify checked and found.
type Report struct {
	Manifest       Manifest // as read from the archive; zero when unreadable
	Signer         string   // Fingerprint of the key in signer.pub; "" when unreadable
	SignatureValid bool     // the manifest's signature verifies under that key
	Pinned         bool     // a key was expected, it signed, and the signature is valid
	Files          int      // files listed in the manifest and checked
	Bytes          int64    // bytes of those files read and hashed
	// Mismatches lists every problem found, at most maxMismatches, in the
	// order of the checks: the archive's entries, the manifest, the
	// signature, the signer, each listed file, files not listed.
	Mismatches     []*Mismatch
	MoreMismatches int // found beyond those listed
}

// OK reports whether the export verified without any mismatch.
func (r *Report) OK() bool { return len(r.Mismatches) == 0 && r.MoreMismatches == 0 }

const maxMismatches = 1000

func (r *Report) add(path string, kind error, format string, args ...any) *Mismatch {
	m := &Mismatch{Path: path, Kind: kind, Detail: fmt.Sprintf(format, args...)}
	if len(r.Mismatches) < maxMismatches {
		r.Mismatches = append(r.Mismatches, m)
	} else {
		r.MoreMismatches++
	}
	return m
}

// result returns the report and its first mismatch as the error.
func (r *Report) result() (Report, error) {
	if len(r.Mismatches) > 0 {
		return *r, r.Mismatches[0]
	}
	return *r, nil
}

// Verify checks the export archive of size bytes read from r, offline:
// that it is a zip archive with safe, distinct entry names; that its
// manifest is present and well formed; that the signature of the manifest
// verifies under the key the archive carries; that this key is the
// expected one, when opt names one; that every file the manifest lists is
// in the archive with its size and SHA-256; and that the archive holds no
// other file. It reads every file through once, and never more than
// maxManifestSize bytes into memory.
//
// The error is the first mismatch, a *Mismatch wrapping ErrFormat,
// ErrMissing, ErrExtra, ErrDigest, ErrSignature or ErrSigner; the report
// lists it and the others. It stops at the first mismatch that makes the
// rest meaningless (an unreadable archive or manifest). Other errors are
// the context's, or a malformed opt.
func Verify(ctx context.Context, r io.ReaderAt, size int64, opt VerifyOptions) (Report, error) {
	var rep Report
	pinned, err := pinnedFingerprint(opt)
	if err != nil {
		return rep, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// ErrInsecurePath comes with a usable reader; the names are checked below.
		rep.add("", ErrFormat, "not a readable zip archive: %v", err)
		return rep.result()
	}
	if len(zr.File) > maxFiles+3 {
		rep.add("", ErrFormat, "%d entries in the archive; at most %d", len(zr.File), maxFiles+3)
		return rep.result()
	}
	entries, order := indexEntries(&rep, zr)

	manifestBytes, ok := readManifest(&rep, entries)
	if !ok {
		return rep.result()
	}
	sig, pub := readSignature(&rep, entries)
	if pub != nil {
		rep.Signer = Fingerprint(pub)
	}
	if sig != nil && pub != nil {
		switch {
		case ed25519.Verify(pub, manifestBytes, sig):
			rep.SignatureValid = true
			if rep.Manifest.Signer != rep.Signer {
				rep.add(ManifestName, ErrFormat, "names the signer %q but was signed by %s (signer.pub)", rep.Manifest.Signer, rep.Signer)
			}
		default:
			blameSignature(&rep, zr.Comment, manifestBytes)
		}
	}
	if pinned != "" && pub != nil {
		if rep.Signer != pinned {
			rep.add(PublicKeyName, ErrSigner, "signed by %s, not by the expected key %s", rep.Signer, pinned)
		} else {
			rep.Pinned = rep.SignatureValid
		}
	}
	if err := checkFiles(ctx, &rep, entries, order); err != nil {
		return rep, err
	}
	return rep.result()
}

// blameSignature records a signature that does not verify, naming what
// changed as far as can be told: the signature alone cannot say whether
// the manifest, the signature or the key was altered, but the manifest's
// SHA-256 in the archive's comment (unsigned, so only a hint) and the
// signer the manifest names can.
func blameSignature(rep *Report, comment string, manifest []byte) {
	recorded, known := commentDigest(comment)
	sum := sha256.Sum256(manifest)
	asExported := known && recorded == hex.EncodeToString(sum[:])
	switch {
	case known && !asExported:
		rep.add(ManifestName, ErrSignature, "altered after signing: the signature does not verify for it, and its SHA-256 differs from the one recorded in the archive's comment at export")
	case rep.Manifest.Signer != rep.Signer:
		rep.add(PublicKeyName, ErrSignature, "key %s is not the signer manifest.json names (%q) and the signature does not verify under it: signer.pub was replaced", rep.Signer, rep.Manifest.Signer)
	case asExported:
		rep.add(SignatureName, ErrSignature, "signature does not verify for manifest.json, which is as exported (its SHA-256 matches the archive's comment): manifest.sig was altered")
	default:
		rep.add(SignatureName, ErrSignature, "signature does not verify for manifest.json under the key in signer.pub (%s): manifest.json or manifest.sig was altered after signing", rep.Signer)
	}
}

// commentDigest returns the manifest's SHA-256 that Writer.Close writes
// in the archive's comment.
func commentDigest(comment string) (string, bool) {
	_, rest, ok := strings.Cut(comment, commentDigestLabel)
	if !ok || len(rest) < sha256.Size*2 || !evidence.ValidDigest(rest[:sha256.Size*2]) {
		return "", false
	}
	return rest[:sha256.Size*2], true
}

// pinnedFingerprint returns the fingerprint opt expects, "" for none.
func pinnedFingerprint(opt VerifyOptions) (string, error) {
	var fromKey, fromFP string
	if opt.Key != nil {
		if len(opt.Key) != ed25519.PublicKeySize {
			return "", fmt.Errorf("verify export: expected key of %d bytes; want %d", len(opt.Key), ed25519.PublicKeySize)
		}
		fromKey = Fingerprint(opt.Key)
	}
	if opt.Fingerprint != "" {
		fp, err := ParseFingerprint(opt.Fingerprint)
		if err != nil {
			return "", fmt.Errorf("verify export: expected signer: %w", err)
		}
		fromFP = fp
	}
	if fromKey != "" && fromFP != "" && fromKey != fromFP {
		return "", fmt.Errorf("verify export: the expected key (%s) and fingerprint (%s) differ", fromKey, fromFP)
	}
	if fromFP != "" {
		return fromFP, nil
	}
	return fromKey, nil
}

// indexEntries maps the archive's file entries by name and returns them in
// archive order, recording unsafe names and repeated entries. Empty
// directory entries, which some zip tools add, carry nothing and are left
// out.
func indexEntries(rep *Report, zr *zip.Reader) (map[string]*zip.File, []*zip.File) {
	entries := make(map[string]*zip.File, len(zr.File))
	order := make([]*zip.File, 0, len(zr.File))
	seen := map[string]int{}
	for _, f := range zr.File {
		name := f.Name
		if len(name) > maxPathLen {
			rep.add("", ErrFormat, "entry name of %d bytes (%q…); at most %d", len(name), name[:64], maxPathLen)
			continue
		}
		if strings.HasSuffix(name, "/") && f.UncompressedSize64 == 0 {
			if err := checkEntryPath(strings.TrimSuffix(name, "/")); err != nil {
				rep.add(printable(name), ErrFormat, "unsafe directory name: %v", err)
			}
			continue
		}
		if err := checkEntryPath(name); err != nil {
			rep.add(printable(name), ErrFormat, "unsafe entry name: %v", err)
			continue
		}
		seen[name]++
		if seen[name] == 2 {
			rep.add(name, ErrExtra, "appears more than once in the archive; which copy is meant is ambiguous")
		}
		if seen[name] > 1 {
			continue
		}
		entries[name] = f
		order = append(order, f)
	}
	return entries, order
}

// checkEntryPath is CheckPath for a name read from an archive, where the
// reserved names have their place.
func checkEntryPath(p string) error {
	switch p {
	case ManifestName, SignatureName, PublicKeyName, ReadmeName:
		return nil
	}
	return CheckPath(p)
}

// printable quotes a name that holds anything odd.
func printable(name string) string {
	q := fmt.Sprintf("%q", name)
	if q[1:len(q)-1] == name {
		return name
	}
	return q
}

// readEntry reads a small entry whole, at most max bytes.
func readEntry(f *zip.File, max int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(max) {
		return nil, fmt.Errorf("%d bytes; at most %d", f.UncompressedSize64, max)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("more than %d bytes", max)
	}
	return b, err
}

// entryError records why an entry could not be read: damaged bytes
// (which the zip's CRC-32 catches) count as a digest mismatch.
func entryError(rep *Report, name string, err error) {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		rep.add(name, ErrDigest, "damaged or altered inside the archive: its bytes fail the zip's CRC-32")
	case errors.Is(err, zip.ErrAlgorithm):
		rep.add(name, ErrFormat, "compressed with a method this verifier does not read")
	default:
		rep.add(name, ErrFormat, "cannot be read: %v", err)
	}
}

// readManifest reads, parses and checks manifest.json into rep.Manifest
// and returns its bytes, or records why it cannot.
func readManifest(rep *Report, entries map[string]*zip.File) ([]byte, bool) {
	f := entries[ManifestName]
	if f == nil {
		rep.add(ManifestName, ErrMissing, "missing: this is not a vigie case export, or it lost its manifest")
		return nil, false
	}
	b, err := readEntry(f, maxManifestSize)
	if err != nil {
		entryError(rep, ManifestName, err)
		return nil, false
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		rep.add(ManifestName, ErrFormat, "not valid JSON of a manifest: %v", err)
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		rep.add(ManifestName, ErrFormat, "data after the JSON object")
		return nil, false
	}
	if m.Format != FormatVersion {
		rep.add(ManifestName, ErrFormat, "format %q; this verifier reads %q", m.Format, FormatVersion)
		return nil, false
	}
	if len(m.Files) > maxFiles {
		rep.add(ManifestName, ErrFormat, "lists %d files; at most %d", len(m.Files), maxFiles)
		return nil, false
	}
	paths := newPathSet()
	for _, name := range []string{ManifestName, SignatureName, PublicKeyName} {
		paths.add(name)
	}
	for i, f := range m.Files {
		var err error
		switch {
		case checkEntryPath(f.Path) != nil:
			err = checkEntryPath(f.Path)
		case f.Size < 0:
			err = fmt.Errorf("file %s: negative size", f.Path)
		case !evidence.ValidDigest(f.SHA256):
			err = fmt.Errorf("file %s: sha256 %q is not a SHA-256 in lower-case hex", f.Path, f.SHA256)
		default:
			err = paths.add(f.Path)
		}
		if err != nil {
			rep.add(ManifestName, ErrFormat, "file %d: %v", i+1, err)
			return nil, false
		}
	}
	rep.Manifest = m
	return b, true
}

// readSignature reads manifest.sig and signer.pub, recording what is
// wrong with them; it returns nil for either it cannot use.
func readSignature(rep *Report, entries map[string]*zip.File) (sig []byte, pub ed25519.PublicKey) {
	if f := entries[SignatureName]; f == nil {
		rep.add(SignatureName, ErrMissing, "missing: the manifest is not signed")
	} else if b, err := readEntry(f, ed25519.SignatureSize); err != nil {
		entryError(rep, SignatureName, err)
	} else if len(b) != ed25519.SignatureSize {
		rep.add(SignatureName, ErrFormat, "%d bytes; want a %d-byte Ed25519 signature", len(b), ed25519.SignatureSize)
	} else {
		sig = b
	}
	if f := entries[PublicKeyName]; f == nil {
		rep.add(PublicKeyName, ErrMissing, "missing: no key to check the signature with")
	} else if b, err := readEntry(f, maxPublicKey); err != nil {
		entryError(rep, PublicKeyName, err)
	} else if k, err := parsePublicKey(b); err != nil {
		rep.add(PublicKeyName, ErrFormat, "%v", err)
	} else if canon, _ := encodePublicKey(k); !bytes.Equal(b, canon) {
		rep.add(PublicKeyName, ErrFormat, "its text differs from what vigie writes for its key: altered")
	} else {
		pub = k
	}
	return sig, pub
}

// checkFiles checks every listed file, then looks for unlisted ones.
func checkFiles(ctx context.Context, rep *Report, entries map[string]*zip.File, order []*zip.File) error {
	listed := make(map[string]bool, len(rep.Manifest.Files))
	missing := map[int64][]*missingFile{} // by size, to recognise a renamed file
	// A buffer as large as the largest file, within bounds: small exports
	// (and the fuzzer) need not pay for clearing a large one.
	var largest int64
	for _, mf := range rep.Manifest.Files {
		largest = max(largest, mf.Size)
	}
	buf := make([]byte, min(max(largest+1, 512), 128<<10))
	for _, mf := range rep.Manifest.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		listed[mf.Path] = true
		rep.Files++
		f := entries[mf.Path]
		if f == nil {
			m := rep.add(mf.Path, ErrMissing, "listed in the manifest but not in the archive")
			missing[mf.Size] = append(missing[mf.Size], &missingFile{File: mf, m: m})
			continue
		}
		if f.UncompressedSize64 != uint64(mf.Size) {
			rep.add(mf.Path, ErrDigest, "size %d differs from the manifest's %d", f.UncompressedSize64, mf.Size)
			continue
		}
		sum, n, err := hashEntry(ctx, f, buf)
		rep.Bytes += n
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			entryError(rep, mf.Path, err)
			continue
		}
		if sum != mf.SHA256 {
			rep.add(mf.Path, ErrDigest, "SHA-256 differs from the manifest (%s, manifest %s)", sum, mf.SHA256)
		}
	}
	for _, f := range order {
		switch f.Name {
		case ManifestName, SignatureName, PublicKeyName:
			continue
		}
		if listed[f.Name] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		m := rep.add(f.Name, ErrExtra, "in the archive but not listed in the manifest")
		// A listed file missing and an unlisted one of the same size: if
		// the bytes match, say it was renamed. The size bounds the reading.
		cands := missing[int64(f.UncompressedSize64)]
		if len(cands) == 0 || f.UncompressedSize64 > 1<<62 {
			continue
		}
		sum, _, err := hashEntry(ctx, f, buf)
		if err != nil {
			continue
		}
		for _, c := range cands {
			if c.SHA256 == sum && !c.found {
				c.found = true
				c.m.Detail += fmt.Sprintf("; its content is in %s (renamed?)", f.Name)
				m.Detail += fmt.Sprintf("; it holds the content of %s (renamed?)", c.Path)
				break
			}
		}
	}
	return nil
}

// missingFile is a listed file not found in the archive.
type missingFile struct {
	File
	m     *Mismatch
	found bool
}

// hashEntry returns the SHA-256 of an entry's content and its length,
// checking the context between chunks.
func hashEntry(ctx context.Context, f *zip.File, buf []byte) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return "", n, err
		}
		k, err := rc.Read(buf)
		h.Write(buf[:k])
		n += int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", n, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
