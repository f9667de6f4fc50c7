package site

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/requests"
)

// Write renders the site of in through w: the pages, style.css, data/*.json,
// board.csv, feed.atom and MarkerFile. Entries whose id is not a valid fact
// id (a registry that failed lint) get no page of their own. Same input,
// same bytes: nothing reads the clock.
func Write(w Writer, in Input) error {
	if in.Catalogue == nil {
		return errors.New("site: no catalogue")
	}
	if in.Lang == "" {
		in.Lang = i18n.FR
	}
	s := newBuilder(in)
	jobs := s.pages()
	total := len(jobs) + 5
	done := 0
	step := func() {
		done++
		if in.Progress != nil {
			in.Progress(done, total)
		}
	}
	for _, j := range jobs {
		data, err := j.render()
		if err != nil {
			return fmt.Errorf("site: %s: %w", j.name, err)
		}
		if err := w.WriteFile(j.name, data); err != nil {
			return err
		}
		step()
	}
	if err := w.WriteFile("style.css", s.stylesheet()); err != nil {
		return err
	}
	step()
	for _, d := range in.Data {
		if !fact.ValidID(d.Name) {
			continue
		}
		if err := w.WriteFile("data/"+d.Name+".json", d.JSON); err != nil {
			return err
		}
	}
	step()
	var csv bytes.Buffer
	if err := requests.WriteBoard(&csv, s.c.Board, "csv", s.boardOptions()); err != nil {
		return err
	}
	if err := w.WriteFile("board.csv", csv.Bytes()); err != nil {
		return err
	}
	step()
	var feed bytes.Buffer
	items := in.News
	if items == nil {
		items = []news.Item{}
	}
	f := news.Feed{ID: in.FeedID, Title: fact.CleanLine(s.c.Meta.Name), Updated: in.Head, Lang: in.Lang, Names: news.ActorNames(s.c)}
	if base := s.baseURL(); base != "" {
		f.Link, f.Self = base+"index.html", base+"feed.atom"
		f.EntryLink = func(it news.Item) string {
			if p := s.entryPage(it.Entry); p != "" {
				return base + p
			}
			return ""
		}
	}
	if err := news.WriteAtom(&feed, items, f); err != nil {
		return err
	}
	if err := w.WriteFile("feed.atom", feed.Bytes()); err != nil {
		return err
	}
	step()
	marker := "codal site " + isoDate(in.Head) + "\n"
	if err := w.WriteFile(MarkerFile, []byte(marker)); err != nil {
		return err
	}
	step()
	return nil
}

// baseURL is --base-url ending with one slash, or "".
func (s *builder) baseURL() string {
	if s.in.BaseURL == "" {
		return ""
	}
	return strings.TrimRight(s.in.BaseURL, "/") + "/"
}

// entryPage is the page, relative to the site's root, of an entry named
// "KIND/ID" that the site shows; "" for one it does not (removed since).
func (s *builder) entryPage(entry string) string {
	kind, id, ok := strings.Cut(entry, "/")
	k, known := catalogue.ParseKind(kind)
	if !ok || !known || !fact.ValidID(id) || !s.c.Has(k, id) {
		return ""
	}
	switch k {
	case catalogue.Requests, catalogue.Snippets, catalogue.Schemas:
		return kind + "/" + id + ".html"
	}
	return kind + ".html#" + id
}

// stylesheet is style.css followed by the code highlighting's rules.
func (s *builder) stylesheet() []byte {
	base, _ := files.ReadFile("style.css")
	return append(base, []byte("\n/* code highlighting (chroma, style "+codeStyle+", contrast 4.5:1 at least) */\n"+codeCSS())...)
}

// job is one page to write.
type job struct {
	name   string
	render func() ([]byte, error)
}

// pages lists the site's pages in a fixed order.
func (s *builder) pages() []job {
	var jobs []job
	add := func(name, kind, section, title string, body func(root string) any) {
		root := strings.Repeat("../", strings.Count(name, "/"))
		jobs = append(jobs, job{name: name, render: func() ([]byte, error) {
			return render(kind, s.frame(name, section, root, title, body(root)))
		}})
	}
	add("index.html", "board", "index.html", s.t("Tableau des priorités", "Priority board"), func(root string) any { return s.board(root) })
	for _, st := range s.c.Board {
		if !fact.ValidID(st.Request.ID) {
			continue
		}
		add("requests/"+st.Request.ID+".html", "request", "index.html", line(st.Request.Title, st.Request.ID), func(root string) any { return s.request(st, root) })
	}
	add("actors.html", "directory", "actors.html", s.t("Annuaire des acteurs", "Directory of actors"), func(root string) any { return s.directory(root) })
	add("snippets.html", "snippets", "snippets.html", s.t("Extraits de code", "Code snippets"), func(root string) any { return s.snippets(root) })
	for _, sn := range s.c.Snippets {
		if !fact.ValidID(sn.ID) {
			continue
		}
		add("snippets/"+sn.ID+".html", "snippet", "snippets.html", line(sn.Title, sn.ID), func(root string) any { return s.snippet(sn, root) })
	}
	add("schemas.html", "schemas", "schemas.html", s.t("Schémas de données", "Data schemas"), func(root string) any { return s.schemas(root) })
	for _, sc := range s.c.Schemas {
		if !fact.ValidID(sc.ID) {
			continue
		}
		add("schemas/"+sc.ID+".html", "schema", "schemas.html", line(sc.Title, sc.ID), func(root string) any { return s.schema(sc, root) })
	}
	if len(s.c.Trainings) > 0 {
		add("trainings.html", "trainings", "trainings.html", s.t("Formations", "Trainings"), func(root string) any { return s.trainings(root) })
	}
	if len(s.c.Tips) > 0 {
		add("tips.html", "tips", "tips.html", s.t("Astuces", "Tips"), func(root string) any { return s.tips(root) })
	}
	return jobs
}

// frame is the layout's data for one page.
func (s *builder) frame(name, section, root, title string, body any) page {
	p := page{Lang: s.in.Lang, Root: root, Title: title, Registry: line(s.c.Meta.Name, "CODAL"),
		HeadDate: isoDate(s.in.Head), HeadISO: isoDate(s.in.Head), Body: body}
	nav := []navItem{
		{Href: "index.html", Label: s.t("Priorités", "Priorities")},
		{Href: "actors.html", Label: s.t("Annuaire", "Directory")},
		{Href: "snippets.html", Label: s.t("Extraits de code", "Code snippets")},
		{Href: "schemas.html", Label: s.t("Schémas", "Schemas")},
	}
	if len(s.c.Trainings) > 0 {
		nav = append(nav, navItem{Href: "trainings.html", Label: s.t("Formations", "Trainings")})
	}
	if len(s.c.Tips) > 0 {
		nav = append(nav, navItem{Href: "tips.html", Label: s.t("Astuces", "Tips")})
	}
	for i := range nav {
		switch nav[i].Href {
		case name:
			nav[i].Current = "page"
		case section:
			nav[i].Current = "true"
		}
	}
	p.Nav = nav
	if base := s.baseURL(); base != "" {
		p.Canonical = base + name
	}
	for _, d := range s.in.Data {
		if fact.ValidID(d.Name) {
			p.DataLinks = append(p.DataLinks, d.Name)
		}
	}
	return p
}

// line is s cleaned to one line, or def when empty.
func line(s, def string) string {
	if s = strings.TrimSpace(fact.CleanLine(s)); s == "" {
		return def
	}
	return s
}

// joinLines cleans each string and joins them with ", ".
func joinLines(xs []string) string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x = line(x, ""); x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, ", ")
}

// itoa is strconv.Itoa.
func itoa(n int) string { return strconv.Itoa(n) }
