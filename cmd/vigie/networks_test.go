package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNetworksCommands ingests invented posts with planted networks and
// checks what vigie networks and vigie network print against the truth
// the generator wrote.
func TestNetworksCommands(t *testing.T) {
	dir := t.TempDir()
	posts := filepath.Join(dir, "posts.jsonl")
	code, out, errs := vigieRun(t, "", "synth", "--count", "3000", "--seed", "5")
	if code != 0 {
		t.Fatalf("synth exit %d: %s", code, errs)
	}
	if err := os.WriteFile(posts, []byte(out), 0o640); err != nil {
		t.Fatal(err)
	}
	truth := map[string]string{} // post id → planted network ("" for none)
	tmpl := map[string]string{}  // post id → template, for posts of planted networks
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p struct {
			ID    string
			Truth struct{ Network, Template *string }
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Truth.Network != nil {
			truth[p.ID] = *p.Truth.Network
			tmpl[p.ID] = *p.Truth.Template
		} else {
			truth[p.ID] = ""
		}
	}
	// Ingested in two parts: the second is linked incrementally (its
	// closure only), and must give the networks a whole relink gives.
	lines := strings.SplitAfter(out, "\n")
	first, second := filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "second.jsonl")
	if err := os.WriteFile(first, []byte(strings.Join(lines[:2700], "")), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(second, []byte(strings.Join(lines[2700:], "")), 0o640); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	// The second ingest reads the template clusters from the snapshot
	// the first saved.
	if sum := runIngestJSON(t, "--data", data, first); sum.Added != 2700 || sum.Clusters.Added != 2700 ||
		sum.Clusters.Snapshot != "none recorded" || !sum.Clusters.Saved {
		t.Fatalf("first ingest: added %d, clusters %+v; want 2700, none recorded, saved", sum.Added, sum.Clusters)
	}
	if sum := runIngestJSON(t, "--data", data, second); sum.Added != 300 || sum.Clusters.Added != 300 ||
		sum.Clusters.Snapshot != "read" || !sum.Clusters.Saved {
		t.Fatalf("second ingest: added %d, clusters %+v; want 300, read, saved", sum.Added, sum.Clusters)
	}
	code, incremental, errs := vigieRun(t, "", "networks", "--data", data, "--json")
	if code != 0 {
		t.Fatalf("networks exit %d: %s", code, errs)
	}
	code, out, errs = vigieRun(t, "", "networks", "--data", data, "--json", "--relink")
	if code != 0 {
		t.Fatalf("networks --relink exit %d: %s", code, errs)
	}
	if incremental != out {
		t.Errorf("networks after an incremental link differ from a whole relink:\n%.2000s\n---\n%.2000s", incremental, out)
	}

	type net struct {
		ID        int64
		Size      int
		Documents []string
	}
	var nets []net
	linked := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var n net
		if err := json.Unmarshal([]byte(line), &n); err != nil {
			t.Fatalf("networks --json line %q: %v", line, err)
		}
		if n.Size != len(n.Documents) || n.Size < 2 {
			t.Errorf("network %d: size %d with %d documents", n.ID, n.Size, len(n.Documents))
		}
		// Every post of a found network comes from one planted network.
		planted := truth[n.Documents[0]]
		for _, d := range n.Documents {
			if truth[d] != planted || planted == "" {
				t.Errorf("network %d mixes %s (planted %q) with %s (planted %q)", n.ID, n.Documents[0], planted, d, truth[d])
				break
			}
		}
		linked += n.Size
		nets = append(nets, n)
	}
	plantedPosts := 0
	for _, p := range truth {
		if p != "" {
			plantedPosts++
		}
	}
	if len(nets) < 10 || linked < plantedPosts*9/10 {
		t.Errorf("%d networks holding %d posts; want most of the %d posts of planted networks linked", len(nets), linked, plantedPosts)
	}

	// One network, by id, lists the same posts.
	code, out, errs = vigieRun(t, "", "network", "--data", data, "--json", strconv.FormatInt(nets[0].ID, 10))
	var one net
	if code != 0 || json.Unmarshal([]byte(out), &one) != nil || strings.Join(one.Documents, ",") != strings.Join(nets[0].Documents, ",") {
		t.Errorf("network %d = exit %d, %q, %s; want the posts vigie networks listed", nets[0].ID, code, out, errs)
	}
	code, out, _ = vigieRun(t, "", "network", "--data", data, strconv.FormatInt(nets[0].ID, 10))
	if code != 0 || !strings.Contains(out, "identifiers (posts holding each)") {
		t.Errorf("network text = exit %d, %q", code, out)
	}
	if code, _, errs = vigieRun(t, "", "network", "--data", data, "999999"); code != 1 || !strings.Contains(errs, "no network 999999") {
		t.Errorf("unknown network = exit %d, %q; want 1 and a clear error", code, errs)
	}
	if code, _, _ = vigieRun(t, "", "network", "--data", data, "abc"); code != 2 {
		t.Errorf("network abc = exit %d; want 2", code)
	}
	if code, out, _ = vigieRun(t, "", "networks", "--data", data, "--relink", "--min-size", "1000"); code != 0 || !strings.Contains(out, "no network of 1000 posts or more") {
		t.Errorf("networks --relink --min-size 1000 = exit %d, %q", code, out)
	}

	// The posts written from the same template as a planted post.
	post := nets[0].Documents[0]
	code, out, errs = vigieRun(t, "", "similar", "--data", data, "--json", "--limit", "30", post)
	var sim struct {
		ClusterSize int `json:"cluster_size"`
		Template    string
		Slots       []struct{ Kind string }
		Similar     []struct{ ID string }
		Network     *int64
	}
	if code != 0 || json.Unmarshal([]byte(out), &sim) != nil {
		t.Fatalf("similar %s = exit %d, %q, %s", post, code, out, errs)
	}
	if sim.ClusterSize < 10 || len(sim.Similar) != 30 || sim.Template == "" || len(sim.Slots) == 0 || sim.Network == nil || *sim.Network != nets[0].ID {
		t.Errorf("similar %s = cluster of %d, %d listed, template %q, %d slots, network %v; want a template cluster with slots, in network %d",
			post, sim.ClusterSize, len(sim.Similar), sim.Template, len(sim.Slots), sim.Network, nets[0].ID)
	}
	for _, s := range sim.Similar {
		if want, ok := tmpl[s.ID]; ok && want != tmpl[post] {
			t.Errorf("similar %s lists %s, written from template %s, not %s", post, s.ID, want, tmpl[post])
		}
	}
	// A post too short to compare is said so, not taken for one not
	// clustered yet.
	short := filepath.Join(dir, "short.jsonl")
	if err := os.WriteFile(short, []byte(`{"id":"short-1","text":"ok merci"}`+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	runIngestJSON(t, "--data", data, short)
	code, out, _ = vigieRun(t, "", "similar", "--data", data, "--json", "short-1")
	if code != 0 || !strings.Contains(out, `"note":"too short to compare with other posts"`) {
		t.Errorf("similar short-1 = exit %d, %s; want the note that it is too short", code, out)
	}
	if code, _, errs = vigieRun(t, "", "similar", "--data", data, "no-such-post"); code != 1 || !strings.Contains(errs, "no post") {
		t.Errorf("similar no-such-post = exit %d, %q; want 1 and a clear error", code, errs)
	}

	// Exports of one network: every post of it is there, in each format.
	id := strconv.FormatInt(nets[0].ID, 10)
	for _, format := range []string{"ftm", "graphml", "gexf", "csv"} {
		file := filepath.Join(dir, "export."+format)
		if code, _, errs = vigieRun(t, "", "export", "--data", data, "--format", format, "--network", id, "--output", file); code != 0 {
			t.Fatalf("export --format %s = exit %d: %s", format, code, errs)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range nets[0].Documents {
			if !strings.Contains(string(b), d) {
				t.Errorf("export --format %s lacks post %s", format, d)
			}
		}
		if format == "ftm" {
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				var ent struct {
					ID, Schema string
					Properties map[string][]string
				}
				if err := json.Unmarshal([]byte(line), &ent); err != nil || ent.ID == "" || ent.Schema == "" {
					t.Fatalf("ftm line %q: %v", line, err)
				}
			}
		}
	}
	if code, _, _ = vigieRun(t, "", "export", "--data", data, "--format", "pdf"); code != 2 {
		t.Errorf("export --format pdf = exit %d; want 2", code)
	}
	if code, _, errs = vigieRun(t, "", "export", "--data", data, "--format", "csv", "--network", "999999"); code != 1 || !strings.Contains(errs, "no network") {
		t.Errorf("export of an unknown network = exit %d, %q; want 1", code, errs)
	}
}
