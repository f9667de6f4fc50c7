package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/coverage/cachefile"
	"github.com/gpso/codal/coverage/portal"
	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/schemas"
)

func init() { commands = append(commands, command{[]string{"coverage"}, newCoverageCmd}) }

var coverageFormats = []string{"text", "md", "csv", "json"}

type coverageOpts struct {
	refresh, offline, validate, asJSON bool
	schemas, actors                    []string
	format                             string
}

func newCoverageCmd(a *app) *cobra.Command {
	var o coverageOpts
	cmd := &cobra.Command{
		Use:   "coverage",
		Short: a.tt("Qui publie quel jeu de données partagé, vérifié contre son schéma", "Who publishes which shared dataset, checked against its schema"),
		Long: a.tt(
			"Lit le catalogue du portail de chaque acteur (portal:, en API Explore v2.1 d'Opendatasoft) et de son organisation\n"+
				"data.gouv.fr (datagouv:), rapproche les jeux de données des schémas du registre (schéma déclaré, sinon noms\n"+
				"de champs) et imprime la matrice acteurs × schémas : valid, invalid (nombre d'erreurs), found, missing,\n"+
				"unreachable, no-portal. --validate télécharge les exports CSV trouvés et les vérifie. Les résultats sont gardés\n"+
				"24 h dans le cache de codal ; --refresh relit tout, --offline montre le cache et son âge. Par défaut, les\n"+
				"membres du CODAL. Voir docs/coverage.md.",
			"Reads the catalogue of each actor's portal (portal:, as an Opendatasoft Explore API v2.1) and of its data.gouv.fr\n"+
				"organisation (datagouv:), matches the datasets to the registry's schemas (a declared schema, else field names)\n"+
				"and prints the matrix actors × schemas: valid, invalid (error count), found, missing, unreachable, no-portal.\n"+
				"--validate downloads the CSV exports found and checks them. Results are kept 24 h in codal's cache; --refresh\n"+
				"reads everything again, --offline shows the cache and its age. By default, the CODAL's members. See\n"+
				"docs/coverage.md."),
		Example: "  codal coverage\n  codal coverage --validate --schema scdl-subventions\n  codal coverage --offline --format md\n  codal coverage --actor issy-les-moulineaux --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.asJSON {
				if cmd.Flags().Changed("format") && o.format != "json" {
					return withCode(2, i18n.Errorf(i18n.T("--json et --format %s se contredisent", "--json and --format %s contradict each other"), o.format))
				}
				o.format = "json"
			}
			if !contains(coverageFormats, o.format) {
				return withCode(2, i18n.Errorf(i18n.T("format inconnu %q : %s", "unknown format %q: %s"), o.format, strings.Join(coverageFormats, ", ")))
			}
			if o.offline && (o.refresh || o.validate) {
				return withCode(2, i18n.Errorf(i18n.T("--offline ne lit aucun portail : il exclut --refresh et --validate", "--offline reads no portal: it excludes --refresh and --validate")))
			}
			return a.coverage(o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.refresh, "refresh", false, a.tt("relire tous les portails, sans le cache", "read every portal again, not the cache"))
	f.BoolVar(&o.offline, "offline", false, a.tt("montrer le cache seulement, sans réseau", "show the cache only, no network"))
	f.BoolVar(&o.validate, "validate", false, a.tt("télécharger et vérifier les exports CSV trouvés", "download and check the CSV exports found"))
	f.StringArrayVar(&o.schemas, "schema", nil, a.tt("ce schéma seulement (répétable)", "only this schema (repeatable)"))
	f.StringArrayVar(&o.actors, "actor", nil, a.tt("cet acteur seulement (répétable)", "only this actor (repeatable)"))
	f.StringVar(&o.format, "format", "text", a.tt("format : text, md, csv ou json", "format: text, md, csv or json"))
	f.BoolVar(&o.asJSON, "json", false, a.tt("sortie JSON (comme --format json)", "JSON output (as --format json)"))
	return cmd
}

// newPortalClient is the portals' client; tests shorten its waits.
var newPortalClient = func() *portal.Client { return portal.New(versionString()) }

func (a *app) coverage(o coverageOpts) error {
	r, c, err := a.load(catalogue.Actors, catalogue.Schemas)
	if err != nil {
		return err
	}
	actors, err := coverageActors(c, o.actors)
	if err != nil {
		return err
	}
	targets, bySchema, err := coverageTargets(c, o.schemas)
	if err != nil {
		return err
	}
	path := cachefile.Path(r.Dir())
	cache := cachefile.Load(path)
	now := a.now().UTC()
	if o.offline {
		if cache.SavedAt.IsZero() {
			return i18n.Errorf(i18n.T("aucun résultat de couverture en cache pour ce registre : lancez codal coverage sans --offline",
				"no coverage results cached for this registry: run codal coverage without --offline"))
		}
		say(a.stderr, a.t(i18n.T("Résultats du %s (il y a %s), sans réseau.", "Results of %s (%s ago), no network."),
			cache.SavedAt.Local().Format("2006-01-02 15:04"), age(now.Sub(cache.SavedAt), a.lang)))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	client := newPortalClient()
	progress := a.progress()
	rows, where := portal.Places(actors)
	dirty := false
	if !o.offline {
		if stale := cache.Stale(rows, now, coverage.MaxAge, o.refresh); len(stale) > 0 {
			cache.Put(client.Gather(ctx, portal.Pick(where, stale), portal.DataGouvAPI(), now, a.lang, progress))
			dirty = true
		}
	}
	m := coverage.Build(cache.Rows(rows, a.tt("jamais lu", "never read")), targets)
	cache.Apply(m)
	if o.validate {
		client.ValidateFound(ctx, m, bySchema, a.lang, progress)
		cache.Record(m, now)
		dirty = true
	}
	if progress != nil {
		fmt.Fprint(a.stderr, "\r\x1b[K")
	}
	if ctx.Err() != nil { // nothing half-read is kept
		return withCode(130, i18n.Errorf(i18n.T("interrompu : le cache de couverture est inchangé", "interrupted: the coverage cache is unchanged")))
	}
	if dirty {
		cache.SavedAt = now
		if err := cachefile.Save(path, cache); err != nil {
			say(a.stderr, i18n.Message(err, a.lang))
		}
	}
	for _, cl := range m.Cells {
		if cl.Reason != "" && cl.State == coverage.Found {
			say(a.stderr, a.t(i18n.T("%s × %s : non vérifié (%s)", "%s × %s: not checked (%s)"), cl.Actor, cl.Schema, cl.Reason))
		}
	}
	for _, row := range m.Actors {
		for _, f := range row.Failed {
			say(a.stderr, a.t(i18n.T("%s : %s", "%s: %s"), row.ID, f))
		}
	}
	switch o.format {
	case "json":
		return m.JSON(a.stdout)
	case "md":
		return m.Markdown(a.stdout, a.lang)
	case "csv":
		return m.CSV(a.stdout)
	}
	return m.Text(a.stdout, a.lang)
}

// progress is the progress line on stderr, when stderr is a terminal.
func (a *app) progress() portal.Progress {
	if !isTerminal(a.stderr) {
		return nil
	}
	return func(done, total int, what string) {
		fmt.Fprintf(a.stderr, "\r\x1b[K[%d/%d] %s", done, total, fact.Truncate(fact.CleanLine(what), 60))
	}
}

// age says a duration the way people do: minutes, hours or days.
func age(d time.Duration, l i18n.Lang) string {
	switch {
	case d < time.Hour:
		return i18n.T("%d min", "%d min").In(l, int(d.Minutes()))
	case d < 48*time.Hour:
		return i18n.T("%d h", "%d h").In(l, int(d.Hours()))
	}
	return i18n.T("%d jours", "%d days").In(l, int(d.Hours()/24))
}

// coverageActors are the rows: the actors named, else the CODAL's members.
func coverageActors(c *catalogue.Catalogue, ids []string) ([]*directory.Actor, error) {
	if len(ids) == 0 {
		var out []*directory.Actor
		for _, x := range c.Actors {
			if x.CODAL {
				out = append(out, x)
			}
		}
		return out, nil
	}
	var out []*directory.Actor
	for _, id := range ids {
		x := c.Actor(id)
		if x == nil {
			return nil, withCode(2, i18n.Errorf(i18n.T("acteur inconnu %q (voir codal list actors)", "unknown actor %q (see codal list actors)"), id))
		}
		out = append(out, x)
	}
	return out, nil
}

// coverageTargets are the columns: the schemas named, else all.
func coverageTargets(c *catalogue.Catalogue, ids []string) ([]coverage.Target, map[string]*schemas.Schema, error) {
	by := map[string]*schemas.Schema{}
	var picked []*schemas.Schema
	if len(ids) == 0 {
		picked = c.Schemas
	}
	for _, id := range ids {
		var s *schemas.Schema
		for _, x := range c.Schemas {
			if x.ID == id {
				s = x
			}
		}
		if s == nil {
			return nil, nil, withCode(2, i18n.Errorf(i18n.T("schéma inconnu %q (voir codal list schemas)", "unknown schema %q (see codal list schemas)"), id))
		}
		picked = append(picked, s)
	}
	var out []coverage.Target
	for _, s := range picked {
		by[s.ID] = s
		out = append(out, coverage.TargetOf(s))
	}
	return out, by, nil
}
