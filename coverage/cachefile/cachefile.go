// Package cachefile keeps the coverage board's cache (coverage.Cache) on
// disk: one file per registry in codal's cache folder, shared by `codal
// coverage` and the app's Couverture view.
package cachefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// MaxSize caps the cache file read.
const MaxSize = 256 << 20

// Path is the cache of the registry at dir:
// <cache folder>/coverage/<the first 32 hex digits of the SHA-256 of dir's
// absolute path>.json.
func Path(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(config.CacheDir(), "coverage", hex.EncodeToString(sum[:16])+".json")
}

// Load reads the cache at path; a missing, unreadable or foreign cache is an
// empty one (the portals are read again).
func Load(path string) *coverage.Cache {
	data, err := fact.ReadFileCapped(path, MaxSize)
	if err != nil {
		return &coverage.Cache{}
	}
	c, err := coverage.DecodeCache(data)
	if err != nil {
		return &coverage.Cache{}
	}
	return c
}

// Save writes the cache at path by atomic rename: a reader sees the old
// file or the whole new one.
func Save(path string, c *coverage.Cache) error {
	data, err := c.Encode()
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	var tmp *os.File
	if err == nil {
		tmp, err = os.CreateTemp(filepath.Dir(path), ".coverage-*")
	}
	if err == nil {
		_, err = tmp.Write(data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
	}
	if err != nil {
		why := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			why = pe.Err.Error()
		}
		return i18n.Wrap(err, i18n.T("cache de couverture non écrit (%s) : %s", "coverage cache not written (%s): %s"), path, why)
	}
	return nil
}
