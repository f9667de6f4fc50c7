package news

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Feed says what an Atom feed of news is about.
type Feed struct {
	// ID is the feed's permanent id (an IRI), such as
	// "urn:codal:registry:<key>".
	ID string
	// Title is the feed's title (the registry's name).
	Title string
	// Updated is used when there is no item (else the newest item's date).
	Updated time.Time
	Lang    i18n.Lang
	Names   Names
	// Link, when set, is the absolute address of the feed's web page (an
	// alternate link), Self the feed's own address, and EntryLink an
	// item's web page ("" for none): codal site sets them from --base-url.
	Link, Self string
	EntryLink  func(Item) string
}

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
	Links     []atomLink  `xml:"link"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID       string         `xml:"id"`
	Title    atomText       `xml:"title"`
	Updated  string         `xml:"updated"`
	Author   atomPerson     `xml:"author"`
	Category []atomCategory `xml:"category"`
	Content  atomText       `xml:"content"`
	Link     *atomLink      `xml:"link"`
}

// EntryID is an item's Atom id: urn:codal:<commit>:<seq>, stable whatever
// the items around it.
func EntryID(it Item) string { return fmt.Sprintf("urn:codal:%s:%d", it.Commit, it.Seq) }

// WriteAtom writes items as an Atom feed (RFC 4287): the feed's id, title,
// updated date and author, then one entry per item with its stable id
// (EntryID), its commit's date, its one-line sentence as the title, the
// commit's author, its kind and entry as categories, and the full text (a
// comment's body, a note) as the content (else the sentence again). Registry text is cleaned of
// control characters, and XML escaping does the rest.
func WriteAtom(w io.Writer, items []Item, f Feed) error {
	updated := f.Updated
	if len(items) > 0 {
		updated = items[0].Date
		for _, it := range items {
			if it.Date.After(updated) {
				updated = it.Date
			}
		}
	}
	title := fact.CleanLine(f.Title)
	if title == "" {
		title = "codal"
	}
	out := atomFeed{
		NS: atomNS, Lang: string(f.Lang), ID: f.ID,
		Title:   atomText{Type: "text", Body: i18n.T("Nouveautés — %s", "What's new — %s").In(f.Lang, title)},
		Updated: stamp(updated), Author: atomPerson{Name: "codal"}, Generator: "codal",
	}
	for _, it := range items {
		author := fact.CleanLine(it.Author)
		if author == "" {
			author = fact.CleanLine(f.Names.of(it.Actor))
		}
		if author == "" {
			author = "codal"
		}
		body := Sentence(it, f.Lang, f.Names)
		if it.Text != "" {
			body = fact.Clean(it.Text)
		}
		out.Entries = append(out.Entries, atomEntry{
			ID:       EntryID(it),
			Title:    atomText{Type: "text", Body: Sentence(it, f.Lang, f.Names)},
			Updated:  stamp(it.Date),
			Author:   atomPerson{Name: author},
			Category: []atomCategory{{Term: string(it.Kind)}, {Term: fact.CleanLine(it.Entry)}},
			Content:  atomText{Type: "text", Body: body},
		})
		if f.EntryLink != nil {
			if href := f.EntryLink(it); href != "" {
				out.Entries[len(out.Entries)-1].Link = &atomLink{Rel: "alternate", Type: "text/html", Href: href}
			}
		}
	}
	if f.Link != "" {
		out.Links = append(out.Links, atomLink{Rel: "alternate", Type: "text/html", Href: f.Link})
	}
	if f.Self != "" {
		out.Links = append(out.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: f.Self})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
