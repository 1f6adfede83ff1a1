package contact

import (
	"math"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// validUsername reports whether the folded name fits the platform's rules
// for user names (charset and length as the platforms publish them).
func validUsername(k vigie.EntityKind, n string) bool {
	allowed := func(extra string) bool {
		for i := 0; i < len(n); i++ {
			if c := n[i]; !isLower(c) && !isDigit(c) && strings.IndexByte(extra, c) < 0 {
				return false
			}
		}
		return true
	}
	hasLetter := strings.IndexFunc(n, func(r rune) bool { return 'a' <= r && r <= 'z' }) >= 0
	if n == "" || !hasLetter {
		return k == vigie.KindFacebook && len(n) >= 5 && len(n) <= 20 && allowed("")
	}
	switch k {
	case vigie.KindTelegram:
		return len(n) >= 5 && len(n) <= 32 && allowed("_") && isLower(n[0]) && n[len(n)-1] != '_'
	case vigie.KindInstagram:
		return len(n) <= 30 && allowed("._") && n[0] != '.' && n[len(n)-1] != '.' && !strings.Contains(n, "..")
	case vigie.KindTikTok:
		return len(n) >= 2 && len(n) <= 24 && allowed("._") && n[len(n)-1] != '.'
	case vigie.KindSnapchat:
		return len(n) >= 3 && len(n) <= 15 && allowed("._-") && isLower(n[0]) &&
			(isLower(n[len(n)-1]) || isDigit(n[len(n)-1]))
	case vigie.KindSkype:
		if rest, ok := strings.CutPrefix(n, "live:"); ok {
			return len(rest) >= 1 && len(rest) <= 64 && strings.Trim(rest, "abcdefghijklmnopqrstuvwxyz0123456789._-") == ""
		}
		return len(n) >= 6 && len(n) <= 32 && allowed("._,-") && isLower(n[0])
	case vigie.KindFacebook:
		return len(n) >= 5 && len(n) <= 50 && allowed(".") && n[0] != '.' && n[len(n)-1] != '.'
	}
	return false
}

// e164 returns "+digits" when digits (with no plus) is a valid
// international number.
func e164(d string) (string, bool) {
	if len(d) < 7 || len(d) > 15 || d[0] == '0' || strings.Trim(d, "0123456789") != "" {
		return "", false
	}
	num, err := phonenumbers.Parse("+"+d, "")
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

// leadingDigits returns the run of digits at the start of s.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i]
}

// pathSegment returns the first segment of a folded path ("/name/x" ->
// "name").
func pathSegment(p string) string {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexAny(p, "/?#"); i >= 0 {
		p = p[:i]
	}
	return p
}

// reservedPaths are first path segments of platform sites that are pages,
// not accounts.
var reservedPaths = map[string]bool{
	"p": true, "reel": true, "reels": true, "explore": true, "stories": true, "accounts": true, "tv": true,
	"direct": true, "about": true, "legal": true, "developer": true, "web": true, "share": true, "sharer": true,
	"sharer.php": true, "pages": true, "groups": true, "events": true, "watch": true, "photo": true,
	"photo.php": true, "permalink.php": true, "story.php": true, "login": true, "login.php": true,
	"home.php": true, "marketplace": true, "help": true, "policies": true, "privacy": true, "hashtag": true,
	"profile.php": true, "people": true, "addstickers": true, "proxy": true, "socks": true, "joinchat": true,
	"iv": true, "s": true, "c": true, "add": true, "discover": true, "tag": true, "video": true, "music": true,
	"search": true, "settings": true, "messages": true, "notifications": true, "public": true, "embed": true,
	"signup": true, "recover": true, "dialog": true, "plugins": true, "l.php": true, "business": true,
	"gaming": true, "ads": true, "official": true, "home": true, "index.php": true, "message": true,
}

// linkHandle derives the messaging handle of a platform link, if any. orig
// returns the original text of a Norm range, for case-sensitive invite codes.
func linkHandle(u urlMatch, orig func(i, j int) string) (vigie.EntityKind, string, bool) {
	host := u.host
	for _, p := range []string{"www.", "m.", "web.", "mobile.", "mbasic.", "touch.", "vm."} {
		if h := strings.TrimPrefix(host, p); strings.IndexByte(h, '.') > 0 {
			host = h
		}
	}
	path := u.rest
	if strings.HasPrefix(path, ":") {
		return "", "", false
	}
	restStart := u.e - len(u.rest)
	seg := pathSegment(path)
	switch host {
	case "wa.me":
		if v, ok := e164(leadingDigits(strings.TrimPrefix(seg, "+"))); ok && len(leadingDigits(strings.TrimPrefix(seg, "+"))) == len(strings.TrimPrefix(seg, "+")) {
			return vigie.KindWhatsApp, v, true
		}
	case "api.whatsapp.com", "whatsapp.com":
		if i := strings.Index(path, "phone="); i >= 0 {
			d := path[i+6:]
			d = strings.TrimPrefix(strings.TrimPrefix(d, "%2b"), "+")
			if v, ok := e164(leadingDigits(d)); ok {
				return vigie.KindWhatsApp, v, true
			}
		}
	case "chat.whatsapp.com":
		if len(seg) >= 10 && len(seg) <= 40 && strings.Trim(seg, "abcdefghijklmnopqrstuvwxyz0123456789") == "" {
			code := orig(restStart+1, restStart+1+len(seg))
			return vigie.KindWhatsApp, "chat.whatsapp.com/" + code, true
		}
	case "t.me", "telegram.me", "telegram.dog":
		p := strings.TrimPrefix(path, "/")
		switch {
		case strings.HasPrefix(p, "+"):
			d := seg[1:]
			if v, ok := e164(d); ok {
				return vigie.KindTelegram, v, true
			}
			if len(d) >= 10 && strings.Trim(d, "abcdefghijklmnopqrstuvwxyz0123456789_-") == "" {
				return vigie.KindTelegram, "t.me/+" + orig(restStart+2, restStart+2+len(d)), true
			}
		case strings.HasPrefix(p, "joinchat/"):
			d := pathSegment(p[8:])
			if len(d) >= 10 && strings.Trim(d, "abcdefghijklmnopqrstuvwxyz0123456789_-") == "" {
				return vigie.KindTelegram, "t.me/+" + orig(restStart+10, restStart+10+len(d)), true
			}
		case strings.HasPrefix(p, "s/"):
			if n := pathSegment(p[1:]); validUsername(vigie.KindTelegram, n) {
				return vigie.KindTelegram, n, true
			}
		default:
			if !reservedPaths[seg] && validUsername(vigie.KindTelegram, seg) {
				return vigie.KindTelegram, seg, true
			}
		}
	case "signal.me":
		if d, ok := strings.CutPrefix(path, "/#p/"); ok {
			if v, ok := e164(leadingDigits(strings.TrimPrefix(d, "+"))); ok {
				return vigie.KindSignal, v, true
			}
		}
	case "snapchat.com", "story.snapchat.com":
		if n, ok := strings.CutPrefix(path, "/add/"); ok {
			if n = pathSegment(n); validUsername(vigie.KindSnapchat, n) {
				return vigie.KindSnapchat, n, true
			}
		}
	case "instagram.com", "instagr.am":
		n := strings.TrimPrefix(seg, "@")
		if !reservedPaths[n] && validUsername(vigie.KindInstagram, n) {
			return vigie.KindInstagram, n, true
		}
	case "facebook.com", "fb.com", "fb.me", "m.me", "messenger.com":
		if strings.HasPrefix(path, "/profile.php?id=") {
			if d := leadingDigits(path[len("/profile.php?id="):]); len(d) >= 5 {
				return vigie.KindFacebook, d, true
			}
		}
		if p, ok := strings.CutPrefix(path, "/people/"); ok {
			parts := strings.Split(strings.Trim(pathSegmentsN(p, 2), "/"), "/")
			if d := parts[len(parts)-1]; len(d) >= 5 && leadingDigits(d) == d {
				return vigie.KindFacebook, d, true
			}
		}
		if !reservedPaths[seg] && validUsername(vigie.KindFacebook, seg) {
			return vigie.KindFacebook, seg, true
		}
	case "tiktok.com":
		if n, ok := strings.CutPrefix(seg, "@"); ok && validUsername(vigie.KindTikTok, n) {
			return vigie.KindTikTok, n, true
		}
	}
	return "", "", false
}

// pathSegmentsN returns the first n segments of a path without query.
func pathSegmentsN(p string, n int) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	parts := strings.SplitN(p, "/", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, "/")
}

// cue is a word that announces a messaging account.
type cue struct {
	word string
	kind vigie.EntityKind
}

// phoneKind reports whether the platform's accounts are phone numbers.
func phoneKind(k vigie.EntityKind) bool {
	return k == vigie.KindWhatsApp || k == vigie.KindViber || k == vigie.KindSignal
}

// cues lists platform names and their common spellings and abbreviations
// in the languages of the posts (en, fr, nl, es, ro, ar, ru), longest first
// within each platform so that "whatsapp" wins over "whats".
var cues = []cue{
	{"whatsapp", vigie.KindWhatsApp}, {"whats app", vigie.KindWhatsApp}, {"whatsaap", vigie.KindWhatsApp},
	{"wattsapp", vigie.KindWhatsApp}, {"whatsap", vigie.KindWhatsApp}, {"whatapp", vigie.KindWhatsApp},
	{"watsapp", vigie.KindWhatsApp}, {"watsap", vigie.KindWhatsApp}, {"guasap", vigie.KindWhatsApp},
	{"wasap", vigie.KindWhatsApp}, {"whats", vigie.KindWhatsApp}, {"wapp", vigie.KindWhatsApp},
	{"wa", vigie.KindWhatsApp}, {"واتساب", vigie.KindWhatsApp}, {"واتس اب", vigie.KindWhatsApp},
	{"وتساب", vigie.KindWhatsApp}, {"واتسب", vigie.KindWhatsApp}, {"واتس", vigie.KindWhatsApp},
	{"ватсап", vigie.KindWhatsApp}, {"вотсап", vigie.KindWhatsApp}, {"вацап", vigie.KindWhatsApp},
	{"telegramm", vigie.KindTelegram}, {"telegram", vigie.KindTelegram}, {"tlg", vigie.KindTelegram},
	{"tg", vigie.KindTelegram}, {"تيليجرام", vigie.KindTelegram}, {"تيليغرام", vigie.KindTelegram},
	{"تليجرام", vigie.KindTelegram}, {"تلغرام", vigie.KindTelegram}, {"تلجرام", vigie.KindTelegram},
	{"تلگرام", vigie.KindTelegram}, {"телеграм", vigie.KindTelegram},
	{"viber", vigie.KindViber}, {"فايبر", vigie.KindViber}, {"فيبر", vigie.KindViber}, {"вайбер", vigie.KindViber},
	{"signal", vigie.KindSignal}, {"سيغنال", vigie.KindSignal}, {"سيجنال", vigie.KindSignal},
	{"skype", vigie.KindSkype}, {"skipe", vigie.KindSkype}, {"سكايب", vigie.KindSkype}, {"скайп", vigie.KindSkype},
	{"snapchat", vigie.KindSnapchat}, {"snap chat", vigie.KindSnapchat}, {"snap", vigie.KindSnapchat},
	{"sc", vigie.KindSnapchat}, {"سناب شات", vigie.KindSnapchat}, {"سناب", vigie.KindSnapchat},
	{"instagram", vigie.KindInstagram}, {"insta", vigie.KindInstagram}, {"ig", vigie.KindInstagram},
	{"انستغرام", vigie.KindInstagram}, {"انستقرام", vigie.KindInstagram}, {"انستجرام", vigie.KindInstagram},
	{"انستا", vigie.KindInstagram}, {"инстаграм", vigie.KindInstagram}, {"инста", vigie.KindInstagram},
	{"facebook", vigie.KindFacebook}, {"fb", vigie.KindFacebook}, {"فيسبوك", vigie.KindFacebook},
	{"فيس بوك", vigie.KindFacebook}, {"фейсбук", vigie.KindFacebook},
	{"tiktok", vigie.KindTikTok}, {"tik tok", vigie.KindTikTok}, {"تيك توك", vigie.KindTikTok},
	{"тикток", vigie.KindTikTok},
}

// asciiCues indexes the ASCII cues by first byte; nonASCIICues are searched
// as substrings (Arabic glues articles and conjunctions to the word).
var asciiCues, nonASCIICues = func() ([256][]cue, []cue) {
	var idx [256][]cue
	var other []cue
	for _, c := range cues {
		w := normalize.Fold(c.word).Norm
		c.word = w
		if w[0] < utf8.RuneSelf {
			idx[w[0]] = append(idx[w[0]], c)
		} else {
			other = append(other, c)
		}
	}
	return idx, other
}()

// cueByBit lists the ASCII cues by first byte, in the order of asciiCues:
// cueByBit[k] is bit k of normTriggers.
var cueByBit = func() []cue {
	var all []cue
	for _, l := range asciiCues {
		all = append(all, l...)
	}
	return all
}()

// normTriggers holds the ASCII cues (bits cueBits) and the '@' spellings
// of findObfuscatedEmails (bits atBits, atSeps[k] as bit atBase+k), so
// that one pass over the matching view finds where both may start;
// normPrev gives, per byte before a start, the patterns it allows: a cue starts a word (not after a
// letter, digit, '_' or '.'), an '@' spelling follows a local part.
var normTriggers, normPrev, cueBits, atBits = func() (*prefixSet, *[256]uint64, uint64, uint64) {
	var p prefixSet
	for _, q := range cueByBit {
		p.addString(q.word)
	}
	cue := uint64(1)<<p.n - 1
	for _, m := range atSeps {
		p.addString(m.s)
	}
	at := (uint64(1)<<p.n - 1) &^ cue
	var prev [256]uint64
	for c := 0; c < 256; c++ {
		b := byte(c)
		if !isAlnum(b) && b != '_' && b != '.' {
			prev[c] |= cue
		}
		if localByte(b) {
			prev[c] |= at
		}
	}
	return &p, &prev, cue, at
}()

// atBase is the bit of atSeps[0] in normTriggers.
var atBase = bits.TrailingZeros64(atBits)

// tokenPairs has bit c0 | c1<<8 set when a pattern of normTriggers may
// start at a token whose first two bytes are c0 c1, or at the space
// before it.
var tokenPairs = func() (t [1 << 10]uint64) {
	m := &normTriggers.m
	for c0 := range 256 {
		for c1 := range 256 {
			if m[0][c0]&m[1][c1] != 0 || m[0][' ']&m[1][c0]&m[2][c1] != 0 {
				k := c0 | c1<<8
				t[k>>6] |= 1 << (k & 63)
			}
		}
	}
	return t
}()

// nextPairToken returns the index of the first token of toks from k on
// that is the last byte of s or whose first two bytes are in tokenPairs,
// or len(toks). It is the hot loop of normCandidates, kept small.
func nextPairToken(s string, toks []normalize.Token, k int) int {
	for ; k < len(toks); k++ {
		i := uint(uint32(toks[k].Start))
		if i+1 >= uint(len(s)) {
			break
		}
		p := uint(s[i]) | uint(s[i+1])<<8
		if tokenPairs[p>>6]&(1<<(p&63)) != 0 {
			break
		}
	}
	return k
}

// normCandidates appends to dst the positions of t.Norm where a cue or an
// '@' spelling may start: normTriggers.all(t.Norm, normPrev, dst). ascii
// reports whether t.Norm is ASCII.
//
// In ASCII text the token cache, which the pipeline fills before this
// stage, gives them for a test per token instead of a walk over every
// byte. Every pattern starts with a letter after a byte that is not a
// letter or digit (a word start), with a one-byte punctuation token ("(",
// "@") or with a space followed by a byte other than a space; and only
// the space is not part of a token. So each start is a token's first byte
// or the space just before it. (In non-ASCII text, a cue may follow a
// letter of another script inside a token.)
func normCandidates(dst []int, t *normalize.Text, ascii bool) []int {
	s := t.Norm
	if !ascii || len(s) > math.MaxInt32 {
		return normTriggers.all(s, normPrev, dst)
	}
	out := dst
	toks := t.Tokens()
	for k := nextPairToken(s, toks, 0); k < len(toks); k = nextPairToken(s, toks, k+1) {
		i := int(toks[k].Start)
		if i > 0 && s[i-1] == ' ' && normTriggers.at(s, i-1, normPrev) != 0 {
			out = append(out, i-1)
		}
		if normTriggers.at(s, i, normPrev) != 0 {
			out = append(out, i)
		}
	}
	return out
}

// cueMatch is a cue found in the matching view.
type cueMatch struct {
	s, e int
	kind vigie.EntityKind
}

// findCues finds the platform words of the text, in order.
func findCues(s string) []cueMatch {
	return findCuesAt(s, normTriggers.all(s, normPrev, nil), isASCII(s))
}

// findCuesAt is findCues given the positions of s where a cue or an '@'
// spelling may start (normCandidates) and whether s is ASCII.
func findCuesAt(s string, cands []int, ascii bool) []cueMatch {
	var out []cueMatch
	hasNonASCII := !ascii
	// Cues start a word (not after a letter, digit, '_' or '.') with the
	// first bytes of an ASCII cue; normCandidates found those places.
	from := 0
	for _, i := range cands {
		if i < from {
			continue
		}
		// The cues whose first three bytes are there, in the order of
		// asciiCues[s[i]]: only they may match.
		for m := normTriggers.at(s, i, normPrev) & cueBits; m != 0; m &= m - 1 {
			q := cueByBit[bits.TrailingZeros64(m)]
			if !strings.HasPrefix(s[i:], q.word) {
				continue
			}
			e := i + len(q.word)
			if e < len(s) && (isLower(s[e]) || s[e] == '.' && e+1 < len(s) && isLower(s[e+1])) {
				continue
			}
			out = append(out, cueMatch{i, e, q.kind})
			from = e
			break
		}
	}
	if hasNonASCII {
		n := len(out)
		for _, q := range nonASCIICues {
			for p := 0; p < len(s); {
				k := strings.Index(s[p:], q.word)
				if k < 0 {
					break
				}
				k += p
				e := k + len(q.word)
				p = e
				dup := false
				for _, m := range out {
					if m.s <= k && k < m.e || k <= m.s && m.s < e {
						dup = true
						break
					}
				}
				if dup {
					continue
				}
				// Take the rest of the word (Arabic suffixes) into the cue.
				for e < len(s) {
					r, w := runeAt(s, e)
					if !unicode.IsLetter(r) || r < utf8.RuneSelf {
						break
					}
					e += w
				}
				out = append(out, cueMatch{k, e, q.kind})
			}
		}
		if len(out) > n {
			sortCues(out)
		}
	}
	return out
}

func sortCues(c []cueMatch) {
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j].s < c[j-1].s; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

// usernameAfter parses "[:=👉→] [@]name" after a cue ending at e and
// returns the Norm range of the name (with its '@') and the folded name.
// A separator or '@' is required: "IG: name", "Telegram @name", "snap:
// name", not "insta story".
func usernameAfter(s string, e int, k vigie.EntityKind) (int, int, string, bool) {
	j := e
	sep := false
	for j < len(s) && j-e < 24 {
		c := s[j]
		if c == ' ' {
			j++
			continue
		}
		if c == ':' || c == '=' {
			sep = true
			j++
			continue
		}
		if strings.HasPrefix(s[j:], "id") && j+2 < len(s) && (s[j+2] == ':' || s[j+2] == ' ') {
			j += 2
			continue
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(s[j:])
			if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sm, r) {
				sep = true
				j += w
				continue
			}
		}
		break
	}
	ns := j
	if j < len(s) && s[j] == '@' {
		j++
		sep = true
	}
	if !sep {
		return 0, 0, "", false
	}
	if k == vigie.KindSkype && strings.HasPrefix(s[j:], "live:") {
		j += 5
	}
	start := j
	for j < len(s) && (isLower(s[j]) || isDigit(s[j]) || s[j] == '.' || s[j] == '_' || s[j] == '-' || s[j] == ',') {
		j++
	}
	for j > start && (s[j-1] == '.' || s[j-1] == '-' || s[j-1] == ',') {
		j--
	}
	if j == start || j < len(s) && (s[j] == '@' || s[j] == '/' || s[j] == ':' || s[j] >= utf8.RuneSelf && !followsName(s, j)) {
		return 0, 0, "", false
	}
	name := s[ns:j]
	name = strings.TrimPrefix(name, "@")
	if strings.HasPrefix(name, "www.") || strings.IndexByte(name, '.') >= 0 && validHost(name, false) && webTLD[name[strings.LastIndexByte(name, '.')+1:]] {
		return 0, 0, "", false // a web address: the URL finder handles it.
	}
	if !validUsername(k, name) {
		return 0, 0, "", false
	}
	if c := findCues(name); len(c) == 1 && c[0].s == 0 && c[0].e == len(name) {
		return 0, 0, "", false // "Telegram - WhatsApp": a list of platforms.
	}
	return ns, j, name, true
}

// followsName reports whether the rune at s[j] may follow a user name
// (space, punctuation, emoji), not a letter continuing it.
func followsName(s string, j int) bool {
	r, _ := utf8.DecodeRuneInString(s[j:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// gapWords are the words allowed between a platform cue and its number:
// "WhatsApp me on +32…", "Viber ou WhatsApp au 0475…".
var gapWords = map[string]bool{
	"me": true, "on": true, "at": true, "or": true, "ou": true, "op": true, "of": true, "sur": true, "via": true,
	"pe": true, "por": true, "al": true, "en": true, "au": true, "number": true, "numero": true, "num": true,
	"nr": true, "no": true, "tel": true, "phone": true, "contact": true, "call": true, "text": true, "sms": true,
	"and": true, "et": true, "y": true, "si": true, "my": true, "mon": true, "ma": true, "mijn": true, "is": true,
	"est": true, "es": true, "este": true, "only": true, "uniquement": true, "seulement": true, "solo": true,
	"alleen": true, "doar": true, "to": true, "a": true, "the": true, "le": true, "la": true, "het": true,
	"de": true, "mi": true, "nous": true, "us": true, "ici": true, "here": true, "aqui": true, "aici": true,
	"hier": true, "gsm": true, "mob": true, "mobile": true, "imo": true, "line": true, "numar": true,
	"numéro": true, "număr": true, "nummer": true, "ons": true, "sau": true, "o": true,
	"على": true, "او": true, "أو": true, "و": true, "رقم": true, "عبر": true, "في": true, "ع": true,
}

// gapOK reports whether the original text between a cue and a phone only
// holds separators, allowed words and other platform names.
func gapOK(g string) bool {
	if len(g) > 48 {
		return false
	}
	words := 0
	for i := 0; i < len(g); {
		r, w := utf8.DecodeRuneInString(g[i:])
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			j := i
			for j < len(g) {
				r2, w2 := utf8.DecodeRuneInString(g[j:])
				if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
					break
				}
				j += w2
			}
			word := strings.ToLower(g[i:j])
			if !gapWords[word] && len(findCues(normalize.Fold(word).Norm)) == 0 {
				return false
			}
			words++
			if words > 5 {
				return false
			}
			i = j
		default:
			i += w
		}
	}
	return true
}

// findHandles finds the handles announced by platform words: user names
// after the word, and the phone numbers next to it for phone-based
// platforms.
//
// cands is normCandidates(nil, t, ascii); ascii reports whether t.Norm is
// ASCII; cs are the colons of t.Norm.
func findHandles(t *normalize.Text, phones []vigie.Entity, claimed spans, cands []int, ascii bool, cs colons) []handleMatch {
	s := t.Norm
	var out []handleMatch
	for _, c := range findCuesAt(s, cands, ascii) {
		if claimed.covers(c.s) {
			continue
		}
		if phoneKind(c.kind) {
			os, oe := t.Span(c.s, c.e)
			for _, e := range phoneHandles(t.Orig, os, oe, c.kind, phones) {
				out = append(out, handleMatch{Entity: e})
			}
			continue
		}
		if ns, ne, name, ok := usernameAfter(s, c.e, c.kind); ok && !claimed.overlaps(ns, ne) {
			out = append(out, handleMatch{entity(t, c.kind, name, ns, ne), ns, ne})
		}
	}
	// Skype's "live:.cid.<hex>" is unambiguous even without the word.
	for p := 0; p < len(s); {
		k := cs.index(s, p, "live:", 4)
		if k < 0 {
			break
		}
		p = k + 5
		if k > 0 && (isAlnum(s[k-1]) || s[k-1] == '_') {
			continue
		}
		j := p
		for j < len(s) && (isLower(s[j]) || isDigit(s[j]) || s[j] == '.' || s[j] == '_' || s[j] == '-') {
			j++
		}
		for j > p && (s[j-1] == '.' || s[j-1] == '-') {
			j--
		}
		name := s[k:j]
		if !strings.HasPrefix(name, "live:.cid.") || !validUsername(vigie.KindSkype, name) {
			continue
		}
		ent := entity(t, vigie.KindSkype, name, k, j)
		dup := false
		for _, e := range out {
			if e.Kind == vigie.KindSkype && e.Value == name {
				dup = true
			}
		}
		if !dup {
			out = append(out, handleMatch{ent, k, j})
		}
	}
	return out
}

// handleMatch is a handle with the Norm range it was read from.
type handleMatch struct {
	vigie.Entity
	normS, normE int
}

// phoneHandles attaches to a cue at Orig[os:oe] the phones that follow it
// (and the numbers chained after them with "/", "or", ","), or else the
// phone written right before it ("+32… (WhatsApp)"). Other platform words
// may sit in between, so "WhatsApp/Viber: +32…" gives both handles.
func phoneHandles(orig string, os, oe int, k vigie.EntityKind, phones []vigie.Entity) []vigie.Entity {
	var out []vigie.Entity
	for i, p := range phones {
		if p.Start < oe {
			continue
		}
		if !gapOK(orig[oe:p.Start]) {
			break
		}
		out = append(out, phoneHandle(k, p))
		last := p
		for _, q := range phones[i+1:] {
			if q.Start < last.End || q.Start-last.End > 12 || !gapOK(orig[last.End:q.Start]) {
				break
			}
			out = append(out, phoneHandle(k, q))
			last = q
		}
		return out
	}
	for i := len(phones) - 1; i >= 0; i-- {
		p := phones[i]
		if p.End > os {
			continue
		}
		if g := orig[p.End:os]; len(g) <= 4 && strings.Trim(g, " ([-/:\t") == "" {
			out = append(out, phoneHandle(k, p))
		}
		break
	}
	return out
}

func phoneHandle(k vigie.EntityKind, p vigie.Entity) vigie.Entity {
	return vigie.Entity{Kind: k, Value: p.Value, Text: p.Text, Start: p.Start, End: p.End}
}

// findViberLinks finds "viber://chat?number=…" and "viber://add?number=…".
// cs are the colons of t.Norm.
func findViberLinks(t *normalize.Text, cs colons) []vigie.Entity {
	s := t.Norm
	var out []vigie.Entity
	for p := 0; p < len(s); {
		k := cs.index(s, p, "viber://", 5)
		if k < 0 {
			break
		}
		p = k + 8
		rest := s[p:]
		i := strings.Index(rest, "number=")
		if i < 0 || i > 12 || strings.IndexByte(rest[:i], ' ') >= 0 {
			continue
		}
		j := p + i + 7
		for _, pre := range []string{"%2b", "+"} {
			if strings.HasPrefix(s[j:], pre) {
				j += len(pre)
			}
		}
		d := leadingDigits(s[j:])
		v, ok := e164(d)
		if !ok {
			continue
		}
		out = append(out, entity(t, vigie.KindViber, v, k, j+len(d)))
		p = j + len(d)
	}
	return out
}

// findSkypeLinks finds "skype:name?call" links.
// cs are the colons of t.Norm.
func findSkypeLinks(t *normalize.Text, cs colons) []vigie.Entity {
	s := t.Norm
	var out []vigie.Entity
	for p := 0; p < len(s); {
		k := cs.index(s, p, "skype:", 5)
		if k < 0 {
			break
		}
		p = k + 6
		if k > 0 && isAlnum(s[k-1]) || p >= len(s) || s[p] == ' ' || s[p] == '/' {
			continue
		}
		j := p
		for j < len(s) && (isLower(s[j]) || isDigit(s[j]) || strings.IndexByte("._-,:", s[j]) >= 0) {
			j++
		}
		for j > p && strings.IndexByte(".-,:", s[j-1]) >= 0 {
			j--
		}
		name := s[p:j]
		if !validUsername(vigie.KindSkype, name) {
			continue
		}
		e := j
		for _, q := range []string{"?call", "?chat", "?add", "?userinfo"} {
			if strings.HasPrefix(s[j:], q) {
				e = j + len(q)
			}
		}
		out = append(out, entity(t, vigie.KindSkype, name, k, e))
		p = e
	}
	return out
}

// webTLD lists the TLDs that make "name.tld" after a platform word a web
// address rather than a dotted user name.
var webTLD = map[string]bool{"com": true, "net": true, "org": true, "info": true, "biz": true, "edu": true,
	"gov": true, "io": true, "co": true, "me": true, "ly": true, "gl": true}

// mentions finds Twitter-style "@name" mentions (1–15 of [A-Za-z0-9_]) in
// s, with the rules of the twitter-text conformance suite: not after a
// letter, digit or one of "_!@#$%&*" (but after "RT"), not followed by '@',
// a non-ASCII letter or "://". It returns the byte ranges of the names
// without '@'. Find does not report mentions (a bare "@name" names no
// platform); the function documents and tests the user-name rules.
func mentions(s string) []span {
	var out []span
	for p := 0; p < len(s); {
		a := strings.IndexByte(s[p:], '@')
		if a < 0 {
			break
		}
		a += p
		p = a + 1
		if a > 0 {
			b := s[a-1]
			rt := a >= 2 && (s[a-2]|0x20) == 'r' && (b|0x20) == 't' && (a == 2 || !isAlnum(s[a-3]))
			if !rt && (isAlnum(b) || strings.IndexByte("_!@#$%&*", b) >= 0) {
				continue
			}
		}
		j := a + 1
		for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
			j++
		}
		if j == a+1 || j-a-1 > 15 {
			continue
		}
		if j < len(s) {
			if s[j] == '@' || strings.HasPrefix(s[j:], "://") {
				p = j
				continue
			}
			if r, _ := utf8.DecodeRuneInString(s[j:]); r >= 0xc0 && r < 0x250 && unicode.IsLetter(r) {
				continue
			}
		}
		out = append(out, span{a + 1, j})
		p = j
	}
	return out
}
