package main

import (
	"bytes"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	meeting "github.com/gpso/codal/report"
	"github.com/gpso/codal/requests"
)

func init() { commands = append(commands, command{[]string{"report"}, newReportCmd}) }

// reportFormats are the formats of codal report.
var reportFormats = []string{"md", "html"}

// reportDays is the default period of a meeting pack, in days before today.
const reportDays = 30

// boardTop is how many open requests the pack's board shows.
const boardTop = 10

func newReportCmd(a *app) *cobra.Command {
	var since, format, output string
	cmd := &cobra.Command{
		Use:   "report",
		Short: a.tt("Prépare le dossier de la prochaine séance du CODAL", "Prepare the pack for the next CODAL meeting"),
		Long: a.tt(
			"Écrit le dossier de séance du CODAL : l'ordre du jour et le suivi depuis --since (par défaut les 30 derniers\n"+
				"jours) : nouvelles demandes, soutiens gagnés, changements de statut et transferts, demandes en retard, tête du\n"+
				"classement, extraits de code, schémas et acteurs nouveaux ou modifiés. En Markdown (md) ou en un seul fichier\n"+
				"HTML imprimable (html), dans la langue de l'interface. -o écrit dans un fichier, remplacé d'un seul coup.",
			"Writes the CODAL meeting pack: the agenda and follow-up since --since (by default the last 30 days): new\n"+
				"requests, supports gained, status changes and transfers, overdue requests, the top of the board, new or changed\n"+
				"code snippets, schemas and actors. As Markdown (md) or one printable HTML file (html), in the interface's\n"+
				"language. -o writes to a file, replaced in one step."),
		Example: "  codal report\n  codal report --since 2026-10-01 --format html -o seance.html\n  codal --lang en report -o pack.md",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "md" && format != "html" {
				return withCode(2, i18n.Errorf(i18n.T("format inconnu %q : md ou html", "unknown format %q: md or html"), format))
			}
			until := fact.DateOf(a.now())
			from := fact.Date{Time: until.AddDate(0, 0, -reportDays)}
			if since != "" {
				t, err := time.Parse(time.DateOnly, since)
				if err != nil {
					return withCode(2, i18n.Errorf(i18n.T("date --since invalide %q : AAAA-MM-JJ attendu (2026-10-01)", "invalid --since date %q: YYYY-MM-DD expected (2026-10-01)"), since))
				}
				if from = (fact.Date{Time: t}); from.After(until.Time) {
					return withCode(2, i18n.Errorf(i18n.T("la date --since (%s) est après aujourd'hui (%s)", "the --since date (%s) is after today (%s)"), from, until))
				}
			}
			if output != "" {
				if err := checkOutput(output); err != nil {
					return err
				}
			}
			r, c, err := a.load()
			if err != nil {
				return err
			}
			p := meetingPack(c, from, until, a.lang)
			more, err := historyNews(r, c, from, until)
			if err != nil {
				return err
			}
			p.Items = append(p.Items, more...)
			var b bytes.Buffer
			if format == "html" {
				err = meeting.HTML(&b, p)
			} else {
				err = meeting.Markdown(&b, p)
			}
			if err != nil {
				return err
			}
			if output == "" {
				_, err = a.stdout.Write(b.Bytes())
				return err
			}
			return writeFileAtomic(output, b.Bytes())
		},
	}
	cmd.Flags().StringVar(&since, "since", "", a.tt("début de la période, AAAA-MM-JJ (par défaut : il y a 30 jours)", "start of the period, YYYY-MM-DD (default: 30 days ago)"))
	cmd.Flags().StringVar(&format, "format", "md", a.tt("format : md ou html", "format: md or html"))
	cmd.Flags().StringVarP(&output, "output", "o", "", a.tt("fichier à écrire (sinon la sortie standard)", "file to write (else standard output)"))
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(reportFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// meetingPack gathers the pack of the period [since, until] from the
// catalogue: its news, the open requests at the top of the board, and the
// catalogue itself to name actors and find requests.
func meetingPack(c *catalogue.Catalogue, since, until fact.Date, l i18n.Lang) meeting.Pack {
	var top []requests.Standing
	for _, s := range c.Board {
		if len(top) == boardTop {
			break
		}
		if s.Status.Open() {
			top = append(top, s)
		}
	}
	return meeting.Pack{
		Lang:     l,
		Registry: c.Meta.Name,
		Since:    since,
		Until:    until,
		Items:    catalogueNews(c, since, until),
		Overdue:  overdueRows(c, until),
		Board:    top,
		Communes: len(c.Communes()),
		Lookup:   c,
	}
}

// overdueRows are the requests overdue on the pack's last day, most late
// first (catalogue.Overdue), as the pack shows them.
func overdueRows(c *catalogue.Catalogue, until fact.Date) []meeting.OverdueRow {
	late := c.Overdue(until.Time)
	rows := make([]meeting.OverdueRow, 0, len(late))
	for _, l := range late {
		reason := meeting.NoAnswer
		if l.Reason == requests.LateWantedBy {
			reason = meeting.PastWantedBy
		}
		title := l.ID
		if l.Request != nil {
			title = l.Request.Title
		}
		rows = append(rows, meeting.OverdueRow{ID: l.ID, Title: title, Addressee: l.Addressee, DaysLate: l.Days, Reason: reason})
	}
	return rows
}
