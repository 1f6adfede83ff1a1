package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func digestOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestPutGet(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"text", []byte("Passage Zuwara → Lampedusa, 2500 € par personne")},
		{"binary", []byte{0, 0xff, 0xfe, 0, 1, 2, 3}},
		{"large", bytes.Repeat([]byte("0123456789abcdef"), 1<<16)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref, err := s.PutBytes(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if want := digestOf(tc.data); ref.SHA256 != want || ref.Size != int64(len(tc.data)) {
				t.Fatalf("PutBytes = %+v; want digest %s size %d", ref, want, len(tc.data))
			}
			got, err := s.Get(ref.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Errorf("Get returned %d bytes; want the %d stored", len(got), len(tc.data))
			}
			if err := s.Verify(ref.SHA256); err != nil {
				t.Errorf("Verify = %v; want nil", err)
			}
			// Storing it again is a no-op giving the same reference.
			again, err := s.PutBytes(tc.data)
			if err != nil || again != ref {
				t.Errorf("second PutBytes = %+v, %v; want %+v", again, err, ref)
			}
		})
	}
	if es, _ := os.ReadDir(filepath.Join(s.Dir(), "tmp")); len(es) != 0 {
		t.Errorf("%d temporary files left after successful puts", len(es))
	}
}

func TestCorruptAndMissing(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ref, err := s.PutBytes([]byte("original evidence"))
	if err != nil {
		t.Fatal(err)
	}
	p := s.path(ref.SHA256)
	if err := os.WriteFile(p, []byte("tampered evidence"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ref.SHA256); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Verify(tampered) = %v; want ErrCorrupt", err)
	}
	if _, err := s.Get(ref.SHA256); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Get(tampered) = %v; want ErrCorrupt", err)
	}
	if _, _, err := s.OpenVerified(ref.SHA256); !errors.Is(err, ErrCorrupt) {
		t.Errorf("OpenVerified(tampered) = %v; want ErrCorrupt", err)
	}
	// OpenFile does not check: its caller checks the part it reads.
	if f, size, err := s.OpenFile(ref.SHA256); err != nil || size != int64(len("tampered evidence")) {
		t.Errorf("OpenFile(tampered) = %d, %v; want the file, unchecked", size, err)
	} else {
		f.Close()
	}
	// Put trusts an existing blob of the right size (Verify is what finds
	// tampering) but replaces one of the wrong size, such as a truncated
	// copy.
	if err := os.WriteFile(p, []byte("short"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutBytes([]byte("original evidence")); err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ref.SHA256); err != nil {
		t.Errorf("Verify after re-put of a truncated blob = %v; want nil", err)
	}

	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ref.SHA256); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("Verify(missing) = %v; want ErrNotFound", err)
	}
	if err := s.Delete(ref.SHA256); err != nil {
		t.Errorf("Delete(missing) = %v; want nil", err)
	}
	if err := s.Delete("../x"); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("Delete(a path) = %v; want ErrInvalid", err)
	}
	if _, _, err := s.OpenFile(ref.SHA256); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("OpenFile(missing) = %v; want ErrNotFound", err)
	}
	if _, _, err := s.OpenFile("../../etc/passwd"); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("OpenFile(a path) = %v; want ErrInvalid", err)
	}
	for _, bad := range []string{"", "abc", strings.Repeat("G", 64), strings.ToUpper(ref.SHA256), "../../etc/passwd"} {
		if _, err := s.Open(bad); !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("Open(%q) = %v; want ErrInvalid", bad, err)
		}
	}
}

// failingReader fails after giving some bytes, like a connection that drops.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	k := min(len(p), r.n)
	r.n -= k
	return k, nil
}

func TestPutFailureLeavesNothing(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(&failingReader{n: 1000}); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("Put(failing reader) = %v; want the reader's error", err)
	}
	n := 0
	if err := s.Walk(func(Entry) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d blobs after a failed put; want 0", n)
	}
	if es, _ := os.ReadDir(filepath.Join(s.Dir(), "tmp")); len(es) != 0 {
		t.Errorf("%d temporary files left after a failed put", len(es))
	}
}

func TestWalkAndCleanTemp(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, c := range []string{"a", "b", "c"} {
		ref, err := s.PutBytes([]byte(c))
		if err != nil {
			t.Fatal(err)
		}
		want[ref.SHA256] = true
	}
	stray := filepath.Join(s.Dir(), "blobs", "notes.txt")
	if err := os.WriteFile(stray, []byte("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	var strays []string
	got := map[string]bool{}
	err = s.Walk(func(e Entry) error {
		if e.Digest == "" {
			strays = append(strays, e.Path)
		} else {
			got[e.Digest] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("Walk found %d blobs; want %d", len(got), len(want))
	}
	for d := range want {
		if !got[d] {
			t.Errorf("Walk missed blob %s", d)
		}
	}
	if len(strays) != 1 || strays[0] != "blobs/notes.txt" {
		t.Errorf("Walk strays = %v; want [blobs/notes.txt]", strays)
	}

	// A writer killed before its rename leaves a temporary file.
	if err := os.WriteFile(filepath.Join(s.Dir(), "tmp", "put-123"), []byte("half"), 0o640); err != nil {
		t.Fatal(err)
	}
	n, err := s.CleanTemp()
	if err != nil || n != 1 {
		t.Errorf("CleanTemp = %d, %v; want 1, nil", n, err)
	}
}

func TestConcurrentPutsOfSameContent(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("same post captured twice "), 4096)
	var wg sync.WaitGroup
	refs := make([]Ref, 8)
	errs := make([]error, 8)
	for i := range refs {
		wg.Go(func() { refs[i], errs[i] = s.PutBytes(data) })
	}
	wg.Wait()
	for i := range refs {
		if errs[i] != nil || refs[i] != refs[0] {
			t.Errorf("put %d = %+v, %v; want %+v", i, refs[i], errs[i], refs[0])
		}
	}
	if err := s.Verify(refs[0].SHA256); err != nil {
		t.Errorf("Verify after concurrent puts = %v", err)
	}
}
