package main

import (
	"context"
	"os"

	"github.com/gpso/codal/tui"
)

// The full-screen app: codal with no subcommand, on a terminal.
func init() {
	runTUI = func(a *app) error {
		r, err := a.open()
		if err != nil {
			return err
		}
		in, ok := a.stdin.(*os.File)
		if !ok {
			in = os.Stdin
		}
		who, whoErr := r.Identity(a.cfg)
		return tui.Run(context.Background(), tui.Options{
			Lang:        a.lang,
			Store:       r,
			Identity:    who,
			IdentityErr: whoErr,
			GitHubAPI:   a.cfg.GitHubAPI,
			Now:         a.now,
		}, in, a.stdout)
	}
}
