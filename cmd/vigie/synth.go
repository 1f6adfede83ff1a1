package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"github.com/vigie-project/vigie/internal/synth"
)

const synthHelp = `Print invented posts, one JSON document per line, of every category vigie
flags and hard negatives (news, legitimate jobs, rentals, travel offers,
registered castings), in French, English, Dutch, Arabic, Romanian and
Turkish, with planted networks: posts sharing phones, handles, a template and
photos. Each post has a "truth" field — {"network", "template", "categories"}
— that vigie ingest ignores. The same seed always gives the same posts. No
post holds real data.

Examples:
  vigie synth --count 1000 > posts.jsonl
  vigie synth --count 100000 --seed 7 | vigie ingest --json -
`

func runSynth(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "synth", "[flags]", synthHelp)
	count := fs.Int("count", 1000, "number of `posts`")
	seed := fs.Uint64("seed", 1, "random `seed`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *count < 0 {
		fmt.Fprintf(e.stderr, "vigie synth: --count %d: want a number of posts >= 0\n", *count)
		return errUsage
	}
	w := bufio.NewWriterSize(e.stdout, 256<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	g := synth.New(*seed)
	for i := range *count {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := enc.Encode(g.Next()); err != nil {
			return err
		}
	}
	return w.Flush()
}
