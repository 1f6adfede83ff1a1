package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/vigie"
)

// WhatsApp "Export chat" files have no fixed format: the header of each
// message ("[18/03/2022, 14:56:01] ", "3/18/22, 2:56 PM - ", "[14:56:01,
// 3/18/22] " ...) follows the phone's locale, and nothing in the file says
// whether 03/04 is the 3rd of April or March 4th. The reader therefore
// works in two steps: it parses each header into raw numbers, and decides
// the day/month order over the first orderWindow headers of the file
// (holding those messages back), then applies it to the whole file.

// orderWindow is how many message headers the day/month order is decided
// from; orderBytes bounds the text held back while deciding. Together
// they keep memory bounded on any input: a file whose order is still open
// after either limit is decided on what was seen.
const (
	orderWindow = 5000
	orderBytes  = 8 << 20
)

// PlatformWhatsApp is the Doc.Platform of WhatsApp messages.
const PlatformWhatsApp = "whatsapp"

// SystemSuffix ends Record.Where for a chat's system messages ("Messages
// are end-to-end encrypted", "X added Y", Telegram service messages):
// they have no author (Doc.Author is "") and are not anybody's words.
const SystemSuffix = " (system)"

// dateOrder says how the first two numbers of a date are read.
type dateOrder int

const (
	orderUnknown dateOrder = iota
	dayFirst
	monthFirst
)

// waStyle is the shape of a file's headers. A file has one; a line of
// another shape is message text that happens to start with a date (a
// pasted message, a quoted log), not a new message.
type waStyle struct {
	bracket, timeFirst, yearFirst bool
	sep                           byte
}

// waHeader is one parsed message header, its date still in the order it
// was written.
type waHeader struct {
	style          waStyle
	a, b, year     int // the two day/month numbers as written (month, day when yearFirst), and the year
	hour, min, sec int
	body           int // byte offset of the message body in the line
}

// waMsg is a message being assembled from its lines.
type waMsg struct {
	h          waHeader
	line       int
	start, end int64
	author     string
	system     bool
	text       []byte
	tooLong    bool
}

// waReader holds the state of one ReadWhatsApp call.
type waReader struct {
	blob   string
	source string
	fn     func(Record) error

	style   *waStyle
	order   dateOrder
	pending []*waMsg
	pendLen int
	stats   orderStats
	n       int // messages emitted so far
}

// ReadWhatsApp reads a WhatsApp "Export chat" text file from r (Android or
// iOS, any locale seen so far) and calls fn with one record per message,
// in order. Doc.Platform is "whatsapp", Doc.ID the message's 1-based
// ordinal in the export (system messages count), Doc.PostedAt the
// phone's wall-clock time stored as UTC (the export has no zone), and the
// origin the message's byte range in r and "line N" of its header line.
// Lines without a header continue the message before, joined with "\n".
//
// System messages (encryption notice, "X added Y", ...) have Doc.Author ""
// and Record.Where ending in SystemSuffix; a body without an "author: "
// prefix is one.
//
// The day/month order is decided over the first orderWindow headers: a
// number above 12 settles it; otherwise the number that changes more
// often between messages is the day; otherwise the day comes first. A date
// invalid in the decided order is a record error. Memory is bounded by
// the messages held while deciding (orderWindow, orderBytes) and one
// message of at most MaxLine bytes.
//
// The first non-empty line must be a message header, else ReadWhatsApp
// returns an error naming the line. It stops at the first error fn
// returns, or when r fails.
func ReadWhatsApp(r io.Reader, blob string, fn func(Record) error) error {
	w := &waReader{blob: blob, fn: fn}
	return w.read(r)
}

func (w *waReader) read(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	var cur *waMsg
	for n := 1; ; n++ {
		line, size, tooLong, err := readLine(br, MaxLine)
		start := off
		off += int64(size)
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if size == 0 {
			break
		}
		h, ok := parseHeader(line)
		switch {
		case ok && !tooLong && (w.style == nil || *w.style == h.style):
			if w.style == nil {
				w.style = &h.style
			}
			if cur != nil {
				if ferr := w.finish(cur); ferr != nil {
					return ferr
				}
			}
			cur = newMsg(h, line, n, start)
		case cur != nil:
			cur.add(line, tooLong, start)
		case !isBlank(line) || tooLong:
			return fmt.Errorf("line %d: not a WhatsApp chat export: want a message header such as %q",
				n, "[18/03/2022, 14:56:01] Name: text")
		}
		if err != nil {
			break
		}
	}
	if cur != nil {
		if err := w.finish(cur); err != nil {
			return err
		}
	}
	return w.flush()
}

// newMsg starts a message from its header line.
func newMsg(h waHeader, line []byte, n int, start int64) *waMsg {
	m := &waMsg{h: h, line: n, start: start, end: start + int64(len(line))}
	var body string
	m.author, body, m.system = splitAuthor(string(line[h.body:]))
	m.text = append(m.text, body...)
	return m
}

// add appends a continuation line. Blank lines are kept inside a message
// but not counted in its byte range until text follows them.
func (m *waMsg) add(line []byte, tooLong bool, start int64) {
	if tooLong || m.tooLong || len(m.text)+1+len(line) > MaxLine {
		m.tooLong = true
		m.end = start + int64(len(line))
		return
	}
	m.text = append(m.text, '\n')
	m.text = append(m.text, line...)
	if !isBlank(line) {
		m.end = start + int64(len(line))
	}
}

// finish passes a complete message on: held back while the order is open,
// emitted once it is known.
func (w *waReader) finish(m *waMsg) error {
	if w.order != orderUnknown || m.h.style.yearFirst {
		return w.emit(m)
	}
	w.pending = append(w.pending, m)
	w.pendLen += len(m.text)
	w.stats.add(m.h)
	if w.stats.decisive() || len(w.pending) >= orderWindow || w.pendLen >= orderBytes {
		return w.flush()
	}
	return nil
}

// flush decides the order if it is still open and emits the held
// messages.
func (w *waReader) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	if w.order == orderUnknown {
		w.order = w.stats.decide()
	}
	for i, m := range w.pending {
		if err := w.emit(m); err != nil {
			return err
		}
		w.pending[i] = nil
	}
	w.pending, w.pendLen = w.pending[:0], 0
	return nil
}

// emit turns a message into a record and calls fn.
func (w *waReader) emit(m *waMsg) error {
	w.n++
	loc := fmt.Sprintf("line %d", m.line)
	text := strings.TrimRight(string(m.text), "\n")
	rec := Record{Where: loc}
	if m.system {
		rec.Where += SystemSuffix
	}
	id := strconv.Itoa(w.n)
	if w.source != "" {
		id = w.source + "#" + id
	}
	rec.Doc = vigie.Document{
		ID: id, Source: w.source, Platform: PlatformWhatsApp,
		Author: m.author, Text: text,
		Origin: vigie.Origin{Blob: w.blob, Offset: m.start, Length: m.end - m.start, Record: loc},
	}
	t, err := m.h.time(w.order)
	rec.Doc.PostedAt = t
	switch {
	case m.tooLong:
		rec.Err = fmt.Errorf("message too long: more than %d bytes", MaxLine)
	case err != nil:
		rec.Err = err
	case !utf8.ValidString(text) || !utf8.ValidString(m.author):
		rec.Err = errors.New("invalid UTF-8 (convert the export to UTF-8)")
	}
	return w.fn(rec)
}

// time is the header's date and time in the given order.
func (h waHeader) time(order dateOrder) (time.Time, error) {
	month, day := h.a, h.b
	if !h.style.yearFirst && order != monthFirst {
		month, day = h.b, h.a
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, h.year) {
		return time.Time{}, fmt.Errorf("invalid date: %d-%02d-%02d (day/month order decided from the first %d messages)",
			h.year, month, day, orderWindow)
	}
	return time.Date(h.year, time.Month(month), day, h.hour, h.min, h.sec, 0, time.UTC), nil
}

// daysIn is the number of days in month of year.
func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// orderStats gathers the evidence for the day/month order.
type orderStats struct {
	maxA, maxB         int
	changesA, changesB int
	prevA, prevB, seen int
}

func (s *orderStats) add(h waHeader) {
	s.maxA, s.maxB = max(s.maxA, h.a), max(s.maxB, h.b)
	if s.seen > 0 {
		if h.a != s.prevA {
			s.changesA++
		}
		if h.b != s.prevB {
			s.changesB++
		}
	}
	s.prevA, s.prevB = h.a, h.b
	s.seen++
}

// decisive reports whether a number above 12 has settled the order.
func (s *orderStats) decisive() bool {
	return (s.maxA > 12) != (s.maxB > 12)
}

// decide picks the order: a number above 12 can only be a day; failing
// that, days change more often than months in a chat; failing that (a
// file of a few messages on one day), day first, the most common order
// worldwide.
func (s *orderStats) decide() dateOrder {
	switch {
	case s.maxA > 12 && s.maxB <= 12:
		return dayFirst
	case s.maxB > 12 && s.maxA <= 12:
		return monthFirst
	case s.changesB > s.changesA:
		return monthFirst
	default:
		return dayFirst
	}
}

// splitAuthor splits a message body into author and text. A body with no
// "name: " prefix is a system message. A ": " inside an odd number of
// quotes (`X changed the subject to "a: b"`) or after more than
// maxAuthor runes is not an author's, so that is a system message too.
func splitAuthor(body string) (author, text string, system bool) {
	i := strings.Index(body, ": ")
	if i < 0 && strings.HasSuffix(body, ":") {
		i = len(body) - 1
	}
	if i <= 0 {
		return "", string(trimMarks([]byte(body))), true
	}
	raw := body[:i]
	if strings.Count(raw, `"`)%2 == 1 || strings.Count(raw, "“") != strings.Count(raw, "”") ||
		utf8.RuneCountInString(raw) > maxAuthor {
		return "", string(trimMarks([]byte(body))), true
	}
	text = strings.TrimPrefix(body[i+1:], " ")
	author = normAuthor(raw)
	if author == "" {
		// A name made only of invisible marks is still somebody's message.
		author = strings.TrimSpace(raw)
	}
	return author, string(trimMarks([]byte(text))), false
}

// maxAuthor bounds the length of a sender name; WhatsApp names are short.
const maxAuthor = 80

// normAuthor removes direction marks (phone numbers in RTL exports are
// wrapped in them) and turns no-break spaces into spaces, so that one
// sender has one name across exports.
func normAuthor(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case isMark(r):
		case isSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// isMark reports whether r is an invisible direction or byte-order mark
// that exports scatter through headers.
func isMark(r rune) bool {
	switch {
	case r == 0x200E, r == 0x200F, r == 0xFEFF, r == 0x061C:
		return true
	case 0x202A <= r && r <= 0x202E, 0x2066 <= r && r <= 0x2069:
		return true
	}
	return false
}

// isSpace reports whether r separates header fields: a space, or the
// no-break spaces iOS puts before AM/PM.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == 0x00A0 || r == 0x202F || r == 0x2009
}

// trimMarks removes leading invisible marks (iOS starts media and system
// bodies with U+200E).
func trimMarks(b []byte) []byte {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if !isMark(r) {
			break
		}
		b = b[n:]
	}
	return b
}

// isBlank reports whether a line holds nothing but spaces and marks.
func isBlank(b []byte) bool {
	for _, r := range string(b) {
		if !isMark(r) && !unicode.IsSpace(r) && !isSpace(r) {
			return false
		}
	}
	return true
}

// hdrScan walks a header, skipping invisible marks between tokens.
type hdrScan struct {
	s string
	i int
}

// marks skips invisible marks.
func (p *hdrScan) marks() {
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if !isMark(r) {
			return
		}
		p.i += n
	}
}

// spaces skips spaces and marks and reports how many spaces there were.
func (p *hdrScan) spaces() int {
	k := 0
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		switch {
		case isSpace(r):
			k++
		case !isMark(r):
			return k
		}
		p.i += n
	}
	return k
}

// peek is the next rune after marks.
func (p *hdrScan) peek() rune {
	p.marks()
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	if p.i >= len(p.s) {
		return -1
	}
	return r
}

// eat consumes r if it comes next.
func (p *hdrScan) eat(r rune) bool {
	if p.peek() != r {
		return false
	}
	p.i += utf8.RuneLen(r)
	return true
}

// num reads up to maxDigits decimal digits of any script (Arabic-Indic
// exports write ١٨/٣/٢٠٢٢), with marks allowed between them.
func (p *hdrScan) num(maxDigits int) (v, digits int) {
	for digits < maxDigits {
		p.marks()
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		d := digitValue(r)
		if p.i >= len(p.s) || d < 0 {
			break
		}
		v = v*10 + d
		digits++
		p.i += n
	}
	return v, digits
}

// digitZeros are the zeros of the digit scripts seen in exports: ASCII,
// Arabic-Indic, Extended Arabic-Indic (Persian, Urdu), Devanagari,
// Bengali, Thai, fullwidth.
var digitZeros = []rune{'0', 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10}

// digitValue is r's value as a decimal digit, or -1.
func digitValue(r rune) int {
	for _, z := range digitZeros {
		if z <= r && r <= z+9 {
			return int(r - z)
		}
	}
	return -1
}

// parseHeader parses the message header at the start of line, reporting
// whether there is one.
func parseHeader(line []byte) (waHeader, bool) {
	if len(line) > 256 {
		line = line[:256] // a header is short; the body needs no scan
	}
	p := &hdrScan{s: string(line)}
	var h waHeader
	h.style.bracket = p.eat('[')
	start := p.i
	ok := p.date(&h) && p.dateTimeSep() && p.clock(&h)
	if !ok {
		p.i = start
		h.style.timeFirst = true
		ok = p.clock(&h) && p.dateTimeSep() && p.date(&h)
	}
	if !ok || !p.end(&h) {
		return waHeader{}, false
	}
	return h, true
}

// date reads d/m/y, m/d/y or y/m/d with '/', '.' or '-' (a space may
// follow the separator, as in "2022. 03. 18."), a two-digit, Buddhist-era
// ("2565 BE") or Japanese-era ("R4") year.
func (p *hdrScan) date(h *waHeader) bool {
	first, fd, fEra := p.year()
	if fd == 0 {
		return false
	}
	sep := p.peek()
	if sep != '/' && sep != '.' && sep != '-' {
		return false
	}
	h.style.sep = byte(sep)
	p.eat(sep)
	p.spaces()
	second, sd := p.num(2)
	if sd == 0 || !p.eat(sep) {
		return false
	}
	p.spaces()
	third, td, tEra := p.year()
	if td == 0 {
		return false
	}
	p.eat(sep) // "18.03.2022." in some locales
	if fd == 4 && fEra == 0 {
		h.style.yearFirst = true
		h.year, h.a, h.b = first, second, third
		return td <= 2 && tEra == 0 && h.year >= 1000
	}
	if fd > 2 || fEra != 0 {
		return false
	}
	h.a, h.b = first, second
	h.year = fullYear(third, td, tEra)
	save := p.i
	if p.spaces() > 0 && p.eat('B') && p.eat('E') {
		h.year = third - 543 // explicit Buddhist era
	} else {
		p.i = save
	}
	return h.year > 0
}

// year reads a year-like number: digits, or a Japanese era letter and
// digits.
func (p *hdrScan) year() (v, digits int, era rune) {
	switch r := p.peek(); r {
	case 'R', 'H', 'S', 'T':
		p.i++
		v, digits = p.num(2)
		if digits == 0 {
			p.i--
			return 0, 0, 0
		}
		return v, digits, r
	}
	v, digits = p.num(4)
	return v, digits, 0
}

// eraBase is the Gregorian year before year 1 of each Japanese era.
var eraBase = map[rune]int{'R': 2018, 'H': 1988, 'S': 1925, 'T': 1911}

// fullYear turns a written year into a Gregorian one: two digits are
// 20xx (WhatsApp dates from 2009), a year past 2400 is Buddhist era.
func fullYear(v, digits int, era rune) int {
	switch {
	case era != 0:
		return eraBase[era] + v
	case digits <= 2:
		return 2000 + v
	case digits == 4 && v > 2400:
		return v - 543
	case digits == 4:
		return v
	}
	return 0
}

// dateTimeSep reads ", ", "، " (Arabic comma) or spaces between date and
// time.
func (p *hdrScan) dateTimeSep() bool {
	comma := p.eat(',') || p.eat('،')
	return p.spaces() > 0 || comma
}

// clock reads h:mm[:ss] with ':' or '.', and an AM/PM word before or
// after it.
func (p *hdrScan) clock(h *waHeader) bool {
	half := p.halfDay()
	p.spaces()
	hour, hd := p.num(2)
	if hd == 0 {
		return false
	}
	sep := p.peek()
	if sep != ':' && sep != '.' {
		return false
	}
	p.eat(sep)
	mins, md := p.num(2)
	if md != 2 {
		return false
	}
	secs := 0
	if save := p.i; p.eat(sep) {
		var sd int
		if secs, sd = p.num(2); sd != 2 {
			p.i, secs = save, 0
		}
	}
	if half == 0 {
		save := p.i
		p.spaces()
		if half = p.halfDay(); half == 0 {
			p.i = save
		}
	}
	hour, ok := to24(hour, half)
	if !ok || mins > 59 || secs > 59 {
		return false
	}
	h.hour, h.min, h.sec = hour, mins, secs
	return true
}

// halfDay values: which half of the day a 12-hour time is in.
const (
	halfNone = iota
	halfAM
	halfPM
	halfNight
)

// halfDayWords are the AM/PM words of the locales seen in exports; a
// space in a word matches any space, and case is ignored.
var halfDayWords = []struct {
	word string
	half int
}{
	{"in the morning", halfAM}, {"in the afternoon", halfPM}, {"in the evening", halfPM},
	{"at night", halfNight}, {"a. m.", halfAM}, {"p. m.", halfPM}, {"a.m.", halfAM},
	{"p.m.", halfPM}, {"am", halfAM}, {"pm", halfPM}, {"vorm.", halfAM}, {"nachm.", halfPM},
	{"午前", halfAM}, {"午後", halfPM}, {"上午", halfAM}, {"下午", halfPM}, {"오전", halfAM},
	{"오후", halfPM}, {"ص", halfAM}, {"م", halfPM}, {"ق.ظ.", halfAM}, {"ب.ظ.", halfPM},
	{"π.μ.", halfAM}, {"μ.μ.", halfPM}, {"sa", halfAM}, {"ch", halfPM},
}

// halfDay reads an AM/PM word, if one comes next.
func (p *hdrScan) halfDay() int {
	p.marks()
	for _, w := range halfDayWords {
		if n, ok := matchWord(p.s[p.i:], w.word); ok {
			p.i += n
			return w.half
		}
	}
	return halfNone
}

// matchWord reports whether s starts with word, ignoring case and marks,
// a space in word matching any space, and how many bytes of s it took.
// A Latin word must not run on into a letter ("am" is not "amy").
func matchWord(s, word string) (int, bool) {
	i := 0
	for _, wr := range word {
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isMark(r) {
				break
			}
			i += n
		}
		if i >= len(s) {
			return 0, false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if wr == ' ' && !isSpace(r) || wr != ' ' && unicode.ToLower(r) != wr {
			return 0, false
		}
		i += n
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); i < len(s) && unicode.IsLetter(r) && r < 0x250 {
		return 0, false
	}
	return i, true
}

// to24 turns a 12-hour time into a 24-hour one; exports also write "0:24
// PM" for 12:24 and "00:08 a. m." for 00:08.
func to24(hour, half int) (int, bool) {
	switch half {
	case halfNone:
		return hour, hour <= 23
	case halfAM:
		return hour % 12, hour <= 12
	case halfPM:
		return hour%12 + 12, hour <= 12
	default: // "at night": late evening, or the small hours up to 5
		if hour >= 6 && hour < 12 {
			return hour + 12, true
		}
		return hour % 12, hour <= 12
	}
}

// end reads what closes a header: "] " after brackets, " - " without,
// and records where the body starts.
func (p *hdrScan) end(h *waHeader) bool {
	if h.style.bracket {
		if !p.eat(']') {
			return false
		}
		p.marks()
		if p.i < len(p.s) && p.s[p.i] == ' ' {
			p.i++
		}
		h.body = p.i
		return true
	}
	if p.spaces() == 0 || !p.eat('-') {
		return false
	}
	if p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	} else if p.i < len(p.s) {
		return false
	}
	h.body = p.i
	return true
}

// chatNamePrefixes start the names WhatsApp gives exported chat files,
// in the locales seen.
var chatNamePrefixes = []string{
	"WhatsApp Chat with ", "WhatsApp Chat - ", "WhatsApp-chat met ", "WhatsApp-Chat mit ",
	"Chat WhatsApp s uživatelem ", "Чат WhatsApp с контактом ", "Chat de WhatsApp con ",
	"Discussion WhatsApp avec ", "Conversa do WhatsApp com ", "Chat WhatsApp con ",
}

// ChatName is the chat name in the name WhatsApp gives an export file
// ("WhatsApp Chat with Alice.txt" gives "Alice"), or "" when the name
// does not say (iOS exports are all "_chat.txt").
func ChatName(file string) string {
	base := file[strings.LastIndexByte(file, '/')+1:]
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".txt"), ".zip")
	for _, p := range chatNamePrefixes {
		if name, ok := strings.CutPrefix(base, p); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// ReadWhatsAppZip reads a WhatsApp export zip (the chat text plus the
// media files sent in it) of size bytes from ra, as ReadWhatsApp does the
// chat text, and calls fn with each message. Doc.Source is the chat name
// taken from the text file's name when it has one, and a message naming
// an attached file of the zip ("IMG-...jpg (file attached)", "<attached:
// ...>", in any language) gets a Doc.Media entry with the file's path in
// the zip and the SHA-256 of its bytes.
//
// The chat text is "_chat.txt" (iOS) or the one text file starting with a
// message header. Origins name it ("_chat.txt line 12"); their byte range
// is in the zip blob when the text is stored uncompressed and is left
// zero when it is compressed. A truncated or corrupt zip, or one with no
// chat text, is an error.
func ReadWhatsAppZip(ra io.ReaderAt, size int64, blob string, fn func(Record) error) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fmt.Errorf("open WhatsApp zip (truncated or corrupt?): %w", err)
	}
	chat, err := findChat(zr)
	if err != nil {
		return err
	}
	z := &waZip{media: map[string]*zip.File{}, sums: map[string]vigie.Media{}}
	for _, f := range zr.File {
		if f != chat && !f.FileInfo().IsDir() {
			z.media[f.Name] = f
			z.media[path.Base(f.Name)] = f
		}
	}
	dataOff := int64(-1)
	if chat.Method == zip.Store {
		if off, err := chat.DataOffset(); err == nil {
			dataOff = off
		}
	}
	rc, err := chat.Open()
	if err != nil {
		return fmt.Errorf("open %s in zip: %w", chat.Name, err)
	}
	defer rc.Close()
	w := &waReader{blob: blob, source: ChatName(chat.Name), fn: func(rec Record) error {
		o := &rec.Doc.Origin
		rec.Where = chat.Name + " " + rec.Where
		o.Record = chat.Name + " " + o.Record
		if dataOff >= 0 {
			o.Offset += dataOff
		} else {
			o.Offset, o.Length = 0, 0
		}
		media, err := z.attach(rec.Doc.Text)
		rec.Doc.Media = media
		if rec.Err == nil {
			rec.Err = err
		}
		return fn(rec)
	}}
	if err := w.read(rc); err != nil {
		return fmt.Errorf("%s in zip: %w", chat.Name, err)
	}
	return nil
}

// waZip is the media of an export zip, by path and by base name, and the
// digests computed so far.
type waZip struct {
	media map[string]*zip.File
	sums  map[string]vigie.Media
}

// attach finds the files of the zip a message names and digests them.
func (z *waZip) attach(text string) ([]vigie.Media, error) {
	var out []vigie.Media
	seen := map[string]bool{}
	for _, name := range fileRefs(text) {
		f := z.media[name]
		if f == nil || seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		m, err := z.digest(f)
		if err != nil {
			return out, err
		}
		out = append(out, m)
	}
	return out, nil
}

// digest returns the Media of a file of the zip: its path, the SHA-256 of
// its bytes, hex-encoded, and, for a picture vigie decodes (JPEG, PNG,
// GIF, WebP, within imagehash's default limits), its perceptual hashes. A
// file that is not such a picture, or is a damaged one, has none: it is
// still kept and linked by its SHA-256.
func (z *waZip) digest(f *zip.File) (vigie.Media, error) {
	if m, ok := z.sums[f.Name]; ok {
		return m, nil
	}
	rc, err := f.Open()
	if err != nil {
		return vigie.Media{}, fmt.Errorf("media %s: %w", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	// A file small enough to be a picture vigie decodes is read whole to
	// try; larger ones are only hashed.
	var pic bytes.Buffer
	w := io.Writer(h)
	small := f.UncompressedSize64 <= imagehash.DefaultMaxBytes
	if small {
		w = io.MultiWriter(h, &pic)
	}
	if _, err := io.Copy(w, rc); err != nil {
		return vigie.Media{}, fmt.Errorf("media %s: %w", f.Name, err)
	}
	m := vigie.Media{Path: f.Name, SHA256: hex.EncodeToString(h.Sum(nil))}
	if small {
		if img, _, err := imagehash.Decode(pic.Bytes(), imagehash.Limits{}); err == nil {
			m.PHash = imagehash.FormatHashes(imagehash.Hashes(img))
		}
	}
	z.sums[f.Name] = m
	return m, nil
}

// fileRefs lists the strings of a message that may be a file name: each
// line, the part before a trailing " (...)" (Android's "(file attached)"
// in any language), the part after ": " inside "<...>" (iOS's "<attached:
// ...>"), and each word. A name split over lines is tried joined.
func fileRefs(text string) []string {
	var out []string
	add := func(l string) {
		l = strings.TrimSpace(string(trimMarks([]byte(strings.TrimSpace(l)))))
		out = append(out, l)
		if i := strings.LastIndex(l, " ("); i > 0 && strings.HasSuffix(l, ")") {
			out = append(out, strings.TrimSpace(l[:i]))
		}
		if _, b, ok := strings.Cut(l, "<"); ok {
			if in, _, ok := strings.Cut(b, ">"); ok {
				if _, name, ok := strings.Cut(in, ": "); ok {
					out = append(out, strings.TrimSpace(name))
				}
				if _, name, ok := strings.Cut(in, ":"); ok {
					out = append(out, strings.TrimSpace(name))
				}
			}
		}
		for _, w := range strings.Fields(l) {
			out = append(out, strings.Trim(w, "<>"))
		}
	}
	for _, l := range strings.Split(text, "\n") {
		add(l)
	}
	if strings.Contains(text, "\n") && strings.Contains(text, "<") {
		add(strings.ReplaceAll(text, "\n", ""))
	}
	return out
}

// findChat picks the chat text of an export zip.
func findChat(zr *zip.Reader) (*zip.File, error) {
	var cands []*zip.File
	for _, f := range zr.File {
		if !strings.EqualFold(path.Ext(f.Name), ".txt") || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		if path.Base(f.Name) == "_chat.txt" {
			return f, nil
		}
		ok, err := startsWithHeader(f)
		if err != nil {
			return nil, err
		}
		if ok {
			cands = append(cands, f)
		}
	}
	switch {
	case len(cands) == 0:
		return nil, errNoHeader
	case len(cands) > 1:
		var named []*zip.File
		for _, f := range cands {
			if ChatName(f.Name) != "" {
				named = append(named, f)
			}
		}
		if len(named) != 1 {
			return nil, fmt.Errorf("%d text files in the zip look like WhatsApp chats, want one", len(cands))
		}
		return named[0], nil
	}
	return cands[0], nil
}

// startsWithHeader reports whether a file of the zip starts with a
// message header.
func startsWithHeader(f *zip.File) (bool, error) {
	rc, err := f.Open()
	if err != nil {
		return false, fmt.Errorf("open %s in zip: %w", f.Name, err)
	}
	defer rc.Close()
	head, err := io.ReadAll(io.LimitReader(rc, 4<<10))
	if err != nil {
		return false, fmt.Errorf("read %s in zip: %w", f.Name, err)
	}
	return firstLineIsHeader(head), nil
}

// errNoHeader is returned when no file in a zip is a chat text.
var errNoHeader = errors.New("no WhatsApp chat text in the zip")

// firstLineIsHeader reports whether b starts with a WhatsApp header,
// ignoring blank lines.
func firstLineIsHeader(b []byte) bool {
	for len(b) > 0 {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !isBlank(line) {
			_, ok := parseHeader(line)
			return ok
		}
		b = rest
	}
	return false
}
