package analyze

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// contactKinds are the entity kinds counted as contacts.
var contactKinds = map[vigie.EntityKind]bool{
	vigie.KindPhone: true, vigie.KindEmail: true, vigie.KindURL: true,
	vigie.KindWhatsApp: true, vigie.KindTelegram: true, vigie.KindViber: true,
	vigie.KindSignal: true, vigie.KindSkype: true, vigie.KindSnapchat: true,
	vigie.KindInstagram: true, vigie.KindFacebook: true, vigie.KindTikTok: true,
	vigie.KindIBAN: true, vigie.KindCryptoWallet: true,
}

// TestContacts runs a multilingual table of posts (testdata/contacts.jsonl,
// written for this test with invented numbers) through the whole pipeline
// and measures contact precision, recall and F1 as kind:value pairs.
func TestContacts(t *testing.T) {
	f, err := os.Open("testdata/contacts.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a := newTestAnalyzer()
	var tp, fp, fn int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct {
			Name, Text, Region string
			Want               []string
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("testdata/contacts.jsonl: %v", err)
		}
		an := a.Analyze(Input{Text: c.Text, Region: c.Region})
		checkSpans(t, c.Text, &an)
		var got []string
		for _, e := range an.Entities {
			if contactKinds[e.Kind] {
				got = append(got, string(e.Kind)+":"+e.Value)
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		want := slices.Clone(c.Want)
		slices.Sort(want)
		for _, g := range got {
			if slices.Contains(want, g) {
				tp++
			} else {
				fp++
			}
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				fn++
			}
		}
		if !slices.Equal(got, want) {
			t.Logf("%s: got %s; want %s", c.Name, strings.Join(got, " "), strings.Join(want, " "))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	p := float64(tp) / float64(tp+fp)
	r := float64(tp) / float64(tp+fn)
	f1 := 2 * p * r / (p + r)
	t.Logf("contacts: precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d)", p, r, f1, tp, fp, fn)
	if f1 < 0.95 {
		t.Errorf("contact F1 = %.3f; want >= 0.95", f1)
	}
}
