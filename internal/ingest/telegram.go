package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/vigie"
)

// PlatformTelegram is the Doc.Platform of Telegram messages.
const PlatformTelegram = "telegram"

// tgMessage is one message of a Telegram Desktop JSON export. Fields
// whose type varies between exports or versions are kept raw.
type tgMessage struct {
	ID       json.RawMessage `json:"id"`
	Type     string          `json:"type"`
	Date     string          `json:"date"`
	Unix     string          `json:"date_unixtime"`
	From     *string         `json:"from"`
	FromID   json.RawMessage `json:"from_id"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Title    string          `json:"title"`
	Text     json.RawMessage `json:"text"`
	Photo    string          `json:"photo"`
	File     string          `json:"file"`
	Forwards string          `json:"forwarded_from"`
}

// tgReader holds the state of one ReadTelegram call.
type tgReader struct {
	dec   *json.Decoder
	blob  string
	fn    func(Record) error
	found bool // a "messages" array was seen
}

// ReadTelegram reads a Telegram Desktop JSON export ("Export chat
// history" result.json with "messages", or a whole-account export with
// "chats": {"list": [...]} and "left_chats") from r and calls fn with one
// record per message, in order. The export is streamed token by token:
// one message is held at a time, whatever the size of r.
//
// Doc.Platform is "telegram", Doc.Source the chat's name (when "name"
// comes before "messages", as Telegram writes it), Doc.ID the message id
// ("" in hand-made exports without one),
// Doc.Author "from", Doc.PostedAt date_unixtime (else "date", read as
// UTC), Doc.Text the text with its entities flattened to plain text
// (links, mentions and phone numbers kept as written), Doc.Media the
// photo or file path in the export folder. The origin is the message's
// byte range in r and "messages[i]" or "chats.list[j].messages[i]".
//
// Service messages (joins, pins, group creation ...) have Doc.Author ""
// and Record.Where ending in SystemSuffix. A message of the wrong shape is
// a record error and the rest is read; invalid JSON stops the reader with
// an error giving its byte offset, since nothing after it can be trusted.
func ReadTelegram(r io.Reader, blob string, fn func(Record) error) error {
	t := &tgReader{dec: json.NewDecoder(r), blob: blob, fn: fn}
	if err := t.expectDelim('{', "a Telegram export"); err != nil {
		return err
	}
	if err := t.object("", "", t.topKey); err != nil {
		return err
	}
	if !t.found {
		return errors.New(`not a Telegram export: no "messages" or "chats" list`)
	}
	return nil
}

// topKey handles one key of the top-level object, a single chat or an
// account.
func (t *tgReader) topKey(key, _ string) (bool, error) {
	switch key {
	case "chats", "left_chats":
		return true, t.chatList(key)
	}
	return false, nil
}

// object walks the members of an object whose '{' was read: "name" gives
// the chat name, "messages" is streamed, other keys go to more (which
// reports whether it consumed the value) or are skipped.
func (t *tgReader) object(path, name string, more func(key, name string) (bool, error)) error {
	for t.dec.More() {
		tok, err := t.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch key {
		case "name":
			var v any
			if err := t.decode(&v); err != nil {
				return err
			}
			name, _ = v.(string)
			continue
		case "messages":
			t.found = true
			if err := t.messages(path+"messages", name); err != nil {
				return err
			}
			continue
		}
		if more != nil {
			done, err := more(key, name)
			if err != nil {
				return err
			}
			if done {
				continue
			}
		}
		if err := t.skip(); err != nil {
			return err
		}
	}
	_, err := t.token() // '}'
	return err
}

// chatList reads {"about": ..., "list": [chat, ...]}.
func (t *tgReader) chatList(key string) error {
	if err := t.expectDelim('{', `"`+key+`" object`); err != nil {
		return err
	}
	return t.object("", "", func(k, _ string) (bool, error) {
		if k != "list" {
			return false, nil
		}
		if err := t.expectDelim('[', `"`+key+`.list" array`); err != nil {
			return true, err
		}
		for i := 0; t.dec.More(); i++ {
			path := fmt.Sprintf("%s.list[%d].", key, i)
			if err := t.expectDelim('{', path+" chat object"); err != nil {
				return true, err
			}
			if err := t.object(path, "", nil); err != nil {
				return true, err
			}
		}
		_, err := t.token() // ']'
		return true, err
	})
}

// messages streams a "messages" array.
func (t *tgReader) messages(path, chat string) error {
	if err := t.expectDelim('[', `"messages" array`); err != nil {
		return err
	}
	for i := 0; t.dec.More(); i++ {
		var raw json.RawMessage
		if err := t.decode(&raw); err != nil {
			return err
		}
		end := t.dec.InputOffset()
		where := fmt.Sprintf("%s[%d]", path, i)
		rec := parseTelegram(raw, chat, where)
		rec.Doc.Origin = vigie.Origin{Blob: t.blob, Offset: end - int64(len(raw)), Length: int64(len(raw)), Record: where}
		if err := t.fn(rec); err != nil {
			return err
		}
	}
	_, err := t.token() // ']'
	return err
}

// parseTelegram turns one raw message into a record.
func parseTelegram(raw []byte, chat, where string) Record {
	rec := Record{Where: where}
	d := &rec.Doc
	d.Platform, d.Source = PlatformTelegram, chat
	var m tgMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		rec.Err = fmt.Errorf("invalid message: %v", err)
		return rec
	}
	d.ID = tgID(m.ID)
	text, terr := flattenText(m.Text)
	d.Text = text
	switch m.Type {
	case "message":
		if m.From != nil {
			d.Author = *m.From
		}
		if d.Author == "" {
			d.Author = tgID(m.FromID) // deleted accounts have a null name
		}
	case "service":
		rec.Where += SystemSuffix
		if d.Text == "" {
			d.Text = strings.Join(nonEmpty(m.Actor, strings.ReplaceAll(m.Action, "_", " "), m.Title), " ")
		}
	default:
		rec.Err = fmt.Errorf("unknown message type %q: want \"message\" or \"service\"", m.Type)
	}
	for _, p := range []string{m.Photo, m.File} {
		// "(File not included. ...)" stands for a file left out of the export.
		if p != "" && !strings.HasPrefix(p, "(") {
			d.Media = append(d.Media, vigie.Media{Path: p})
		}
	}
	t, derr := tgTime(m.Unix, m.Date)
	d.PostedAt = t
	if rec.Err == nil {
		rec.Err = errors.Join(terr, derr)
	}
	return rec
}

// nonEmpty is the non-empty strings of ss.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// tgID is a number or string id as text, "" when absent or null.
func tgID(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// tgTime reads date_unixtime, or else date, a local time without zone
// that is read as UTC.
func tgTime(unix, date string) (time.Time, error) {
	if unix != "" {
		n, err := strconv.ParseInt(unix, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("invalid date_unixtime %q", unix)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if date == "" {
		return time.Time{}, errors.New(`no "date" or "date_unixtime"`)
	}
	t, err := time.Parse("2006-01-02T15:04:05", date)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid date %q: want 2006-01-02T15:04:05", date)
	}
	return t, nil
}

// flattenText turns a message text — a string, or an array of strings and
// {"type", "text"} entities — into plain text. The parts are joined as
// they are: Telegram keeps the spaces in the strings between entities.
func flattenText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", errors.New(`no "text"`)
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("invalid text: %v", err)
		}
		return s, nil
	}
	var parts []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &parts) != nil {
		return "", errors.New("invalid text: want a string or an array of strings and entities")
	}
	var b strings.Builder
	for i, p := range parts {
		var ent struct {
			Text *string `json:"text"`
		}
		switch {
		case json.Unmarshal(p, &s) == nil:
			b.WriteString(s)
		case json.Unmarshal(p, &ent) == nil && ent.Text != nil:
			b.WriteString(*ent.Text)
		default:
			return b.String(), fmt.Errorf("invalid text[%d]: want a string or an entity with \"text\"", i)
		}
	}
	return b.String(), nil
}

// token reads the next token, with the byte offset in its error.
func (t *tgReader) token() (json.Token, error) {
	tok, err := t.dec.Token()
	if err != nil {
		return nil, t.wrap(err)
	}
	return tok, nil
}

// decode reads the next value into v.
func (t *tgReader) decode(v any) error {
	if err := t.dec.Decode(v); err != nil {
		return t.wrap(err)
	}
	return nil
}

// wrap says where in the input a read failed.
func (t *tgReader) wrap(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
	}
	return fmt.Errorf("read Telegram export near byte %d: %w", t.dec.InputOffset(), err)
}

// expectDelim reads the delimiter d that must open what.
func (t *tgReader) expectDelim(d json.Delim, what string) error {
	tok, err := t.token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("not %s: want %q at byte %d, got %v", what, d, t.dec.InputOffset(), tok)
	}
	return nil
}

// skip reads past the next value without keeping it, however large.
func (t *tgReader) skip() error {
	depth := 0
	for {
		tok, err := t.token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}
