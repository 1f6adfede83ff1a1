package ingest

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// readWA reads a WhatsApp export, failing the test if the reader fails.
func readWA(t testing.TB, in []byte) []Record {
	t.Helper()
	var out []Record
	if err := ReadWhatsApp(bytes.NewReader(in), "blob", func(r Record) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatalf("ReadWhatsApp: %v", err)
	}
	return out
}

func isSystem(r Record) bool { return strings.HasSuffix(r.Where, SystemSuffix) }

// goldMessage is chat-miner's parse of a message.
type goldMessage struct {
	Timestamp string `json:"timestamp"`
	Author    string `json:"author"`
	Message   string `json:"message"`
}

func readGold(t *testing.T, file string) []goldMessage {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var gold []goldMessage
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatal(err)
	}
	return gold
}

// TestReadWhatsAppChatMiner checks the five chat-miner exports against its
// gold parse. chat-miner drops system messages and joins lines with " "
// where ReadWhatsApp uses "\n"; it lists messages newest first.
func TestReadWhatsAppChatMiner(t *testing.T) {
	dir := filepath.Join(sharedtest.Dir(t, "whatsapp-chat-exports"), "chat-miner")
	gold := readGold(t, filepath.Join(dir, "target.json"))
	slices.Reverse(gold)
	files := []string{"test_ddmmyy_24hrs.txt", "test_mmddyy_24hrs.txt", "test_[mmddyy]_24hrs.txt",
		"test_mmddyyyy_12hrs.txt", "test_yyyymmdd_24hrs.txt"}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			var got []goldMessage
			for _, r := range readWA(t, in) {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Where, r.Err)
				}
				if !isSystem(r) {
					got = append(got, goldMessage{r.Doc.PostedAt.Format("2006-01-02T15:04:05"), r.Doc.Author,
						strings.ReplaceAll(r.Doc.Text, "\n", " ")})
				}
			}
			if !slices.Equal(got, gold) {
				t.Errorf("ReadWhatsApp(%s) = %+v; want %+v", name, got, gold)
			}
		})
	}
}

// waCounts is what a corpus file must read to: messages and system
// messages. Files are named by the first 12 hex digits of their SHA-256 so
// that no person's name from a file name is written here.
var waCounts = map[string]struct{ messages, system int }{
	// Counts reviewed against each file's header lines (grep -c of its
	// date pattern) and its system lines; copies of a file share a key.
	"010a69457826": {23, 0},
	"0611e9676ca9": {25, 0},
	"07a37c820d0d": {50, 8},
	"0a1f56e9cddd": {28, 0},
	"0d33e1ad2dbe": {23, 0},
	"0e53e90647d1": {28, 1},
	"1871f1b7aaa7": {28, 0},
	"1c39ba3bff23": {69, 1},
	"208a9b0cc337": {192, 0},
	"20d75344481a": {23, 0},
	"22db54544dd5": {41, 1},
	"2360789b3e14": {328, 1},
	"24cc5a9bf9de": {9, 4},
	"25f1b571a3ea": {49, 1},
	"2a736da71157": {50, 8},
	"2d84a97a3afe": {20, 16},
	"2eb5aa2fa930": {25, 0},
	"317418f1fcbb": {122, 1},
	"330954f4bc5e": {10, 1},
	"3c97ec0de31f": {9, 3},
	"3f64c66d6cac": {60, 1},
	"41f662446ece": {9, 3},
	"428cf54f0957": {50, 8},
	"43e955ce5808": {5, 2},
	"4696db0f2b7e": {23, 0},
	"473b678859c5": {9, 3},
	"4c9e76d9294e": {23, 0},
	"4dc93eace5f7": {28, 0},
	"4f9f70418ce3": {25, 0},
	"5278fefbc877": {23, 0},
	"53bbc02823fc": {60, 1},
	"54c5e8c79157": {10, 1},
	"559f90a9dc4e": {11, 1},
	"58a158cdda19": {41, 1},
	"5d2307545139": {53, 1},
	"5dccb9ecd921": {23, 0},
	"61dbd0fbdfee": {28, 0},
	"6856f36461fe": {50, 8},
	"6c69893e8e05": {23, 0},
	"6e0b08ffa445": {13, 1},
	"6ead7cf34a91": {25, 0},
	"6fd6cbc02a0d": {23, 0},
	"72717f922385": {50, 8},
	"78972c5688f2": {23, 0},
	"78f455391c50": {25, 0},
	"79fe47540f98": {73, 1},
	"7a8dfa6084cf": {5, 2},
	"7ffe32b09f23": {28, 0},
	"8231167902cf": {50, 8},
	"853718ae11bb": {25, 0},
	"889f3c05502e": {7, 1},
	"8c805b400c5e": {23, 0},
	"8dccec246fa8": {225, 0},
	"905c0097cff0": {49, 8},
	"946aa379aed7": {23, 0},
	"95496922c821": {24, 12},
	"957fed6f37d9": {60, 1},
	"95c94813ac31": {9, 3},
	"98504b040738": {25, 0},
	"99ba44588a47": {10, 1},
	"9da791d6306e": {23, 0},
	"9dbaefc15fce": {20, 1},
	"a57ba494ec64": {13, 2},
	"a62deb0456a1": {47, 1},
	"b75b4819c35f": {28, 0},
	"bb55aa4ea038": {86, 1},
	"c2d54772bf6d": {34, 2},
	"c3805a8582af": {25, 0},
	"c3a65abf4b3f": {23, 0},
	"c408e01316f0": {28, 0},
	"c886f3ecb54f": {23, 0},
	"cb2bd39559c9": {34, 1},
	"cdb3329d829e": {50, 8},
	"cdc6304ed934": {9, 3},
	"d0a0bb30bcfd": {23, 0},
	"d6e9ba72c572": {8, 0},
	"d79fb58af654": {25, 0},
	"d91a1d87ac35": {577, 7},
	"d9dd6ab1540c": {25, 0},
	"ea27c696d44e": {23, 0},
	"ebe93b4e0d55": {60, 1},
	"ef29bed2203e": {25, 0},
	"f4dc25e8355d": {20, 1},
	"f552799cca1d": {410, 28},
	"f933c5000e65": {15, 2},
}

// TestReadWhatsAppCorpus reads every export of the corpus: no record
// error, the message counts of waCounts, dates in 2009–2030, and every
// non-blank line of the file inside exactly one message's byte range and
// in its text.
func TestReadWhatsAppCorpus(t *testing.T) {
	root := sharedtest.Dir(t, "whatsapp-chat-exports")
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 90 {
		t.Fatalf("found %d exports under %s; want the whole corpus (≥ 90)", len(files), root)
	}
	for _, file := range files {
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(in)
		key := hex.EncodeToString(sum[:6])
		rel, _ := filepath.Rel(root, filepath.Dir(file))
		t.Run(rel+"/"+key, func(t *testing.T) {
			recs := readWA(t, in)
			sys := 0
			for _, r := range recs {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Where, r.Err)
				}
				if y := r.Doc.PostedAt.Year(); y < 2009 || y > 2030 {
					t.Errorf("%s: posted %v; want a date in 2009–2030", r.Where, r.Doc.PostedAt)
				}
				if isSystem(r) {
					sys++
					if r.Doc.Author != "" {
						t.Errorf("%s: system message with author %q", r.Where, r.Doc.Author)
					}
				}
			}
			want, ok := waCounts[key]
			if !ok {
				t.Errorf("no expected counts: read %q: {%d, %d},", key, len(recs), sys)
			} else if len(recs) != want.messages || sys != want.system {
				t.Errorf("ReadWhatsApp = %d messages, %d system; want %d, %d", len(recs), sys, want.messages, want.system)
			}
			checkLinesAccounted(t, in, recs)
		})
	}
}

// checkLinesAccounted checks that the records' byte ranges are in order,
// do not overlap, hold every non-blank line of in, and that each record's
// text has as many non-blank lines as its range.
func checkLinesAccounted(t testing.TB, in []byte, recs []Record) {
	t.Helper()
	var prevEnd int64
	for _, r := range recs {
		o := r.Doc.Origin
		if o.Offset < prevEnd || o.Offset+o.Length > int64(len(in)) {
			t.Fatalf("%s: range [%d, %d) out of order or out of the input", r.Where, o.Offset, o.Offset+o.Length)
		}
		prevEnd = o.Offset + o.Length
	}
	i, off := 0, int64(0)
	for line := range bytes.Lines(in) {
		start := off
		off += int64(len(line))
		if isBlank(bytes.TrimRight(line, "\r\n")) {
			continue
		}
		for i < len(recs) && recs[i].Doc.Origin.Offset+recs[i].Doc.Origin.Length <= start {
			i++
		}
		if i == len(recs) || recs[i].Doc.Origin.Offset > start {
			t.Fatalf("line at byte %d is in no message", start)
		}
	}
	for _, r := range recs {
		o := r.Doc.Origin
		inRange := nonBlankLines(string(in[o.Offset : o.Offset+o.Length]))
		first, _, _ := strings.Cut(r.Doc.Text, "\n")
		inText := nonBlankLines(r.Doc.Text)
		if isBlank([]byte(first)) {
			inText++ // the header line, its body empty
		}
		if inText != inRange {
			t.Errorf("%s: text has %d non-blank lines; its range %d", r.Where, inText, inRange)
		}
	}
}

func nonBlankLines(s string) int {
	n := 0
	for l := range strings.Lines(s) {
		if !isBlank([]byte(strings.TrimRight(l, "\r\n"))) {
			n++
		}
	}
	return n
}

// waWant is one expected message of a synthetic export.
type waWant struct {
	at, author, text string
	system           bool
}

// TestReadWhatsAppFormats reads one small synthetic export per header
// format seen in the wild.
func TestReadWhatsAppFormats(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []waWant
	}{
		{"android dd/mm/yyyy 24h",
			"18/03/2022, 14:56 - Messages and calls are end-to-end encrypted.\n18/03/2022, 15:10 - Ana B: Hello\nsecond line\n",
			[]waWant{{"2022-03-18 14:56:00", "", "Messages and calls are end-to-end encrypted.", true},
				{"2022-03-18 15:10:00", "Ana B", "Hello\nsecond line", false}}},
		{"android m/d/yy 12h",
			"3/18/22, 2:56 PM - Ana: a\n3/18/22, 12:05 AM - Ana: b\n1/29/18, 0:24 PM - Bo: c\n",
			[]waWant{{"2022-03-18 14:56:00", "Ana", "a", false}, {"2022-03-18 00:05:00", "Ana", "b", false},
				{"2018-01-29 12:24:00", "Bo", "c", false}}},
		{"spanish a. m. / p. m.",
			"01/30/2019, 08:49 p. m. - Ana: x\n06/20/2020, 00:08 a. m. - +12 345 created group \"G\"\n",
			[]waWant{{"2019-01-30 20:49:00", "Ana", "x", false}, {"2020-06-20 00:08:00", "", "+12 345 created group \"G\"", true}}},
		{"in the afternoon",
			"03/01/2021, 9:15 in the morning - Ana: a\n13/01/2021, 3:10 in the afternoon - Ana: b\n",
			[]waWant{{"2021-01-03 09:15:00", "Ana", "a", false}, {"2021-01-13 15:10:00", "Ana", "b", false}}},
		{"ios brackets, marks, CRLF, U+202F",
			"[3/18/22, 2:56:01\u202fPM] Ana: \u200eMessages and calls are end-to-end encrypted.\r\n\u200e[3/27/22, 9:41:55\u202fAM] Bo: \u200eimage omitted\r\n",
			[]waWant{{"2022-03-18 14:56:01", "Ana", "Messages and calls are end-to-end encrypted.", false},
				{"2022-03-27 09:41:55", "Bo", "image omitted", false}}},
		{"german BOM dd.mm.yy",
			"\ufeff29.01.18, 12:24 - Ana: Hey\n\ufeff30.01.18, 08:00 - Du hast Bo hinzugefügt.\n",
			[]waWant{{"2018-01-29 12:24:00", "Ana", "Hey", false}, {"2018-01-30 08:00:00", "", "Du hast Bo hinzugefügt.", true}}},
		{"indonesian dotted time",
			"[26/01/21 21.05.53] Ana: a\n",
			[]waWant{{"2021-01-26 21:05:53", "Ana", "a", false}}},
		{"vietnamese time first",
			"[14:56:01, 3/18/22] Ana: a\n[21:41:35, 3/27/22] Bo: b\n",
			[]waWant{{"2022-03-18 14:56:01", "Ana", "a", false}, {"2022-03-27 21:41:35", "Bo", "b", false}}},
		{"buddhist era",
			"[3/18/2565 BE, 14:56:01] Ana: a\n[3/27/2565, 14:56:01] Bo: b\n",
			[]waWant{{"2022-03-18 14:56:01", "Ana", "a", false}, {"2022-03-27 14:56:01", "Bo", "b", false}}},
		{"japanese era",
			"[3/18/R4, 14:56:01] Ana: a\n[4/30/H31, 10:00:00] Bo: b\n",
			[]waWant{{"2022-03-18 14:56:01", "Ana", "a", false}, {"2019-04-30 10:00:00", "Bo", "b", false}}},
		{"arabic-indic digits",
			"[١٨\u200f/٣\u200f/٢٠٢٢، ٢:٥٦:٠٠\u00a0م] \u202a+40\u00a0521\u202c: \u200fمرحبا\n",
			[]waWant{{"2022-03-18 14:56:00", "+40 521", "مرحبا", false}}},
		{"yyyy/mm/dd",
			"2022/06/30, 20:10 - You created group \"T\"\n2022/07/01, 08:00 - Ana: a\n",
			[]waWant{{"2022-06-30 20:10:00", "", "You created group \"T\"", true}, {"2022-07-01 08:00:00", "Ana", "a", false}}},
		{"dutch dd-mm-yyyy",
			"23-03-2022 13:31 - Ana: a\n",
			[]waWant{{"2022-03-23 13:31:00", "Ana", "a", false}}},
		{"czech dd.mm.yy no comma",
			"23.03.22 13:31 - Ana: a\n",
			[]waWant{{"2022-03-23 13:31:00", "Ana", "a", false}}},
		{"korean prefix pm",
			"2022. 3. 18. 오후 2:56 - Ana: a\n",
			[]waWant{{"2022-03-18 14:56:00", "Ana", "a", false}}},
		{"colon in quotes is a system message",
			"18/03/2022, 14:56 - Ana changed the subject to \"Plan: Monday\"\n",
			[]waWant{{"2022-03-18 14:56:00", "", "Ana changed the subject to \"Plan: Monday\"", true}}},
		{"author made of a mark",
			"25/01/22, 9:32 am - \u200e: hi\n",
			[]waWant{{"2022-01-25 09:32:00", "\u200e", "hi", false}}},
		{"pasted header of another style stays text",
			"18/03/2022, 14:56 - Ana: look\n[1/2/22, 10:00:00] Bo: old\n",
			[]waWant{{"2022-03-18 14:56:00", "Ana", "look\n[1/2/22, 10:00:00] Bo: old", false}}},
		{"blank lines kept inside, trimmed at the end",
			"16.03.2022, 15:20 - Ana: Hi \n\nthere!\n\n\n",
			[]waWant{{"2022-03-16 15:20:00", "Ana", "Hi \n\nthere!", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := readWA(t, []byte(tt.in))
			var got []waWant
			for _, r := range recs {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Where, r.Err)
				}
				got = append(got, waWant{r.Doc.PostedAt.Format(time.DateTime), r.Doc.Author, r.Doc.Text, isSystem(r)})
				if r.Doc.Platform != PlatformWhatsApp {
					t.Errorf("%s: platform %q; want %q", r.Where, r.Doc.Platform, PlatformWhatsApp)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ReadWhatsApp(%q) =\n%+q\nwant\n%+q", tt.in, fmt.Sprint(got), fmt.Sprint(tt.want))
			}
			checkLinesAccounted(t, []byte(tt.in), recs)
		})
	}
}

// TestReadWhatsAppOrder checks the day/month decision.
func TestReadWhatsAppOrder(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // dates
	}{
		{"a day above 12 first", "03/04/2022, 10:00 - A: x\n13/04/2022, 10:00 - A: y\n", []string{"2022-04-03", "2022-04-13"}},
		{"a day above 12 second", "03/04/2022, 10:00 - A: x\n03/14/2022, 10:00 - A: y\n", []string{"2022-03-04", "2022-03-14"}},
		{"second number changes more: month first", "1/2/22, 10:00 - A: x\n1/3/22, 10:00 - A: y\n1/4/22, 10:00 - A: z\n",
			[]string{"2022-01-02", "2022-01-03", "2022-01-04"}},
		{"first number changes more: day first", "2/1/22, 10:00 - A: x\n3/1/22, 10:00 - A: y\n4/1/22, 10:00 - A: z\n",
			[]string{"2022-01-02", "2022-01-03", "2022-01-04"}},
		{"no evidence: day first", "05/06/2022, 10:00 - A: x\n", []string{"2022-06-05"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range readWA(t, []byte(tt.in)) {
				got = append(got, r.Doc.PostedAt.Format(time.DateOnly))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ReadWhatsApp(%q) dates = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestReadWhatsAppOrderWindow checks that the order decided from the
// first orderWindow messages holds after them, and that a date it makes
// impossible is a record error, not a stop.
func TestReadWhatsAppOrderWindow(t *testing.T) {
	var b strings.Builder
	for range orderWindow {
		b.WriteString("01/02/2022, 10:00 - A: same day\n")
	}
	b.WriteString("02/01/2022, 10:00 - A: later\n01/13/2022, 10:00 - A: impossible month\n")
	recs := readWA(t, []byte(b.String()))
	if len(recs) != orderWindow+2 {
		t.Fatalf("read %d records; want %d", len(recs), orderWindow+2)
	}
	if got := recs[orderWindow].Doc.PostedAt.Format(time.DateOnly); got != "2022-01-02" && got != "2022-02-01" {
		t.Errorf("message after the window posted %s; want a date in the decided order", got)
	}
	last := recs[len(recs)-1]
	if last.Err == nil || !strings.Contains(last.Err.Error(), "invalid date") {
		t.Errorf("%s: err = %v; want an invalid date error", last.Where, last.Err)
	}
}

func TestReadWhatsAppNotAnExport(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text", "hello there\n18/03/2022, 14:56 - A: x\n", "line 1: not a WhatsApp chat export"},
		{"after blank lines", "\n\r\n{\"json\": 1}\n", "line 3: not a WhatsApp chat export"},
		{"csv", "date,author,text\n", "line 1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ReadWhatsApp(strings.NewReader(tt.in), "b", func(Record) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadWhatsApp(%q) error = %v; want %q", tt.in, err, tt.want)
			}
		})
	}
	n := 0
	if err := ReadWhatsApp(strings.NewReader(""), "b", func(Record) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("ReadWhatsApp(\"\") = %d records, %v; want none, nil", n, err)
	}
}

func TestReadWhatsAppStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadWhatsApp(strings.NewReader("2022/06/30, 20:10 - A: x\n2022/06/30, 20:11 - A: y\n"), "b", func(Record) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ReadWhatsApp = %v after %d calls; want stop after 1", err, n)
	}
}

func TestChatName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"WhatsApp Chat with Test Group.txt", "Test Group"},
		{"dir/WhatsApp Chat - Test Group.zip", "Test Group"},
		{"_chat.txt", ""},
	}
	for _, tt := range tests {
		if got := ChatName(tt.in); got != tt.want {
			t.Errorf("ChatName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// zipFile is one entry of a test zip.
type zipFile struct {
	name   string
	data   string
	method uint16
}

func buildZip(t testing.TB, files ...zipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: f.method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readWAZip(b []byte) ([]Record, error) {
	var out []Record
	err := ReadWhatsAppZip(bytes.NewReader(b), int64(len(b)), "zipblob", func(r Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

func hexSum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestReadWhatsAppZip(t *testing.T) {
	const photo, doc = "\xff\xd8fake jpeg bytes", "%PDF fake"
	ios := "[3/18/22, 14:56:01] Ana: \u200eMessages and calls are end-to-end encrypted.\n" +
		"\u200e[3/27/22, 21:41:55] Bo: \u200e<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>\n" +
		"[3/27/22, 21:42:00] Bo: no attachment here\n"
	android := "18/03/2022, 15:10 - Ana: IMG-20220318-WA0001.jpg (file attached)\nlook\n" +
		"18/03/2022, 15:11 - Bo: My Notes 2022.pdf (Datei angehängt)\n"
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		t.Run(fmt.Sprintf("ios method %d", method), func(t *testing.T) {
			b := buildZip(t, zipFile{"_chat.txt", ios, method},
				zipFile{"00000035-PHOTO-2022-03-27-21-41-55.jpg", photo, method})
			recs, err := readWAZip(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 3 {
				t.Fatalf("read %d records; want 3", len(recs))
			}
			want := []string{"", "00000035-PHOTO-2022-03-27-21-41-55.jpg " + hexSum(photo), ""}
			for i, r := range recs {
				var got string
				for _, m := range r.Doc.Media {
					got = m.Path + " " + m.SHA256
				}
				if got != want[i] || r.Err != nil {
					t.Errorf("%s: media %q, err %v; want %q", r.Where, got, r.Err, want[i])
				}
				if !strings.HasPrefix(r.Doc.Origin.Record, "_chat.txt line ") {
					t.Errorf("%s: origin record %q; want it to name the chat file", r.Where, r.Doc.Origin.Record)
				}
				o := r.Doc.Origin
				switch method {
				case zip.Store:
					if got := string(b[o.Offset : o.Offset+o.Length]); !strings.Contains(got, r.Doc.Author+": ") {
						t.Errorf("%s: zip bytes at origin = %q; want the message", r.Where, got)
					}
				default:
					if o.Offset != 0 || o.Length != 0 {
						t.Errorf("%s: origin range %d+%d in a compressed entry; want none", r.Where, o.Offset, o.Length)
					}
				}
			}
		})
	}
	t.Run("android", func(t *testing.T) {
		b := buildZip(t, zipFile{"WhatsApp Chat with Test Group.txt", android, zip.Deflate},
			zipFile{"IMG-20220318-WA0001.jpg", photo, zip.Deflate}, zipFile{"My Notes 2022.pdf", doc, zip.Deflate},
			zipFile{"notes.txt", "not a chat", zip.Deflate})
		recs, err := readWAZip(b)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 {
			t.Fatalf("read %d records; want 2", len(recs))
		}
		for i, want := range []vigieMediaWant{{"IMG-20220318-WA0001.jpg", hexSum(photo)}, {"My Notes 2022.pdf", hexSum(doc)}} {
			r := recs[i]
			if len(r.Doc.Media) != 1 || r.Doc.Media[0].Path != want.path || r.Doc.Media[0].SHA256 != want.sum {
				t.Errorf("%s: media %+v; want %+v", r.Where, r.Doc.Media, want)
			}
			if r.Doc.Source != "Test Group" || r.Doc.ID != "Test Group#"+string(rune('1'+i)) {
				t.Errorf("%s: source %q, id %q; want the chat name from the file name", r.Where, r.Doc.Source, r.Doc.ID)
			}
		}
	})
	t.Run("truncated", func(t *testing.T) {
		b := buildZip(t, zipFile{"_chat.txt", ios, zip.Deflate}, zipFile{"a.jpg", photo, zip.Deflate})
		for _, n := range []int{0, 10, len(b) / 2, len(b) - 1} {
			if _, err := readWAZip(b[:n]); err == nil || !strings.Contains(err.Error(), "truncated or corrupt") {
				t.Errorf("ReadWhatsAppZip(first %d of %d bytes) error = %v; want truncated or corrupt", n, len(b), err)
			}
		}
	})
	t.Run("corrupt chat data", func(t *testing.T) {
		b := buildZip(t, zipFile{"_chat.txt", strings.Repeat(ios, 50), zip.Deflate})
		b[40] ^= 0xff // inside the compressed text
		if _, err := readWAZip(b); err == nil || !strings.Contains(err.Error(), "_chat.txt") {
			t.Errorf("ReadWhatsAppZip(corrupt) error = %v; want an error naming _chat.txt", err)
		}
	})
	t.Run("no chat", func(t *testing.T) {
		b := buildZip(t, zipFile{"a.jpg", photo, zip.Deflate}, zipFile{"notes.txt", "hello", zip.Deflate})
		if _, err := readWAZip(b); !errors.Is(err, errNoHeader) {
			t.Errorf("ReadWhatsAppZip(no chat) error = %v; want %v", err, errNoHeader)
		}
	})
}

type vigieMediaWant struct{ path, sum string }

// FuzzReadWhatsApp checks that no input panics the reader and that the
// records it gives point inside the input, in order.
func FuzzReadWhatsApp(f *testing.F) {
	seeds := []string{
		"18/03/2022, 14:56 - A: x\ny\n",
		"[3/18/22, 2:56:01\u202fPM] A: \u200ex\r\n",
		"[١٨\u200f/٣\u200f/٢٠٢٢، ٢:٥٦:٠٠\u00a0م] A: x\n",
		"[14:56:01, 3/18/22] A: x\n[3/18/R4, 14:56:01] B: y\n",
		"2022. 3. 18. 오후 2:56 - A: x\n13/13/2022, 10:00 - A: y\n",
		"01/30/2019, 08:49 p. m. - A: x\n",
		"\ufeff29.01.18, 12:24 - A:\n\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var prevEnd int64
		_ = ReadWhatsApp(bytes.NewReader(in), "b", func(r Record) error {
			o := r.Doc.Origin
			if o.Offset < prevEnd || o.Length < 0 || o.Offset+o.Length > int64(len(in)) {
				t.Fatalf("%s: range [%d, %d) out of order or outside %d bytes", r.Where, o.Offset, o.Offset+o.Length, len(in))
			}
			prevEnd = o.Offset + o.Length
			return nil
		})
	})
}
