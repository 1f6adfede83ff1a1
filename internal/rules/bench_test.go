package rules

import (
	"testing"

	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/sharedtest"
)

// memexTexts returns the ad texts of the Memex classifier test set.
func memexTextsT(b testing.TB) []string {
	b.Helper()
	return sharedtest.MemexAds(b, "testing.csv")
}

func memexTexts(b *testing.B) []string { return memexTextsT(b) }

func caseTexts(b *testing.B) []string {
	var out []string
	for _, c := range loadCases(b) {
		out = append(out, c.Text)
	}
	return out
}

// benchScore measures Score alone: the texts are folded and tokenised
// beforehand, as the analysis pipeline does once for every extractor.
func benchScore(b *testing.B, texts []string) {
	book := defaultBook(b)
	folded := make([]*normalize.Text, len(texts))
	n := 0
	for i, s := range texts {
		folded[i] = normalize.Fold(s)
		folded[i].Tokens()
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range folded {
			book.Score(t, nil, 0.5)
		}
	}
}

// benchFoldScore measures Fold, Tokens and Score together.
func benchFoldScore(b *testing.B, texts []string) {
	book := defaultBook(b)
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			book.Score(normalize.Fold(s), nil, 0.5)
		}
	}
}

func BenchmarkScoreMemex(b *testing.B)     { benchScore(b, memexTexts(b)) }
func BenchmarkScoreCases(b *testing.B)     { benchScore(b, caseTexts(b)) }
func BenchmarkFoldScoreMemex(b *testing.B) { benchFoldScore(b, memexTexts(b)) }
func BenchmarkFoldScoreCases(b *testing.B) { benchFoldScore(b, caseTexts(b)) }

// BenchmarkScoreMemexParallel scores the Memex ads on every core
// (-cpu sets how many), each goroutine folding its own texts.
func BenchmarkScoreMemexParallel(b *testing.B) {
	book := defaultBook(b)
	texts := memexTexts(b)
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, s := range texts {
				book.Score(normalize.Fold(s), nil, 0.5)
			}
		}
	})
}
