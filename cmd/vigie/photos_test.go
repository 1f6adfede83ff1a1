package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/evidence"
	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/imagehash/imagetest"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
	"github.com/vigie-project/vigie/internal/web"
)

// writeChatZip writes a WhatsApp export (Android format) whose messages
// each attach one of photos, as JPEG files, and returns its path.
func writeChatZip(t *testing.T, path, who string, photos ...image.Image) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var chat strings.Builder
	for i, p := range photos {
		name := "IMG-20240301-WA000" + string(rune('1'+i)) + ".jpg"
		chat.WriteString("01/03/2024, 10:0" + string(rune('0'+i)) + " - " + who + ": " + name + " (file attached)\n")
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(imagetest.JPEG(p, 85))
	}
	w, err := zw.Create("WhatsApp Chat with " + who + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(chat.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o640); err != nil {
		t.Fatal(err)
	}
}

// TestPhotoReuseLinks ingests two WhatsApp exports from different people
// that attach copies of one photo, cropped and re-encoded (other bytes,
// near perceptual hashes), and a third with an unrelated photo: the two
// messages with copies make one network through their photo, found
// incrementally and by a whole relink alike, the other stays apart, and
// the photo is found by its whole-image hash.
func TestPhotoReuseLinks(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(11, 3))
	shared, other := imagetest.Photo(rng, 400, 300), imagetest.Photo(rng, 400, 300)
	copyOf := imagetest.Resize(imagetest.Crop(shared, 80, 0, 0, 60), 80)
	a, b, c := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip"), filepath.Join(dir, "c.zip")
	writeChatZip(t, a, "Recruiter", shared)
	writeChatZip(t, b, "Agent", copyOf)
	writeChatZip(t, c, "Someone", other)
	data := filepath.Join(dir, "data")
	for _, f := range []string{a, c, b} { // the copy last: linked incrementally
		if sum := runIngestJSON(t, "--data", data, f); sum.Added != 1 {
			t.Fatalf("ingest %s: added %d; want 1", f, sum.Added)
		}
	}
	type net struct {
		ID        int64
		Size      int
		Documents []string
		Links     []struct{ Class, Value string } `json:"identifiers"`
	}
	nets := func(args ...string) []net {
		t.Helper()
		code, out, errs := vigieRun(t, "", append([]string{"networks", "--data", data, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("networks exit %d: %s", code, errs)
		}
		var ns []net
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line == "" {
				continue
			}
			var n net
			if err := json.Unmarshal([]byte(line), &n); err != nil {
				t.Fatalf("networks --json line %q: %v", line, err)
			}
			ns = append(ns, n)
		}
		return ns
	}
	incremental := nets()
	whole := nets("--relink")
	for name, ns := range map[string][]net{"incremental": incremental, "relink": whole} {
		if len(ns) != 1 || ns[0].Size != 2 {
			t.Fatalf("%s: networks %+v; want one of the two messages with copies", name, ns)
		}
		var classes []string
		for _, l := range ns[0].Links {
			classes = append(classes, l.Class)
		}
		if !slices.Contains(classes, "photo_hash") {
			t.Errorf("%s: network linked by %v; want photo_hash", name, classes)
		}
	}
	whash := imagehash.Of(imagetest.Reencode(shared, 85)).String()
	code, out, errs := vigieRun(t, "", "search", "--data", data, "--json", "photo_hash:"+whash)
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "Recruiter") {
		t.Errorf("search photo_hash:%s = exit %d, %q, %s; want the one message with that photo", whash, code, out, errs)
	}
}

// TestWebShowsPicturesBlurred ingests a WhatsApp export with a photo and
// reads its message in the web application: the page shows the picture
// blurred until clicked, and the picture is served from the evidence zip,
// byte for byte the file of the export.
func TestWebShowsPicturesBlurred(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 8))
	photo := imagetest.Photo(rng, 200, 150)
	zipPath := filepath.Join(dir, "chat.zip")
	writeChatZip(t, zipPath, "Someone", photo)
	data := filepath.Join(dir, "data")
	if sum := runIngestJSON(t, "--data", data, zipPath); sum.Added != 1 {
		t.Fatalf("added %d", sum.Added)
	}
	st, ev, err := dataFlags{data: &data, db: new(string)}.open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := st.Search(t.Context(), store.Query{Entities: []vigie.Entity{{Kind: vigie.KindPhoto, Value: sha256Hex(imagetest.JPEG(photo, 85))}}})
	if err != nil || len(res) != 1 {
		t.Fatalf("search by photo: %v, %v", res, err)
	}
	_, ts, c := webAs(t, st, "ana", web.Options{Evidence: ev})
	resp, err := c.Get(ts.URL + "/doc/" + url.PathEscape(res[0].ID))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `<label class="blur">`) {
		t.Fatalf("document page shows no blurred picture:\n%.3000s", page)
	}
	resp, err = c.Get(ts.URL + "/doc/" + url.PathEscape(res[0].ID) + "/media/0")
	if err != nil {
		t.Fatal(err)
	}
	img, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || !bytes.Equal(img, imagetest.JPEG(photo, 85)) {
		t.Errorf("picture: %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(img))
	}
	if resp, _ := c.Get(ts.URL + "/doc/" + url.PathEscape(res[0].ID) + "/media/1"); resp.StatusCode != 404 {
		t.Errorf("media/1: %d; want 404", resp.StatusCode)
	}
	// The zip is not verified whole at each request: the picture is
	// checked against its own SHA-256, so a changed picture is never shown.
	d, err := st.Document(t.Context(), res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var blob string
	ev.Walk(func(e evidence.Entry) error {
		if e.Digest == d.Origin.Blob {
			blob = filepath.Join(ev.Dir(), e.Path)
		}
		return nil
	})
	b, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	at := int64(-1)
	for _, zf := range zr.File {
		if zf.Name == d.Media[0].Path {
			off, _ := zf.DataOffset()
			at = off + int64(zf.CompressedSize64/2)
		}
	}
	if at < 0 {
		t.Fatal("picture not found in the evidence zip")
	}
	b[at] ^= 0x55
	if err := os.WriteFile(blob, b, 0o640); err != nil {
		t.Fatal(err)
	}
	resp, err = c.Get(ts.URL + "/doc/" + url.PathEscape(res[0].ID) + "/media/0")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Error("a changed picture is served")
	}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
