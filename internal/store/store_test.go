package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/storetest"
	"github.com/vigie-project/vigie/internal/vigie"
)

// testDocs are synthetic posts (no real person's data).
var testDocs = []vigie.Document{
	{ID: "p1", Source: "test", Text: "🚤 Départ de Zuwara vers Lampedusa chaque semaine, 2500 € par personne, paiement après l'arrivée. WhatsApp +218 91 000 0000"},
	{ID: "p2", Source: "test", Text: "طالع رحلة بحرية من زوارة لإيطاليا، ٢٥٠٠ دولار للراس، الدفع بعد الوصول. واتساب +218 91 000 0000"},
	{ID: "p3", Source: "test", Text: "Appartement à louer à Bruxelles, 850 € par mois, appelez le 0470 12 34 56"},
	{ID: "p4", Source: "other", Text: "Construction workers needed in Belgium, no papers needed, cash pay, housing deducted from salary. WhatsApp only: +32 470 12 34 56", PostedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)},
}

func items(t *testing.T, docs []vigie.Document) []Item {
	t.Helper()
	a := analyze.New(rules.Default(), "BE", analyze.DefaultThreshold)
	var out []Item
	for _, d := range docs {
		out = append(out, Item{
			Doc:      d,
			Analysis: a.Analyze(analyze.Input{Text: d.Text, Region: d.Region, Lang: d.Lang}),
			Folded:   normalize.Fold(d.Text).Norm,
		})
	}
	return out
}

// targets returns the stores every test runs on: SQLite in a temporary
// directory, and PostgreSQL when VIGIE_TEST_POSTGRES_URL names a database
// (.ci/run starts one and sets it), in a schema of the test's own.
func targets(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{"sqlite": t.TempDir()}
	base := os.Getenv("VIGIE_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but VIGIE_TEST_POSTGRES_URL is not: the PostgreSQL tests would not run")
		}
		t.Log("VIGIE_TEST_POSTGRES_URL not set: PostgreSQL not tested")
		return out
	}
	out["postgres"] = storetest.PostgresSchema(t, base)
	return out
}

// forEachStore runs f on a new store of every target.
func forEachStore(t *testing.T, f func(t *testing.T, s *Store)) {
	for name, target := range targets(t) {
		t.Run(name, func(t *testing.T) {
			s, err := Open(context.Background(), target)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			f(t, s)
		})
	}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	ctx := context.Background()
	for name, target := range targets(t) {
		t.Run(name, func(t *testing.T) {
			for range 2 {
				s, err := Open(ctx, target)
				if err != nil {
					t.Fatal(err)
				}
				var n int
				if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
					t.Fatal(err)
				}
				files, err := fs.Glob(migrations, "migrations/"+s.Dialect()+"/*.sql")
				if err != nil || len(files) == 0 {
					t.Fatalf("no migrations for %s: %v", s.Dialect(), err)
				}
				if n != len(files) {
					t.Errorf("schema_migrations has %d rows; want %d", n, len(files))
				}
				s.Close()
			}
		})
	}
}

func TestAddIsIdempotent(t *testing.T) { forEachStore(t, testAddIsIdempotent) }

func testAddIsIdempotent(t *testing.T, s *Store) {
	ctx := context.Background()
	its := items(t, testDocs)
	run, err := s.BeginRun(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	added, skipped, err := s.Add(ctx, run, its)
	if err != nil || added != len(its) || skipped != 0 {
		t.Fatalf("Add = %d, %d, %v; want %d, 0, nil", added, skipped, err, len(its))
	}
	added, skipped, err = s.Add(ctx, run, its)
	if err != nil || added != 0 || skipped != len(its) {
		t.Fatalf("second Add = %d, %d, %v; want 0, %d, nil", added, skipped, err, len(its))
	}
	// The same text from another source is another document.
	moved := items(t, testDocs[:1])
	moved[0].Doc.Source = "elsewhere"
	if added, _, err := s.Add(ctx, run, moved); err != nil || added != 1 {
		t.Errorf("Add of the same text from another source = %d, %v; want 1", added, err)
	}
	if err := s.FinishRun(ctx, Run{ID: run, Added: len(its) + 1, Skipped: len(its)}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != int64(len(its)+1) || st.Sources != 3 || st.Runs != 1 {
		t.Errorf("Stats = %+v; want %d documents, 3 sources, 1 run", st, len(its)+1)
	}
	if st.Entities == 0 || st.Hits == 0 || st.Categories[vigie.SmugglingPassage] != 3 {
		t.Errorf("Stats = %+v; want entities, hits and 3 smuggling.passage documents", st)
	}
	second, err := s.BeginRun(ctx, "--db postgres://vigie:s3cret@db.unit/vigie posts.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	runs, err := s.RecentRuns(ctx, 5)
	if err != nil || len(runs) != 2 || runs[0].ID != second || runs[0].Finished != "" || runs[1].ID != run ||
		runs[1].Added != int64(len(its)+1) || runs[1].Skipped != int64(len(its)) || runs[1].Finished == "" {
		t.Fatalf("RecentRuns = %+v, %v; want the unfinished run, then the first with its totals", runs, err)
	}
	if strings.Contains(runs[0].Args, "s3cret") || !strings.Contains(runs[0].Args, "postgres://vigie:xxxxx@db.unit/vigie posts.jsonl") {
		t.Errorf("run args %q: want the password blanked out", runs[0].Args)
	}
}

func TestRedactURLs(t *testing.T) {
	for in, want := range map[string]string{
		"--db postgres://u:p@h/db x":          "--db postgres://u:xxxxx@h/db x",
		"--db=postgres://u:p%40ss@h:5432/db":  "--db=postgres://u:xxxxx@h:5432/db",
		"https://example.org/a?b=c:d@e":       "https://example.org/a?b=c:d@e",
		"https://user@example.org/ plain.csv": "https://user@example.org/ plain.csv",
		"postgres://:only@h":                  "postgres://:xxxxx@h",
		"postgres://u:p@ss@h/db":              "postgres://u:xxxxx@h/db",
	} {
		if got := RedactURLs(in); got != want {
			t.Errorf("RedactURLs(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAddLargeBatch(t *testing.T) { forEachStore(t, testAddLargeBatch) }

// testAddLargeBatch adds one batch bigger than a statement can bind (so
// that every multi-row INSERT is split), with documents repeated inside
// the batch: each repeat is skipped, and every row of the others is kept.
func testAddLargeBatch(t *testing.T, s *Store) {
	ctx := context.Background()
	one := items(t, testDocs)
	var its []Item
	wantEnts, wantHits, wantZuwara := 0, 0, 0
	for i := range 4000 {
		it := one[(i/2)%len(one)]
		it.Doc.ID = strconv.Itoa(i / 2) // each id twice in a row: the second is a repeat
		its = append(its, it)
		if i%2 == 0 {
			wantEnts += len(it.Analysis.Entities)
			wantHits += len(it.Analysis.Indicators)
			if strings.Contains(it.Doc.Text, "Zuwara") {
				wantZuwara++
			}
		}
	}
	added, skipped, err := s.Add(ctx, 0, its)
	if err != nil || added != 2000 || skipped != 2000 {
		t.Fatalf("Add = %d, %d, %v; want 2000, 2000, nil", added, skipped, err)
	}
	for i, it := range its {
		if it.Added != (i%2 == 0) {
			t.Fatalf("item %d: Added = %v; want %v", i, it.Added, i%2 == 0)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2000 || st.Entities != int64(wantEnts) || st.Hits != int64(wantHits) {
		t.Errorf("Stats = %d documents, %d entities, %d hits; want 2000, %d, %d", st.Documents, st.Entities, st.Hits, wantEnts, wantHits)
	}
	// Every document is in the full-text index under its own id.
	res, err := s.Search(ctx, Query{Words: "Zuwara", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != wantZuwara {
		t.Errorf("search zuwara found %d documents; want %d", len(res), wantZuwara)
	}
}

func TestAddCancelledAddsNothing(t *testing.T) { forEachStore(t, testAddCancelledAddsNothing) }

func testAddCancelledAddsNothing(t *testing.T, s *Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Add(ctx, 0, items(t, testDocs)); err == nil {
		t.Fatal("Add with a cancelled context succeeded")
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 0 {
		t.Errorf("%d documents after a failed Add; want 0", st.Documents)
	}
}

func TestSearch(t *testing.T) { forEachStore(t, testSearch) }

func testSearch(t *testing.T, s *Store) {
	ctx := context.Background()
	if _, _, err := s.Add(ctx, 0, items(t, testDocs)); err != nil {
		t.Fatal(err)
	}
	phoneFilter := func(v string) []vigie.Entity {
		e, ok, err := EntityFilter("phone:"+v, "BE")
		if !ok || err != nil {
			t.Fatalf("EntityFilter(phone:%s) = %v, %v", v, ok, err)
		}
		return []vigie.Entity{e}
	}
	for _, tc := range []struct {
		name string
		q    Query
		want []string
	}{
		{"accents ignored", Query{Words: "DEPART zuwara"}, []string{"p1"}},
		{"arabic with other spelling", Query{Words: "زواره"}, []string{"p2"}},
		{"words all required", Query{Words: "zuwara bruxelles"}, nil},
		{"phone in national format", Query{Entities: phoneFilter("0470 12 34 56")}, []string{"p4", "p3"}},
		{"phone and category", Query{Entities: phoneFilter("0470/12.34.56"), Category: vigie.LabourRecruitment}, []string{"p4"}},
		{"category", Query{Category: vigie.SmugglingPassage}, []string{"p1", "p2"}},
		{"language", Query{Language: "ar"}, []string{"p2"}},
		{"source", Query{Source: "other"}, []string{"p4"}},
		{"date range", Query{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, []string{"p4"}},
		{"no words: every document", Query{}, []string{"p1", "p2", "p3", "p4"}},
		{"query syntax is text", Query{Words: `zuwara" OR "x`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.Search(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res {
				got = append(got, r.ID)
			}
			if tc.name == "no words: every document" || tc.name == "category" {
				// Order by risk: compare as sets.
				got = sorted(got)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("Search(%+v) = %v; want %v", tc.q, got, tc.want)
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		text  string
		terms []string
		want  string
	}{
		{"Départ de Zuwara vers Lampedusa", []string{"depart"}, "«Départ» de Zuwara vers Lampedusa"},
		{"un deux TROIS quatre", []string{"trois", "un"}, "«un» deux «TROIS» quatre"},
		{strings.Repeat("x ", 200) + "Zuwara é", []string{"zuwara"}, "…"},
		{"no match here", []string{"zuwara"}, "no match here"},
	} {
		got := Snippet(tc.text, tc.terms, 80)
		if !strings.Contains(got, tc.want) {
			t.Errorf("Snippet(%.30q, %v) = %q; want it to contain %q", tc.text, tc.terms, got, tc.want)
		}
	}
	long := strings.Repeat("é", 200) + " zuwara " + strings.Repeat("ü", 200)
	got := Snippet(long, []string{"zuwara"}, 60)
	if !strings.Contains(got, "«zuwara»") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("Snippet of a long text = %q; want the match marked and both ends cut", got)
	}
}

func TestEntityFilter(t *testing.T) {
	for _, tc := range []struct {
		term, want string
		ok         bool
	}{
		{"phone:0470 12 34 56", "+32470123456", true},
		{"phone:+32 470 12 34 56", "+32470123456", true},
		{"whatsapp:+32470123456", "+32470123456", true},
		{"telegram:@Some_Name", "some_name", true},
		{"email:Name@Example.org", "name@example.org", true},
		{"photo_hash:0123456789ABCDEF", "0123456789abcdef.*", true},
		{"photo_hash:0123456789abcdef.fedcba9876543210", "0123456789abcdef.fedcba9876543210", true},
		{"crypto_wallet:1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", true},
		{"crypto_wallet:1Boat*", "1Boat*", true},
		{"iban:be71 0961-2345 6769", "BE71096123456769", true},
		{"zuwara", "", false},
		{"http://example.org", "", false},
	} {
		e, ok, err := EntityFilter(tc.term, "BE")
		if err != nil || ok != tc.ok || e.Value != tc.want {
			t.Errorf("EntityFilter(%q) = %+v, %v, %v; want %q, %v", tc.term, e, ok, err, tc.want, tc.ok)
		}
	}
	if _, ok, err := EntityFilter("phone:12", "BE"); !ok || err == nil {
		t.Errorf("EntityFilter(phone:12) = %v, %v; want an error", ok, err)
	}
}

func TestWildcardEntity(t *testing.T) { forEachStore(t, testWildcardEntity) }

// testWildcardEntity finds documents by the end of a phone number and by
// part of a handle, and treats % and _ in a query as plain characters.
func testWildcardEntity(t *testing.T, s *Store) {
	ctx := context.Background()
	docs := append(slices.Clone(testDocs), vigie.Document{ID: "p5", Source: "test", Text: "Écrivez-moi sur Telegram @bo_mxe"})
	if _, _, err := s.Add(ctx, 0, items(t, docs)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		term string
		want []string
	}{
		{"telegram:*mx*", []string{"p5"}},
		{"phone:*12 34 56", []string{"p3", "p4"}}, // +32470123456 in two posts
		{"phone:+218*", []string{"p1", "p2"}},
		{"phone:*99999", nil},
		{"telegram:*o_m%e*", nil}, // _ and % are characters, not wildcards
	} {
		e, ok, err := EntityFilter(tc.term, "BE")
		if !ok || err != nil {
			t.Fatalf("EntityFilter(%q) = %v, %v", tc.term, ok, err)
		}
		res, err := s.Search(ctx, Query{Entities: []vigie.Entity{e}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res {
			got = append(got, r.ID)
		}
		if strings.Join(sorted(got), ",") != strings.Join(tc.want, ",") {
			t.Errorf("search %s = %v; want %v", tc.term, got, tc.want)
		}
	}
	if _, _, err := EntityFilter("phone:**", "BE"); err == nil {
		t.Error("EntityFilter(phone:**) accepted a wildcard with nothing to match")
	}
}

func TestSearchManyMatches(t *testing.T) { forEachStore(t, testSearchManyMatches) }

// testSearchManyMatches checks both orders of a word search: ranked when
// few documents match, newest first (score 0) beyond the rank limit, the
// same filters applying to both; and a category search by its score.
func testSearchManyMatches(t *testing.T, s *Store) {
	ctx := context.Background()
	its := items(t, testDocs)
	var all []Item
	for i := range 30 {
		it := its[i%len(its)]
		it.Doc.ID = fmt.Sprintf("d%02d", i)
		all = append(all, it)
	}
	if _, _, err := s.Add(ctx, 0, all); err != nil {
		t.Fatal(err)
	}
	ids := func(res []Result) string {
		var out []string
		for _, r := range res {
			out = append(out, r.ID)
		}
		return strings.Join(out, ",")
	}
	// "personne" is in d00, d04, … d28: 8 documents.
	ranked, err := s.Search(ctx, Query{Words: "personne", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(ranked) != 3 || ranked[0].Score <= 0 {
		t.Fatalf("ranked search = %+v; want 3 results with a score", ranked)
	}
	s.rankLimit = 5
	newest, err := s.Search(ctx, Query{Words: "personne", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(newest); got != "d28,d24,d20" || newest[0].Score != 0 {
		t.Errorf("search beyond the rank limit = %s (score %v); want d28,d24,d20, newest first, score 0", got, newest[0].Score)
	}
	// Where the dialect reads a window of recent documents first (ids
	// 26-30 here: d25 to d29), the results that window lacks come from
	// the older ones, in the same order, from the edge on (id 25 is d24).
	s.window = 5
	for limit, want := range map[int]string{
		1: "d28",
		3: "d28,d24,d20",
		9: "d28,d24,d20,d16,d12,d08,d04,d00",
	} {
		got, err := s.Search(ctx, Query{Words: "personne", Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if ids(got) != want {
			t.Errorf("search beyond the rank limit, window 5, limit %d = %s; want %s", limit, ids(got), want)
		}
	}
	// Filters still apply in that order: "personne" is in French posts
	// only.
	filtered, err := s.Search(ctx, Query{Words: "personne", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(filtered) != 0 {
		t.Errorf("search personne in English = %s; want none", ids(filtered))
	}
	s.rankLimit = 0
	cat, err := s.Search(ctx, Query{Category: vigie.SmugglingPassage, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(cat); i++ {
		if cat[i].Score > cat[i-1].Score {
			t.Errorf("category search not by score: %v then %v", cat[i-1].Score, cat[i].Score)
		}
	}
	if len(cat) < 8 {
		t.Errorf("category search found %d; want at least the 8 French smuggling posts", len(cat))
	}
}

// TestParseTerms splits a search into words and entity filters.
func TestParseTerms(t *testing.T) {
	words, ents, err := ParseTerms("passage  phone:0470123456 Zuwara telegram:@Agent", "BE")
	if err != nil || words != "passage Zuwara" || len(ents) != 2 || ents[0].Value != "+32470123456" || ents[1].Value != "agent" {
		t.Errorf("ParseTerms = %q, %+v, %v", words, ents, err)
	}
	if _, _, err := ParseTerms("x phone:12", "BE"); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("ParseTerms(phone:12): err %v; want ErrInvalid", err)
	}
}
