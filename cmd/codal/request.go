package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

func init() {
	commands = append(commands, command{[]string{"request", "requests", "demande", "demandes"}, newRequestCmd})
}

// networkTimeout bounds the sharing step of a write or a sync.
const networkTimeout = 2 * time.Minute

func newRequestCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "request",
		Aliases: []string{"requests", "demande", "demandes"},
		Short:   a.tt("Dépose, soutient et trie les demandes de données", "File, support and triage data requests"),
		Long: a.tt(
			"Chaque action écrit un fichier dans le registre, l'enregistre aussitôt dans Git (commit local), puis le partage\n"+
				"(push). Sans réseau, le changement reste enregistré ici et codal sync le partagera ensuite. Votre nom et votre\n"+
				"e-mail viennent de CODAL_NAME et CODAL_EMAIL, sinon de la configuration de codal, sinon de Git (user.name,\n"+
				"user.email) ; l'organisation pour laquelle vous agissez, de --as, sinon de CODAL_ACTOR ou de la configuration.",
			"Each action writes a file into the registry, records it in Git at once (a local commit), then shares it (push).\n"+
				"Without a network, the change stays recorded here and codal sync shares it later. Your name and e-mail come\n"+
				"from CODAL_NAME and CODAL_EMAIL, else codal's configuration, else Git (user.name, user.email); the organisation\n"+
				"you act for from --as, else CODAL_ACTOR or the configuration."),
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newRequestNewCmd(a), newRequestVoteCmd(a), newRequestUnvoteCmd(a), newRequestStatusCmd(a), newRequestTransferCmd(a), newRequestOverdueCmd(a), newRequestRankCmd(a))
	cmd.AddCommand(newRequestCommentCmd(a))
	return cmd
}

// writeFlags are the flags every write shares.
type writeFlags struct {
	offline bool
	asJSON  bool
}

func (w *writeFlags) add(a *app, cmd *cobra.Command) {
	cmd.Flags().BoolVar(&w.offline, "offline", false, a.tt("enregistrer sans partager (codal sync partagera)", "save without sharing (codal sync will share)"))
	cmd.Flags().BoolVar(&w.asJSON, "json", false, a.tt("sortie JSON : ce qui a été écrit, shared, reason", "JSON output: what was written, shared, reason"))
}

// writeSession is a write command's registry, what it reads of the
// catalogue, and identity.
type writeSession struct {
	reg store.Writer
	cat catalogue.Preparer
	who catalogue.Identity
}

// startWrite opens the registry for a write about the request id by the
// organisation flag names (else the identity's). A write about one request
// reads the index's view, checking by hand edits only that request and
// that organisation (catalogue.Prepare reads nothing else of them); a new
// request goes through startNew.
func (a *app) startWrite(id, flag string) (*writeSession, error) {
	s, r, err := a.openSession()
	if err != nil {
		return nil, err
	}
	var roots []string
	if fact.CheckID(id) == nil {
		roots = append(roots, catalogue.EntryRoot(catalogue.Requests, id))
	}
	if actor := s.actor(flag); actor != "" && fact.CheckID(actor) == nil {
		roots = append(roots, catalogue.EntryRoot(catalogue.Actors, actor))
	}
	v, _, err := a.view(r, roots, catalogue.Actors, catalogue.Requests)
	if err != nil {
		return nil, err
	}
	s.cat = catalogue.Prepare(v)
	return s, nil
}

// startNew opens the registry for a new request titled title, filed by
// the organisation by names (else the identity's) and addressed to to:
// through the index's view, like a write about one request, checking by
// hand edits the two organisations and every request id FileRequest tries
// for the title (newRequestView), not the whole work tree.
func (a *app) startNew(title, by, to string) (*writeSession, error) {
	s, r, err := a.openSession()
	if err != nil {
		return nil, err
	}
	if s.cat, err = a.newRequestView(r, title, s.actor(by), to); err != nil {
		return nil, err
	}
	return s, nil
}

// openSession opens the registry for a write by the identity (the
// session's catalogue view is the caller's to set).
func (a *app) openSession() (*writeSession, *registry.Registry, error) {
	r, err := a.open()
	if err != nil {
		return nil, nil, err
	}
	who, err := a.writer(r)
	if err != nil {
		return nil, nil, err
	}
	r.Remote = a.remoteOutput()
	return &writeSession{reg: r, who: who}, r, nil
}

// newRequestView is the view a new request is prepared against: the
// index's, with the hand edits of the organisations by and to and of the
// roots of the ids FileRequest tries for title (requests.NewID: the title's
// slug, then its numbered variants). The ids tried depend on what the view
// says is taken, so the view is opened again with the roots of the ids
// tried until they were all checked (one more round when the slug is
// taken; the index is current by then, so a round costs a few stats).
// Without the index, or after maxRounds, the catalogue's load answers.
func (a *app) newRequestView(r *registry.Registry, title, by, to string) (catalogue.Preparer, error) {
	const maxRounds = 4
	var roots []string
	checked := map[string]bool{}
	add := func(kind catalogue.Kind, id string) {
		if fact.CheckID(id) == nil && !checked[catalogue.EntryRoot(kind, id)] {
			checked[catalogue.EntryRoot(kind, id)] = true
			roots = append(roots, catalogue.EntryRoot(kind, id))
		}
	}
	add(catalogue.Actors, by)
	add(catalogue.Actors, to)
	if base := fact.Slug(title); base != "" {
		add(catalogue.Requests, base)
	}
	for round := 0; a.useIndex() && round < maxRounds; round++ {
		v, _, err := a.view(r, roots)
		if err != nil {
			return catalogue.Preparer{}, err
		}
		n := len(roots)
		requests.NewID(title, func(id string) bool {
			add(catalogue.Requests, id)
			return v.Request(id) != nil || v.Exists("requests/"+id)
		})
		if len(roots) == n {
			return catalogue.Prepare(v), nil
		}
	}
	c, err := a.catalogue(r, catalogue.Actors, catalogue.Requests)
	if err != nil {
		return catalogue.Preparer{}, err
	}
	return catalogue.Prepare(c), nil
}

// actor is --as (or --by), else the identity's organisation.
func (s *writeSession) actor(flag string) string {
	if flag != "" {
		return flag
	}
	return s.who.Actor
}

// commit writes the prepared change and shares it unless offline.
func (a *app) commit(s *writeSession, p catalogue.Prepared, offline bool) (store.WriteResult, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, networkTimeout)
	defer cancel()
	return s.reg.Write(ctx, p.Change, s.who, a.now(), store.WriteOptions{Offline: offline})
}

// writeJSONOut is what --json prints after a write.
type writeJSONOut struct {
	Action    string           `json:"action"`
	Request   string           `json:"request"`
	Path      string           `json:"path"`
	Written   any              `json:"written"`
	Commit    string           `json:"commit,omitempty"`
	Unchanged bool             `json:"unchanged"`
	Shared    bool             `json:"shared"`
	Refused   bool             `json:"refused"`
	Reason    string           `json:"reason,omitempty"`
	Pending   int              `json:"pending"`
	Conflict  *store.Conflict  `json:"conflict,omitempty"`
	Sync      store.SyncResult `json:"sync"`
}

// finishWrite reports a write: what was written (stdout), then whether it
// was shared (stderr). A conflict exits 1: the user must look.
func (a *app) finishWrite(action string, p catalogue.Prepared, written any, human string, res store.WriteResult, asJSON bool) error {
	if asJSON {
		out := writeJSONOut{Action: action, Request: p.Request.ID, Path: p.Path, Written: written, Unchanged: res.Unchanged,
			Shared: res.Sync.Shared, Refused: res.Sync.Refused, Pending: res.Sync.State.Ahead, Conflict: res.Sync.Conflict, Sync: res.Sync}
		if !res.Commit.IsZero() {
			out.Commit = res.Commit.String()
		}
		if r := a.notSharedReason(res.Sync); r != "" {
			out.Reason = r
		}
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
	} else {
		if res.Unchanged {
			say(a.stdout, a.t(i18n.T("Rien de nouveau : c'était déjà enregistré (%s).", "Nothing new: it was already recorded (%s)."), human))
		} else {
			say(a.stdout, human)
		}
		a.printShared(res.Sync)
	}
	if res.Sync.Conflict != nil {
		if asJSON {
			return silentExit(1)
		}
		return res.Sync.Conflict.Error()
	}
	if res.Sync.Refused {
		// The remote answered and said no: the commit waits, and the user
		// must look (printShared said why).
		return silentExit(1)
	}
	return nil
}

// notSharedReason is "" when nothing waits to be shared, else why.
func (a *app) notSharedReason(s store.SyncResult) string {
	switch {
	case !s.HasRemote || s.Shared:
		return ""
	case s.Reason != nil:
		return s.Reason.In(a.lang)
	}
	return a.tt("inconnue", "unknown")
}

// printShared tells whether the change reached the shared registry.
func (a *app) printShared(s store.SyncResult) {
	switch {
	case !s.HasRemote:
		say(a.stderr, a.tt("Enregistré (ce registre n'a pas de dépôt distant : rien à partager).", "Saved (this registry has no remote repository: nothing to share)."))
	case s.Shared:
		say(a.stderr, a.tt("Partagé avec le registre distant.", "Shared with the remote registry."))
	default:
		say(a.stderr, a.t(i18n.T(
			"Enregistré localement, pas encore partagé : %s. %d modification(s) en attente ; codal sync les partagera.",
			"Saved locally, not shared yet: %s. %d change(s) waiting; codal sync will share them."), a.notSharedReason(s), s.State.Ahead))
	}
}

func newRequestNewCmd(a *app) *cobra.Command {
	var d requests.Draft
	var descFile, wanted string
	var wf writeFlags
	cmd := &cobra.Command{
		Use:   "new --title TITRE --by ACTEUR --to ACTEUR",
		Short: a.tt("Dépose une demande de données ; affiche son identifiant", "File a data request; prints its id"),
		Example: "  codal request new --title \"Arbres d'alignement des routes départementales\" --by sevres --to hauts-de-seine \\\n" +
			"    --theme environnement --usage \"Calculer l'indice de canopée\" --description-file demande.md --wanted-by 2026-09-30",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.startNew(d.Title, d.RequestedBy, d.AddressedTo)
			if err != nil {
				return err
			}
			d.RequestedBy = s.actor(d.RequestedBy)
			if descFile != "" {
				data, err := a.readInput(descFile)
				if err != nil {
					return err
				}
				d.Description = string(data)
			}
			if wanted != "" {
				if d.WantedBy, err = parseDate("--wanted-by", wanted); err != nil {
					return err
				}
			}
			p, err := s.cat.FileRequest(d, a.now())
			if err != nil {
				return err
			}
			res, err := a.commit(s, p, wf.offline)
			if err != nil {
				return err
			}
			r := p.Request
			if !wf.asJSON && !res.Unchanged {
				say(a.stderr, a.t(i18n.T("Demande « %s » déposée par %s, adressée à %s.", "Request “%s” filed by %s, addressed to %s."), r.Title, a.actorName(s.cat, r.RequestedBy), a.actorName(s.cat, r.AddressedTo)))
			}
			return a.finishWrite("new", p, r, r.ID, res, wf.asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&d.Title, "title", "", a.tt("titre : quelles données, en quelques mots", "title: which data, in a few words"))
	f.StringVar(&d.RequestedBy, "by", "", a.tt("organisation qui dépose (sinon CODAL_ACTOR ou la configuration)", "filing organisation (else CODAL_ACTOR or the configuration)"))
	f.StringVar(&d.AddressedTo, "to", "", a.tt("organisation qui détient ou produit les données", "organisation that holds or produces the data"))
	f.StringArrayVar(&d.Themes, "theme", nil, a.tt("thème (répétable)", "theme (repeatable)"))
	f.StringVar(&d.Usage, "usage", "", a.tt("ce que les données permettront de faire", "what the data will be used for"))
	f.StringVar(&d.Description, "description", "", a.tt("description (Markdown)", "description (Markdown)"))
	f.StringVar(&descFile, "description-file", "", a.tt("fichier de la description (Markdown, 4 Mio au plus), - pour l'entrée standard", "description file (Markdown, 4 MiB at most), - for standard input"))
	f.StringVar(&wanted, "wanted-by", "", a.tt("date souhaitée AAAA-MM-JJ", "wanted-by date YYYY-MM-DD"))
	wf.add(a, cmd)
	return cmd
}

func newRequestVoteCmd(a *app) *cobra.Command {
	var as, need, comment string
	var wf writeFlags
	cmd := &cobra.Command{
		Use:     "vote ID --as ACTEUR",
		Short:   a.tt("Soutient une demande au nom d'une organisation (un vote par organisation)", "Support a request for an organisation (one vote per organisation)"),
		Example: "  codal request vote budget-climat --as meudon --need essential --comment \"Pour notre budget vert\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.startWrite(args[0], as)
			if err != nil {
				return err
			}
			actor := s.actor(as)
			p, err := s.cat.CastVote(args[0], actor, requests.Need(need), comment, s.who, a.now())
			if err != nil {
				return err
			}
			res, err := a.commit(s, p, wf.offline)
			if err != nil {
				return err
			}
			human := a.t(i18n.T("Vote de %s pour %s : %s.", "Vote of %s for %s: %s."), a.actorName(s.cat, actor), p.Request.ID, p.Vote.Need.Label(a.lang))
			return a.finishWrite("vote", p, p.Vote, human, res, wf.asJSON)
		},
	}
	cmd.Flags().StringVar(&as, "as", "", a.tt("organisation qui soutient (sinon CODAL_ACTOR ou la configuration)", "supporting organisation (else CODAL_ACTOR or the configuration)"))
	cmd.Flags().StringVar(&need, "need", string(requests.Useful), a.tt("besoin : essential, useful ou interested", "need: essential, useful or interested"))
	cmd.Flags().StringVar(&comment, "comment", "", a.tt("pourquoi, pour quel usage", "why, for what use"))
	wf.add(a, cmd)
	return cmd
}

func newRequestUnvoteCmd(a *app) *cobra.Command {
	var as string
	var wf writeFlags
	cmd := &cobra.Command{
		Use:     "unvote ID --as ACTEUR",
		Short:   a.tt("Retire le soutien d'une organisation", "Withdraw an organisation's support"),
		Example: "  codal request unvote budget-climat --as meudon",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.startWrite(args[0], as)
			if err != nil {
				return err
			}
			actor := s.actor(as)
			p, err := s.cat.WithdrawVote(args[0], actor)
			if err != nil {
				return err
			}
			res, err := a.commit(s, p, wf.offline)
			if err != nil {
				return err
			}
			human := a.t(i18n.T("Soutien de %s à %s retiré.", "Support of %s for %s withdrawn."), a.actorName(s.cat, actor), p.Request.ID)
			written := map[string]any{"request": p.Request.ID, "actor": actor, "withdrawn": true}
			return a.finishWrite("unvote", p, written, human, res, wf.asJSON)
		},
	}
	cmd.Flags().StringVar(&as, "as", "", a.tt("organisation qui retire son soutien (sinon CODAL_ACTOR ou la configuration)", "organisation withdrawing its support (else CODAL_ACTOR or the configuration)"))
	wf.add(a, cmd)
	return cmd
}

func newRequestStatusCmd(a *app) *cobra.Command {
	var as, planned string
	var ans requests.Answer
	var wf writeFlags
	cmd := &cobra.Command{
		Use:   "status ID STATUT",
		Short: a.tt("Change le statut d'une demande (trieurs et destinataire)", "Change a request's status (triagers and addressee)"),
		Long: a.tt(
			"Statuts : submitted, under-review, planned, in-progress (ouverts) ; published, already-available, declined,\n"+
				"duplicate, withdrawn (clos). Les trieurs du registre (triagers de registry.yaml) et l'organisation destinataire\n"+
				"peuvent tout changer ; l'organisation qui a déposé la demande peut la retirer (withdrawn). declined demande\n"+
				"--reason, published demande --dataset, duplicate demande --duplicate-of (ses soutiens comptent alors pour l'originale).",
			"Statuses: submitted, under-review, planned, in-progress (open); published, already-available, declined, duplicate,\n"+
				"withdrawn (closed). The registry's triagers (triagers in registry.yaml) and the addressed organisation may set any\n"+
				"status; the filing organisation may withdraw its request (withdrawn). declined needs --reason, published needs\n"+
				"--dataset, duplicate needs --duplicate-of (its supporters then count for the original)."),
		Example: "  codal request status budget-climat planned --as gpso --planned-for 2026-10-15 --note \"Au comité de mai\"\n" +
			"  codal request status menus-restauration-colleges declined --as hauts-de-seine --reason \"Pas de base centralisée\"",
		Args:      cobra.ExactArgs(2),
		ValidArgs: statusNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			ans.Status = requests.Status(args[1])
			if !ans.Status.Valid() {
				return withCode(2, i18n.Errorf(i18n.T("statut inconnu %q (attendu : %s)", "unknown status %q (expected: %s)"), args[1], requests.StatusNames()))
			}
			if planned != "" {
				var err error
				if ans.PlannedFor, err = parseDate("--planned-for", planned); err != nil {
					return err
				}
			}
			s, err := a.startWrite(args[0], as)
			if err != nil {
				return err
			}
			actor := s.actor(as)
			p, err := s.cat.ChangeStatus(args[0], actor, ans, s.who, a.now())
			if err != nil {
				return err
			}
			res, err := a.commit(s, p, wf.offline)
			if err != nil {
				return err
			}
			human := a.t(i18n.T("Statut de %s : %s (par %s).", "Status of %s: %s (by %s)."), p.Request.ID, p.Event.Status.Label(a.lang), a.actorName(s.cat, actor))
			return a.finishWrite("status", p, p.Event, human, res, wf.asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&as, "as", "", a.tt("organisation qui change le statut (sinon CODAL_ACTOR ou la configuration)", "organisation changing the status (else CODAL_ACTOR or the configuration)"))
	f.StringVar(&ans.Note, "note", "", a.tt("explication pour les demandeurs", "explanation for the requesters"))
	f.StringVar(&ans.Dataset, "dataset", "", a.tt("URL du jeu de données (published, already-available)", "dataset URL (published, already-available)"))
	f.StringVar(&planned, "planned-for", "", a.tt("date de publication prévue AAAA-MM-JJ (planned, in-progress)", "planned publication date YYYY-MM-DD (planned, in-progress)"))
	f.StringVar(&ans.DuplicateOf, "duplicate-of", "", a.tt("identifiant de la demande d'origine (duplicate)", "id of the original request (duplicate)"))
	f.StringVar(&ans.Reason, "reason", "", a.tt("motif (declined, withdrawn)", "reason (declined, withdrawn)"))
	wf.add(a, cmd)
	return cmd
}

func newRequestRankCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rank",
		Short: a.tt("Tableau des priorités de GPSO", "GPSO's priority board"),
		Long: a.tt(
			"Classe les demandes : ouvertes d'abord ; puis plus de communes soutiens ; puis plus d'organisations ; puis plus\n"+
				"d'habitants dans les communes soutiens ; puis la plus ancienne. Les soutiens d'un doublon comptent pour l'originale.",
			"Ranks the requests: open ones first; then more supporting communes; then more organisations; then more\n"+
				"inhabitants in the supporting communes; then the older one. A duplicate's supporters count for the original."),
		Example: "  codal request rank\n  codal request rank --format md > priorites.md\n  codal request rank --format csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !validFormat(format) {
				return withCode(2, i18n.Errorf(i18n.T("format inconnu %q : %s", "unknown format %q: %s"), format, strings.Join(requests.BoardFormats, ", ")))
			}
			_, c, err := a.load(catalogue.Actors, catalogue.Requests)
			if err != nil {
				return err
			}
			now, days := a.now(), c.Meta.ResponseClock()
			late := func(r *requests.Request) (requests.Late, bool) { return r.Overdue(days, c.IsTriager, now) }
			return requests.WriteBoard(a.stdout, c.Board, format, requests.BoardOptions{Lang: a.lang, Communes: len(c.Communes()), Now: now, Overdue: late})
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", a.tt("format : table, md, csv ou json", "format: table, md, csv or json"))
	return cmd
}

func validFormat(f string) bool {
	for _, v := range requests.BoardFormats {
		if f == v {
			return true
		}
	}
	return false
}

func statusNames() []string {
	out := make([]string, len(requests.Statuses))
	for i, s := range requests.Statuses {
		out[i] = string(s)
	}
	return out
}

func parseDate(flag, s string) (fact.Date, error) {
	d, err := fact.ParseDate(s)
	if err != nil {
		return d, withCode(2, i18n.Errorf(i18n.T("%s : date invalide %q, AAAA-MM-JJ attendu", "%s: invalid date %q, YYYY-MM-DD expected"), flag, s))
	}
	return d, nil
}

// readInput reads a file, or standard input for "-", through the registry's
// file-size limit: what it reads becomes part of a registry file, and a
// bigger input (/dev/zero, a runaway pipe) is refused as soon as the limit
// is passed.
func (a *app) readInput(name string) ([]byte, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = fact.ReadCapped(a.stdin, fact.MaxFileSize)
	} else {
		data, err = fact.ReadFileCapped(name, fact.MaxFileSize)
	}
	if errors.Is(err, fact.ErrTooLarge) {
		if name == "-" {
			name = a.tt("l'entrée standard", "standard input")
		}
		return nil, i18n.Wrap(err, i18n.T("%s est trop gros : un fichier du registre fait au plus %d Mio", "%s is too large: a registry file is at most %d MiB"), name, fact.MaxFileSize>>20)
	}
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("lecture de %s impossible : %v", "cannot read %s: %v"), name, err)
	}
	return data, nil
}
