package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/signal"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/ciworkflow"
	"github.com/gpso/codal/registry/store"
)

// maxWorkflowSize caps the existing workflow file read by init --ci.
const maxWorkflowSize = 1 << 20

// workflow is the registry's GitHub workflow as this codal writes it, with
// codal pinned to this release (or ciworkflow.Version for a development
// build).
func workflow() ([]byte, error) {
	return ciworkflow.Render(ciworkflow.PinFor(versionString()))
}

// initDemo writes the demo registry with its CI workflow in the first commit.
func (a *app) initDemo(dir string) (*registry.Registry, error) {
	w, err := workflow()
	if err != nil {
		return nil, err
	}
	return registry.InitDemoWith(dir, map[string][]byte{ciworkflow.Path: w})
}

// initCI is `codal init --ci github [DIR]`: it adds the workflow to an
// existing registry as a local commit (shared by codal sync or git push).
// DIR defaults to what codal lint checks: --registry or $CODAL_REGISTRY,
// else the current folder when it holds registry.yaml, else the configured
// registry; a missing registry is never created.
func (a *app) initCI(args []string) error {
	var dir string
	switch {
	case len(args) == 1:
		dir = args[0]
	case a.registry == "" && os.Getenv("CODAL_REGISTRY") == "" && fileExists(catalogue.MetaFile):
		dir = "."
	default:
		if a.cfgErr != nil {
			return a.cfgErr
		}
		dir = a.registryTarget().Dir
	}
	r, err := registry.Open(dir)
	if err != nil {
		return err
	}
	want, err := workflow()
	if err != nil {
		return err
	}
	have, err := catalogue.ReadNoFollow(os.DirFS(r.Dir()), ciworkflow.Path, maxWorkflowSize)
	switch {
	case err == nil && bytes.Equal(have, want):
		say(a.stdout, a.t(i18n.T("Rien à faire : %s contient déjà ce workflow (%s).", "Nothing to do: %s already holds this workflow (%s)."), r.Dir(), ciworkflow.Path))
		return nil
	case err == nil:
		return i18n.Errorf(i18n.T(
			"%s existe déjà dans %s et diffère de celui de codal : rien n'a été écrit (comparez-le à docs/ci.md, ou supprimez-le par un commit puis relancez)",
			"%s already exists in %s and differs from codal's: nothing was written (compare it with docs/ci.md, or delete it in a commit and run again)"), ciworkflow.Path, r.Dir())
	case errors.Is(err, catalogue.ErrSymlink):
		return err
	case !errors.Is(err, fs.ErrNotExist):
		return i18n.Wrap(err, i18n.T("%s illisible dans %s : rien n'a été écrit", "%s unreadable in %s: nothing was written"), ciworkflow.Path, r.Dir())
	}
	who, err := a.writer(r)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ch := catalogue.Change{
		Message: "Workflow GitHub du registre : codal lint sur les pull requests, site publié sur GitHub Pages",
		Files:   map[string][]byte{ciworkflow.Path: want},
	}
	res, err := r.Write(ctx, ch, who, a.now(), store.WriteOptions{Offline: true})
	if err != nil {
		return err
	}
	if res.Unchanged {
		say(a.stdout, a.t(i18n.T("Rien à faire : %s contient déjà ce workflow (%s).", "Nothing to do: %s already holds this workflow (%s)."), r.Dir(), ciworkflow.Path))
		return nil
	}
	say(a.stdout, a.t(i18n.T("Workflow ajouté dans %s : %s (commit local %s).", "Workflow added in %s: %s (local commit %s)."), r.Dir(), ciworkflow.Path, res.Commit.String()[:12]))
	say(a.stderr, a.tt(
		"Partagez-le avec codal sync ou git push (pousser un workflow demande un jeton avec le droit « workflow »), puis activez GitHub Pages : Settings → Pages → Source : GitHub Actions (docs/ci.md).",
		"Share it with codal sync or git push (pushing a workflow needs a token with the \"workflow\" scope), then enable GitHub Pages: Settings → Pages → Source: GitHub Actions (docs/ci.md)."))
	return nil
}
