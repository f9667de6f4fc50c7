package memstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// files is a snapshot of a registry: path from the root -> content. A
// snapshot held by a commit is never modified; changes make a new map.
type files map[string][]byte

// clone copies the map (not the contents, which are never modified).
func (f files) clone() files {
	out := make(files, len(f))
	for p, d := range f {
		out[p] = d
	}
	return out
}

// equal reports whether a and b hold the same paths with the same contents.
func (f files) equal(g files) bool {
	if len(f) != len(g) {
		return false
	}
	for p, d := range f {
		e, ok := g[p]
		if !ok || !bytes.Equal(d, e) {
			return false
		}
	}
	return true
}

// apply returns the snapshot with ch's files set (nil: removed).
func (f files) apply(ch map[string][]byte) files {
	out := f.clone()
	for p, d := range ch {
		if d == nil {
			delete(out, p)
		} else {
			out[p] = bytes.Clone(d)
		}
	}
	return out
}

// change is one path that differs between two snapshots; a nil side is an
// absent file.
type change struct {
	path     string
	from, to []byte
	hadFrom  bool
	hasTo    bool
}

// diff lists the paths that differ from a to b, sorted.
func diff(a, b files) []change {
	var out []change
	for p, d := range a {
		e, ok := b[p]
		if !ok || !bytes.Equal(d, e) {
			out = append(out, change{path: p, from: d, hadFrom: true, to: e, hasTo: ok})
		}
	}
	for p, e := range b {
		if _, ok := a[p]; !ok {
			out = append(out, change{path: p, to: e, hasTo: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// same reports whether content d (present when ok) is the side (data, has).
func same(d []byte, ok bool, data []byte, has bool) bool {
	return ok == has && (!ok || bytes.Equal(d, data))
}

// commit is one commit: a full snapshot, its parents, its message and who
// made it. Commits are immutable and shared freely between repositories.
type commit struct {
	hash    store.Hash
	parents []store.Hash
	files   files
	message string
	author  catalogue.Identity
	when    time.Time
}

// newCommit builds a commit and names it: the SHA-1 of a deterministic
// serialization of everything it holds.
func newCommit(parents []store.Hash, snap files, message string, who catalogue.Identity, when time.Time) *commit {
	if message != "" && !strings.HasSuffix(message, "\n") {
		message += "\n"
	}
	c := &commit{parents: parents, files: snap, message: message, author: who, when: when.UTC().Truncate(time.Second)}
	h := sha1.New()
	for _, p := range parents {
		fmt.Fprintf(h, "parent %s\n", p)
	}
	fmt.Fprintf(h, "author %q <%q> %d\n", who.Name, who.Email, c.when.Unix())
	fmt.Fprintf(h, "message %d\n%s", len(message), message)
	paths := make([]string, 0, len(snap))
	for p := range snap {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "file %d %s %d\n", len(p), p, len(snap[p]))
		h.Write(snap[p])
	}
	c.hash = store.Hash(hex.EncodeToString(h.Sum(nil)))
	return c
}

// subject is the first line of the commit's message.
func (c *commit) subject() string {
	s, _, _ := strings.Cut(c.message, "\n")
	return s
}

// objects is a repository's commits by hash.
type objects map[store.Hash]*commit

// reachable lists every commit reachable from tips (tips included).
func (o objects) reachable(tips ...store.Hash) map[store.Hash]bool {
	seen := map[store.Hash]bool{}
	stack := append([]store.Hash(nil), tips...)
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if h.IsZero() || seen[h] {
			continue
		}
		c := o[h]
		if c == nil {
			continue
		}
		seen[h] = true
		stack = append(stack, c.parents...)
	}
	return seen
}

// copyTo copies into dst every commit reachable from tip that dst lacks.
func (o objects) copyTo(dst objects, tip store.Hash) {
	for h := range o.reachable(tip) {
		if dst[h] == nil {
			dst[h] = o[h]
		}
	}
}

// diverge counts the commits only a holds and those only b holds.
func (o objects) diverge(a, b store.Hash) (onlyA, onlyB map[store.Hash]bool) {
	ra, rb := o.reachable(a), o.reachable(b)
	onlyA, onlyB = map[store.Hash]bool{}, map[store.Hash]bool{}
	for h := range ra {
		if !rb[h] {
			onlyA[h] = true
		}
	}
	for h := range rb {
		if !ra[h] {
			onlyB[h] = true
		}
	}
	return onlyA, onlyB
}

// oldestFirst lists the commits of set along tip's first-parent chain,
// oldest first (a local branch is a line of commits).
func (o objects) oldestFirst(tip store.Hash, set map[store.Hash]bool) []*commit {
	var out []*commit
	for h := tip; set[h]; {
		c := o[h]
		out = append(out, c)
		if len(c.parents) == 0 {
			break
		}
		h = c.parents[0]
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// snapshot is the files of commit h (none for the zero hash).
func (o objects) snapshot(h store.Hash) files {
	if c := o[h]; c != nil {
		return c.files
	}
	return files{}
}

// clash reports whether the snapshot would hold a file that is also a
// folder: a path whose parent is a file, or a file with paths under it.
func (f files) clash() (p, dir string, ok bool) {
	for p := range f {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, ok := f[dir]; ok {
				return p, dir, true
			}
		}
	}
	return "", "", false
}
