package analyze

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCategoryCases runs the rulebook's multilingual case files (positives
// and hard negatives, internal/rules/testdata/cases) through the whole
// pipeline, extractors included, and requires the exact set of reported
// categories for each, as the rules package does on words alone. It also
// reports recall per category and the false-alarm rate on negatives.
func TestCategoryCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "cases", "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files found: %v", err)
	}
	a := newTestAnalyzer()
	var positives, found, negatives, alarms int
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			var c struct {
				Name, Lang, Text string
				Want             []string
			}
			if err := json.Unmarshal([]byte(line), &c); err != nil {
				t.Fatalf("%s:%d: %v", file, n, err)
			}
			an := a.Analyze(Input{Text: c.Text})
			checkSpans(t, c.Text, &an)
			var got []string
			for _, cs := range an.Categories {
				got = append(got, cs.ID)
			}
			slices.Sort(got)
			want := slices.Clone(c.Want)
			slices.Sort(want)
			if len(want) == 0 {
				negatives++
				if len(got) > 0 {
					alarms++
				}
			}
			for _, w := range want {
				positives++
				if slices.Contains(got, w) {
					found++
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s:%d %q: categories %v; want %v", filepath.Base(file), n, c.Name, got, want)
			}
		}
		f.Close()
	}
	t.Logf("category recall %.3f (%d/%d), false alarms on negatives %.3f (%d/%d)",
		float64(found)/float64(positives), found, positives,
		float64(alarms)/float64(negatives), alarms, negatives)
}
