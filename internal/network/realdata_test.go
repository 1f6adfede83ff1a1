package network

import (
	"archive/zip"
	"encoding/json"
	"io"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// backpageImages reads the 2014 southern California backpage crawl
// (memex-escort-ads-2014) and returns, per ad, the file names of the
// images it shows: the same file name on two ads is the same photo.
func backpageImages(t *testing.T) [][]string {
	t.Helper()
	zr, err := zip.OpenReader(sharedtest.File(t, "memex-escort-ads-2014/backpage_socal_lv_2014_2682ads.json.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var raw []byte
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "__MACOSX") || !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Fields hold one object or a list of them.
	var ads []struct {
		Snapshot json.RawMessage `json:"dig:snapshot"`
	}
	if err := json.Unmarshal(raw, &ads); err != nil {
		t.Fatal(err)
	}
	type part struct {
		URL any `json:"schema:url"`
	}
	type snapshot struct {
		Images json.RawMessage `json:"dig:hasImagePart"`
	}
	many := func(b json.RawMessage, one, list any) {
		if len(b) == 0 {
			return
		}
		if b[0] == '[' {
			json.Unmarshal(b, list)
		} else {
			json.Unmarshal(b, one)
		}
	}
	out := make([][]string, len(ads))
	for i, ad := range ads {
		var s snapshot
		var ss []snapshot
		many(ad.Snapshot, &s, &ss)
		if len(ss) == 0 {
			ss = []snapshot{s}
		}
		for _, s := range ss {
			var p part
			var ps []part
			many(s.Images, &p, &ps)
			if len(ps) == 0 && p.URL != nil {
				ps = []part{p}
			}
			for _, p := range ps {
				if u, ok := p.URL.(string); ok && u != "" {
					out[i] = append(out[i], path.Base(u))
				}
			}
		}
	}
	return out
}

// TestBackpagePhotoReuse links 2,682 real ads by the photos they share
// and measures the share of ad pairs sharing a photo that end up in one
// network: over all such pairs, and over the pairs whose photo was not
// set aside as generic (one image is on 641 ads: a site's placeholder,
// which must link nothing).
func TestBackpagePhotoReuse(t *testing.T) {
	ads := backpageImages(t)
	l := NewLinker(Config{})
	holders := map[string][]int{}
	for i, imgs := range ads {
		var ids []Ident
		for _, im := range imgs {
			ids = append(ids, PhotoIdent(im))
			if h := holders[im]; len(h) == 0 || h[len(h)-1] != i {
				holders[im] = append(h, i)
			}
		}
		l.Add(int64(i), ids...)
	}
	res := l.Link()
	generic := map[string]bool{}
	for _, g := range res.Generic {
		generic[g.Ident.Value] = true
	}
	type pair struct{ a, b int }
	all, kept := map[pair]bool{}, map[pair]bool{}
	shared, biggest := 0, 0
	for im, h := range holders {
		if len(h) < 2 {
			continue
		}
		shared++
		biggest = max(biggest, len(h))
		for x := range h {
			for y := x + 1; y < len(h); y++ {
				p := pair{h[x], h[y]}
				all[p] = true
				if !generic[strings.ToLower(im)] {
					kept[p] = true
				}
			}
		}
	}
	linked := func(ps map[pair]bool) (n int) {
		for p := range ps {
			na, oka := res.Of[int64(p.a)]
			nb, okb := res.Of[int64(p.b)]
			if oka && okb && na == nb {
				n++
			}
		}
		return n
	}
	la, lk := linked(all), linked(kept)
	sizes := make([]int, len(res.Networks))
	for i, n := range res.Networks {
		sizes[i] = len(n.Documents)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
	t.Logf("%d ads, %d photos on two ads or more (the most common on %d); %d generic photos set aside",
		len(ads), shared, biggest, len(res.Generic))
	t.Logf("ad pairs sharing a photo: %d, linked %d (%.3f); pairs sharing a photo not set aside: %d, linked %d (%.3f)",
		len(all), la, float64(la)/float64(len(all)), len(kept), lk, float64(lk)/float64(max(1, len(kept))))
	t.Logf("%d networks, largest %v", len(res.Networks), sizes[:min(5, len(sizes))])
	if len(ads) != 2682 || shared < 2000 {
		t.Fatalf("read %d ads, %d shared photos; want the 2,682 ads of the crawl and its reused photos", len(ads), shared)
	}
	if lk != len(kept) {
		t.Errorf("%d of %d ad pairs sharing a photo that is not generic are not linked; want all", len(kept)-lk, len(kept))
	}
	if len(res.Generic) == 0 || res.Generic[0].Docs != biggest {
		t.Errorf("generic photos %+v; want the placeholder on %d ads set aside", res.Generic, biggest)
	}
	if len(sizes) > 0 && sizes[0] > len(ads)/2 {
		t.Errorf("the largest network holds %d of %d ads; a placeholder photo merged them", sizes[0], len(ads))
	}
}
