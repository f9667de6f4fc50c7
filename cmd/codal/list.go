package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func init() { commands = append(commands, command{[]string{"list"}, newListCmd}) }

func newListCmd(a *app) *cobra.Command {
	var query, format, kindFlag, competence string
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "list actors|snippets|schemas|requests|trainings|tips",
		Short: a.tt("Liste les entrées d'un type", "List the entries of one kind"),
		Long: a.tt(
			"Liste les acteurs, les extraits de code, les schémas, les demandes, les formations ou les astuces du registre. Les demandes sont classées\n"+
				"par priorité. --query garde les entrées qui contiennent tous les mots donnés (sans tenir compte des accents ni\n"+
				"de la casse) dans leur titre, identifiant, thèmes ou mots-clés, ou le nom des communes concernées.",
			"Lists the registry's actors, code snippets, schemas, requests, trainings or tips. Requests are in priority order. --query keeps\n"+
				"the entries that contain every given word (ignoring accents and case) in their title, id, themes or tags, or\n"+
				"the names of the communes involved."),
		Example: "  codal list requests\n  codal list trainings --query qgis\n  codal list actors --query commune\n  codal list requests --query \"climat sevres\" --json\n" +
			"  codal list actors --kind commune --competence déchets\n  codal list actors --format vcard > annuaire-codal.vcf\n  codal list actors --format csv",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"actors", "snippets", "schemas", "requests", "trainings", "tips"},
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, ok := catalogue.ParseKind(args[0])
			if !ok {
				return withCode(2, i18n.Errorf(i18n.T("type inconnu %q : actors, snippets, schemas, requests, trainings ou tips", "unknown kind %q: actors, snippets, schemas, requests, trainings or tips"), args[0]))
			}
			f, err := listFormat(format, asJSON, kind)
			if err != nil {
				return err
			}
			terms := catalogue.Terms(query)
			facets, err := actorFacets(kind, kindFlag, competence)
			if err != nil {
				return err
			}
			terms = append(terms, facets...)
			if all {
				if f == "vcard" || f == "csv" {
					return withCode(2, i18n.Errorf(i18n.T("--all s'emploie avec --format text ou json", "--all goes with --format text or json")))
				}
				return a.listAll(kind, terms, f == "json")
			}
			l, err := a.lister(kind)
			if err != nil {
				return err
			}
			if f == "vcard" || f == "csv" {
				return a.exportActors(l, terms, f)
			}
			return a.list(l, kind, terms, f == "json")
		},
	}
	cmd.Flags().StringVarP(&query, "query", "q", "", a.tt("ne garder que les entrées contenant ces mots", "keep only the entries containing these words"))
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON, pour les scripts (comme --format json)", "JSON output, for scripts (as --format json)"))
	cmd.Flags().StringVar(&format, "format", "text", a.tt("format : text, json ; pour les acteurs aussi vcard (carnet d'adresses) et csv", "format: text, json; for actors also vcard (address book) and csv"))
	cmd.Flags().BoolVar(&all, "all", false, a.tt("lister chaque registre nommé dans la configuration (registries:), avec une colonne registre", "list every registry named in the configuration (registries:), with a registry column"))
	cmd.Flags().StringVar(&kindFlag, "kind", "", a.tt("acteurs : ne garder que ce genre (commune, ept, departement…)", "actors: keep only this kind (commune, ept, departement…)"))
	cmd.Flags().StringVar(&competence, "competence", "", a.tt("acteurs : ne garder que ceux dont les compétences contiennent ces mots", "actors: keep only those whose competences contain these words"))
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "vcard", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	kinds := make([]string, len(directory.Kinds))
	for i, k := range directory.Kinds {
		kinds[i] = string(k)
	}
	cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions(kinds, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// listFormat checks --format against the kind listed; --json is the alias
// of --format json.
func listFormat(format string, asJSON bool, kind catalogue.Kind) (string, error) {
	if asJSON {
		if format != "text" && format != "json" {
			return "", withCode(2, i18n.Errorf(i18n.T("--json et --format %s s'excluent", "--json and --format %s exclude each other"), format))
		}
		return "json", nil
	}
	switch format {
	case "text", "json":
		return format, nil
	case "vcard", "csv":
		if kind == catalogue.Actors {
			return format, nil
		}
		return "", withCode(2, i18n.Errorf(i18n.T("--format %s ne vaut que pour les acteurs (codal list actors)", "--format %s only applies to actors (codal list actors)"), format))
	}
	return "", withCode(2, i18n.Errorf(i18n.T("format inconnu %q : text, json, vcard ou csv", "unknown format %q: text, json, vcard or csv"), format))
}

// actorFacets turns --kind and --competence into search terms (the facets
// ActorHaystack carries), refusing them for other kinds and an unknown kind.
func actorFacets(kind catalogue.Kind, k, competence string) ([]string, error) {
	if k == "" && competence == "" {
		return nil, nil
	}
	if kind != catalogue.Actors {
		return nil, withCode(2, i18n.Errorf(i18n.T("--kind et --competence ne valent que pour les acteurs (codal list actors)", "--kind and --competence only apply to actors (codal list actors)")))
	}
	var terms []string
	if k != "" {
		if !directory.Kind(k).Valid() {
			names := make([]string, len(directory.Kinds))
			for i, x := range directory.Kinds {
				names[i] = string(x)
			}
			return nil, withCode(2, i18n.Errorf(i18n.T("genre d'acteur inconnu %q : %s", "unknown kind of actor %q: %s"), k, strings.Join(names, ", ")))
		}
		terms = append(terms, catalogue.KindFacet(k))
	}
	for _, w := range catalogue.Terms(competence) {
		terms = append(terms, catalogue.CompetenceFacet+w)
	}
	return terms, nil
}

// lister is what list reads: the index's lists (its snapshot when nothing
// changed, which decodes only the rows shown; hand edits looked for in what
// a list of kind reads), or a load without the index.
func (a *app) lister(kind catalogue.Kind) (catalogue.Lister, error) {
	r, err := a.open()
	if err != nil {
		return nil, err
	}
	if a.useIndex() {
		return r.Lister(kind)
	}
	return r.Load()
}

// listing is what list prints: a table's header and rows, or the JSON
// objects of the same entries (requests build only the one printed).
type listing struct {
	header []string
	rows   [][]string
	objs   []any
}

func (a *app) list(l catalogue.Lister, kind catalogue.Kind, terms []string, asJSON bool) error {
	if rl, ok := l.(catalogue.RequestRowLister); ok && kind == catalogue.Requests && !asJSON {
		return a.requestTable(rl, terms)
	}
	if kind == catalogue.Requests && asJSON {
		if err := a.requestJSONList(l, terms); err != errJSONFallback {
			return err
		}
	}
	ls, err := a.listing(l, kind, terms, asJSON)
	if err != nil {
		return err
	}
	return a.printListing(ls, asJSON)
}

// listing reads the entries of a kind that match terms.
func (a *app) listing(l catalogue.Lister, kind catalogue.Kind, terms []string, asJSON bool) (listing, error) {
	var ls listing
	switch kind {
	case catalogue.Actors:
		xs, err := l.ListActors(terms)
		if err != nil {
			return ls, err
		}
		ls.header = []string{a.tt("ID", "ID"), a.tt("NOM", "NAME"), a.tt("GENRE", "KIND"), "INSEE", "POPULATION"}
		for _, x := range xs {
			ls.objs = append(ls.objs, x)
			pop := ""
			if x.Population > 0 {
				pop = i18n.Number(a.lang, x.Population)
			}
			ls.rows = append(ls.rows, []string{x.ID, x.Name, x.Kind.Label(a.lang), x.INSEE, pop})
		}
		return ls, nil
	case catalogue.Snippets:
		xs, err := l.ListSnippets(terms)
		if err != nil {
			return ls, err
		}
		ls.header = []string{"ID", a.tt("TITRE", "TITLE"), a.tt("LANGAGE", "LANGUAGE"), a.tt("AUTEUR", "AUTHOR")}
		for _, x := range xs {
			ls.objs = append(ls.objs, x)
			ls.rows = append(ls.rows, []string{x.ID, fact.Truncate(x.Title, 60), x.Language, x.Author})
		}
		return ls, nil
	case catalogue.Schemas:
		xs, err := l.ListSchemas(terms)
		if err != nil {
			return ls, err
		}
		ls.header = []string{"ID", a.tt("TITRE", "TITLE"), "VERSION", a.tt("CHAMPS", "FIELDS")}
		for _, x := range xs {
			ls.objs = append(ls.objs, x)
			ls.rows = append(ls.rows, []string{x.ID, fact.Truncate(x.Title, 60), x.Version, strconv.Itoa(len(x.Fields))})
		}
		return ls, nil
	case catalogue.Trainings, catalogue.Tips:
		return a.listToolbox(l, kind, terms)
	}
	board, err := l.ListRequests(terms)
	if err != nil {
		return ls, err
	}
	var name map[string]string
	var total int
	if !asJSON {
		if name, total, err = communesOnly(l); err != nil {
			return ls, err
		}
	}
	ls.header = a.requestHeader()
	for _, s := range board {
		if asJSON {
			ls.objs = append(ls.objs, newRequestJSON(s))
			continue
		}
		names := make([]string, len(s.Communes))
		for i, id := range s.Communes {
			if names[i] = name[id]; names[i] == "" {
				names[i] = id
			}
		}
		ls.rows = append(ls.rows, []string{strconv.Itoa(s.Rank), s.Request.ID, fact.Truncate(s.Request.Title, 56), a.communeCount(len(s.Communes), total), s.Status.Label(a.lang),
			strings.Join(names, ", ")})
	}
	return ls, nil
}

// printListing prints a listing as a table or as a JSON array.
func (a *app) printListing(ls listing, asJSON bool) error {
	if asJSON {
		if ls.objs == nil {
			ls.objs = []any{}
		}
		return writeJSON(a.stdout, ls.objs)
	}
	if len(ls.rows) == 0 {
		say(a.stderr, a.tt("Aucune entrée ne correspond.", "No entry matches."))
		return nil
	}
	t := newTable(a.stdout, ls.header...)
	for _, r := range ls.rows {
		t.row(r...)
	}
	return t.flush()
}

// communeCount renders "3/8 communes".
func (a *app) communeCount(n, total int) string {
	return fmt.Sprintf("%d/%d communes", n, total)
}
