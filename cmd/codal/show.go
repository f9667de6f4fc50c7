package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
)

func init() { commands = append(commands, command{[]string{"show"}, newShowCmd}) }

func newShowCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show KIND/ID",
		Short:   a.tt("Affiche une entrée en détail", "Show one entry in detail"),
		Example: "  codal show requests/budget-climat\n  codal show actors/issy-les-moulineaux --json\n  codal show tips/verifier-un-csv-avec-codal",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, id, r, err := a.openRef(args[0])
			if err != nil {
				return err
			}
			var v catalogue.View
			communes := 0
			if kind == catalogue.Actors && !asJSON && a.useIndex() {
				// an actor's page lists the requests it filed or
				// supported too: the board's rows naming it
				// (actorRequests), hand edits of requests checked as a
				// list checks them
				if v, communes, err = a.actorView(r); err != nil {
					return err
				}
			} else if v, communes, err = a.view(r, []string{catalogue.EntryRoot(kind, id)}); err != nil {
				return err
			}
			if !has(v, kind, id) {
				return i18n.Errorf(i18n.T("%s/%s n'existe pas dans le registre (voir codal list %[1]s)", "%s/%s does not exist in the registry (see codal list %[1]s)"), string(kind), id)
			}
			return a.show(r, v, communes, kind, id, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON, pour les scripts", "JSON output, for scripts"))
	cmd.ValidArgsFunction = a.completeRefs
	return cmd
}

// completeRefs completes KIND/ID from the registry's entries.
func (a *app) completeRefs(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	_, c, err := a.load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var refs []string
	for _, x := range c.Actors {
		refs = append(refs, "actors/"+x.ID)
	}
	for _, x := range c.Snippets {
		refs = append(refs, "snippets/"+x.ID)
	}
	for _, x := range c.Schemas {
		refs = append(refs, "schemas/"+x.ID)
	}
	for _, x := range c.Requests {
		refs = append(refs, "requests/"+x.ID)
	}
	for _, x := range c.Trainings {
		refs = append(refs, "trainings/"+x.ID)
	}
	for _, x := range c.Tips {
		refs = append(refs, "tips/"+x.ID)
	}
	return refs, cobra.ShellCompDirectiveNoFileComp
}

// has reports whether the entry KIND/ID exists in v.
func has(v catalogue.View, k catalogue.Kind, id string) bool {
	switch k {
	case catalogue.Actors:
		return v.Actor(id) != nil
	case catalogue.Snippets:
		return v.Snippet(id) != nil
	case catalogue.Schemas:
		return v.Schema(id) != nil
	case catalogue.Requests:
		return v.Request(id) != nil
	case catalogue.Trainings:
		return training(v, id) != nil
	case catalogue.Tips:
		return tip(v, id) != nil
	}
	return false
}

// show prints one entry read from c; communes counts the directory's
// communes. An actor's page needs the whole catalogue (c is one then).
func (a *app) show(files fileReader, c catalogue.View, communes int, kind catalogue.Kind, id string, asJSON bool) error {
	w := a.stdout
	switch kind {
	case catalogue.Actors:
		if asJSON {
			return writeJSON(w, c.Actor(id))
		}
		return a.showActor(w, c, communes, c.Actor(id))
	case catalogue.Snippets:
		if asJSON {
			return writeJSON(w, c.Snippet(id))
		}
		return a.showSnippet(w, files, c, c.Snippet(id))
	case catalogue.Schemas:
		if asJSON {
			return writeJSON(w, c.Schema(id))
		}
		a.showSchema(w, c.Schema(id))
	case catalogue.Requests:
		s := c.Standing(id)
		if asJSON {
			return writeJSON(w, newRequestDetailJSON(*s))
		}
		a.showRequest(w, c, communes, *s)
	case catalogue.Trainings, catalogue.Tips:
		return a.showToolbox(c, kind, id, asJSON)
	}
	return nil
}

// field prints "label : value" when value is not empty.
func (a *app) field(w io.Writer, label, value string) {
	if value == "" {
		return
	}
	sep := " : "
	if a.lang == i18n.EN {
		sep = ": "
	}
	fmt.Fprintf(w, "%s%s%s\n", label, sep, fact.CleanLine(value))
}

func (a *app) heading(w io.Writer, title string) {
	title = fact.CleanLine(title)
	fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
}

func (a *app) section(w io.Writer, title string) {
	title = fact.CleanLine(title)
	fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
}

func (a *app) actorName(c catalogue.View, id string) string {
	if x := c.Actor(id); x != nil {
		return x.Name
	}
	return id
}

func (a *app) showActor(w io.Writer, c catalogue.View, total int, x *directory.Actor) error {
	a.heading(w, x.Name)
	a.field(w, "ID", x.ID)
	a.field(w, a.tt("Genre", "Kind"), x.Kind.Label(a.lang))
	a.field(w, "INSEE", x.INSEE)
	a.field(w, "SIREN", x.SIREN)
	if x.Population > 0 {
		a.field(w, "Population", i18n.Number(a.lang, x.Population))
	}
	if x.Parent != "" {
		a.field(w, a.tt("Rattachement", "Parent"), a.actorName(c, x.Parent)+" ("+x.Parent+")")
	}
	a.field(w, a.tt("Portail", "Portal"), x.Portal)
	a.field(w, "data.gouv.fr", x.DataGouv)
	a.field(w, a.tt("Adresse", "Address"), x.Address.String())
	a.field(w, a.tt("Compétences", "Competences"), strings.Join(x.Competences, ", "))
	if x.CODAL {
		a.field(w, "CODAL", a.tt("membre du comité", "committee member"))
	}
	if len(x.Contacts) > 0 {
		a.section(w, a.tt("Contacts", "Contacts"))
		for _, ct := range x.Contacts {
			parts := []string{ct.Role}
			for _, p := range []string{ct.Name, ct.Email, ct.Phone} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			fmt.Fprintln(w, "- "+fact.CleanLine(strings.Join(parts, " · ")))
		}
	}
	filed, sup, err := actorRequests(c, x)
	if err != nil {
		return err
	}
	if len(filed) > 0 {
		a.section(w, a.tt("Demandes déposées", "Requests filed"))
		for _, s := range filed {
			fmt.Fprintf(w, "- #%d %s (%s, %s)\n", s.rank, fact.CleanLine(s.title), a.communeCount(s.communes, total), s.status.Label(a.lang))
		}
	}
	if len(sup) > 0 {
		a.section(w, a.tt("Demandes soutenues", "Requests supported"))
		for _, s := range sup {
			fmt.Fprintf(w, "- #%d %s (%s, %s)\n", s.rank, fact.CleanLine(s.title), a.communeCount(s.communes, total), s.status.Label(a.lang))
		}
	}
	return nil
}

func (a *app) showSnippet(w io.Writer, files fileReader, c catalogue.View, s *snippets.Snippet) error {
	a.heading(w, s.Title)
	a.field(w, "ID", s.ID)
	a.field(w, a.tt("Langage", "Language"), s.Language)
	a.field(w, a.tt("Auteur", "Author"), a.actorName(c, s.Author))
	a.field(w, a.tt("Licence", "License"), s.License)
	a.field(w, a.tt("Mots-clés", "Tags"), strings.Join(s.Tags, ", "))
	if s.Description != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.TrimSpace(fact.Clean(s.Description)))
	}
	refused := false
	for _, name := range s.Files {
		a.section(w, name)
		data, err := files.ReadFile(catalogue.SnippetPath(s.ID, name))
		if errors.Is(err, store.ErrSymlink) {
			// a link is never followed: the entry is shown, the link
			// named, and the command fails as lint would
			refused = true
			say(w, "("+i18n.Message(err, a.lang)+")")
			continue
		}
		if err != nil {
			say(w, a.t(i18n.T("(fichier illisible : %s)", "(unreadable file: %s)"), i18n.Message(err, a.lang)))
			continue
		}
		fmt.Fprintln(w, strings.TrimRight(fact.Clean(string(data)), "\n"))
	}
	if refused {
		return silentExit(1)
	}
	return nil
}

func (a *app) showSchema(w io.Writer, s *schemas.Schema) {
	a.heading(w, firstNonEmpty(s.Title, s.Name, s.ID))
	a.field(w, "ID", s.ID)
	a.field(w, a.tt("Nom", "Name"), s.Name)
	a.field(w, "Version", s.Version)
	if s.Description != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.TrimSpace(fact.Clean(s.Description)))
	}
	a.section(w, a.t(i18n.T("Champs (%d)", "Fields (%d)"), len(s.Fields)))
	t := newTable(w, a.tt("NOM", "NAME"), "TYPE", a.tt("TITRE", "TITLE"))
	for _, f := range s.Fields {
		t.row(f.Name, f.Type, fact.Truncate(firstNonEmpty(f.Title, f.Description), 70))
	}
	t.flush()
	if len(s.Examples) > 0 {
		a.section(w, a.tt("Exemples", "Examples"))
		for _, e := range s.Examples {
			fmt.Fprintln(w, "- "+fact.CleanLine(e))
		}
	}
}

func (a *app) showRequest(w io.Writer, c catalogue.View, communes int, s requests.Standing) {
	r := s.Request
	a.heading(w, r.Title)
	a.field(w, "ID", r.ID)
	a.field(w, a.tt("Statut", "Status"), s.Status.Label(a.lang))
	a.field(w, a.tt("Rang", "Rank"), strconv.Itoa(s.Rank))
	a.field(w, a.tt("Soutiens", "Support"), fmt.Sprintf("%s, %s", a.communeCount(len(s.Communes), communes),
		a.t(i18n.T("%d organisations, %s habitants", "%d organisations, %s inhabitants"), len(s.Supporters), i18n.Number(a.lang, s.Population))))
	a.field(w, a.tt("Demandée par", "Requested by"), a.actorName(c, r.RequestedBy))
	a.field(w, a.tt("Adressée à", "Addressed to"), a.actorName(c, r.AddressedTo))
	if cur := r.CurrentAddressee(); cur != r.AddressedTo {
		a.field(w, a.tt("Destinataire actuel", "Current addressee"), a.actorName(c, cur))
	}
	a.field(w, a.tt("Déposée le", "Created"), r.Created.String())
	a.field(w, a.tt("Souhaitée pour", "Wanted by"), r.WantedBy.String())
	a.field(w, a.tt("Thèmes", "Themes"), strings.Join(r.Themes, ", "))
	if r.Description != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.TrimSpace(fact.Clean(r.Description)))
	}
	if r.Usage != "" {
		a.section(w, a.tt("Usage prévu", "Intended use"))
		fmt.Fprintln(w, strings.TrimSpace(fact.Clean(r.Usage)))
	}
	a.section(w, a.tt("Soutiens", "Supporters"))
	fmt.Fprintf(w, "- %s (%s)\n", fact.CleanLine(a.actorName(c, r.RequestedBy)), a.tt("demandeur", "requester"))
	for _, v := range r.Votes {
		if v.Actor == r.RequestedBy {
			continue
		}
		line := fmt.Sprintf("- %s : %s, %s", a.actorName(c, v.Actor), v.Need.Label(a.lang), v.Date)
		if v.Comment != "" {
			line += " — " + v.Comment
		}
		fmt.Fprintln(w, fact.CleanLine(line))
	}
	if len(r.Events) > 0 {
		a.section(w, a.tt("Historique", "History"))
		for _, e := range r.Events {
			if e.IsTransfer() {
				fmt.Fprintln(w, fact.CleanLine(a.transferLine(c, e)))
				continue
			}
			line := fmt.Sprintf("- %s %s : %s", e.Stamp.Format("2006-01-02"), a.actorName(c, e.Actor), e.Status.Label(a.lang))
			for _, extra := range []string{e.Note, e.Reason, e.Dataset, e.DuplicateOf, e.PlannedFor.String()} {
				if extra != "" {
					line += " — " + extra
				}
			}
			fmt.Fprintln(w, fact.CleanLine(line))
		}
	}
	a.showComments(w, c, r)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// fileReader reads a registry's files by their path from its root.
type fileReader interface {
	ReadFile(name string) ([]byte, error)
}
