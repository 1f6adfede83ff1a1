package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/storetest"
	"github.com/vigie-project/vigie/internal/synth"
)

// synthWithTemplates returns n invented posts as JSON lines, and the template
// each post of a planted network was written from, by id.
func synthWithTemplates(t *testing.T, n int, seed uint64) (string, map[string]string) {
	t.Helper()
	g := synth.New(seed)
	var b strings.Builder
	tmpl := map[string]string{}
	for range n {
		p := g.Next()
		line, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
		if p.Truth.Template != nil {
			tmpl[p.ID] = *p.Truth.Template
		}
	}
	return b.String(), tmpl
}

// clustersOf returns the stored cluster of every signed document.
func clustersOf(t *testing.T, s *store.Store) map[int64]int64 {
	t.Helper()
	out := map[int64]int64{}
	if err := s.EachSignature(context.Background(), func(r store.SignatureRow) error {
		out[r.Document] = r.Cluster
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestClusterer ingests invented posts with clustering on, in small
// batches, then checks that the stored clusters are what a rebuild from
// the stored signatures gives, that they follow the planted templates,
// and that a store whose last documents were stored without signatures
// (an ingest killed between the two) and whose clusters went stale is
// signed and repaired by the next NewClusterer.
func TestClusterer(t *testing.T) {
	ctx := context.Background()
	for name, target := range targetsForTest(t) {
		t.Run(name, func(t *testing.T) {
			s, err := store.Open(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			posts, tmpl := synthWithTemplates(t, 1500, 9)
			lines := strings.SplitAfter(posts, "\n")
			first, last := strings.Join(lines[:1200], ""), strings.Join(lines[1200:], "")
			c, st, err := NewClusterer(ctx, s, "")
			if err != nil || st.Documents+st.Signed+st.Repaired+st.Added != 0 || st.Snapshot != "none kept" {
				t.Fatalf("NewClusterer on an empty store = %+v, %v", st, err)
			}
			a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
			// One worker keeps input order, so that store ids follow the post numbers.
			p := &Pipeline{Analyzer: a, Store: s, Batch: 100, Workers: 1, Clusters: c}
			if _, err := p.Ingest(ctx, func(fn func(Record) error) error { return ReadJSONL(strings.NewReader(first), "b", fn) }); err != nil {
				t.Fatal(err)
			}
			want := clustersOf(t, s)
			if len(want) != 1200 {
				t.Fatalf("%d signature rows; want 1200", len(want))
			}
			// Same template ⇔ same cluster, for the posts of planted
			// networks (synth templates are far apart).
			ext := map[int64]string{}
			for i := range 1200 {
				ext[int64(i+1)] = fmt.Sprintf("synth-9-%d", i+1)
			}
			byCluster := map[int64]string{}
			byTmpl := map[string]int64{}
			for doc, cl := range want {
				tp, ok := tmpl[ext[doc]]
				if !ok {
					continue
				}
				if prev, ok := byCluster[cl]; ok && prev != tp {
					t.Errorf("cluster %d holds templates %s and %s", cl, prev, tp)
				}
				byCluster[cl] = tp
				if prev, ok := byTmpl[tp]; ok && prev != cl {
					t.Errorf("template %s split over clusters %d and %d", tp, prev, cl)
				}
				byTmpl[tp] = cl
			}

			// The last 300 posts stored without clustering, and 50 stored
			// clusters made stale.
			p.Clusters = nil
			if _, err := p.Ingest(ctx, func(fn func(Record) error) error { return ReadJSONL(strings.NewReader(last), "b", fn) }); err != nil {
				t.Fatal(err)
			}
			stale := map[int64]int64{}
			for doc, cl := range want {
				if cl != doc && len(stale) < 50 {
					stale[doc] = doc
				}
			}
			if err := s.PutSignatures(ctx, nil, nil, stale); err != nil {
				t.Fatal(err)
			}
			_, st, err = NewClusterer(ctx, s, "")
			if err != nil {
				t.Fatal(err)
			}
			if st.Documents != 1200 || st.Signed != 300 || st.Repaired != len(stale) {
				t.Errorf("NewClusterer = %+v; want 1200 read, 300 signed, %d repaired", st, len(stale))
			}
			got := clustersOf(t, s)
			if len(got) != 1500 {
				t.Fatalf("%d signature rows after signing; want 1500", len(got))
			}
			for doc, cl := range want {
				if got[doc] != cl && got[doc] < cl {
					continue // may have merged with an older cluster through a new post
				}
				if got[doc] != cl {
					t.Errorf("document %d in cluster %d after repair; was %d", doc, got[doc], cl)
					break
				}
			}
			// A second rebuild finds nothing to do.
			if _, st, err = NewClusterer(ctx, s, ""); err != nil || st.Signed != 0 || st.Repaired != 0 {
				t.Errorf("second NewClusterer = %+v, %v; want nothing signed or repaired", st, err)
			}
		})
	}
}

// TestClusterSnapshot ingests in three runs, each with a Clusterer read
// back from the snapshot the previous one saved, and checks that the
// stored clusters are those of one Clusterer rebuilt from the store at
// each run; that documents stored without clustering, a damaged file, a
// snapshot of another store and a deleted document each make the next
// run rebuild rather than read a stale index.
func TestClusterSnapshot(t *testing.T) {
	ctx := context.Background()
	posts, _ := synthWithTemplates(t, 1800, 11)
	lines := strings.SplitAfter(posts, "\n")
	parts := []string{strings.Join(lines[:1000], ""), strings.Join(lines[1000:1400], ""), strings.Join(lines[1400:], "")}
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	ingestWith := func(t *testing.T, s *store.Store, c *Clusterer, text string) {
		t.Helper()
		p := &Pipeline{Analyzer: a, Store: s, Batch: 100, Workers: 1, Clusters: c}
		if _, err := p.Ingest(ctx, func(fn func(Record) error) error { return ReadJSONL(strings.NewReader(text), "b", fn) }); err != nil {
			t.Fatal(err)
		}
	}
	open := func(t *testing.T, s *store.Store, path, want string) *Clusterer {
		t.Helper()
		c, st, err := NewClusterer(ctx, s, path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(st.Snapshot, want) {
			t.Fatalf("snapshot %q; want %q", st.Snapshot, want)
		}
		return c
	}
	save := func(t *testing.T, c *Clusterer, want bool) {
		t.Helper()
		if wrote, err := c.Save(ctx); err != nil || wrote != want {
			t.Fatalf("Save = %v, %v; want %v", wrote, err, want)
		}
	}
	for name, target := range targetsForTest(t) {
		t.Run(name, func(t *testing.T) {
			snap := filepath.Join(t.TempDir(), "clusters.snapshot")
			s, err := store.Open(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ref, err := store.Open(ctx, t.TempDir()) // the same posts, rebuilt each run
			if err != nil {
				t.Fatal(err)
			}
			defer ref.Close()
			for i, part := range parts {
				want := "read"
				if i == 0 {
					want = "none recorded"
				}
				c := open(t, s, snap, want)
				ingestWith(t, s, c, part)
				save(t, c, true)
				rc := open(t, ref, "", "none kept")
				ingestWith(t, ref, rc, part)
				if got, want := clustersOf(t, s), clustersOf(t, ref); !maps.Equal(got, want) {
					t.Fatalf("run %d: clusters with the snapshot differ from those rebuilt", i+1)
				}
			}
			// Nothing new: the snapshot stays valid and is not rewritten.
			c := open(t, s, snap, "read")
			ingestWith(t, s, c, parts[2])
			save(t, c, false)
			open(t, s, snap, "read")

			// Documents stored without clustering.
			extra, _ := synthWithTemplates(t, 20, 12)
			ingestWith(t, s, nil, extra)
			c = open(t, s, snap, "none recorded")
			save(t, c, true)

			// A damaged file.
			b, err := os.ReadFile(snap)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x40
			if err := os.WriteFile(snap, b, 0o644); err != nil {
				t.Fatal(err)
			}
			c = open(t, s, snap, snap+": not a sound cluster index snapshot")
			save(t, c, true)
			open(t, s, snap, "read")

			// The snapshot of another store, in place of this one's.
			other := filepath.Join(t.TempDir(), "other.snapshot")
			oc := open(t, ref, other, "none recorded")
			save(t, oc, true)
			if err := os.Rename(other, snap); err != nil {
				t.Fatal(err)
			}
			open(t, s, snap, "another store's")
		})
	}
}

// targetsForTest returns the stores a test runs on: SQLite in a temporary
// directory, and PostgreSQL when VIGIE_TEST_POSTGRES_URL is set (.ci/run
// sets it), in a schema of the test's own.
func targetsForTest(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{"sqlite": t.TempDir()}
	if base := os.Getenv("VIGIE_TEST_POSTGRES_URL"); base != "" {
		out["postgres"] = storetest.PostgresSchema(t, base)
	} else if os.Getenv("CI") != "" {
		t.Fatal("CI is set but VIGIE_TEST_POSTGRES_URL is not: the PostgreSQL tests would not run")
	}
	return out
}

// TestClusterUpTo checks the capped count of a cluster's members against
// the exact one.
func TestClusterUpTo(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, _, err := NewClusterer(ctx, s, "")
	if err != nil {
		t.Fatal(err)
	}
	posts, _ := synthWithTemplates(t, 600, 4)
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	p := &Pipeline{Analyzer: a, Store: s, Batch: 100, Workers: 1, Clusters: c}
	if _, err := p.Ingest(ctx, func(fn func(Record) error) error { return ReadJSONL(strings.NewReader(posts), "b", fn) }); err != nil {
		t.Fatal(err)
	}
	// The largest cluster, by its members' stored clusters.
	sizes := map[int64]int{}
	for _, cl := range clustersOf(t, s) {
		sizes[cl]++
	}
	var big int64
	for cl, n := range sizes {
		if n > sizes[big] {
			big = cl
		}
	}
	if sizes[big] < 5 {
		t.Fatalf("largest cluster has %d members", sizes[big])
	}
	ext := fmt.Sprintf("synth-4-%d", big)
	_, _, exact, err := s.Cluster(ctx, ext, 3)
	if err != nil || exact != sizes[big] {
		t.Fatalf("Cluster size %d, %v; want %d", exact, err, sizes[big])
	}
	self, others, _, _ := s.ClusterUpTo(ctx, ext, 3, 0)
	byID, n, err := s.ClusterOf(ctx, self.StoreID, 3, 0)
	if err != nil || n != exact || len(byID) != len(others) || byID[0].ID != others[0].ID {
		t.Errorf("ClusterOf(%d) = %d members, size %d, %v; want those of ClusterUpTo", self.StoreID, len(byID), n, err)
	}
	for _, cap := range []int{1, exact - 1, exact, exact + 5} {
		_, others, got, err := s.ClusterUpTo(ctx, ext, 3, cap)
		want := min(exact, cap+1)
		if err != nil || got != want || len(others) != 3 {
			t.Errorf("ClusterUpTo(cap %d) = %d (%d others), %v; want %d", cap, got, len(others), err, want)
		}
	}
}
