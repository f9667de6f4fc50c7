package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// StateDir is codal's state folder: $XDG_STATE_HOME/codal, else
// ~/.local/state/codal. It keeps what codal remembers for the user about
// each registry (what they last saw, what they follow); unlike the cache,
// deleting it loses that.
func StateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "codal")
	}
	return filepath.Join(home(), ".local", "state", "codal")
}

// maxStateSize caps a registry's state file: a commit hash and a list of
// followed entries.
const maxStateSize = 1 << 20

// State is what codal remembers for the user about one registry.
type State struct {
	// Registry is the registry's absolute path (for people reading the
	// file; the file's name is derived from it).
	Registry string `json:"registry"`
	// LastSeen is the commit the user last marked read ("" before).
	LastSeen string `json:"last_seen,omitempty"`
	// SeenAt is when they did.
	SeenAt time.Time `json:"seen_at,omitzero"`
	// Follows are the entries followed, "KIND/ID", sorted.
	Follows []string `json:"follows,omitempty"`
}

// StatePath is the state file of the registry in dir:
// StateDir()/registries/<the first 32 hex digits of the SHA-256 of dir's
// absolute path>.json, the key the index uses for its cache file.
func StatePath(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(StateDir(), "registries", hex.EncodeToString(sum[:16])+".json")
}

// LoadState reads the state of the registry in dir; a missing file is an
// empty state. A file that is not codal's state (unreadable JSON, over the
// cap) is refused with one sentence naming it, never silently reset: it
// holds the user's follows.
func LoadState(dir string) (State, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	s := State{Registry: abs}
	p := StatePath(dir)
	data, err := fact.ReadFileCapped(p, maxStateSize)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &s)
	}
	if err != nil {
		return State{Registry: abs}, i18n.Wrap(err, i18n.T("état de codal illisible %s : supprimez ce fichier pour repartir de zéro (dernière lecture et suivis oubliés)",
			"unreadable codal state %s: delete this file to start afresh (last read and follows forgotten)"), p)
	}
	s.Registry = abs
	return s, nil
}

// Follow adds entry to the follows; it reports whether it was new.
func (s *State) Follow(entry string) bool {
	if slices.Contains(s.Follows, entry) {
		return false
	}
	s.Follows = append(s.Follows, entry)
	slices.Sort(s.Follows)
	return true
}

// Unfollow removes entry from the follows; it reports whether it was there.
func (s *State) Unfollow(entry string) bool {
	i := slices.Index(s.Follows, entry)
	if i < 0 {
		return false
	}
	s.Follows = slices.Delete(s.Follows, i, i+1)
	return true
}

// Save writes the state atomically (a temporary file in the same folder,
// renamed over the old one): two codal processes never see a torn file,
// and the last writer wins.
func (s State) Save() error {
	p := StatePath(s.Registry)
	fail := func(err error) error {
		return i18n.Wrap(err, i18n.T("impossible d'écrire l'état de codal %s : %v", "cannot write codal's state %s: %v"), p, err)
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fail(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".state-*.json")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fail(err)
	}
	return nil
}
