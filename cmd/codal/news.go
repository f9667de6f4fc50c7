package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/store"
)

func init() {
	commands = append(commands, command{[]string{"news"}, newNewsCmd}, command{[]string{"follow"}, newFollowCmd}, command{[]string{"unfollow"}, newUnfollowCmd})
}

// newsWindow is how far back news looks the first time, with no marker.
const newsWindow = 30 * 24 * time.Hour

// newsFormats are codal news's output formats.
var newsFormats = []string{"text", "json", "atom"}

// hexRev is what --since takes for a commit rather than a date.
var hexRev = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F]{4,40}$`) })

func newNewsCmd(a *app) *cobra.Command {
	var since, format string
	var following, markRead, asJSON bool
	cmd := &cobra.Command{
		Use:   "news",
		Short: a.tt("Ce qui a changé depuis votre dernière lecture", "What changed since you last looked"),
		Long: a.tt(
			"Liste ce qui a changé dans le registre depuis le dernier commit que vous avez marqué comme lu (la première fois :\n"+
				"les 30 derniers jours) : nouvelles demandes, soutiens gagnés ou retirés, changements de statut, commentaires,\n"+
				"transferts, acteurs, extraits et schémas ajoutés, modifiés ou supprimés. Tout vient de l'historique Git, sans\n"+
				"serveur. Seul --mark-read déplace le marqueur (jusqu'au commit courant) : un script peut regarder sans consommer.\n"+
				"--following garde ce que vous suivez (codal follow) et les demandes de votre organisation (déposées ou soutenues).\n"+
				"--format atom écrit un flux Atom pour un lecteur de flux. Voir docs/news.md.",
			"Lists what changed in the registry since the commit you last marked read (the first time: the last 30 days):\n"+
				"new requests, supports gained or withdrawn, status changes, comments, transfers, actors, snippets and schemas\n"+
				"added, changed or removed. Everything comes from the Git history, with no server. Only --mark-read moves the\n"+
				"marker (to the current commit): a script can look without consuming. --following keeps what you follow (codal\n"+
				"follow) and your organisation's requests (filed or supported). --format atom writes an Atom feed for a feed\n"+
				"reader. See docs/news.md."),
		Example: "  codal news\n  codal news --mark-read\n  codal news --since 2026-03-01 --following\n  codal news --format atom > codal.atom",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON {
				if cmd.Flags().Changed("format") && format != "json" {
					return withCode(2, i18n.Errorf(i18n.T("--json et --format %s se contredisent", "--json and --format %s contradict each other"), format))
				}
				format = "json"
			}
			if !contains(newsFormats, format) {
				return withCode(2, i18n.Errorf(i18n.T("format inconnu %q : %s", "unknown format %q: %s"), format, strings.Join(newsFormats, ", ")))
			}
			return a.news(since, format, following, markRead)
		},
	}
	f := cmd.Flags()
	f.StringVar(&since, "since", "", a.tt("depuis cette date (AAAA-MM-JJ) ou ce commit, au lieu de la dernière lecture", "since this date (YYYY-MM-DD) or commit, instead of the last read"))
	f.BoolVar(&following, "following", false, a.tt("seulement ce que vous suivez et les demandes de votre organisation", "only what you follow and your organisation's requests"))
	f.BoolVar(&markRead, "mark-read", false, a.tt("marquer comme lu jusqu'au commit courant", "mark read up to the current commit"))
	f.StringVar(&format, "format", "text", a.tt("format : text, json ou atom", "format: text, json or atom"))
	f.BoolVar(&asJSON, "json", false, a.tt("sortie JSON (comme --format json)", "JSON output (as --format json)"))
	return cmd
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// newsJSON is what codal news --json prints.
type newsJSON struct {
	// Head is the commit the news runs to (what --mark-read records).
	Head store.Hash `json:"head"`
	// SinceCommit or SinceDate is where it starts.
	SinceCommit store.Hash  `json:"since_commit,omitempty"`
	SinceDate   *time.Time  `json:"since_date,omitempty"`
	MarkedRead  bool        `json:"marked_read"`
	Items       []news.Item `json:"items"`
}

func (a *app) news(sinceFlag, format string, following, markRead bool) error {
	r, err := a.open()
	if err != nil {
		return err
	}
	if !r.IsGit() {
		return store.NotARepository(r.Dir())
	}
	st, err := config.LoadState(r.Dir())
	if err != nil {
		return err
	}
	head, err := r.Head()
	if err != nil {
		return err
	}
	since, err := a.newsSince(r, st, sinceFlag)
	if err != nil {
		return err
	}
	c, err := a.catalogue(r)
	if err != nil {
		return err
	}
	items, err := news.Collect(r, since, news.Titles(c))
	if err != nil {
		return err
	}
	if following {
		items = news.Following(items, news.Interest{Follows: st.Follows, Actor: a.actor(), Own: news.Own(c, a.actor())})
	}
	if items == nil {
		items = []news.Item{}
	}
	names := news.ActorNames(c)
	switch format {
	case "json":
		out := newsJSON{Head: head, SinceCommit: since.Commit, MarkedRead: markRead, Items: items}
		if since.Commit == "" {
			d := since.After
			out.SinceDate = &d
		}
		err = writeJSON(a.stdout, out)
	case "atom":
		key := strings.TrimSuffix(filepath.Base(config.StatePath(r.Dir())), ".json")
		err = news.WriteAtom(a.stdout, items, news.Feed{ID: "urn:codal:registry:" + key, Title: c.Meta.Name, Updated: a.now(), Lang: a.lang, Names: names})
	default:
		if len(items) == 0 {
			say(a.stderr, a.tt("Rien de nouveau.", "Nothing new."))
		}
		err = news.WriteText(a.stdout, items, a.lang, names)
	}
	if err != nil {
		return err
	}
	if markRead && head != "" {
		st.LastSeen, st.SeenAt = string(head), a.now().UTC()
		if err := st.Save(); err != nil {
			return err
		}
		if format == "text" {
			say(a.stderr, a.t(i18n.T("Marqué comme lu jusqu'au commit %s.", "Marked read up to commit %s."), head.Short()))
		}
	}
	return nil
}

// newsSince is where news starts: --since (a date, else a commit), else the
// last commit marked read, else the last 30 days (said on stderr, as is a
// marker lost from the history, after a force-push).
func (a *app) newsSince(r *registry.Registry, st config.State, flag string) (store.Since, error) {
	window := func() store.Since { return store.Since{After: a.now().Add(-newsWindow)} }
	if flag != "" {
		if d, err := fact.ParseDate(flag); err == nil {
			return store.Since{After: d.Time}, nil
		}
		if !hexRev().MatchString(flag) && !strings.ContainsAny(flag, "~^/") && flag != "HEAD" {
			return store.Since{}, withCode(2, i18n.Errorf(i18n.T("--since %q : une date AAAA-MM-JJ ou un commit est attendu", "--since %q: a date YYYY-MM-DD or a commit is expected"), flag))
		}
		h, err := r.ResolveCommit(flag)
		if err != nil {
			return store.Since{}, withCode(2, err)
		}
		return store.Since{Commit: h}, nil
	}
	if st.LastSeen == "" {
		say(a.stderr, a.tt("Première lecture : voici les 30 derniers jours (codal news --mark-read pour marquer comme lu).",
			"First look: here are the last 30 days (codal news --mark-read to mark read)."))
		return window(), nil
	}
	h, err := r.ResolveCommit(st.LastSeen)
	if errors.Is(err, store.ErrNotFound) {
		say(a.stderr, a.t(i18n.T("Le dernier commit lu (%s) n'est plus dans l'historique : voici les 30 derniers jours.",
			"The last commit read (%s) is no longer in the history: here are the last 30 days."), store.Hash(st.LastSeen).Short()))
		return window(), nil
	}
	if err != nil {
		return store.Since{}, err
	}
	return store.Since{Commit: h}, nil
}

// actor is the organisation the user acts for: CODAL_ACTOR, else the
// configuration's.
func (a *app) actor() string {
	if v := strings.TrimSpace(os.Getenv("CODAL_ACTOR")); v != "" {
		return v
	}
	return a.cfg.Actor
}

func newFollowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "follow KIND/ID",
		Short: a.tt("Suivre une entrée dans codal news --following", "Follow an entry in codal news --following"),
		Long: a.tt(
			"Ajoute une entrée à ce que vous suivez (gardé dans votre dossier d'état, pas dans le registre) : codal news\n"+
				"--following et le fil de l'application en montrent les nouveautés. Les demandes de votre organisation sont\n"+
				"toujours suivies.",
			"Adds an entry to what you follow (kept in your state folder, not in the registry): codal news --following and\n"+
				"the app's news show what changes in it. Your organisation's requests are always followed."),
		Example: "  codal follow requests/budget-climat\n  codal follow schemas/voirie",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, id, r, err := a.openRef(args[0])
			if err != nil {
				return err
			}
			v, _, err := a.view(r, []string{catalogue.EntryRoot(kind, id)})
			if err != nil {
				return err
			}
			if !has(v, kind, id) {
				return i18n.Errorf(i18n.T("%s/%s n'existe pas dans le registre (voir codal list %[1]s)", "%s/%s does not exist in the registry (see codal list %[1]s)"), string(kind), id)
			}
			st, err := config.LoadState(r.Dir())
			if err != nil {
				return err
			}
			ref := string(kind) + "/" + id
			if !st.Follow(ref) {
				say(a.stderr, a.t(i18n.T("Vous suivez déjà %s.", "You already follow %s."), ref))
				return nil
			}
			if err := st.Save(); err != nil {
				return err
			}
			say(a.stderr, a.t(i18n.T("Vous suivez désormais %s.", "You now follow %s."), ref))
			return nil
		},
	}
	cmd.ValidArgsFunction = a.completeRefs
	return cmd
}

func newUnfollowCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "unfollow KIND/ID",
		Short:   a.tt("Ne plus suivre une entrée", "Stop following an entry"),
		Example: "  codal unfollow requests/budget-climat",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, id, r, err := a.openRef(args[0])
			if err != nil {
				return err
			}
			st, err := config.LoadState(r.Dir())
			if err != nil {
				return err
			}
			ref := string(kind) + "/" + id
			if !st.Unfollow(ref) {
				return i18n.Errorf(i18n.T("vous ne suivez pas %s (codal follow %[1]s pour le suivre)", "you do not follow %s (codal follow %[1]s to follow it)"), ref)
			}
			if err := st.Save(); err != nil {
				return err
			}
			say(a.stderr, a.t(i18n.T("Vous ne suivez plus %s.", "You no longer follow %s."), ref))
			return nil
		},
	}
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := a.open()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		st, err := config.LoadState(r.Dir())
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		return st.Follows, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}
