package config

import (
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Named is one registry of the configuration's `registries:` list.
type Named struct {
	// Name is its key in the configuration (an id: gpso, hauts-de-seine).
	Name string
	// Dir is its folder: the one configured, or, for a URL, the clone in
	// codal's data folder (registries/<name>).
	Dir string
	// URL is where it is cloned from on first use; "" for a folder.
	URL string
}

// ErrBadRegistries is the error of a `registries:` entry that cannot be used;
// its message says which and why.
var ErrBadRegistries = errors.New("config: bad registries entry")

// scpLike matches Git's scp-like address, user@host:path.
var scpLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/]`) })

// IsURL reports whether a `registries:` value is a Git URL to clone
// (scheme://… or user@host:path) rather than a folder.
func IsURL(s string) bool { return strings.Contains(s, "://") || scpLike().MatchString(s) }

// RegistryNames are the names under `registries:`, sorted.
func (c Config) RegistryNames() []string {
	names := make([]string, 0, len(c.Registries))
	for n := range c.Registries {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Lookup returns the named registry, if the configuration has one by that
// name; home expands a leading ~ in a folder.
func (c Config) Lookup(name, home string) (Named, bool) {
	v, ok := c.Registries[name]
	if !ok {
		return Named{}, false
	}
	if IsURL(v) {
		return Named{Name: name, Dir: filepath.Join(DataDir(), "registries", name), URL: v}, true
	}
	return Named{Name: name, Dir: ExpandHome(v, home)}, true
}

// checkRegistries refuses a name that is not an id, an empty value, and a
// value holding a control character. Credentials are never sent in clear:
// the clone and every sync go through the registry's own rules (tokens only
// over HTTPS, to their host).
func (c Config) checkRegistries() error {
	for _, name := range c.RegistryNames() {
		v := strings.TrimSpace(c.Registries[name])
		switch {
		case !fact.ValidID(name):
			return i18n.Wrap(ErrBadRegistries, i18n.T(
				"configuration %s : le nom de registre %q n'est pas un identifiant (minuscules, chiffres, tirets)",
				"configuration %s: the registry name %q is not an id (lowercase letters, digits, hyphens)"), Path(), name)
		case v == "":
			return i18n.Wrap(ErrBadRegistries, i18n.T(
				"configuration %s : le registre %q n'a ni dossier ni URL",
				"configuration %s: registry %q has neither a folder nor a URL"), Path(), name)
		case strings.ContainsAny(v, "\x00\n\r"):
			return i18n.Wrap(ErrBadRegistries, i18n.T(
				"configuration %s : le registre %q contient un caractère de contrôle",
				"configuration %s: registry %q holds a control character"), Path(), name)
		}
	}
	return nil
}
