package training

import (
	"slices"
	"strings"

	"github.com/vigie-project/vigie/internal/vigie"
)

// Choice is one possible answer to a question.
type Choice struct {
	ID    string // a category id or NothingToReport
	Label string // plain words in the question's language
}

// Question is one post of the self-test. It carries its answer and
// explanation so that Score needs nothing else: the web layer must show
// only Text, Translation and Choices before the user answers.
type Question struct {
	ExampleID string
	// Lang is the language of the choices and the explanation; Fallback
	// reports that the requested language had no content and DefaultLang
	// was used.
	Lang        string
	Fallback    bool
	Text        string
	TextLang    string
	Translation string   // gist of Text in Lang when TextLang differs, else ""
	Choices     []Choice // the eight categories then NothingToReport, always in this order
	Answer      string   // the id of the one correct choice
	Explanation string
	NextSteps   string
}

// Quiz draws n questions in lang from the examples, deterministically: the
// same content, lang, seed and n give the same questions in the same order.
// The draw goes round the answers (the eight categories and
// NothingToReport) in a seed-dependent order, so n >= 9 covers every
// answer the language has examples for; n beyond the number of examples
// returns them all, n <= 0 none. A language without content falls back to
// DefaultLang, with Fallback set on every question.
func Quiz(lang string, seed uint64, n int) []Question {
	c, err := loadDefault()
	if err != nil || n <= 0 {
		return nil
	}
	lang, fallback := c.resolve(lang)
	answers := append(slices.Clone(vigie.Categories), NothingToReport)
	buckets := make(map[string][]*Example, len(answers))
	for i := range c.examples {
		e := &c.examples[i]
		if e.Lang == lang {
			buckets[e.Answer()] = append(buckets[e.Answer()], e)
		}
	}
	r := newRand(seed)
	for _, a := range answers {
		shuffle(r, buckets[a])
	}
	order := slices.Clone(answers)
	shuffle(r, order)

	var picked []*Example
	for len(picked) < n {
		took := false
		for _, a := range order {
			if len(picked) == n {
				break
			}
			if b := buckets[a]; len(b) > 0 {
				picked = append(picked, b[0])
				buckets[a] = b[1:]
				took = true
			}
		}
		if !took {
			break
		}
	}
	shuffle(r, picked)

	choices := make([]Choice, len(answers))
	for i, a := range answers {
		choices[i] = Choice{ID: a, Label: c.label(lang, a)}
	}
	qs := make([]Question, len(picked))
	for i, e := range picked {
		qs[i] = Question{
			ExampleID: e.ID, Lang: lang, Fallback: fallback,
			Text: e.Text, TextLang: e.TextLang, Translation: e.Translation,
			Choices: slices.Clone(choices), Answer: e.Answer(),
			Explanation: e.Explanation, NextSteps: e.NextSteps,
		}
	}
	return qs
}

// Feedback is the outcome of one question.
type Feedback struct {
	ExampleID   string
	Given       string // the answer given, trimmed; "" when unanswered
	GivenLabel  string // its label, "" when unanswered or not a choice
	Answer      string // the correct answer
	AnswerLabel string
	Correct     bool
	Explanation string
	NextSteps   string
}

// CategoryResult sums up the questions whose correct answer is one
// category (or NothingToReport).
type CategoryResult struct {
	ID      string
	Label   string
	Asked   int
	Correct int
	// Missed holds the feedback of the questions answered wrongly, with
	// their explanation, in question order.
	Missed []Feedback
}

// Result is the score of a self-test.
type Result struct {
	Correct int
	Total   int
	Items   []Feedback // one per question, in question order
	// Categories holds one entry per answer asked at least once, in the
	// order of the choices.
	Categories []CategoryResult
}

// Score scores answers against qs: answers[i] is the choice id given to
// qs[i]. Missing, empty or unknown answers count as wrong; answers beyond
// len(qs) are ignored. Score uses only what qs holds.
func Score(qs []Question, answers []string) Result {
	res := Result{Total: len(qs), Items: make([]Feedback, len(qs))}
	var order []string
	byID := make(map[string]*CategoryResult)
	for i, q := range qs {
		var given string
		if i < len(answers) {
			given = strings.TrimSpace(answers[i])
		}
		f := Feedback{
			ExampleID: q.ExampleID, Given: given, GivenLabel: choiceLabel(q.Choices, given),
			Answer: q.Answer, AnswerLabel: choiceLabel(q.Choices, q.Answer),
			Correct:     given != "" && given == q.Answer,
			Explanation: q.Explanation, NextSteps: q.NextSteps,
		}
		res.Items[i] = f
		cr := byID[q.Answer]
		if cr == nil {
			cr = &CategoryResult{ID: q.Answer, Label: f.AnswerLabel}
			byID[q.Answer] = cr
			order = append(order, q.Answer)
		}
		cr.Asked++
		if f.Correct {
			res.Correct++
			cr.Correct++
		} else {
			cr.Missed = append(cr.Missed, f)
		}
	}
	rank := func(id string) int {
		if i := slices.Index(vigie.Categories, id); i >= 0 {
			return i
		}
		if id == NothingToReport {
			return len(vigie.Categories)
		}
		return len(vigie.Categories) + 1
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	for _, id := range order {
		res.Categories = append(res.Categories, *byID[id])
	}
	return res
}

// choiceLabel returns the label of choice id, or "" when it is not one.
func choiceLabel(cs []Choice, id string) string {
	for _, c := range cs {
		if c.ID == id {
			return c.Label
		}
	}
	return ""
}

// splitmix is the SplitMix64 generator: a fixed algorithm, so that a seed
// draws the same quiz whatever the Go version.
type splitmix struct{ s uint64 }

func newRand(seed uint64) *splitmix { return &splitmix{s: seed} }

func (r *splitmix) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// below returns a uniform number in [0, n), n > 0, by rejection.
func (r *splitmix) below(n uint64) uint64 {
	limit := -n % n // 2^64 mod n: values under it would bias the draw
	for {
		if v := r.next(); v >= limit {
			return v % n
		}
	}
}

// shuffle permutes s uniformly (Fisher–Yates).
func shuffle[T any](r *splitmix, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := r.below(uint64(i + 1))
		s[i], s[j] = s[j], s[i]
	}
}
