package main

import (
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// writer is the guard of every command that writes (request, vote, status,
// snippet add, share): the registry must be Git (store.Writable, the guard
// the app and share use too), then who writes must be known (the identity,
// from the environment, the configuration or Git's).
func (a *app) writer(r *registry.Registry) (catalogue.Identity, error) {
	if err := store.Writable(r); err != nil {
		return catalogue.Identity{}, err
	}
	return r.Identity(a.cfg)
}
