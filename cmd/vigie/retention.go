package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/vigie-project/vigie/internal/store"
)

const retentionHelp = `Keep documents only as long as their source's retention allows.

Subcommands:
  list [--json]        each source: its retention, its documents, how many are
                       past retention (and how many of those a case holds)
  set SOURCE DAYS      keep the documents of SOURCE DAYS days after their ingest
                       (0: until deleted by hand, the default)
  apply [--json]       delete the documents past retention that no case holds,
                       with everything derived from them (contacts, indicators,
                       index entries, alerts) and the evidence files no
                       remaining document comes from; networks are relinked

Documents held by a case are kept whatever their age: close the case and
remove them from it to let retention take them.

Examples:
  vigie retention set facebook-groups 365
  vigie retention list
  vigie retention apply
`

func runRetention(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "retention", "list|set|apply [flags] [SOURCE DAYS]", retentionHelp)
	df := addDataFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	sub, rest := args[0], args[1:]
	// Flags may come before or after the arguments.
	pos, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	want := map[string]int{"list": 0, "set": 2, "apply": 0}
	n, ok := want[sub]
	if !ok {
		fmt.Fprintf(e.stderr, "vigie retention: unknown subcommand %q (want list, set or apply)\n", sub)
		return errUsage
	}
	if len(pos) != n {
		fmt.Fprintf(e.stderr, "vigie retention %s: want %d argument(s), got %d\n", sub, n, len(pos))
		return errUsage
	}
	st, ev, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	switch sub {
	case "list":
		rs, err := st.Retention(ctx, now)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(rs)
		}
		fmt.Fprintf(e.stdout, "%-30s %10s %10s %10s %10s\n", "source", "days", "documents", "expired", "held")
		for _, r := range rs {
			days := strconv.Itoa(r.Days)
			if r.Days == 0 {
				days = "no limit"
			}
			fmt.Fprintf(e.stdout, "%-30s %10s %10d %10d %10d\n", r.Source, days, r.Documents, r.Expired, r.Held)
		}
	case "set":
		days, err := strconv.Atoi(pos[1])
		if err != nil || days < 0 {
			fmt.Fprintf(e.stderr, "vigie retention set: DAYS %q: want a whole number of days, 0 for no limit\n", pos[1])
			return errUsage
		}
		if err := st.SetRetention(ctx, pos[0], days); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "documents of %s kept %d days after their ingest (0: no limit)\n", pos[0], days)
	case "apply":
		rep, err := st.ApplyRetention(ctx, now)
		if err != nil {
			return err
		}
		// The documents are gone; their evidence files go after, so that
		// a stop in between leaves files without documents (removed by
		// the next run's check: none is referenced), never the reverse.
		removed := 0
		for _, b := range rep.Blobs {
			if err := ev.Delete(b); err != nil {
				return fmt.Errorf("documents deleted, evidence file %s not: %w", b, err)
			}
			removed++
		}
		var ls *linkStats
		if rep.Networks {
			l, err := relink(ctx, st)
			if err != nil {
				return fmt.Errorf("documents deleted, but relinking networks failed (vigie networks --relink retries): %w", err)
			}
			ls = &l
		}
		if *asJSON {
			return json.NewEncoder(e.stdout).Encode(struct {
				store.RetentionReport
				BlobsRemoved int `json:"blobs_removed"`
			}{rep, removed})
		}
		srcs := make([]string, 0, len(rep.Deleted)+len(rep.Held))
		for s := range rep.Deleted {
			srcs = append(srcs, s)
		}
		for s := range rep.Held {
			if !slices.Contains(srcs, s) {
				srcs = append(srcs, s)
			}
		}
		slices.Sort(srcs)
		total := 0
		for _, s := range srcs {
			fmt.Fprintf(e.stdout, "%s: %d documents deleted, %d kept for their cases\n", s, rep.Deleted[s], rep.Held[s])
			total += rep.Deleted[s]
		}
		fmt.Fprintf(e.stdout, "%d documents deleted, %d evidence files removed\n", total, removed)
		if ls != nil {
			fmt.Fprintln(e.stdout, ls)
		}
	}
	return nil
}
