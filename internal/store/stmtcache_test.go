package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestReaderCache runs more distinct queries than the cache holds, from
// several goroutines: every answer is right, the cache stops at its
// bound, and a query that fails to prepare reports its own error.
func TestReaderCache(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range maxCachedStmts + 100 {
				var n int
				if err := s.rd.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", i), g).Scan(&n); err != nil || n != i+g {
					t.Errorf("SELECT %d + %d = %d, %v", i, g, n, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(s.rd.stmts) != maxCachedStmts {
		t.Errorf("%d statements cached; want the bound, %d", len(s.rd.stmts), maxCachedStmts)
	}
	if _, err := s.rd.QueryContext(ctx, "SELECT nope FROM nowhere"); err == nil {
		t.Error("a query of a missing table ran")
	}
	rows, err := s.rd.QueryContext(ctx, "SELECT name FROM users WHERE id = ?", 1)
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if _, ok := s.rd.stmts["SELECT name FROM users WHERE id = ?"]; ok {
		t.Error("a query cached beyond the bound")
	}
}
