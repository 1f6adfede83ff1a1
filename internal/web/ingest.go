package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/vigie-project/vigie/internal/store"
)

// IngestFunc ingests one input, a file path or an http(s) URL, exactly
// as vigie ingest does (evidence kept, analysed, clustered, linked),
// calling progress with each progress line, and returns its summary
// (the lines vigie ingest prints) and whether records were rejected.
type IngestFunc func(ctx context.Context, input string, progress func(line string)) (summary string, err error)

// maxUpload bounds an uploaded file.
const maxUpload = 512 << 20

// maxJobs is how many ingest jobs the server remembers (the newest).
const maxJobs = 50

// ingestJob is an ingest started from the web application.
type ingestJob struct {
	ID      string
	Input   string // the file's name or the URL
	By      string
	Started time.Time
	Ended   time.Time
	Running bool
	Last    string // last progress line
	Summary string
	Err     string
}

// jobs holds the server's recent ingest jobs.
type jobs struct {
	mu   sync.Mutex
	list []*ingestJob // newest last
	wg   sync.WaitGroup
}

func (j *jobs) add(job *ingestJob) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.list = append(j.list, job)
	// Forget the oldest finished jobs beyond maxJobs.
	for len(j.list) > maxJobs {
		i := 0
		for i < len(j.list) && j.list[i].Running {
			i++
		}
		if i == len(j.list) {
			break
		}
		j.list = append(j.list[:i], j.list[i+1:]...)
	}
}

// snapshot returns copies of the jobs, newest first.
func (j *jobs) snapshot() []ingestJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]ingestJob, 0, len(j.list))
	for i := len(j.list) - 1; i >= 0; i-- {
		out = append(out, *j.list[i])
	}
	return out
}

func (j *jobs) get(id string) (ingestJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, job := range j.list {
		if job.ID == id {
			return *job, true
		}
	}
	return ingestJob{}, false
}

func (j *jobs) update(job *ingestJob, f func(*ingestJob)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(job)
}

// Wait blocks until every ingest started from the web application has
// ended (serve calls it before closing the store).
func (s *Server) Wait() { s.jobs.wg.Wait() }

func (s *Server) ingestPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.render(w, r, u, &ingestPage{Jobs: s.jobs.snapshot(), Enabled: s.opt.Ingest != nil})
}

// safeName keeps the letters, digits and . _ - of an uploaded file's base
// name (its extension tells the format), so that it cannot name a path.
func safeName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := strings.TrimLeft(b.String(), ".")
	if out == "" {
		out = "upload"
	}
	return out
}

func (s *Server) startIngest(w http.ResponseWriter, r *http.Request, u *store.User) {
	tr := translator(langOf(r, u))
	again := func(status int, msg string) {
		w.WriteHeader(status)
		s.render(w, r, u, &ingestPage{Jobs: s.jobs.snapshot(), Enabled: s.opt.Ingest != nil, Error: msg})
	}
	if s.opt.Ingest == nil || s.opt.UploadDir == "" {
		again(http.StatusServiceUnavailable, tr("ingestOff"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		again(http.StatusBadRequest, tr("uploadTooBig", maxUpload>>20))
		return
	}
	defer r.MultipartForm.RemoveAll()
	var input, shown, cleanup string
	if url := strings.TrimSpace(r.FormValue("url")); url != "" {
		if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
			again(http.StatusBadRequest, tr("badURL"))
			return
		}
		input, shown = url, url
	} else {
		f, hdr, err := r.FormFile("file")
		if err != nil {
			again(http.StatusBadRequest, tr("nothingToIngest"))
			return
		}
		defer f.Close()
		var raw [8]byte
		rand.Read(raw[:])
		dir := filepath.Join(s.opt.UploadDir, hex.EncodeToString(raw[:]))
		if err := os.MkdirAll(dir, 0o750); err != nil {
			s.internal(w, r, u, err)
			return
		}
		path := filepath.Join(dir, safeName(hdr.Filename))
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if err == nil {
			_, err = io.Copy(out, f)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			os.RemoveAll(dir)
			s.internal(w, r, u, err)
			return
		}
		input, shown, cleanup = path, hdr.Filename, dir
	}
	var raw [8]byte
	rand.Read(raw[:])
	job := &ingestJob{ID: hex.EncodeToString(raw[:]), Input: shown, By: u.Name, Started: s.opt.Now(), Running: true}
	s.jobs.add(job)
	s.opt.Log.Info("ingest started from the web", "job", job.ID, "input", shown, "by", u.Name)
	s.jobs.wg.Add(1)
	go func() {
		defer s.jobs.wg.Done()
		if cleanup != "" {
			defer os.RemoveAll(cleanup) // the bytes are kept in the evidence store
		}
		summary, err := s.opt.Ingest(context.WithoutCancel(r.Context()), input, func(line string) {
			s.jobs.update(job, func(j *ingestJob) { j.Last = line })
		})
		s.jobs.update(job, func(j *ingestJob) {
			j.Running, j.Ended, j.Summary = false, s.opt.Now(), summary
			if err != nil {
				j.Err = err.Error()
			}
		})
		s.opt.Log.Info("ingest ended", "job", job.ID, "err", err)
	}()
	http.Redirect(w, r, "/ingest/"+job.ID, http.StatusSeeOther)
}

func (s *Server) ingestJobPage(w http.ResponseWriter, r *http.Request, u *store.User) {
	job, ok := s.jobs.get(r.PathValue("job"))
	if !ok {
		s.fail(w, r, u, http.StatusNotFound, "notFound")
		return
	}
	s.render(w, r, u, &ingestJobPage{Job: job})
}
