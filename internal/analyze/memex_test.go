package analyze

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// TestMemexPhones measures phone precision and recall of the whole
// pipeline (places named in the ad feed the phone regions) on the Memex
// hand-labelled escort ads, US as the default region as for a US unit. An
// ad is its URL, title and body; the gold is the union of the numbers
// labelled in its URL and in its text. Numbers are compared by national
// significant number (the gold's form) or E.164 digits.
func TestMemexPhones(t *testing.T) {
	a := New(newTestAnalyzer().Book(), "US", DefaultThreshold)
	for _, tc := range []struct {
		file               string
		minPrec, minRecall float64
	}{
		{"memex-phone-groundtruth/groundtruth_intl_53.json", 0.95, 0.95},
		{"memex-phone-groundtruth/docs_150.json", 0.95, 0.95},
	} {
		var doc struct {
			JSONLines []struct {
				URL       string   `json:"url"`
				Title     string   `json:"title"`
				Body      string   `json:"body"`
				URLExtGT  []string `json:"url_ext_gt"`
				TextExtGT []string `json:"text_ext_gt"`
			} `json:"jsonlines"`
		}
		if err := json.Unmarshal(sharedtest.Read(t, tc.file), &doc); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		var tp, fp, fn int
		for _, ad := range doc.JSONLines {
			an := a.Analyze(Input{Text: ad.URL + "\n" + ad.Title + "\n" + ad.Body})
			var found []string
			for _, e := range an.Entities {
				if e.Kind == vigie.KindPhone {
					found = append(found, e.Value)
				}
			}
			slices.Sort(found)
			found = slices.Compact(found)
			gold := append(slices.Clone(ad.URLExtGT), ad.TextExtGT...)
			slices.Sort(gold)
			gold = slices.Compact(gold)
			used := make([]bool, len(gold))
			for _, e := range found {
				hit := false
				if num, err := phonenumbers.Parse(e, "ZZ"); err == nil {
					nsn := phonenumbers.GetNationalSignificantNumber(num)
					for k, g := range gold {
						if !used[k] && (g == nsn || g == e[1:]) {
							used[k], hit = true, true
							break
						}
					}
				}
				if hit {
					tp++
				} else {
					fp++
				}
			}
			for _, u := range used {
				if !u {
					fn++
				}
			}
		}
		p := float64(tp) / float64(tp+fp)
		r := float64(tp) / float64(tp+fn)
		t.Logf("%s: %d ads, precision %.3f recall %.3f (tp %d fp %d fn %d)", tc.file, len(doc.JSONLines), p, r, tp, fp, fn)
		if p < tc.minPrec || r < tc.minRecall {
			t.Errorf("%s: precision %.3f recall %.3f; want >= %.2f and >= %.2f", tc.file, p, r, tc.minPrec, tc.minRecall)
		}
	}
}
