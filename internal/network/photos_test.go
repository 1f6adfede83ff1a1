package network

import (
	"image"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/imagehash/imagetest"
)

// photoValue returns the stored form of img's perceptual hashes.
func photoValue(img image.Image) string { return imagehash.FormatHashes(imagehash.Hashes(img)) }

// TestGroupPhotos groups 30 generated photos and, for 10 of them, copies
// as reposts make them (re-encoded, resized, cropped, and all three): every
// copy joins its photo's group and no two photos share one, whatever the
// order of the values.
func TestGroupPhotos(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var values []string
	photoOf := map[string]int{}
	for i := range 30 {
		img := imagetest.Photo(rng, 320, 240)
		v := photoValue(img)
		values = append(values, v)
		photoOf[v] = i
		if i >= 10 {
			continue
		}
		for _, c := range []image.Image{
			imagetest.Reencode(img, 60),
			imagetest.Resize(img, 50),
			imagetest.Crop(img, 100, 0, 0, 0),
			imagetest.Crop(img, 50, 50, 50, 50),
			imagetest.Resize(imagetest.Reencode(imagetest.Crop(img, 0, 0, 80, 80), 70), 75),
		} {
			cv := photoValue(c)
			values = append(values, cv)
			photoOf[cv] = i
		}
	}
	check := func(vals []string) map[string]string {
		g := GroupPhotos(vals, imagehash.DefaultMaxDistance)
		if g.Len() != len(photoOf) {
			t.Fatalf("%d photos grouped; want %d", g.Len(), len(photoOf))
		}
		groupOf := map[Ident]int{}
		out := map[string]string{}
		for v, p := range photoOf {
			id, ok := g.Ident(v)
			if !ok || id.Class != PhotoClass {
				t.Fatalf("photo %d: Ident = %v, %v", p, id, ok)
			}
			if q, seen := groupOf[id]; seen && q != p {
				t.Errorf("photos %d and %d in one group %v", p, q, id)
			}
			groupOf[id] = p
			if !slices.Contains(g.Members(id), v) {
				t.Errorf("Members(%v) lacks a value it names", id)
			}
			out[v] = id.Value
		}
		if len(groupOf) != 30 {
			t.Errorf("%d groups; want 30 (copies apart from their photo)", len(groupOf))
		}
		return out
	}
	want := check(values)
	rng.Shuffle(len(values), func(i, j int) { values[i], values[j] = values[j], values[i] })
	values = append(values, values[:5]...) // repeated values count once
	got := check(values)
	for v := range want {
		if got[v] != want[v] {
			t.Fatal("groups depend on the order of the values")
		}
	}
	if _, ok := GroupPhotos([]string{"not a hash"}, 10).Ident("not a hash"); ok {
		t.Error("a malformed value was grouped")
	}
}

// BenchmarkGroupPhotos groups the perceptual hashes of n unrelated photos
// (random hashes), as every link of a store holding n photos does.
func BenchmarkGroupPhotos(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		values := make([]string, n)
		for i := range values {
			hs := make([]imagehash.Hash, 7)
			for j := range hs {
				hs[j] = imagehash.Hash(rng.Uint64())
			}
			values[i] = imagehash.FormatHashes(hs)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				GroupPhotos(values, imagehash.DefaultMaxDistance)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "photos/s")
		})
	}
}
