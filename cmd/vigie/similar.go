package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/cluster"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

const similarHelp = `Show the posts written from the same template as one post: its template
cluster (near duplicates over the whole text, digits and every script kept),
the template they share with the slots that vary (numbers, phones, prices,
words) and their values, the most similar posts first, and the network of
shared identifiers the post is in, if any.

DOCID is the id the post was ingested with (or its key, from search --json).

Examples:
  vigie similar synth-1-42
  vigie similar --json --limit 200 synth-1-42
`

// similarJSON is what similar --json prints.
type similarJSON struct {
	ID          string        `json:"id"`
	Cluster     int64         `json:"cluster"` // store id of the cluster's earliest post; 0 when alone
	ClusterSize int           `json:"cluster_size"`
	Template    string        `json:"template"`
	Slots       []slotJSON    `json:"slots"`
	Similar     []similarPost `json:"similar"`
	Network     *int64        `json:"network"`
	Note        string        `json:"note,omitempty"`
}

type slotJSON struct {
	Kind     string          `json:"kind"`
	Distinct int             `json:"distinct"`
	Values   []cluster.Value `json:"values"`
}

type similarPost struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"` // estimated Jaccard of their word 3-grams
	Snippet    string  `json:"snippet"`
}

func runSimilar(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "similar", "[flags] DOCID", similarHelp)
	df := addDataFlags(fs)
	limit := fs.Int("limit", 50, "most similar posts listed (and aligned for the template)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *limit < 1 {
		fmt.Fprintf(e.stderr, "vigie similar: want one post id, and --limit of at least 1\n")
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	doc := fs.Arg(0)
	self, others, size, err := st.Cluster(ctx, doc, *limit)
	if errors.Is(err, vigie.ErrNotFound) {
		return fmt.Errorf("no post %q in the store", doc)
	}
	if err != nil {
		return err
	}
	out := similarJSON{ID: self.ID, ClusterSize: size, Slots: []slotJSON{}, Similar: []similarPost{}}
	if net, ok, err := st.NetworkOf(ctx, doc); err != nil {
		return err
	} else if ok {
		out.Network = &net
	}
	switch {
	case !self.Signed:
		out.Note = "not clustered yet: the next vigie ingest clusters it"
	case len(self.Signature) != cluster.SignatureLen:
		out.Note = "too short to compare with other posts"
	}
	if len(others) > 0 {
		out.Cluster = self.Cluster
		folds := []*normalize.Text{normalize.Fold(self.Text)}
		for _, o := range others {
			folds = append(folds, normalize.Fold(o.Text))
			sim := 0.0
			if len(o.Signature) == cluster.SignatureLen && len(self.Signature) == cluster.SignatureLen {
				sim = cluster.EstimateJaccard(cluster.Signature(self.Signature), cluster.Signature(o.Signature))
			}
			out.Similar = append(out.Similar, similarPost{ID: o.ID, Similarity: sim, Snippet: snippet(o.Text, 100)})
		}
		t := cluster.Template(folds)
		out.Template = t.String()
		for _, p := range t.Parts {
			if p.Slot != nil {
				out.Slots = append(out.Slots, slotJSON{Kind: p.Slot.Kind.String(), Distinct: p.Slot.Distinct, Values: p.Slot.Values})
			}
		}
		slices.SortStableFunc(out.Similar, func(a, b similarPost) int { return cmp.Compare(b.Similarity, a.Similarity) })
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	w := e.stdout
	if len(out.Similar) == 0 {
		fmt.Fprintf(w, "post %s: no post written from the same template", out.ID)
		if out.Note != "" {
			fmt.Fprintf(w, " (%s)", out.Note)
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "post %s: template cluster %d of %d posts\n\ntemplate: %s\n", out.ID, out.Cluster, out.ClusterSize, out.Template)
		for i, sl := range out.Slots {
			var vs []string
			for _, v := range sl.Values[:min(5, len(sl.Values))] {
				vs = append(vs, fmt.Sprintf("%q ×%d", v.Text, v.Count))
			}
			fmt.Fprintf(w, "  slot %d (%s, %d values): %s\n", i+1, sl.Kind, sl.Distinct, strings.Join(vs, ", "))
		}
		fmt.Fprintf(w, "\nmost similar (of %d listed):\n", len(out.Similar))
		for _, s := range out.Similar {
			fmt.Fprintf(w, "  %.2f  %-24s %s\n", s.Similarity, s.ID, s.Snippet)
		}
	}
	if out.Network != nil {
		fmt.Fprintf(w, "\nnetwork: %d (vigie network %d)\n", *out.Network, *out.Network)
	}
	return nil
}

// snippet returns the start of text, up to about width bytes, on one
// line.
func snippet(text string, width int) string {
	s := strings.Join(strings.Fields(text), " ")
	if len(s) <= width {
		return s
	}
	cut := width
	for cut > 0 && (s[cut]&0xc0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
