package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// readTG reads a Telegram export, returning the records and the reader's
// error.
func readTG(in []byte) ([]Record, error) {
	var out []Record
	err := ReadTelegram(bytes.NewReader(in), "blob", func(r Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

func readTGFile(t *testing.T, name string) []Record {
	t.Helper()
	in, err := os.ReadFile(filepath.Join(sharedtest.Dir(t, "telegram-json-exports"), name))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := readTG(in)
	if err != nil {
		t.Fatalf("ReadTelegram(%s): %v", name, err)
	}
	checkTGOrigins(t, in, recs)
	return recs
}

// checkTGOrigins checks that each record's byte range is exactly its
// message object.
func checkTGOrigins(t *testing.T, in []byte, recs []Record) {
	t.Helper()
	for _, r := range recs {
		o := r.Doc.Origin
		if o.Offset < 0 || o.Offset+o.Length > int64(len(in)) {
			t.Fatalf("%s: range [%d, %d) outside the input", r.Where, o.Offset, o.Offset+o.Length)
		}
		raw := in[o.Offset : o.Offset+o.Length]
		if raw[0] != '{' || raw[len(raw)-1] != '}' || !json.Valid(raw) {
			t.Errorf("%s: bytes at origin = %.40q...; want the message object", r.Where, raw)
		}
		if !strings.HasSuffix(o.Record, "]") || !strings.HasPrefix(r.Where, o.Record) {
			t.Errorf("%s: origin record %q; want messages[i]", r.Where, o.Record)
		}
	}
}

// TestReadTelegramChatMiner checks both chat-miner exports against its gold
// parse. chat-miner joins the parts of a text with " "; ReadTelegram joins
// them as they are (Telegram keeps the spaces in the strings between
// entities), so texts are compared without spaces.
func TestReadTelegramChatMiner(t *testing.T) {
	gold := readGold(t, filepath.Join(sharedtest.Dir(t, "telegram-json-exports"), "chat-miner", "target.json"))
	noSpace := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	for i := range gold {
		gold[i].Message = noSpace(gold[i].Message)
	}
	for _, name := range []string{"test_single_export.json", "test_batch_export.json"} {
		t.Run(name, func(t *testing.T) {
			var got []goldMessage
			for _, r := range readTGFile(t, filepath.Join("chat-miner", name)) {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Where, r.Err)
				}
				if !isSystem(r) {
					got = append(got, goldMessage{r.Doc.PostedAt.Format("2006-01-02T15:04:05"), r.Doc.Author, noSpace(r.Doc.Text)})
				}
			}
			if !slices.Equal(got, gold) {
				t.Errorf("ReadTelegram(%s) = %+v; want %+v", name, got, gold)
			}
		})
	}
	recs := readTGFile(t, "chat-miner/test_batch_export.json")
	if len(recs) != 2 || recs[1].Doc.Source != "Chatname" || recs[1].Where != "chats.list[0].messages[1]" {
		t.Errorf("batch export record = %q, source %q; want chats.list[0].messages[1] of Chatname", recs[1].Where, recs[1].Doc.Source)
	}
}

// TestReadTelegramCorpus reads every well-formed export of the corpus.
func TestReadTelegramCorpus(t *testing.T) {
	tests := []struct {
		file                  string
		messages, system, bad int
	}{
		{"chat-miner/test_single_export.json", 2, 0, 0},
		{"chat-miner/test_batch_export.json", 2, 0, 0},
		{"telegram-chat-parser/bot.json", 2, 0, 0},
		{"telegram-chat-parser/personal.json", 0, 0, 0},
		{"telegram-chat-parser/private_channel.json", 7, 2, 0},
		{"telegram-chat-parser/private_group.json", 2, 1, 0},
		{"telegram-chat-parser/public_channel.json", 7, 2, 0},
		{"telegram-chat-parser/public_supergroup.json", 4, 3, 0},
		{"telegram-chat-parser/saved.json", 21, 1, 0},
		{"telegram-chat-parser/users_test.json", 9, 1, 0},
		{"tg2md/result.json", 19, 1, 0},
		// Hand-broken messages: a wrong type, a text object, no text.
		{"telegram-chat-parser/error-unexpected.json", 16, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs := readTGFile(t, tt.file)
			sys, bad := 0, 0
			for _, r := range recs {
				if r.Err != nil {
					bad++
					t.Logf("%s: %v", r.Where, r.Err)
					continue
				}
				if y := r.Doc.PostedAt.Year(); y < 2013 || y > 2030 {
					t.Errorf("%s: posted %v; want 2013–2030", r.Where, r.Doc.PostedAt)
				}
				if r.Doc.Platform != PlatformTelegram || r.Doc.URL != "" {
					t.Errorf("%s: platform %q, url %q; want telegram, no URL", r.Where, r.Doc.Platform, r.Doc.URL)
				}
				if isSystem(r) {
					sys++
					if r.Doc.Author != "" {
						t.Errorf("%s: system message by %q; want no author", r.Where, r.Doc.Author)
					}
				} else if r.Doc.Author == "" {
					t.Errorf("%s: message without author", r.Where)
				}
			}
			if len(recs) != tt.messages || sys != tt.system || bad != tt.bad {
				t.Errorf("ReadTelegram(%s) = %d messages, %d system, %d bad; want %d, %d, %d",
					tt.file, len(recs), sys, bad, tt.messages, tt.system, tt.bad)
			}
		})
	}
}

func TestReadTelegramMalformed(t *testing.T) {
	in, err := os.ReadFile(filepath.Join(sharedtest.Dir(t, "telegram-json-exports"), "telegram-chat-parser", "error.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, in, want string }{
		{"error.json", string(in), "invalid JSON at byte"},
		{"not an object", `[1, 2]`, "not a Telegram export"},
		{"no messages", `{"name": "x", "about": {"deep": [1, {"a": 2}]}}`, "not a Telegram export"},
		{"messages not an array", `{"messages": {}}`, `"messages" array`},
		{"truncated", `{"name": "x", "messages": [{"id": 1, "type": "message", "text": "a"}, {"id"`, "unexpected EOF"},
		{"empty", ``, "unexpected EOF"},
		{"chats not an object", `{"chats": [1]}`, `"chats" object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readTG([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadTelegram(%.40q) error = %v; want %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestReadTelegramMessage(t *testing.T) {
	const in = `{"name": "Group", "type": "private_group", "id": 5, "messages": [
 {"id": 7, "type": "message", "date": "2021-03-18T15:20:37", "date_unixtime": "1616080837", "from": "Ana", "from_id": "user1",
  "text": ["Call ", {"type": "phone", "text": "+33 6 12 34 56 78"}, " or ", {"type": "mention", "text": "@ana"}, " at ",
   {"type": "text_link", "text": "site", "href": "https://example.org"}, "\n", ""],
  "photo": "photos/photo_1.jpg"},
 {"id": 8, "type": "message", "date": "2021-03-18T15:21:00", "from": null, "from_id": "user2", "text": "deleted account",
  "file": "(File not included. Change data exporting settings to download.)"},
 {"id": -9, "type": "service", "date": "2021-03-18T15:22:00", "actor": "Ana", "action": "invite_members", "text": ""}
]}`
	recs, err := readTG([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ where, id, source, author, at, text, media string }
	var got []row
	for _, r := range recs {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Where, r.Err)
		}
		var media []string
		for _, m := range r.Doc.Media {
			media = append(media, m.Path)
		}
		got = append(got, row{r.Where, r.Doc.ID, r.Doc.Source, r.Doc.Author, r.Doc.PostedAt.Format(time.DateTime), r.Doc.Text, strings.Join(media, ",")})
	}
	want := []row{
		{"messages[0]", "7", "Group", "Ana", "2021-03-18 15:20:37", "Call +33 6 12 34 56 78 or @ana at site\n", "photos/photo_1.jpg"},
		{"messages[1]", "8", "Group", "user2", "2021-03-18 15:21:00", "deleted account", ""},
		{"messages[2] (system)", "-9", "Group", "", "2021-03-18 15:22:00", "Ana invite members", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReadTelegram =\n%q\nwant\n%q", got, want)
	}
}

func TestFlattenText(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            bool
	}{
		{"string", `"plain"`, "plain", false},
		{"entities", `["a ", {"type": "bold", "text": "b"}, " c"]`, "a b c", false},
		{"empty array", `[]`, "", false},
		{"object", `{"error": "x"}`, "", true},
		{"entity without text", `[{"type": "bold"}]`, "", true},
		{"number", `[1]`, "", true},
		{"missing", ``, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := flattenText(json.RawMessage(tt.in))
			if got != tt.want || (err != nil) != tt.err {
				t.Errorf("flattenText(%s) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestReadTelegramStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadTelegram(strings.NewReader(`{"messages": [{"id": 1, "type": "message", "date": "2021-01-01T00:00:00", "from": "a", "text": "x"}, {"id": 2}]}`),
		"b", func(Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ReadTelegram = %v after %d calls; want stop after 1", err, n)
	}
}

// FuzzReadTelegram checks that no input panics the reader and that
// records point inside the input.
func FuzzReadTelegram(f *testing.F) {
	f.Add([]byte(`{"name": "x", "messages": [{"id": 1, "type": "message", "date_unixtime": "1", "from": "a", "text": ["a", {"type": "link", "text": "b"}]}]}`))
	f.Add([]byte(`{"chats": {"about": "", "list": [{"name": "c", "messages": [{"id": 2, "type": "service", "actor": "a", "action": "pin_message", "text": ""}]}]}, "left_chats": {"list": []}}`))
	f.Add([]byte(`{"messages": [{"id": "x", "text": {"a": 1}}, 3, null, "s"]}`))
	f.Add([]byte(`{"id": 9 "messages": []}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_ = ReadTelegram(bytes.NewReader(in), "b", func(r Record) error {
			o := r.Doc.Origin
			if o.Offset < 0 || o.Length <= 0 || o.Offset+o.Length > int64(len(in)) {
				t.Fatalf("%s: range [%d, %d) outside %d bytes", r.Where, o.Offset, o.Offset+o.Length, len(in))
			}
			return nil
		})
	})
}
