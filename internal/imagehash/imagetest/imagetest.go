// Package imagetest makes photo-like test images and the copies that
// photos get when reposted (re-encoded, resized, cropped), for the tests
// of the packages that hash, store and link photos. No real photo is
// used. It is for tests only.
package imagetest

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"golang.org/x/image/draw"
)

// Photo draws a synthetic photo-like image: a smooth two-colour gradient
// with a vignette, soft-edged ellipses and rectangles, a striped or
// checked texture patch, and pixel noise. No real photo is used.
func Photo(rng *rand.Rand, w, h int) *image.RGBA {
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

// JPEG encodes img at quality q.
func JPEG(img image.Image, q int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err) // only for a writer that fails: a bytes.Buffer does not
	}
	return buf.Bytes()
}

// Reencode returns img encoded as a JPEG of quality q and decoded again.
func Reencode(img image.Image, q int) image.Image {
	out, err := jpeg.Decode(bytes.NewReader(JPEG(img, q)))
	if err != nil {
		panic(err) // a JPEG just encoded decodes
	}
	return out
}

// Resize scales img to pct percent of its size.
func Resize(img image.Image, pct int) image.Image {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx()*pct/100, b.Dy()*pct/100))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// Crop cuts the given thousandths from the left, top, right and bottom of
// img, which must have a SubImage method (every image type of the
// standard library has).
func Crop(img image.Image, l, t, r, btm int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rect := image.Rect(b.Min.X+w*l/1000, b.Min.Y+h*t/1000, b.Max.X-w*r/1000, b.Max.Y-h*btm/1000)
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(rect)
}
