package imagehash

import (
	"fmt"
	"image"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Hash is a 64-bit perceptual hash of an image: similar-looking images have
// hashes at a small Hamming distance. The value is stable across platforms
// and releases of this package; a change of method would be a new type.
type Hash uint64

// Distance returns the number of bits in which a and b differ (0 to 64).
func Distance(a, b Hash) int {
	return bits.OnesCount64(uint64(a ^ b))
}

// String returns h as 16 lower-case hexadecimal digits.
func (h Hash) String() string {
	return fmt.Sprintf("%016x", uint64(h))
}

// ParseHash parses the 16 hexadecimal digits written by Hash.String (either
// case). Any other input returns an error wrapping vigie.ErrInvalid.
func ParseHash(s string) (Hash, error) {
	if len(s) != 16 {
		return 0, fmt.Errorf("parse image hash %q: want 16 hex digits: %w", s, vigie.ErrInvalid)
	}
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("parse image hash %q: not hexadecimal: %w", s, vigie.ErrInvalid)
	}
	return Hash(v), nil
}

// Of returns the perceptual hash of img: a DCT hash (pHash) of its
// luminance reduced to 32×32 by area averaging, after composing any
// transparency on white. Each of the 64 bits tells whether one of the
// lowest-frequency DCT coefficients is above their median. All arithmetic
// is integer, so the result is the same on every platform. A uniform image
// hashes to 0; an empty image hashes to 0.
func Of(img image.Image) Hash {
	return hashRect(img, img.Bounds())
}

// hashRect hashes the part of img inside r, which must lie within
// img.Bounds().
func hashRect(img image.Image, r image.Rectangle) Hash {
	if r.Empty() {
		return 0
	}
	var p grid
	reduce(img, r, &p)
	return dctHash(&p)
}

// side is the width and height of the reduced luminance grid.
const side = 32

// grid holds mean luminances, 0 to 0xffff, indexed [y][x].
type grid [side][side]int64

// span returns the source range [lo, hi) that cell t of n cells covers
// along an axis starting at min with length size. When size < n, cells
// repeat source pixels rather than go empty.
func span(min, size, t int) (lo, hi int) {
	lo = min + t*size/side
	hi = min + (t+1)*size/side
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// reduce fills p with the mean luminance of each of side×side cells of r.
func reduce(img image.Image, r image.Rectangle, p *grid) {
	w, h := r.Dx(), r.Dy()
	var xlo, xhi [side]int
	for t := range side {
		xlo[t], xhi[t] = span(0, w, t)
	}
	var sums grid
	row := make([]uint32, w)
	for ty := range side {
		ylo, yhi := span(r.Min.Y, h, ty)
		for y := ylo; y < yhi; y++ {
			lumaRow(img, r.Min.X, y, row)
			for tx := range side {
				var s int64
				for _, v := range row[xlo[tx]:xhi[tx]] {
					s += int64(v)
				}
				sums[ty][tx] += s
			}
		}
		n := int64(yhi - ylo)
		for tx := range side {
			c := n * int64(xhi[tx]-xlo[tx])
			p[ty][tx] = (sums[ty][tx] + c/2) / c
		}
	}
}

// luma16 returns the luminance, 0 to 0xffff, of alpha-premultiplied 16-bit
// components composed on white, with the ITU-R BT.601 weights of
// color.GrayModel.
func luma16(r, g, b, a uint32) uint32 {
	bg := 0xffff - a
	r, g, b = r+bg, g+bg, b+bg
	return (19595*r + 38470*g + 7471*b + 1<<15) >> 16
}

// lumaRow writes into row the luminance of the len(row) pixels of img
// starting at (x0, y). Common concrete types take a fast path that gives
// the same values as the generic one, except YCbCr images, whose stored
// luma is used directly.
func lumaRow(img image.Image, x0, y int, row []uint32) {
	switch m := img.(type) {
	case *image.YCbCr:
		for i := range row {
			row[i] = uint32(m.Y[m.YOffset(x0+i, y)]) * 0x101
		}
	case *image.NYCbCrA:
		for i := range row {
			a := uint32(m.A[m.AOffset(x0+i, y)]) * 0x101
			row[i] = uint32(m.Y[m.YOffset(x0+i, y)])*0x101*a/0xffff + 0xffff - a
		}
	case *image.Gray:
		off := m.PixOffset(x0, y)
		for i := range row {
			row[i] = uint32(m.Pix[off+i]) * 0x101
		}
	case *image.RGBA:
		off := m.PixOffset(x0, y)
		for i := range row {
			s := m.Pix[off+4*i : off+4*i+4 : off+4*i+4]
			row[i] = luma16(uint32(s[0])*0x101, uint32(s[1])*0x101, uint32(s[2])*0x101, uint32(s[3])*0x101)
		}
	case *image.NRGBA:
		off := m.PixOffset(x0, y)
		for i := range row {
			s := m.Pix[off+4*i : off+4*i+4 : off+4*i+4]
			a := uint32(s[3]) * 0x101
			row[i] = luma16(uint32(s[0])*0x101*a/0xffff, uint32(s[1])*0x101*a/0xffff, uint32(s[2])*0x101*a/0xffff, a)
		}
	case *image.Paletted:
		var lut [256]uint32
		for i, c := range m.Palette {
			lut[i] = luma16(c.RGBA())
		}
		// Indices beyond the palette (which At would panic on, and the GIF
		// decoder refuses) read as black.
		off := m.PixOffset(x0, y)
		for i := range row {
			row[i] = lut[m.Pix[off+i]]
		}
	default:
		for i := range row {
			row[i] = luma16(img.At(x0+i, y).RGBA())
		}
	}
}

// dctCos[u][x] is cos((2x+1)uπ/64) × 2¹⁴, rounded. It is written out rather
// than computed so that no floating-point result can differ by platform.
var dctCos = [9][side]int64{
	{16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384, 16384},
	{16364, 16207, 15893, 15426, 14811, 14053, 13160, 12140, 11003, 9760, 8423, 7005, 5520, 3981, 2404, 804, -804, -2404, -3981, -5520, -7005, -8423, -9760, -11003, -12140, -13160, -14053, -14811, -15426, -15893, -16207, -16364},
	{16305, 15679, 14449, 12665, 10394, 7723, 4756, 1606, -1606, -4756, -7723, -10394, -12665, -14449, -15679, -16305, -16305, -15679, -14449, -12665, -10394, -7723, -4756, -1606, 1606, 4756, 7723, 10394, 12665, 14449, 15679, 16305},
	{16207, 14811, 12140, 8423, 3981, -804, -5520, -9760, -13160, -15426, -16364, -15893, -14053, -11003, -7005, -2404, 2404, 7005, 11003, 14053, 15893, 16364, 15426, 13160, 9760, 5520, 804, -3981, -8423, -12140, -14811, -16207},
	{16069, 13623, 9102, 3196, -3196, -9102, -13623, -16069, -16069, -13623, -9102, -3196, 3196, 9102, 13623, 16069, 16069, 13623, 9102, 3196, -3196, -9102, -13623, -16069, -16069, -13623, -9102, -3196, 3196, 9102, 13623, 16069},
	{15893, 12140, 5520, -2404, -9760, -14811, -16364, -14053, -8423, -804, 7005, 13160, 16207, 15426, 11003, 3981, -3981, -11003, -15426, -16207, -13160, -7005, 804, 8423, 14053, 16364, 14811, 9760, 2404, -5520, -12140, -15893},
	{15679, 10394, 1606, -7723, -14449, -16305, -12665, -4756, 4756, 12665, 16305, 14449, 7723, -1606, -10394, -15679, -15679, -10394, -1606, 7723, 14449, 16305, 12665, 4756, -4756, -12665, -16305, -14449, -7723, 1606, 10394, 15679},
	{15426, 8423, -2404, -12140, -16364, -13160, -3981, 7005, 14811, 15893, 9760, -804, -11003, -16207, -14053, -5520, 5520, 14053, 16207, 11003, 804, -9760, -15893, -14811, -7005, 3981, 13160, 16364, 12140, 2404, -8423, -15426},
	{15137, 6270, -6270, -15137, -15137, -6270, 6270, 15137, 15137, 6270, -6270, -15137, -15137, -6270, 6270, 15137, 15137, 6270, -6270, -15137, -15137, -6270, 6270, 15137, 15137, 6270, -6270, -15137, -15137, -6270, 6270, 15137},
}

// dctHash computes the low-frequency DCT-II coefficients of p and sets one
// bit per coefficient above their median. The 64 coefficients are the 8×8
// lowest frequencies with the DC term (mean brightness, which carries no
// structure) replaced by the next horizontal frequency. Magnitudes stay
// below 2⁵⁵, so int64 cannot overflow.
func dctHash(p *grid) Hash {
	var rows [side][9]int64 // rows[y][u]: horizontal transform of row y
	for y := range side {
		for u := range 9 {
			var s int64
			for x := range side {
				s += p[y][x] * dctCos[u][x]
			}
			rows[y][u] = s
		}
	}
	coef := func(v, u int) int64 {
		var s int64
		for y := range side {
			s += dctCos[v][y] * rows[y][u]
		}
		return s
	}
	var c [64]int64
	for v := range 8 {
		for u := range 8 {
			c[v*8+u] = coef(v, u)
		}
	}
	c[0] = coef(0, 8)
	sorted := c
	slices.Sort(sorted[:])
	mid2 := sorted[31] + sorted[32] // twice the median, kept integral
	var h Hash
	for i, v := range c {
		if 2*v > mid2 {
			h |= 1 << i
		}
	}
	return h
}

// crops lists the windows hashed by Hashes after the whole image, as
// fractions in thousandths cut from the left, top, right and bottom.
var crops = [][4]int{
	{100, 0, 0, 0},
	{0, 100, 0, 0},
	{0, 0, 100, 0},
	{0, 0, 0, 100},
	{50, 50, 50, 50},
	{100, 100, 100, 100},
}

// Hashes returns the hash of the whole image first (equal to Of(img)),
// followed by the hashes of six crops of it: 10 % cut from the left, the
// top, the right or the bottom, and 5 % or 10 % cut from all four sides.
// A copy of the image cropped by up to about 10 % then has its whole-image
// hash near one of the crop hashes of the original; see Similar. It costs
// about six times Of (each crop is a new pass over its pixels).
func Hashes(img image.Image) []Hash {
	b := img.Bounds()
	hs := make([]Hash, 0, 1+len(crops))
	hs = append(hs, hashRect(img, b))
	for _, c := range crops {
		w, h := b.Dx(), b.Dy()
		r := image.Rect(b.Min.X+w*c[0]/1000, b.Min.Y+h*c[1]/1000, b.Max.X-w*c[2]/1000, b.Max.Y-h*c[3]/1000)
		hs = append(hs, hashRect(img, r))
	}
	return hs
}

// Similar reports whether two images, given by their Hashes, look like
// copies of each other: whether the whole-image hash of either (element 0)
// is within maxDist of any hash of the other. Comparing whole against crops
// only, rather than every pair, finds a copy cropped on either side while
// keeping 2n−1 comparisons instead of n², which keeps false matches low.
// Empty slices are similar to nothing.
func Similar(a, b []Hash, maxDist int) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, h := range b {
		if Distance(a[0], h) <= maxDist {
			return true
		}
	}
	for _, h := range a[1:] {
		if Distance(h, b[0]) <= maxDist {
			return true
		}
	}
	return false
}

// DefaultMaxDistance is the largest Hamming distance at which two hashes
// are taken for the same photo. It was chosen on 300 generated photo-like
// images (TestRobustness with -imagehash.n=300): at 10, JPEG re-encoding,
// resizing, grayscale and PNG to JPEG keep 100 % of copies within it, a
// corner watermark 95 %, a 5 % crop 73-95 % with one hash; with Hashes and
// Similar every 5 % and 10 % crop tested matched 100 % (a 7 % crop of two
// sides 94 %). No pair of 44 850 different images came within 12. Real
// photos of similar scenes sit closer than generated ones, so the value
// keeps that margin rather than taking the largest safe one.
const DefaultMaxDistance = 10

// FormatHashes writes hashes as their hex forms joined by dots: the form
// vigie keeps for a photo (vigie.KindPhotoHash), the whole image's hash
// first, as Hashes returns them.
func FormatHashes(hs []Hash) string {
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = h.String()
	}
	return strings.Join(parts, ".")
}

// maxHashes is the most hashes ParseHashes accepts: those of Hashes.
var maxHashes = 1 + len(crops)

// ParseHashes parses what FormatHashes writes: one to seven hashes. Any
// other input returns an error wrapping vigie.ErrInvalid.
func ParseHashes(s string) ([]Hash, error) {
	if len(s) > maxHashes*17 {
		return nil, fmt.Errorf("parse image hashes: %d bytes, more than %d hashes: %w", len(s), maxHashes, vigie.ErrInvalid)
	}
	parts := strings.Split(s, ".")
	out := make([]Hash, len(parts))
	for i, p := range parts {
		h, err := ParseHash(p)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}
