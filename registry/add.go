package registry

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/snippets"
)

// DefaultLicense is the licence of a new snippet when none is given: the
// Licence Ouverte 2.0.
const DefaultLicense = "etalab-2.0"

// AddSnippet adds a snippet to the registry: it picks the id (the title's
// slug, made unique with -2, -3…), commits snippets/<id>/ on the local branch
// codal/snippet-<id> on top of HEAD (HEAD and main do not move), checks that
// commit with lint, then writes the folder into the work tree so that codal
// shows it at once. Nothing is written when anything fails. It returns the
// new snippet's id.
func (r *Registry) AddSnippet(ctx context.Context, ns catalogue.NewSnippet, who catalogue.Identity, when time.Time) (string, error) {
	if r.repo == nil {
		return "", errNotGit(r.dir)
	}
	sig := signature(who, when)
	s, files, err := checkNewSnippet(ns)
	if err != nil {
		return "", err
	}
	lock, err := acquire(ctx, gitDir(r))
	if err != nil {
		return "", err
	}
	defer lock.release()

	cat, err := r.Load()
	if err != nil {
		return "", err
	}
	if s.Author == "" {
		return "", i18n.Errorf(i18n.T(
			"auteur inconnu : donnez --author ACTEUR, ou indiquez votre organisation (variable CODAL_ACTOR, ou « actor: » dans la configuration de codal)",
			"unknown author: give --author ACTOR, or set your organisation (the CODAL_ACTOR variable, or \"actor:\" in codal's configuration)"))
	}
	if cat.Actor(s.Author) == nil {
		return "", i18n.Errorf(i18n.T("l'auteur %q n'est pas un acteur de l'annuaire (voir codal list actors)",
			"the author %q is not an actor of the directory (see codal list actors)"), s.Author)
	}
	head, err := r.headHash()
	if err != nil {
		return "", i18n.Wrap(err, i18n.T("le registre n'a pas encore de commit : %v", "the registry has no commit yet: %v"), err)
	}
	id, err := r.freeSnippetID(cat, head, fact.Slug(s.Title))
	if err != nil {
		return "", err
	}
	s.ID = id
	dir := "snippets/" + id
	if err := checkWritePath(r.dir, dir); err != nil {
		return "", err
	}
	yml, err := s.Marshal()
	if err != nil {
		return "", err
	}
	content := map[string][]byte{dir + "/" + catalogue.SnippetFile: yml}
	for _, f := range files {
		content[dir+"/"+f.Name] = f.Data
	}
	commit, err := r.buildEntryCommit(head, catalogue.Snippets, id, content, s.Title+"\n\n"+i18n.T("Nouvel extrait de code, ajouté avec codal.", "New code snippet, added with codal.").In(langOf(cat))+"\n", sig)
	if err != nil {
		return "", err
	}
	proposed, err := r.loadCommit(commit)
	if err != nil {
		return "", err
	}
	if ps := proposed.ProblemsUnder(dir); len(ps) > 0 {
		return "", i18n.Errorf(i18n.T("l'extrait ne passerait pas la vérification : %s", "the snippet would not pass the check: %s"),
			i18n.T(ps[0].Format(i18n.FR), ps[0].Format(i18n.EN)))
	}
	if err := r.writeFolder(dir, content); err != nil {
		return "", err
	}
	if err := r.setBranch(catalogue.ShareBranch(catalogue.Snippets, id), commit, sig); err != nil {
		_ = os.RemoveAll(filepath.Join(r.dir, filepath.FromSlash(dir)))
		return "", err
	}
	return id, nil
}

func langOf(c *catalogue.Catalogue) i18n.Lang {
	l, _ := i18n.Parse(c.Meta.Language)
	return l
}

// checkNewSnippet checks what can be checked without the registry and
// returns the snippet's metadata.
func checkNewSnippet(ns catalogue.NewSnippet) (*snippets.Snippet, []catalogue.CodeFile, error) {
	// control characters are refused, not silently dropped: lint would
	// refuse them in the file (control-character)
	for _, f := range []struct{ name, v string }{{"title", ns.Title}, {"description", ns.Description}, {"tags", strings.Join(ns.Tags, "\n")}} {
		if err := fact.CheckText(f.name, f.v); err != nil {
			return nil, nil, err
		}
	}
	s := &snippets.Snippet{
		Title:       strings.TrimSpace(fact.CleanLine(ns.Title)),
		Description: strings.TrimSpace(ns.Description),
		Language:    strings.ToLower(strings.TrimSpace(ns.Language)),
		Author:      strings.TrimSpace(ns.Author),
		License:     strings.TrimSpace(ns.License),
	}
	if s.Title == "" {
		return nil, nil, i18n.Errorf(i18n.T("titre manquant : donnez --title \"…\"", "missing title: give --title \"…\""))
	}
	if fact.Slug(s.Title) == "" {
		return nil, nil, i18n.Errorf(i18n.T("le titre %q ne donne aucun identifiant : utilisez des lettres ou des chiffres", "the title %q gives no id: use letters or digits"), s.Title)
	}
	if s.Description != "" {
		s.Description += "\n"
	}
	if s.License == "" {
		s.License = DefaultLicense
	}
	if !snippets.KnownLicense(s.License) {
		return nil, nil, i18n.Errorf(i18n.T("licence %q inconnue : utilisez un identifiant SPDX (MIT, Apache-2.0, EUPL-1.2…) ou etalab-2.0",
			"unknown license %q: use an SPDX id (MIT, Apache-2.0, EUPL-1.2…) or etalab-2.0"), s.License)
	}
	if s.Author != "" {
		if err := fact.CheckID(s.Author); err != nil {
			return nil, nil, err
		}
	}
	if len(ns.Files) == 0 {
		return nil, nil, i18n.Errorf(i18n.T("aucun fichier : donnez au moins un fichier de code", "no file: give at least one code file"))
	}
	seen := map[string]bool{}
	for _, f := range ns.Files {
		if e := snippets.CheckCodeFile(f.Name, f.Data); e != nil {
			return nil, nil, e
		}
		if seen[f.Name] {
			return nil, nil, i18n.Errorf(i18n.T("deux fichiers portent le même nom %q : renommez l'un des deux", "two files have the same name %q: rename one of them"), f.Name)
		}
		seen[f.Name] = true
		s.Files = append(s.Files, f.Name)
	}
	if s.Language == "" {
		s.Language = snippets.GuessLanguage(ns.Files[0].Name)
	}
	tagSeen := map[string]bool{}
	for _, t := range ns.Tags {
		t = strings.TrimSpace(fact.CleanLine(t))
		if t != "" && !tagSeen[t] {
			tagSeen[t] = true
			s.Tags = append(s.Tags, t)
		}
	}
	return s, ns.Files, nil
}

// freeSnippetID returns base, or base-2, base-3…, the first that no snippet,
// folder, commit or share branch uses.
func (r *Registry) freeSnippetID(cat *catalogue.Catalogue, head plumbing.Hash, base string) (string, error) {
	taken := func(id string) (bool, error) {
		if cat.Snippet(id) != nil {
			return true, nil
		}
		if _, err := os.Lstat(filepath.Join(r.dir, "snippets", id)); err == nil {
			return true, nil
		}
		if _, ok, err := r.branchHead(catalogue.ShareBranch(catalogue.Snippets, id)); err != nil || ok {
			return true, err
		}
		files, err := r.entryFilesAt(head, catalogue.Snippets, id, false)
		return len(files) > 0, err
	}
	for n := 1; n < 1000; n++ {
		id := base
		if n > 1 {
			suffix := fmt.Sprintf("-%d", n)
			id = strings.TrimRight(base[:min(len(base), fact.MaxIDLen-len(suffix))], "-") + suffix
		}
		t, err := taken(id)
		if err != nil {
			return "", err
		}
		if !t {
			return id, nil
		}
	}
	return "", i18n.Errorf(i18n.T("trop d'extraits portent déjà le titre %q : choisissez un autre titre", "too many snippets already have the title %q: choose another title"), base)
}

// writeFolder writes an entry's folder into the work tree: into a hidden
// temporary folder first, renamed into place once complete.
func (r *Registry) writeFolder(dir string, content map[string][]byte) error {
	if err := checkWritePath(r.dir, dir); err != nil {
		return err
	}
	target := filepath.Join(r.dir, filepath.FromSlash(dir))
	parent := filepath.Dir(target)
	fail := func(err error) error {
		return i18n.Wrap(err, i18n.T("écriture de %s impossible : %v", "cannot write %s: %v"), dir, errText(err))
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp(parent, ".codal-new-"+filepath.Base(target)+"-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmp)
	for p, data := range content {
		rel := strings.TrimPrefix(p, dir+"/")
		full := filepath.Join(tmp, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fail(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return fail(err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fail(err)
	}
	return nil
}
