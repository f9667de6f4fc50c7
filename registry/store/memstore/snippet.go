package memstore

import (
	"context"
	"path"
	"strings"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// AddSnippet commits a new snippet on its share branch codal/snippet-<id>
// on top of the checked-out branch (which does not move), after checking
// the commit as lint would, then writes its folder into the work tree. The
// catalogue prepares it (catalogue.PrepareSnippet: the id is the title's
// slug, made unique with -2, -3…), as in the go-git store, through
// AddEntry. Nothing changes when anything fails.
func (s *Store) AddSnippet(ctx context.Context, ns catalogue.NewSnippet, who catalogue.Identity, when time.Time) (string, error) {
	if s.isPlain() {
		return "", i18n.Wrap(errNotGit(s.name), i18n.T("%s n'est pas un dépôt Git : un extrait y est ajouté sur une branche, ce qui demande Git",
			"%s is not a Git repository: a snippet is added on a branch, which needs Git"), s.name)
	}
	if _, err := catalogue.CheckNewSnippet(ns); err != nil {
		return "", err
	}
	return s.AddEntry(ctx, catalogue.Snippets, func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
		return c.PrepareSnippet(ns, taken)
	}, who, when)
}

func (s *Store) isPlain() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.plain
}

// AddEntry adds a new entry of kind k as AddSnippet does, prepare giving
// its folder (store.Branches).
func (s *Store) AddEntry(ctx context.Context, k catalogue.Kind, prepare catalogue.EntryPreparer, who catalogue.Identity, when time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return "", i18n.Wrap(errNotGit(s.name), i18n.T("%s n'est pas un dépôt Git : une entrée y est ajoutée sur une branche, ce qui demande Git",
			"%s is not a Git repository: an entry is added on a branch, which needs Git"), s.name)
	}
	cat, cerr := catalogue.Load(mapFS(s.work))
	if cerr != nil {
		return "", errNoRegistry(s.name)
	}
	head := s.branches[s.branch]
	headFiles := s.objects.snapshot(head)
	prep, err := prepare(cat, func(id string) (bool, error) { return s.entryIDTaken(k, headFiles, id), nil })
	if err != nil {
		return "", err
	}
	dir, content := prep.Path, prep.Change.Files
	id := path.Base(dir)
	if dir != catalogue.EntryRoot(k, id) {
		return "", i18n.Errorf(i18n.T("écriture refusée : %s n'est pas un dossier de %s", "write refused: %s is not a folder of %s"), dir, string(k))
	}
	h, err := s.buildShare(head, "", k, id, content, prep.Change.Message, who, s.when(when))
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
	s.branches[catalogue.ShareBranch(k, id)] = h
	return id, nil
}

// entryIDTaken reports whether a share branch, a work-tree folder or a
// file of head already uses the id for kind k (the catalogue answers for
// its own entries).
func (s *Store) entryIDTaken(k catalogue.Kind, headFiles files, id string) bool {
	if s.branches[catalogue.ShareBranch(k, id)] != "" {
		return true
	}
	prefix := catalogue.EntryRoot(k, id) + "/"
	for p := range s.work {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return len(entryFiles(headFiles, k, id, false)) > 0
}
