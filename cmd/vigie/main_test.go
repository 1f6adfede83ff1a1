package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

// vigieRun runs one command line in-process and returns its exit status,
// standard output and standard error.
func vigieRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // substring of stdout+stderr
	}{
		{"no arguments", nil, 2, "Commands:"},
		{"help", []string{"help"}, 0, "analyze"},
		{"help analyze", []string{"help", "analyze"}, 0, "-threshold"},
		{"analyze --help", []string{"analyze", "--help"}, 0, "plain text whose"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"analyze", "--nope"}, 2, "flag provided but not defined"},
		{"bad region", []string{"analyze", "--region", "Belgium"}, 2, "ISO 3166"},
		{"bad threshold", []string{"analyze", "--threshold", "3"}, 2, "between 0 and 1"},
		{"bad format", []string{"analyze", "--format", "xml"}, 2, "jsonl or text"},
		{"missing file", []string{"analyze", "/nonexistent/posts.jsonl"}, 1, "no such file"},
		{"version", []string{"version"}, 0, "rulebook"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := vigieRun(t, "", tc.args...)
			if code != tc.wantCode {
				t.Errorf("vigie %v exit %d; want %d\nstdout: %s\nstderr: %s", tc.args, code, tc.wantCode, out, errs)
			}
			if !strings.Contains(out+errs, tc.wantOut) {
				t.Errorf("vigie %v output does not contain %q:\n%s%s", tc.args, tc.wantOut, out, errs)
			}
		})
	}
}

func TestAnalyzeExamples(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "posts.jsonl")
	lines := countLines(t, path)
	code, out, errs := vigieRun(t, "", "analyze", path)
	if code != 0 {
		t.Fatalf("vigie analyze %s exit %d: %s", path, code, errs)
	}
	var got []vigie.Analysis
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a vigie.Analysis
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("output line is not JSON: %v\n%s", err, sc.Text())
		}
		got = append(got, a)
	}
	if len(got) != lines {
		t.Fatalf("vigie analyze printed %d lines for %d input lines", len(got), lines)
	}
	for _, a := range got {
		if a.Error != "" {
			t.Errorf("example %s: error %q", a.ID, a.Error)
		}
	}
}

func TestAnalyzeStdinText(t *testing.T) {
	in := "Appelez-moi au 0470 00 00 00\n"
	code, out, errs := vigieRun(t, in, "analyze", "--format", "text", "--color", "never")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"line 1", "+32470000000", "⟦0470 00 00 00⟧"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output does not contain %q:\n%s", want, out)
		}
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}
