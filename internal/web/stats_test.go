package web

import (
	"testing"

	"github.com/vigie-project/vigie/internal/store"
)

// TestCrossTab checks the suppression of small counts: cells from 1 to 4
// are hidden, and so is every total over a hidden cell (else the hidden
// count is the total minus the others); zero and large counts show.
func TestCrossTab(t *testing.T) {
	cells := []store.StatCell{
		{Category: "a", Month: "2026-01", N: 10},
		{Category: "a", Month: "2026-02", N: 3}, // hidden
		{Category: "b", Month: "2026-01", N: 7},
		{Category: "b", Month: "2026-01", Language: "fr", N: 2}, // sums with the above: 9
		{Category: "b", Month: "2026-02", N: 20},
	}
	tb := crossTab("t", cells, func(c store.StatCell) string { return c.Month }, func(c store.StatCell) string { return c.Category })
	got := ""
	for i, r := range tb.Rows {
		got += r + ":"
		for _, v := range tb.Cells[i] {
			got += " " + v.String()
		}
		got += " | " + tb.RowTotals[i].String() + "\n"
	}
	for _, v := range tb.ColTotals {
		got += " " + v.String()
	}
	want := "2026-01: 10 9 | 19\n2026-02: <5 20 | <5\n <5 29"
	if got != want {
		t.Errorf("crossTab =\n%s\nwant\n%s", got, want)
	}
	if v := count(0); v.Hidden || v.String() != "0" {
		t.Errorf("count(0) = %v", v)
	}
}
