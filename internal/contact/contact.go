// Package contact extracts the contact points of a post: e-mail addresses
// (plain and obfuscated), URLs, messaging handles (WhatsApp, Telegram,
// Viber, Signal, Skype, Snapchat, Instagram, Facebook, TikTok), IBANs and
// crypto-currency wallets.
//
// It is a pure stage: no I/O and no mutable global state; every function is
// safe for concurrent use. No regular expression is used: each finder is a
// hand-written scanner started by a cheap byte search ('@', "://", '.',
// "www", platform words, digits).
//
// Policies, decided for investigators reading posts:
//   - E-mails: unquoted local parts only; quoted local parts, comments and
//     IP-literal domains are refused (nobody writes them in an ad, and they
//     make false positives). The domain needs two labels and a TLD of the
//     embedded list (or punycode), except "name@gmail" and similar web-mail
//     names written without a TLD, which get ".com" (the provider's
//     dominant domain; verify it).
//     Obfuscated forms ("name (at) example (dot) com", "arobase",
//     "apenstaartje", "name at example dot com") need a TLD of the embedded
//     list. Values are lower-case and come from the folded view, so they
//     lose diacritics ("josé@" -> "jose@"). A "mailto:" prefix is kept in
//     the span (Text), not in the value.
//   - URLs: http, https and ftp URLs accept any alphabetic TLD, IPv4 hosts
//     and localhost; scheme-less ones need a TLD of the embedded list, and
//     are not taken from e-mail domains, file paths, hashtags or cash tags,
//     nor from a full stop missing its space ("here.It", "days.so you",
//     "discrete.NO"): a TLD that is also a short word needs no word after
//     it on the same line.
//     The value is the URL as written, trimmed, except for obfuscated
//     "www dot example dot com", rebuilt as "www.example.com".
//   - Handles: user names are lower-case without '@'. Phone-based handles
//     (WhatsApp, Viber, Signal) carry the E.164 number; their span is the
//     number's. A chat.whatsapp.com invite is "chat.whatsapp.com/<code>" and
//     a Telegram invite "t.me/+<code>", codes kept as written (they are
//     case-sensitive); t.me/+<number> gives a telegram handle valued in
//     E.164. A number in a link (wa.me, api.whatsapp.com,
//     viber://, signal.me, t.me/+…) must be a valid number for
//     libphonenumber, or only the URL is reported. A bare "@name" without a
//     platform word is not a handle.
//   - IBANs: compact upper-case, length per country, mod-97 valid only.
//   - Wallets: as written, checksum-valid only.
package contact

import (
	"cmp"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/vigie"
)

// Find returns the email, url, whatsapp, telegram, viber, signal, skype,
// snapchat, instagram, facebook, tiktok, iban and crypto_wallet entities of
// the text, in order of Start. fold is normalize.Fold(orig) (fold.Orig is
// the original); phones are the phone entities already found in the same
// text (Value E.164), used to attach phone-based handles.
func Find(fold *normalize.Text, phones []vigie.Entity) []vigie.Entity {
	if fold == nil {
		return nil
	}
	var out []vigie.Entity
	// The claimed bytes of most posts fit a set on the stack.
	var small [32]uint64
	claimed := newSpansIn(small[:], len(fold.Norm))
	var colonBuf [32]int
	cs := appendColons(colonBuf[:0], fold.Norm)
	urls := findSchemeURLs(fold, &claimed, cs)
	ascii := isASCII(fold.Norm)
	var candBuf [32]int
	cands := normCandidates(candBuf[:0], fold, ascii)
	emails := findObfuscatedEmails(fold, &claimed, cands)
	emails = append(emails, findEmails(fold, &claimed)...)
	obf := findObfuscatedURLs(fold, claimed)
	for _, u := range obf {
		claimed.add(span{u.s, u.e})
	}
	urls = append(urls, obf...)
	if len(phones) > 1 && !sort.SliceIsSorted(phones, func(i, j int) bool { return phones[i].Start < phones[j].Start }) {
		phones = append([]vigie.Entity(nil), phones...)
		sort.Slice(phones, func(i, j int) bool { return phones[i].Start < phones[j].Start })
	}
	// Handles announced by a platform word come before scheme-less URLs so
	// that "IG: anna.belle" stays a user name.
	handles := findHandles(fold, phones, claimed, cands, ascii, cs)
	for _, h := range handles {
		if !phoneKind(h.Kind) {
			claimed.add(span{h.normS, h.normE})
		}
	}
	urls = append(urls, findBareURLs(fold, claimed)...)
	for _, m := range emails {
		out = append(out, entity(fold, vigie.KindEmail, m.value, m.s, m.e))
	}
	orig := fold.OrigText
	for _, u := range urls {
		e := entity(fold, vigie.KindURL, u.value, u.s, u.e)
		if u.value == "" {
			e.Value = e.Text
		}
		out = append(out, e)
		if k, v, ok := linkHandle(u, orig); ok {
			out = append(out, vigie.Entity{Kind: k, Value: v, Text: e.Text, Start: e.Start, End: e.End})
		}
	}
	out = append(out, findViberLinks(fold, cs)...)
	out = append(out, findSkypeLinks(fold, cs)...)
	for _, h := range handles {
		out = append(out, h.Entity)
	}
	out = append(out, findIBANsAndWallets(fold.Orig)...)
	return dedupe(out)
}

// entity builds an entity from a Norm range. Fold drops combining marks
// and joiners, so marks that end the match in the original (a virama
// ending an Indic TLD) are taken back into the span, and invisible format
// characters that Fold attaches to the last byte are left out.
func entity(t *normalize.Text, k vigie.EntityKind, v string, s, e int) vigie.Entity {
	os, oe := t.Span(s, e)
	for oe < len(t.Orig) && t.Orig[oe] >= utf8.RuneSelf {
		r, w := utf8.DecodeRuneInString(t.Orig[oe:])
		if !unicode.IsMark(r) && r != '\u200c' && r != '\u200d' {
			break
		}
		oe += w
	}
	// Invisible format characters (bidi controls, BOM) after the match
	// are not evidence.
	for oe > os {
		r, w := utf8.DecodeLastRuneInString(t.Orig[os:oe])
		if !unicode.Is(unicode.Cf, r) || r == '\u200c' || r == '\u200d' {
			break
		}
		oe -= w
	}
	return vigie.Entity{Kind: k, Value: v, Text: t.Orig[os:oe], Start: os, End: oe}
}

// dedupe sorts the entities by Start and drops an entity of the same kind
// and value as another that contains it ("skype:name" found as a link and
// after the word "skype").
func dedupe(es []vigie.Entity) []vigie.Entity {
	slices.SortStableFunc(es, func(a, b vigie.Entity) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(b.End, a.End)
	})
	out := es[:0]
	for _, e := range es {
		dup := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-8; k-- {
			o := out[k]
			if o.Kind == e.Kind && o.Value == e.Value && o.Start <= e.Start && e.End <= o.End {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}
