package ingest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
)

const sample = `{"id": "a1", "source": "fb", "text": "Départ de Zuwara, 2500 € par personne, paiement après l'arrivée", "posted_at": "2026-03-01T10:00:00Z", "region": "ly", "lang": "FR"}
{"id": 42, "text": "second"}

{"id": "bad", "text": "x", "posted_at": "yesterday"}
{"broken json
{"id": "notext"}
{"text": "crlf line"}` + "\r\n" + `{"id": "last", "text": "no newline at the end"}`

func readAll(t *testing.T, in string) []Record {
	t.Helper()
	var out []Record
	if err := ReadJSONL(strings.NewReader(in), "blobdigest", func(r Record) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadJSONL(t *testing.T) {
	recs := readAll(t, sample)
	var got []string
	for _, r := range recs {
		if r.Err != nil {
			got = append(got, r.Where+": error")
		} else {
			got = append(got, r.Where+": "+r.Doc.ID)
		}
	}
	want := []string{"line 1: a1", "line 2: 42", "line 4: error", "line 5: error", "line 6: error", "line 7: ", "line 8: last"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("ReadJSONL records = %v; want %v", got, want)
	}
	d := recs[0].Doc
	if d.Source != "fb" || d.Region != "LY" || d.Lang != "fr" || d.PostedAt.Year() != 2026 {
		t.Errorf("line 1 = %+v; want source, region, lang and date read", d)
	}
	// Origins point at each line's bytes.
	lines := strings.SplitAfter(sample, "\n")
	for _, r := range recs {
		if r.Err != nil {
			continue
		}
		o := r.Doc.Origin
		if o.Blob != "blobdigest" || o.Record != r.Where {
			t.Errorf("%s: origin %+v", r.Where, o)
		}
		var n int
		var off int64
		for i, l := range lines {
			if "line "+itoa(i+1) == r.Where {
				n = i
				break
			}
			off += int64(len(l))
		}
		if o.Offset != off || !strings.HasPrefix(lines[n], sample[o.Offset:o.Offset+o.Length]) {
			t.Errorf("%s: origin bytes %d+%d do not hold the line", r.Where, o.Offset, o.Length)
		}
	}
	if recs[5].Doc.Text != "crlf line" {
		t.Errorf("CRLF line text = %q", recs[5].Doc.Text)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestReadJSONLStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadJSONL(strings.NewReader(sample), "", func(Record) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ReadJSONL = %v after %d records; want stop after 1", err, n)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("{\"text\": \"\\u0000\"}\n\xff\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines := strings.Count(string(b), "\n") + 1
		n := 0
		err := ReadJSONL(strings.NewReader(string(b)), "", func(r Record) error {
			n++
			if r.Err == nil && r.Doc.Origin.Offset+r.Doc.Origin.Length > int64(len(b)) {
				t.Fatalf("origin %+v beyond the input", r.Doc.Origin)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ReadJSONL on bytes in memory failed: %v", err)
		}
		if n > lines {
			t.Fatalf("%d records from %d lines", n, lines)
		}
	})
}

func TestPipelineIdempotent(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var problems []string
	p := &Pipeline{
		Analyzer: analyze.New(rules.Default(), "BE", analyze.DefaultThreshold),
		Store:    s,
		Batch:    2,
		Problem:  func(where string, err error) { problems = append(problems, where) },
	}
	read := func(fn func(Record) error) error { return ReadJSONL(strings.NewReader(sample), "b", fn) }
	tot, err := p.Ingest(ctx, read)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Read != 7 || tot.Added != 4 || tot.Skipped != 0 || tot.Errors != 3 {
		t.Errorf("first ingest = %+v; want 7 read, 4 added, 3 errors", tot)
	}
	slices.Sort(problems) // workers finish in any order
	if strings.Join(problems, ",") != "line 4,line 5,line 6" {
		t.Errorf("problems at %v; want lines 4, 5, 6", problems)
	}
	if tot.Categories["smuggling.passage"] != 1 {
		t.Errorf("categories = %v; want one smuggling.passage", tot.Categories)
	}
	tot, err = p.Ingest(ctx, read)
	if err != nil {
		t.Fatal(err)
	}
	if tot.Added != 0 || tot.Skipped != 4 {
		t.Errorf("second ingest = %+v; want 0 added, 4 skipped", tot)
	}
}

// TestReadJSONLPhotoHashes checks that perceptual hashes given with media
// are kept lower case when well formed and make the record an error
// otherwise.
func TestReadJSONLPhotoHashes(t *testing.T) {
	recs := readAll(t, `{"text": "a", "media": [{"sha256": "ab", "phash": "0123456789ABCDEF.fedcba9876543210"}]}
{"text": "b", "media": [{"phash": "0123"}]}
`)
	if len(recs) != 2 || recs[0].Err != nil || recs[0].Doc.Media[0].PHash != "0123456789abcdef.fedcba9876543210" {
		t.Fatalf("line 1 = %+v", recs[0])
	}
	if recs[1].Err == nil || !strings.Contains(recs[1].Err.Error(), "phash") {
		t.Errorf("line 2 err = %v; want a phash error", recs[1].Err)
	}
}
