// Package config reads and writes codal's user configuration
// ($XDG_CONFIG_HOME/codal/config.yaml) and knows codal's XDG folders.
package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// Config is the user's settings. Every field is optional.
type Config struct {
	// Registry is the registry codal opens by default: a name under
	// Registries, else a folder.
	Registry string `yaml:"registry,omitempty"`
	// Registries names several registries: name → folder, or Git URL
	// cloned on first use into DataDir()/registries/<name>.
	Registries map[string]string `yaml:"registries,omitempty"`
	// Lang is the interface language: fr or en.
	Lang string `yaml:"lang,omitempty"`
	// Name and Email sign the user's votes, events and commits; Git's
	// user.name and user.email are used when they are empty.
	Name  string `yaml:"name,omitempty"`
	Email string `yaml:"email,omitempty"`
	// Actor is the organisation the user acts for (an actor id).
	Actor string `yaml:"actor,omitempty"`
	// GitHubAPI is the GitHub API base URL (GitHub Enterprise).
	GitHubAPI string `yaml:"github_api,omitempty"`
	// Mouse is false to leave the mouse to the terminal (to select text);
	// the app takes clicks and the wheel when it is unset or true.
	Mouse *bool `yaml:"mouse,omitempty"`
	// Theme is dark, light or auto (the default: ask the terminal).
	Theme string `yaml:"theme,omitempty"`
	// Keys rebinds the app's actions: action (snake_case, docs/tui.md) →
	// one key or a list of keys.
	Keys map[string]KeyList `yaml:"keys,omitempty"`
}

// KeyList is one key or a list of keys in `keys:`.
type KeyList []string

// UnmarshalYAML reads "x" as well as [x, y].
func (k *KeyList) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*k = KeyList{one}
		return nil
	}
	var many []string
	if err := unmarshal(&many); err != nil {
		return err
	}
	*k = many
	return nil
}

// KeyMap is Keys as plain lists.
func (c Config) KeyMap() map[string][]string {
	if len(c.Keys) == 0 {
		return nil
	}
	out := make(map[string][]string, len(c.Keys))
	for a, ks := range c.Keys {
		out[a] = ks
	}
	return out
}

// Dir is codal's configuration folder: $XDG_CONFIG_HOME/codal, else
// ~/.config/codal.
func Dir() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "codal")
	}
	return filepath.Join(home(), ".config", "codal")
}

// DataDir is codal's data folder: $XDG_DATA_HOME/codal, else
// ~/.local/share/codal.
func DataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "codal")
	}
	return filepath.Join(home(), ".local", "share", "codal")
}

// CacheDir is codal's cache folder: $XDG_CACHE_HOME/codal, else
// ~/.cache/codal. Everything in it can be deleted: codal rebuilds it.
func CacheDir() string {
	if d := os.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "codal")
	}
	return filepath.Join(home(), ".cache", "codal")
}

// DefaultRegistry is where codal keeps its registry when none is configured.
func DefaultRegistry() string { return filepath.Join(DataDir(), "registry") }

// Path is the configuration file.
func Path() string { return filepath.Join(Dir(), "config.yaml") }

func home() string {
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return os.TempDir()
}

// maxSize caps the configuration file: a few lines of settings.
const maxSize = 1 << 20

// Load reads the configuration file; a missing file is an empty Config. A
// file over maxSize, or nested too deeply, is refused before it is parsed.
func Load() (Config, error) {
	var c Config
	data, err := fact.ReadFileCapped(Path(), maxSize)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if errors.Is(err, fact.ErrTooLarge) {
		return c, i18n.Wrap(err, i18n.T("configuration %s trop grosse : %d Kio au plus", "configuration %s too large: at most %d KiB"), Path(), maxSize>>10)
	}
	if err != nil {
		return c, i18n.Wrap(err, i18n.T("configuration illisible %s : %v", "unreadable configuration %s: %v"), Path(), err)
	}
	if pos, ok := fact.YAMLDepth(data, fact.MaxDepth); !ok {
		return c, i18n.Errorf(i18n.T("configuration invalide %s : ligne %d, YAML imbriqué trop profondément", "invalid configuration %s: line %d, YAML nested too deeply"), Path(), pos.Line)
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		return c, i18n.Wrap(err, i18n.T("configuration invalide %s : %s", "invalid configuration %s: %s"), Path(), first)
	}
	if err := c.checkRegistries(); err != nil {
		return c, err
	}
	switch c.Theme {
	case "", "auto", "dark", "light":
	default:
		return c, i18n.Errorf(i18n.T("configuration %s : thème inconnu %q (dark, light ou auto)", "configuration %s: unknown theme %q (dark, light or auto)"), Path(), c.Theme)
	}
	return c, nil
}

// Save writes the configuration file atomically (a temporary file renamed
// into place).
func (c Config) Save() error {
	data, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(Dir(), 0o755); err != nil {
		return i18n.Wrap(err, i18n.T("impossible de créer %s : %v", "cannot create %s: %v"), Dir(), err)
	}
	tmp, err := os.CreateTemp(Dir(), ".config-*.yaml")
	if err != nil {
		return i18n.Wrap(err, i18n.T("impossible d'écrire la configuration : %v", "cannot write the configuration: %v"), err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return i18n.Wrap(err, i18n.T("impossible d'écrire la configuration : %v", "cannot write the configuration: %v"), err)
	}
	if err := tmp.Close(); err != nil {
		return i18n.Wrap(err, i18n.T("impossible d'écrire la configuration : %v", "cannot write the configuration: %v"), err)
	}
	return os.Rename(tmp.Name(), Path())
}
