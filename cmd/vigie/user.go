package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/internal/auth"
	"github.com/vigie-project/vigie/internal/store"
)

const userHelp = `Manage the accounts of the web application (vigie serve).

Subcommands:
  add NAME --role ROLE [--lang en|fr|nl]   create an account
  passwd NAME                               set a new password (ends its sessions)
  role NAME ROLE                            change the role (ends its sessions)
  disable NAME | enable NAME                stop or allow logging in (disabling ends
                                            sessions and API tokens; the account and
                                            what it did are kept)
  token NAME --label TEXT                   make an API token for scripts (printed once)
  list [--json]                             list the accounts

Roles: admin (everything, and accounts), investigator (everything but
accounts), analyst (de-identified statistics and training only), triage
(first-line: triage and training only).

Passwords: by default vigie makes a one-time password (100 bits, printed once)
for the person to change; with --password-stdin it reads one line from
standard input instead (at least 12 characters). Passwords are kept as
argon2id hashes, never in clear.

Examples:
  vigie user add ana --role investigator
  printf '%s\n' "$PW" | vigie user passwd ana --password-stdin
  vigie user disable ana
`

func runUser(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "user", "add|passwd|role|disable|enable|token|list [flags] [NAME] [ROLE]", userHelp)
	df := addDataFlags(fs)
	role := fs.String("role", "", "`role` of a new account: admin, investigator, analyst or triage")
	lang := fs.String("lang", "en", "`language` of the account's interface: en, fr or nl")
	stdinPW := fs.Bool("password-stdin", false, "read the password from one line of standard input instead of making one")
	label := fs.String("label", "", "what an API token is for (token)")
	asJSON := fs.Bool("json", false, "print accounts as JSON lines (list)")
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
	want := map[string]int{"add": 1, "passwd": 1, "role": 2, "disable": 1, "enable": 1, "token": 1, "list": 0}
	n, ok := want[sub]
	if !ok {
		fmt.Fprintf(e.stderr, "vigie user: unknown subcommand %q (want add, passwd, role, disable, enable, token or list)\n", sub)
		return errUsage
	}
	if len(pos) != n {
		fmt.Fprintf(e.stderr, "vigie user %s: want %d argument(s), got %d\n", sub, n, len(pos))
		return errUsage
	}
	if *lang != "en" && *lang != "fr" && *lang != "nl" {
		fmt.Fprintf(e.stderr, "vigie user: --lang %q: want en, fr or nl\n", *lang)
		return errUsage
	}
	st, _, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// password returns the hash of the new password, and the password
	// when vigie made it (to print once).
	password := func() (hash, made string, err error) {
		pw := auth.NewPassword()
		made = pw
		if *stdinPW {
			line, err := bufio.NewReader(e.stdin).ReadString('\n')
			if err != nil && line == "" {
				return "", "", errors.New("--password-stdin: no password on standard input")
			}
			pw, made = strings.TrimRight(line, "\r\n"), ""
			if utf8.RuneCountInString(pw) < auth.MinPasswordLen {
				return "", "", fmt.Errorf("--password-stdin: a password needs at least %d characters", auth.MinPasswordLen)
			}
		}
		hash, err = auth.HashPassword(pw)
		return hash, made, err
	}
	printMade := func(made string) {
		if made != "" {
			fmt.Fprintf(e.stdout, "one-time password (shown once, hyphens included): %s\n", made)
		}
	}
	switch sub {
	case "add":
		if !auth.ValidUserName(pos[0]) {
			fmt.Fprintf(e.stderr, "vigie user add: name %q: want 1 to 64 letters, digits or . _ - @\n", pos[0])
			return errUsage
		}
		r, err := auth.ParseRole(*role)
		if err != nil {
			fmt.Fprintf(e.stderr, "vigie user add: --role %q: want admin, investigator, analyst or triage\n", *role)
			return errUsage
		}
		hash, made, err := password()
		if err != nil {
			return err
		}
		if _, err := st.AddUser(ctx, store.User{Name: pos[0], Role: r.String(), Lang: *lang, PasswordHash: hash}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "account %s added, role %s\n", pos[0], r)
		printMade(made)
	case "passwd":
		hash, made, err := password()
		if err != nil {
			return err
		}
		if err := st.UpdateUser(ctx, pos[0], hash, "", "", nil); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "password of %s changed; its sessions ended\n", pos[0])
		printMade(made)
	case "role":
		r, err := auth.ParseRole(pos[1])
		if err != nil {
			fmt.Fprintf(e.stderr, "vigie user role: %q: want admin, investigator, analyst or triage\n", pos[1])
			return errUsage
		}
		if err := st.UpdateUser(ctx, pos[0], "", r.String(), "", nil); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s is now %s; its sessions ended\n", pos[0], r)
	case "disable", "enable":
		off := sub == "disable"
		if err := st.UpdateUser(ctx, pos[0], "", "", "", &off); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s %sd\n", pos[0], sub)
	case "token":
		if strings.TrimSpace(*label) == "" {
			fmt.Fprintln(e.stderr, "vigie user token: --label is required (what the token is for)")
			return errUsage
		}
		u, err := st.UserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		token, digest := auth.NewToken()
		if err := st.AddAPIToken(ctx, digest, u.ID, *label); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "API token for %s (%s), shown once; send it as \"Authorization: Bearer TOKEN\":\n%s\n", u.Name, *label, token)
	case "list":
		us, err := st.Users(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			for _, u := range us {
				if err := enc.Encode(u); err != nil {
					return err
				}
			}
			return nil
		}
		if len(us) == 0 {
			fmt.Fprintln(e.stdout, "no accounts (vigie user add NAME --role admin makes one)")
		}
		for _, u := range us {
			state := ""
			if u.Disabled {
				state = "  disabled"
			}
			fmt.Fprintf(e.stdout, "%-20s %-13s %s  since %s%s\n", u.Name, u.Role, u.Lang, u.Created[:10], state)
		}
	}
	return nil
}
