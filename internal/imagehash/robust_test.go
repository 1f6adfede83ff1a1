package imagehash

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/draw"
)

var robustN = flag.Int("imagehash.n", 150, "number of generated images in TestRobustness (300 for the documented figures)")

// genImage draws a synthetic photo-like image: a smooth two-colour gradient
// with a vignette, soft-edged ellipses and rectangles, a striped or
// checked texture patch, and pixel noise. No real photo is used.
func genImage(rng *rand.Rand, w, h int) *image.RGBA {
	rcol := func() [3]float64 {
		return [3]float64{rng.Float64() * 255, rng.Float64() * 255, rng.Float64() * 255}
	}
	c0, c1 := rcol(), rcol()
	ang := rng.Float64() * 2 * math.Pi
	dx, dy := math.Cos(ang), math.Sin(ang)
	type shape struct {
		ellipse        bool
		cx, cy, rx, ry float64
		col            [3]float64
		soft, alpha    float64
		cos, sin       float64
	}
	shapes := make([]shape, 3+rng.IntN(6))
	for i := range shapes {
		shapes[i] = shape{
			ellipse: rng.IntN(2) == 0,
			cx:      rng.Float64() * float64(w), cy: rng.Float64() * float64(h),
			rx: (0.05 + 0.3*rng.Float64()) * float64(w), ry: (0.05 + 0.3*rng.Float64()) * float64(h),
			col: rcol(), soft: 1 + rng.Float64()*8, alpha: 0.5 + 0.5*rng.Float64(),
		}
		shapes[i].sin, shapes[i].cos = math.Sincos(rng.Float64() * math.Pi)
	}
	// Texture patch.
	tx0, ty0 := rng.Float64()*float64(w)*0.7, rng.Float64()*float64(h)*0.7
	tx1, ty1 := tx0+float64(w)*(0.15+0.3*rng.Float64()), ty0+float64(h)*(0.15+0.3*rng.Float64())
	freq := 0.1 + 0.5*rng.Float64()
	tcol := rcol()
	checked := rng.IntN(2) == 0
	noise := 2 + rng.Float64()*10

	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x), float64(y)
			t := (dx*(fx/float64(w)-0.5) + dy*(fy/float64(h)-0.5)) + 0.5
			t = math.Max(0, math.Min(1, t))
			var c [3]float64
			for k := range 3 {
				c[k] = c0[k]*(1-t) + c1[k]*t
			}
			vx, vy := fx/float64(w)-0.5, fy/float64(h)-0.5
			vig := 1 - 0.6*(vx*vx+vy*vy)
			for k := range 3 {
				c[k] *= vig
			}
			for _, s := range shapes {
				px, py := fx-s.cx, fy-s.cy
				rx := px*s.cos + py*s.sin
				ry := -px*s.sin + py*s.cos
				var d float64 // signed distance-ish, negative inside
				if s.ellipse {
					d = (math.Sqrt(rx*rx/(s.rx*s.rx)+ry*ry/(s.ry*s.ry)) - 1) * math.Min(s.rx, s.ry)
				} else {
					d = math.Max(math.Abs(rx)-s.rx, math.Abs(ry)-s.ry)
				}
				a := s.alpha * math.Max(0, math.Min(1, 0.5-d/s.soft))
				for k := range 3 {
					c[k] = c[k]*(1-a) + s.col[k]*a
				}
			}
			if fx >= tx0 && fx < tx1 && fy >= ty0 && fy < ty1 {
				var v float64
				if checked {
					v = math.Sin(fx*freq) * math.Sin(fy*freq)
				} else {
					v = math.Sin((fx + fy) * freq)
				}
				a := 0.35 * (v + 1) / 2
				for k := range 3 {
					c[k] = c[k]*(1-a) + tcol[k]*a
				}
			}
			n := rng.NormFloat64() * noise
			var px [4]uint8
			for k := range 3 {
				px[k] = uint8(math.Max(0, math.Min(255, c[k]+n)))
			}
			px[3] = 255
			copy(img.Pix[img.PixOffset(x, y):], px[:])
		}
	}
	return img
}

func reencodeJPEG(img image.Image, q int) image.Image {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	out, err := jpeg.Decode(&buf)
	if err != nil {
		panic(err)
	}
	return out
}

func resize(img image.Image, pct int) image.Image {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()*pct/100, b.Dy()*pct/100))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// crop cuts the given thousandths from the left, top, right and bottom.
func crop(img image.Image, l, t, r, btm int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rect := image.Rect(b.Min.X+w*l/1000, b.Min.Y+h*t/1000, b.Max.X-w*r/1000, b.Max.Y-h*btm/1000)
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(rect)
}

// watermark draws a small logo-like mark (translucent white plate with dark
// glyph bars) in the bottom-right corner, about 22 % × 8 % of the image.
func watermark(img image.Image) image.Image {
	b := img.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, img, b.Min, draw.Src)
	mw, mh := b.Dx()*22/100, b.Dy()*8/100
	plate := image.Rect(b.Max.X-mw-4, b.Max.Y-mh-4, b.Max.X-4, b.Max.Y-4)
	draw.Draw(dst, plate, image.NewUniform(color.NRGBA{255, 255, 255, 160}), image.Point{}, draw.Over)
	for i := 0; i < 6; i++ {
		gw := mw / 8
		g := image.Rect(plate.Min.X+2+i*(gw+gw/3), plate.Min.Y+mh/5, plate.Min.X+2+i*(gw+gw/3)+gw, plate.Max.Y-mh/5)
		draw.Draw(dst, g.Intersect(plate), image.NewUniform(color.NRGBA{20, 20, 20, 255}), image.Point{}, draw.Over)
	}
	return dst
}

func grayscale(img image.Image) image.Image {
	b := img.Bounds()
	dst := image.NewGray(b)
	draw.Draw(dst, b, img, b.Min, draw.Src)
	return dst
}

func pngToJPEG(img image.Image) image.Image {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	m, err := png.Decode(&buf)
	if err != nil {
		panic(err)
	}
	return reencodeJPEG(m, 85)
}

var transforms = []struct {
	name string
	f    func(image.Image) image.Image
}{
	{"jpeg q50", func(m image.Image) image.Image { return reencodeJPEG(m, 50) }},
	{"jpeg q75", func(m image.Image) image.Image { return reencodeJPEG(m, 75) }},
	{"jpeg q95", func(m image.Image) image.Image { return reencodeJPEG(m, 95) }},
	{"resize 50%", func(m image.Image) image.Image { return resize(m, 50) }},
	{"resize 150%", func(m image.Image) image.Image { return resize(m, 150) }},
	{"crop 5% left", func(m image.Image) image.Image { return crop(m, 50, 0, 0, 0) }},
	{"crop 10% left", func(m image.Image) image.Image { return crop(m, 100, 0, 0, 0) }},
	{"crop 5% bottom", func(m image.Image) image.Image { return crop(m, 0, 0, 0, 50) }},
	{"crop 10% top", func(m image.Image) image.Image { return crop(m, 0, 100, 0, 0) }},
	{"crop 5% all", func(m image.Image) image.Image { return crop(m, 50, 50, 50, 50) }},
	{"crop 10% all", func(m image.Image) image.Image { return crop(m, 100, 100, 100, 100) }},
	{"crop 7% left+top", func(m image.Image) image.Image { return crop(m, 70, 70, 0, 0) }},
	{"watermark", watermark},
	{"grayscale", grayscale},
	{"png->jpeg", pngToJPEG},
	{"crop 5% all+jpeg75+50%", func(m image.Image) image.Image { return resize(reencodeJPEG(crop(m, 50, 50, 50, 50), 75), 50) }},
}

// corpus generates n images from a fixed seed.
func corpus(n int) []*image.RGBA {
	rng := rand.New(rand.NewPCG(2014, 42))
	imgs := make([]*image.RGBA, n)
	for i := range imgs {
		imgs[i] = genImage(rng, 128+rng.IntN(128), 128+rng.IntN(128))
	}
	return imgs
}

// TestRobustness measures, on generated images, how often a transformed
// copy stays within DefaultMaxDistance of its original (single whole-image
// hash and the Hashes/Similar set), and how often different images match.
// The figures are logged (go test -run Robustness -v) and floors asserted.
func TestRobustness(t *testing.T) {
	n := *robustN
	if testing.Short() {
		n = 40 // the default corpus takes several seconds on two cores
	}
	imgs := corpus(n)
	single := make([]Hash, n)
	sets := make([][]Hash, n)
	for i, m := range imgs {
		single[i] = Of(m)
		sets[i] = Hashes(m)
	}
	thresholds := []int{4, 6, 8, 10, 12, 14, 16}
	var report strings.Builder
	fmt.Fprintf(&report, "%-24s %-8s", "transform (n="+fmt.Sprint(n)+")", "mean d")
	for _, th := range thresholds {
		fmt.Fprintf(&report, " ≤%-3d", th)
	}
	fmt.Fprintf(&report, " set≤%d\n", DefaultMaxDistance)
	for _, tr := range transforms {
		var sum, setOK int
		within := make([]int, len(thresholds))
		for i, m := range imgs {
			tm := tr.f(m)
			d := Distance(single[i], Of(tm))
			sum += d
			for k, th := range thresholds {
				if d <= th {
					within[k]++
				}
			}
			if Similar(sets[i], Hashes(tm), DefaultMaxDistance) {
				setOK++
			}
		}
		fmt.Fprintf(&report, "%-24s %-8.1f", tr.name, float64(sum)/float64(n))
		for _, w := range within {
			fmt.Fprintf(&report, " %3.0f%%", 100*float64(w)/float64(n))
		}
		fmt.Fprintf(&report, " %5.1f%%\n", 100*float64(setOK)/float64(n))
		if share := float64(setOK) / float64(n); share < 0.9 {
			t.Errorf("%s: %.1f%% of copies matched with Similar; want ≥ 90%%", tr.name, 100*share)
		}
	}
	// False matches among different images.
	pairs := 0
	falseWithin := make([]int, len(thresholds))
	falseSet := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			pairs++
			d := Distance(single[i], single[j])
			for k, th := range thresholds {
				if d <= th {
					falseWithin[k]++
				}
			}
			if Similar(sets[i], sets[j], DefaultMaxDistance) {
				falseSet++
			}
		}
	}
	fmt.Fprintf(&report, "%-24s %-8s", fmt.Sprintf("different (%d pairs)", pairs), "")
	for _, w := range falseWithin {
		fmt.Fprintf(&report, " %4.2f%%", 100*float64(w)/float64(pairs))
	}
	fmt.Fprintf(&report, " %5.2f%%\n", 100*float64(falseSet)/float64(pairs))
	t.Log("\n" + report.String())
	if share := float64(falseSet) / float64(pairs); share > 0.005 {
		t.Errorf("different images matched with Similar: %.2f%% of pairs; want ≤ 0.5%%", 100*share)
	}
}
