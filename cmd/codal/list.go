package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func init() { commands = append(commands, newListCmd) }

func newListCmd(a *app) *cobra.Command {
	var query string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list actors|snippets|schemas|requests",
		Short: a.tt("Liste les entrées d'un type", "List the entries of one kind"),
		Long: a.tt(
			"Liste les acteurs, les extraits de code, les schémas ou les demandes du registre. Les demandes sont classées\n"+
				"par priorité. --query garde les entrées qui contiennent tous les mots donnés (sans tenir compte des accents ni\n"+
				"de la casse) dans leur titre, identifiant, thèmes ou mots-clés, ou le nom des communes concernées.",
			"Lists the registry's actors, code snippets, schemas or requests. Requests are in priority order. --query keeps\n"+
				"the entries that contain every given word (ignoring accents and case) in their title, id, themes or tags, or\n"+
				"the names of the communes involved."),
		Example:   "  codal list requests\n  codal list actors --query commune\n  codal list requests --query \"climat sevres\" --json",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"actors", "snippets", "schemas", "requests"},
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, ok := catalogue.ParseKind(args[0])
			if !ok {
				return withCode(2, i18n.Errorf(i18n.T("type inconnu %q : actors, snippets, schemas ou requests", "unknown kind %q: actors, snippets, schemas or requests"), args[0]))
			}
			l, err := a.lister()
			if err != nil {
				return err
			}
			return a.list(l, kind, catalogue.Terms(query), asJSON)
		},
	}
	cmd.Flags().StringVarP(&query, "query", "q", "", a.tt("ne garder que les entrées contenant ces mots", "keep only the entries containing these words"))
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON, pour les scripts", "JSON output, for scripts"))
	return cmd
}

// lister is what list reads: the index's lists (its snapshot when nothing
// changed, which decodes only the rows shown), or a load without the index.
func (a *app) lister() (catalogue.Lister, error) {
	r, err := a.open()
	if err != nil {
		return nil, err
	}
	if a.useIndex() {
		return r.Lister()
	}
	return r.Load()
}

func (a *app) list(l catalogue.Lister, kind catalogue.Kind, terms []string, asJSON bool) error {
	switch kind {
	case catalogue.Actors:
		xs, err := l.ListActors(terms)
		if err != nil {
			return err
		}
		var out []any
		t := newTable(a.stdout, a.tt("ID", "ID"), a.tt("NOM", "NAME"), a.tt("GENRE", "KIND"), "INSEE", "POPULATION")
		for _, x := range xs {
			out = append(out, x)
			pop := ""
			if x.Population > 0 {
				pop = i18n.Number(a.lang, x.Population)
			}
			t.row(x.ID, x.Name, x.Kind.Label(a.lang), x.INSEE, pop)
		}
		return a.finishList(t, out, asJSON)
	case catalogue.Snippets:
		xs, err := l.ListSnippets(terms)
		if err != nil {
			return err
		}
		var out []any
		t := newTable(a.stdout, "ID", a.tt("TITRE", "TITLE"), a.tt("LANGAGE", "LANGUAGE"), a.tt("AUTEUR", "AUTHOR"))
		for _, x := range xs {
			out = append(out, x)
			t.row(x.ID, fact.Truncate(x.Title, 60), x.Language, x.Author)
		}
		return a.finishList(t, out, asJSON)
	case catalogue.Schemas:
		xs, err := l.ListSchemas(terms)
		if err != nil {
			return err
		}
		var out []any
		t := newTable(a.stdout, "ID", a.tt("TITRE", "TITLE"), "VERSION", a.tt("CHAMPS", "FIELDS"))
		for _, x := range xs {
			out = append(out, x)
			t.row(x.ID, fact.Truncate(x.Title, 60), x.Version, strconv.Itoa(len(x.Fields)))
		}
		return a.finishList(t, out, asJSON)
	}
	board, err := l.ListRequests(terms)
	if err != nil {
		return err
	}
	var out []any
	total, name := 0, map[string]string{}
	if !asJSON {
		actors, err := l.ListActors(nil)
		if err != nil {
			return err
		}
		for _, x := range actors {
			name[x.ID] = x.Name
			if x.IsCommune() {
				total++
			}
		}
	}
	t := newTable(a.stdout, a.tt("RANG", "RANK"), "ID", a.tt("TITRE", "TITLE"), "COMMUNES", a.tt("STATUT", "STATUS"), a.tt("COMMUNES EN SOUTIEN", "SUPPORTING COMMUNES"))
	for _, s := range board {
		out = append(out, newRequestJSON(s))
		if asJSON {
			continue
		}
		names := make([]string, len(s.Communes))
		for i, id := range s.Communes {
			if names[i] = name[id]; names[i] == "" {
				names[i] = id
			}
		}
		t.row(strconv.Itoa(s.Rank), s.Request.ID, fact.Truncate(s.Request.Title, 56), a.communeCount(len(s.Communes), total), s.Status.Label(a.lang),
			strings.Join(names, ", "))
	}
	return a.finishList(t, out, asJSON)
}

func (a *app) finishList(t *table, out []any, asJSON bool) error {
	if asJSON {
		if out == nil {
			out = []any{}
		}
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 {
		say(a.stderr, a.tt("Aucune entrée ne correspond.", "No entry matches."))
		return nil
	}
	return t.flush()
}

// communeCount renders "3/8 communes".
func (a *app) communeCount(n, total int) string {
	return fmt.Sprintf("%d/%d communes", n, total)
}
