package contact

import (
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// fuzzSeeds are the inputs of the table tests plus hostile shapes.
var fuzzSeeds = []string{
	"Contact: Anna.Smith@Example.COM.", "anna (at) example (dot) com", "marie arobase exemple point fr",
	"http://example.com/a_(b)).", "www dot example dot com", "wwwdotexampledotcom", "президент.рф",
	"wa.me/32475123456", "https://api.whatsapp.com/send?phone=32475123456", "t.me/+AbCdEfGhIjKl",
	"Telegram: @night_owl", "واتساب ٠٤٧٥١٢٣٤٥٦", "viber://chat?number=%2B32475123456", "skype:john.doe?call",
	"live:.cid.5f3a2b1c", "IBAN: BE71 0961 2345 6769.", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
	"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"\xff\xfe@\x00.com", "@@@...:::///", "a@b", "http://", "www.", "..com", "x@" + strings.Repeat("a.", 200) + "com",
	"ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ", "a\u0301@b\u0301.com", "WhatsApp: +32 475 12 34 56",
}

// fakePhones marks every run of 9+ digits as a phone, so the fuzzer also
// exercises the phone-handle code.
func fakePhones(s string) []vigie.Entity {
	var out []vigie.Entity
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i >= 9 {
			out = append(out, vigie.Entity{Kind: vigie.KindPhone, Value: "+" + s[i:j], Text: s[i:j], Start: i, End: j})
		}
		i = j
	}
	return out
}

func FuzzFind(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSpans(t, s, Find(normalize.Fold(s), fakePhones(s)))
	})
}

// fuzzFinder runs one finder's invariants: spans inside the input, Text the
// original bytes, values well-formed.
func fuzzFinder(f *testing.F, kinds ...vigie.EntityKind) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var es []vigie.Entity
		for _, e := range Find(normalize.Fold(s), fakePhones(s)) {
			for _, k := range kinds {
				if e.Kind == k {
					es = append(es, e)
				}
			}
		}
		checkSpans(t, s, es)
	})
}

func FuzzEmails(f *testing.F) { fuzzFinder(f, vigie.KindEmail) }

func FuzzURLs(f *testing.F) { fuzzFinder(f, vigie.KindURL) }

func FuzzHandles(f *testing.F) {
	fuzzFinder(f, vigie.KindWhatsApp, vigie.KindTelegram, vigie.KindViber, vigie.KindSignal, vigie.KindSkype,
		vigie.KindSnapchat, vigie.KindInstagram, vigie.KindFacebook, vigie.KindTikTok)
}

func FuzzIBAN(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es := findIBANsAndWallets(s)
		checkSpans(t, s, es)
		for _, e := range es {
			if e.Kind != vigie.KindIBAN {
				continue
			}
			compact := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(e.Text))
			if compact != e.Value {
				t.Fatalf("findIBANs(%q): value %q is not the compact text %q", s, e.Value, compact)
			}
		}
		_ = ValidIBAN(s)
	})
}

func FuzzWallets(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSpans(t, s, findIBANsAndWallets(s))
		_ = ValidWallet(s)
	})
}

// adTexts returns the texts of the Memex ads test set.
func adTexts(tb testing.TB) []string {
	r := csv.NewReader(strings.NewReader(string(sharedtest.Read(tb, "memex-ads-classifier/testing.csv"))))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, row := range rows[1:] {
		if len(row) >= 2 && utf8.ValidString(row[1]) {
			out = append(out, row[1])
		}
	}
	return out
}

// TestMemexAds runs Find on real ads: the contract holds on every entity,
// and the counts are plausible (escort ads carry e-mails and URLs, almost
// never IBANs or wallets). Identifiers are never printed.
func TestMemexAds(t *testing.T) {
	texts := adTexts(t)
	counts := map[vigie.EntityKind]int{}
	for _, s := range texts {
		es := Find(normalize.Fold(s), nil)
		checkSpans(t, s, es)
		for _, e := range es {
			counts[e.Kind]++
		}
	}
	t.Logf("memex testing.csv: %d ads, entities per kind %v", len(texts), counts)
	if len(texts) < 600 {
		t.Fatalf("read %d ads; want about 695", len(texts))
	}
	if counts[vigie.KindEmail] == 0 || counts[vigie.KindURL] == 0 {
		t.Errorf("no e-mail or URL in %d real ads: %v", len(texts), counts)
	}
	if counts[vigie.KindIBAN] > 0 || counts[vigie.KindCryptoWallet] > 0 {
		t.Errorf("IBANs or wallets found in 2015 US escort ads (false positives?): %v", counts)
	}
}

// TestConcurrentFind runs Find from several goroutines on the same inputs;
// with -race it checks that the package holds no mutable shared state.
func TestConcurrentFind(t *testing.T) {
	texts := fuzzSeeds
	want := make([][]vigie.Entity, len(texts))
	for i, s := range texts {
		want[i] = Find(normalize.Fold(s), fakePhones(s))
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for i, s := range texts {
				if got := Find(normalize.Fold(s), fakePhones(s)); len(got) != len(want[i]) {
					t.Errorf("Find(%q) gave %d entities concurrently; want %d", s, len(got), len(want[i]))
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

func BenchmarkFind(b *testing.B) {
	texts := adTexts(b)
	folded := make([]*normalize.Text, len(texts))
	n := 0
	for i, s := range texts {
		folded[i] = normalize.Fold(s)
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range folded {
			Find(f, nil)
		}
	}
}

func BenchmarkFoldAndFind(b *testing.B) {
	texts := adTexts(b)
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, s := range texts {
			Find(normalize.Fold(s), nil)
		}
	}
}

// TestSmishingWeakLabels compares, message by message, whether Find sees a
// URL or an e-mail address with the annotators' flags of the smishing
// corpus. The flags are noisy (SOURCE.md), so the floors are on precision
// and recall, and disagreements are counted, not listed.
func TestSmishingWeakLabels(t *testing.T) {
	r := csv.NewReader(strings.NewReader(string(sharedtest.Read(t, "smishing-dataset-5971/Dataset_5971.csv"))))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type conf struct{ tp, fp, fn int }
	var url, mail conf
	count := func(c *conf, got bool, label string) {
		want := strings.EqualFold(label, "yes")
		switch {
		case got && want:
			c.tp++
		case got:
			c.fp++
		case want:
			c.fn++
		}
	}
	for _, row := range rows[1:] {
		if len(row) < 4 {
			continue
		}
		es := Find(normalize.Fold(row[1]), nil)
		checkSpans(t, row[1], es)
		var u, m bool
		for _, e := range es {
			u = u || e.Kind == vigie.KindURL
			m = m || e.Kind == vigie.KindEmail
		}
		count(&url, u, row[2])
		count(&mail, m, row[3])
	}
	prec := func(c conf) float64 { return float64(c.tp) / float64(c.tp+c.fp) }
	rec := func(c conf) float64 { return float64(c.tp) / float64(c.tp+c.fn) }
	t.Logf("smishing %d messages: URL tp=%d fp=%d fn=%d precision %.2f recall %.2f; e-mail tp=%d fp=%d fn=%d precision %.2f recall %.2f",
		len(rows)-1, url.tp, url.fp, url.fn, prec(url), rec(url), mail.tp, mail.fp, mail.fn, prec(mail), rec(mail))
	if prec(url) < urlPrecisionFloor || rec(url) < urlRecallFloor || prec(mail) < mailPrecisionFloor || rec(mail) < mailRecallFloor {
		t.Errorf("smishing weak-label agreement below the floors (URL P>=%.2f R>=%.2f, e-mail P>=%.2f R>=%.2f)",
			urlPrecisionFloor, urlRecallFloor, mailPrecisionFloor, mailRecallFloor)
	}
}

// Floors measured on the smishing corpus's noisy flags; most remaining URL
// "misses" are flagged messages whose link is broken by spaces ("http://img.
// sms.") or written without a dot, and most "false positives" are real
// domains the annotators did not flag (see SOURCE.md).
const (
	urlPrecisionFloor  = 0.78
	urlRecallFloor     = 0.83
	mailPrecisionFloor = 0.75
	mailRecallFloor    = 0.85
)
