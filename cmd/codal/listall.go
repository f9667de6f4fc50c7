package main

import (
	"encoding/json"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

// listAll lists a kind across every registry the configuration names
// (`registries:`), in name order, with a registry column (text) or a
// "registry" key first in each object (JSON). A registry named by URL is
// cloned on first use; one that cannot be opened stops the command with its
// name, rather than printing a list that silently lacks it.
func (a *app) listAll(kind catalogue.Kind, terms []string, asJSON bool) error {
	if a.cfgErr != nil {
		return a.cfgErr
	}
	names := a.cfg.RegistryNames()
	if len(names) == 0 {
		return withCode(2, i18n.Errorf(i18n.T(
			"--all liste les registres nommés sous registries: dans la configuration (%s), et elle n'en nomme aucun",
			"--all lists the registries named under registries: in the configuration (%s), and it names none"), config.Path()))
	}
	var all listing
	for _, name := range names {
		n, _ := a.cfg.Lookup(name, userHome())
		r, err := a.openTarget(target{Dir: n.Dir, Name: n.Name, URL: n.URL})
		if err != nil {
			return i18n.Wrap(err, i18n.T("registre %q : %v", "registry %q: %v"), name, err)
		}
		var l catalogue.Lister
		if a.useIndex() {
			l, err = r.Lister(kind)
		} else {
			l, err = r.Load()
		}
		if err != nil {
			return i18n.Wrap(err, i18n.T("registre %q : %v", "registry %q: %v"), name, err)
		}
		ls, err := a.listing(l, kind, terms, asJSON)
		if err != nil {
			return i18n.Wrap(err, i18n.T("registre %q : %v", "registry %q: %v"), name, err)
		}
		all.header = append([]string{a.tt("REGISTRE", "REGISTRY")}, ls.header...)
		for _, row := range ls.rows {
			all.rows = append(all.rows, append([]string{name}, row...))
		}
		for _, o := range ls.objs {
			all.objs = append(all.objs, inRegistry{registry: name, entry: o})
		}
	}
	return a.printListing(all, asJSON)
}

// inRegistry is an entry's JSON object with the registry's name first.
type inRegistry struct {
	registry string
	entry    any
}

// MarshalJSON writes {"registry": NAME, …the entry's keys…}.
func (x inRegistry) MarshalJSON() ([]byte, error) {
	body, err := json.Marshal(x.entry)
	if err != nil {
		return nil, err
	}
	name, _ := json.Marshal(x.registry)
	out := append([]byte(`{"registry":`), name...)
	if len(body) > 2 && body[0] == '{' {
		out = append(out, ',')
		return append(out, body[1:]...), nil
	}
	return append(out, '}'), nil
}
