package synth

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/ingest"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/phone"
	"github.com/vigie-project/vigie/internal/rules"
)

func generate(seed uint64, n int) []Post {
	g := New(seed)
	out := make([]Post, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, _ := json.Marshal(generate(7, 500))
	b, _ := json.Marshal(generate(7, 500))
	c, _ := json.Marshal(generate(8, 500))
	if !bytes.Equal(a, b) {
		t.Error("two runs with seed 7 differ")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 7 and 8 give the same posts")
	}
}

func TestValidIngestJSONL(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	posts := generate(1, 2000)
	for _, p := range posts {
		if err := enc.Encode(p); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err := ingest.ReadJSONL(&buf, "", func(r ingest.Record) error {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Where, r.Err)
		}
		if r.Doc.PostedAt.IsZero() || r.Doc.Text == "" || len(r.Doc.Media) != len(posts[n].Media) {
			t.Errorf("%s: document %+v lost fields", r.Where, r.Doc)
		}
		n++
		return nil
	})
	if err != nil || n != len(posts) {
		t.Errorf("ReadJSONL read %d of %d posts: %v", n, len(posts), err)
	}
}

// TestPhonesValid checks that every generated number, in every way it is
// written, is found and read back to the same E.164 number.
func TestPhonesValid(t *testing.T) {
	g := New(3)
	r := rand.New(rand.NewPCG(1, 2))
	for lang := range regionsByLang {
		for range 200 {
			p := g.phone(lang)
			s := p.format(r)
			got := phone.Find(normalize.Digits("call "+s), phone.Options{Default: nationalRegion})
			if len(got) != 1 || got[0].Value != p.E164() {
				t.Errorf("%s: %q read as %v; want %s", lang, s, got, p.E164())
			}
		}
	}
}

// TestNetworks checks that the posts of a planted network share a template
// and, each, a phone, handle or photo with the network.
func TestNetworks(t *testing.T) {
	posts := generate(5, 3000)
	byNet := map[string][]Post{}
	inNet := 0
	for _, p := range posts {
		if p.Truth.Network != nil {
			byNet[*p.Truth.Network] = append(byNet[*p.Truth.Network], p)
			inNet++
		}
	}
	if len(byNet) < 20 || inNet < len(posts)/3 {
		t.Fatalf("%d networks holding %d of %d posts; want many networks and a large share", len(byNet), inNet, len(posts))
	}
	for id, ps := range byNet {
		for _, p := range ps[1:] {
			if *p.Truth.Template != *ps[0].Truth.Template {
				t.Errorf("network %s mixes templates", id)
			}
			// Every post shows the network's first photo, and its author.
			if p.Author != ps[0].Author || p.Media[0].SHA256 != ps[0].Media[0].SHA256 {
				t.Errorf("network %s: post %s has another author or first photo", id, p.ID)
			}
		}
	}
}

// TestAnalyzerFindsTruth is a smoke test that the templates are written
// for their categories: the analyser must find most of them. It is not a
// quality measure (the templates were written knowing the rulebook).
func TestAnalyzerFindsTruth(t *testing.T) {
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	var pos, found, neg, alarms int
	for _, p := range generate(9, 1500) {
		an := a.Analyze(analyze.Input{Text: p.Text})
		var got []string
		for _, c := range an.Categories {
			got = append(got, c.ID)
		}
		if len(p.Truth.Categories) == 0 {
			neg++
			if len(got) > 0 {
				alarms++
			}
			continue
		}
		pos++
		if slices.Contains(got, p.Truth.Categories[0]) {
			found++
		}
	}
	t.Logf("synth: category recall %d/%d, false alarms %d/%d", found, pos, alarms, neg)
	if float64(found) < 0.9*float64(pos) || float64(alarms) > 0.1*float64(neg) {
		t.Errorf("synth posts: recall %d/%d, false alarms %d/%d; want >= 90%% and <= 10%%", found, pos, alarms, neg)
	}
}
