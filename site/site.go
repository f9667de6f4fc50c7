// Package site renders a registry as a static website: the priority board,
// one page per request, the directory, snippets with highlighted code,
// schemas with their field tables, trainings and tips, plus data/*.json,
// board.csv and an Atom feed of recent changes.
//
// It is pure rendering: the caller gives the catalogue, the news items, the
// date of HEAD's commit and a Writer, and Write produces the same bytes for
// the same input whatever the clock. Every page is html/template output with
// relative links, one local stylesheet and no script. It imports neither
// go-git nor Bubble Tea.
package site

import (
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
)

// MarkerFile is written at the root of every site: codal site replaces a
// folder holding it, and refuses any other non-empty folder.
const MarkerFile = ".codal-site"

// Writer receives the site's files, named by slash-separated paths relative
// to the site's root ("index.html", "requests/budget.html").
type Writer interface {
	WriteFile(name string, data []byte) error
}

// DataFile is one file of data/: Name is the kind ("requests"), JSON the
// bytes codal list KIND --json prints.
type DataFile struct {
	Name string
	JSON []byte
}

// Input is what a site is made of.
type Input struct {
	// Catalogue is the registry, loaded.
	Catalogue *catalogue.Catalogue
	// Head is the date of HEAD's commit: every date shown or computed (the
	// generation date, overdue requests, the feed's updated) comes from it.
	Head time.Time
	// Lang is the language of the pages (French first).
	Lang i18n.Lang
	// BaseURL, when set, is the site's absolute address, used only where an
	// absolute URL is needed (the canonical link, the feed's links).
	BaseURL string
	// News are the recent changes the feed lists (newest first).
	News []news.Item
	// FeedID is the feed's permanent id (urn:codal:registry:…).
	FeedID string
	// Code reads a registry file by its path from the registry's root (a
	// snippet's code); nil shows every file as unreadable.
	Code func(name string) ([]byte, error)
	// Data are the files of data/, one per kind.
	Data []DataFile
	// Progress, when set, is called after each page with the pages written
	// and the total.
	Progress func(done, total int)
}
