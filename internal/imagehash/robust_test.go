package imagehash

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/imagehash/imagetest"
	"golang.org/x/image/draw"
)

var robustN = flag.Int("imagehash.n", 150, "number of generated images in TestRobustness (300 for the documented figures)")

func genImage(rng *rand.Rand, w, h int) *image.RGBA { return imagetest.Photo(rng, w, h) }

func reencodeJPEG(img image.Image, q int) image.Image { return imagetest.Reencode(img, q) }

func resize(img image.Image, pct int) image.Image { return imagetest.Resize(img, pct) }

// crop cuts the given thousandths from the left, top, right and bottom.
func crop(img image.Image, l, t, r, btm int) image.Image { return imagetest.Crop(img, l, t, r, btm) }

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
