package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vigie-project/vigie/internal/casefile"
)

const verifyExportHelp = `Check a case export offline: that its manifest is signed, by which key, and
that every file in it is the one the manifest lists, with its size and SHA-256,
and that there is no other. Prints what was checked; exits with status 1
naming the first mismatch (all of them are listed).

The export carries the public key that signed it. Its signature alone proves
that nothing changed since signing, not who signed: give the fingerprint of the
instance that should have made the export (its administrator prints it with
"vigie key") with --key, or compare it with the one printed.

Examples:
  vigie verify-export case-12.zip
  vigie verify-export --key SHA256:3f2a-91bc-... case-12.zip
`

func runVerifyExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "verify-export", "[--key FINGERPRINT] CASE.zip", verifyExportHelp)
	key := fs.String("key", "", "`fingerprint` of the key the export must be signed with (vigie key prints it)")
	// Flags may come before or after the arguments.
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintf(e.stderr, "vigie verify-export: want one export file, got %d arguments\n", len(pos))
		return errUsage
	}
	var opt casefile.VerifyOptions
	if *key != "" {
		fp, err := casefile.ParseFingerprint(*key)
		if err != nil {
			fmt.Fprintf(e.stderr, "vigie verify-export: --key: %v\n", err)
			return errUsage
		}
		opt.Fingerprint = fp
	}
	path := pos[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	rep, verr := casefile.Verify(ctx, f, st.Size(), opt)
	var first *casefile.Mismatch
	if verr != nil && !errors.As(verr, &first) {
		return verr // cancelled, or an I/O error
	}
	printExportReport(e, path, st.Size(), opt, rep)
	if verr != nil {
		return fmt.Errorf("%s: %w", path, verr)
	}
	return nil
}

// printExportReport prints what Verify checked. What comes from the
// manifest is quoted when it holds anything a terminal could act on, and
// marked unverified when the signature does not hold.
func printExportReport(e *env, path string, size int64, opt casefile.VerifyOptions, rep casefile.Report) {
	w := e.stdout
	fmt.Fprintf(w, "export     %s (%d bytes)\n", path, size)
	m := rep.Manifest
	if m.Format != "" {
		unverified := ""
		if !rep.SignatureValid {
			unverified = "  (unverified: the signature does not hold)"
		}
		fmt.Fprintf(w, "case       %s %s%s\n", quoteUnsafe(m.CaseID), strconv.Quote(m.CaseTitle), unverified)
		fmt.Fprintf(w, "created    %s by %s, vigie %s, rulebook %s\n", m.CreatedAt.UTC().Format(time.RFC3339), quoteUnsafe(m.CreatedBy),
			quoteUnsafe(m.VigieVersion), quoteUnsafe(m.RulebookVersion))
	}
	if rep.Signer != "" {
		fmt.Fprintf(w, "signer     %s\n", rep.Signer)
	}
	switch {
	case rep.SignatureValid:
		fmt.Fprintln(w, "signature  valid: manifest.json is as the signer wrote it")
	case m.Format != "":
		fmt.Fprintln(w, "signature  NOT VALID")
	}
	switch {
	case opt.Fingerprint == "":
		fmt.Fprintln(w, "origin     not checked: the signature proves the files are unchanged since signing, not who signed;")
		fmt.Fprintln(w, "           compare the signer above with the fingerprint the instance's administrator gives")
		fmt.Fprintln(w, "           (vigie key), or pass it with --key")
	case rep.Pinned:
		fmt.Fprintf(w, "origin     signed by the expected key (--key %s)\n", opt.Fingerprint)
	default:
		fmt.Fprintf(w, "origin     NOT the expected key (--key %s)\n", opt.Fingerprint)
	}
	if m.Format != "" {
		fmt.Fprintf(w, "files      %d listed, %s read and hashed (SHA-256)\n", rep.Files, exportBytes(rep.Bytes))
	}
	if rep.OK() {
		fmt.Fprintln(w, "result     OK: every file listed is present and intact, and there is no other")
		return
	}
	fmt.Fprintf(w, "mismatches %d\n", len(rep.Mismatches)+rep.MoreMismatches)
	for _, mm := range rep.Mismatches {
		fmt.Fprintf(w, "  %s\n", mm)
	}
	if rep.MoreMismatches > 0 {
		fmt.Fprintf(w, "  … and %d more\n", rep.MoreMismatches)
	}
	fmt.Fprintln(w, "result     FAILED")
}

// quoteUnsafe returns s, or s quoted when it holds control characters,
// invalid UTF-8 or spaces at its ends.
func quoteUnsafe(s string) string {
	if s == "" {
		return `""`
	}
	if strings.TrimSpace(s) != s || strings.ContainsFunc(s, func(r rune) bool { return r == unicode.ReplacementChar || !unicode.IsPrint(r) && r != ' ' }) {
		return strconv.Quote(s)
	}
	return s
}

// exportBytes says a number of bytes for people.
func exportBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB (%d bytes)", float64(n)/float64(div), "kMGTPE"[exp], n)
}

const keyHelp = `Print the fingerprint of this instance's signing key, which signs case
exports, creating the key when there is none. Give the fingerprint to whoever
receives exports (a court, a partner): "vigie verify-export --key FINGERPRINT"
then proves an export comes from this instance.

The key is kept in DATA/instance.key (even with --db), readable by its owner
only, as a PEM PKCS #8 Ed25519 private key. Keep it secret and back it up with
the data: exports already given out can only be checked against its
fingerprint.
`

func runKey(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "key", "[--data DIR]", keyHelp)
	df := addDataFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(e.stderr, "vigie key: want no arguments, got %q\n", fs.Args())
		return errUsage
	}
	path := instanceKeyPath(*df.data)
	_, statErr := os.Stat(path)
	key, err := casefile.LoadOrCreateKey(path)
	if err != nil {
		return err
	}
	if errors.Is(statErr, os.ErrNotExist) {
		fmt.Fprintf(e.stderr, "vigie key: created a new instance key in %s: keep it secret and back it up\n", path)
	}
	fmt.Fprintln(e.stdout, casefile.Fingerprint(key.Public().(ed25519.PublicKey)))
	return nil
}

// instanceKeyPath returns the instance key's file in the data directory.
func instanceKeyPath(data string) string {
	return filepath.Join(data, casefile.KeyFileName)
}
