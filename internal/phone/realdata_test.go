package phone

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// debug reports whether misses and false positives on real data may be
// printed: only in local runs, never in CI logs or files.
func debug() bool { return os.Getenv("PHONE_DEBUG") != "" && os.Getenv("CI") == "" }

// readTSV returns the rows of a tab-separated file without its header.
func readTSV(t *testing.T, rel string) [][]string {
	t.Helper()
	var rows [][]string
	sc := bufio.NewScanner(bytes.NewReader(sharedtest.Read(t, rel)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for first := true; sc.Scan(); first = false {
		if first || sc.Text() == "" {
			continue
		}
		rows = append(rows, strings.Split(sc.Text(), "\t"))
	}
	return rows
}

// exampleKnownFailures lists the example numbers that do not round-trip,
// keyed by region, number type and form, with the reason.
var exampleKnownFailures = map[string]string{
	"AR/mobile/national":    "phonenumbers does not parse its own national format of this example back to a valid number",
	"NC/fixedLine/national": "\"20.12.34\" reads as a date (dd.mm.yy); the date rule wins over a 6-digit national number",
}

// TestExampleNumbers round-trips every example number of the production
// metadata: written in NATIONAL format it is found with its region as hint,
// written in INTERNATIONAL format it is found with any region.
func TestExampleNumbers(t *testing.T) {
	rows := readTSV(t, "libphonenumber-test-vectors/example_numbers_by_region.tsv")
	if len(rows) < 1000 {
		t.Fatalf("example_numbers_by_region.tsv: %d rows; want >= 1000", len(rows))
	}
	var total, pass, excluded int
	seen := map[string]bool{}
	for _, row := range rows {
		region, cc, typ, nsn := row[0], row[1], row[4], row[5]
		if canonRegion(region) == "" {
			// "001" rows are non-geographic entities (+800, +808, +870,
			// +878, +881…): they have no national format and no region
			// hint; their international form is covered by
			// TestNonGeographic.
			excluded++
			continue
		}
		num, err := phonenumbers.Parse("+"+cc+nsn, "ZZ")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			t.Errorf("example %s %s: not valid in phonenumbers (%v)", region, typ, err)
			continue
		}
		want := phonenumbers.Format(num, phonenumbers.E164)
		forms := []struct {
			name string
			text string
			opt  Options
		}{
			{"national", phonenumbers.Format(num, phonenumbers.NATIONAL), Options{Region: region}},
			{"international", phonenumbers.Format(num, phonenumbers.INTERNATIONAL), Options{Default: "BE"}},
			{"international-hint", phonenumbers.Format(num, phonenumbers.INTERNATIONAL), Options{Region: "US", Default: "US"}},
		}
		for _, form := range forms {
			key := region + "/" + typ + "/" + form.name
			if seen[key] {
				continue
			}
			seen[key] = true
			total++
			in := "Tel. " + form.text + ", merci"
			got := Find(normalize.Digits(in), form.opt)
			ok := len(got) == 1 && got[0].Value == want && got[0].Text == strings.TrimSpace(form.text)
			reason, known := exampleKnownFailures[key]
			switch {
			case ok && known:
				t.Errorf("%s now passes; remove it from exampleKnownFailures (%s)", key, reason)
			case ok:
				pass++
			case !known:
				t.Errorf("Find(%q, %+v) = %v; want one %s (%s)", in, form.opt, got, want, key)
			}
		}
	}
	t.Logf("example numbers: %d/%d round-trips pass (%.1f%%), %d known failures, %d rows excluded",
		pass, total, 100*float64(pass)/float64(total), len(exampleKnownFailures), excluded)
}

// TestNonGeographic checks that the example numbers of the non-geographic
// calling codes (+800, +808, +870, +878, +881, +882, +883, +888, +979) are
// found in international format.
func TestNonGeographic(t *testing.T) {
	n := 0
	for _, row := range readTSV(t, "libphonenumber-test-vectors/example_numbers_by_region.tsv") {
		if row[0] != "001" {
			continue
		}
		n++
		num, err := phonenumbers.Parse("+"+row[1]+row[5], "ZZ")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			t.Errorf("example +%s %s: not valid in phonenumbers (%v)", row[1], row[5], err)
			continue
		}
		want := phonenumbers.Format(num, phonenumbers.E164)
		in := "Call " + phonenumbers.Format(num, phonenumbers.INTERNATIONAL) + " now"
		got := Find(normalize.Digits(in), Options{Default: "BE"})
		if len(got) != 1 || got[0].Value != want {
			t.Errorf("Find(%q) = %v; want one %s", in, got, want)
		}
	}
	if n == 0 {
		t.Error("no non-geographic rows (region 001) in example_numbers_by_region.tsv")
	}
}

// TestMatcherVectors runs libphonenumber's matcher test cases. Their
// expectations hold against libphonenumber's reduced TEST metadata, not the
// production metadata phonenumbers ships, so the rates are reported, and
// only a floor is asserted.
func TestMatcherVectors(t *testing.T) {
	region := func(r string) string {
		if r == "null" || r == "ZZ" {
			return ""
		}
		return r
	}
	// Find in context: the whole number must be found, with the E.164 that
	// phonenumbers gives the whole text (production metadata) when it
	// judges it valid.
	var n, ok int
	for _, row := range readTSV(t, "libphonenumber-test-vectors/matcher_find_in_context.tsv") {
		r, text := region(row[1]), row[2]
		want := ""
		if num, err := phonenumbers.Parse(text, r); err == nil && phonenumbers.IsValidNumber(num) {
			want = phonenumbers.Format(num, phonenumbers.E164)
		}
		if want == "" {
			continue // not valid in production metadata
		}
		n++
		for _, ctx := range [][2]string{{"", ""}, {"Call ", " now."}, {"[", "]"}} {
			got := Find(normalize.Digits(ctx[0]+text+ctx[1]), Options{Region: r})
			if len(got) == 1 && got[0].Value == want {
				ok++
			} else if debug() {
				t.Logf("find in context %s %q: got %v; want %s", r, ctx[0]+text+ctx[1], got, want)
			}
		}
	}
	t.Logf("matcher_find_in_context: %d/%d found whole (%d texts valid in production metadata, 3 contexts each)", ok, 3*n, n)
	if n == 0 || float64(ok) < 0.95*float64(3*n) {
		t.Errorf("matcher_find_in_context: %d/%d found; want >= 95%%", ok, 3*n)
	}

	// Leniency cases: IMPOSSIBLE and POSSIBLE_ONLY texts must yield nothing
	// (we never accept merely possible numbers); VALID, STRICT_GROUPING
	// and EXACT_GROUPING texts should be found when production metadata
	// holds them valid.
	counts := map[string][2]int{}
	for _, row := range readTSV(t, "libphonenumber-test-vectors/matcher_leniency_cases.tsv") {
		cat, r, text := row[0], region(row[1]), row[2]
		got := Find(normalize.Digits(text), Options{Region: r})
		var good bool
		switch cat {
		case "IMPOSSIBLE", "POSSIBLE_ONLY":
			good = len(got) == 0
		default:
			num, err := phonenumbers.Parse(text, r)
			if err != nil || !phonenumbers.IsValidNumber(num) {
				continue
			}
			good = len(got) == 1 && got[0].Value == phonenumbers.Format(num, phonenumbers.E164)
		}
		c := counts[cat]
		c[1]++
		if good {
			c[0]++
		} else if debug() {
			t.Logf("leniency %s %s %q: got %v", cat, r, text, got)
		}
		counts[cat] = c
	}
	for _, cat := range []string{"IMPOSSIBLE", "POSSIBLE_ONLY", "VALID", "STRICT_GROUPING", "EXACT_GROUPING"} {
		t.Logf("matcher_leniency_cases %s: %d/%d as expected", cat, counts[cat][0], counts[cat][1])
	}
	if c := counts["IMPOSSIBLE"]; c[0] != c[1] {
		t.Errorf("matcher_leniency_cases IMPOSSIBLE: %d/%d yield nothing; want all", c[0], c[1])
	}
}

type memexAd struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	URLExtGT  []string `json:"url_ext_gt"`
	TextExtGT []string `json:"text_ext_gt"`
}

// memexScore compares the distinct found numbers with the ground truth (a
// set per ad): a found number matches a gold string equal to its national
// significant number or to its E.164 digits (the gold mixes both for
// non-NANP numbers).
func memexScore(found []string, gold []string) (tp, fp, fn int, misses, extras []string) {
	slices.Sort(found)
	found = slices.Compact(found)
	used := make([]bool, len(gold))
	for _, e := range found {
		num, err := phonenumbers.Parse(e, "ZZ")
		if err != nil {
			fp++
			extras = append(extras, e)
			continue
		}
		nsn := phonenumbers.GetNationalSignificantNumber(num)
		hit := false
		for k, g := range gold {
			if !used[k] && (g == nsn || g == e[1:]) {
				used[k], hit = true, true
				break
			}
		}
		if hit {
			tp++
		} else {
			fp++
			extras = append(extras, e)
		}
	}
	for k, u := range used {
		if !u {
			fn++
			misses = append(misses, gold[k])
		}
	}
	return
}

func loadMemex(t *testing.T, rel string) []memexAd {
	t.Helper()
	var doc struct {
		JSONLines []memexAd `json:"jsonlines"`
	}
	if err := json.Unmarshal(sharedtest.Read(t, rel), &doc); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return doc.JSONLines
}

// placeCues stands in for the location stage, which names the regions of
// the countries and cities a text mentions; the pipeline passes them to
// Find as Options.Cues. It knows only the places of the Memex ads.
func placeCues(s string) []string {
	var out []string
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	})
	for _, w := range words {
		if r := places[w]; r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

var places = map[string]string{
	"london": "GB", "manchester": "GB", "birmingham": "GB", "uk": "GB",
	"pune": "IN", "delhi": "IN", "mumbai": "IN", "hyderabad": "IN", "bangalore": "IN", "india": "IN",
	"quito": "EC", "ecuador": "EC", "tokyo": "JP", "japan": "JP",
	"perth": "AU", "sydney": "AU", "melbourne": "AU", "brisbane": "AU", "australia": "AU",
	"berlin": "DE", "frankfurt": "DE", "germany": "DE", "helsinki": "FI", "istanbul": "TR",
	"moscow": "RU", "milan": "IT", "rome": "IT", "hongkong": "HK",
}

// TestMemexGroundTruth measures precision and recall on hand-labelled
// escort ads, with US as default region and the cues of the text and the
// ad's URL; with placeCues also standing in for the location stage.
func TestMemexGroundTruth(t *testing.T) {
	for _, tc := range []struct {
		file                string
		places              bool
		minPrec, minRecall  float64
		minURLPrec, minURLR float64
	}{
		// Without the location stage the numbers of India, the UK,
		// Ecuador, Japan and Australia written nationally cannot be
		// read with the US default.
		{"memex-phone-groundtruth/docs_150.json", false, 0.95, 0.80, 0.95, 0.60},
		{"memex-phone-groundtruth/docs_150.json", true, 0.95, 0.95, 0.95, 0.95},
		{"memex-phone-groundtruth/groundtruth_intl_53.json", true, 0.95, 0.95, 0.95, 0.95},
	} {
		name := tc.file[strings.IndexByte(tc.file, '/')+1:]
		if tc.places {
			name += "+places"
		}
		t.Run(name, func(t *testing.T) {
			ads := loadMemex(t, tc.file)
			var tp, fp, fn, utp, ufp, ufn int
			for k, ad := range ads {
				ut := normalize.Digits(ad.URL)
				cues := TextCues(ut)
				var urlCues []string
				if tc.places {
					cues = append(cues, placeCues(ad.URL+" "+ad.Title+" "+ad.Body)...)
					urlCues = placeCues(ad.URL)
				}
				text := normalize.Digits(ad.Title + "\n" + ad.Body)
				var found []string
				for _, e := range Find(text, Options{Default: "US", Cues: cues}) {
					found = append(found, e.Value)
				}
				a, b, c, misses, extras := memexScore(found, ad.TextExtGT)
				tp, fp, fn = tp+a, fp+b, fn+c
				if debug() && (b > 0 || c > 0) {
					t.Logf("ad %d text: misses %v extras %v", k, misses, extras)
				}
				found = found[:0]
				for _, e := range Find(ut, Options{Default: "US", Cues: urlCues}) {
					found = append(found, e.Value)
				}
				a, b, c, misses, extras = memexScore(found, ad.URLExtGT)
				utp, ufp, ufn = utp+a, ufp+b, ufn+c
				if debug() && (b > 0 || c > 0) {
					t.Logf("ad %d url: misses %v extras %v", k, misses, extras)
				}
			}
			prec, rec := ratio(tp, tp+fp), ratio(tp, tp+fn)
			uprec, urec := ratio(utp, utp+ufp), ratio(utp, utp+ufn)
			t.Logf("%d ads, text: precision %.3f recall %.3f (tp %d fp %d fn %d); url: precision %.3f recall %.3f (tp %d fp %d fn %d)",
				len(ads), prec, rec, tp, fp, fn, uprec, urec, utp, ufp, ufn)
			if prec < tc.minPrec || rec < tc.minRecall {
				t.Errorf("text: precision %.3f recall %.3f; want >= %.2f and >= %.2f", prec, rec, tc.minPrec, tc.minRecall)
			}
			if uprec < tc.minURLPrec || urec < tc.minURLR {
				t.Errorf("url: precision %.3f recall %.3f; want >= %.2f and >= %.2f", uprec, urec, tc.minURLPrec, tc.minURLR)
			}
		})
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// phoneDigits returns the sorted E.164 values found in s.
func phoneDigits(s string) []string {
	var out []string
	for _, e := range Find(normalize.Digits(s), Options{Default: "US"}) {
		out = append(out, e.Value)
	}
	slices.Sort(out)
	return out
}

// TestDeobfuscationPairs checks that the numbers found in each obfuscated
// ad line equal those found in its hand-cleaned reference line.
func TestDeobfuscationPairs(t *testing.T) {
	obf := strings.Split(strings.TrimRight(string(sharedtest.Read(t, "memex-deobfuscation-pairs/obfuscated.txt")), "\n"), "\n")
	ref := strings.Split(strings.TrimRight(string(sharedtest.Read(t, "memex-deobfuscation-pairs/deobfuscated_reference.txt")), "\n"), "\n")
	if len(obf) != len(ref) || len(obf) != 98 {
		t.Fatalf("pairs: %d obfuscated and %d reference lines; want 98 each", len(obf), len(ref))
	}
	same, withPhones := 0, 0
	for k := range obf {
		got, want := phoneDigits(unescape(obf[k])), phoneDigits(unescape(ref[k]))
		if len(want) > 0 {
			withPhones++
		}
		if slices.Equal(got, want) {
			same++
		} else if debug() {
			t.Logf("line %d: obfuscated gives %v; reference gives %v\n  %q", k+1, got, want, obf[k])
		}
	}
	share := float64(same) / float64(len(obf))
	t.Logf("deobfuscation pairs: %d/%d lines equal (%.1f%%); %d reference lines hold phones", same, len(obf), 100*share, withPhones)
	if share < deobfuscationFloor {
		t.Errorf("deobfuscation pairs: %.3f equal; want >= %.2f", share, deobfuscationFloor)
	}
}

// TestObfuscatedStrings runs the Memex extractor's hard obfuscation lines.
// The file ships no answers: the decoys (a '*' before a run of 16 or more
// digits) must yield nothing, and the share of other lines that yield a
// number is reported.
func TestObfuscatedStrings(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(string(sharedtest.Read(t, "memex-phone-groundtruth/obfuscated_phone_strings.txt"))), "\n")
	decoys, withPhone, withDigits := 0, 0, 0
	for k, line := range lines {
		got := phoneDigits(unescape(line))
		run, longest := 0, 0
		for i := 0; i < len(line); i++ {
			if isDigit(line[i]) {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
		if strings.HasPrefix(strings.TrimLeft(line, " "), "*") && longest >= 16 {
			decoys++
			if len(got) > 0 {
				t.Errorf("decoy line %d yields %d numbers; want none", k+1, len(got))
			}
			continue
		}
		if strings.ContainsAny(line, "0123456789") {
			withDigits++
			if len(got) > 0 {
				withPhone++
			}
		}
	}
	t.Logf("obfuscated_phone_strings: %d decoys yield nothing; %d of %d other lines with digits yield a number", decoys, withPhone, withDigits)
	if decoys == 0 {
		t.Error("no decoy lines found")
	}
}

// unescape decodes the "<U+1F48B>" and "\\u2022" notations the data set
// uses for some emoji and symbols, so that Find sees the characters the ads
// held.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		var hex string
		var n int
		switch {
		case strings.HasPrefix(s[i:], "<U+"):
			if e := strings.IndexByte(s[i:], '>'); e > 3 && e <= 9 {
				hex, n = s[i+3:i+e], e+1
			}
		case strings.HasPrefix(s[i:], "\\u") && i+6 <= len(s):
			hex, n = s[i+2:i+6], 6
		}
		if v, err := strconv.ParseUint(hex, 16, 32); n > 0 && err == nil {
			b.WriteRune(rune(v))
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// deobfuscationFloor is the target share of equal lines.
const deobfuscationFloor = 0.90

// BenchmarkFindAds runs Find over the Memex ads classifier test set.
func BenchmarkFindAds(b *testing.B) {
	f, err := os.Open(sharedtest.File(b, "memex-ads-classifier/testing.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var texts []*normalize.Text
	size := 0
	for _, r := range recs[1:] {
		texts = append(texts, normalize.Digits(r[1]))
		size += len(r[1])
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			Find(t, Options{Default: "US"})
		}
	}
}
