package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/vigie-project/vigie/internal/evidence"
	"github.com/vigie-project/vigie/internal/vigie"
)

const verifyHelp = `Check the database's integrity and the evidence: read every blob through and compare it with its SHA-256,
and check that every stored document's original bytes are present. Names
every blob that is corrupt or missing and every stray file; exits with
status 1 when anything is wrong.
`

// errFound reports that verify found problems it has already printed.
var errFound = errors.New("problems found")

func runVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "verify", "[flags]", verifyHelp)
	df := addDataFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	ev, err := evidence.Open(filepath.Join(*df.data, "evidence"))
	if err != nil {
		return err
	}
	var blobs, bad, docs, missing int
	if err := st.Check(ctx); err != nil {
		bad++
		fmt.Fprintf(e.stdout, "%v\n", err)
	}
	intact := map[string]bool{}
	err = ev.Walk(func(en evidence.Entry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if en.Digest == "" {
			bad++
			fmt.Fprintf(e.stdout, "stray file: %s\n", en.Path)
			return nil
		}
		blobs++
		if err := ev.Verify(en.Digest); err != nil {
			bad++
			fmt.Fprintf(e.stdout, "corrupt blob %s: %v\n", en.Digest, err)
			return nil
		}
		intact[en.Digest] = true
		return nil
	})
	if err != nil {
		return err
	}
	err = st.Origins(ctx, func(key string, o vigie.Origin) error {
		docs++
		if o.Blob != "" && !intact[o.Blob] {
			missing++
			fmt.Fprintf(e.stdout, "document %s: original bytes %s missing or corrupt (%s)\n", key, o.Blob, o.Record)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d blobs checked, %d bad; %d documents checked, %d without intact original\n", blobs, bad, docs, missing)
	if bad > 0 || missing > 0 {
		return errFound
	}
	return nil
}
