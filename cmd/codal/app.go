package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/share"
)

// app is what every command shares: language, configuration, the registry
// flag and the standard streams.
type app struct {
	lang     i18n.Lang
	cfg      config.Config
	cfgErr   error
	registry string
	// noIndex is --no-index: read the work tree, never the index.
	noIndex bool
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	now     func() time.Time
	// args are the command line's arguments, handed whole to codal-app by
	// the lean build (lean.go).
	args []string
}

// t formats a bilingual text in the app's language.
func (a *app) t(t i18n.Text, args ...any) string { return t.In(a.lang, args...) }

// tt picks one of two literal sentences; for help texts.
func (a *app) tt(fr, en string) string { return i18n.T(fr, en).In(a.lang) }

// userHome is the user's home folder, "" when it is unknown.
func userHome() string {
	h, _ := os.UserHomeDir()
	return h
}

// target is the registry a command works on, as the flags, the
// environment and the configuration name it.
type target struct {
	// Dir is its folder; Name its name under `registries:` ("" for a
	// folder given as such); URL where a named registry is cloned from on
	// first use.
	Dir, Name, URL string
	// IsDefault is true for codal's default folder, where codal installs
	// the demo when nothing is there.
	IsDefault bool
}

// registryTarget says which registry to open: --registry, then
// CODAL_REGISTRY, then `registry:` in the configuration, then codal's
// default folder. Each of the first three is a name under `registries:`
// when the configuration has one by that name, else a folder.
func (a *app) registryTarget() target {
	pick := func(v string) target {
		if n, ok := a.cfg.Lookup(v, userHome()); ok {
			return target{Dir: n.Dir, Name: n.Name, URL: n.URL}
		}
		return target{Dir: config.ExpandHome(v, userHome())}
	}
	switch {
	case a.registry != "":
		return pick(a.registry)
	case os.Getenv("CODAL_REGISTRY") != "":
		return pick(os.Getenv("CODAL_REGISTRY"))
	case a.cfg.Registry != "":
		return pick(a.cfg.Registry)
	}
	return target{Dir: config.DefaultRegistry(), IsDefault: true}
}

// registryDir is the folder of the registry to open (registryTarget).
func (a *app) registryDir() (dir string, isDefault bool) {
	t := a.registryTarget()
	return t.Dir, t.IsDefault
}

// open opens the registry to work on, installing the embedded demo in
// codal's default folder the first time, and cloning a registry the
// configuration names by URL the first time it is used. Pushes and fetches
// to a registry hosted on GitHub carry the user's token.
func (a *app) open() (*registry.Registry, error) {
	if a.cfgErr != nil {
		return nil, a.cfgErr
	}
	return a.openTarget(a.registryTarget())
}

// openTarget opens one registry (open, and --all for each configured one).
func (a *app) openTarget(t target) (*registry.Registry, error) {
	r, err := a.openDir(t)
	if err != nil {
		return nil, err
	}
	if api, err := share.ParseAPI(share.APIURL(a.cfg.GitHubAPI)); err == nil {
		r.Auth = share.GitAuth(api)
	}
	return r, nil
}

func (a *app) openDir(t target) (*registry.Registry, error) {
	_, err := os.Stat(filepath.Join(t.Dir, catalogue.MetaFile))
	missing := errors.Is(err, os.ErrNotExist)
	switch {
	case missing && t.IsDefault:
		r, err := registry.InitDemo(t.Dir)
		if err != nil {
			return nil, err
		}
		say(a.stderr, a.t(i18n.T(
			"Aucun registre configuré : le registre de démonstration de GPSO a été installé dans %s.",
			"No registry configured: GPSO's demo registry was installed in %s."), t.Dir))
		return r, nil
	case missing && t.URL != "":
		if _, err := os.Stat(t.Dir); err == nil {
			return nil, i18n.Errorf(i18n.T(
				"le registre %q devait être cloné dans %s, mais ce dossier existe sans registry.yaml : déplacez-le ou supprimez-le",
				"registry %q was to be cloned into %s, but that folder exists without registry.yaml: move or delete it"), t.Name, t.Dir)
		}
		say(a.stderr, a.t(i18n.T("Premier usage du registre %q : clonage de %s…", "First use of registry %q: cloning %s…"), t.Name, store.RedactURL(t.URL)))
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		return a.clone(ctx, t.URL, t.Dir)
	}
	return registry.Open(t.Dir)
}

// clone clones a registry into dir with the user's credentials, showing
// the checkout's progress on a terminal (init --from, and a configured
// registry's first use).
func (a *app) clone(ctx context.Context, from, dir string) (*registry.Registry, error) {
	opts := registry.CloneOptions{Remote: a.remoteOutput()}
	shown := false
	if opts.Remote.Terminal() {
		// The checkout's progress, on one line updated in place.
		opts.Files = func(n int) {
			fmt.Fprint(a.stderr, "\r\x1b[K"+a.t(i18n.T("Fichiers écrits : %d", "Files written: %d"), n))
			shown = true
		}
	}
	if api, err := share.ParseAPI(share.APIURL(a.cfg.GitHubAPI)); err == nil {
		opts.Auth = share.GitAuth(api)
	}
	r, err := registry.CloneWith(ctx, from, dir, opts)
	if shown {
		fmt.Fprintln(a.stderr)
	}
	return r, err
}

// useIndex is false with --no-index or CODAL_NO_INDEX=1: every command then
// reads the whole work tree, as lint always does.
func (a *app) useIndex() bool {
	return !a.noIndex && os.Getenv("CODAL_NO_INDEX") != "1"
}

// load opens the registry and loads its catalogue: through the registry's
// index (every kind: the index holds them all), or, without it, only the
// kinds given (every kind when none is).
func (a *app) load(kinds ...catalogue.Kind) (*registry.Registry, *catalogue.Catalogue, error) {
	r, err := a.open()
	if err != nil {
		return nil, nil, err
	}
	c, err := a.catalogue(r, kinds...)
	if err != nil {
		return nil, nil, err
	}
	return r, c, nil
}

// catalogue is r's whole catalogue through its index, or a load of the
// kinds given without it.
func (a *app) catalogue(r *registry.Registry, kinds ...catalogue.Kind) (*catalogue.Catalogue, error) {
	if a.useIndex() {
		return r.Catalogue()
	}
	return r.Load(kinds...)
}

// view answers per-entry reads for a command about a few entries: through
// the index, checking by hand edits only the entry roots given (and
// registry.yaml); without it, from a load of the kinds given. communes
// counts the directory's communes.
func (a *app) view(r *registry.Registry, roots []string, kinds ...catalogue.Kind) (v catalogue.View, communes int, err error) {
	if a.useIndex() {
		iv, err := r.View(roots...)
		if err != nil {
			return nil, 0, err
		}
		return iv.View, iv.Communes, nil
	}
	c, err := r.Load(kinds...)
	if err != nil {
		return nil, 0, err
	}
	return c, len(c.Communes()), nil
}

// openRef reads a KIND/ID argument (show, follow, unfollow) and opens the
// registry: a malformed reference is a usage error (exit 2).
func (a *app) openRef(arg string) (catalogue.Kind, string, *registry.Registry, error) {
	kind, id, err := catalogue.ParseRef(arg)
	if err != nil {
		return "", "", nil, withCode(2, err)
	}
	r, err := a.open()
	if err != nil {
		return "", "", nil, err
	}
	return kind, id, r, nil
}
