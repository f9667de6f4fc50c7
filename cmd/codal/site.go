//go:build !lean

package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/site"
)

// siteProgressMin is the number of pages from which codal site shows a
// progress line (on a terminal).
const siteProgressMin = 200

// site writes the registry's website into out (the full build: the site
// package, with its Markdown and highlighting, is linked here only).
func (a *app) site(out, baseURL string, feedDays int) error {
	if err := site.CheckOut(out); err != nil {
		return err
	}
	r, c, err := a.load()
	if err != nil {
		return err
	}
	head, err := headDate(r)
	if err != nil {
		return err
	}
	items, err := news.Collect(r, store.Since{After: head.AddDate(0, 0, -feedDays)}, news.Titles(c))
	if err != nil {
		return err
	}
	var data []site.DataFile
	for _, k := range catalogue.Kinds {
		ls, err := a.listing(c, k, nil, true)
		if err != nil {
			return err
		}
		if ls.objs == nil {
			ls.objs = []any{}
		}
		var b bytes.Buffer
		if err := writeJSON(&b, ls.objs); err != nil {
			return err
		}
		data = append(data, site.DataFile{Name: string(k), JSON: b.Bytes()})
	}
	feedID := "urn:codal:site:" + url.PathEscape(fact.CleanLine(c.Meta.Name))
	if baseURL != "" {
		feedID = strings.TrimSuffix(baseURL, "/") + "/feed.atom"
	}
	in := site.Input{Catalogue: c, Head: head, Lang: a.lang, BaseURL: baseURL, News: items, FeedID: feedID,
		Code: r.ReadFile, Data: data, Progress: a.siteProgress()}
	if err := site.Publish(out, func(w site.Writer) error { return site.Write(w, in) }); err != nil {
		return err
	}
	say(a.stderr, a.t(i18n.T("Site écrit dans %s (%d demandes, état du registre au %s).", "Site written to %s (%d requests, registry as of %s)."),
		out, len(c.Board), head.UTC().Format(time.DateOnly)))
	return nil
}

// errFirstCommit stops the history walk at its first commit.
var errFirstCommit = errors.New("first commit")

// headDate is the date of HEAD's commit (the newest commit that is not a
// merge, if HEAD is one): the only clock of a site. A registry without Git
// history, or without a commit, has none: a site needs one.
func headDate(r *registry.Registry) (time.Time, error) {
	if !r.IsGit() {
		return time.Time{}, store.NotARepository(r.Dir())
	}
	var when time.Time
	err := r.History(store.Since{Want: func(string) bool { return false }}, func(c store.Commit) error {
		when = c.Date
		return errFirstCommit
	})
	if err != nil && !errors.Is(err, errFirstCommit) {
		return time.Time{}, err
	}
	if when.IsZero() {
		return time.Time{}, i18n.Errorf(i18n.T("le registre %s n'a aucun commit : codal site date tout du dernier commit", "registry %s has no commit: codal site dates everything from the last commit"), r.Dir())
	}
	return when, nil
}

// siteProgress is the progress line on stderr, when stderr is a terminal;
// it shows from siteProgressMin pages on, every 50 pages.
func (a *app) siteProgress() func(done, total int) {
	if !isTerminal(a.stderr) {
		return nil
	}
	return func(done, total int) {
		if total < siteProgressMin {
			return
		}
		if done%50 == 0 || done == total {
			fmt.Fprintf(a.stderr, "\r\x1b[K%s", a.t(i18n.T("Site : %d/%d fichiers", "Site: %d/%d files"), done, total))
			if done == total {
				fmt.Fprintln(a.stderr)
			}
		}
	}
}
