package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
)

const auditHelp = `Check and read the audit trail: every login, search, view, change and
export, each row linked to the one before by its hash.

Subcommands:
  verify [--all] [--head SEQ:HASH]   check the hash chain; name the first problem (every
                                     problem with --all) and exit with status 1
  list [filters] [--json]            print rows of the trail, oldest first

verify names a row that was modified, deleted, inserted or moved. A hash chain
alone cannot show rows cut off its end, nor a trail rewritten from some row on
with recomputed hashes: keep the "last row" that verify prints somewhere else
(with the case file, in a custody record) and give it back with --head to check
that the trail still reaches that row and matches it.

Filters of list: --actor NAME, --action VERB (login, search, view_document,
change_user, export_case…), --object OBJECT (OBJECT* for every object beginning
so), --purpose PURPOSE, --since DATE, --until DATE (not included), --after SEQ,
--newest (newest first), --limit N.

Examples:
  vigie audit verify
  vigie audit verify --head 1234:5f3a…(64 hex digits)
  vigie audit list --actor ana --since 2026-03-01 --limit 50
  vigie audit list --object 'case:12' --json
  vigie audit list --object 'document:*' --newest --limit 20
`

func runAudit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "audit", "verify|list [flags]", auditHelp)
	df := addDataFlags(fs)
	all := fs.Bool("all", false, "list every problem, not only the first (verify)")
	head := fs.String("head", "", "`SEQ:HASH` of a row printed by an earlier verify, to check the trail against (verify)")
	actor := fs.String("actor", "", "only rows of this `actor` (list)")
	action := fs.String("action", "", "only rows of this `action` (list)")
	object := fs.String("object", "", "only rows about this `object`; ending in *, a prefix (list)")
	purpose := fs.String("purpose", "", "only rows of this `purpose`, such as case:12 (list)")
	since := fs.String("since", "", "only rows at or after this `date` (YYYY-MM-DD or RFC 3339, UTC) (list)")
	until := fs.String("until", "", "only rows before this `date` (list)")
	after := fs.Int64("after", 0, "only rows after row `SEQ` (list)")
	newest := fs.Bool("newest", false, "newest rows first (list)")
	limit := fs.Int("limit", 0, "at most `N` rows, 0 for all (list)")
	asJSON := fs.Bool("json", false, "print rows as JSON lines (list), or the result as JSON (verify)")
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	sub := args[0]
	if sub == "-h" || sub == "-help" || sub == "--help" {
		return parseFlags(fs, args)
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if sub != "verify" && sub != "list" {
		fmt.Fprintf(e.stderr, "vigie audit: unknown subcommand %q (want verify or list)\n", sub)
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "vigie audit %s: unexpected argument %q\n", sub, fs.Arg(0))
		return errUsage
	}
	if *limit < 0 {
		fmt.Fprintln(e.stderr, "vigie audit list: --limit must be 0 or more")
		return errUsage
	}
	var h *audit.Head
	if *head != "" {
		var err error
		if h, err = parseHead(*head); err != nil {
			fmt.Fprintf(e.stderr, "vigie audit verify: --head: %v\n", err)
			return errUsage
		}
	}
	f := store.AuditFilter{Actor: *actor, Action: *action, Purpose: *purpose, AfterSeq: *after, Newest: *newest, Limit: *limit}
	if p, ok := strings.CutSuffix(*object, "*"); ok {
		f.ObjectPrefix = p
	} else {
		f.Object = *object
	}
	var err error
	if f.From, err = parseDate(*since); err != nil {
		fmt.Fprintf(e.stderr, "vigie audit list: --since %v\n", err)
		return errUsage
	}
	if f.To, err = parseDate(*until); err != nil {
		fmt.Fprintf(e.stderr, "vigie audit list: --until %v\n", err)
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "list" {
		return auditList(ctx, e, st, f, *asJSON)
	}
	return auditVerify(ctx, e, st, h, *all, *asJSON)
}

// parseHead reads SEQ:HASH.
func parseHead(s string) (*audit.Head, error) {
	num, hash, ok := strings.Cut(s, ":")
	seq, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || seq < 1 {
		return nil, fmt.Errorf("%q: want SEQ:HASH, such as 1234:5f3a… (the last row printed by verify)", s)
	}
	if b, err := hex.DecodeString(hash); err != nil || len(b) != 32 || strings.ToLower(hash) != hash {
		return nil, fmt.Errorf("%q: the hash is 64 lower-case hexadecimal digits", hash)
	}
	return &audit.Head{Seq: seq, Hash: hash}, nil
}

// maxProblems bounds the problems verify --all lists; all are counted.
const maxProblems = 1000

func auditVerify(ctx context.Context, e *env, st *store.Store, head *audit.Head, all, asJSON bool) error {
	max := 1
	if all {
		max = maxProblems
	}
	r, err := st.VerifyAuditTrail(ctx, head, max)
	if err != nil {
		return err
	}
	if asJSON {
		if r.Problems == nil {
			r.Problems = []audit.Problem{}
		}
		if err := json.NewEncoder(e.stdout).Encode(r); err != nil {
			return err
		}
		if !r.Intact() {
			return errFound
		}
		return nil
	}
	last := ""
	if r.Rows > 0 {
		last = fmt.Sprintf(", last row %d hash %s", r.Last.Seq, r.Last.Hash)
	}
	if r.Intact() {
		checked := ""
		if head != nil {
			checked = fmt.Sprintf(" (row %d matches the head given)", head.Seq)
		}
		fmt.Fprintf(e.stdout, "audit trail intact: %d rows%s%s\n", r.Rows, last, checked)
		return nil
	}
	if !all {
		fmt.Fprintf(e.stdout, "audit trail damaged: %s\n", r.Problems[0].Message)
		if r.Total > 1 {
			fmt.Fprintf(e.stdout, "(%d problems in all; --all lists them)\n", r.Total)
		}
	} else {
		fmt.Fprintf(e.stdout, "audit trail damaged: %d problems\n", r.Total)
		for _, p := range r.Problems {
			fmt.Fprintf(e.stdout, "  %-10s %s\n", p.Kind, p.Message)
		}
		if r.Total > len(r.Problems) {
			fmt.Fprintf(e.stdout, "  … and %d more\n", r.Total-len(r.Problems))
		}
	}
	fmt.Fprintf(e.stdout, "read %d rows%s\n", r.Rows, last)
	return errFound
}

func auditList(ctx context.Context, e *env, st *store.Store, f store.AuditFilter, asJSON bool) error {
	enc := json.NewEncoder(e.stdout)
	n := 0
	err := st.AuditRows(ctx, f, func(a audit.Entry) error {
		n++
		if asJSON {
			return enc.Encode(a)
		}
		line := fmt.Sprintf("%6d  %s  %-12s %-14s %s", a.Seq, a.At.Format(audit.TimeFormat), printable(a.Actor), printable(a.Action), printable(a.Object))
		if a.Purpose != "" {
			line += "  purpose: " + printable(a.Purpose)
		}
		if a.Detail != "" {
			line += "  detail: " + printable(a.Detail)
		}
		_, err := fmt.Fprintln(e.stdout, line)
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 && !asJSON {
		fmt.Fprintln(e.stderr, "no rows")
	}
	return nil
}

// printable returns s, quoted when it holds control characters: what
// people typed (a search) must not drive the terminal.
func printable(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}
