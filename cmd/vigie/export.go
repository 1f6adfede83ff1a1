package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vigie-project/vigie/internal/export"
	"github.com/vigie-project/vigie/internal/network"
	"github.com/vigie-project/vigie/internal/store"
	"github.com/vigie-project/vigie/internal/vigie"
)

const exportHelp = `Export networks for the tools investigators already use: the posts of every
network (or of one, --network ID), with the phone numbers, handles, e-mail
addresses, IBANs, wallets and photos that link them.

Formats:
  ftm       FollowTheMoney entities, one JSON object per line, for Aleph and
            OpenAleph: posts as PlainText, contacts as UserAccount, IBANs as
            BankAccount, wallets as CryptoWallet, photos as Image, and an
            UnknownLink from each contact to each post giving it. Ids are
            stable: exporting again updates the same entities.
  graphml   a graph of posts and identifiers for Gephi, yEd, Maltego (GraphML)
  gexf      the same graph in GEXF 1.3, Gephi's own format
  csv       the same graph as an edge list (post, identifier, their types,
            network); cells that a spreadsheet would run as a formula are
            prefixed with a quote

The whole export is held in memory before it is written (about 2 KB per post).

A case's evidence for court is exported by "vigie export case ID --out FILE"
(see vigie export case --help).

Examples:
  vigie export --format gexf --output networks.gexf
  vigie export --format ftm --network 1234 > network-1234.ftm.jsonl
`

func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "case" {
		return runExportCase(ctx, e, args[1:])
	}
	fs := newFlags(e, "export", "--format FORMAT [flags]", exportHelp)
	df := addDataFlags(fs)
	format := fs.String("format", "", "`format`: ftm, graphml, gexf or csv (required)")
	netID := fs.Int64("network", 0, "export only the network with this `id` (from vigie networks)")
	output := fs.String("output", "", "write to this `file` (written whole, then renamed into place) instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	write, ok := map[string]func(io.Writer, []export.Post, []export.Network) error{
		"ftm": export.WriteFtM, "graphml": export.WriteGraphML, "gexf": export.WriteGEXF,
		"csv": func(w io.Writer, ps []export.Post, _ []export.Network) error { return export.WriteCSV(w, ps) },
	}[*format]
	if !ok || fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "vigie export: want --format ftm, graphml, gexf or csv, and no argument\n")
		return errUsage
	}
	st, err := openExisting(ctx, df)
	if err != nil {
		return err
	}
	defer st.Close()

	var nets []store.NetworkSummary
	if *netID != 0 {
		n, err := st.Network(ctx, *netID)
		if errors.Is(err, vigie.ErrNotFound) {
			return fmt.Errorf("no network %d (vigie networks lists them)", *netID)
		}
		if err != nil {
			return err
		}
		nets = []store.NetworkSummary{n}
	} else if nets, err = st.Networks(ctx, 2); err != nil {
		return err
	}
	xnets := make([]export.Network, len(nets))
	for i, n := range nets {
		xnets[i] = export.Network{ID: n.ID, Size: n.Size, FirstSeen: n.FirstSeen, LastSeen: n.LastSeen}
	}
	var posts []export.Post
	if err := st.NetworkPosts(ctx, *netID, func(p store.PostRecord) error {
		posts = append(posts, exportPost(p))
		return ctx.Err()
	}); err != nil {
		return err
	}
	if *output == "" {
		w := bufio.NewWriter(e.stdout)
		if err := write(w, posts, xnets); err != nil {
			return err
		}
		return w.Flush()
	}
	return writeFileAtomic(*output, func(w io.Writer) error { return write(w, posts, xnets) })
}

// exportPost maps a stored post to what the exports write.
func exportPost(p store.PostRecord) export.Post {
	x := export.Post{
		ID: p.ID, Key: p.Key, Network: p.Network, Source: p.Source, Platform: p.Platform, URL: p.URL,
		Author: p.Author, PostedAt: p.PostedAt, Language: p.Language, Text: p.Text, Risk: p.Risk,
		Categories: p.Categories,
	}
	for _, en := range p.Entities {
		switch en.Kind {
		case vigie.KindLocation:
			x.Places = append(x.Places, en.Value)
		case vigie.KindPrice:
			x.Prices = append(x.Prices, en.Value)
		default:
			if id, ok := network.IdentOf(en.Kind, en.Value); ok {
				x.Identifiers = append(x.Identifiers, export.Identifier{Class: id.Class, Value: id.Value})
			}
		}
	}
	return x // photos are among the entities
}

// writeFileAtomic writes file through a temporary file in its directory,
// synced and renamed into place: a failed export leaves no half file.
func writeFileAtomic(file string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriter(f)
	if err = write(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return fmt.Errorf("export %s: %w", file, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("export %s: %w", file, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("export %s: %w", file, err)
	}
	if err = os.Rename(f.Name(), file); err != nil {
		return fmt.Errorf("export %s: %w", file, err)
	}
	return nil
}
