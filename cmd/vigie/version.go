package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/vigie-project/vigie/internal/rules"
)

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "", "Print the version of vigie and of its embedded rulebook.\n")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintf(e.stdout, "vigie %s\nrulebook %s\n", v, rules.Default().Version())
	return nil
}
