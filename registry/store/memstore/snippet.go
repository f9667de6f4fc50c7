package memstore

import (
	"context"
	"strings"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// AddSnippet commits a new snippet on its share branch codal/snippet-<id>
// on top of the checked-out branch (which does not move), after checking
// the commit as lint would, then writes its folder into the work tree. The
// catalogue prepares it (catalogue.PrepareSnippet: the id is the title's
// slug, made unique with -2, -3…), as in the go-git store. Nothing changes
// when anything fails.
func (s *Store) AddSnippet(ctx context.Context, ns catalogue.NewSnippet, who catalogue.Identity, when time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return "", i18n.Wrap(errNotGit(s.name), i18n.T("%s n'est pas un dépôt Git : un extrait y est ajouté sur une branche, ce qui demande Git",
			"%s is not a Git repository: a snippet is added on a branch, which needs Git"), s.name)
	}
	if _, err := catalogue.CheckNewSnippet(ns); err != nil {
		return "", err
	}
	cat, cerr := catalogue.Load(mapFS(s.work))
	if cerr != nil {
		return "", errNoRegistry(s.name)
	}
	head := s.branches[s.branch]
	headFiles := s.objects.snapshot(head)
	prep, err := cat.PrepareSnippet(ns, func(id string) (bool, error) { return s.snippetIDTaken(headFiles, id), nil })
	if err != nil {
		return "", err
	}
	id, dir, content := prep.Snippet.ID, prep.Path, prep.Change.Files
	h, err := s.buildShare(head, "", catalogue.Snippets, id, content, prep.Change.Message, who, s.when(when))
	if err != nil {
		return "", err
	}
	proposed, err := catalogue.Load(mapFS(s.objects[h].files))
	if err != nil {
		return "", err
	}
	if err := proposed.CheckProposed(dir); err != nil {
		return "", err
	}
	for p, d := range content {
		s.work[p] = d
	}
	s.branches[catalogue.ShareBranch(catalogue.Snippets, id)] = h
	return id, nil
}

// snippetIDTaken reports whether a share branch, a work-tree folder or a
// file of head already uses the snippet id (the catalogue answers for its
// own snippets).
func (s *Store) snippetIDTaken(headFiles files, id string) bool {
	if s.branches[catalogue.ShareBranch(catalogue.Snippets, id)] != "" {
		return true
	}
	prefix := catalogue.EntryRoot(catalogue.Snippets, id) + "/"
	for p := range s.work {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return len(entryFiles(headFiles, catalogue.Snippets, id, false)) > 0
}
