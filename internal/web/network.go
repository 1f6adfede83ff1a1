package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/cluster"
	"github.com/vigie-project/vigie/internal/imagehash"
	"github.com/vigie-project/vigie/internal/network"
	"github.com/vigie-project/vigie/internal/normalize"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/svg"
	"github.com/vigie-project/vigie/internal/vigie"
)

// maxNetworkPosts bounds the posts a network page reads to draw it (the
// summary counts them all).
const maxNetworkPosts = 2000

// svgKind is the kind of graph node of an identifier class.
func svgKind(class string) svg.Kind {
	switch class {
	case "phone":
		return svg.KindPhone
	case string(vigie.KindEmail):
		return svg.KindEmail
	case string(vigie.KindIBAN):
		return svg.KindIBAN
	case string(vigie.KindCryptoWallet):
		return svg.KindWallet
	case "photo", network.PhotoClass:
		return svg.KindPhoto
	}
	return svg.KindHandle
}

// identSearch is the search of the documents holding an identifier, or ""
// when search cannot filter on it.
func identSearch(id network.Ident) string {
	kind := id.Class
	switch id.Class {
	case "phone":
		kind = string(vigie.KindPhone)
	case network.PhotoClass:
		kind = string(vigie.KindPhotoHash)
	}
	if !filterable(vigie.EntityKind(kind)) {
		return ""
	}
	return "/search?q=" + urlQueryEscape(kind+":"+id.Value)
}

func (s *Server) network(w http.ResponseWriter, r *http.Request, u *store.User) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	sum, err := s.st.Network(ctx, id)
	if s.failed(w, r, u, err) {
		return
	}
	if !s.record(w, r, u, audit.ActionViewNetwork, "network:"+strconv.FormatInt(id, 10), "") {
		return
	}
	var posts []store.PostRecord
	var photoValues []string
	err = s.st.NetworkPosts(ctx, id, func(p store.PostRecord) error {
		if len(posts) < maxNetworkPosts {
			posts = append(posts, p)
			for _, e := range p.Entities {
				if e.Kind == vigie.KindPhotoHash {
					photoValues = append(photoValues, e.Value)
				}
			}
		}
		return nil
	})
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	tr := translator(langOf(r, u))
	// The graph: posts, the identifiers that link them, and who gives
	// which.
	links := map[network.Ident]bool{}
	g := svg.Graph{Title: tr("networkGraph", id)}
	for _, l := range sum.Links {
		idt := network.Ident{Class: l.Class, Value: l.Value}
		links[idt] = true
		g.Nodes = append(g.Nodes, svg.Node{ID: idt.String(), Label: l.Value, Kind: svgKind(l.Class), Weight: l.Documents})
	}
	idents := network.Identifiers{Photos: network.GroupPhotos(photoValues, imagehash.DefaultMaxDistance)}
	days := map[time.Time]int{}
	var folds []*normalize.Text
	for _, p := range posts {
		g.Nodes = append(g.Nodes, svg.Node{ID: "doc:" + p.ID, Label: p.ID, Kind: svg.KindDocument})
		seen := map[network.Ident]bool{}
		for _, e := range p.Entities {
			idt, ok := idents.Of(e.Kind, e.Value)
			if ok && links[idt] && !seen[idt] {
				seen[idt] = true
				g.Edges = append(g.Edges, svg.Edge{From: "doc:" + p.ID, To: idt.String()})
			}
		}
		if !p.PostedAt.IsZero() {
			days[p.PostedAt.UTC().Truncate(24*time.Hour)]++
		}
		if len(folds) < cluster.MaxSample {
			folds = append(folds, normalize.Fold(p.Text))
		}
	}
	g.Href = func(n svg.Node) string {
		if n.Kind == svg.KindDocument {
			return "/doc/" + urlQueryEscape(n.Label)
		}
		for idt := range links {
			if idt.String() == n.ID {
				return identSearch(idt)
			}
		}
		return ""
	}
	tl := svg.Timeline{Title: tr("activity")}
	for d, n := range days {
		tl.Events = append(tl.Events, svg.Event{Time: d, Count: n})
	}
	sort.Slice(tl.Events, func(i, j int) bool { return tl.Events[i].Time.Before(tl.Events[j].Time) })
	tmpl := cluster.Template(folds)
	var lv []networkLink
	for _, l := range sum.Links {
		lv = append(lv, networkLink{l, identSearch(network.Ident{Class: l.Class, Value: l.Value})})
	}
	open, err := s.openCases(r, u)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	add := addToCase{Cases: open, Action: "add_network", Fields: map[string]string{"network": strconv.FormatInt(id, 10)}, Back: "/network/" + strconv.FormatInt(id, 10)}
	s.render(w, r, u, &networkPage{
		Net: sum, Links: lv, Graph: g.HTML(), Timeline: tl.HTML(), Template: tmpl, Shown: len(posts), AddTo: add,
	})
}

func (s *Server) networks(w http.ResponseWriter, r *http.Request, u *store.User) {
	nets, err := s.st.Networks(r.Context(), 2)
	if err != nil {
		s.internal(w, r, u, err)
		return
	}
	if len(nets) > 200 {
		nets = nets[:200]
	}
	s.render(w, r, u, &networksPage{Nets: nets})
}
