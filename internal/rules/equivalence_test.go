package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// goldenPath holds one SHA-256 per corpus and entity mode of the JSON of
// every Result the default book gives on it. It guards optimisations of
// the engine: they must not change a single byte of the output. Refresh it
// with -update only when a change of results is intended.
var goldenPath = filepath.Join("testdata", "score_golden.txt")

// equivCorpus is one named list of texts with the language passed to
// ScoreLang for each.
type equivCorpus struct {
	name  string
	texts []string
	langs []string
}

func equivCorpora(t *testing.T) []equivCorpus {
	t.Helper()
	var out []equivCorpus
	for _, name := range []string{"testing.csv", "training.csv"} {
		c := equivCorpus{name: "memex/" + name, texts: sharedtest.MemexAds(t, name)}
		for range c.texts {
			c.langs = append(c.langs, "en")
		}
		out = append(out, c)
	}
	sms := equivCorpus{name: "sms", texts: sharedtest.SMS(t)}
	sms.langs = make([]string, len(sms.texts))
	out = append(out, sms)
	cases := equivCorpus{name: "cases"}
	for _, c := range loadCases(t) {
		cases.texts = append(cases.texts, c.Text)
		cases.langs = append(cases.langs, c.Lang)
	}
	return append(out, cases)
}

// fakeEntities returns a deterministic entity list over t: one entity
// every 7th token, of every kind in turn, covering one to three tokens,
// some starting inside their first token, plus entities the engine must
// ignore (unknown kind, out of range, empty), in order or not.
func fakeEntities(t *normalize.Text) []vigie.Entity {
	toks := t.Tokens()
	var out []vigie.Entity
	for i := 0; i < len(toks); i += 7 {
		n := i / 7
		j := min(i+n%3, len(toks)-1)
		s, _ := t.Span(int(toks[i].Start), int(toks[i].End))
		_, e := t.Span(int(toks[j].Start), int(toks[j].End))
		if n%5 == 4 && e-s > 1 {
			s++
		}
		out = append(out, vigie.Entity{Kind: vigie.EntityKinds[n%len(vigie.EntityKinds)], Start: s, End: e})
	}
	out = append(out,
		vigie.Entity{Kind: "nonsense", Start: 0, End: len(t.Orig)},
		vigie.Entity{Kind: vigie.KindPrice, Start: 0, End: len(t.Orig) + 1},
		vigie.Entity{Kind: vigie.KindPhone, Start: 1, End: 1},
	)
	if len(t.Orig)%2 == 1 {
		// Extractors do not sort their entities: half the texts get them
		// in reverse order.
		slices.Reverse(out)
	}
	return out
}

func TestScoreGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("scores several megabytes of text; skipped in -short mode")
	}
	b := Default()
	var lines []string
	for _, c := range equivCorpora(t) {
		for _, mode := range []string{"nil", "fake"} {
			h := sha256.New()
			for i, s := range c.texts {
				ft := normalize.Fold(s)
				var ents []vigie.Entity
				if mode == "fake" {
					ents = fakeEntities(ft)
				}
				res := b.ScoreLang(ft, ents, 0.5, c.langs[i])
				js, err := json.Marshal(res)
				if err != nil {
					t.Fatal(err)
				}
				h.Write(js)
				h.Write([]byte{'\n'})
			}
			lines = append(lines, fmt.Sprintf("%s %s %d %s", c.name, mode, len(c.texts), hex.EncodeToString(h.Sum(nil))))
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, goldenPath, got, *update)
}
