package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
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

// registryDir says which registry to open: --registry, then CODAL_REGISTRY,
// then the configuration, then codal's default folder. isDefault is true in
// the last case, where codal installs the demo when nothing is there.
func (a *app) registryDir() (dir string, isDefault bool) {
	switch {
	case a.registry != "":
		return a.registry, false
	case os.Getenv("CODAL_REGISTRY") != "":
		return os.Getenv("CODAL_REGISTRY"), false
	case a.cfg.Registry != "":
		return config.ExpandHome(a.cfg.Registry, userHome()), false
	}
	return config.DefaultRegistry(), true
}

// open opens the registry to work on, installing the embedded demo in
// codal's default folder the first time. Pushes and fetches to a registry
// hosted on GitHub carry the user's token.
func (a *app) open() (*registry.Registry, error) {
	r, err := a.openDir()
	if err != nil {
		return nil, err
	}
	if api, err := share.ParseAPI(share.APIURL(a.cfg.GitHubAPI)); err == nil {
		r.Auth = share.GitAuth(api)
	}
	return r, nil
}

func (a *app) openDir() (*registry.Registry, error) {
	if a.cfgErr != nil {
		return nil, a.cfgErr
	}
	dir, isDefault := a.registryDir()
	if isDefault {
		if _, err := os.Stat(filepath.Join(dir, catalogue.MetaFile)); errors.Is(err, os.ErrNotExist) {
			r, err := registry.InitDemo(dir)
			if err != nil {
				return nil, err
			}
			say(a.stderr, a.t(i18n.T(
				"Aucun registre configuré : le registre de démonstration de GPSO a été installé dans %s.",
				"No registry configured: GPSO's demo registry was installed in %s."), dir))
			return r, nil
		}
	}
	return registry.Open(dir)
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
