package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
)

func newRequestTransferCmd(a *app) *cobra.Command {
	var as, to, note string
	var wf writeFlags
	cmd := &cobra.Command{
		Use:   "transfer ID --to ACTEUR",
		Short: a.tt("Transfère une demande à l'organisation qui détient les données (trieurs et destinataire actuel)", "Send a request on to the organisation that holds the data (triagers and current addressee)"),
		Long: a.tt(
			"Les trieurs du registre et le destinataire actuel peuvent transférer une demande à une autre organisation de\n"+
				"l'annuaire, qui devient son destinataire actuel : c'est elle qui peut alors changer son statut (le destinataire\n"+
				"d'origine perd ce droit) et le délai de réponse repart du jour du transfert. addressed_to garde le destinataire\n"+
				"d'origine ; l'historique montre chaque étape. Le transfert est un fichier events/<date>-<acteur>.yaml avec\n"+
				"transfer_to (format 2 du registre).",
			"The registry's triagers and the current addressee may send a request on to another organisation of the\n"+
				"directory, which becomes its current addressee: it may then change its status (the original addressee loses\n"+
				"that right) and the response clock restarts on the day of the transfer. addressed_to keeps the original\n"+
				"addressee; the history shows every hop. A transfer is a file events/<stamp>-<actor>.yaml with transfer_to\n"+
				"(registry format 2)."),
		Example: "  codal request transfer arbres-alignement --to hauts-de-seine --as gpso --note \"Le Département gère ces arbres\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.startWrite(args[0], as)
			if err != nil {
				return err
			}
			actor := s.actor(as)
			p, err := s.cat.Transfer(args[0], actor, to, note, s.who, a.now())
			if err != nil {
				return err
			}
			res, err := a.commit(s, p, wf.offline)
			if err != nil {
				return err
			}
			human := a.t(i18n.T("Demande %s transférée de %s à %s (par %s).", "Request %s transferred from %s to %s (by %s)."),
				p.Request.ID, a.actorName(s.cat, p.Request.CurrentAddressee()), a.actorName(s.cat, p.Event.TransferTo), a.actorName(s.cat, actor))
			return a.finishWrite("transfer", p, p.Event, human, res, wf.asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "", a.tt("organisation à qui transférer (identifiant de l'annuaire)", "organisation to send it on to (a directory id)"))
	f.StringVar(&note, "note", "", a.tt("pourquoi, pour le nouveau destinataire et les demandeurs", "why, for the new addressee and the requesters"))
	f.StringVar(&as, "as", "", a.tt("organisation qui transfère (sinon CODAL_ACTOR ou la configuration)", "organisation making the transfer (else CODAL_ACTOR or the configuration)"))
	wf.add(a, cmd)
	return cmd
}

// overdueJSON is one row of request overdue --json.
type overdueJSON struct {
	requests.Late
	Title    string          `json:"title"`
	Status   requests.Status `json:"status"`
	Reason   string          `json:"reason_text"`
	Response int             `json:"response_days"`
}

func newRequestOverdueCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "overdue",
		Short: a.tt("Demandes en retard : sans réponse dans le délai, ou date souhaitée passée", "Overdue requests: no answer in time, or wanted-by date passed"),
		Long: a.tt(
			"Une demande ouverte est en retard quand son destinataire actuel (ou un trieur) n'a enregistré aucun statut dans\n"+
				"les response_days jours (registry.yaml, 30 par défaut, jours calendaires) qui suivent son dépôt ou son dernier\n"+
				"transfert, ou quand sa date souhaitée (wanted_by) est passée sans publication. Une demande close ne l'est jamais.\n"+
				"Ordre : la plus en retard d'abord ; à égalité, l'échéance la plus ancienne, puis l'identifiant.",
			"An open request is overdue when its current addressee (or a triager) has recorded no status within response_days\n"+
				"days (registry.yaml, 30 by default, calendar days) of its filing or of its last transfer, or when its wanted-by\n"+
				"date has passed without publication. A closed request never is. Order: most late first; on a tie, the earlier\n"+
				"due date, then the id."),
		Example: "  codal request overdue\n  codal request overdue --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, c, err := a.load(catalogue.Actors, catalogue.Requests)
			if err != nil {
				return err
			}
			late := c.Overdue(a.now())
			if asJSON {
				out := make([]overdueJSON, 0, len(late))
				for _, l := range late {
					out = append(out, overdueJSON{Late: l, Title: l.Request.Title, Status: l.Request.Status(), Reason: l.Reason.Label(a.lang), Response: c.Meta.ResponseClock()})
				}
				return writeJSON(a.stdout, out)
			}
			if len(late) == 0 {
				say(a.stderr, a.t(i18n.T("Aucune demande en retard (délai de réponse : %d jours).", "No overdue request (response clock: %d days)."), c.Meta.ResponseClock()))
				return nil
			}
			t := newTable(a.stdout, a.tt("RETARD (JOURS)", "DAYS LATE"), "ID", a.tt("TITRE", "TITLE"), a.tt("MOTIF", "REASON"), a.tt("ÉCHÉANCE", "DUE"), a.tt("DESTINATAIRE", "ADDRESSEE"), a.tt("STATUT", "STATUS"))
			for _, l := range late {
				t.row(strconv.Itoa(l.Days), l.ID, fact.Truncate(l.Request.Title, 48), l.Reason.Label(a.lang), l.Due.String(), a.actorName(c, l.Addressee), l.Request.Status().Label(a.lang))
			}
			if err := t.flush(); err != nil {
				return err
			}
			say(a.stderr, a.t(i18n.T("%d demande(s) en retard (délai de réponse : %d jours).", "%d overdue request(s) (response clock: %d days)."), len(late), c.Meta.ResponseClock()))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON, pour les scripts", "JSON output, for scripts"))
	return cmd
}

// transferLine is a history line for a transfer: date, who, "transférée à".
func (a *app) transferLine(c catalogue.View, e *requests.Event) string {
	line := fmt.Sprintf("- %s %s : %s %s", e.Stamp.Format("2006-01-02"), a.actorName(c, e.Actor), a.tt("transférée à", "transferred to"), a.actorName(c, e.TransferTo))
	if e.Note != "" {
		line += " — " + e.Note
	}
	return line
}
