package ingest

import (
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/vigie-project/vigie/internal/analyze"
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
	Batch    int   // documents per transaction; <= 0: 500
	// Progress, when set, is called after every stored batch with the
	// totals so far, from one goroutine.
	Progress func(Totals)
	// Problem, when set, is called with every record that could not be
	// stored as a document, from one goroutine.
	Problem func(where string, err error)
}

// Totals count what a pipeline did.
type Totals struct {
	Read       int            // records read, broken ones included
	Added      int            // documents stored
	Skipped    int            // documents already in the store
	Errors     int            // records that were not documents
	Categories map[string]int // documents added per reported category
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
		batch = 500
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
					an, folded := p.Analyzer.AnalyzeFolded(analyze.Input{Text: r.Doc.Text, Region: r.Doc.Region, Lang: r.Doc.Lang})
					res.item = store.Item{Doc: r.Doc, Analysis: an, Folded: folded}
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

	t := Totals{Categories: map[string]int{}}
	var pending []store.Item
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		added, skipped, err := p.Store.Add(ctx, p.Run, pending)
		if err != nil {
			return err
		}
		t.Added += added
		t.Skipped += skipped
		for _, it := range pending {
			if it.Added {
				for _, c := range it.Analysis.Categories {
					t.Categories[c.ID]++
				}
			}
		}
		pending = pending[:0]
		if p.Progress != nil {
			p.Progress(t)
		}
		return nil
	}
	var storeErr error
	for res := range results {
		t.Read++
		if res.err != nil {
			t.Errors++
			if p.Problem != nil {
				p.Problem(res.where, res.err)
			}
			continue
		}
		if storeErr != nil {
			continue
		}
		pending = append(pending, res.item)
		if len(pending) >= batch {
			if storeErr = flush(); storeErr != nil {
				cancel()
			}
		}
	}
	if storeErr == nil {
		storeErr = flush()
	}
	if storeErr != nil {
		return t, storeErr
	}
	if readErr != nil && !errors.Is(readErr, context.Canceled) {
		return t, readErr
	}
	return t, ctx.Err()
}
