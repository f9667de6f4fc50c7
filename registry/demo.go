package registry

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/demo"
)

// Demo returns the embedded demo registry (package demo).
func Demo() fs.FS { return demo.FS() }

// DemoAuthor signs the demo registry's first commit.
var DemoAuthor = catalogue.Identity{Name: "codal", Email: "codal@gpso.example"}

// InitDemo writes the embedded demo registry into dir as a Git repository
// with one commit on branch main. dir must not exist or be empty. The
// registry is written beside dir first and moved into place at the end, so an
// interrupted init leaves nothing half-written.
func InitDemo(dir string) (*Registry, error) {
	return initFrom(dir, Demo(), "Registre de démonstration CODAL (GPSO)")
}

// InitDemoWith is InitDemo with extra files in the same first commit: extra
// maps registry paths (catalogue.SafePath, such as ".github/workflows/codal.yml")
// to their content. `codal init --demo` adds the registry's CI workflow.
func InitDemoWith(dir string, extra map[string][]byte) (*Registry, error) {
	return initWith(dir, Demo(), extra, "Registre de démonstration CODAL (GPSO)")
}

func initFrom(dir string, src fs.FS, message string) (*Registry, error) {
	return initWith(dir, src, nil, message)
}

func initWith(dir string, src fs.FS, extra map[string][]byte, message string) (*Registry, error) {
	if len(extra) > 0 {
		if err := (catalogue.Change{Files: extra}).Check(); err != nil {
			return nil, err
		}
	}
	st, err := stage(dir, "init")
	if err != nil {
		return nil, err
	}
	defer st.discard()
	if err := copyFS(st.tmp, src); err != nil {
		return nil, i18n.Wrap(err, i18n.T("écriture du registre impossible : %v", "cannot write the registry: %v"), err)
	}
	if err := writeExtra(st.tmp, extra); err != nil {
		return nil, i18n.Wrap(err, i18n.T("écriture du registre impossible : %v", "cannot write the registry: %v"), err)
	}
	if err := commitAll(st.tmp, message); err != nil {
		return nil, i18n.Wrap(err, i18n.T("création du dépôt Git impossible : %v", "cannot create the Git repository: %v"), err)
	}
	return st.place()
}

// copyFS writes every regular file of src under dir (".keep" placeholders
// excepted).
func copyFS(dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if d.Name() == ".keep" {
			return nil
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// writeExtra writes extra's files (paths already checked) under dir, which
// codal has just created.
func writeExtra(dir string, extra map[string][]byte) error {
	for p, data := range extra {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// commitAll makes dir a Git repository on branch main with every file in one
// commit.
func commitAll(dir, message string) error {
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return err
	}
	sig := signature(DemoAuthor, time.Now())
	_, err = wt.Commit(message, &git.CommitOptions{Author: &sig, Committer: &sig})
	return err
}
