package index

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/watch"
)

// The watcher's use (package watch, `codal watch start`): when a daemon
// watches the registry, a command that would stat every row asks it which
// paths changed since the token at which the index's stat table was last
// known true, and compares only those rows. The token lives in a small
// sidecar file beside the index (<index>.watch), tied to the index file it
// belongs to by that file's stamp (stampOf), replaced atomically, and
// written only when it moved: a check that found nothing costs one small
// write, not the index's.
//
// What a token in the sidecar promises: every row of that index file is
// true (the disk matches it, and the snapshot what was read) except for
// paths the daemon logged after the token. It holds because a token is
// always taken before the scans that made the rows true: a command asks
// the daemon first, then checks; a file written from another (rows kept,
// rows scanned afresh, all after the token) keeps the promise, so the
// token is carried over to it. A racy row needs no check: a change after
// the token is logged whatever its time stamp. Whenever the daemon cannot
// answer for sure (no daemon, a timeout, another instance, an overflow, a
// folder it could not watch), the whole check runs, as without it.

// watched is what open learned from the watcher: the token to record with
// the index it keeps or writes, and, when the daemon could say, the paths
// changed since the index's token.
type watched struct {
	token string
	known bool
	paths []string
	// whole is set when a new token is adopted without knowing what
	// changed before it: the check must then cover every row, not only
	// those of the kinds listed (a change left out would never be
	// reported again).
	whole bool
}

// sidecar is the token file of the index at p.
func sidecar(p string) string { return p + ".watch" }

const sidecarMagic = "codal-watch 1"

// stampOf names one index file: its build time, key and sizes.
func stampOf(h Header, rows, snap int) string {
	return fmt.Sprintf("%d %s %s %d %d", h.Built.UnixNano(), h.Tree, h.Commit, rows, snap)
}

func (m *Mapped) stamp() string { return stampOf(m.Header, m.nrows, m.snapLen) }

// readToken returns the token the sidecar of the index at p records for
// the file stamped stamp ("" when none, or for another file).
func readToken(p, stamp string) string {
	f, err := os.Open(sidecar(p))
	if err != nil {
		return ""
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) != 4 || lines[0] != sidecarMagic || lines[1] != stamp || lines[3] != "" {
		return ""
	}
	return lines[2]
}

// writeToken records token for the index file stamped stamp, atomically;
// a failure is only logged (the next command checks everything).
func writeToken(p, stamp, token string) {
	if token == "" || strings.ContainsAny(token, "\n") {
		return
	}
	b := []byte(sidecarMagic + "\n" + stamp + "\n" + token + "\n")
	if old, err := os.ReadFile(sidecar(p)); err == nil && bytes.Equal(old, b) {
		return
	}
	if err := replaceFile(sidecar(p), b); err != nil {
		debugf("watch token: %v", err)
	}
}

// watchOff is CODAL_WATCH=0: never ask a daemon (measurements).
func watchOff() bool { return os.Getenv("CODAL_WATCH") == "0" }

// ask reads the token of the index m (nil: none) and, for a command that
// checks the stat table (whole), asks the daemon what changed since. It
// runs before any check or scan of open.
func (s *Source) ask(m *Mapped, whole bool) {
	var old string
	if m != nil {
		old = readToken(s.path(), m.stamp())
	}
	s.watch = watched{token: old} // carried to a file written from m
	if !whole || watchOff() {
		return
	}
	a, err := watch.Query(s.Dir, old)
	if err != nil {
		debugf("watcher: %v", err)
		return
	}
	s.watch.token = a.Token
	if a.Known && old != "" {
		s.watch.known, s.watch.paths = true, a.Paths
		debugf("watcher: %d paths changed since %s", len(a.Paths), old)
		return
	}
	s.watch.whole = true
	debugf("watcher: nothing known since %q: whole check", old)
}

// changedIn is the stat check of open for lists: the rows of the paths the
// watcher reported, when it could say; else m.ChangedIn over the kinds
// (over every row when a new token is adopted), the paths changed only by
// a racy row appended to racy.
func (s *Source) changedIn(m *Mapped, at time.Time, kinds []catalogue.Kind, racy *racyFound) ([]string, Table, error) {
	if s.watch.known {
		if changed, folders, ok := m.changedAmong(s.Dir, at, s.watch.paths); ok {
			return changed, folders, nil
		}
		s.watch.whole = true
	}
	if s.watch.whole {
		kinds = nil
	}
	return m.changedIn(s.Dir, at, kinds, racy)
}

// kept records the token for m, the index file kept as it is.
func (s *Source) kept(m *Mapped) {
	if s.watch.token != "" {
		writeToken(s.path(), m.stamp(), s.watch.token)
	}
}

// wrote records the token for f, the index file just written.
func (s Source) wrote(f *File) {
	if s.watch.token != "" {
		_, n := f.snapshot()
		writeToken(s.path(), stampOf(f.Header, f.rows(), n), s.watch.token)
	}
}

// gone reports whether nothing is at the registry path p now.
func gone(dir, p string) bool {
	_, err := os.Lstat(joinDir(dir, p))
	return errors.Is(err, fs.ErrNotExist)
}

// maxWatched is how many reported paths are taken one by one; past it
// (a share of the rows), the whole check is as cheap.
func maxWatched(rows int) int { return 1024 + rows/8 }

// changedAmong is the check when the watcher could say what changed: each
// reported path in the table's scope is changed, without comparing its
// stat, but one that is neither on disk nor in the table (an editor's
// temporary file, made and removed since: `sed -i`, a save by rename) (an event happened: a rewrite that kept the size and put the time
// back is caught too). The root's and the kind folders' rows holding a
// reported path are stat'ed afresh (before the caller scans what changed,
// as Changed does): what Refresh records for them, so that a later whole
// check does not list a large folder again for nothing. ok is false when
// there are too many paths to take one by one.
func (m *Mapped) changedAmong(dir string, at time.Time, paths []string) (changed []string, folders Table, ok bool) {
	if len(paths) > maxWatched(m.nrows) {
		return nil, nil, false
	}
	racyFrom := at.Truncate(time.Second).UnixNano()
	parents := map[string]bool{}
	for _, p := range paths {
		first, rest, deep := strings.Cut(p, "/")
		if !inScope(first) {
			continue
		}
		if !deep || !strings.Contains(rest, "/") {
			parent := "."
			if deep {
				parent = first
			}
			if !parents[parent] {
				parents[parent] = true
				if fi, err := os.Lstat(joinDir(dir, parent)); err == nil && fi.IsDir() {
					sc := scanner{racyFrom: racyFrom}
					folders = append(folders, sc.row(parent, fi))
				}
			}
		}
		if gone(dir, p) {
			// nothing there now, and nothing the index holds (an
			// editor's temporary file, made and removed): no change
			if rows, err := m.rowsUnder(p); err == nil && len(rows) == 0 {
				continue
			}
		}
		changed = append(changed, p)
	}
	slices.Sort(changed)
	slices.SortFunc(folders, func(a, b Stat) int { return strings.Compare(a.Path, b.Path) })
	return slices.Compact(changed), folders, true
}
