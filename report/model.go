package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/requests"
)

// document is a pack laid out for a renderer: every string already in the
// pack's language and cleaned of control characters (fact.CleanLine), not
// yet escaped for a format. Both renderers write the same document, so the
// Markdown and the HTML always say the same.
type document struct {
	Lang     string
	Title    string
	Period   string
	Sections []section
}

// section is one point of the agenda: a heading and a table, or a sentence
// when there is nothing to show.
type section struct {
	// ID is the section's anchor in the HTML.
	ID      string
	Heading string
	Caption string
	Head    []string
	Rows    [][]string
	// RowHeader is the column that names a row (the entry it is about).
	RowHeader int
	// Empty is said when Rows is empty.
	Empty string
}

// noteWidth is the most characters of a note a table cell shows.
const noteWidth = 160

// build lays the pack out, in agenda order.
func build(p Pack) document {
	l := p.Lang
	if l == "" {
		l = i18n.FR
	}
	b := builder{p: p, l: l}
	items := b.period()
	secs := []section{
		b.filed(items),
		b.supports(items),
		b.statuses(items),
		b.overdue(),
		b.board(),
		b.entries(items, "snippets", "extraits", i18n.T("Extraits de code nouveaux ou modifiés", "New or changed code snippets"), i18n.T("Extrait", "Snippet")),
		b.entries(items, "schemas", "schemas", i18n.T("Schémas nouveaux ou modifiés", "New or changed schemas"), i18n.T("Schéma", "Schema")),
		b.entries(items, "actors", "acteurs", i18n.T("Acteurs nouveaux ou modifiés", "New or changed actors"), i18n.T("Acteur", "Actor")),
	}
	for i := range secs {
		secs[i].Heading = fmt.Sprintf("%d. %s", i+1, secs[i].Heading)
		if len(secs[i].Rows) > 0 {
			secs[i].Heading += fmt.Sprintf(" (%d)", len(secs[i].Rows))
		}
	}
	title := i18n.T("Dossier de séance CODAL", "CODAL meeting pack").In(l)
	if name := fact.CleanLine(p.Registry); name != "" {
		title += " — " + name
	}
	return document{
		Lang:  string(l),
		Title: title,
		Period: i18n.T("Période : du %s au %s.", "Period: from %s to %s.").In(l,
			longDate(l, p.Since.Time), longDate(l, p.Until.Time)),
		Sections: secs,
	}
}

// builder holds what every section reads.
type builder struct {
	p Pack
	l i18n.Lang
}

func (b builder) t(t i18n.Text, args ...any) string { return t.In(b.l, args...) }

// nothingNew is the sentence of an empty news section.
var nothingNew = i18n.T("Rien de nouveau.", "Nothing new.")

// period keeps the items dated within the period (the day of their date,
// in its own time zone), sorted by date, then entry, kind and actor.
func (b builder) period() []news.Item {
	var out []news.Item
	for _, it := range b.p.Items {
		day := fact.DateOf(it.Date)
		if (b.p.Since.IsZero() || !day.Before(b.p.Since.Time)) && (b.p.Until.IsZero() || !day.After(b.p.Until.Time)) {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(x, y news.Item) int {
		return cmp.Or(x.Date.Compare(y.Date), cmp.Compare(x.Entry, y.Entry), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Actor, y.Actor))
	})
	return out
}

// name is an actor's name, or its id when the lookup does not know it.
func (b builder) name(id string) string {
	if b.p.Lookup != nil {
		if a := b.p.Lookup.Actor(id); a != nil && strings.TrimSpace(a.Name) != "" {
			return fact.CleanLine(a.Name)
		}
	}
	return fact.CleanLine(id)
}

// isCommune reports whether the lookup knows the actor as a commune.
func (b builder) isCommune(id string) bool {
	if b.p.Lookup == nil {
		return false
	}
	a := b.p.Lookup.Actor(id)
	return a != nil && a.IsCommune()
}

// entry is an entry's cell: "Title (id)", or the id alone.
func entry(title, id string) string {
	title, id = fact.CleanLine(title), fact.CleanLine(id)
	if title == "" || title == id {
		return id
	}
	return title + " (" + id + ")"
}

// idOf is the id of an item's entry ("requests/x" → "x") and its kind.
func idOf(e string) (kind, id string) {
	kind, id, ok := strings.Cut(e, "/")
	if !ok {
		return "", e
	}
	return kind, id
}

// requestTitle is the item's title, else the lookup's.
func (b builder) requestTitle(id, title string) string {
	if title == "" && b.p.Lookup != nil {
		if r := b.p.Lookup.Request(id); r != nil {
			title = r.Title
		}
	}
	return entry(title, id)
}

func day(t time.Time) string { return fact.DateOf(t).String() }

func (b builder) filed(items []news.Item) section {
	s := section{
		ID:        "nouvelles-demandes",
		RowHeader: 1,
		Heading:   b.t(i18n.T("Nouvelles demandes", "New requests")),
		Caption:   b.t(i18n.T("Demandes déposées pendant la période", "Requests filed during the period")),
		Head:      []string{b.t(i18n.T("Date", "Date")), b.t(i18n.T("Demande", "Request")), b.t(i18n.T("Déposée par", "Filed by")), b.t(i18n.T("Adressée à", "Addressed to"))},
		Empty:     b.t(nothingNew),
	}
	for _, it := range items {
		kind, id := idOf(it.Entry)
		if it.Kind != news.RequestFiled || kind != "requests" {
			continue
		}
		to := ""
		if b.p.Lookup != nil {
			if r := b.p.Lookup.Request(id); r != nil {
				to = b.name(r.AddressedTo)
			}
		}
		s.Rows = append(s.Rows, []string{day(it.Date), b.requestTitle(id, it.Title), b.name(it.Actor), to})
	}
	return s
}

// supporter is one organisation's net change of support on one request
// within the period.
type supporter struct {
	actor string
	first news.Kind
	last  news.Item
}

func (b builder) supports(items []news.Item) section {
	s := section{
		ID:      "soutiens",
		Heading: b.t(i18n.T("Soutiens gagnés", "Supports gained")),
		Caption: b.t(i18n.T("Soutiens gagnés ou retirés pendant la période, par demande", "Supports gained or withdrawn during the period, per request")),
		Head: []string{b.t(i18n.T("Demande", "Request")), b.t(i18n.T("Communes", "Communes")),
			b.t(i18n.T("Autres organisations", "Other organisations")), b.t(i18n.T("Soutiens retirés", "Supports withdrawn"))},
		Empty: b.t(nothingNew),
	}
	type group struct {
		id, title string
		order     []string
		by        map[string]*supporter
	}
	groups := map[string]*group{}
	var order []string
	for _, it := range items {
		kind, id := idOf(it.Entry)
		if kind != "requests" || (it.Kind != news.SupportGained && it.Kind != news.SupportWithdrawn) {
			continue
		}
		g := groups[id]
		if g == nil {
			g = &group{id: id, by: map[string]*supporter{}}
			groups[id] = g
			order = append(order, id)
		}
		if it.Title != "" {
			g.title = it.Title
		}
		sp := g.by[it.Actor]
		if sp == nil {
			sp = &supporter{actor: it.Actor, first: it.Kind}
			g.by[it.Actor] = sp
			g.order = append(g.order, it.Actor)
		}
		sp.last = it
	}
	type row struct {
		cells            []string
		communes, gained int
		id               string
	}
	var rows []row
	for _, id := range order {
		g := groups[id]
		var communes, others, withdrawn []string
		for _, a := range g.order {
			sp := g.by[a]
			switch {
			case sp.first == news.SupportGained && sp.last.Kind == news.SupportWithdrawn:
				// gained and withdrawn within the period: no change
			case sp.last.Kind == news.SupportWithdrawn:
				withdrawn = append(withdrawn, b.name(a))
			default:
				who := b.name(a)
				if need := requests.Need(sp.last.Need); need != "" {
					who += " (" + fact.CleanLine(need.Label(b.l)) + ")"
				}
				if b.isCommune(a) {
					communes = append(communes, who)
				} else {
					others = append(others, who)
				}
			}
		}
		if len(communes)+len(others)+len(withdrawn) == 0 {
			continue
		}
		rows = append(rows, row{
			cells:    []string{b.requestTitle(id, g.title), strings.Join(communes, ", "), strings.Join(others, ", "), strings.Join(withdrawn, ", ")},
			communes: len(communes), gained: len(communes) + len(others), id: id,
		})
	}
	slices.SortStableFunc(rows, func(x, y row) int {
		return cmp.Or(cmp.Compare(y.communes, x.communes), cmp.Compare(y.gained, x.gained), cmp.Compare(x.id, y.id))
	})
	for _, r := range rows {
		s.Rows = append(s.Rows, r.cells)
	}
	return s
}

func (b builder) statuses(items []news.Item) section {
	s := section{
		ID:        "statuts",
		RowHeader: 1,
		Heading:   b.t(i18n.T("Changements de statut et transferts", "Status changes and transfers")),
		Caption:   b.t(i18n.T("Changements de statut et transferts pendant la période", "Status changes and transfers during the period")),
		Head: []string{b.t(i18n.T("Date", "Date")), b.t(i18n.T("Demande", "Request")), b.t(i18n.T("Par", "By")),
			b.t(i18n.T("Changement", "Change")), b.t(i18n.T("Note", "Note"))},
		Empty: b.t(nothingNew),
	}
	last := map[string]string{} // request id → the status its last change in the period gave
	for _, it := range items {
		kind, id := idOf(it.Entry)
		if kind != "requests" {
			continue
		}
		var change string
		switch it.Kind {
		case news.StatusChanged:
			to := requests.Status(it.Status).Label(b.l)
			from, ok := b.statusBefore(id, it)
			if !ok {
				from, ok = last[id]
			}
			if ok && from != it.Status {
				change = requests.Status(from).Label(b.l) + " → " + to
			} else {
				change = "→ " + to
			}
			last[id] = it.Status
		case news.Transferred:
			change = b.t(i18n.T("transférée à %s", "transferred to %s"), b.name(it.To))
		default:
			continue
		}
		s.Rows = append(s.Rows, []string{day(it.Date), b.requestTitle(id, it.Title), b.name(it.Actor),
			fact.CleanLine(change), fact.Truncate(fact.CleanLine(it.Text), noteWidth)})
	}
	return s
}

// statusBefore is the status a request had before the status change it
// reports, from the request's events: the change is the last event by the
// same actor giving the same status and stamped no later than the item (the
// first such event when all are later), and the status before it is the
// one the previous event with a status gave (submitted when none did).
// ok is false when the lookup knows no such event.
func (b builder) statusBefore(id string, it news.Item) (status string, ok bool) {
	if b.p.Lookup == nil {
		return "", false
	}
	r := b.p.Lookup.Request(id)
	if r == nil {
		return "", false
	}
	match := -1
	for i, e := range r.Events {
		if e.Actor != it.Actor || string(e.Status) != it.Status {
			continue
		}
		if e.Stamp.After(it.Date) {
			if match < 0 {
				match = i
			}
			break
		}
		match = i
	}
	if match < 0 {
		return "", false
	}
	for i := match - 1; i >= 0; i-- {
		if r.Events[i].Status != "" {
			return string(r.Events[i].Status), true
		}
	}
	return string(requests.Submitted), true
}

func (b builder) overdue() section {
	s := section{
		ID:      "en-retard",
		Heading: b.t(i18n.T("Demandes en retard", "Overdue requests")),
		Caption: b.t(i18n.T("Demandes qui attendent une réponse au-delà du délai", "Requests waiting for an answer beyond the deadline")),
		Head: []string{b.t(i18n.T("Demande", "Request")), b.t(i18n.T("Destinataire actuel", "Current addressee")),
			b.t(i18n.T("Retard", "Late by")), b.t(i18n.T("Motif", "Reason"))},
		Empty: b.t(i18n.T("Aucune demande en retard.", "No overdue request.")),
	}
	for _, o := range b.p.Overdue {
		s.Rows = append(s.Rows, []string{b.requestTitle(o.ID, o.Title), b.name(o.Addressee),
			b.t(i18n.T("%d j", "%d d"), o.DaysLate), fact.CleanLine(o.Reason.Label(b.l))})
	}
	return s
}

func (b builder) board() section {
	s := section{
		ID:        "classement",
		RowHeader: 1,
		Heading:   b.t(i18n.T("Tête du classement", "Top of the board")),
		Caption:   b.t(i18n.T("Les demandes ouvertes les mieux classées au tableau des priorités", "The highest-ranked open requests of the priority board")),
		Head: []string{b.t(i18n.T("Rang", "Rank")), b.t(i18n.T("Demande", "Request")), b.t(i18n.T("Communes", "Communes")),
			b.t(i18n.T("Organisations", "Organisations")), b.t(i18n.T("Population", "Population")), b.t(i18n.T("Statut", "Status"))},
		Empty: b.t(i18n.T("Aucune demande au classement.", "No request on the board.")),
	}
	for _, st := range b.p.Board {
		if st.Request == nil {
			continue
		}
		names := make([]string, len(st.Communes))
		for i, c := range st.Communes {
			names[i] = b.name(c)
		}
		communes := fmt.Sprintf("%d/%d", len(st.Communes), b.p.Communes)
		if len(names) > 0 {
			communes = b.t(i18n.T("%s : %s", "%s: %s"), communes, strings.Join(names, ", "))
		}
		s.Rows = append(s.Rows, []string{strconv.Itoa(st.Rank), entry(st.Request.Title, st.Request.ID), communes,
			strconv.Itoa(len(st.Supporters)), i18n.Number(b.l, st.Population), fact.CleanLine(st.Status.Label(b.l))})
	}
	return s
}

// entries is the section of one kind of entry (snippets, schemas, actors):
// one row per entry changed in the period, saying whether it is new,
// changed or removed at the end of it.
func (b builder) entries(items []news.Item, kind, anchor string, heading, what i18n.Text) section {
	s := section{
		ID:        anchor,
		RowHeader: 1,
		Heading:   b.t(heading),
		Caption:   b.t(heading),
		Head:      []string{b.t(i18n.T("Date", "Date")), b.t(what), b.t(i18n.T("Changement", "Change"))},
		Empty:     b.t(nothingNew),
	}
	type change struct {
		added bool
		last  news.Item
	}
	by := map[string]*change{}
	var order []string
	for _, it := range items {
		k, id := idOf(it.Entry)
		if k != kind || (it.Kind != news.EntryAdded && it.Kind != news.EntryChanged && it.Kind != news.EntryRemoved) {
			continue
		}
		c := by[id]
		if c == nil {
			c = &change{}
			by[id] = c
			order = append(order, id)
		}
		if it.Kind == news.EntryAdded {
			c.added = true
		}
		c.last = it
	}
	slices.SortStableFunc(order, func(x, y string) int {
		return cmp.Or(by[x].last.Date.Compare(by[y].last.Date), cmp.Compare(x, y))
	})
	for _, id := range order {
		c := by[id]
		var label i18n.Text
		switch {
		case c.last.Kind == news.EntryRemoved && c.added:
			continue // added and removed within the period
		case c.last.Kind == news.EntryRemoved:
			label = i18n.T("supprimé", "removed")
		case c.added:
			label = i18n.T("nouveau", "new")
		default:
			label = i18n.T("modifié", "changed")
		}
		title := c.last.Title
		if kind == "actors" && title == "" {
			title = b.name(id)
		}
		s.Rows = append(s.Rows, []string{day(c.last.Date), entry(title, id), b.t(label)})
	}
	return s
}

// longDate is a date for people: "1er décembre 2026", "1 December 2026".
func longDate(l i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	if l == i18n.EN {
		return t.Format("2 January 2006")
	}
	months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	d := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	return d + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}
