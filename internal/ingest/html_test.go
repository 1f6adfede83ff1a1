package ingest

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// readHTMLAll reads every record of a page.
func readHTMLAll(t testing.TB, data []byte, opts HTMLOptions) ([]Record, HTMLStats) {
	t.Helper()
	var st HTMLStats
	opts.Stats = &st
	var out []Record
	if err := ReadHTML(bytes.NewReader(data), "blob", opts, func(r Record) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out, st
}

// An invented article: one document, its title first, scripts, styles,
// navigation lists and the like not split into ads.
const htmlArticle = `<!DOCTYPE html><html lang="fr-BE"><head>
<meta charset="utf-8"><title>Passage  vers
 l'Italie</title><link rel="canonical" href="/news/42">
<style>body { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/news">Actualités</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<article><h1>Un   titre</h1><p>Premier paragraphe,<br>deuxième ligne&nbsp;&amp; fin.</p>
<p>Prix : 2&#8239;500 € <img src="x.jpg" alt="photo du bateau"> par personne.</p>
<noscript>Activez JavaScript</noscript><template><p>modèle</p></template><svg><title>icône</title><text>svg</text></svg>
<table><tr><td>Départ</td><td>Zuwara</td></tr><tr><td>Arrivée</td><td>Lampedusa</td></tr></table>
<pre>ligne 1
ligne   2</pre></article></body></html>`

func TestReadHTMLArticle(t *testing.T) {
	recs, st := readHTMLAll(t, []byte(htmlArticle), HTMLOptions{ContentType: "text/html"})
	if len(recs) != 1 || recs[0].Err != nil || recs[0].Where != "page" {
		t.Fatalf("ReadHTML(article) = %+v; want one page", recs)
	}
	d := recs[0].Doc
	want := "Passage vers l'Italie\n\nAccueil\nActualités\nContact\nUn titre\nPremier paragraphe,\ndeuxième ligne & fin.\n" +
		"Prix : 2 500 € par personne.\nDépart Zuwara\nArrivée Lampedusa\nligne 1\nligne 2"
	if d.Text != want {
		t.Errorf("article text =\n%s\nwant\n%s", d.Text, want)
	}
	if d.URL != "/news/42" || d.ID != d.URL || d.Lang != "fr" {
		t.Errorf("article URL, ID, lang = %q %q %q; want the canonical link, fr", d.URL, d.ID, d.Lang)
	}
	if o := d.Origin; o.Blob != "blob" || o.Offset != 0 || o.Length != int64(len(htmlArticle)) || o.Record != "page" {
		t.Errorf("article origin = %+v; want the whole blob", o)
	}
	if st.Charset != "utf-8" || st.Ads != 0 || st.Replaced != 0 {
		t.Errorf("stats = %+v", st)
	}
	// The URL it was fetched from wins; relative canonical links resolve.
	recs, _ = readHTMLAll(t, []byte(htmlArticle), HTMLOptions{URL: "https://example.org/a?b=1"})
	if got := recs[0].Doc.URL; got != "https://example.org/a?b=1" {
		t.Errorf("URL with opts.URL = %q", got)
	}
}

// An invented listing without JSON-LD, with relative links and a <base>.
const htmlListing = `<html><head><base href="https://ads.example/city/"><title>Offres</title></head><body>
<ul class="menu"><li><a href="/">Accueil</a></li><li><a href="/post">Publier</a></li><li><a href="/help">Aide</a></li></ul>
<div class="results">
<div class="result row-1"><a href="job/1001">Chauffeur poids lourd, logé nourri</a><p>Salaire 900 € par semaine, départ immédiat.</p><img src="/i/1.jpg"></div>
<div class="result row-2"><a href="job/1002">Serveuse pour bar de nuit</a><p>Pas besoin de papiers, on s'occupe du visa.</p></div>
<div class="result row-3"><a href="job/1003#top">Cueillette en Espagne</a><p>Transport payé, logement fourni sur place.</p></div>
</div><footer>© 2026</footer></body></html>`

func TestReadHTMLListing(t *testing.T) {
	recs, st := readHTMLAll(t, []byte(htmlListing), HTMLOptions{})
	if len(recs) != 3 || st.Ads != 3 {
		t.Fatalf("ReadHTML(listing) = %d records; want 3 ads: %+v", len(recs), recs)
	}
	for i, r := range recs {
		d := r.Doc
		wantURL := "https://ads.example/city/job/100" + string(rune('1'+i))
		if r.Where != "ad "+string(rune('1'+i)) || d.URL != wantURL || d.ID != wantURL || r.Err != nil {
			t.Errorf("ad %d = %s %q %v; want %s", i+1, r.Where, d.URL, r.Err, wantURL)
		}
		block := htmlListing[d.Origin.Offset : d.Origin.Offset+d.Origin.Length]
		if !strings.HasPrefix(block, `<div class="result`) || !strings.HasSuffix(block, "</div>") || d.Origin.Record != r.Where {
			t.Errorf("ad %d origin %q; want its <div>", i+1, block)
		}
	}
	if got := recs[0].Doc.Text; got != "Chauffeur poids lourd, logé nourri\nSalaire 900 € par semaine, départ immédiat." {
		t.Errorf("ad 1 text = %q", got)
	}
	if m := recs[0].Doc.Media; len(m) != 1 || m[0].URL != "https://ads.example/i/1.jpg" {
		t.Errorf("ad 1 media = %+v", m)
	}
}

func TestReadHTMLCharsets(t *testing.T) {
	// windows-1252 declared in a <meta http-equiv>: é is 0xE9, € is 0x80.
	cp := []byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>Caf\xe9 \x80 5</p></body></html>")
	recs, st := readHTMLAll(t, cp, HTMLOptions{})
	if recs[0].Doc.Text != "Café € 5" || st.Charset != "windows-1252" {
		t.Errorf("windows-1252 page = %q (%s); want %q", recs[0].Doc.Text, st.Charset, "Café € 5")
	}
	// The HTTP header wins over the <meta>.
	recs, st = readHTMLAll(t, cp, HTMLOptions{ContentType: "text/html; charset=ISO-8859-15"})
	if recs[0].Doc.Text != "Café \ufffd 5" || st.Charset != "iso-8859-15" {
		t.Errorf("page with HTTP charset = %q (%s); want ISO-8859-15, where 0x80 is undefined", recs[0].Doc.Text, st.Charset)
	}
	// Undeclared and invalid UTF-8: replaced and counted.
	recs, st = readHTMLAll(t, []byte("<p>ok \xff\xfe then \xc3</p>"), HTMLOptions{})
	if recs[0].Doc.Text != "ok \ufffd then \ufffd" || st.Replaced != 2 {
		t.Errorf("invalid UTF-8 page = %q, %d replaced; want 2 U+FFFD", recs[0].Doc.Text, st.Replaced)
	}
	// UTF-16BE with a byte order mark, as a listing: ads and their exact
	// origins in the original bytes.
	enc := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder()
	be, err := enc.Bytes([]byte(htmlListing))
	if err != nil {
		t.Fatal(err)
	}
	recs, st = readHTMLAll(t, be, HTMLOptions{})
	if st.Charset != "utf-16be" || len(recs) != 3 {
		t.Fatalf("UTF-16BE listing = %d records (%s); want 3 ads", len(recs), st.Charset)
	}
	want, _ := readHTMLAll(t, []byte(htmlListing), HTMLOptions{})
	for i, r := range recs {
		o, w := r.Doc.Origin, want[i].Doc.Origin
		got, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().Bytes(be[o.Offset : o.Offset+o.Length])
		if r.Doc.Text != want[i].Doc.Text || string(got) != htmlListing[w.Offset:w.Offset+w.Length] {
			t.Errorf("UTF-16BE ad %d = %q at %+v; want %q, its bytes those of %+v in UTF-8", i+1, r.Doc.Text, o, want[i].Doc.Text, w)
		}
	}
}

func TestReadHTMLBombs(t *testing.T) {
	t.Run("depth", func(t *testing.T) {
		const n = 100_000
		page := strings.Repeat("<div>", n) + "deep text" + strings.Repeat("</div>", n) + "<p>after</p>"
		start := time.Now()
		recs, st := readHTMLAll(t, []byte(page), HTMLOptions{})
		if len(recs) != 1 || recs[0].Doc.Text != "deep text\nafter" || !st.Flattened {
			t.Errorf("depth bomb = %+v, %+v; want one page with its text, flattened", recs, st)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("depth bomb took %v", d)
		}
	})
	t.Run("unclosed and stray tags", func(t *testing.T) {
		page := strings.Repeat("<span><p><li><a href=x>", 50_000) + strings.Repeat("</div></td>", 50_000)
		start := time.Now()
		recs, _ := readHTMLAll(t, []byte(page), HTMLOptions{})
		if len(recs) != 1 || recs[0].Err == nil {
			t.Errorf("tag soup = %+v; want a page without text", recs)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("tag soup took %v", d)
		}
	})
	t.Run("text", func(t *testing.T) {
		if testing.Short() {
			t.Skip("reads 40 MiB")
		}
		word := "bla bla "
		page := "<p>" + strings.Repeat(word, 5<<20) + "</p>"
		recs, st := readHTMLAll(t, []byte(page), HTMLOptions{})
		if len(recs) != 1 || len(recs[0].Doc.Text) > MaxHTMLText || len(recs[0].Doc.Text) < MaxHTMLText-8 || !st.Truncated {
			t.Errorf("text bomb gave %d records, %d bytes of text, %+v; want one page cut at MaxHTMLText", len(recs), len(recs[0].Doc.Text), st)
		}
	})
	t.Run("size", func(t *testing.T) {
		if testing.Short() {
			t.Skip("reads 64 MiB")
		}
		in := io.MultiReader(strings.NewReader("<p>"), io.LimitReader(csvRepeat('a'), MaxHTML))
		n := 0
		err := ReadHTML(in, "b", HTMLOptions{}, func(Record) error { n++; return nil })
		if err == nil || !strings.Contains(err.Error(), "page larger than 64 MiB") || n != 0 {
			t.Errorf("ReadHTML of MaxHTML+3 bytes = %v after %d records; want a refusal and nothing", err, n)
		}
	})
}

// bedpageLD returns the ad items of the JSON-LD scripts of a page (those
// with a path beyond the site's root), read with encoding/json.
func bedpageLD(t *testing.T, page string) []struct{ URL, Name, Description string } {
	t.Helper()
	var out []struct{ URL, Name, Description string }
	re := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		var it struct{ URL, Name, Description string }
		if err := json.Unmarshal([]byte(m[1]), &it); err != nil {
			t.Fatalf("JSON-LD: %v", err)
		}
		if strings.Count(it.URL, "/") > 3 {
			out = append(out, it)
		}
	}
	return out
}

// normText collapses white space and HTML entities, and drops the
// U+FFFD a cut character leaves at the end.
func normText(s string) string {
	return strings.TrimRight(strings.Join(strings.Fields(html.UnescapeString(strings.ToValidUTF8(s, "\ufffd"))), " "), "\ufffd ")
}

// TestReadHTMLBedpage reads real listing pages: every listing entry is an
// ad, the ten JSON-LD items are ten of them, exactly by URL, holding
// their description; each ad's origin is its own block.
func TestReadHTMLBedpage(t *testing.T) {
	const dir = "bedpage-nyc-listing-pages-2019/"
	utf16 := sharedtest.Read(t, dir+"nyc_bedpage_massage_listing.utf16le.txt")
	utf16AsUTF8, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(utf16)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]map[string]string{}
	for _, tc := range []struct {
		file    string
		data    []byte
		decoded string
		ads     int
	}{
		{"nyc_bedpage_massage_listing.html", nil, "", 171},
		{"nyc_bedpage_listing_update.html", nil, "", 178},
		{"nyc_bedpage_massage_listing.utf16le.txt", utf16, string(utf16AsUTF8), 171},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if tc.data == nil {
				tc.data = sharedtest.Read(t, dir+tc.file)
				tc.decoded = string(tc.data)
			}
			recs, st := readHTMLAll(t, tc.data, HTMLOptions{})
			if n := strings.Count(tc.decoded, `<div class="cat ad-`); len(recs) != tc.ads || n != tc.ads || st.Ads != tc.ads {
				t.Fatalf("%s: %d ads, %d listing entries; want %d", tc.file, len(recs), n, tc.ads)
			}
			ads := map[string]string{}
			for _, r := range recs {
				d := r.Doc
				if r.Err != nil || d.Text == "" || !utf8.ValidString(d.Text) || d.ID != d.URL {
					t.Errorf("%s: %v, text valid %v", r.Where, r.Err, utf8.ValidString(d.Text))
				}
				if _, dup := ads[d.URL]; dup {
					t.Errorf("%s: URL of another ad too", r.Where)
				}
				ads[d.URL] = d.Text
				// The origin is this ad's block, in the original bytes.
				o := d.Origin
				block := tc.data[o.Offset : o.Offset+o.Length]
				if tc.data[0] == 0xff {
					block, _ = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Bytes(block)
				}
				id := d.URL[strings.LastIndexByte(d.URL, '/')+1:]
				if !bytes.HasPrefix(block, []byte(`<div class="cat ad-`+id+`">`)) || !bytes.HasSuffix(block, []byte("</div>")) {
					t.Errorf("%s: origin %+v holds %.60q; want the block of ad %s", r.Where, o, block, id)
				}
			}
			items := bedpageLD(t, tc.decoded)
			if len(items) != 10 {
				t.Fatalf("%s: %d JSON-LD ads; want 10", tc.file, len(items))
			}
			for _, it := range items {
				text, ok := ads[it.URL]
				if !ok {
					t.Errorf("%s: JSON-LD ad %s is not an ad's URL", tc.file, it.URL)
					continue
				}
				// The description (at most ~200 bytes of the body) is
				// in the ad's text, as the block shows only the title.
				if !strings.Contains(normText(text), normText(it.Description)) {
					t.Errorf("%s: ad %s text does not hold its JSON-LD description", tc.file, it.URL)
				}
			}
			byURL[tc.file] = ads
		})
	}
	// The UTF-16LE file is another snapshot of the listing than the UTF-8
	// one (SOURCE.md says the same page; their JSON-LD ads differ), but
	// the ads both show read alike, and it reads as its UTF-8 transcoding.
	a, u := byURL["nyc_bedpage_massage_listing.html"], byURL["nyc_bedpage_massage_listing.utf16le.txt"]
	common := 0
	for url, text := range a {
		if w, ok := u[url]; ok {
			common++
			if w != text {
				t.Errorf("ad %s reads differently from UTF-16LE and UTF-8", url)
			}
		}
	}
	if common < 100 {
		t.Errorf("%d ads common to the UTF-8 and UTF-16LE snapshots; want over 100", common)
	}
	recs, _ := readHTMLAll(t, utf16AsUTF8, HTMLOptions{})
	for _, r := range recs {
		if u[r.Doc.URL] != r.Doc.Text {
			t.Errorf("%s of the transcoded page differs from the UTF-16LE read", r.Where)
		}
	}
	// Without its JSON-LD, the page splits into the same listing entries.
	page := sharedtest.Read(t, dir+"nyc_bedpage_massage_listing.html")
	stripped := regexp.MustCompile(`(?s)<script type="application/ld\+json">.*?</script>`).ReplaceAll(page, nil)
	if recs, _ := readHTMLAll(t, stripped, HTMLOptions{}); len(recs) != 171 {
		t.Errorf("page without JSON-LD = %d ads; want 171", len(recs))
	}
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(htmlArticle), "")
	f.Add([]byte(htmlListing), "text/html; charset=utf-8")
	f.Add([]byte("<meta charset=windows-1252><p>caf\xe9</p>"), "")
	f.Add([]byte("\xfe\xff\x00<\x00p\x00>\x00a"), "")
	f.Add([]byte(`<script type="application/ld+json">[{"url":"/x/1234","description":"d &amp; e"}]</script><ul><li><a href="/x/1234">a</a></li><li><a href="/y">b</a></li><li><a href="/z">c</a></li></ul>`), "")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		var recs []Record
		err := ReadHTML(bytes.NewReader(data), "b", HTMLOptions{ContentType: contentType, URL: "https://example.org/p/"}, func(r Record) error {
			recs = append(recs, r)
			return nil
		})
		if err != nil {
			if strings.HasPrefix(err.Error(), "not a web page") && len(recs) == 0 {
				return // binary content, refused whole
			}
			t.Fatal(err)
		}
		if len(recs) == 0 {
			t.Fatal("no record")
		}
		for _, r := range recs {
			o := r.Doc.Origin
			if o.Offset < 0 || o.Length < 0 || o.Offset+o.Length > int64(len(data)) || o.Record != r.Where {
				t.Fatalf("%s: origin %+v outside the input (%d bytes)", r.Where, o, len(data))
			}
			if !utf8.ValidString(r.Doc.Text) || strings.ContainsRune(r.Doc.Text, 0) || len(r.Doc.Text) > MaxHTMLText {
				t.Fatalf("%s: text %q not valid UTF-8", r.Where, r.Doc.Text)
			}
			if r.Err == nil && r.Doc.Text == "" {
				t.Fatalf("%s: empty text without an error", r.Where)
			}
		}
	})
}

// TestReadHTMLBinary: binary content given as a page (--format html on
// an image, say) is refused, not stored as a page of mojibake; a page with
// a stray control character is still read.
func TestReadHTMLBinary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 5000)
	for i := range garbage {
		garbage[i] = byte(r.Uint32())
	}
	for name, b := range map[string][]byte{
		"random bytes":  garbage,
		"text then NUL": append([]byte("<p>looks like a page</p>"), 0, 1, 2),
		"png header":    []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"),
	} {
		err := ReadHTML(bytes.NewReader(b), "blob", HTMLOptions{}, func(Record) error {
			t.Errorf("%s: a record was emitted", name)
			return nil
		})
		if err == nil || !strings.Contains(err.Error(), "not a web page") {
			t.Errorf("%s: ReadHTML = %v; want it refused as binary", name, err)
		}
	}
	page := "<p>Jobs in Antwerp\x0b, housing included, call now for an interview this week</p>" + strings.Repeat("<p>more text of the page</p>", 10)
	recs, _ := readHTMLAll(t, []byte(page), HTMLOptions{})
	if len(recs) != 1 || recs[0].Err != nil || !strings.Contains(recs[0].Doc.Text, "Jobs in Antwerp") {
		t.Errorf("page with a stray control character = %+v; want it read", recs)
	}
}
