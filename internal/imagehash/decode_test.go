package imagehash

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// bitWriter writes bits least-significant first, as VP8L reads them.
type bitWriter struct {
	buf  []byte
	nbit uint
}

func (w *bitWriter) write(v uint32, n uint) {
	for i := range n {
		if w.nbit%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		w.buf[len(w.buf)-1] |= byte(v>>i&1) << (w.nbit % 8)
		w.nbit++
	}
}

// webpUniform builds a lossless WebP (VP8L) of w×h pixels of one colour,
// using five one-symbol prefix codes so that each pixel costs no bits.
// The standard library has no WebP encoder and no file of anyone else's
// is copied in.
func webpUniform(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2f, 8)
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	bw.write(0, 1) // alpha hint
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // 8-bit symbol
		bw.write(uint32(sym), 8)
	}
	data := bw.buf
	if len(data)%2 == 1 {
		data = append(data, 0)
	}
	var out []byte
	out = append(out, "RIFF"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(4+8+len(data)))
	out = append(out, "WEBPVP8L"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(bw.buf)))
	return append(out, data...)
}

func encode(t testing.TB, format string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85})
	case "png":
		err = png.Encode(&buf, img)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	default:
		t.Fatalf("encode: unknown format %q", format)
	}
	if err != nil {
		t.Fatalf("encode %s: %v", format, err)
	}
	return buf.Bytes()
}

// pngWithSize rewrites the IHDR of a PNG to declare w×h, fixing its CRC.
func pngWithSize(b []byte, w, h uint32) []byte {
	b = bytes.Clone(b)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// flip returns a copy of b with the byte at i inverted.
func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0xff
	return b
}

func testImage() *image.RGBA {
	return genImage(rand.New(rand.NewPCG(1, 2)), 120, 90)
}

func TestDecodeFormats(t *testing.T) {
	src := testImage()
	want := Of(src)
	for _, format := range []string{"jpeg", "png", "gif"} {
		img, got, err := Decode(encode(t, format, src), Limits{})
		if err != nil {
			t.Errorf("Decode(%s) error: %v", format, err)
			continue
		}
		if got != format {
			t.Errorf("Decode(%s) format = %q; want %q", format, got, format)
		}
		if img.Bounds() != src.Bounds() {
			t.Errorf("Decode(%s) bounds = %v; want %v", format, img.Bounds(), src.Bounds())
		}
		if d := Distance(Of(img), want); d > 6 {
			t.Errorf("Distance(Of(Decode(%s)), Of(src)) = %d; want ≤ 6", format, d)
		}
	}
	img, format, err := Decode(webpUniform(33, 17, color.NRGBA{200, 100, 50, 255}), Limits{})
	if err != nil {
		t.Fatalf("Decode(webp) error: %v", err)
	}
	if format != "webp" || img.Bounds() != image.Rect(0, 0, 33, 17) {
		t.Errorf("Decode(webp) = %v, %q; want 33x17, webp", img.Bounds(), format)
	}
	if r, g, b, _ := img.At(5, 5).RGBA(); r>>8 != 200 || g>>8 != 100 || b>>8 != 50 {
		t.Errorf("Decode(webp).At(5, 5) = %d,%d,%d; want 200,100,50", r>>8, g>>8, b>>8)
	}
}

func TestDecodeErrors(t *testing.T) {
	src := testImage()
	jpg, pngb, gifb := encode(t, "jpeg", src), encode(t, "png", src), encode(t, "gif", src)
	bigGIF := bytes.Clone(gifb)
	binary.LittleEndian.PutUint16(bigGIF[6:], 65535)
	binary.LittleEndian.PutUint16(bigGIF[8:], 65535)
	tests := []struct {
		name     string
		in       []byte
		lim      Limits
		tooLarge bool
	}{
		{"empty", nil, Limits{}, false},
		{"text", []byte("hello, this is not an image"), Limits{}, false},
		{"bmp", []byte("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"), Limits{}, false},
		{"jpeg truncated", jpg[:len(jpg)/2], Limits{}, false},
		{"jpeg header only", jpg[:2], Limits{}, false},
		{"png truncated", pngb[:len(pngb)/2], Limits{}, false},
		{"png corrupt data", flip(pngb, len(pngb)/2), Limits{}, false},
		{"gif truncated", gifb[:len(gifb)/2], Limits{}, false},
		{"webp truncated", webpUniform(8, 8, color.NRGBA{A: 255})[:24], Limits{}, false},
		{"riff not webp", []byte("RIFF\x10\x00\x00\x00WAVEfmt \x00\x00\x00\x00"), Limits{}, false},
		{"png zero width", pngWithSize(pngb, 0, 10), Limits{}, false},
		{"png bomb", pngWithSize(pngb, 100000, 100000), Limits{}, true},
		{"gif bomb", bigGIF, Limits{}, true},
		{"webp bomb", webpUniform(16384, 16384, color.NRGBA{A: 255}), Limits{}, true},
		{"over MaxPixels", jpg, Limits{MaxPixels: 120*90 - 1}, true},
		{"over MaxBytes", jpg, Limits{MaxBytes: int64(len(jpg) - 1)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, format, err := Decode(tt.in, tt.lim)
			if err == nil {
				t.Fatalf("Decode(%s) = %v, %q, nil; want an error", tt.name, img.Bounds(), format)
			}
			if !errors.Is(err, vigie.ErrInvalid) {
				t.Errorf("Decode(%s) error %v; want it to wrap vigie.ErrInvalid", tt.name, err)
			}
			if got := errors.Is(err, ErrTooLarge); got != tt.tooLarge {
				t.Errorf("Decode(%s) error %v: errors.Is(ErrTooLarge) = %v; want %v", tt.name, err, got, tt.tooLarge)
			}
			if img != nil || format != "" {
				t.Errorf("Decode(%s) returned an image or format with an error", tt.name)
			}
		})
	}
	// Exactly at the limits is accepted.
	if _, _, err := Decode(jpg, Limits{MaxPixels: 120 * 90, MaxBytes: int64(len(jpg))}); err != nil {
		t.Errorf("Decode(jpeg at the limits) error: %v", err)
	}
}

// FuzzDecode checks that any input gives an image within the limits or an
// error wrapping vigie.ErrInvalid, and never a panic.
func FuzzDecode(f *testing.F) {
	src := genImage(rand.New(rand.NewPCG(3, 4)), 24, 16)
	for _, format := range []string{"jpeg", "png", "gif"} {
		f.Add(encode(f, format, src))
	}
	f.Add(webpUniform(5, 3, color.NRGBA{1, 2, 3, 4}))
	f.Add(pngWithSize(encode(f, "png", src), 5000, 5000))
	f.Add([]byte("GIF89a"))
	lim := Limits{MaxPixels: 1 << 20, MaxBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, b []byte) {
		img, format, err := Decode(b, lim)
		if err != nil {
			if !errors.Is(err, vigie.ErrInvalid) {
				t.Fatalf("Decode error %v does not wrap vigie.ErrInvalid", err)
			}
			return
		}
		switch format {
		case "jpeg", "png", "gif", "webp":
		default:
			t.Fatalf("Decode format = %q", format)
		}
		r := img.Bounds()
		if r.Empty() || int64(r.Dx())*int64(r.Dy()) > lim.MaxPixels {
			t.Fatalf("Decode bounds %v outside the limits", r)
		}
		Of(img)
	})
}

func BenchmarkDecodeAndHash(b *testing.B) {
	src := genImage(rand.New(rand.NewPCG(5, 6)), 1024, 768)
	inputs := map[string][]byte{
		"jpeg": encode(b, "jpeg", src),
		"png":  encode(b, "png", src),
		"gif":  encode(b, "gif", src),
		"webp": webpUniform(1024, 768, color.NRGBA{10, 20, 30, 255}),
	}
	for _, format := range []string{"jpeg", "png", "gif", "webp"} {
		in := inputs[format]
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				img, _, err := Decode(in, Limits{})
				if err != nil {
					b.Fatal(err)
				}
				Of(img)
			}
		})
	}
}
