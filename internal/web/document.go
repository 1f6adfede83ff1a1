package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/analyze"
	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/capture"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

// indicatorView is an indicator found in a text, as pages show it.
type indicatorView struct {
	ID, Category, Text, Explanation string
}

// categoryView is a category a document was reported under.
type categoryView struct {
	ID, Title string
	Score     float64
}

// categoryTitle returns the title of category id in lang, else its id.
func categoryTitle(book *rules.Book, id, lang string) string {
	for _, c := range book.Categories() {
		if c.ID == id {
			if t := c.Title[lang]; t != "" {
				return t
			}
			if t := c.Title["en"]; t != "" {
				return t
			}
		}
	}
	return id
}

func (s *Server) document(w http.ResponseWriter, r *http.Request, u *store.User) {
	ctx := r.Context()
	ref := r.PathValue("id")
	d, err := s.st.Document(ctx, ref)
	if s.failed(w, r, u, err) {
		return
	}
	if !s.record(w, r, u, audit.ActionViewDocument, "document:"+d.ID, "") {
		return
	}
	lang := langOf(r, u)
	var spans []span
	var inds []indicatorView
	for _, h := range d.Hits {
		ex := s.book.Explain(h.Indicator, lang)
		spans = append(spans, span{Start: h.Start, End: h.End, Label: ex, Kind: "indicator"})
		var text string
		if h.Start >= 0 && h.End <= len(d.Text) && h.Start < h.End {
			text = d.Text[h.Start:h.End]
		}
		inds = append(inds, indicatorView{ID: h.Indicator, Category: h.Category, Text: text, Explanation: ex})
	}
	var ents []entityLink
	for _, e := range d.Entities {
		var text string
		if e.Start < e.End && e.End <= len(d.Text) {
			text = d.Text[e.Start:e.End]
			spans = append(spans, span{Start: e.Start, End: e.End, Label: string(e.Kind) + ": " + e.Value, Kind: "entity"})
		}
		search := ""
		if filterable(e.Kind) {
			search = entityURL(e.Kind, e.Value)
		}
		ents = append(ents, entityLink{Kind: string(e.Kind), Value: e.Value, Text: text, Search: search})
	}
	var cats []categoryView
	for _, c := range d.Categories {
		cats = append(cats, categoryView{c.ID, categoryTitle(s.book, c.ID, lang), c.Score})
	}
	similar, size, err := s.st.ClusterOf(ctx, d.StoreID, 10, maxClusterCount)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	netID, inNet, err := s.st.NetworkOfDocument(ctx, d.StoreID)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	p := &documentPage{
		Doc: d, Marked: markedHTML(segments(d.Text, spans)), Indicators: inds, Entities: ents, DocCategories: cats,
		Similar: similar, ClusterSize: clusterSize(size), ShowMedia: s.opt.Evidence != nil,
	}
	if inNet {
		p.Network = strconv.FormatInt(netID, 10)
	}
	if ok, _ := can(u, auth.Cases.String()); ok {
		if p.InCases, err = s.st.CasesOfDocument(ctx, viewer(u), d.StoreID); err != nil {
			s.internal(w, r, u, err)
			return
		}
		open, err := s.openCases(r, u)
		if err != nil {
			s.internal(w, r, u, err)
			return
		}
		p.AddTo = addToCase{Cases: open, Action: "add_document", Fields: map[string]string{"ref": d.ID}, Back: "/doc/" + urlQueryEscape(d.ID)}
	}
	s.render(w, r, u, p)
}

// filterable reports whether search takes kind:value filters of kind.
func filterable(k vigie.EntityKind) bool {
	_, ok, err := store.EntityFilter(string(k)+":x", "BE")
	return ok || err != nil
}

// triageVerdict is the plain-language outcome of a triage.
type triageVerdict struct {
	Level      string // "high", "some" or "none"
	Categories []string
	Indicators []indicatorView
}

func (s *Server) triagePage(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.render(w, r, u, &triagePage{CanFetch: s.opt.FetchPage != nil})
}

// maxTriageText bounds the text a triage analyses.
const maxTriageText = 64 << 10

// maxTriageDocs bounds the texts of one page that a triage shows.
const maxTriageDocs = 20

// triage checks a pasted text, or the texts of a page at a URL, and
// says in plain words what they point to. Nothing of either is stored or
// logged: triage is for looking; capturing a page as evidence is the
// ingest page's work, which the result offers to those who may ingest.
func (s *Server) triage(w http.ResponseWriter, r *http.Request, u *store.User) {
	lang := langOf(r, u)
	tr := translator(lang)
	p := &triagePage{CanFetch: s.opt.FetchPage != nil}
	again := func(status int, msg string) {
		w.WriteHeader(status)
		p.Error = msg
		s.render(w, r, u, p)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxTriageText+4096)
	if err := r.ParseForm(); err != nil {
		again(http.StatusRequestEntityTooLarge, tr("tooLong", maxTriageText>>10))
		return
	}
	p.Text = strings.TrimSpace(r.PostForm.Get("text"))
	p.URL = strings.TrimSpace(r.PostForm.Get("url"))
	switch {
	case p.Text == "" && p.URL == "":
		again(http.StatusBadRequest, tr("emptyText"))
		return
	case p.Text != "" && p.URL != "":
		again(http.StatusBadRequest, tr("textOrURL"))
		return
	case p.Text != "":
		p.Results = []triageResult{{Verdict: s.verdict(analyze.Input{Text: p.Text}, lang)}}
		s.render(w, r, u, p)
		return
	}
	if s.opt.FetchPage == nil {
		again(http.StatusServiceUnavailable, tr("fetchOff"))
		return
	}
	if !strings.HasPrefix(p.URL, "http://") && !strings.HasPrefix(p.URL, "https://") {
		again(http.StatusBadRequest, tr("badURL"))
		return
	}
	docs, err := s.opt.FetchPage(r.Context(), p.URL)
	switch {
	case errors.Is(err, capture.ErrNotPublic):
		again(http.StatusBadRequest, tr("notPublic"))
		return
	case err != nil:
		again(http.StatusBadGateway, tr("fetchFailed", err.Error()))
		return
	}
	p.Fetched = true
	p.CanIngest, _ = can(u, auth.Ingest.String())
	for _, d := range docs {
		v := s.verdict(analyze.Input{Text: d.Text, Region: d.Region, Lang: d.Lang}, lang)
		p.Results = append(p.Results, triageResult{Where: d.URL, Excerpt: excerpt(d.Text, 300), Verdict: v})
	}
	// The most worrying first, then in page order.
	slices.SortStableFunc(p.Results, func(a, b triageResult) int { return levelRank(a.Verdict.Level) - levelRank(b.Verdict.Level) })
	p.Total = len(p.Results)
	if len(p.Results) > maxTriageDocs {
		p.Results = p.Results[:maxTriageDocs]
	}
	s.render(w, r, u, p)
}

// verdict analyses one text and says how worrying it is, in lang.
func (s *Server) verdict(in analyze.Input, lang string) triageVerdict {
	a := s.analyzer.Analyze(in)
	v := triageVerdict{Level: "none"}
	for _, c := range a.Categories {
		v.Categories = append(v.Categories, categoryTitle(s.book, c.ID, lang))
	}
	for _, h := range a.Indicators {
		v.Indicators = append(v.Indicators, indicatorView{ID: h.ID, Category: h.Category, Text: h.Text, Explanation: s.book.Explain(h.ID, lang)})
	}
	switch {
	case len(a.Categories) > 0 && a.Risk >= highRisk:
		v.Level = "high"
	case len(a.Categories) > 0 || len(a.Indicators) > 0:
		v.Level = "some"
	}
	return v
}

// levelRank orders verdict levels, the most worrying first.
func levelRank(level string) int {
	switch level {
	case "high":
		return 0
	case "some":
		return 1
	}
	return 2
}

// excerpt returns the start of text, at most n bytes cut at a character,
// with an ellipsis when it was cut.
func excerpt(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n] + "…"
}

// maxClusterCount is the most members a document page counts in its
// template cluster.
const maxClusterCount = 999

// clusterSize writes a cluster's size as counted up to maxClusterCount.
func clusterSize(n int) string {
	if n > maxClusterCount {
		return strconv.Itoa(maxClusterCount+1) + "+"
	}
	return strconv.Itoa(n)
}
