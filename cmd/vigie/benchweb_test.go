package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/web"
)

// benchPassword is the password of the test account (no real one).
const benchPassword = "bench-web-test-password"

// benchWebServer ingests 300 invented posts into a new store, adds the
// investigator account "bench" and serves the web application of the
// store through wrap (which may break some pages). It returns the URL and
// the data directory.
func benchWebServer(t *testing.T, wrap func(http.Handler) http.Handler) (string, string) {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, out, errs := vigieRun(t, "", "synth", "--count", "300")
	if code != 0 {
		t.Fatalf("vigie synth: exit %d: %s", code, errs)
	}
	posts := filepath.Join(dir, "posts.jsonl")
	if err := os.WriteFile(posts, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := vigieRun(t, "", "ingest", "--data", data, posts); code != 0 {
		t.Fatalf("vigie ingest: exit %d: %s", code, errs)
	}
	if code, _, errs := vigieRun(t, benchPassword+"\n", "user", "add", "bench", "--role", "investigator", "--password-stdin", "--data", data); code != 0 {
		t.Fatalf("vigie user add: exit %d: %s", code, errs)
	}
	st, err := store.Open(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := web.New(st, web.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL, data
}

// benchWebRun runs bench-web with args and the test password on standard
// input, and decodes its --json report.
func benchWebRun(t *testing.T, args ...string) (rep webReport, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(benchPassword + "\n"), stdout: &out, stderr: &errb}
	err = runBenchWeb(t.Context(), e, append([]string{"--json", "--user", "bench", "--password-stdin"}, args...))
	if out.Len() > 0 {
		if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
			t.Fatalf("bench-web %v: output is not JSON: %v\n%s", args, jerr, out.String())
		}
	}
	return rep, errb.String(), err
}

// checkSums fails the test unless the kinds add up to the total and the
// search kinds to the search line.
func checkSums(t *testing.T, rep webReport) {
	t.Helper()
	var n, errs, ns, errss int
	for _, l := range rep.Kinds {
		n += l.Requests
		errs += l.Errors
		if strings.HasPrefix(l.Kind, "search-") {
			ns += l.Requests
			errss += l.Errors
		}
		if l.Errors > l.Requests {
			t.Errorf("kind %s: %d errors of %d requests", l.Kind, l.Errors, l.Requests)
		}
		if l.Requests > 0 && !(l.P50 <= l.P95 && l.P95 <= l.P99 && l.P99 <= l.Max) {
			t.Errorf("kind %s: percentiles out of order: %+v", l.Kind, l)
		}
	}
	if n != rep.All.Requests || errs != rep.All.Errors {
		t.Errorf("kinds add up to %d requests, %d errors; all says %d, %d", n, errs, rep.All.Requests, rep.All.Errors)
	}
	if ns != rep.Search.Requests || errss != rep.Search.Errors {
		t.Errorf("search kinds add up to %d requests, %d errors; search says %d, %d", ns, errss, rep.Search.Requests, rep.Search.Errors)
	}
}

// TestBenchWeb runs the load generator against a real server on a small
// store: every counted request answers 200, the counts add up, and every
// kind of the mix is requested, contacts and document pages included.
func TestBenchWeb(t *testing.T) {
	u, data := benchWebServer(t, nil)
	tests := []struct {
		name string
		args []string
	}{
		{"from the server", []string{"--url", u, "--clients", "5", "--requests", "300", "--warmup", "0"}},
		{"with the store", []string{"--url", u, "--clients", "3", "--requests", "120", "--warmup", "0", "--data", data, "--seed", "7"}},
		{"documents only", []string{"--url", u, "--clients", "2", "--requests", "120", "--warmup", "0", "--mix", "doc=1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, errs, err := benchWebRun(t, tc.args...)
			if err != nil {
				t.Fatalf("bench-web %v = %v; want nil\n%s", tc.args, err, errs)
			}
			want := 300
			if i := slices.Index(tc.args, "--requests"); i >= 0 && tc.args[i+1] == "120" {
				want = 120
			}
			if rep.All.Requests != want || rep.All.Errors != 0 {
				t.Errorf("bench-web %v: %d requests, %d errors; want %d, 0 (failures %q)", tc.args, rep.All.Requests, rep.All.Errors, want, rep.Failures)
			}
			checkSums(t, rep)
			for _, l := range rep.Kinds {
				only := slices.Contains(tc.args, "doc=1")
				if only && l.Kind != "doc" && l.Requests != 0 || !only && want == 300 && l.Requests == 0 {
					t.Errorf("bench-web %v: kind %s has %d requests", tc.args, l.Kind, l.Requests)
				}
			}
		})
	}
}

// TestBenchWebFailures breaks the category searches with a minimum risk
// (discovery does not use them): bench-web counts them as errors, still
// reports, and returns errFound (exit 1).
func TestBenchWebFailures(t *testing.T) {
	broken := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/search" && r.URL.Query().Get("risk") != "" {
				http.Error(w, "broken", http.StatusInternalServerError)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	u, _ := benchWebServer(t, broken)
	rep, errs, err := benchWebRun(t, "--url", u, "--clients", "2", "--requests", "100", "--warmup", "0")
	if !errors.Is(err, errFound) {
		t.Fatalf("bench-web with broken searches = %v; want errFound\n%s", err, errs)
	}
	var cat webLine
	for _, l := range rep.Kinds {
		if l.Kind == "search-category" {
			cat = l
		}
	}
	if cat.Requests == 0 || cat.Errors != cat.Requests || rep.All.Errors != cat.Errors {
		t.Errorf("search-category line %+v, all %+v; want every category search and only those failed", cat, rep.All)
	}
	if len(rep.Failures) == 0 || !strings.Contains(rep.Failures[0], "status 500") {
		t.Errorf("first failures %q; want them quoted with their status", rep.Failures)
	}
	if !strings.Contains(errs, "requests failed") {
		t.Errorf("stderr %q does not say requests failed", errs)
	}
	checkSums(t, rep)
}

// TestBenchWebRefuses checks the command-line errors and a wrong
// password: no load is run.
func TestBenchWebRefuses(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  error
	}{
		{"no user", "pw\n", []string{"--password-stdin"}, errUsage},
		{"no password", "", []string{"--user", "x"}, errUsage},
		{"no clients", "pw\n", []string{"--user", "x", "--password-stdin", "--clients", "0"}, errUsage},
		{"bad url", "pw\n", []string{"--user", "x", "--password-stdin", "--url", "ftp://h"}, errUsage},
		{"no duration", "pw\n", []string{"--user", "x", "--password-stdin", "--duration", "0s"}, errUsage},
		{"bad mix", "pw\n", []string{"--user", "x", "--password-stdin", "--mix", "doc=0"}, errUsage},
		{"argument", "pw\n", []string{"--user", "x", "--password-stdin", "extra"}, errUsage},
	}
	t.Setenv("VIGIE_BENCH_PASSWORD", "")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{stdin: strings.NewReader(tc.stdin), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
			if err := runBenchWeb(t.Context(), e, tc.args); !errors.Is(err, tc.want) {
				t.Errorf("bench-web %v = %v; want %v", tc.args, err, tc.want)
			}
		})
	}
	u, _ := benchWebServer(t, nil)
	e := &env{stdin: strings.NewReader("not-the-password-at-all\n"), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	err := runBenchWeb(t.Context(), e, []string{"--url", u, "--user", "bench", "--password-stdin", "--requests", "10"})
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Errorf("bench-web with a wrong password = %v; want a login error with status 401", err)
	}
}

func TestParseWebMix(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]int // nil: an error
	}{
		{"one", "doc=1", map[string]int{"doc": 1}},
		{"two", "doc=3, search-word=1", map[string]int{"doc": 3, "search-word": 1}},
		{"all zero", "doc=0", nil},
		{"unknown kind", "docs=1", nil},
		{"no weight", "doc", nil},
		{"negative", "doc=-1,search-word=2", nil},
		{"not a number", "doc=x", nil},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mix, err := parseWebMix(tc.in)
			if tc.want == nil {
				if err == nil {
					t.Errorf("parseWebMix(%q) = %v; want an error", tc.in, mix)
				}
				return
			}
			if err != nil || len(mix) != len(defaultWebMix) {
				t.Fatalf("parseWebMix(%q) = %v, %v; want every kind", tc.in, mix, err)
			}
			for _, m := range mix {
				if m.weight != tc.want[m.kind] {
					t.Errorf("parseWebMix(%q): %s weighs %d; want %d", tc.in, m.kind, m.weight, tc.want[m.kind])
				}
			}
		})
	}
}

func FuzzParseWebMix(f *testing.F) {
	f.Add("doc=1,search-word=2")
	f.Add("dashboard=0,doc=999999999999")
	f.Fuzz(func(t *testing.T, spec string) {
		mix, err := parseWebMix(spec)
		if err != nil {
			return
		}
		total := 0
		for _, m := range mix {
			if m.weight < 0 {
				t.Errorf("parseWebMix(%q): %s weighs %d", spec, m.kind, m.weight)
			}
			total += m.weight
		}
		if total <= 0 {
			t.Errorf("parseWebMix(%q) = %v: total weight %d", spec, mix, total)
		}
	})
}

func TestParsePage(t *testing.T) {
	page := `<ol class="results"><li><a class="doc" href="/doc/a1">a1</a>
<p class="snippet">Passage vers l&#39;Italie chaque semaine</p></li>
<li><a href="/doc/b%202">b</a><p class="snippet">second<br>texte</p></li></ol>
<div class="text">Appelez <mark class="entity" title="x">+32 470</mark> maintenant</div>
<a href="/entity/phone/%2B32470123456">p</a><a href="/entity/telegram/someone">t</a>
<a href="/doc/">none</a><a href="/search?q=photo_hash:ab">h</a><a href="/entity/bad">bad</a>`
	pg := parsePage([]byte(page))
	if want := []string{"/doc/a1", "/doc/b%202"}; !slices.Equal(pg.Docs, want) {
		t.Errorf("parsePage docs = %q; want %q", pg.Docs, want)
	}
	if want := []string{"phone:+32470123456", "telegram:someone"}; !slices.Equal(pg.Entities, want) {
		t.Errorf("parsePage entities = %q; want %q", pg.Entities, want)
	}
	if want := []string{"Passage vers l'Italie chaque semaine", "secondtexte", "Appelez +32 470 maintenant"}; !slices.Equal(pg.Texts, want) {
		t.Errorf("parsePage texts = %q; want %q", pg.Texts, want)
	}
}

func TestDocLinks(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"none", `<p>nothing</p>`, nil},
		{"two", `<a href="/doc/x">x</a> <a class="doc" href="/doc/y&amp;z">y</a>`, []string{"/doc/x", "/doc/y&z"}},
		{"empty id", `<a href="/doc/">x</a>`, nil},
		{"query", `<a href="/doc/x?y">x</a>`, nil},
		{"unterminated", `<a href="/doc/x`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := docLinks([]byte(tc.in)); !slices.Equal(got, tc.want) {
				t.Errorf("docLinks(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`<p class="snippet">a <b>b</b></p><a href="/doc/x">x</a><a href="/entity/phone/%2">y</a>`))
	f.Add([]byte(`<div class="text"><br><img src=x></div></div></div>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pg := parsePage(b)
		for _, d := range pg.Docs {
			if !strings.HasPrefix(d, "/doc/") || len(d) == len("/doc/") {
				t.Errorf("parsePage(%q): doc link %q", b, d)
			}
		}
		for _, d := range docLinks(b) {
			if !strings.HasPrefix(d, "/doc/") || len(d) == len("/doc/") {
				t.Errorf("docLinks(%q): doc link %q", b, d)
			}
		}
	})
}
