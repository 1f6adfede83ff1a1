package phone

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/langid"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/place"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// pipelineLangRegions mirrors analyze.langRegions: the regions the
// pipeline tries last for a number without a country, by language.
var pipelineLangRegions = map[string][]string{
	"ro": {"RO", "MD"}, "bg": {"BG"}, "tr": {"TR"}, "nl": {"NL"}, "de": {"DE", "AT"},
	"it": {"IT"}, "pt": {"PT", "BR"}, "fa": {"IR", "AF"}, "ps": {"AF"}, "ur": {"PK"},
	"ti": {"ER", "ET"}, "am": {"ET"}, "uk": {"UA"}, "ru": {"RU"}, "el": {"GR"},
	"sq": {"AL"}, "pl": {"PL"},
}

// pipelineDefault is the default region of the pipeline (analyze.DefaultRegion).
const pipelineDefault = "BE"

// pipelineCall is one text as analyze.Entities hands it to Find.
type pipelineCall struct {
	digits *normalize.Text
	opt    Options
}

// pipelineCalls returns the Find calls analyze.Entities makes for texts:
// the regions of the places named, then the default and the regions of
// the language when it has some.
func pipelineCalls(texts []string) []pipelineCall {
	calls := make([]pipelineCall, 0, len(texts))
	for _, s := range texts {
		fold := normalize.Fold(s)
		digits := normalize.DigitsOf(fold)
		lang, _ := langid.Detect(fold)
		cues := place.Regions(place.Find(fold))
		if extra := pipelineLangRegions[lang]; len(extra) > 0 {
			cues = append(append(cues, pipelineDefault), extra...)
		}
		calls = append(calls, pipelineCall{digits, Options{Default: pipelineDefault, Cues: cues}})
	}
	return calls
}

// manyCues is a long cue list of regions with different numbering plans:
// it makes every candidate meet many regions, so that the order and
// skipping of regions are put to the test.
var manyCues = []string{"IN", "GB", "AU", "DE", "FR", "IT", "NL", "RU", "TR", "BR", "JP", "EC", "US", "MX", "AR", "CN"}

var cuesGoldenPath = filepath.Join("testdata", "find_cues_golden.txt")

// TestFindCuesGolden guards, like TestFindGolden, the output of Find when
// it is called with cues: the way the pipeline calls it, and with a long
// list of cue regions.
func TestFindCuesGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Find over several megabytes of text; skipped in -short mode")
	}
	var lines []string
	for _, c := range sharedtest.PostCorpora(t) {
		calls := pipelineCalls(c.Texts)
		for _, variant := range []string{"pipeline", "many"} {
			h := sha256.New()
			n := 0
			for _, call := range calls {
				opt := call.opt
				if variant == "many" {
					opt = Options{Region: "", Default: "US", Cues: append(append([]string{}, call.opt.Cues...), manyCues...)}
				}
				got := Find(call.digits, opt)
				n += len(got)
				b, err := json.Marshal(got)
				if err != nil {
					t.Fatal(err)
				}
				h.Write(b)
				h.Write([]byte{'\n'})
			}
			lines = append(lines, c.Name+" "+variant+" "+hex.EncodeToString(h.Sum(nil)))
			t.Logf("%s %s: %d texts, %d phones", c.Name, variant, len(c.Texts), n)
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	sharedtest.Golden(t, cuesGoldenPath, got, *update)
}

// BenchmarkFindPipeline runs Find over the Memex ads the way
// analyze.Entities calls it: with the regions of the places and the
// language of each text as cues and BE as default.
func BenchmarkFindPipeline(b *testing.B) {
	ads := memexAdTexts(b)
	calls := pipelineCalls(ads)
	size := 0
	for _, s := range ads {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range calls {
			Find(c.digits, c.opt)
		}
	}
}

// memexAdTexts returns the texts of the Memex ad-classifier test set, as
// the analyze benchmarks read them.
func memexAdTexts(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(sharedtest.File(tb, "memex-ads-classifier/testing.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, rec := range recs[1:] {
		if len(rec) >= 2 {
			out = append(out, rec[1])
		}
	}
	return out
}
