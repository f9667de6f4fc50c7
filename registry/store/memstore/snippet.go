package memstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/snippets"
)

// defaultLicense is a new snippet's licence when none is given (the
// Licence Ouverte 2.0), as in the go-git store.
const defaultLicense = "etalab-2.0"

// AddSnippet commits a new snippet on its share branch codal/snippet-<id>
// on top of the checked-out branch (which does not move), after checking
// the commit as lint would, then writes its folder into the work tree. The
// id is the title's slug, made unique with -2, -3…. Nothing changes when
// anything fails.
func (s *Store) AddSnippet(ctx context.Context, ns catalogue.NewSnippet, who catalogue.Identity, when time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return "", i18n.Wrap(errNotGit(s.name), i18n.T("%s n'est pas un dépôt Git : un extrait y est ajouté sur une branche, ce qui demande Git",
			"%s is not a Git repository: a snippet is added on a branch, which needs Git"), s.name)
	}
	sn, err := checkNewSnippet(ns)
	if err != nil {
		return "", err
	}
	cat, cerr := catalogue.Load(mapFS(s.work))
	if cerr != nil {
		return "", errNoRegistry(s.name)
	}
	if sn.Author == "" {
		return "", i18n.Errorf(i18n.T(
			"auteur inconnu : donnez --author ACTEUR, ou indiquez votre organisation (variable CODAL_ACTOR, ou « actor: » dans la configuration de codal)",
			"unknown author: give --author ACTOR, or set your organisation (the CODAL_ACTOR variable, or \"actor:\" in codal's configuration)"))
	}
	if cat.Actor(sn.Author) == nil {
		return "", i18n.Errorf(i18n.T("l'auteur %q n'est pas un acteur de l'annuaire (voir codal list actors)",
			"the author %q is not an actor of the directory (see codal list actors)"), sn.Author)
	}
	head := s.branches[s.branch]
	id, err := s.freeSnippetID(cat, fact.Slug(sn.Title))
	if err != nil {
		return "", err
	}
	sn.ID = id
	yml, err := sn.Marshal()
	if err != nil {
		return "", err
	}
	dir := string(catalogue.Snippets) + "/" + id
	content := map[string][]byte{dir + "/" + catalogue.SnippetFile: yml}
	for _, f := range ns.Files {
		content[dir+"/"+f.Name] = f.Data
	}
	lang, _ := i18n.Parse(cat.Meta.Language)
	msg := sn.Title + "\n\n" + i18n.T("Nouvel extrait de code, ajouté avec codal.", "New code snippet, added with codal.").In(lang) + "\n"
	h, err := s.buildShare(head, "", catalogue.Snippets, id, content, msg, who, s.when(when))
	if err != nil {
		return "", err
	}
	proposed, err := catalogue.Load(mapFS(s.objects[h].files))
	if err != nil {
		return "", err
	}
	if ps := proposed.ProblemsUnder(dir); len(ps) > 0 {
		return "", i18n.Errorf(i18n.T("l'extrait ne passerait pas la vérification : %s", "the snippet would not pass the check: %s"),
			i18n.T(ps[0].Format(i18n.FR), ps[0].Format(i18n.EN)))
	}
	for p, d := range content {
		s.work[p] = d
	}
	s.branches[shareBranch(catalogue.Snippets, id)] = h
	return id, nil
}

// checkNewSnippet checks what can be checked without the registry and
// returns the snippet's metadata.
func checkNewSnippet(ns catalogue.NewSnippet) (*snippets.Snippet, error) {
	sn := &snippets.Snippet{
		Title:       strings.TrimSpace(fact.CleanLine(ns.Title)),
		Description: strings.TrimSpace(ns.Description),
		Language:    strings.ToLower(strings.TrimSpace(ns.Language)),
		Author:      strings.TrimSpace(ns.Author),
		License:     strings.TrimSpace(ns.License),
	}
	if sn.Title == "" {
		return nil, i18n.Errorf(i18n.T("titre manquant : donnez --title \"…\"", "missing title: give --title \"…\""))
	}
	if fact.Slug(sn.Title) == "" {
		return nil, i18n.Errorf(i18n.T("le titre %q ne donne aucun identifiant : utilisez des lettres ou des chiffres", "the title %q gives no id: use letters or digits"), sn.Title)
	}
	if sn.Description != "" {
		sn.Description += "\n"
	}
	if sn.License == "" {
		sn.License = defaultLicense
	}
	if !snippets.KnownLicense(sn.License) {
		return nil, i18n.Errorf(i18n.T("licence %q inconnue : utilisez un identifiant SPDX (MIT, Apache-2.0, EUPL-1.2…) ou etalab-2.0",
			"unknown license %q: use an SPDX id (MIT, Apache-2.0, EUPL-1.2…) or etalab-2.0"), sn.License)
	}
	if sn.Author != "" {
		if err := fact.CheckID(sn.Author); err != nil {
			return nil, err
		}
	}
	if len(ns.Files) == 0 {
		return nil, i18n.Errorf(i18n.T("aucun fichier : donnez au moins un fichier de code", "no file: give at least one code file"))
	}
	seen := map[string]bool{}
	for _, f := range ns.Files {
		if e := snippets.CheckCodeFile(f.Name, f.Data); e != nil {
			return nil, e
		}
		if seen[f.Name] {
			return nil, i18n.Errorf(i18n.T("deux fichiers portent le même nom %q : renommez l'un des deux", "two files have the same name %q: rename one of them"), f.Name)
		}
		seen[f.Name] = true
		sn.Files = append(sn.Files, f.Name)
	}
	if sn.Language == "" {
		sn.Language = snippets.GuessLanguage(ns.Files[0].Name)
	}
	tagSeen := map[string]bool{}
	for _, t := range ns.Tags {
		t = strings.TrimSpace(fact.CleanLine(t))
		if t != "" && !tagSeen[t] {
			tagSeen[t] = true
			sn.Tags = append(sn.Tags, t)
		}
	}
	return sn, nil
}

// freeSnippetID returns base, or base-2, base-3…, the first that no snippet,
// work-tree folder, share branch or file of head uses.
func (s *Store) freeSnippetID(cat *catalogue.Catalogue, base string) (string, error) {
	headFiles := s.objects.snapshot(s.branches[s.branch])
	taken := func(id string) bool {
		if cat.Snippet(id) != nil || s.branches[shareBranch(catalogue.Snippets, id)] != "" {
			return true
		}
		prefix := string(catalogue.Snippets) + "/" + id + "/"
		for p := range s.work {
			if strings.HasPrefix(p, prefix) {
				return true
			}
		}
		return len(entryFiles(headFiles, catalogue.Snippets, id, false)) > 0
	}
	for n := 1; n < 1000; n++ {
		id := base
		if n > 1 {
			suffix := fmt.Sprintf("-%d", n)
			id = strings.TrimRight(base[:min(len(base), fact.MaxIDLen-len(suffix))], "-") + suffix
		}
		if !taken(id) {
			return id, nil
		}
	}
	return "", i18n.Errorf(i18n.T("trop d'extraits portent déjà le titre %q : choisissez un autre titre", "too many snippets already have the title %q: choose another title"), base)
}
