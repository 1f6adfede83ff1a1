package web

import (
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"strconv"

	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/training"
)

// quizLength is the number of questions of a self-test: one per answer
// (eight categories and "nothing to report"), so that a test covers them
// all.
const quizLength = 9

// trainingLang returns the language of the training content for a
// request: the interface's, or the one asked for with ?lang= among those
// the content has (Dutch included), so that a user may train in another
// language.
func trainingLang(r *http.Request, u *store.User) string {
	if l := r.URL.Query().Get("lang"); l != "" {
		for _, have := range training.Languages() {
			if l == have {
				return l
			}
		}
	}
	if u != nil {
		for _, have := range training.Languages() {
			if u.Lang == have {
				return have
			}
		}
	}
	return langOf(r, u)
}

func (s *Server) guide(w http.ResponseWriter, r *http.Request, u *store.User) {
	lang := trainingLang(r, u)
	s.render(w, r, u, &guidePage{Guide: training.Guide(lang), TrainingLang: lang, TrainingLangs: training.Languages()})
}

func (s *Server) quiz(w http.ResponseWriter, r *http.Request, u *store.User) {
	var b [8]byte
	rand.Read(b[:])
	seed := binary.LittleEndian.Uint64(b[:]) >> 1 // fits an int64 in the form
	lang := trainingLang(r, u)
	s.render(w, r, u, &quizPage{Questions: training.Quiz(lang, seed, quizLength), Seed: seed, TrainingLang: lang})
}

// score scores a self-test: the questions are drawn again from the seed
// the form carries (nothing is kept on the server between the two).
func (s *Server) score(w http.ResponseWriter, r *http.Request, u *store.User) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return
	}
	seed, err := strconv.ParseUint(r.PostForm.Get("seed"), 10, 64)
	lang := r.PostForm.Get("lang")
	if err != nil {
		s.fail(w, r, u, http.StatusBadRequest, "badForm")
		return
	}
	qs := training.Quiz(lang, seed, quizLength)
	answers := make([]string, len(qs))
	for i := range qs {
		answers[i] = r.PostForm.Get("q" + strconv.Itoa(i))
	}
	res := training.Score(qs, answers)
	s.render(w, r, u, &quizPage{Result: &res, Questions: qs, TrainingLang: lang})
}
