package normalize

import (
	"fmt"
	"github.com/vigie-project/vigie/internal/sharedtest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// BenchmarkDigitsOf measures DigitsOf alone on folded Memex ads, as the
// analysis calls it.
func BenchmarkDigitsOf(b *testing.B) {
	texts := ads(b)
	folds := make([]*Text, len(texts))
	n := 0
	for i, s := range texts {
		folds[i] = Fold(s)
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range folds {
			DigitsOf(f)
		}
	}
}

// BenchmarkSpan measures Span over every token of the folded and digit
// views of the Memex ads, as extractors call it.
func BenchmarkSpan(b *testing.B) {
	texts := ads(b)
	var views []*Text
	n := 0
	for _, s := range texts {
		f := Fold(s)
		views = append(views, f, DigitsOf(f))
		f.Tokens()
		views[len(views)-1].Tokens()
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range views {
			for _, tok := range t.Tokens() {
				t.Span(int(tok.Start), int(tok.End))
			}
		}
	}
}

// foldASCIIRef is a plain reference of Fold for ASCII input: the norm and
// the origin of each of its bytes. It guards the eight-bytes-at-a-time
// path of Fold.
func foldASCIIRef(s string) (string, [][2]int) {
	var out []byte
	var orig [][2]int
	pending, spStart, spEnd := false, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			if !pending {
				pending, spStart = true, i
			}
			spEnd = i + 1
		case c < 0x20 || c == 0x7f:
		default:
			if pending && len(out) > 0 {
				out = append(out, ' ')
				orig = append(orig, [2]int{spStart, spEnd})
			}
			pending = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			orig = append(orig, [2]int{i, i + 1})
		}
	}
	return string(out), orig
}

func checkFoldASCII(t *testing.T, s string) {
	t.Helper()
	want, orig := foldASCIIRef(s)
	f := Fold(s)
	if f.Norm != want {
		t.Fatalf("Fold(%q).Norm = %q; want %q", s, f.Norm, want)
	}
	for i := range orig {
		if a, b := f.Span(i, i+1); a != orig[i][0] || b != orig[i][1] {
			t.Fatalf("Fold(%q).Span(%d, %d) = %d, %d; want %d, %d", s, i, i+1, a, b, orig[i][0], orig[i][1])
		}
	}
}

// TestFoldASCIIRef compares Fold with foldASCIIRef on strings made of the
// bytes that decide the fast path (spaces, other white space, controls,
// DEL, upper and lower case, the bounds of the printable range), at every
// length and alignment around eight bytes.
func TestFoldASCIIRef(t *testing.T) {
	alphabet := "aZ ~!\t\n\x7f\x00@[`{/09"
	seed := uint64(1)
	for n := 0; n < 40; n++ {
		for k := 0; k < 400; k++ {
			b := make([]byte, n)
			for i := range b {
				seed = seed*6364136223846793005 + 1442695040888963407
				b[i] = alphabet[(seed>>33)%uint64(len(alphabet))]
			}
			checkFoldASCII(t, string(b))
		}
	}
	for _, s := range []string{"abcdefgh ijklmnop", "ABCDEFG  HIJKLMNOP", "abcdefg hijklmno ", "a b c d e f g h i j", "        x", "x\x7fyyyyyyyyy"} {
		checkFoldASCII(t, s)
	}
}

// FuzzFoldASCII compares Fold with foldASCIIRef on ASCII input.
func FuzzFoldASCII(f *testing.F) {
	f.Add("Hello  World\tAGAIN abcdefgh ijk")
	f.Add("x\x7fy z\x00")
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i := range b {
			b[i] &= 0x7f
		}
		checkFoldASCII(t, string(b))
	})
}

// TestSpanConcurrent calls Span on one shared Text from several
// goroutines at once, as extractors do, while its segment index is built
// lazily; run with -race. All must agree with the spans computed alone.
func TestSpanConcurrent(t *testing.T) {
	s := strings.Repeat("Café  Ｎｅｗ\u200d in town,\t 555  0101 ①!  ", 40)
	ref := Fold(s)
	want := make([][2]int, len(ref.Norm))
	for i := range want {
		want[i][0], want[i][1] = ref.Span(i, i+1)
	}
	shared := Fold(s)
	shared.Tokens()
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := len(want) - 1; i >= 0; i-- {
				if a, b := shared.Span(i, i+1); a != want[i][0] || b != want[i][1] {
					errs <- fmt.Sprintf("Span(%d, %d) = %d, %d; want %d, %d", i, i+1, a, b, want[i][0], want[i][1])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestRuledOut checks that ruledOut never rules out a run startsWithWord
// accepts: on every number word and its extensions, every run of three
// letters and the words of the corpora.
func TestRuledOut(t *testing.T) {
	var runs []string
	for w := range numWords {
		runs = append(runs, w, w+"s", w+"xyz", w+w, "x"+w)
	}
	for a := byte('a'); a <= 'z'; a++ {
		for b := byte('a'); b <= 'z'; b++ {
			runs = append(runs, string([]byte{a, b}))
			for c := byte('a'); c <= 'z'; c++ {
				runs = append(runs, string([]byte{a, b, c}), string([]byte{a, b, c, 'a'}))
			}
		}
	}
	for _, c := range sharedtest.TextCorpora(t) {
		for _, s := range c.Texts {
			f := Fold(s)
			for _, tok := range f.Tokens() {
				if tok.Kind == Word {
					runs = append(runs, f.Norm[tok.Start:tok.End])
				}
			}
		}
	}
	for _, r := range runs {
		if ruledOut(r) && startsWithWord(r) {
			t.Errorf("ruledOut(%q) = true; startsWithWord = true", r)
		}
	}
}

// tokensRef cuts s into tokens one by one, without the blocks of
// asciiTokens.
func tokensRef(s string) []Token {
	var toks []Token
	for i := 0; i < len(s); {
		i, toks = scanToken(s, i, toks)
	}
	return toks
}

func checkTokens(t *testing.T, s string) {
	t.Helper()
	x := Fold(s)
	got, want := x.Tokens(), tokensRef(x.Norm)
	if !slices.Equal(got, want) {
		t.Fatalf("Fold(%q).Tokens() = %v; want %v", s, got, want)
	}
}

// TestTokensRef compares Tokens with tokensRef on strings made of the
// bytes that decide the blocks (letters, digits, spaces, punctuation,
// symbols, non-ASCII letters and symbols), at lengths around 64 bytes.
func TestTokensRef(t *testing.T) {
	alphabet := []string{"a", "Z", "0", "9", " ", " ", ",", "$", "é", "🚤", "ж", "\u0301"}
	seed := uint64(1)
	for n := 0; n < 150; n += 3 {
		for k := 0; k < 200; k++ {
			var b strings.Builder
			for b.Len() < n {
				seed = seed*6364136223846793005 + 1442695040888963407
				b.WriteString(alphabet[(seed>>33)%uint64(len(alphabet))])
			}
			checkTokens(t, b.String())
		}
	}
	for _, s := range []string{strings.Repeat("a", 200), strings.Repeat("7", 130) + "x", strings.Repeat("ab ", 70)} {
		checkTokens(t, s)
	}
}

// FuzzTokens compares Tokens with tokensRef.
func FuzzTokens(f *testing.F) {
	f.Add("Call 0475, now! €50 🚤🚤 a4 4a مرحبا ٥ " + strings.Repeat("x", 70))
	f.Fuzz(func(t *testing.T, s string) { checkTokens(t, s) })
}

// TestScreenWord checks isPlainWord and screenWord against screenRun and
// startsWithWord, which they stand in for, on the Word tokens of the
// corpora and on runs made of number words, letters and digits.
func TestScreenWord(t *testing.T) {
	var texts []string
	for _, c := range sharedtest.TextCorpora(t) {
		texts = append(texts, c.Texts...)
	}
	var b strings.Builder
	for w := range numWords {
		b.WriteString(w + " " + w + "s x" + w + " " + w + "9 Z" + w + " ")
	}
	seed := uint64(7)
	for range 20000 {
		seed = seed*6364136223846793005 + 1442695040888963407
		n := 1 + int(seed>>59)
		for k := range n {
			b.WriteByte("abcdefghijklmnopqrstuvwxyzoei0183TÉ"[(seed>>(k*3))%35])
		}
		b.WriteByte(' ')
	}
	texts = append(texts, b.String())
	for _, s := range texts {
		f := Fold(s)
		for _, tk := range f.Tokens() {
			if tk.Kind != Word {
				continue
			}
			i, j := int(tk.Start), int(tk.End)
			run := f.Norm[i:j]
			hasDigit, maybe := screenRun(f.Norm, i, j)
			skip := !hasDigit && (!maybe || !startsWithWord(run))
			if n := j - i; n <= 8 && i+8 <= len(f.Norm) {
				if got := isPlainWord(load64(f.Norm, i), n); got && !skip {
					t.Errorf("isPlainWord(%q) = true; want false", run)
				}
			}
			ok := true
			switch v := screenWord(f.Norm, i, j); v {
			case vSkip:
				ok = skip
			case vDigit:
				ok = hasDigit
			case vWord:
				ok = !hasDigit && !skip
			case vUnknown:
				ok = !hasDigit
			}
			if !ok {
				t.Errorf("screenWord(%q): wrong verdict; screenRun = %v, %v", run, hasDigit, maybe)
			}
		}
	}
}
