package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/svg"
	"github.com/vigie-project/vigie/internal/vigie"
)

// minCell is the smallest count statistics show: fewer documents are
// written "<5", so that a cell cannot single out a person (a victim's
// testimony, in one language, one month, on one platform).
const minCell = 5

// statValue is a count as statistics show it.
type statValue struct {
	N      int
	Hidden bool
}

// String writes the count, or "<5" when it is hidden.
func (v statValue) String() string {
	if v.Hidden {
		return "<" + strconv.Itoa(minCell)
	}
	return strconv.Itoa(v.N)
}

func count(n int) statValue { return statValue{N: n, Hidden: n > 0 && n < minCell} }

// statTable is a cross-table of counts with suppressed small cells.
type statTable struct {
	Title      string
	Rows, Cols []string
	Cells      [][]statValue
	RowTotals  []statValue
	ColTotals  []statValue
}

// crossTab sums cells into a table of row × col. Counts from 1 to
// minCell-1 are hidden; a total over a row or column holding a hidden
// cell is hidden too, so that the hidden count cannot be had by
// subtracting the others from the total.
func crossTab(title string, cells []store.StatCell, row, col func(store.StatCell) string) statTable {
	sums := map[[2]string]int{}
	var rows, cols []string
	for _, c := range cells {
		r, k := row(c), col(c)
		sums[[2]string{r, k}] += c.N
		if !slices.Contains(rows, r) {
			rows = append(rows, r)
		}
		if !slices.Contains(cols, k) {
			cols = append(cols, k)
		}
	}
	slices.Sort(rows)
	slices.Sort(cols)
	t := statTable{Title: title, Rows: rows, Cols: cols, Cells: make([][]statValue, len(rows)),
		RowTotals: make([]statValue, len(rows)), ColTotals: make([]statValue, len(cols))}
	colHidden := make([]bool, len(cols))
	colSum := make([]int, len(cols))
	for i, r := range rows {
		t.Cells[i] = make([]statValue, len(cols))
		sum, hidden := 0, false
		for j, k := range cols {
			v := count(sums[[2]string{r, k}])
			t.Cells[i][j] = v
			sum += v.N
			colSum[j] += v.N
			hidden = hidden || v.Hidden
			colHidden[j] = colHidden[j] || v.Hidden
		}
		t.RowTotals[i] = count(sum)
		t.RowTotals[i].Hidden = t.RowTotals[i].Hidden || hidden
	}
	for j := range cols {
		t.ColTotals[j] = count(colSum[j])
		t.ColTotals[j].Hidden = t.ColTotals[j].Hidden || colHidden[j]
	}
	return t
}

func unknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

func (s *Server) statistics(w http.ResponseWriter, r *http.Request, u *store.User) {
	cells, err := s.st.Statistics(r.Context())
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	tr := translator(langOf(r, u))
	cat := func(c store.StatCell) string { return c.Category }
	tables := []statTable{
		crossTab(tr("byMonth"), cells, func(c store.StatCell) string { return unknown(c.Month) }, cat),
		crossTab(tr("byLanguage"), cells, func(c store.StatCell) string { return unknown(c.Language) }, cat),
		crossTab(tr("byPlatform"), cells, func(c store.StatCell) string { return unknown(c.Platform) }, cat),
	}
	// The chart draws the month table, hidden cells as zero.
	months := tables[0]
	chart := svg.StackedChart{Title: tr("byMonth"), Periods: months.Rows}
	for j, c := range months.Cols {
		sr := svg.Series{Name: c, Values: make([]int, len(months.Rows))}
		for i := range months.Rows {
			if v := months.Cells[i][j]; !v.Hidden {
				sr.Values[i] = v.N
			}
		}
		chart.Series = append(chart.Series, sr)
	}
	contacts, err := s.contactStats.get(r.Context(), s.st, s.opt.Now())
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	var rows []contactRow
	for _, c := range contacts {
		row := contactRow{Pseudonym: c.Pseudonym, Kind: c.Kind, Documents: count(c.Documents), Months: c.FirstMonth}
		if c.LastMonth != c.FirstMonth {
			row.Months += " – " + c.LastMonth
		}
		cats := make([]string, 0, len(c.Categories))
		for k := range c.Categories {
			cats = append(cats, k)
		}
		slices.Sort(cats)
		for _, k := range cats {
			row.Categories = append(row.Categories, categoryCount{k, count(c.Categories[k])})
		}
		rows = append(rows, row)
	}
	s.render(w, r, u, &statisticsPage{Tables: tables, Chart: chart.HTML(), MinCell: minCell, Contacts: rows})
}

// statisticsCSV writes every cell, category × month × language ×
// platform, with the same suppression.
func (s *Server) statisticsCSV(w http.ResponseWriter, r *http.Request, u *store.User) {
	cells, err := s.st.Statistics(r.Context())
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	if !s.record(w, r, u, audit.ActionExport, "statistics", "csv") {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="vigie-statistics.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"category", "month", "language", "platform", "documents"})
	for _, c := range cells {
		if !slices.Contains(vigie.Categories, c.Category) {
			continue
		}
		cw.Write([]string{c.Category, c.Month, c.Language, csvSafe(c.Platform), count(c.N).String()})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.opt.Log.Error("statistics csv", "err", err)
	}
}

// csvSafe keeps a spreadsheet from reading a value as a formula.
func csvSafe(v string) string {
	if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r') {
		return "'" + v
	}
	return v
}

// contactRow is a recurring identifier as analysts see it: pseudonymised,
// its counts with small ones hidden.
type contactRow struct {
	Pseudonym, Kind string
	Documents       statValue
	Categories      []categoryCount
	Months          string
}

// categoryCount is a count of documents in a category.
type categoryCount struct {
	Category string
	N        statValue
}

// maxContactRows bounds the recurring identifiers listed.
const maxContactRows = 30

// contactCache keeps the pseudonymised contact statistics for
// contactTTL: they read every identifier.
type contactCache struct {
	mu sync.Mutex
	at time.Time
	v  []store.ContactStat
}

const contactTTL = 5 * time.Minute

func (c *contactCache) get(ctx context.Context, st *store.Store, now time.Time) ([]store.ContactStat, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && now.Sub(c.at) < contactTTL {
		return c.v, nil
	}
	v, err := st.ContactStatistics(ctx, minCell, maxContactRows)
	if err != nil {
		return nil, err
	}
	c.v, c.at = v, now
	return v, nil
}
