package contact

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// phonesOf builds the phone entities a phone extractor would give for the
// listed "text=+E164" pairs, found in order in s.
func phonesOf(s string, pairs []string) []vigie.Entity {
	var out []vigie.Entity
	from := 0
	for _, p := range pairs {
		text, v, _ := strings.Cut(p, "=")
		i := strings.Index(s[from:], text)
		if i < 0 {
			panic(fmt.Sprintf("phone %q not in %q", text, s))
		}
		i += from
		out = append(out, vigie.Entity{Kind: vigie.KindPhone, Value: v, Text: text, Start: i, End: i + len(text)})
		from = i + len(text)
	}
	return out
}

// brief renders entities as "kind:value" for comparison.
func brief(es []vigie.Entity) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, string(e.Kind)+":"+e.Value)
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		phones []string
		want   []string
	}{
		// E-mails.
		{"plain email", "Contact: Anna.Smith@Example.COM.", nil, []string{"email:anna.smith@example.com"}},
		{"email in brackets", "(mail: x_y+z@sub.example.co.uk)", nil, []string{"email:x_y+z@sub.example.co.uk"}},
		{"en (at) (dot)", "write to anna (at) example (dot) com now", nil, []string{"email:anna@example.com"}},
		{"en [at] [dot]", "anna[at]example[dot]org", nil, []string{"email:anna@example.org"}},
		{"en at dot words", "anna at example dot com", nil, []string{"email:anna@example.com"}},
		{"en at plain dot refused", "look at example.com", nil, []string{"url:example.com"}},
		{"fr arobase", "écrivez à marie arobase exemple point fr", nil, []string{"email:marie@exemple.fr"}},
		{"fr arobase plain dots", "marie arobase exemple.fr", nil, []string{"email:marie@exemple.fr"}},
		{"nl apenstaartje", "mail naar jan apenstaartje voorbeeld punt nl", nil, []string{"email:jan@voorbeeld.nl"}},
		{"es arroba", "escribe a ana arroba ejemplo punto es", nil, []string{"email:ana@ejemplo.es"}},
		{"ro arond", "scrie la ion arond exemplu punct ro", nil, []string{"email:ion@exemplu.ro"}},
		{"spaced at and dot", "mail: anna @ gmail .com", nil, []string{"email:anna@gmail.com"}},
		{"spaced dot only", "anna@gmail .com", nil, []string{"email:anna@gmail.com"}},
		{"webmail without tld", "anna@gmail for info", nil, []string{"email:anna@gmail.com"}},
		{"full-width at", "anna＠example.com", nil, []string{"email:anna@example.com"}},
		{"mailto", "<a href=mailto:Jo@example.org>", nil, []string{"email:jo@example.org"}},
		{"email domain is not a url", "jo@example.org", nil, []string{"email:jo@example.org"}},
		{"two emails", "a@b.be, c@d.nl", nil, []string{"email:a@b.be", "email:c@d.nl"}},
		// URLs.
		{"http url trimmed", "see http://example.com/a_(b)).", nil, []string{"url:http://example.com/a_(b)"}},
		{"https query", "https://example.org/x?y=1&z=2#f, ok", nil, []string{"url:https://example.org/x?y=1&z=2#f"}},
		{"www url", "Visit WWW.Example.be!", nil, []string{"url:WWW.Example.be"}},
		{"bare url with path", "site: example.ro/anunturi/123.", nil, []string{"url:example.ro/anunturi/123"}},
		{"idn url", "http://bücher.de/x and президент.рф", nil, []string{"url:http://bücher.de/x", "url:президент.рф"}},
		{"arabic idn", "موقع.مصر", nil, []string{"url:موقع.مصر"}},
		{"www dot obfuscation", "www dot example dot com", nil, []string{"url:www.example.com"}},
		{"www glued obfuscation", "wwwdotexampledotcom", nil, []string{"url:www.example.com"}},
		{"www (.) obfuscation", "www(.)example(.)be", nil, []string{"url:www.example.be"}},
		{"ftp", "ftp://files.example.net/a.zip", nil, []string{"url:ftp://files.example.net/a.zip"}},
		// WhatsApp.
		{"wa.me link", "wa.me/32475123456", nil, []string{"url:wa.me/32475123456", "whatsapp:+32475123456"}},
		{"api.whatsapp.com link", "https://api.whatsapp.com/send?phone=32475123456&text=hi", nil,
			[]string{"url:https://api.whatsapp.com/send?phone=32475123456&text=hi", "whatsapp:+32475123456"}},
		{"whatsapp invite", "https://chat.whatsapp.com/AbCdEfGhIjKlMnOp", nil,
			[]string{"url:https://chat.whatsapp.com/AbCdEfGhIjKlMnOp", "whatsapp:chat.whatsapp.com/AbCdEfGhIjKlMnOp"}},
		{"whatsapp colon", "WhatsApp: +32 475 12 34 56", []string{"+32 475 12 34 56=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"WA abbreviation", "WA 0475 12 34 56", []string{"0475 12 34 56=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"whatsapp me on", "whatsapp me on 0475123456", []string{"0475123456=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"number then (WhatsApp)", "+32475123456 (WhatsApp)", []string{"+32475123456=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"whatsapp misspelt", "watsap 0475123456", []string{"0475123456=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"whatsap misspelt", "whatsap: 0475123456", []string{"0475123456=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"arabic whatsapp", "واتساب ٠٤٧٥١٢٣٤٥٦", []string{"٠٤٧٥١٢٣٤٥٦=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"arabic watts", "تواصل عبر الواتس 0475123456", []string{"0475123456=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"whatsapp and viber", "WhatsApp/Viber: 0475123456", []string{"0475123456=+32475123456"},
			[]string{"whatsapp:+32475123456", "viber:+32475123456"}},
		{"fr whatsapp ou", "appelez ou whatsapp au 0475123456", []string{"0475123456=+32475123456"}, []string{"whatsapp:+32475123456"}},
		{"ro whatsapp", "Sunati pe WhatsApp la 0722123456", []string{"0722123456=+40722123456"}, []string{"whatsapp:+40722123456"}},
		{"whatsapp too far", "whatsapp is the best app ever made for chatting 0475123456", []string{"0475123456=+32475123456"}, nil},
		{"two numbers after whatsapp", "WhatsApp: 0475123456 / 0476123456",
			[]string{"0475123456=+32475123456", "0476123456=+32476123456"},
			[]string{"whatsapp:+32475123456", "whatsapp:+32476123456"}},
		// Telegram.
		{"t.me link", "t.me/Some_User", nil, []string{"url:t.me/Some_User", "telegram:some_user"}},
		{"telegram.me link", "https://telegram.me/someuser", nil, []string{"url:https://telegram.me/someuser", "telegram:someuser"}},
		{"telegram invite", "t.me/+AbCdEfGhIjKl", nil, []string{"url:t.me/+AbCdEfGhIjKl", "telegram:t.me/+AbCdEfGhIjKl"}},
		{"telegram colon at", "Telegram: @Night_Owl", nil, []string{"telegram:night_owl"}},
		{"tg at", "TG @night_owl", nil, []string{"telegram:night_owl"}},
		{"arabic telegram", "تلغرام @night_owl", nil, []string{"telegram:night_owl"}},
		{"arabic telegram 2", "تيليجرام: @night_owl", nil, []string{"telegram:night_owl"}},
		{"telegram name too short", "Telegram: @abc", nil, nil},
		{"telegram reserved path", "t.me/joinchat", nil, []string{"url:t.me/joinchat"}},
		// Viber, Signal, Skype.
		{"viber link", "viber://chat?number=%2B32475123456", nil, []string{"viber:+32475123456"}},
		{"viber add link", "viber://add?number=32475123456", nil, []string{"viber:+32475123456"}},
		{"viber word", "Viber 0475123456", []string{"0475123456=+32475123456"}, []string{"viber:+32475123456"}},
		{"arabic viber", "فايبر 0475123456", []string{"0475123456=+32475123456"}, []string{"viber:+32475123456"}},
		{"signal link", "https://signal.me/#p/+32475123456", nil,
			[]string{"url:https://signal.me/#p/+32475123456", "signal:+32475123456"}},
		{"signal word", "Signal: +32475123456", []string{"+32475123456=+32475123456"}, []string{"signal:+32475123456"}},
		{"signal without number", "no signal here", nil, nil},
		{"skype link", "skype:john.doe.77?call", nil, []string{"skype:john.doe.77"}},
		{"skype word", "Skype: John.Doe77", nil, []string{"skype:john.doe77"}},
		{"skype live cid", "add me live:.cid.5f3a2b1c0d9e8f7a", nil, []string{"skype:live:.cid.5f3a2b1c0d9e8f7a"}},
		{"skype word live cid", "Skype: live:.cid.5f3a2b1c0d9e8f7a", nil, []string{"skype:live:.cid.5f3a2b1c0d9e8f7a"}},
		// Snapchat, Instagram, Facebook, TikTok.
		{"snapchat link", "snapchat.com/add/sweet-kate", nil, []string{"url:snapchat.com/add/sweet-kate", "snapchat:sweet-kate"}},
		{"snap colon", "snap: Sweet_Kate", nil, []string{"snapchat:sweet_kate"}},
		{"sc colon", "sc: sweetkate", nil, []string{"snapchat:sweetkate"}},
		{"instagram link", "https://www.instagram.com/Anna.Belle/", nil,
			[]string{"url:https://www.instagram.com/Anna.Belle/", "instagram:anna.belle"}},
		{"instagr.am link", "instagr.am/anna_b", nil, []string{"url:instagr.am/anna_b", "instagram:anna_b"}},
		{"insta at", "insta: @Anna.Belle", nil, []string{"instagram:anna.belle"}},
		{"IG colon", "IG: anna.belle", nil, []string{"instagram:anna.belle"}},
		{"instagram post is not an account", "instagram.com/p/Bx1", nil, []string{"url:instagram.com/p/Bx1"}},
		{"facebook link", "facebook.com/john.smith.5", nil, []string{"url:facebook.com/john.smith.5", "facebook:john.smith.5"}},
		{"facebook profile id", "https://www.facebook.com/profile.php?id=100012345678901", nil,
			[]string{"url:https://www.facebook.com/profile.php?id=100012345678901", "facebook:100012345678901"}},
		{"fb.me link", "fb.me/johnsmith", nil, []string{"url:fb.me/johnsmith", "facebook:johnsmith"}},
		{"m.me link", "m.me/johnsmith", nil, []string{"url:m.me/johnsmith", "facebook:johnsmith"}},
		{"FB colon", "FB: johnsmith", nil, []string{"facebook:johnsmith"}},
		{"tiktok link", "https://www.tiktok.com/@dance.girl", nil, []string{"url:https://www.tiktok.com/@dance.girl", "tiktok:dance.girl"}},
		{"tiktok at", "tiktok @dance.girl", nil, []string{"tiktok:dance.girl"}},
		// IBANs and wallets.
		{"iban grouped", "IBAN: BE71 0961 2345 6769.", nil, []string{"iban:BE71096123456769"}},
		{"iban compact", "FR1420041010050500013M02606", nil, []string{"iban:FR1420041010050500013M02606"}},
		{"iban lower case", "gb82 west 1234 5698 7654 32", nil, []string{"iban:GB82WEST12345698765432"}},
		{"iban bad check", "BE71 0961 2345 6768", nil, nil},
		{"iban mixed case", "GB82 West 1234 5698 7654 32", nil, nil},
		{"iban letters in numeric bban", "BE01 0961 2345 67X9", nil, nil},
		{"iban wrong length", "BE71 0961 2345 676", nil, nil},
		{"bitcoin p2pkh", "BTC: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", nil, []string{"crypto_wallet:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}},
		{"bitcoin p2sh", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", nil, []string{"crypto_wallet:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"}},
		{"bitcoin bad check", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", nil, nil},
		{"bech32", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", nil, []string{"crypto_wallet:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"}},
		{"bech32 upper", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", nil, []string{"crypto_wallet:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"}},
		{"bech32m taproot", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", nil,
			[]string{"crypto_wallet:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"}},
		{"bech32 bad check", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", nil, nil},
		{"bech32 v0 with bech32m", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4x", nil, nil},
		{"ethereum eip55", "ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", nil,
			[]string{"crypto_wallet:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}},
		{"ethereum lower", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", nil,
			[]string{"crypto_wallet:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}},
		{"ethereum bad eip55", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", nil, nil},
		{"tron", "USDT TRC20: " + tronExample, nil, []string{"crypto_wallet:" + tronExample}},
		// Negatives.
		{"at time", "dispo @ 10h", nil, nil},
		{"lonely contact@", "contact@ me", nil, nil},
		{"version string", "v1.2.3 and 1.2.3.4", nil, nil},
		{"file name", "photo.jpg image.png doc.pdf", nil, nil},
		{"decimal", "3.50 EUR or 12.5", nil, nil},
		{"plain mention", "follow @annabelle", nil, nil},
		{"sentence without space", "I am here.It is late", nil, nil},
		{"hashtag domain", "#test.com $ex.com", nil, nil},
		{"bare at name", "@night_owl", nil, nil},
		{"insta without separator", "insta story today", nil, nil},
		{"email local not url", "john.doe.gov@mail.com", nil, []string{"email:john.doe.gov@mail.com"}},
		{"invalid scheme host", "http://-example.com", nil, nil},
		{"word wa", "I wait 0475123456", []string{"0475123456=+32475123456"}, nil},
		{"empty", "", nil, nil},
		{"es whatsapp al", "Escríbeme al WhatsApp 612 345 678", []string{"612 345 678=+34612345678"}, []string{"whatsapp:+34612345678"}},
		{"es guasap", "mándame un guasap: 612345678", []string{"612345678=+34612345678"}, []string{"whatsapp:+34612345678"}},
		{"nl whatsapp op", "Stuur een bericht via WhatsApp op 06 12345678", []string{"06 12345678=+31612345678"}, []string{"whatsapp:+31612345678"}},
		{"ro telegram", "Scrie-mi pe Telegram: @nume_bun", nil, []string{"telegram:nume_bun"}},
		{"fr snap", "Ajoute-moi sur snap : jolie.fille", nil, []string{"snapchat:jolie.fille"}},
		{"ar instagram", "حسابي انستغرام: @sara.b", nil, []string{"instagram:sara.b"}},
		{"sc time is not a name", "sc: 10h", nil, nil},
		{"telegram then email", "Telegram: anna@example.com", nil, []string{"email:anna@example.com"}},
		{"nl obfuscated www", "kijk op www punt voorbeeld punt nl", nil, []string{"url:www.voorbeeld.nl"}},
		{"capital tld after a word", "very discrete.NO rush, Philadelphia.PA", nil, nil},
		{"title tld with port", "at this time.Me:5", nil, nil},
		{"glued www", "Escortwww.example.com", nil, []string{"url:www.example.com"}},
		{"platform list", "Telegram - WhatsApp", nil, nil},
		{"oh snap", "oh snap - fast", nil, nil},
		{"url in json", `{"u":"https://instagram.com/anna_b/","v":1}`, nil,
			[]string{"url:https://instagram.com/anna_b/", "instagram:anna_b"}},
		{"url in href", `<a href="http://example.com/x">`, nil, []string{"url:http://example.com/x"}},
		{"shouting domain", "VISIT EXAMPLE.COM", nil, []string{"url:EXAMPLE.COM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := normalize.Fold(tt.in)
			got := Find(f, phonesOf(tt.in, tt.phones))
			checkSpans(t, tt.in, got)
			if b := brief(got); !slices.Equal(b, tt.want) && !(len(b) == 0 && len(tt.want) == 0) {
				t.Errorf("Find(%q) = %v; want %v", tt.in, b, tt.want)
			}
		})
	}
}

// tronExample is a Tron address built from a fixed 20-byte payload by
// base58Check, so that the test does not depend on a real account.
var tronExample = base58Check(0x41, []byte("vigie-test-payload!!"))

// base58Check encodes version+payload with its checksum, for tests.
func base58Check(version byte, payload []byte) string {
	b := append([]byte{version}, payload...)
	h := sha256Twice(b)
	b = append(b, h[:4]...)
	zeros := 0
	for zeros < len(b) && b[zeros] == 0 {
		zeros++
	}
	num := append([]byte(nil), b...)
	var out []byte
	for len(num) > 0 {
		var q []byte
		r := 0
		for _, d := range num {
			acc := r*256 + int(d)
			if qd := acc / 58; len(q) > 0 || qd > 0 {
				q = append(q, byte(qd))
			}
			r = acc % 58
		}
		out = append(out, base58Alphabet[r])
		num = q
	}
	for range zeros {
		out = append(out, '1')
	}
	slices.Reverse(out)
	return string(out)
}

// checkSpans checks the entity contract: spans inside the input, Text the
// original bytes, entities in order of Start, values well-formed.
func checkSpans(t *testing.T, in string, es []vigie.Entity) {
	t.Helper()
	prev := 0
	for _, e := range es {
		if e.Start < 0 || e.End > len(in) || e.Start > e.End {
			t.Fatalf("Find(%q): %v: span outside the input", in, e)
		}
		if in[e.Start:e.End] != e.Text {
			t.Fatalf("Find(%q): %v: Text is not input[Start:End] = %q", in, e, in[e.Start:e.End])
		}
		if e.Start < prev {
			t.Fatalf("Find(%q): entities not in order of Start", in)
		}
		prev = e.Start
		if err := checkValue(e); err != nil {
			t.Fatalf("Find(%q): %v: %v", in, e, err)
		}
	}
}

// checkValue checks that a value is well-formed for its kind.
func checkValue(e vigie.Entity) error {
	v := e.Value
	if v == "" || !utf8.ValidString(v) {
		return fmt.Errorf("empty or invalid value")
	}
	switch e.Kind {
	case vigie.KindEmail:
		at := strings.IndexByte(v, '@')
		if at <= 0 || at == len(v)-1 || strings.ToLower(v) != v || strings.ContainsAny(v, " \t\n") {
			return fmt.Errorf("bad e-mail value")
		}
	case vigie.KindURL:
		if strings.ContainsAny(v, " \t\n") {
			return fmt.Errorf("bad URL value")
		}
	case vigie.KindIBAN:
		if !ValidIBAN(v) {
			return fmt.Errorf("IBAN value does not re-validate")
		}
	case vigie.KindCryptoWallet:
		if !ValidWallet(v) || v != e.Text {
			return fmt.Errorf("wallet value does not re-validate")
		}
	case vigie.KindWhatsApp, vigie.KindViber, vigie.KindSignal:
		if !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "chat.whatsapp.com/") {
			return fmt.Errorf("phone handle not E.164")
		}
	case vigie.KindTelegram:
		if !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "t.me/+") && !validUsername(e.Kind, v) {
			return fmt.Errorf("bad telegram value")
		}
	case vigie.KindSkype, vigie.KindSnapchat, vigie.KindInstagram, vigie.KindFacebook, vigie.KindTikTok:
		if !validUsername(e.Kind, v) {
			return fmt.Errorf("bad user name")
		}
	default:
		return fmt.Errorf("unexpected kind")
	}
	return nil
}

func TestKeccak256(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
		{"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
		{strings.Repeat("a", 200), ""},
	}
	for _, tt := range tests {
		got := fmt.Sprintf("%x", keccak256([]byte(tt.in)))
		if tt.want != "" && got != tt.want {
			t.Errorf("keccak256(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"BE71096123456769", true},
		{"GB82WEST12345698765432", true},
		{"DE89370400440532013000", true},
		{"NL91ABNA0417164300", true},
		{"RO49AAAA1B31007593840000", true},
		{"ES9121000418450200051332", true},
		{"BE71096123456768", false},
		{"XX71096123456769", false},
		{"BE7109612345676", false},
		{"be71096123456769", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidIBAN(tt.in); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"@user hi", []string{"user"}},
		{"mail a@b.com", nil},
		{"RT @x RT@y", []string{"x", "y"}},
		{"@toolongusername123", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range mentions(tt.in) {
			got = append(got, tt.in[m.s:m.e])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("mentions(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}
