package store_test

import (
	"errors"
	"testing"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

type located struct {
	git bool
	dir string
}

func (l located) IsGit() bool { return l.git }
func (l located) Dir() string { return l.dir }

func TestWritable(t *testing.T) {
	if err := store.Writable(located{git: true, dir: "/r"}); err != nil {
		t.Errorf("a Git registry: %v", err)
	}
	err := store.Writable(located{dir: "/srv/registre"})
	if !errors.Is(err, store.ErrNotARepository) || i18n.Message(err, i18n.EN) != "this registry is read-only: /srv/registre is not a Git repository" {
		t.Errorf("a plain folder: %v", err)
	}
	if err := store.Writable(nil); !errors.Is(err, store.ErrNotARepository) {
		t.Errorf("no store: %v", err)
	}
}
