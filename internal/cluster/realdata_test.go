package cluster

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// backpageBodies returns the bodies of the 301 real backpage ads.
func backpageBodies(t *testing.T) []string {
	t.Helper()
	var ads []struct {
		BodyText struct {
			Content string `json:"content"`
		} `json:"bodyText"`
	}
	if err := json.Unmarshal(sharedtest.Read(t, "memex-escort-ads-2014/backpage_phones_301ads.json"), &ads); err != nil {
		t.Fatalf("decode backpage ads: %v", err)
	}
	out := make([]string, len(ads))
	for i, a := range ads {
		out[i] = a.BodyText.Content
	}
	return out
}

// TestBackpage clusters 301 real ads with only 139 distinct bodies: every
// group of identical bodies must end in one cluster. It reports how many
// distinct bodies were clustered with another one (near, not identical,
// duplicates) and the distribution of each distinct body's highest
// estimated Jaccard similarity to another distinct body.
func TestBackpage(t *testing.T) {
	bodies := backpageBodies(t)
	if len(bodies) != 301 {
		t.Fatalf("got %d ads; want 301", len(bodies))
	}
	x := NewIndex(DefaultConfig)
	sigs := make([]Signature, len(bodies))
	for i, b := range bodies {
		sigs[i] = Sign(normalize.Fold(b))
		x.Add(int64(i+1), sigs[i])
	}
	first := map[string]int{} // body → first ad
	var distinct []int
	for i, b := range bodies {
		j, ok := first[b]
		if !ok {
			first[b] = i
			distinct = append(distinct, i)
			continue
		}
		ci, _ := x.Cluster(int64(i + 1))
		cj, _ := x.Cluster(int64(j + 1))
		if ci != cj {
			t.Errorf("ads %d and %d have the same body but clusters %d and %d", j+1, i+1, cj, ci)
		}
	}
	if len(distinct) != 139 {
		t.Errorf("got %d distinct bodies; want 139", len(distinct))
	}
	// Distinct bodies sharing a cluster with another distinct body.
	perCluster := map[int64]int{}
	for _, i := range distinct {
		c, _ := x.Cluster(int64(i + 1))
		perCluster[c]++
	}
	near, groups := 0, 0
	for _, n := range perCluster {
		if n > 1 {
			near += n
			groups++
		}
	}
	// Highest similarity of each distinct body to another.
	var hist [10]int
	for _, i := range distinct {
		best := 0.0
		for _, j := range distinct {
			if i != j {
				best = max(best, EstimateJaccard(sigs[i], sigs[j]))
			}
		}
		hist[min(int(best*10), 9)]++
	}
	var b strings.Builder
	for k, n := range hist {
		fmt.Fprintf(&b, " [%.1f,%.1f):%d", float64(k)/10, float64(k+1)/10, n)
	}
	t.Logf("backpage: %d ads, %d distinct bodies in %d clusters; %d distinct bodies clustered with another, in %d clusters", len(bodies), len(distinct), len(perCluster), near, groups)
	t.Logf("backpage: highest Jaccard of each distinct body to another:%s", b.String())
	if near == 0 {
		t.Errorf("no near-identical bodies clustered; the data holds some")
	}
}

// socalBodies returns the bodies of the snapshots of the 2,682 real
// backpage ads of Southern California and Las Vegas.
func socalBodies(t *testing.T) []string {
	t.Helper()
	path := sharedtest.File(t, "memex-escort-ads-2014/backpage_socal_lv_2014_2682ads.json.zip")
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("open socal ads: %v", err)
	}
	defer z.Close()
	var data []byte
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "__MACOSX") || !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		data, err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
	}
	var ads []struct {
		Snapshot json.RawMessage `json:"dig:snapshot"`
	}
	if err := json.Unmarshal(data, &ads); err != nil {
		t.Fatalf("decode socal ads: %v", err)
	}
	type snapshot struct {
		Body struct {
			Text string `json:"schema:text"`
		} `json:"dig:hasBodyPart"`
	}
	var out []string
	for _, a := range ads {
		var many []snapshot
		if err := json.Unmarshal(a.Snapshot, &many); err != nil {
			var one snapshot
			if err := json.Unmarshal(a.Snapshot, &one); err != nil {
				t.Fatalf("decode snapshot: %v", err)
			}
			many = []snapshot{one}
		}
		for _, s := range many {
			out = append(out, s.Body.Text)
		}
	}
	return out
}
