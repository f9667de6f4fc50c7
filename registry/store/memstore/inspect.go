package memstore

import (
	"bytes"
	"sort"

	"github.com/gpso/codal/registry/store"
)

// What a test asks of a store after the fact, as it would ask git (git show
// HEAD:path, git log, git status) of a repository.

// CommittedFile reads a file of the checked-out branch's head commit; ok is
// false when the commit has no such file.
func (s *Store) CommittedFile(name string) (data []byte, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.objects.snapshot(s.branches[s.branch])[name]
	return bytes.Clone(d), ok
}

// Log returns the subjects of a local branch's commits along first parents,
// newest first.
func (s *Store) Log(branch string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for c := s.objects[s.branches[branch]]; c != nil; {
		out = append(out, c.subject())
		if len(c.parents) == 0 {
			break
		}
		c = s.objects[c.parents[0]]
	}
	return out
}

// Parents returns the parents of commit h (none for a root commit or an
// unknown one).
func (s *Store) Parents(h store.Hash) []store.Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.objects[h]; c != nil {
		return append([]store.Hash(nil), c.parents...)
	}
	return nil
}

// Changed lists, sorted, the files of the work tree that differ from the
// head commit (added, changed or removed by hand), as git status does.
func (s *Store) Changed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	head := s.objects.snapshot(s.branches[s.branch])
	var out []string
	for p, d := range s.work {
		if h, ok := head[p]; !ok || !bytes.Equal(h, d) {
			out = append(out, p)
		}
	}
	for p := range head {
		if _, ok := s.work[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
