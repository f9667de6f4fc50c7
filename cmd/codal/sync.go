package main

import (
	"context"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/store"
)

func init() { commands = append(commands, command{[]string{"sync"}, newSyncCmd}) }

func newSyncCmd(a *app) *cobra.Command {
	var offline, asJSON bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: a.tt("Récupère les changements du registre partagé et partage les vôtres", "Fetch the shared registry's changes and share yours"),
		Long: a.tt(
			"Récupère les changements du dépôt distant, rejoue par-dessus vos modifications pas encore partagées, puis les\n"+
				"envoie. Code de sortie 1 si le dépôt distant est injoignable ou refuse l'envoi, ou en cas de conflit (votre version est alors gardée\n"+
				"sur une branche codal/conflict-…). --offline ne touche pas au réseau et dit seulement où en est le registre.",
			"Fetches the remote repository's changes, replays your changes not shared yet on top of them, then sends them.\n"+
				"Exit code 1 when the remote cannot be reached or refuses the push, or on a conflict (your version is then kept on a\n"+
				"codal/conflict-… branch). --offline touches no network and only says where the registry stands."),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := a.open()
			if err != nil {
				return err
			}
			if err := store.Writable(r); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			ctx, cancel := context.WithTimeout(ctx, networkTimeout)
			defer cancel()
			r.Remote = a.remoteOutput()
			res, err := r.Sync(ctx, offline)
			if err != nil {
				return err
			}
			if asJSON {
				out := struct {
					store.SyncResult
					Reason string `json:"reason,omitempty"`
				}{res, a.notSharedReason(res)}
				if err := writeJSON(a.stdout, out); err != nil {
					return err
				}
			} else {
				a.printSync(res)
			}
			switch {
			case res.Conflict != nil && asJSON:
				return silentExit(1)
			case res.Conflict != nil:
				return res.Conflict.Error()
			case res.HasRemote && !offline && !res.Shared:
				if asJSON {
					return silentExit(1)
				}
				if res.Refused {
					// The server answered: not unreachable, refused, and why.
					return i18n.Errorf(i18n.T("envoi refusé : %s", "push refused: %s"), a.notSharedReason(res))
				}
				return i18n.Errorf(i18n.T("registre partagé injoignable : %s", "shared registry unreachable: %s"), a.notSharedReason(res))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&offline, "offline", false, a.tt("sans réseau : dire seulement où en est le registre", "no network: only say where the registry stands"))
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON, pour les scripts", "JSON output, for scripts"))
	return cmd
}

// printSync says what a sync did and where the registry stands.
func (a *app) printSync(res store.SyncResult) {
	if !res.HasRemote {
		say(a.stdout, a.tt("Ce registre n'a pas de dépôt distant : il est à jour par définition.", "This registry has no remote repository: it is up to date by definition."))
		return
	}
	if res.Pulled > 0 {
		say(a.stdout, a.t(i18n.T("%d changement(s) récupéré(s).", "%d change(s) received."), res.Pulled))
	}
	if res.Replayed > 0 {
		say(a.stdout, a.t(i18n.T("%d modification(s) locale(s) rejouée(s) par-dessus.", "%d local change(s) replayed on top."), res.Replayed))
	}
	if res.Dropped > 0 {
		say(a.stdout, a.t(i18n.T("%d modification(s) locale(s) déjà présente(s) sur le registre partagé, retirée(s) de la file.", "%d local change(s) already on the shared registry, dropped from the queue."), res.Dropped))
	}
	if res.Pushed > 0 {
		say(a.stdout, a.t(i18n.T("%d modification(s) partagée(s).", "%d change(s) shared."), res.Pushed))
	}
	if len(res.Pruned) > 0 {
		say(a.stdout, a.t(i18n.T("Propositions fusionnées, branches locales supprimées : %s", "Proposals merged, local branches deleted: %s"), strings.Join(res.Pruned, ", ")))
	}
	a.printState(res.State)
}

func (a *app) printState(st store.SyncState) {
	switch {
	case st.Ahead == 0 && st.Behind == 0:
		say(a.stdout, a.tt("À jour.", "Up to date."))
	case st.Behind > 0 && st.Ahead > 0:
		say(a.stdout, a.t(i18n.T("%d modification(s) locale(s) pas encore partagée(s), %d à récupérer.", "%d local change(s) not shared yet, %d to fetch."), st.Ahead, st.Behind))
	case st.Ahead > 0:
		say(a.stdout, a.t(i18n.T("%d modification(s) pas encore partagée(s).", "%d change(s) not shared yet."), st.Ahead))
	default:
		say(a.stdout, a.t(i18n.T("%d modification(s) à récupérer.", "%d change(s) to fetch."), st.Behind))
	}
}

// remoteOutput prints the Git server's side band on stderr, cleaned: progress
// on one updating line on a terminal, none into a pipe or a log.
func (a *app) remoteOutput() *registry.RemoteOutput {
	return registry.NewRemoteOutput(a.stderr, isTerminal(a.stderr))
}
