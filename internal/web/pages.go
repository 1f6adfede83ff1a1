package web

import (
	"html/template"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/cluster"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/training"
)

// The data of each page: one type per template, named by its template
// method, so that a page can only be rendered with the data its template
// was written for, and the tests can execute every template against its
// type (TestTemplatesAgainstTypes).

// page is the data of a page.
type page interface {
	// template is the name of the page's template (templates/NAME.html).
	template() string
	// base returns the part every page has, for render to fill.
	base() *frame
}

// frame is what the layout shows on every page: who is logged in (nil on
// the login and some error pages) and in which language.
type frame struct {
	User *store.User
	Lang string
}

func (f *frame) base() *frame { return f }

// pageTypes returns a zero value of every page type, for the tests.
func pageTypes() []page {
	return []page{
		&loginPage{}, &errorPage{}, &dashboardPage{}, &searchPage{}, &documentPage{},
		&triagePage{}, &entityPage{}, &networkPage{}, &networksPage{}, &ingestPage{},
		&ingestJobPage{}, &statisticsPage{}, &guidePage{}, &quizPage{}, &accountPage{}, &usersPage{},
		&casesPage{}, &casePage{}, &watchPage{}, &purposePage{}, &auditPageData{},
	}
}

type loginPage struct {
	frame
	Next, Name, Error string
	Changed           bool // the password was changed: log in again
}

func (*loginPage) template() string { return "login" }

type errorPage struct {
	frame
	Status  int
	Message string // a message key
}

func (*errorPage) template() string { return "error" }

type dashboardPage struct {
	frame
	Stats      store.Stats
	Recent     []store.Result
	Runs       []store.RunInfo // the latest ingests
	NewAlerts  int             // the user's unseen watchlist alerts
	Chart      template.HTML
	Categories []string
}

func (*dashboardPage) template() string { return "dashboard" }

// searchPage holds the search form as typed (echoed back) and, once a
// search has run, its results and facets.
type searchPage struct {
	frame
	Q, Category, MinRisk, SearchLang, Source, From, To string
	Categories                                         []string
	Error                                              string
	Searched                                           bool
	Results                                            []store.Result
	Facets                                             []facetGroup
	FacetsCounted                                      int  // documents the facets count
	FacetsPartial                                      bool // more matched: the newest were counted
	FacetsSkipped                                      bool // the server was too busy to count
}

func (*searchPage) template() string { return "search" }

// entityLink is an identifier found in a document's text.
type entityLink struct {
	Kind, Value string
	Text        string // as written in the text
	Search      string // its entity page, when it has one
}

type documentPage struct {
	frame
	Doc           store.DocumentView
	Marked        template.HTML
	Indicators    []indicatorView
	Entities      []entityLink
	DocCategories []categoryView
	Similar       []store.ClusterMember
	ClusterSize   string
	ShowMedia     bool
	Network       string              // the id of its network, if any
	InCases       []store.CaseSummary // the cases holding it that the user sees
	AddTo         addToCase
}

func (*documentPage) template() string { return "document" }

// triagePage holds the triage form (a text, or a page's URL) and, once
// checked, a verdict for the text or for each text read from the page.
type triagePage struct {
	frame
	Text, URL string
	CanFetch  bool // the server can fetch pages
	Error     string
	Fetched   bool // the results are the texts of the page at URL
	CanIngest bool // the user may capture the page as evidence
	Results   []triageResult
	Total     int // texts read from the page (Results holds at most maxTriageDocs)
}

// triageResult is the verdict on one text.
type triageResult struct {
	Where   string // the URL of a text read from a page
	Excerpt string // its start, for a text read from a page
	Verdict triageVerdict
}

func (*triagePage) template() string { return "triage" }

// coEntity is an identifier seen with an entity, with its page.
type coEntity struct {
	store.CoEntity
	URL string
}

type entityPage struct {
	frame
	Entity store.EntityView
	With   []coEntity
	AddTo  addToCase
}

func (*entityPage) template() string { return "entity" }

// networkLink is an identifier that links a network's posts, with the
// search for it.
type networkLink struct {
	store.NetworkLink
	Search string
}

type networkPage struct {
	frame
	Net      store.NetworkSummary
	Links    []networkLink
	Graph    template.HTML
	Timeline template.HTML
	Template cluster.Tmpl
	Shown    int
	AddTo    addToCase
}

func (*networkPage) template() string { return "network" }

type networksPage struct {
	frame
	Nets []store.NetworkSummary
}

func (*networksPage) template() string { return "networks" }

type ingestPage struct {
	frame
	Jobs    []ingestJob
	Enabled bool
	Error   string
}

func (*ingestPage) template() string { return "ingest" }

type ingestJobPage struct {
	frame
	Job ingestJob
}

func (*ingestJobPage) template() string { return "ingestjob" }

type statisticsPage struct {
	frame
	Tables   []statTable
	Chart    template.HTML
	MinCell  int
	Contacts []contactRow // recurring identifiers, pseudonymised
}

func (*statisticsPage) template() string { return "statistics" }

type guidePage struct {
	frame
	Guide         []training.Section
	TrainingLang  string
	TrainingLangs []string
}

func (*guidePage) template() string { return "guide" }

type quizPage struct {
	frame
	Questions    []training.Question
	Seed         uint64
	TrainingLang string
	Result       *training.Result // once answered
}

func (*quizPage) template() string { return "quiz" }

// accountPage is a user's own account: language, password and, for
// those who may use the API, their tokens.
type accountPage struct {
	frame
	Langs         []string
	CanAPI        bool
	Tokens        []store.APIToken
	NewToken      string // a token just made, shown once
	NewTokenLabel string
	Error         string
}

func (*accountPage) template() string { return "account" }

// usersPage is the administrators' list of accounts, with the outcome of
// the last change.
type usersPage struct {
	frame
	Users        []store.User
	Roles, Langs []string
	Done, Error  string
	OneTime      string // a one-time password just made, shown once
	OneTimeFor   string // whose
}

func (*usersPage) template() string { return "users" }

// casesPage lists the cases the user sees, with the form to open one.
type casesPage struct {
	frame
	Cases []store.CaseSummary
	Error string
}

func (*casesPage) template() string { return "cases" }

// caseItemView is a piece of a case's material with its page.
type caseItemView struct {
	store.CaseItem
	URL string
}

// casePage is one case: its material by kind, notes, members and a
// timeline.
type casePage struct {
	frame
	Case      store.CaseView
	Statuses  []string
	Documents []caseItemView
	Entities  []caseItemView
	Networks  []caseItemView
	Timeline  []caseEvent
	Chart     template.HTML // the posting dates of its documents
	CanExport bool          // the user may export it, and the server can
	Error     string
}

func (*casePage) template() string { return "case" }

// addToCase is the "add to case" form of a document, contact or network
// page: the open cases of the user, and what the form posts.
type addToCase struct {
	Cases  []store.CaseSummary
	Action string // add_document, add_entity, add_network
	Fields map[string]string
	Back   string
}

// watchPage is a user's watchlist and alerts.
type watchPage struct {
	frame
	Watches    []store.Watch
	Alerts     []store.Alert
	Unseen     int
	Kinds      []string
	Categories []string
	Error      string
}

func (*watchPage) template() string { return "watchlist" }

// purposePage asks the purpose of looking at people's data outside a
// case.
type purposePage struct {
	frame
	Next    string
	Cases   []store.CaseSummary // the user's open cases, to choose from
	Current string              // the purpose stated so far, if any
	Error   string
}

func (*purposePage) template() string { return "purpose" }

// auditPageData is a page of the audit trail, newest first, with the
// filters as typed and, on asking, the check of the whole chain.
type auditPageData struct {
	frame
	Actor, Action, Object, From, To string
	Rows                            []audit.Entry
	Older                           string // the next page, if any
	Verified                        bool
	Check                           audit.Result
	Error                           string
}

func (*auditPageData) template() string { return "audit" }
