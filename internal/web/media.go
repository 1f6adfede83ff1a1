package web

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

// pictureTypes are the content types media serves; anything else
// attached to a post is listed, never sent to a browser.
var pictureTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// media serves a picture attached to a document, read from the evidence
// it was ingested from (a chat export zip) and checked against the
// SHA-256 recorded at ingest: the page shows it blurred until clicked.
func (s *Server) media(w http.ResponseWriter, r *http.Request, u *store.User) {
	if s.opt.Evidence == nil {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	d, err := s.st.Document(r.Context(), r.PathValue("id"))
	n, nerr := strconv.Atoi(r.PathValue("n"))
	if errors.Is(err, vigie.ErrNotFound) || nerr != nil || n < 0 || err == nil && n >= len(d.Media) {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	m := d.Media[n]
	if m.Path == "" || m.SHA256 == "" || d.Origin.Blob == "" {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	if !s.record(w, r, u, audit.ActionViewDocument, "document:"+d.ID, "picture "+strconv.Itoa(n)) {
		return
	}
	b, err := s.readZipMember(d.Origin.Blob, m.Path)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != m.SHA256 {
		s.internal(w, r, u, errors.New("attached file "+m.Path+" does not match its recorded SHA-256"))
		return
	}
	ct := http.DetectContentType(b)
	if !pictureTypes[ct] {
		s.fail(w, r, u, http.StatusUnsupportedMediaType, "notPicture")
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "inline")
	w.Write(b)
}

// readZipMember returns the file named name in the zip evidence blob, of
// at most imagehash.DefaultMaxBytes. The blob is not verified as a whole
// (a chat export can be gigabytes, and a page may show many pictures):
// the caller checks the file against its own recorded SHA-256.
func (s *Server) readZipMember(blob, name string) ([]byte, error) {
	f, size, err := s.opt.Evidence.OpenFile(blob)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, err
	}
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(io.LimitReader(rc, imagehash.DefaultMaxBytes))
	}
	return nil, errors.New("no file " + name + " in evidence " + blob)
}
