package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vigie-project/vigie/internal/audit"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

const subjectHelp = `Print, as one JSON document, everything vigie holds about one identifier:
for a subject access request, or to check what would be handed over. It holds
every document giving the identifier (whole: text, analysis, where and when it
was captured), the cases holding it or those documents, the watches on it and
the networks it links. A phone number is looked up under every kind that holds
numbers (phone, WhatsApp, Viber, Signal).

The identifier is written as in searches: KIND:VALUE, such as
phone:+32470123456, telegram:@name, email:name@example.org.

Examples:
  vigie subject phone:0470123456 --region BE --out subject.json
  vigie subject email:someone@example.org
`

func runSubject(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "subject", "KIND:VALUE [flags]", subjectHelp)
	df := addDataFlags(fs)
	region := fs.String("region", "BE", "`region` for phone numbers written without their country code")
	out := fs.String("out", "", "write to `file` (made with mode 0600) instead of standard output")
	// Flags may come before or after the arguments.
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "vigie subject: give one KIND:VALUE, such as phone:+32470123456")
		return errUsage
	}
	ent, ok, err := store.EntityFilter(pos[0], *region)
	if err != nil || !ok || ent.Kind == vigie.KindPhoto || ent.Kind == vigie.KindPhotoHash {
		fmt.Fprintf(e.stderr, "vigie subject: %q: want KIND:VALUE with a contact kind (phone, whatsapp, telegram, email, crypto_wallet, iban…)", pos[0])
		if err != nil {
			fmt.Fprintf(e.stderr, ": %v", err)
		}
		fmt.Fprintln(e.stderr)
		return errUsage
	}
	st, _, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	sub, err := st.Subject(ctx, ent.Kind, ent.Value)
	if err != nil {
		return err
	}
	if err := st.Record(ctx, audit.ActionSubjectAccess, "entity:"+string(ent.Kind)+":"+ent.Value,
		fmt.Sprintf("%d documents, %d cases, %d watches, %d networks", len(sub.Documents), len(sub.Cases), len(sub.Watches), len(sub.Networks))); err != nil {
		return err
	}
	doc := struct {
		Generated string `json:"generated_at"`
		store.Subject
	}{time.Now().UTC().Format(time.RFC3339), sub}
	var w io.Writer = e.stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if *out != "" {
		fmt.Fprintf(e.stderr, "%s: %d documents, %d cases, %d watches, %d networks\n", *out, len(sub.Documents), len(sub.Cases), len(sub.Watches), len(sub.Networks))
	}
	return nil
}
