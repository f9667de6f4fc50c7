package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/store"
)

func init() { commands = append(commands, command{[]string{"init"}, newInitCmd}) }

func newInitCmd(a *app) *cobra.Command {
	var demo, keep bool
	var from, ci string
	cmd := &cobra.Command{
		Use:   "init [DIR] (--demo | --from URL | --ci github)",
		Short: a.tt("Crée un registre : la démo, ou un clone d'un registre partagé", "Create a registry: the demo, or a clone of a shared registry"),
		Long: a.tt(
			"--demo écrit le registre de démonstration de GPSO dans DIR (un dépôt Git avec un premier commit) ;\n"+
				"--from clone le registre partagé situé à l'URL (ou au chemin) donné. Sans DIR, le registre va dans le\n"+
				"dossier de données de codal. Le nouveau registre devient le registre par défaut (sauf --keep-default).\n"+
				"La démo contient le workflow GitHub du registre (.github/workflows/codal.yml) ; --ci github l'ajoute à un\n"+
				"registre existant (DIR, sinon comme codal lint : --registry, le dossier courant s'il contient registry.yaml,\n"+
				"sinon le registre configuré), par un commit local. --from ne l'écrit jamais. Voir docs/ci.md.",
			"--demo writes GPSO's demo registry into DIR (a Git repository with a first commit); --from clones the shared\n"+
				"registry at the given URL (or path). Without DIR, the registry goes into codal's data folder. The new\n"+
				"registry becomes the default registry (unless --keep-default).\n"+
				"The demo holds the registry's GitHub workflow (.github/workflows/codal.yml); --ci github adds it to an\n"+
				"existing registry (DIR, else as codal lint: --registry, the current folder if it holds registry.yaml, else\n"+
				"the configured registry) as a local commit. --from never writes it. See docs/ci.md."),
		Example: "  codal init ~/codal-demo --demo\n  codal init ~/registre-codal --from https://github.com/exemple/registre-codal.git\n  codal init ~/registre-codal --ci github",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ci != "" && ci != "github" {
				return withCode(2, i18n.Errorf(i18n.T("--ci %q inconnu : seul --ci github existe", "unknown --ci %q: only --ci github exists"), ci))
			}
			if ci != "" && from != "" {
				return withCode(2, i18n.Errorf(i18n.T("--from clone le registre tel qu'il est : ajoutez le workflow ensuite, avec codal init DIR --ci github", "--from clones the registry as it is: add the workflow afterwards, with codal init DIR --ci github")))
			}
			if ci != "" && !demo {
				return a.initCI(args)
			}
			if !demo && from == "" {
				return withCode(2, i18n.Errorf(i18n.T("choisissez --demo, --from URL ou --ci github", "choose --demo, --from URL or --ci github")))
			}
			if demo == (from != "") {
				return withCode(2, i18n.Errorf(i18n.T("choisissez --demo ou --from URL (l'un des deux)", "choose --demo or --from URL (one of them)")))
			}
			dir := config.DefaultRegistry()
			if len(args) == 1 {
				dir = args[0]
			}
			var r *registry.Registry
			var err error
			if demo {
				r, err = a.initDemo(dir)
			} else {
				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
				defer stop()
				say(a.stderr, a.t(i18n.T("Clonage de %s…", "Cloning %s…"), store.RedactURL(from)))
				r, err = a.clone(ctx, from, dir)
			}
			if err != nil {
				return err
			}
			say(a.stdout, a.t(i18n.T("Registre prêt dans %s", "Registry ready in %s"), r.Dir()))
			if keep || r.Dir() == config.DefaultRegistry() {
				return nil
			}
			cfg := a.cfg
			cfg.Registry = r.Dir()
			if err := cfg.Save(); err != nil {
				return err
			}
			say(a.stderr, a.t(i18n.T("C'est désormais le registre par défaut (%s).", "It is now the default registry (%s)."), config.Path()))
			return nil
		},
	}
	cmd.Flags().BoolVar(&demo, "demo", false, a.tt("écrire le registre de démonstration", "write the demo registry"))
	cmd.Flags().StringVar(&from, "from", "", a.tt("URL ou chemin du registre à cloner", "URL or path of the registry to clone"))
	cmd.Flags().StringVar(&ci, "ci", "", a.tt("ajouter le workflow GitHub du registre (github) : lint des pull requests, site sur GitHub Pages", "add the registry's GitHub workflow (github): pull requests linted, site on GitHub Pages"))
	cmd.Flags().BoolVar(&keep, "keep-default", false, a.tt("ne pas en faire le registre par défaut", "do not make it the default registry"))
	return cmd
}
