package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/store"
)

// TestMain lets the test binary act as the vigie command, so that a test
// can run it as a process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("VIGIE_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestIngestSurvivesSIGKILL kills an ingest in the middle, runs it again,
// and checks that every document is stored exactly once and that the
// database and the evidence verify.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: ingests 12,000 posts twice (-short)")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	input := filepath.Join(dir, "posts.jsonl")
	const n = 12000
	var b strings.Builder
	texts := []string{
		"Départ de Zuwara vers Lampedusa chaque semaine, 2500 € par personne, paiement après l'arrivée. WhatsApp +218 91 000 %04d",
		"Construction workers needed in Belgium, no papers needed, cash pay, housing deducted. WhatsApp only +32 470 00 %04d",
		"Appartement à louer, 850 € par mois, appelez le 0470 00 %04d",
	}
	for i := range n {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("p%d", i), "source": "crash-test",
			"text": fmt.Sprintf(texts[i%len(texts)], i%10000)})
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(input, []byte(b.String()), 0o640); err != nil {
		t.Fatal(err)
	}
	ingest := func() *exec.Cmd {
		// Small batches, so that the kill comes between commits.
		cmd := exec.Command(os.Args[0], "ingest", "--data", data, "--batch", "500", "--json", input)
		cmd.Env = append(os.Environ(), "VIGIE_TEST_AS_MAIN=1")
		return cmd
	}

	// Start, wait until some batches are committed, kill.
	cmd := ingest()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stored := func() int64 {
		s, err := store.Open(context.Background(), data)
		if err != nil {
			return 0
		}
		defer s.Close()
		st, err := s.Stats(context.Background())
		if err != nil {
			return 0
		}
		return st.Documents
	}
	deadline := time.Now().Add(2 * time.Minute)
	for stored() < 1000 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	before := stored()
	if before == 0 || before >= n {
		t.Fatalf("%d documents stored when killed; want a partial ingest (the kill came too late or too early)", before)
	}

	// Run again: the rest is added, nothing twice.
	out, err := ingest().Output()
	if err != nil {
		t.Fatalf("second ingest: %v", err)
	}
	var sum struct {
		Added   int64 `json:"documents_added"`
		Skipped int64 `json:"documents_skipped"`
	}
	if err := json.Unmarshal(out, &sum); err != nil {
		t.Fatalf("second ingest output %q: %v", out, err)
	}
	if sum.Skipped != before || sum.Added != n-before {
		t.Errorf("second ingest added %d, skipped %d; want %d and %d", sum.Added, sum.Skipped, n-before, before)
	}
	if got := stored(); got != n {
		t.Errorf("%d documents stored; want %d", got, n)
	}
	if code, vout, _ := vigieRun(t, "", "verify", "--data", data); code != 0 {
		t.Errorf("verify after a killed ingest: exit %d\n%s", code, vout)
	}
	t.Logf("killed with %d of %d documents stored; the rerun added the other %d", before, n, sum.Added)
}
