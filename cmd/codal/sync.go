package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
)

func init() { commands = append(commands, newSyncCmd) }

func newSyncCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sync",
		Short: a.tt("Met le registre à jour depuis le dépôt partagé", "Update the registry from the shared repository"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := a.open()
			if err != nil {
				return err
			}
			if !r.IsGit() {
				return i18n.Errorf(i18n.T("%s n'est pas un dépôt Git : rien à synchroniser", "%s is not a Git repository: nothing to sync"), r.Dir)
			}
			if !r.HasRemote() {
				fmt.Fprintln(a.stdout, a.tt("Ce registre n'a pas de dépôt distant : il est à jour par définition.", "This registry has no remote repository: it is up to date by definition."))
				return nil
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			st, err := r.Pull(ctx)
			if err != nil {
				return err
			}
			a.printState(st)
			return nil
		},
	}
	return cmd
}

func (a *app) printState(st registry.SyncState) {
	switch {
	case st.Ahead == 0 && st.Behind == 0:
		fmt.Fprintln(a.stdout, a.tt("À jour.", "Up to date."))
	case st.Behind > 0 && st.Ahead > 0:
		fmt.Fprintln(a.stdout, a.t(i18n.T("%d modification(s) locale(s) pas encore partagée(s), %d à récupérer.", "%d local change(s) not shared yet, %d to fetch."), st.Ahead, st.Behind))
	case st.Ahead > 0:
		fmt.Fprintln(a.stdout, a.t(i18n.T("%d modification(s) pas encore partagée(s).", "%d change(s) not shared yet."), st.Ahead))
	default:
		fmt.Fprintln(a.stdout, a.t(i18n.T("%d modification(s) à récupérer.", "%d change(s) to fetch."), st.Behind))
	}
}
