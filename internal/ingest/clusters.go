package ingest

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/vigie-project/vigie/internal/cluster"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/store"
)

// Clusterer keeps the template clusters of a store current as documents
// arrive: it holds the clustering index of every signed document in
// memory, adds each stored batch to it and stores the new signatures,
// their clusters and the merges, batch by batch.
//
// Between ingests the index is kept in a snapshot file (Save), named by a
// token the store keeps while its signatures are those the snapshot
// holds: NewClusterer reads the snapshot back when the tokens agree,
// which takes a tenth of a second for a million documents where rebuilding
// the index from the stored signatures takes seconds.
//
// A Clusterer is for one goroutine at a time, and one Clusterer at a time
// may write to a store.
type Clusterer struct {
	st      *store.Store
	ix      *cluster.Index
	path    string // of the snapshot; "" keeps none
	changed bool   // since the snapshot was read: Save writes one
	stats   ClusterStats
}

// ClusterStats is what a Clusterer did.
type ClusterStats struct {
	Documents int `json:"documents"` // in the index when made: read from the snapshot or the store
	Signed    int `json:"signed"`    // documents signed that had no signature
	Repaired  int `json:"repaired"`  // stored clusters that were stale
	Added     int `json:"added"`     // documents added since (Add)
	// Saved is whether Save wrote a snapshot.
	Saved bool `json:"snapshot_saved"`
	// Seconds is the time spent making the index, adding documents to it
	// and storing their signatures and clusters, and saving it.
	Seconds float64 `json:"seconds"`
	// Snapshot tells where the index came from: "read" (the snapshot
	// matched the store), else why it was rebuilt from the stored
	// signatures: "none kept", "none recorded" (the store changed since
	// the snapshot, or never had one), "another store's or older", or
	// the error reading it.
	Snapshot string `json:"snapshot"`
}

// batchSigned bounds the signature rows stored in one transaction while
// signing old documents.
const batchSigned = 10000

// snapshotHeader opens a snapshot file, followed by the token and a
// newline, then the index (cluster.Index.WriteTo).
const snapshotHeader = "vigie cluster snapshot "

// NewClusterer returns the Clusterer of st. It reads the clustering index
// from the snapshot file at path when the store records that snapshot's
// token (path "" keeps no snapshot). Otherwise it rebuilds the index from
// the signatures in st, in document order (the order they were first
// added in, so that the clusters come out the same), repairs the stored
// clusters that differ (an ingest interrupted between storing a batch and
// its signatures), and signs the documents that have no signature yet
// (stored before clustering existed, or in such a batch).
func NewClusterer(ctx context.Context, st *store.Store, path string) (*Clusterer, ClusterStats, error) {
	start := time.Now()
	c := &Clusterer{st: st, path: path}
	err := c.load(ctx)
	c.stats.Added = 0 // the documents signed are counted as such
	c.stats.Seconds = time.Since(start).Seconds()
	if err != nil {
		return nil, c.stats, err
	}
	return c, c.stats, nil
}

// load makes the index of c: read from the snapshot, or rebuilt.
func (c *Clusterer) load(ctx context.Context) error {
	st, stats := c.st, &c.stats
	ix, why, err := readSnapshot(ctx, st, c.path)
	if err != nil {
		return err
	}
	stats.Snapshot = why
	if ix != nil {
		c.ix = ix
		stats.Documents = ix.Len()
		return nil
	}
	c.ix = cluster.NewIndex(cluster.DefaultConfig)
	c.changed = true
	var docs []int64
	stored := map[int64]int64{} // document → stored cluster, where not itself
	err = st.EachSignature(ctx, func(r store.SignatureRow) error {
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
		return fmt.Errorf("rebuild clusters: %w", err)
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
			return err
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
		return fmt.Errorf("sign stored documents: %w", err)
	}
	return nil
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
	start := time.Now()
	defer func() { c.stats.Seconds += time.Since(start).Seconds() }()
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
	c.stats.Added += len(rows)
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
	c.changed = true
	return c.st.PutSignatures(ctx, rows, moves, nil)
}

// readSnapshot returns the index in the snapshot file at path when the
// store records its token, else nil and why not. Only an error of the
// store is returned as an error: a snapshot that cannot be used is
// rebuilt.
func readSnapshot(ctx context.Context, st *store.Store, path string) (*cluster.Index, string, error) {
	if path == "" {
		return nil, "none kept", nil
	}
	token, err := st.ClusterSnapshot(ctx)
	if err != nil {
		return nil, "", err
	}
	if token == "" {
		return nil, "none recorded", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err.Error(), nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err.Error(), nil
	}
	r := bufio.NewReaderSize(f, 1<<16)
	line, err := r.ReadString('\n')
	if err != nil || line != snapshotHeader+token+"\n" {
		return nil, "another store's or older", nil
	}
	ix, err := cluster.ReadIndex(r, fi.Size()-int64(len(line)))
	if err != nil {
		return nil, fmt.Sprintf("%s: %v", path, err), nil
	}
	return ix, "read", nil
}

// Save writes the clustering index to the snapshot file, if it changed
// since it was read, and records the new snapshot's token in the store.
// It writes a new file and renames it over the old one, so that an
// interrupted Save leaves the old snapshot, which the store then no
// longer names: the next ingest rebuilds the index. It returns whether it
// wrote a snapshot.
func (c *Clusterer) Save(ctx context.Context) (bool, error) {
	if c.path == "" || !c.changed {
		return false, nil
	}
	start := time.Now()
	defer func() { c.stats.Seconds += time.Since(start).Seconds() }()
	var raw [16]byte
	rand.Read(raw[:])
	token := hex.EncodeToString(raw[:])
	f, err := os.CreateTemp(filepath.Dir(c.path), filepath.Base(c.path)+".*.tmp")
	if err != nil {
		return false, fmt.Errorf("save cluster snapshot: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename, does nothing
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString(snapshotHeader + token + "\n")
	_, err = c.ix.WriteTo(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.path)
	}
	if err != nil {
		return false, fmt.Errorf("save cluster snapshot: %w", err)
	}
	if err := c.st.SetClusterSnapshot(ctx, token); err != nil {
		return false, err
	}
	c.changed = false
	c.stats.Saved = true
	return true, nil
}

// Stats returns what c did so far.
func (c *Clusterer) Stats() ClusterStats { return c.stats }
