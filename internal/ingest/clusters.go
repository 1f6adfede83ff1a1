package ingest

import (
	"context"
	"fmt"

	"github.com/vigie-project/vigie/internal/cluster"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/store"
)

// Clusterer keeps the template clusters of a store current as documents
// arrive: it holds the clustering index of every signed document in
// memory, adds each stored batch to it and stores the new signatures,
// their clusters and the merges, batch by batch.
//
// A Clusterer is for one goroutine at a time.
type Clusterer struct {
	st *store.Store
	ix *cluster.Index
}

// ClusterStats is what NewClusterer did.
type ClusterStats struct {
	Documents int `json:"documents"` // signature rows read
	Signed    int `json:"signed"`    // documents signed that had no signature
	Repaired  int `json:"repaired"`  // stored clusters that were stale
}

// batchSigned bounds the signature rows stored in one transaction while
// signing old documents.
const batchSigned = 10000

// NewClusterer rebuilds the clustering index from the signatures in st,
// in document order (the order they were first added in, so that the
// clusters come out the same), repairs the stored clusters that differ
// (an ingest interrupted between storing a batch and its signatures), and
// signs the documents that have no signature yet (stored before
// clustering existed, or in such a batch).
func NewClusterer(ctx context.Context, st *store.Store) (*Clusterer, ClusterStats, error) {
	c := &Clusterer{st: st, ix: cluster.NewIndex(cluster.DefaultConfig)}
	var stats ClusterStats
	var docs []int64
	stored := map[int64]int64{} // document → stored cluster, where not itself
	err := st.EachSignature(ctx, func(r store.SignatureRow) error {
		stats.Documents++
		docs = append(docs, r.Document)
		if r.Cluster != r.Document {
			stored[r.Document] = r.Cluster
		}
		if len(r.Signature) != cluster.SignatureLen {
			return nil // too short to compare: alone
		}
		c.ix.Add(r.Document, cluster.Signature(r.Signature))
		return ctx.Err()
	})
	if err != nil {
		return nil, stats, fmt.Errorf("rebuild clusters: %w", err)
	}
	fix := map[int64]int64{}
	for _, doc := range docs {
		was, ok := stored[doc]
		if !ok {
			was = doc
		}
		now, ok := c.ix.Cluster(doc)
		if !ok {
			now = doc
		}
		if now != was {
			fix[doc] = now
		}
	}
	stats.Repaired = len(fix)
	if len(fix) > 0 {
		if err := st.PutSignatures(ctx, nil, nil, fix); err != nil {
			return nil, stats, err
		}
	}

	var items []store.Item
	flush := func() error {
		if len(items) == 0 {
			return nil
		}
		err := c.Add(ctx, items)
		items = items[:0]
		return err
	}
	err = st.EachUnsigned(ctx, func(doc int64, text string) error {
		fold := normalize.Fold(text)
		sig := cluster.Sign(fold)
		fold.Release()
		items = append(items, store.Item{Added: true, ID: doc, Signature: sigBytes(sig)})
		stats.Signed++
		if len(items) >= batchSigned {
			return flush()
		}
		return ctx.Err()
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, stats, fmt.Errorf("sign stored documents: %w", err)
	}
	return c, stats, nil
}

// sigBytes returns the stored form of sig: its bytes, or none for the
// zero signature of a text too short to compare.
func sigBytes(sig cluster.Signature) []byte {
	if sig.IsZero() {
		return []byte{}
	}
	return sig[:]
}

// Sign returns the stored form of the clustering signature of a folded
// text.
func Sign(fold *normalize.Text) []byte { return sigBytes(cluster.Sign(fold)) }

// Add puts the added documents of items (Added, with their store ID and
// Signature) into their clusters and stores their signatures, clusters
// and the merges they caused, in one transaction.
func (c *Clusterer) Add(ctx context.Context, items []store.Item) error {
	var rows []store.SignatureRow
	merged := map[int64]bool{}
	for i := range items {
		it := &items[i]
		if !it.Added || it.ID == 0 {
			continue
		}
		row := store.SignatureRow{Document: it.ID, Signature: it.Signature, Cluster: it.ID}
		if len(it.Signature) == cluster.SignatureLen {
			_, gone := c.ix.Add(it.ID, cluster.Signature(it.Signature))
			for _, g := range gone {
				merged[g] = true
			}
		}
		rows = append(rows, row)
	}
	// Clusters as they stand after the whole batch: a merge later in the
	// batch may move a document added earlier in it.
	for i := range rows {
		if cl, ok := c.ix.Cluster(rows[i].Document); ok {
			rows[i].Cluster = cl
		}
	}
	moves := map[int64]int64{}
	for g := range merged {
		if cl, ok := c.ix.Cluster(g); ok && cl != g {
			moves[g] = cl
		}
	}
	if len(rows) == 0 && len(moves) == 0 {
		return nil
	}
	return c.st.PutSignatures(ctx, rows, moves, nil)
}
