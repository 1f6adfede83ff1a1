package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/casefile"
)

// runCmd runs one of this file's commands with an env built as vigieRun
// builds it (the lead registers them in main's table).
func runCmd(fn func(context.Context, *env, []string) error, args ...string) (string, string, error) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	err := fn(context.Background(), e, args)
	return out.String(), errb.String(), err
}

func TestKey(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	out, errs, err := runCmd(runKey, "--data", data)
	if err != nil {
		t.Fatalf("key = %v, %s", err, errs)
	}
	fp := strings.TrimSpace(out)
	if !regexp.MustCompile(`^SHA256:[0-9a-f]{4}(-[0-9a-f]{4}){15}$`).MatchString(fp) {
		t.Errorf("key printed %q; want a fingerprint alone", out)
	}
	if !strings.Contains(errs, "created a new instance key in "+filepath.Join(data, "instance.key")) {
		t.Errorf("key did not say it created the key: %q", errs)
	}
	key, err := casefile.LoadOrCreateKey(filepath.Join(data, "instance.key"))
	if err != nil || casefile.Fingerprint(key.Public().(ed25519.PublicKey)) != fp {
		t.Errorf("the key file's fingerprint differs from the printed one (%v)", err)
	}
	again, errs, err := runCmd(runKey, "--data", data)
	if err != nil || again != out || errs != "" {
		t.Errorf("key again = %v, %q, %q; want the same fingerprint, nothing on stderr", err, again, errs)
	}
	if _, _, err := runCmd(runKey, "--data", data, "extra"); !errors.Is(err, errUsage) {
		t.Errorf("key with an argument = %v; want a usage error", err)
	}
	os.Chmod(filepath.Join(data, "instance.key"), 0o644)
	if _, _, err := runCmd(runKey, "--data", data); err == nil || !strings.Contains(err.Error(), "permissions") {
		t.Errorf("key with a world-readable key file = %v; want a permissions error", err)
	}
}

// writeTestExport writes an export signed by the instance key of data and
// returns its file and the original's bytes.
func writeTestExport(t *testing.T, data string) (string, string) {
	t.Helper()
	key, err := casefile.LoadOrCreateKey(instanceKeyPath(data))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := casefile.NewWriter(&buf, casefile.Meta{CaseID: "7", CaseTitle: "Harbour \x1b[2Jvans", CreatedAt: time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC),
		CreatedBy: "ana", VigieVersion: "v0.9.0", RulebookVersion: "2026.2"})
	if err != nil {
		t.Fatal(err)
	}
	original := "WARC/1.1\r\nWARC-Type: resource\r\n\r\nan original capture, kept as it is\r\n"
	if err := w.AddFile("originals/capture.warc", strings.NewReader(original), casefile.FileInfo{Kind: casefile.KindOriginal, MediaType: "application/warc"}); err != nil {
		t.Fatal(err)
	}
	if err := w.AddFile("report.html", strings.NewReader("<p>report</p>"), casefile.FileInfo{Kind: casefile.KindReport}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(key); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "case.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, original
}

func TestVerifyExport(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	fpOut, _, _ := runCmd(runKey, "--data", data)
	fp := strings.TrimSpace(fpOut)
	path, original := writeTestExport(t, data)

	out, _, err := runCmd(runVerifyExport, path)
	if err != nil {
		t.Fatalf("verify-export = %v\n%s", err, out)
	}
	for _, want := range []string{
		"export     " + path, `case       7 "Harbour \x1b[2Jvans"`, "created    2026-02-03T04:05:06Z by ana, vigie v0.9.0, rulebook 2026.2",
		"signer     " + fp, "signature  valid", "origin     not checked", "files      3 listed", "result     OK",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("verify-export output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("verify-export printed an escape sequence from the manifest:\n%q", out)
	}

	// Pinned, in another form than printed, flags after the file.
	other := strings.ToUpper(strings.ReplaceAll(fp, "-", ":"))
	if out, _, err := runCmd(runVerifyExport, path, "--key", other); err != nil || !strings.Contains(out, "signed by the expected key") {
		t.Errorf("verify-export --key (right) = %v\n%s", err, out)
	}
	wrong := "SHA256:" + strings.Repeat("0", 64)
	out, _, err = runCmd(runVerifyExport, "--key", wrong, path)
	if !errors.Is(err, casefile.ErrSigner) || !strings.Contains(err.Error(), path+": signer.pub: signed by "+fp) || !strings.Contains(out, "NOT the expected key") {
		t.Errorf("verify-export --key (wrong) = %v\n%s", err, out)
	}

	// A byte flipped in the stored original, as a damaged disk would.
	b, _ := os.ReadFile(path)
	i := bytes.Index(b, []byte(original))
	b[i+20] ^= 1
	os.WriteFile(path, b, 0o600)
	out, _, err = runCmd(runVerifyExport, path)
	if !errors.Is(err, casefile.ErrDigest) || !strings.Contains(err.Error(), "originals/capture.warc: damaged or altered") {
		t.Errorf("verify-export (flipped byte) = %v; want a digest error naming originals/capture.warc", err)
	}
	if !strings.Contains(out, "mismatches 1\n  originals/capture.warc: ") || !strings.Contains(out, "result     FAILED") {
		t.Errorf("verify-export (flipped byte) output:\n%s", out)
	}

	for _, bad := range [][]string{{}, {path, path}, {"--key", "SHA256:12", path}, {"--nope", path}} {
		if _, _, err := runCmd(runVerifyExport, bad...); !errors.Is(err, errUsage) {
			t.Errorf("verify-export %q = %v; want a usage error", bad, err)
		}
	}
	if _, _, err := runCmd(runVerifyExport, filepath.Join(t.TempDir(), "none.zip")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("verify-export (no file) = %v; want not exist", err)
	}
	notZip := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(notZip, []byte("hello"), 0o600)
	if out, _, err := runCmd(runVerifyExport, notZip); !errors.Is(err, casefile.ErrFormat) || !strings.Contains(out, "result     FAILED") {
		t.Errorf("verify-export (not a zip) = %v\n%s", err, out)
	}
}

func TestVerifyExportHelp(t *testing.T) {
	if _, errs, err := runCmd(runVerifyExport, "--help"); err == nil || !strings.Contains(errs, "--key FINGERPRINT") {
		t.Errorf("verify-export --help = %v, %q", err, errs)
	}
	if _, errs, err := runCmd(runKey, "--help"); err == nil || !strings.Contains(errs, "instance.key") {
		t.Errorf("key --help = %v, %q", err, errs)
	}
}
