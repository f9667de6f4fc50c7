package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/site"
)

func init() { commands = append(commands, newSiteCmd) }

// siteFeedDays is how far before HEAD's commit the site's feed looks.
const siteFeedDays = 30

// siteProgressMin is the number of pages from which codal site shows a
// progress line (on a terminal).
const siteProgressMin = 200

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

func (a *app) site(out, baseURL string, feedDays int) error {
	if err := site.CheckOut(out); err != nil {
		return err
	}
	r, c, err := a.load()
	if err != nil {
		return err
	}
	head, err := headDate(r)
	if err != nil {
		return err
	}
	items, err := news.Collect(r, store.Since{After: head.AddDate(0, 0, -feedDays)}, news.Titles(c))
	if err != nil {
		return err
	}
	var data []site.DataFile
	for _, k := range catalogue.Kinds {
		ls, err := a.listing(c, k, nil, true)
		if err != nil {
			return err
		}
		if ls.objs == nil {
			ls.objs = []any{}
		}
		var b bytes.Buffer
		if err := writeJSON(&b, ls.objs); err != nil {
			return err
		}
		data = append(data, site.DataFile{Name: string(k), JSON: b.Bytes()})
	}
	feedID := "urn:codal:site:" + url.PathEscape(fact.CleanLine(c.Meta.Name))
	if baseURL != "" {
		feedID = strings.TrimSuffix(baseURL, "/") + "/feed.atom"
	}
	in := site.Input{Catalogue: c, Head: head, Lang: a.lang, BaseURL: baseURL, News: items, FeedID: feedID,
		Code: r.ReadFile, Data: data, Progress: a.siteProgress()}
	if err := site.Publish(out, func(w site.Writer) error { return site.Write(w, in) }); err != nil {
		return err
	}
	say(a.stderr, a.t(i18n.T("Site écrit dans %s (%d demandes, état du registre au %s).", "Site written to %s (%d requests, registry as of %s)."),
		out, len(c.Board), head.UTC().Format(time.DateOnly)))
	return nil
}

// errFirstCommit stops the history walk at its first commit.
var errFirstCommit = errors.New("first commit")

// headDate is the date of HEAD's commit (the newest commit that is not a
// merge, if HEAD is one): the only clock of a site. A registry without Git
// history, or without a commit, has none: a site needs one.
func headDate(r *registry.Registry) (time.Time, error) {
	if !r.IsGit() {
		return time.Time{}, store.NotARepository(r.Dir())
	}
	var when time.Time
	err := r.History(store.Since{Want: func(string) bool { return false }}, func(c store.Commit) error {
		when = c.Date
		return errFirstCommit
	})
	if err != nil && !errors.Is(err, errFirstCommit) {
		return time.Time{}, err
	}
	if when.IsZero() {
		return time.Time{}, i18n.Errorf(i18n.T("le registre %s n'a aucun commit : codal site date tout du dernier commit", "registry %s has no commit: codal site dates everything from the last commit"), r.Dir())
	}
	return when, nil
}

// siteProgress is the progress line on stderr, when stderr is a terminal;
// it shows from siteProgressMin pages on, every 50 pages.
func (a *app) siteProgress() func(done, total int) {
	if !isTerminal(a.stderr) {
		return nil
	}
	return func(done, total int) {
		if total < siteProgressMin {
			return
		}
		if done%50 == 0 || done == total {
			fmt.Fprintf(a.stderr, "\r\x1b[K%s", a.t(i18n.T("Site : %d/%d fichiers", "Site: %d/%d files"), done, total))
			if done == total {
				fmt.Fprintln(a.stderr)
			}
		}
	}
}
