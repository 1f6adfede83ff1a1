package ingest

import (
	"context"
	"errors"
	"maps"
	"runtime"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/store"
)

// Pipeline analyses documents on every core and stores them in batches,
// one transaction each: an interrupted ingest leaves whole batches, and
// running it again skips the documents already stored.
type Pipeline struct {
	Analyzer *analyze.Analyzer
	Store    *store.Store
	Run      int64 // the ingest run the documents belong to (0: none)
	Workers  int   // <= 0: one per core
	Batch    int   // documents per transaction; <= 0: 10000
	// Clusters, when set, puts every stored batch into its template
	// clusters (documents are then signed as they are analysed).
	Clusters *Clusterer
	// Progress, when set, is called every 200 ms or so and at the end
	// with the totals so far, from the goroutine that calls Problem.
	Progress func(Totals)
	// Problem, when set, is called with every record that could not be
	// stored as a document, from one goroutine.
	Problem func(where string, err error)
}

// A batch is stored when it holds Batch documents, maxBatchBytes of text,
// or when its first document waited maxBatchAge. Large transactions are
// fast: one fsync, few full-text segments, and each page of an index with
// random keys (document keys, entity values) written once for many rows
// instead of once for a few; a slow input is still stored as it comes.
const (
	maxBatchBytes = 32 << 20
	maxBatchAge   = time.Second
	progressEvery = 200 * time.Millisecond
)

// Totals count what a pipeline did.
type Totals struct {
	Read       int            // records read, broken ones included
	Added      int            // documents stored
	Skipped    int            // documents already in the store
	Errors     int            // records that were not documents
	Categories map[string]int // documents added per reported category
	// IDs are the store ids of the documents added, in the final totals
	// only (not in those passed to Progress).
	IDs []int64
}

// Ingest reads records with read (a reader bound to its input, such as a
// ReadJSONL call) and stores their documents. It returns the totals and
// the first error of reading or storing; records with errors are counted
// and passed to Problem, not returned.
func (p *Pipeline) Ingest(ctx context.Context, read func(fn func(Record) error) error) (Totals, error) {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := p.Batch
	if batch <= 0 {
		batch = 10000
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type result struct {
		item  store.Item
		where string
		err   error
	}
	recs := make(chan Record, 4*workers)
	results := make(chan result, 4*workers)
	var readErr error
	go func() {
		defer close(recs)
		readErr = read(func(r Record) error {
			select {
			case recs <- r:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for r := range recs {
				res := result{where: r.Where, err: r.Err}
				if r.Err == nil {
					var sig []byte
					var view func(*normalize.Text)
					if p.Clusters != nil {
						view = func(fold *normalize.Text) { sig = Sign(fold) }
					}
					an, folded := p.Analyzer.AnalyzeWith(analyze.Input{Text: r.Doc.Text, Region: r.Doc.Region, Lang: r.Doc.Lang}, view)
					res.item = store.Item{Doc: r.Doc, Analysis: an, Folded: folded, Signature: sig}
				}
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// The collector below gathers results into batches and hands each
	// full batch to the storer, so that analysis goes on while a batch is
	// written; at most one full batch waits while another is written,
	// which bounds memory.
	t := Totals{Categories: map[string]int{}}
	var mu sync.Mutex // guards t between collector and storer
	var ids []int64   // added, kept apart from t so that progress copies stay small
	batches := make(chan []store.Item, 1)
	stored := make(chan error, 1)
	go func() {
		var err error
		for items := range batches {
			if err != nil {
				continue // drain: the collector stops soon
			}
			var added, skipped int
			if added, skipped, err = p.Store.Add(ctx, p.Run, items); err != nil {
				cancel()
				continue
			}
			if p.Clusters != nil {
				// Stored apart: a crash between the two leaves documents
				// without signatures, which the next ingest signs.
				if err = p.Clusters.Add(ctx, items); err != nil {
					cancel()
					continue
				}
			}
			mu.Lock()
			t.Added += added
			t.Skipped += skipped
			for _, it := range items {
				if it.Added {
					ids = append(ids, it.ID)
					for _, c := range it.Analysis.Categories {
						t.Categories[c.ID]++
					}
				}
			}
			mu.Unlock()
		}
		stored <- err
	}()
	var pending []store.Item
	var since time.Time // when the first pending item came
	size := 0
	send := func() {
		if len(pending) > 0 {
			batches <- pending
			pending, size = nil, 0
		}
	}
	progress := func() {
		if p.Progress != nil {
			mu.Lock()
			snap := t
			snap.Categories = maps.Clone(t.Categories) // the storer goes on counting
			mu.Unlock()
			p.Progress(snap)
		}
	}
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for open := true; open; {
		select {
		case res, ok := <-results:
			if !ok {
				open = false
				break
			}
			mu.Lock()
			t.Read++
			if res.err != nil {
				t.Errors++
			}
			mu.Unlock()
			if res.err != nil {
				if p.Problem != nil {
					p.Problem(res.where, res.err)
				}
				continue
			}
			if len(pending) == 0 {
				since = time.Now()
			}
			pending = append(pending, res.item)
			size += len(res.item.Doc.Text)
			if len(pending) >= batch || size >= maxBatchBytes {
				send()
			}
		case <-tick.C:
			// A slow input is stored as it comes, not when a batch fills.
			if len(pending) > 0 && time.Since(since) >= maxBatchAge {
				send()
			}
			progress()
		}
	}
	if ctx.Err() == nil {
		send()
	}
	close(batches)
	storeErr := <-stored
	progress()
	t.IDs = ids

	if storeErr != nil {
		return t, storeErr
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return t, readErr
	}
	return t, ctx.Err()
}
