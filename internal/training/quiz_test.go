package training

import (
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/vigie"
)

func ids(qs []Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.ExampleID
	}
	return out
}

func TestQuizDeterministic(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		a, b := Quiz("fr", seed, 10), Quiz("fr", seed, 10)
		if !slices.Equal(ids(a), ids(b)) {
			t.Errorf("Quiz(fr, %d, 10) = %v then %v; want the same", seed, ids(a), ids(b))
		}
	}
	// Different seeds must not all give the same quiz.
	first := ids(Quiz("en", 1, 10))
	same := true
	for seed := uint64(2); seed < 6; seed++ {
		if !slices.Equal(ids(Quiz("en", seed, 10)), first) {
			same = false
		}
	}
	if same {
		t.Errorf("Quiz(en, 1..5, 10) all = %v; want the seed to change the draw", first)
	}
}

// TestQuizCovers requires nine questions to cover the eight categories
// and "nothing to report", for every seed tried and language, without
// repeating an example.
func TestQuizCovers(t *testing.T) {
	want := append(slices.Clone(vigie.Categories), NothingToReport)
	slices.Sort(want)
	for _, lang := range guideLangs {
		for seed := range uint64(20) {
			qs := Quiz(lang, seed, len(want))
			var got []string
			for _, q := range qs {
				got = append(got, q.Answer)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("Quiz(%s, %d, 9) answers = %v; want %v", lang, seed, got, want)
			}
		}
	}
}

// TestQuizQuestions checks every question of a full quiz: nine distinct
// choices with labels, exactly one of which is the answer, the answer of
// its example, and the text and explanation of its example.
func TestQuizQuestions(t *testing.T) {
	for _, lang := range guideLangs {
		pool := Examples(lang)
		byID := map[string]Example{}
		for _, e := range pool {
			byID[e.ID] = e
		}
		qs := Quiz(lang, 7, 1000)
		if len(qs) != len(pool) {
			t.Errorf("Quiz(%s, 7, 1000) has %d questions; want all %d examples", lang, len(qs), len(pool))
		}
		seen := map[string]bool{}
		for _, q := range qs {
			if seen[q.ExampleID] {
				t.Errorf("Quiz(%s): example %s asked twice", lang, q.ExampleID)
			}
			seen[q.ExampleID] = true
			e, ok := byID[q.ExampleID]
			if !ok {
				t.Errorf("Quiz(%s): question %s is not an example in %s", lang, q.ExampleID, lang)
				continue
			}
			if q.Answer != e.Answer() || q.Text != e.Text || q.Explanation != e.Explanation || q.Lang != lang || q.Fallback {
				t.Errorf("Quiz(%s): question %+v does not match example %+v", lang, q, e)
			}
			if len(q.Choices) != len(vigie.Categories)+1 {
				t.Errorf("Quiz(%s) %s: %d choices; want %d", lang, q.ExampleID, len(q.Choices), len(vigie.Categories)+1)
			}
			correct := 0
			labels := map[string]bool{}
			for _, c := range q.Choices {
				if c.ID == q.Answer {
					correct++
				}
				if c.Label == "" || labels[c.Label] {
					t.Errorf("Quiz(%s) %s: choice %s has an empty or repeated label %q", lang, q.ExampleID, c.ID, c.Label)
				}
				labels[c.Label] = true
			}
			if correct != 1 {
				t.Errorf("Quiz(%s) %s: %d choices are the answer %q; want exactly 1", lang, q.ExampleID, correct, q.Answer)
			}
		}
	}
}

func TestQuizEdges(t *testing.T) {
	tests := []struct {
		name         string
		lang         string
		n            int
		wantLen      int
		wantLang     string
		wantFallback bool
	}{
		{"zero", "en", 0, 0, "", false},
		{"negative", "en", -3, 0, "", false},
		{"one", "nl", 1, 1, "nl", false},
		{"missing language", "ro", 4, 4, "en", true},
		{"empty language", "", 2, 2, "en", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := Quiz(tt.lang, 3, tt.n)
			if len(qs) != tt.wantLen {
				t.Fatalf("Quiz(%q, 3, %d) has %d questions; want %d", tt.lang, tt.n, len(qs), tt.wantLen)
			}
			for _, q := range qs {
				if q.Lang != tt.wantLang || q.Fallback != tt.wantFallback {
					t.Errorf("Quiz(%q) question lang %q fallback %v; want %q %v", tt.lang, q.Lang, q.Fallback, tt.wantLang, tt.wantFallback)
				}
			}
		})
	}
}

func TestScore(t *testing.T) {
	qs := Quiz("en", 11, 12)
	right := make([]string, len(qs))
	wrong := make([]string, len(qs))
	for i, q := range qs {
		right[i] = " " + q.Answer + " " // spaces are trimmed
		for _, c := range q.Choices {
			if c.ID != q.Answer {
				wrong[i] = c.ID
				break
			}
		}
	}
	tests := []struct {
		name        string
		answers     []string
		wantCorrect int
	}{
		{"all correct", right, len(qs)},
		{"all wrong", wrong, 0},
		{"unanswered", nil, 0},
		{"unknown answers", []string{"x", "y"}, 0},
		{"first half only", right[:len(qs)/2], len(qs) / 2},
		{"extra answers ignored", append(slices.Clone(right), "extra"), len(qs)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(qs, tt.answers)
			if res.Correct != tt.wantCorrect || res.Total != len(qs) || len(res.Items) != len(qs) {
				t.Fatalf("Score(%v) = %d/%d with %d items; want %d/%d", tt.answers, res.Correct, res.Total, len(res.Items), tt.wantCorrect, len(qs))
			}
			var asked, correct, missed int
			for _, cr := range res.Categories {
				asked += cr.Asked
				correct += cr.Correct
				missed += len(cr.Missed)
				if cr.Label == "" {
					t.Errorf("Score: category %s has no label", cr.ID)
				}
				for _, f := range cr.Missed {
					if f.Correct || f.Answer != cr.ID || f.Explanation == "" {
						t.Errorf("Score: category %s holds missed feedback %+v", cr.ID, f)
					}
				}
			}
			if asked != len(qs) || correct != tt.wantCorrect || missed != len(qs)-tt.wantCorrect {
				t.Errorf("Score(%v) categories sum to asked %d correct %d missed %d; want %d %d %d",
					tt.answers, asked, correct, missed, len(qs), tt.wantCorrect, len(qs)-tt.wantCorrect)
			}
			for i, f := range res.Items {
				if f.ExampleID != qs[i].ExampleID || f.Answer != qs[i].Answer || f.AnswerLabel == "" {
					t.Errorf("Score item %d = %+v; want question %s", i, f, qs[i].ExampleID)
				}
			}
		})
	}
	if res := Score(qs, wrong); res.Items[0].GivenLabel == "" {
		t.Errorf("Score(all wrong) item 0 GivenLabel is empty; want the label of %q", wrong[0])
	}
	if res := Score(nil, right); res.Total != 0 || res.Correct != 0 || len(res.Categories) != 0 {
		t.Errorf("Score(nil, answers) = %+v; want an empty result", res)
	}
}

// TestScoreCategoryOrder requires the per-category results in the order of
// the choices, "nothing to report" last.
func TestScoreCategoryOrder(t *testing.T) {
	res := Score(Quiz("nl", 5, 9), nil)
	var got []string
	for _, cr := range res.Categories {
		got = append(got, cr.ID)
	}
	want := append(slices.Clone(vigie.Categories), NothingToReport)
	if !slices.Equal(got, want) {
		t.Errorf("Score categories = %v; want %v", got, want)
	}
}

// TestSplitMix pins the generator to the published SplitMix64 outputs
// for seed 1234567, so that a seed draws the same quiz on every version.
func TestSplitMix(t *testing.T) {
	r := newRand(1234567)
	want := []uint64{6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821}
	for i, w := range want {
		if got := r.next(); got != w {
			t.Errorf("splitmix(1234567) output %d = %d; want %d", i, got, w)
		}
	}
	for _, n := range []uint64{1, 2, 9, 1000} {
		for range 100 {
			if v := r.below(n); v >= n {
				t.Fatalf("below(%d) = %d; want < %d", n, v, n)
			}
		}
	}
}

func BenchmarkQuiz(b *testing.B) {
	for b.Loop() {
		Quiz("fr", 42, 10)
	}
}
