// Package evidence keeps the original bytes of everything vigie ingests —
// posts, pages, chat exports, HTTP exchanges — as immutable blobs named by
// their SHA-256 digest, so that any finding can be traced back to the exact
// bytes it came from and anyone can check that they were not altered.
//
// Blobs live under a directory as blobs/ab/cd/<64 hex digits>. A blob is
// written to a temporary file, synced, then renamed into place, and the
// directory synced: after a crash a blob is either whole or absent, never
// half-written under its name. Every read checks the digest.
//
// A Store is safe for concurrent use by several goroutines and several
// processes sharing the directory: writers of the same content race to a
// rename of identical bytes.
package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// ErrCorrupt is returned when a blob's bytes no longer match its digest.
var ErrCorrupt = errors.New("blob corrupt: content does not match its digest")

// Ref names a stored blob: its SHA-256 digest in lower-case hex, and its
// size in bytes.
type Ref struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Store is a content-addressed blob store in one directory.
type Store struct {
	dir string
}

// Open opens the store in dir, creating it if needed.
func Open(dir string) (*Store, error) {
	for _, d := range []string{dir, filepath.Join(dir, "blobs"), filepath.Join(dir, "tmp")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("open evidence store: %w", err)
		}
	}
	return &Store{dir: dir}, nil
}

// Dir returns the directory of the store.
func (s *Store) Dir() string { return s.dir }

// ValidDigest reports whether d is a SHA-256 digest in lower-case hex.
func ValidDigest(d string) bool {
	if len(d) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if c := d[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// path returns the file of the blob with digest d (a valid digest).
func (s *Store) path(d string) string {
	return filepath.Join(s.dir, "blobs", d[:2], d[2:4], d)
}

// Put stores the bytes read from r and returns their reference. Storing
// content already present changes nothing and returns the same Ref. On
// error nothing is left under a blob name.
func (s *Store) Put(r io.Reader) (Ref, error) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "put-*")
	if err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	ref := Ref{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}
	dst := s.path(ref.SHA256)
	if st, err := os.Stat(dst); err == nil && st.Size() == n {
		// Already stored: the existing file was synced before it got its
		// name. A file of the wrong size is corrupt and gets replaced.
		return ref, nil
	}
	if err := tmp.Sync(); err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return Ref{}, fmt.Errorf("store blob: %w", err)
	}
	return ref, nil
}

// PutBytes stores b; see Put.
func (s *Store) PutBytes(b []byte) (Ref, error) { return s.Put(bytes.NewReader(b)) }

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open returns a reader of the blob with digest d. The reader checks the
// digest as it goes: its Read returns ErrCorrupt instead of io.EOF when the
// bytes read do not match. The caller closes it. A missing blob gives an
// error wrapping vigie.ErrNotFound; a malformed digest, vigie.ErrInvalid.
func (s *Store) Open(d string) (io.ReadCloser, error) {
	if !ValidDigest(d) {
		return nil, fmt.Errorf("open blob %q: %w", d, vigie.ErrInvalid)
	}
	f, err := os.Open(s.path(d))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open blob %s: %w", d, vigie.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob %s: %w", d, err)
	}
	return &verifier{f: f, h: sha256.New(), want: d}, nil
}

// verifier hashes what it reads and compares at the end.
type verifier struct {
	f    *os.File
	h    hash.Hash
	want string
	err  error
}

func (v *verifier) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n, err := v.f.Read(p)
	v.h.Write(p[:n])
	if err == io.EOF {
		if hex.EncodeToString(v.h.Sum(nil)) != v.want {
			err = fmt.Errorf("read blob %s: %w", v.want, ErrCorrupt)
		}
	}
	if err != nil {
		v.err = err
	}
	return n, err
}

func (v *verifier) Close() error { return v.f.Close() }

// Get returns the content of the blob with digest d, checked; see Open.
func (s *Store) Get(d string) ([]byte, error) {
	r, err := s.Open(d)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// Verify reads the blob with digest d through and reports whether it is
// present and intact: nil, or an error wrapping vigie.ErrNotFound or
// ErrCorrupt.
func (s *Store) Verify(d string) error {
	r, err := s.Open(d)
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(io.Discard, r)
	return err
}

// Delete removes the blob with digest d, for retention: evidence past
// its keeping period goes. Removing a missing blob is no error (a
// retention run that stopped half-way runs again).
func (s *Store) Delete(d string) error {
	if !ValidDigest(d) {
		return fmt.Errorf("delete blob %q: %w", d, vigie.ErrInvalid)
	}
	if err := os.Remove(s.path(d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete blob %s: %w", d, err)
	}
	return nil
}

// Entry is one file found by Walk: a blob named by its digest, or a stray
// file under blobs/ that is not named like one (Digest empty), which does
// not belong there.
type Entry struct {
	Digest string
	Path   string // relative to the store's directory, slash-separated
}

// Walk calls fn with every file under blobs/, in lexical order, stopping at
// the first error fn returns.
func (s *Store) Walk(fn func(Entry) error) error {
	root := filepath.Join(s.dir, "blobs")
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(s.dir, p)
		ent := Entry{Path: filepath.ToSlash(rel)}
		if name := e.Name(); ValidDigest(name) && p == s.path(name) {
			ent.Digest = name
		}
		return fn(ent)
	})
}

// CleanTemp removes temporary files left by writers that died before they
// renamed them (a crash, a SIGKILL). Call it when no other process writes
// to the store, such as at start-up.
func (s *Store) CleanTemp() (removed int, err error) {
	dir := filepath.Join(s.dir, "tmp")
	es, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("clean temporary blobs: %w", err)
	}
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), "put-") {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("clean temporary blobs: %w", err)
		}
		removed++
	}
	return removed, nil
}

// OpenVerified checks the blob with digest d (see Verify) and returns it as
// a file for random access, such as reading a zip archive. The caller
// closes it. The check is made before the file is handed out: a change
// afterwards is not seen.
func (s *Store) OpenVerified(d string) (*os.File, int64, error) {
	if err := s.Verify(d); err != nil {
		return nil, 0, err
	}
	return s.OpenFile(d)
}

// OpenFile returns the blob with digest d as a file for random access,
// and its size, without checking it: for reading a part of a large blob
// whose own digest the caller checks (a picture in a chat export, whose
// SHA-256 was recorded at ingest), where reading the whole blob at each
// request would cost too much. The caller closes it. Errors as for Open.
func (s *Store) OpenFile(d string) (*os.File, int64, error) {
	if !ValidDigest(d) {
		return nil, 0, fmt.Errorf("open blob %q: %w", d, vigie.ErrInvalid)
	}
	f, err := os.Open(s.path(d))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("open blob %s: %w", d, vigie.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open blob %s: %w", d, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("open blob %s: %w", d, err)
	}
	return f, st.Size(), nil
}
