package main

import (
	"context"
	"errors"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/share"
)

func init() { commands = append(commands, command{[]string{"share"}, newShareCmd}) }

func newShareCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "share KIND/ID",
		Short: a.tt("Propose une entrée au registre partagé (demande de fusion GitHub)", "Propose an entry to the shared registry (GitHub pull request)"),
		Long: a.tt(
			"Ouvre une demande de fusion (pull request) sur le dépôt GitHub du registre avec les fichiers de l'entrée tels\n"+
				"qu'ils sont ici, et rien d'autre. Sans droit d'écriture sur ce dépôt, codal passe par votre copie (fork), qu'il\n"+
				"crée au besoin. Si une demande est déjà ouverte pour cette entrée, codal la met à jour. Le jeton GitHub vient\n"+
				"de GH_TOKEN, sinon GITHUB_TOKEN, sinon de « gh auth token » ; il n'est jamais écrit sur le disque.\n"+
				"CODAL_GITHUB_API (ou github_api dans la configuration) désigne un serveur GitHub Enterprise.\n"+
				"Voir docs/sharing.md.",
			"Opens a pull request on the registry's GitHub repository with the entry's files as they are here, and nothing\n"+
				"else. Without write access to that repository, codal goes through your fork, which it creates if needed. If\n"+
				"a pull request is already open for this entry, codal updates it. The GitHub token comes from GH_TOKEN, else\n"+
				"GITHUB_TOKEN, else \"gh auth token\"; it is never written to disk. CODAL_GITHUB_API (or github_api in the\n"+
				"configuration) points at a GitHub Enterprise server. See docs/sharing.md."),
		Example: "  codal share snippets/lambert93-vers-wgs84\n  codal share actors/sevres --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, id, err := catalogue.ParseRef(args[0])
			if err != nil {
				return withCode(2, err)
			}
			api, err := share.ParseAPI(share.APIURL(a.cfg.GitHubAPI))
			if err != nil {
				return err
			}
			r, err := a.open()
			if err != nil {
				return err
			}
			who, err := a.writer(r)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			res, err := share.Run(ctx, share.Options{
				Store: r, Kind: kind, ID: id, API: api,
				Identity: who,
				Now:      a.now,
				Progress: func(t i18n.Text, args ...any) {
					say(a.stderr, a.t(t, args...))
				},
			})
			var le *share.LintError
			if errors.As(err, &le) {
				for _, p := range le.Problems {
					if p.Severity == fact.Error {
						say(a.stderr, p.Format(a.lang))
					}
				}
				return le.I18n()
			}
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, res)
			}
			if res.Existing {
				msg := i18n.T("Demande de fusion déjà ouverte, à jour :", "Pull request already open, up to date:")
				if res.Pushed {
					msg = i18n.T("Demande de fusion déjà ouverte, mise à jour :", "Pull request already open, updated:")
				}
				say(a.stderr, a.t(msg))
			} else {
				say(a.stderr, a.t(i18n.T("Demande de fusion n°%d ouverte :", "Pull request #%d opened:"), res.Number))
			}
			say(a.stdout, res.URL)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON {url, number, branch}, pour les scripts", "JSON output {url, number, branch}, for scripts"))
	return cmd
}
