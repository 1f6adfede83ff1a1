package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/caseexport"
	"github.com/vigie-project/vigie/internal/casefile"
	"github.com/vigie-project/vigie/internal/store"
)

const exportCaseHelp = `Export a case for court as one zip file: the original captured bytes of its
documents (WARC records, chat exports with their pictures, the lines of the
files they were read from), their analysis with the rulebook's version
(analysis.json), the case's custody trail from the audit log (custody.json),
a report readable offline in any browser (report.html), and a manifest with
the SHA-256 of every file, signed with this instance's key (Ed25519).

vigie verify-export checks such a file offline and names the first mismatch;
give the court the instance key's fingerprint (vigie key) to check the signer.
The export is recorded in the audit trail.

Examples:
  vigie export case 12 --out case-12.zip
  vigie verify-export --key "$(vigie key)" case-12.zip
`

func runExportCase(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export case", "ID --out FILE [flags]", exportCaseHelp)
	df := addDataFlags(fs)
	out := fs.String("out", "", "the zip `file` to write (required; not overwritten)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		fmt.Fprintln(e.stderr, "vigie export case: give one case ID and --out FILE")
		return errUsage
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(e.stderr, "vigie export case: %q is no case id\n", pos[0])
		return errUsage
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s exists: not overwritten", *out)
	}
	st, ev, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	key, err := casefile.LoadOrCreateKey(instanceKeyPath(*df.data))
	if err != nil {
		return err
	}
	// Written beside, renamed into place once whole: a failed export
	// leaves nothing that could pass for one.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".vigie-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	// The command line works on the whole store: it sees every case.
	sum, err := caseexport.Write(ctx, st, ev, key, store.Viewer{Admin: true}, id, io.MultiWriter(tmp, h))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export case %d: %w", id, err)
	}
	digest := hex.EncodeToString(h.Sum(nil))
	if err := st.Record(ctx, audit.ActionExportCase, "case:"+pos[0], fmt.Sprintf("zip %s, sha256 %s, %d documents, %d originals, signer %s",
		filepath.Base(*out), digest, sum.Documents, sum.Originals, sum.Signer)); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export case %d: %w", id, err)
	}
	fmt.Fprintf(e.stdout, "case %d exported to %s: %d documents, %d original files, %d custody rows\nSHA-256 %s\nsigned by %s\n",
		id, *out, sum.Documents, sum.Originals, sum.Custody, digest, sum.Signer)
	return nil
}
