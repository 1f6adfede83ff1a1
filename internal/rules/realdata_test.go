package rules

import (
	"bufio"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// TestRealDataFalseAlarms runs corpora that hold no smuggling offers, sham
// marriages or sextortion (SMS ham and spam, job postings, escort ads)
// through the book and bounds how often those categories are reported.
// It asserts rates only; the texts are real and are never printed.
func TestRealDataFalseAlarms(t *testing.T) {
	b := defaultBook(t)
	var texts []string
	f, err := os.Open(sharedtest.File(t, "uci-sms-spam-collection/SMSSpamCollection"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, msg, ok := strings.Cut(sc.Text(), "\t"); ok {
			texts = append(texts, msg)
		}
	}
	f.Close()
	f, err = os.Open(sharedtest.File(t, "emscad-fake-job-postings-sample/fj_small.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		if len(rec) > 8 {
			texts = append(texts, rec[1]+"\n"+rec[6]+"\n"+rec[7]+"\n"+rec[8])
		}
	}
	texts = append(texts, memexTextsT(t)...)

	mine := []string{"smuggling.passage", "smuggling.documents", "smuggling.marriage", "coercion.sextortion"}
	count := map[string]int{}
	for _, s := range texts {
		for _, c := range b.Score(normalize.Fold(s), nil, 0.5).Categories {
			count[c.ID]++
		}
	}
	t.Logf("%d texts; reported: %v", len(texts), count)
	for _, id := range mine {
		if rate := float64(count[id]) / float64(len(texts)); rate > 0.002 {
			t.Errorf("%s reported on %d of %d texts without that phenomenon (%.4f); want <= 0.002", id, count[id], len(texts), rate)
		}
	}
}
