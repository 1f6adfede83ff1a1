package imagehash

import (
	"errors"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b Hash
		want int
	}{
		{"equal", 0x1234, 0x1234, 0},
		{"one bit", 0, 1 << 63, 1},
		{"all bits", 0, ^Hash(0), 64},
		{"mixed", 0xf0f0, 0x0ff0, 8},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Distance(%v, %v) = %d; want %d", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestStringParse(t *testing.T) {
	for _, h := range []Hash{0, 1, 0x0123456789abcdef, ^Hash(0)} {
		s := h.String()
		if len(s) != 16 {
			t.Errorf("Hash(%d).String() = %q; want 16 digits", uint64(h), s)
		}
		got, err := ParseHash(s)
		if err != nil || got != h {
			t.Errorf("ParseHash(%q) = %v, %v; want %v, nil", s, got, err, h)
		}
	}
	if got, err := ParseHash("0123456789ABCDEF"); err != nil || got != 0x0123456789abcdef {
		t.Errorf("ParseHash(upper case) = %v, %v; want 0123456789abcdef, nil", got, err)
	}
	for _, s := range []string{"", "0", "0123456789abcdef0", "0123456789abcdeg", "+123456789abcdef", " 123456789abcdef"} {
		if _, err := ParseHash(s); !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("ParseHash(%q) error = %v; want vigie.ErrInvalid", s, err)
		}
	}
}

// patterned draws an integer-only pattern, identical on every platform.
func patterned(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8((x*x/7 + 3*y + (x/16+y/16)%2*90) % 256)
			img.SetRGBA(x, y, color.RGBA{v, uint8(x), uint8(255 - y%256), 255})
		}
	}
	return img
}

// TestOfGolden pins the hash of a fixed image: a change here changes every
// stored hash, and must be a deliberate change of method.
func TestOfGolden(t *testing.T) {
	tests := []struct {
		name string
		img  image.Image
		want string
	}{
		{"pattern 200x150", patterned(200, 150), "fb001f84079f1f55"},
		{"pattern 17x9", patterned(17, 9), "6475aa7714b58c55"},
		{"uniform", image.NewUniform(color.Gray{128}), "0000000000000000"},
	}
	for _, tt := range tests {
		var got string
		if u, ok := tt.img.(*image.Uniform); ok {
			m := image.NewRGBA(image.Rect(0, 0, 40, 40))
			draw.Draw(m, m.Bounds(), u, image.Point{}, draw.Src)
			got = Of(m).String()
		} else {
			got = Of(tt.img).String()
		}
		if got != tt.want {
			t.Errorf("%s: Of() = %s; want %s", tt.name, got, tt.want)
		}
	}
}

// opaque hides the concrete type of an image, forcing the generic path.
type opaque struct{ image.Image }

func TestFastPathsMatchGeneric(t *testing.T) {
	src := genImage(rand.New(rand.NewPCG(7, 8)), 97, 61)
	b := src.Bounds()
	nrgba := image.NewNRGBA(b)
	for i := range nrgba.Pix {
		nrgba.Pix[i] = src.Pix[i]
		if i%4 == 3 {
			nrgba.Pix[i] = uint8(i * 7) // varied alpha
		}
	}
	gray := image.NewGray(b)
	draw.Draw(gray, b, src, b.Min, draw.Src)
	pal := image.NewPaletted(b, color.Palette{color.Black, color.White, color.NRGBA{200, 10, 10, 128}, color.Transparent})
	draw.Draw(pal, b, src, b.Min, draw.Src)
	ycc := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
	nycca := image.NewNYCbCrA(b, image.YCbCrSubsampleRatio444)
	for y := range b.Dy() {
		for x := range b.Dx() {
			c := src.RGBAAt(x, y)
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			ycc.Y[ycc.YOffset(x, y)] = yy
			ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = cb, cr
			nycca.Y[nycca.YOffset(x, y)] = yy
			nycca.Cb[nycca.COffset(x, y)], nycca.Cr[nycca.COffset(x, y)] = cb, cr
			nycca.A[nycca.AOffset(x, y)] = uint8(x * 5)
		}
	}
	tests := []struct {
		name    string
		img     image.Image
		maxDist int // YCbCr uses stored luma, close to but not exactly the RGB formula
	}{
		{"rgba", src, 0},
		{"rgba sub-image", src.SubImage(image.Rect(10, 5, 80, 50)), 0},
		{"nrgba", nrgba, 0},
		{"gray", gray, 0},
		{"paletted", pal, 0},
		{"ycbcr", ycc, 2},
		{"nycbcra", nycca, 2},
	}
	for _, tt := range tests {
		fast, generic := Hashes(tt.img), Hashes(opaque{tt.img})
		for i := range fast {
			if d := Distance(fast[i], generic[i]); d > tt.maxDist {
				t.Errorf("%s: hash %d: fast %v, generic %v: distance %d; want ≤ %d", tt.name, i, fast[i], generic[i], d, tt.maxDist)
			}
		}
	}
}

func TestAlphaComposedOnWhite(t *testing.T) {
	b := image.Rect(0, 0, 64, 48)
	onWhite := image.NewRGBA(b)
	draw.Draw(onWhite, b, image.White, image.Point{}, draw.Src)
	onBlack := image.NewRGBA(b) // opaque black background
	draw.Draw(onBlack, b, image.Black, image.Point{}, draw.Src)
	transparent := image.NewNRGBA(b) // fully transparent black background
	shape := image.Rect(8, 8, 30, 40)
	for _, m := range []draw.Image{onWhite, onBlack, transparent} {
		draw.Draw(m, shape, image.NewUniform(color.RGBA{0, 0, 200, 255}), image.Point{}, draw.Src)
		draw.Draw(m, image.Rect(40, 10, 60, 20), image.NewUniform(color.RGBA{120, 0, 0, 255}), image.Point{}, draw.Src)
	}
	if got, want := Of(transparent), Of(onWhite); got != want {
		t.Errorf("Of(shapes on transparent) = %v; want %v (shapes on white)", got, want)
	}
	if Of(transparent) == Of(onBlack) {
		t.Errorf("Of(shapes on transparent) = Of(shapes on black) = %v; want them to differ", Of(onBlack))
	}
}

func TestOfTinyImages(t *testing.T) {
	for _, r := range []image.Rectangle{image.Rect(0, 0, 1, 1), image.Rect(0, 0, 3, 50), image.Rect(-5, -5, 40, -3), image.Rect(0, 0, 0, 0)} {
		img := patterned(r.Dx()+1, r.Dy()+1).SubImage(r.Add(image.Pt(-r.Min.X, -r.Min.Y)))
		hs := Hashes(img)
		if len(hs) != 1+len(crops) || hs[0] != Of(img) {
			t.Errorf("Hashes(%v) = %v; want %d hashes starting with Of = %v", r, hs, 1+len(crops), Of(img))
		}
	}
	if got := Of(image.NewRGBA(image.Rect(0, 0, 1, 1))); got != 0 {
		t.Errorf("Of(1x1) = %v; want 0", got)
	}
}

func TestSimilar(t *testing.T) {
	tests := []struct {
		name string
		a, b []Hash
		want bool
	}{
		{"empty", nil, []Hash{0}, false},
		{"same whole", []Hash{0xff}, []Hash{0xff}, true},
		{"whole near a crop of b", []Hash{0xff}, []Hash{0, 0xfe}, true},
		{"crop of a near whole of b", []Hash{0, 0xfe}, []Hash{0xff}, true},
		{"crops only near each other", []Hash{^Hash(0), 0xff}, []Hash{0, 0xff}, false},
		{"far", []Hash{^Hash(0), 0x0f}, []Hash{0, 0xf0}, false},
	}
	for _, tt := range tests {
		if got := Similar(tt.a, tt.b, 1); got != tt.want {
			t.Errorf("%s: Similar(%v, %v, 1) = %v; want %v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}

func BenchmarkOf(b *testing.B) {
	src := genImage(rand.New(rand.NewPCG(9, 10)), 1024, 768)
	ycc := image.NewYCbCr(src.Bounds(), image.YCbCrSubsampleRatio420)
	for _, tt := range []struct {
		name string
		img  image.Image
	}{{"rgba", src}, {"ycbcr", ycc}, {"generic", opaque{src}}} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				Of(tt.img)
			}
		})
	}
	b.Run("hashes-rgba", func(b *testing.B) {
		for b.Loop() {
			Hashes(src)
		}
	})
}

// TestParseHashes checks the stored form of a photo's hashes.
func TestParseHashes(t *testing.T) {
	hs := []Hash{0x0123456789abcdef, 0, 0xffffffffffffffff}
	s := FormatHashes(hs)
	if s != "0123456789abcdef.0000000000000000.ffffffffffffffff" {
		t.Fatalf("FormatHashes = %q", s)
	}
	got, err := ParseHashes(strings.ToUpper(s))
	if err != nil || !slices.Equal(got, hs) {
		t.Fatalf("ParseHashes(%q) = %v, %v; want %v", s, got, err, hs)
	}
	for _, bad := range []string{"", ".", "0123456789abcdef.", "0123456789abcdef..0123456789abcdef", "0123456789abcdeg",
		strings.Repeat("0123456789abcdef.", 7) + "0123456789abcdef"} {
		if _, err := ParseHashes(bad); !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("ParseHashes(%q) = %v; want ErrInvalid", bad, err)
		}
	}
}

// FuzzParseHashes checks that ParseHashes never panics and that what it
// accepts writes back the same, up to case.
func FuzzParseHashes(f *testing.F) {
	f.Add("0123456789abcdef.0000000000000000")
	f.Add("zz")
	f.Fuzz(func(t *testing.T, s string) {
		hs, err := ParseHashes(s)
		if err != nil {
			return
		}
		if len(hs) == 0 || len(hs) > maxHashes || FormatHashes(hs) != strings.ToLower(s) {
			t.Fatalf("ParseHashes(%q) = %v, written back %q", s, hs, FormatHashes(hs))
		}
	})
}
