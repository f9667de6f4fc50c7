//go:build !lean

package main

import (
	"context"
	"os"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/tui"
)

// indexedStore is the registry as the app reads it: each load (the first
// screen, and again after a sync or a write) goes through the registry's
// index, so it costs what changed since the last one. Every other role is
// the registry's own.
type indexedStore struct{ *registry.Registry }

// Load is the whole catalogue through the index (it holds every kind, so
// the kinds asked for are all there).
func (s indexedStore) Load(...catalogue.Kind) (*catalogue.Catalogue, error) {
	return s.Registry.Catalogue()
}

// Preview is the index's snapshot as last written for HEAD's tree, unchecked:
// the app draws its first screen from it while Load checks the work tree
// (tui.Previewer).
func (s indexedStore) Preview() (tui.Preview, error) {
	snap, err := s.Registry.Preview()
	if snap == nil || err != nil {
		return nil, err
	}
	return snap, nil
}

// The full-screen app: codal with no subcommand, on a terminal.
func init() {
	runTUI = func(a *app) error {
		for {
			next, err := a.runTUIOnce()
			if err != nil || next == "" {
				return err
			}
			// R chose another configured registry: open it and run again.
			a.registry = next
		}
	}
}

// runTUIOnce opens the registry and runs the app on it; it returns the
// registry the user switched to with R, "" when they quit.
func (a *app) runTUIOnce() (string, error) {
	if err := tui.CheckKeys(a.cfg.KeyMap(), a.lang); err != nil {
		return "", withCode(2, i18n.Wrap(err, i18n.T("configuration %s : %v", "configuration %s: %v"), config.Path(), err))
	}
	t := a.registryTarget()
	r, err := a.openTarget(t)
	if err != nil {
		return "", err
	}
	in, ok := a.stdin.(*os.File)
	if !ok {
		in = os.Stdin
	}
	who, whoErr := r.Identity(a.cfg)
	var st store.Store = r
	if a.useIndex() {
		st = indexedStore{r}
	}
	res, err := tui.Run(context.Background(), tui.Options{
		Lang:        a.lang,
		Store:       st,
		Identity:    who,
		IdentityErr: whoErr,
		GitHubAPI:   a.cfg.GitHubAPI,
		Now:         a.now,
		Registries:  a.cfg.RegistryNames(),
		Registry:    t.Name,
		Keys:        a.cfg.KeyMap(),
		NoMouse:     a.cfg.Mouse != nil && !*a.cfg.Mouse,
		Theme:       themeOf(a.cfg.Theme),
	}, in, a.stdout)
	return res.SwitchTo, err
}

// themeOf reads `theme:` (checked when the configuration is loaded).
func themeOf(s string) tui.Theme {
	switch s {
	case "dark":
		return tui.ThemeDark
	case "light":
		return tui.ThemeLight
	}
	return tui.ThemeAuto
}
