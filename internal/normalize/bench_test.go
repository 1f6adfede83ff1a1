package normalize

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/vigie-project/vigie/internal/sharedtest"
)

// ads returns the texts of the Memex ads of testing.csv, as realistic
// input.
func ads(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(sharedtest.File(tb, "memex-ads-classifier/testing.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]string, 0, len(recs))
	for _, r := range recs[1:] {
		out = append(out, r[len(r)-1])
	}
	return out
}

func benchAds(b *testing.B, fn func(string)) {
	texts := ads(b)
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			fn(s)
		}
	}
}

func BenchmarkFold(b *testing.B) { benchAds(b, func(s string) { Fold(s) }) }

func BenchmarkDigits(b *testing.B) { benchAds(b, func(s string) { Digits(s) }) }

func BenchmarkTokens(b *testing.B) { benchAds(b, func(s string) { Fold(s).Tokens() }) }
