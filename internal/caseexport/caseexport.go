// Package caseexport gathers a case for court: the original captured
// bytes of its documents, their analysis, the case's custody trail from
// the audit log and an HTML report readable offline, written as a signed
// case export (package casefile) that vigie verify-export checks offline.
package caseexport

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/casefile"
	"github.com/vigie-project/vigie/internal/evidence"
	"github.com/vigie-project/vigie/internal/rules"
	"github.com/vigie-project/vigie/internal/store"
)

// Summary is what an export holds.
type Summary struct {
	Case      int64  `json:"case"`
	Documents int    `json:"documents"`
	Originals int    `json:"originals"`
	Custody   int    `json:"custody_rows"`
	Signer    string `json:"signer"` // the instance key's fingerprint
}

// Write writes the export of case id, as v may see it, to out, signed
// with key. The originals are read from ev and checked against their
// SHA-256 as they are copied: a changed original fails the export rather
// than going out. The caller records the export in the audit trail.
func Write(ctx context.Context, st *store.Store, ev *evidence.Store, key ed25519.PrivateKey, v store.Viewer, id int64, out io.Writer) (Summary, error) {
	c, err := st.Case(ctx, v, id)
	if err != nil {
		return Summary{}, err
	}
	actor := store.ActorOf(ctx)
	book := rules.Default()
	cid := strconv.FormatInt(id, 10)
	w, err := casefile.NewWriter(out, casefile.Meta{
		CaseID: cid, CaseTitle: c.Title, CreatedBy: actor.Name, VigieVersion: version(), RulebookVersion: book.Version(),
	})
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Case: id, Signer: casefile.Fingerprint(key.Public().(ed25519.PublicKey))}

	// The documents, whole, and their originals.
	var docs []store.DocumentView
	for _, it := range c.Material {
		if it.Kind != store.ItemDocument {
			continue
		}
		d, err := st.Document(ctx, it.Ref)
		if err != nil {
			return sum, fmt.Errorf("document %s of the case: %w", it.Ref, err)
		}
		docs = append(docs, d)
	}
	sum.Documents = len(docs)
	var files []fileLine
	done, checked := map[string]bool{}, map[string]bool{}
	for _, d := range docs {
		path, info, r, err := original(ev, d, checked)
		if err != nil {
			return sum, err
		}
		if r == nil {
			continue
		}
		if done[path] {
			r.Close()
			continue
		}
		done[path] = true
		err = w.AddFile(path, r, info)
		r.Close()
		if err != nil {
			return sum, fmt.Errorf("original of document %s: %w", d.ID, err)
		}
		sum.Originals++
		files = append(files, fileLine{Path: path, Document: d.ID, Source: info.Source, Blob: info.Blob})
	}

	// The analysis.
	an := analysisFile{Case: caseJSON(c), Rulebook: book.Version(), Documents: []store.DocumentJSON{}}
	for _, d := range docs {
		an.Documents = append(an.Documents, d.JSON(func(id string) string { return book.Explain(id, "en") }))
	}
	b, err := json.MarshalIndent(an, "", " ")
	if err != nil {
		return sum, err
	}
	if err := w.AddFile("analysis.json", bytes.NewReader(b), casefile.FileInfo{Kind: casefile.KindAnalysis, MediaType: "application/json"}); err != nil {
		return sum, err
	}

	// The custody trail: every row about the case, made for it, or about
	// one of its documents; and the trail's last row, to check it against.
	objects := map[string]bool{"case:" + cid: true}
	for _, d := range docs {
		objects["document:"+d.ID] = true
	}
	cust := custodyFile{Case: cid, Rows: []audit.Entry{}}
	err = st.AuditRows(ctx, store.AuditFilter{}, func(e audit.Entry) error {
		cust.Head = audit.Head{Seq: e.Seq, Hash: e.Hash}
		if objects[e.Object] || e.Purpose == "case:"+cid {
			cust.Rows = append(cust.Rows, e)
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	sum.Custody = len(cust.Rows)
	if b, err = json.MarshalIndent(cust, "", " "); err != nil {
		return sum, err
	}
	if err := w.AddFile("custody.json", bytes.NewReader(b), casefile.FileInfo{Kind: casefile.KindCustody, MediaType: "application/json"}); err != nil {
		return sum, err
	}

	// The report.
	var html bytes.Buffer
	if err := reportTmpl.Execute(&html, reportData{Case: c, Analysis: an, Custody: cust, Files: files, Signer: sum.Signer,
		Exported: time.Now().UTC().Format(time.RFC3339), By: actor.Name, Rulebook: book.Version()}); err != nil {
		return sum, err
	}
	if err := w.AddFile("report.html", &html, casefile.FileInfo{Kind: casefile.KindReport, MediaType: "text/html"}); err != nil {
		return sum, err
	}
	return sum, w.Close(key)
}

// version is vigie's module version, or "(devel)".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// original returns the original of d to export, with its description
// (r is nil when d has none): the bytes of its record when it was read
// from a part of a file of many records (a line of a JSON lines file, a
// record of a WARC) and has no attached picture, else the whole evidence
// file (a chat export with its pictures, a page). Every evidence file is
// checked against its SHA-256 before a part of it goes out; checked
// holds those checked already.
func original(ev *evidence.Store, d store.DocumentView, checked map[string]bool) (path string, info casefile.FileInfo, r io.ReadCloser, err error) {
	o := d.Origin
	if o.Blob == "" {
		return "", info, nil, nil
	}
	info = casefile.FileInfo{Kind: casefile.KindOriginal, Source: firstOf(d.URL, d.Source), Blob: o.Blob}
	if t, err := time.Parse(time.RFC3339Nano, d.IngestedAt); err == nil {
		info.CapturedAt = t
	}
	if o.Length <= 0 || len(d.Media) > 0 {
		// Whole: evidence.Open checks the digest as the bytes are read,
		// and the export fails at the end of a changed file.
		blob, err := ev.Open(o.Blob)
		if err != nil {
			return "", info, nil, fmt.Errorf("original of document %s: %w", d.ID, err)
		}
		return "originals/" + o.Blob, info, blob, nil
	}
	var f *os.File
	var size int64
	if checked[o.Blob] {
		f, size, err = ev.OpenFile(o.Blob)
	} else {
		f, size, err = ev.OpenVerified(o.Blob)
	}
	if err != nil {
		return "", info, nil, fmt.Errorf("original of document %s: %w", d.ID, err)
	}
	checked[o.Blob] = true
	if o.Offset < 0 || o.Offset+o.Length > size {
		f.Close()
		return "", info, nil, fmt.Errorf("original of document %s: record %d+%d outside its evidence file of %d bytes", d.ID, o.Offset, o.Length, size)
	}
	path = fmt.Sprintf("originals/%s-%d-%d", o.Blob, o.Offset, o.Length)
	return path, info, sectionCloser{io.NewSectionReader(f, o.Offset, o.Length), f}, nil
}

// sectionCloser reads a section of a file and closes the file.
type sectionCloser struct {
	*io.SectionReader
	f *os.File
}

func (s sectionCloser) Close() error { return s.f.Close() }

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// analysisFile is analysis.json.
type analysisFile struct {
	Case      caseInfo             `json:"case"`
	Rulebook  string               `json:"rulebook"`
	Documents []store.DocumentJSON `json:"documents"`
}

type caseInfo struct {
	ID        int64            `json:"id"`
	Title     string           `json:"title"`
	Status    string           `json:"status"`
	Tags      []string         `json:"tags"`
	Members   []string         `json:"members"`
	CreatedBy string           `json:"created_by"`
	CreatedAt string           `json:"created_at"`
	Material  []store.CaseItem `json:"material"`
	Notes     []store.CaseNote `json:"notes"`
}

func caseJSON(c store.CaseView) caseInfo {
	return caseInfo{ID: c.ID, Title: c.Title, Status: c.Status, Tags: c.Tags, Members: c.MemberNames, CreatedBy: c.CreatedBy,
		CreatedAt: c.CreatedAt, Material: c.Material, Notes: c.Notes}
}

// custodyFile is custody.json.
type custodyFile struct {
	Case string `json:"case"`
	// Head is the last row of the whole trail when the export was made:
	// vigie audit verify --head SEQ:HASH on the instance checks that the
	// trail still holds it.
	Head audit.Head    `json:"trail_head"`
	Rows []audit.Entry `json:"rows"`
}

// fileLine is an original as the report lists it.
type fileLine struct {
	Path, Document, Source, Blob string
}

type reportData struct {
	Case                           store.CaseView
	Analysis                       analysisFile
	Custody                        custodyFile
	Files                          []fileLine
	Signer, Exported, By, Rulebook string
}

// marked writes a document's text with its indicators marked.
func marked(d store.DocumentJSON) template.HTML {
	type span struct{ start, end int }
	var spans []span
	for _, h := range d.Indicators {
		if h.Start >= 0 && h.Start < h.End && h.End <= len(d.Text) {
			spans = append(spans, span{h.Start, h.End})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if s.start < at {
			continue // overlapping: the first wins
		}
		b.WriteString(template.HTMLEscapeString(d.Text[at:s.start]))
		b.WriteString("<mark>" + template.HTMLEscapeString(d.Text[s.start:s.end]) + "</mark>")
		at = s.end
	}
	b.WriteString(template.HTMLEscapeString(d.Text[at:]))
	return template.HTML(b.String())
}

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{"marked": marked}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Case {{.Case.ID}}: {{.Case.Title}}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}.text{white-space:pre-wrap;border:1px solid #ccc;padding:.6rem}
mark{background:#ffe08a}code{overflow-wrap:anywhere}</style></head><body>
<h1>Case {{.Case.ID}}: {{.Case.Title}}</h1>
<p>Exported {{.Exported}} by {{.By}}. Status {{.Case.Status}}; opened by {{.Case.CreatedBy}} on {{.Case.CreatedAt}}; members: {{range .Case.MemberNames}}{{.}} {{end}}.
Rulebook {{.Rulebook}}. Signed by the instance key {{.Signer}}: check this export with <code>vigie verify-export --key '{{.Signer}}' FILE.zip</code> (see VERIFY.txt).</p>
<h2>Documents ({{len .Analysis.Documents}})</h2>
{{range .Analysis.Documents}}<section><h3>{{.ID}}</h3>
<p>Source {{.Source}}{{with .URL}}, <code>{{.}}</code>{{end}}{{with .Author}}, author {{.}}{{end}}{{with .PostedAt}}, posted {{.}}{{end}}; ingested {{.IngestedAt}}; language {{.Language}}; risk {{printf "%.2f" .Risk}}.</p>
<div class="text">{{marked .}}</div>
{{if .Indicators}}<ul>{{range .Indicators}}<li>«{{.Text}}» — {{.Explanation}} ({{.ID}})</li>{{end}}</ul>{{end}}
{{if .Entities}}<p>Contacts: {{range .Entities}}{{.Kind}} <code>{{.Value}}</code>; {{end}}</p>{{end}}
<p>Original: evidence file <code>{{.Origin.Blob}}</code>{{with .Origin.Record}}, {{.}}{{end}}.</p></section>{{end}}
<h2>Notes</h2>{{range .Case.Notes}}<p><strong>{{.Author}}</strong>, {{.At}}:</p><div class="text">{{.Text}}</div>{{else}}<p>None.</p>{{end}}
<h2>Original files</h2><table><tr><th>File</th><th>Document</th><th>Source</th></tr>{{range .Files}}<tr><td><code>{{.Path}}</code></td><td>{{.Document}}</td><td><code>{{.Source}}</code></td></tr>{{end}}</table>
<h2>Custody trail ({{len .Custody.Rows}} rows)</h2>
<p>Rows of the audit trail about this case or its documents. When exported, the trail's last row was {{.Custody.Head.Seq}}, hash <code>{{.Custody.Head.Hash}}</code>.</p>
<table><tr><th>#</th><th>When (UTC)</th><th>Who</th><th>What</th><th>On what</th><th>Purpose</th><th>Detail</th></tr>
{{range .Custody.Rows}}<tr><td>{{.Seq}}</td><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td>{{.Actor}}</td><td>{{.Action}}</td><td>{{.Object}}</td><td>{{.Purpose}}</td><td>{{.Detail}}</td></tr>{{end}}</table>
</body></html>
`))
