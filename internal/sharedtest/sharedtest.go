// Package sharedtest locates the project's shared real-world test data
// (../shared/data beside the repository) for tests.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of ../shared/data/rel, looked up from the
// working directory upwards, or from $VIGIE_SHARED_DATA when it is set.
// When the data cannot be found the test is skipped with the reason, except
// under CI (CI set), where that is a failure: CI always has the data.
func Dir(tb testing.TB, rel string) string {
	tb.Helper()
	if root := os.Getenv("VIGIE_SHARED_DATA"); root != "" {
		p := filepath.Join(root, rel)
		if _, err := os.Stat(p); err != nil {
			tb.Fatalf("VIGIE_SHARED_DATA: %v", err)
		}
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "..", "shared", "data", rel)
		if _, err := os.Stat(p); err == nil {
			abs, _ := filepath.Abs(p)
			return abs
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("shared test data %q not found beside the repository", rel)
	}
	tb.Skipf("shared test data %q not found beside the repository (../shared/data); set VIGIE_SHARED_DATA", rel)
	return ""
}

// File returns the path of one file under ../shared/data, as Dir does.
func File(tb testing.TB, rel string) string {
	tb.Helper()
	return Dir(tb, rel)
}

// Read returns the contents of one file under ../shared/data.
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(File(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
