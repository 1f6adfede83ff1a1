package quantity

import (
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
)

// BenchmarkFind measures Find alone on the Memex ads, views prepared.
func BenchmarkFind(b *testing.B) {
	texts := readColumn(b, "memex-ads-classifier/testing.csv", "extracted_text")
	views := make([]*normalize.Text, len(texts))
	size := 0
	for i, s := range texts {
		views[i] = normalize.Digits(s)
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range views {
			Find(v)
		}
	}
}

// BenchmarkDigitsFind measures normalisation plus Find on the Memex ads.
func BenchmarkDigitsFind(b *testing.B) {
	texts := readColumn(b, "memex-ads-classifier/testing.csv", "extracted_text")
	size := 0
	for _, s := range texts {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			Find(normalize.Digits(s))
		}
	}
}
