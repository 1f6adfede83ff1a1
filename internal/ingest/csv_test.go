package ingest

import (
	"bytes"
	"encoding/csv"
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// readCSVAll reads every record of in.
func readCSVAll(t testing.TB, in string, cols CSVColumns) ([]Record, error) {
	t.Helper()
	var out []Record
	err := ReadCSV(strings.NewReader(in), "blob", cols, func(r Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// csvSample is invented: quoted fields with commas, line breaks and
// doubled quotes, CRLF endings, an empty line, a lazy quote, short and
// long rows, an empty text, invalid UTF-8, a bad date and an unclosed
// quote at the end.
const csvSample = "ID,Message,Posted\r\n" +
	"m1,\"Départ samedi, places limitées\",2026-03-01\r\n" +
	"m2,\"Ligne un\r\nligne \"\"deux\"\"\",2026-03-01T10:00:00Z\n" +
	"\n" +
	"m3,prix 500\"€ cash\n" +
	"m4\n" +
	"m5,\"quoted \"lazy\" inside\",,extra\n" +
	"m6,   ,\n" +
	"m7,caf\xe9,\n" +
	"m8,ok,yesterday\n" +
	"m9,\"never closed\nlast line"

func TestReadCSV(t *testing.T) {
	recs, err := readCSVAll(t, csvSample, CSVColumns{ID: "id", PostedAt: "3"})
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ where, id, text, err string }
	wants := []want{
		{"row 1 (line 2)", "m1", "Départ samedi, places limitées", ""},
		{"row 2 (line 3)", "m2", "Ligne un\nligne \"deux\"", ""},
		{"row 3 (line 6)", "m3", "prix 500\"€ cash", ""},
		{"row 4 (line 7)", "", "", "empty text"},
		{"row 5 (line 8)", "m5", "quoted \"lazy\" inside", ""},
		{"row 6 (line 9)", "", "", "empty text"},
		{"row 7 (line 10)", "", "", "invalid UTF-8"},
		{"row 8 (line 11)", "", "", "invalid posted_at"},
		{"row 9 (line 12)", "", "", "not closed"},
	}
	if len(recs) != len(wants) {
		t.Fatalf("ReadCSV gave %d records; want %d: %+v", len(recs), len(wants), recs)
	}
	for i, w := range wants {
		r := recs[i]
		if r.Where != w.where {
			t.Errorf("record %d: Where = %q; want %q", i, r.Where, w.where)
		}
		if w.err != "" {
			if r.Err == nil || !strings.Contains(r.Err.Error(), w.err) {
				t.Errorf("%s: Err = %v; want %q", r.Where, r.Err, w.err)
			}
			continue
		}
		if r.Err != nil || r.Doc.ID != w.id || r.Doc.Text != w.text {
			t.Errorf("%s = %q %q %v; want %q %q", r.Where, r.Doc.ID, r.Doc.Text, r.Err, w.id, w.text)
		}
	}
	if got := recs[1].Doc.PostedAt.Hour(); got != 10 {
		t.Errorf("row 2 posted_at hour = %d; want 10", got)
	}
	// Every origin holds exactly its row: parsed alone, it gives the text.
	for _, r := range recs {
		o := r.Doc.Origin
		if o.Blob != "blob" || o.Record != strings.Fields(r.Where)[0]+" "+strings.Fields(r.Where)[1] {
			t.Errorf("%s: origin %+v", r.Where, o)
		}
		if r.Err != nil {
			continue
		}
		row := csvParseOne(t, []byte(csvSample[o.Offset:o.Offset+o.Length]))
		if got := strings.TrimSpace(row[1]); got != r.Doc.Text || row[0] != r.Doc.ID {
			t.Errorf("%s: origin bytes %q parse to %q; want text %q", r.Where, csvSample[o.Offset:o.Offset+o.Length], row, r.Doc.Text)
		}
	}
	if o := recs[8].Doc.Origin; o.Offset+o.Length != int64(len(csvSample)) {
		t.Errorf("unclosed last row origin %+v does not reach the end (%d)", o, len(csvSample))
	}
}

// csvParseOne parses one record with encoding/csv, as lenient as ReadCSV.
func csvParseOne(t testing.TB, b []byte) []string {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(b))
	cr.LazyQuotes, cr.FieldsPerRecord = true, -1
	recs, err := cr.ReadAll()
	if err != nil || len(recs) != 1 {
		t.Fatalf("encoding/csv on %q = %q, %v; want one record", b, recs, err)
	}
	return recs[0]
}

func TestReadCSVColumns(t *testing.T) {
	const in = "\xef\xbb\xbfId;Title;Body;Lang\nj1;Chauffeur;Logé nourri;FR\nj2;;Sans titre;fr\n"
	recs, err := readCSVAll(t, in, CSVColumns{Text: []string{"title", "BODY"}, ID: "1", Lang: "lang", Comma: ';'})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Doc.Text != "Chauffeur\n\nLogé nourri" || recs[1].Doc.Text != "Sans titre" ||
		recs[0].Doc.ID != "j1" || recs[0].Doc.Lang != "fr" {
		t.Errorf("ReadCSV = %+v; want two texts joined by a blank line", recs)
	}
	if h, err := CSVHeader(strings.NewReader(in)); err != nil || strings.Join(h, ",") != "Id;Title;Body;Lang" {
		t.Errorf("CSVHeader = %q, %v; want the first line, BOM removed", h, err)
	}
	for _, tc := range []struct {
		name, in string
		cols     CSVColumns
		want     string
	}{
		{"unknown column", "a,text\n1,x\n", CSVColumns{ID: "ident"}, `column "ident" is not in the header (columns: "a", "text")`},
		{"column number too big", "a,text\n1,x\n", CSVColumns{Text: []string{"3"}}, "column 3: the header has 2 columns"},
		{"no text column", "year,kind\n2012,x\n", CSVColumns{}, `no text column: none of the columns ("year", "kind")`},
		{"empty file", "", CSVColumns{}, "empty CSV file"},
		{"bad separator", "a\n", CSVColumns{Comma: '"'}, "invalid CSV separator"},
	} {
		_, err := readCSVAll(t, tc.in, tc.cols)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: ReadCSV error = %v; want %q", tc.name, err, tc.want)
		}
	}
}

// TestReadCSVHugeField feeds a field four times MaxLine long: the row is
// reported, the next one read, and memory stays near MaxLine.
func TestReadCSVHugeField(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB")
	}
	huge := io.LimitReader(csvRepeat('x'), 4*MaxLine)
	in := io.MultiReader(strings.NewReader("text\n\"a"), huge, strings.NewReader("\"\nnext row\n"))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var recs []Record
	err := ReadCSV(in, "b", CSVColumns{}, func(r Record) error { recs = append(recs, r); return nil })
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Err == nil || !strings.Contains(recs[0].Err.Error(), "row too long") || recs[1].Doc.Text != "next row" {
		t.Fatalf("ReadCSV = %+v; want a too-long row then %q", recs, "next row")
	}
	if o := recs[0].Doc.Origin; o.Offset != 5 || o.Length != 4*MaxLine+3 {
		t.Errorf("too-long row origin = %+v; want offset 5, length %d", o, 4*MaxLine+3)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 3*MaxLine {
		t.Errorf("ReadCSV allocated %d MiB for a %d MiB field; want under %d MiB", got>>20, 4*MaxLine>>20, 3*MaxLine>>20)
	}
}

// csvRepeat is an endless reader of one byte.
type csvRepeat byte

func (c csvRepeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

// TestReadCSVSharedData reads real exports: every row is a document (or
// an empty-text error), the counts are those of encoding/csv, and every
// origin parses back to the row encoding/csv read.
func TestReadCSVSharedData(t *testing.T) {
	for _, tc := range []struct {
		file      string
		cols      CSVColumns
		docs      int
		emptyText int
	}{
		{"memex-ads-classifier/testing.csv", CSVColumns{}, 695, 0},
		{"memex-ads-classifier/training.csv", CSVColumns{}, 494, 0},
		{"emscad-fake-job-postings-sample/fj_small.csv",
			CSVColumns{Text: []string{"title", "company_profile", "description", "requirements", "benefits"}, ID: "job_id"}, 358, 0},
		{"smishing-dataset-5971/Dataset_5971.csv", CSVColumns{}, 5971, 0},
		{"ctdc-derived-case-records/trafficking_cleaned.csv", CSVColumns{Text: []string{"ExploitType", "Labor_Type"}}, 14299, 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := sharedtest.Read(t, tc.file)
			want := sharedtest.CSV(t, tc.file)
			var docs, empty int
			n := 0
			err := ReadCSV(bytes.NewReader(data), "b", tc.cols, func(r Record) error {
				n++
				o := r.Doc.Origin
				if o.Offset < 0 || o.Offset+o.Length > int64(len(data)) {
					t.Fatalf("%s: origin %+v outside the file", r.Where, o)
				}
				if n <= len(want) {
					if got := csvParseOne(t, data[o.Offset:o.Offset+o.Length]); strings.Join(got, "\x00") != strings.Join(want[n-1], "\x00") {
						t.Errorf("%s: origin bytes parse to another row than encoding/csv's row %d", r.Where, n)
					}
				}
				switch {
				case r.Err == nil:
					docs++
					if !utf8.ValidString(r.Doc.Text) || r.Doc.Text != strings.TrimSpace(r.Doc.Text) {
						t.Errorf("%s: text not valid trimmed UTF-8", r.Where)
					}
				case r.Err.Error() == "empty text":
					empty++
				default:
					t.Errorf("%s: %v", r.Where, r.Err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) || docs != tc.docs || empty != tc.emptyText {
				t.Errorf("ReadCSV(%s) = %d rows, %d documents, %d empty; want %d rows (encoding/csv), %d, %d",
					tc.file, n, docs, empty, len(want), tc.docs, tc.emptyText)
			}
		})
	}
	t.Run("ctdc without mapping", func(t *testing.T) {
		data := sharedtest.Read(t, "ctdc-derived-case-records/trafficking_cleaned.csv")
		err := ReadCSV(bytes.NewReader(data), "b", CSVColumns{}, func(Record) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "no text column") || !strings.Contains(err.Error(), `"ExploitType"`) {
			t.Errorf("ReadCSV without a text column = %v; want an error naming the headers", err)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(csvSample), byte(','))
	f.Add([]byte("text\n\"a\"\"b\",c\r\n\r\nx\"y\n"), byte(','))
	f.Add([]byte("a;text\n1;\"x\ny\"\n2;z"), byte(';'))
	f.Add([]byte("text\n\"\xff\"\n"), byte('\t'))
	f.Fuzz(func(t *testing.T, data []byte, comma byte) {
		cols := CSVColumns{Text: []string{"1"}, Comma: rune(comma)}
		if comma >= utf8.RuneSelf || comma == '"' || comma == '\r' || comma == '\n' {
			cols.Comma = ','
		}
		var recs []Record
		err := ReadCSV(bytes.NewReader(data), "b", cols, func(r Record) error { recs = append(recs, r); return nil })
		if err != nil {
			return // no header: nothing was emitted
		}
		end := int64(-1)
		for _, r := range recs {
			o := r.Doc.Origin
			if o.Offset <= end || o.Length < 0 || o.Offset+o.Length > int64(len(data)) {
				t.Fatalf("%s: origin %+v overlaps the previous row or leaves the input (%d bytes)", r.Where, o, len(data))
			}
			end = o.Offset + o.Length
			if r.Err != nil {
				continue
			}
			if !utf8.ValidString(r.Doc.Text) || r.Doc.Text == "" {
				t.Fatalf("%s: text %q empty or invalid UTF-8", r.Where, r.Doc.Text)
			}
			// The header and this row's bytes alone read back the same text.
			first := recs[0].Doc.Origin.Offset
			again := append(append([]byte(nil), data[:first]...), data[o.Offset:o.Offset+o.Length]...)
			var got []Record
			if err := ReadCSV(bytes.NewReader(again), "b", cols, func(r Record) error { got = append(got, r); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].Err != nil || got[0].Doc.Text != r.Doc.Text {
				t.Fatalf("%s: origin bytes %q read back as %+v; want text %q", r.Where, data[o.Offset:o.Offset+o.Length], got, r.Doc.Text)
			}
		}
	})
}
