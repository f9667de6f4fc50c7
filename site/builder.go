package site

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/schemas"
	"github.com/gpso/codal/snippets"
)

// builder turns the catalogue into the pages' data.
type builder struct {
	in       Input
	c        *catalogue.Catalogue
	communes int
}

func newBuilder(in Input) *builder {
	return &builder{in: in, c: in.Catalogue, communes: len(in.Catalogue.Communes())}
}

// t picks the text in the site's language.
func (s *builder) t(fr, en string) string { return i18n.T(fr, en).In(s.in.Lang) }

// boardOptions are the board's options as codal request rank uses them,
// with HEAD's date as today.
func (s *builder) boardOptions() requests.BoardOptions {
	return requests.BoardOptions{Lang: s.in.Lang, Communes: s.communes, Now: s.in.Head, Overdue: s.late}
}

// late says whether r is overdue on HEAD's date.
func (s *builder) late(r *requests.Request) (requests.Late, bool) {
	return r.Overdue(s.c.Meta.ResponseClock(), s.c.IsTriager, s.in.Head)
}

// actorRef is a link to an actor of the directory (or its bare id when the
// directory does not have it).
type actorRef struct {
	Name, Href, Root string
}

func (s *builder) actor(id, root string) actorRef {
	if a := s.c.Actor(id); a != nil && fact.ValidID(id) {
		return actorRef{Name: line(a.Name, id), Href: "actors.html#" + id, Root: root}
	}
	return actorRef{Name: line(id, "?"), Root: root}
}

// overdueText is "12 jours" for a late request, "" otherwise.
func (s *builder) overdueText(r *requests.Request) string {
	l, ok := s.late(r)
	if !ok || l.Days <= 0 {
		return ""
	}
	return fmt.Sprintf("%d %s (%s)", l.Days, s.days(l.Days), l.Reason.Label(s.in.Lang))
}

func (s *builder) days(n int) string {
	if n == 1 {
		return s.t("jour", "day")
	}
	return s.t("jours", "days")
}

func (s *builder) communeCount(n int) string {
	return fmt.Sprintf("%d/%d communes", n, s.communes)
}

func (s *builder) orgCount(n int) string {
	if n == 1 {
		return s.t("1 organisation", "1 organisation")
	}
	return fmt.Sprintf("%d organisations", n)
}

// needs sums a request's supports by need: "indispensable : 2, utile : 1".
func (s *builder) needs(r *requests.Request) string {
	var parts []string
	for _, n := range requests.Needs {
		k := 0
		for _, v := range r.Votes {
			if v.Need == n {
				k++
			}
		}
		if k > 0 {
			parts = append(parts, fmt.Sprintf("%s : %d", n.Label(s.in.Lang), k))
		}
	}
	if s.in.Lang == i18n.EN {
		for i := range parts {
			parts[i] = strings.Replace(parts[i], " : ", ": ", 1)
		}
	}
	return strings.Join(parts, ", ")
}

// boardRow is one line of the board page.
type boardRow struct {
	Rank                           int
	Title, Href                    string
	Communes, Organisations, Needs string
	Status, Overdue                string
}

type boardPage struct{ Rows []boardRow }

func (s *builder) board(root string) boardPage {
	var p boardPage
	for _, st := range s.c.Board {
		r := st.Request
		row := boardRow{Rank: st.Rank, Title: line(r.Title, r.ID), Communes: s.communeCount(len(st.Communes)),
			Organisations: s.orgCount(len(st.Supporters)), Needs: s.needs(r), Status: st.Status.Label(s.in.Lang), Overdue: s.overdueText(r)}
		if fact.ValidID(r.ID) {
			row.Href = "requests/" + r.ID + ".html"
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

type voteRow struct {
	Actor               actorRef
	Commune             bool
	Need, Date, Comment string
}

type historyRow struct {
	Date, ISO string
	Actor     actorRef
	What      string
	Note      template.HTML
}

type commentRow struct {
	Ref, ReplyTo, Date, ISO, Name string
	Actor                         actorRef
	Body                          template.HTML
}

type requestPage struct {
	ID, Status, Overdue, Created, WantedBy, Themes string
	Rank                                           int
	Communes, Organisations                        string
	RequestedBy, AddressedTo                       actorRef
	Current                                        actorRef
	Description, Usage                             template.HTML
	Votes                                          []voteRow
	History                                        []historyRow
	Comments                                       []commentRow
}

func (s *builder) request(st requests.Standing, root string) requestPage {
	r := st.Request
	p := requestPage{ID: r.ID, Rank: st.Rank, Status: st.Status.Label(s.in.Lang), Overdue: s.overdueText(r),
		Created: r.Created.String(), WantedBy: r.WantedBy.String(), Themes: joinLines(r.Themes),
		Communes: s.communeCount(len(st.Communes)), Organisations: s.orgCount(len(st.Supporters)),
		RequestedBy: s.actor(r.RequestedBy, root), AddressedTo: s.actor(r.AddressedTo, root)}
	if cur := r.CurrentAddressee(); cur != r.AddressedTo {
		p.Current = s.actor(cur, root)
	}
	if strings.TrimSpace(r.Description) != "" {
		p.Description = renderMarkdown(r.Description, 3)
	}
	if strings.TrimSpace(r.Usage) != "" {
		p.Usage = renderMarkdown(r.Usage, 3)
	}
	for _, v := range r.Votes {
		a := s.c.Actor(v.Actor)
		p.Votes = append(p.Votes, voteRow{Actor: s.actor(v.Actor, root), Commune: a != nil && a.IsCommune(),
			Need: v.Need.Label(s.in.Lang), Date: v.Date.String(), Comment: line(v.Comment, "")})
	}
	events := slices.Clone(r.Events)
	slices.SortStableFunc(events, func(a, b *requests.Event) int { return a.Stamp.Compare(b.Stamp) })
	for _, e := range events {
		h := historyRow{Date: s.stamp(e.Stamp), ISO: e.Stamp.UTC().Format(time.RFC3339), Actor: s.actor(e.Actor, root)}
		note := e.Note
		switch {
		case e.IsTransfer():
			h.What = s.t("transfert à ", "transferred to ") + s.actor(e.TransferTo, root).Name
		case e.Status != "":
			h.What = s.t("statut ", "status ") + e.Status.Label(s.in.Lang)
			if e.Reason != "" && note == "" {
				note = e.Reason
			}
			if e.DuplicateOf != "" {
				h.What += s.t(", doublon de ", ", duplicate of ") + line(e.DuplicateOf, "")
			}
			if e.Dataset != "" {
				h.What += s.t(", jeu de données : ", ", dataset: ") + line(e.Dataset, "")
			}
			if !e.PlannedFor.IsZero() {
				h.What += s.t(", prévu pour le ", ", planned for ") + e.PlannedFor.String()
			}
		default:
			h.What = s.t("événement", "event")
		}
		if strings.TrimSpace(note) != "" {
			h.Note = renderMarkdown(note, 4)
		}
		p.History = append(p.History, h)
	}
	comments := slices.Clone(r.Comments)
	slices.SortStableFunc(comments, func(a, b *requests.Comment) int { return a.Stamp.Compare(b.Stamp) })
	refs := map[string]bool{}
	for _, c := range comments {
		refs[commentAnchor(c.Ref())] = true
	}
	for _, c := range comments {
		row := commentRow{Ref: commentAnchor(c.Ref()), Date: s.stamp(c.Stamp), ISO: c.Stamp.UTC().Format(time.RFC3339),
			Name: line(c.Name, c.Actor), Actor: s.actor(c.Actor, root), Body: renderMarkdown(c.Body, 4)}
		if a := commentAnchor(c.ReplyTo); c.ReplyTo != "" && refs[a] {
			row.ReplyTo = a
		}
		p.Comments = append(p.Comments, row)
	}
	return p
}

// commentAnchor is the HTML id of a comment: its reference, with anything
// but letters, digits and dashes dropped.
func commentAnchor(ref string) string {
	var b strings.Builder
	b.WriteString("c-")
	for _, r := range ref {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stamp is a time stamp as shown: its date and UTC time.
func (s *builder) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

type actorSection struct {
	ID, Name, Kind, INSEE, SIREN, Population, Address, Competences, Portal string
	PortalSafe                                                             bool
	Parent                                                                 actorRef
	Contacts                                                               []string
}

func (s *builder) directory(root string) []actorSection {
	var out []actorSection
	for _, a := range s.c.Actors {
		if !fact.ValidID(a.ID) {
			continue
		}
		x := actorSection{ID: a.ID, Name: line(a.Name, a.ID), Kind: a.Kind.Label(s.in.Lang), INSEE: line(a.INSEE, ""), SIREN: line(a.SIREN, ""),
			Address: line(a.Address.String(), ""), Competences: joinLines(a.Competences), Portal: line(a.Portal, "")}
		if a.Population > 0 {
			x.Population = i18n.Number(s.in.Lang, a.Population)
		}
		if a.Parent != "" {
			x.Parent = s.actor(a.Parent, root)
		}
		x.PortalSafe = webURL(x.Portal)
		for _, c := range a.Contacts {
			x.Contacts = append(x.Contacts, contactLine(c))
		}
		out = append(out, x)
	}
	return out
}

// contactLine is "rôle : nom, courriel, téléphone".
func contactLine(c directory.Contact) string {
	parts := []string{}
	for _, v := range []string{c.Name, c.Email, c.Phone} {
		if v = line(v, ""); v != "" {
			parts = append(parts, v)
		}
	}
	role := line(c.Role, "")
	if role == "" {
		return strings.Join(parts, ", ")
	}
	return role + " : " + strings.Join(parts, ", ")
}

// webURL reports whether u is an absolute http(s) URL, the only links made
// from registry values (never javascript: or a relative path).
func webURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}

type snippetRow struct {
	Title, Href, Language, License string
	Author                         actorRef
}

func (s *builder) snippets(root string) []snippetRow {
	var out []snippetRow
	for _, sn := range s.c.Snippets {
		if !fact.ValidID(sn.ID) {
			continue
		}
		out = append(out, snippetRow{Title: line(sn.Title, sn.ID), Href: "snippets/" + sn.ID + ".html", Language: line(sn.Language, ""),
			License: line(sn.License, ""), Author: s.actor(sn.Author, root)})
	}
	return out
}

type codeFile struct {
	Name, Error string
	HTML        template.HTML
}

type snippetPage struct {
	ID, Language, License, Tags string
	Author                      actorRef
	Description                 template.HTML
	Files                       []codeFile
}

func (s *builder) snippet(sn *snippets.Snippet, root string) snippetPage {
	p := snippetPage{ID: sn.ID, Language: line(sn.Language, ""), License: line(sn.License, ""), Tags: joinLines(sn.Tags)}
	if sn.Author != "" {
		p.Author = s.actor(sn.Author, root)
	}
	if strings.TrimSpace(sn.Description) != "" {
		p.Description = renderMarkdown(sn.Description, 2)
	}
	for _, name := range sn.Files {
		f := codeFile{Name: line(name, "?")}
		var data []byte
		err := fmt.Errorf("no reader")
		if s.in.Code != nil && snippets.SafeFileName(name) {
			data, err = s.in.Code(catalogue.SnippetPath(sn.ID, name))
		}
		if err == nil && len(data) > snippets.MaxFileSize {
			err = fmt.Errorf("too large")
		}
		if err != nil {
			f.Error = s.t("(fichier illisible)", "(unreadable file)")
		} else {
			f.HTML = highlight(data, sn.Language, name)
		}
		p.Files = append(p.Files, f)
	}
	return p
}

type schemaRow struct {
	Title, Href, Version, Fields string
}

func (s *builder) schemas(root string) []schemaRow {
	var out []schemaRow
	for _, sc := range s.c.Schemas {
		if !fact.ValidID(sc.ID) {
			continue
		}
		out = append(out, schemaRow{Title: line(sc.Title, line(sc.Name, sc.ID)), Href: "schemas/" + sc.ID + ".html", Version: line(sc.Version, ""), Fields: itoa(len(sc.Fields))})
	}
	return out
}

type fieldRow struct {
	Name, Title, Type, Constraints string
	Required                       bool
	Description                    template.HTML
}

type schemaPage struct {
	ID, Title, Version, Homepage string
	HomepageSafe                 bool
	Description                  template.HTML
	Fields                       []fieldRow
}

func (s *builder) schema(sc *schemas.Schema, root string) schemaPage {
	p := schemaPage{ID: sc.ID, Title: line(sc.Title, line(sc.Name, sc.ID)), Version: line(sc.Version, ""), Homepage: line(sc.Homepage, "")}
	p.HomepageSafe = webURL(p.Homepage)
	if strings.TrimSpace(sc.Description) != "" {
		p.Description = renderMarkdown(sc.Description, 2)
	}
	for _, f := range sc.Fields {
		typ := line(f.Type, "string")
		if f.Format != "" && f.Format != "default" {
			typ += " (" + line(f.Format, "") + ")"
		}
		row := fieldRow{Name: line(f.Name, "?"), Title: line(f.Title, ""), Type: typ, Required: f.Constraints.Required,
			Constraints: s.constraints(f.Constraints)}
		if strings.TrimSpace(f.Description) != "" {
			row.Description = renderMarkdown(f.Description, 4)
		}
		p.Fields = append(p.Fields, row)
	}
	return p
}

// constraints is a field's constraints other than required, in one line.
func (s *builder) constraints(c schemas.Constraints) string {
	var parts []string
	add := func(name string, v any) { parts = append(parts, name+" "+line(fmt.Sprint(v), "")) }
	if c.Unique {
		parts = append(parts, s.t("unique", "unique"))
	}
	if c.MinLength != nil {
		add(s.t("longueur ≥", "length ≥"), *c.MinLength)
	}
	if c.MaxLength != nil {
		add(s.t("longueur ≤", "length ≤"), *c.MaxLength)
	}
	if c.Minimum != nil {
		add("≥", c.Minimum)
	}
	if c.ExclusiveMinimum != nil {
		add(">", c.ExclusiveMinimum)
	}
	if c.Maximum != nil {
		add("≤", c.Maximum)
	}
	if c.ExclusiveMaximum != nil {
		add("<", c.ExclusiveMaximum)
	}
	if c.Pattern != "" {
		add(s.t("motif", "pattern"), c.Pattern)
	}
	if c.EnumSet {
		vals := make([]string, len(c.Enum))
		for i, v := range c.Enum {
			vals[i] = fmt.Sprint(v)
		}
		add(s.t("valeurs :", "values:"), strings.Join(vals, ", "))
	}
	return strings.Join(parts, " ; ")
}

type trainingSection struct {
	ID, Title, Lang, Date, Duration, Speakers, Level, Topics, Video string
	VideoSafe                                                       bool
	Organiser                                                       actorRef
	Description                                                     template.HTML
}

func (s *builder) trainings(root string) []trainingSection {
	var out []trainingSection
	for _, t := range s.c.Trainings {
		if !fact.ValidID(t.ID) {
			continue
		}
		x := trainingSection{ID: t.ID, Title: line(t.Title, t.ID), Date: t.Date.String(), Topics: joinLines(t.Topics), Video: line(t.Video, "")}
		if l := t.Language; (l == "fr" || l == "en") && i18n.Lang(l) != s.in.Lang {
			x.Lang = l
		}
		if t.Duration > 0 {
			x.Duration = fmt.Sprintf("%d min", t.Duration)
		}
		if t.Level != "" {
			x.Level = t.Level.Label(s.in.Lang)
		}
		if t.Organiser != "" {
			x.Organiser = s.actor(t.Organiser, root)
		}
		var sp []string
		for _, p := range t.Speakers {
			name := line(p.Name, "")
			if p.Actor != "" {
				org := s.actor(p.Actor, root).Name
				if name == "" {
					name = org
				} else {
					name += " (" + org + ")"
				}
			}
			if name != "" {
				sp = append(sp, name)
			}
		}
		x.Speakers = strings.Join(sp, ", ")
		x.VideoSafe = webURL(x.Video)
		if strings.TrimSpace(t.Description) != "" {
			x.Description = renderMarkdown(t.Description, 3)
		}
		out = append(out, x)
	}
	return out
}

type tipSection struct {
	ID, Title, Date, Tags string
	Author                actorRef
	Body                  template.HTML
}

func (s *builder) tips(root string) []tipSection {
	var out []tipSection
	for _, t := range s.c.Tips {
		if !fact.ValidID(t.ID) {
			continue
		}
		x := tipSection{ID: t.ID, Title: line(t.Title, t.ID), Date: t.Date.String(), Tags: joinLines(t.Tags), Body: renderMarkdown(t.Body, 3)}
		if t.Author != "" {
			x.Author = s.actor(t.Author, root)
		}
		out = append(out, x)
	}
	return out
}
