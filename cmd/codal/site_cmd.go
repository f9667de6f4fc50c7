// The site command's flags, help and checks, in both builds: the lean build
// (-tags lean) hands the run to codal-app (lean.go), the full one writes the
// site (site.go).

package main

import (
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
)

func init() { commands = append(commands, command{[]string{"site"}, newSiteCmd}) }

// siteFeedDays is how far before HEAD's commit the site's feed looks.
const siteFeedDays = 30

func newSiteCmd(a *app) *cobra.Command {
	var baseURL string
	var feedDays int
	cmd := &cobra.Command{
		Use:   "site OUT",
		Short: a.tt("Écrit le site web statique du registre", "Write the registry's static website"),
		Long: a.tt(
			"Écrit dans le dossier OUT le site web statique du registre : le tableau des priorités, une page par demande\n"+
				"(soutiens, historique, commentaires), l'annuaire, les extraits de code, les schémas avec leurs champs, les\n"+
				"formations et astuces ; plus data/*.json (comme codal list TYPE --json), board.csv (comme codal request rank\n"+
				"--format csv) et feed.atom (les changements des --feed-days jours avant le dernier commit). Toutes les dates\n"+
				"viennent du dernier commit (HEAD), jamais de l'horloge : le même registre donne les mêmes fichiers. Sans\n"+
				"JavaScript ni ressource externe, liens relatifs (le site marche depuis un dossier ou un sous-chemin GitHub Pages) ;\n"+
				"--base-url ne sert qu'aux adresses absolues (lien canonique). OUT est remplacé d'un seul coup ; un dossier non\n"+
				"vide qui n'est pas un site codal est refusé. Voir docs/site.md.",
			"Writes the registry's static website into the folder OUT: the priority board, one page per request (supports,\n"+
				"history, comments), the directory, code snippets, schemas with their fields, trainings and tips; plus\n"+
				"data/*.json (as codal list KIND --json), board.csv (as codal request rank --format csv) and feed.atom (the\n"+
				"changes of the --feed-days days before the last commit). Every date comes from the last commit (HEAD), never\n"+
				"the clock: the same registry gives the same files. No JavaScript nor external asset, relative links (the site\n"+
				"works from a folder or a GitHub Pages sub-path); --base-url is only for absolute addresses (canonical link).\n"+
				"OUT is replaced in one step; a non-empty folder that is not a codal site is refused. See docs/site.md."),
		Example: "  codal site public\n  codal site public --base-url https://gpso.github.io/registre-codal/\n  codal --lang en site public",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if baseURL != "" {
				if u, err := url.Parse(baseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(baseURL, "\"<> ") {
					return withCode(2, i18n.Errorf(i18n.T("--base-url %q : une adresse http(s) absolue est attendue (https://exemple.fr/site/)", "--base-url %q: an absolute http(s) address is expected (https://example.org/site/)"), baseURL))
				}
			}
			if feedDays < 1 {
				return withCode(2, i18n.Errorf(i18n.T("--feed-days %d : un nombre de jours positif est attendu", "--feed-days %d: a positive number of days is expected"), feedDays))
			}
			return a.site(args[0], baseURL, feedDays)
		},
	}
	cmd.Flags().StringVar(&baseURL, "base-url", "", a.tt("adresse publique du site, pour les liens absolus (lien canonique)", "the site's public address, for absolute links (canonical link)"))
	cmd.Flags().IntVar(&feedDays, "feed-days", siteFeedDays, a.tt("le flux Atom garde les changements de ce nombre de jours avant le dernier commit", "the Atom feed keeps the changes of this many days before the last commit"))
	return cmd
}
