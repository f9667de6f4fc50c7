package registry

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/registry/store"
)

// integration is what integrating the remote's commits did.
type integration struct {
	pulled   int // remote commits now in the local branch
	replayed int // local commits rebuilt on top of them
	dropped  int // local commits the remote already held
	conflict *store.Conflict
}

// integrate brings the remote's commit into the local branch. When the local
// branch has nothing of its own, it fast-forwards. Otherwise the local
// commits are replayed on top of the remote commit, oldest first, by
// re-applying each one's file changes (every fact is its own file, so this is
// exact): a path the remote left as the local commit found it takes the local
// content; a path the remote already holds with the local content needs
// nothing (a commit left with nothing to apply is dropped, not made empty);
// any other path is a true conflict, and that commit is left out — the local
// commits as they were stay on a codal/conflict-<time> branch. The branch,
// work tree and index then move in one crash-safe step.
func (s *session) integrate(local, remote plumbing.Hash, who object.Signature) (integration, error) {
	var in integration
	if remote.IsZero() || local == remote {
		return in, nil
	}
	d, err := s.o.diverge(local, remote)
	if err != nil {
		return in, err
	}
	if len(d.onlyB) == 0 {
		return in, nil // the remote has nothing we lack
	}
	in.pulled = len(d.onlyB)
	if len(d.onlyA) == 0 {
		return in, s.advance(local, remote, who, "codal: fast-forward")
	}
	mine, err := s.o.topoOrder(local, d.onlyA)
	if err != nil {
		return in, err
	}
	base := remote
	baseTree, err := s.o.commitTree(remote)
	if err != nil {
		return in, err
	}
	var conflict store.Conflict
	clash := map[string]bool{}
	when := now()
	for _, c := range mine {
		parentTree := plumbing.ZeroHash
		if len(c.ParentHashes) > 0 {
			if parentTree, err = s.o.commitTree(c.ParentHashes[0]); err != nil {
				return in, err
			}
		}
		changes, err := s.o.diffTrees(parentTree, c.TreeHash)
		if err != nil {
			return in, err
		}
		edits := treeEdit{}
		var bad []string
		for _, ch := range changes {
			cur, err := s.o.fileAt(baseTree, ch.Path)
			if err != nil {
				return in, err
			}
			switch cur {
			case ch.To: // already there
			case ch.From:
				edits[ch.Path] = ch.To
			default:
				bad = append(bad, ch.Path)
			}
		}
		if len(bad) > 0 {
			for _, p := range bad {
				clash[p] = true
			}
			conflict.Commits = append(conflict.Commits, firstLine(c.Message))
			continue
		}
		if len(edits) == 0 {
			in.dropped++
			continue
		}
		tree, err := s.o.editTree(baseTree, edits)
		if err != nil {
			return in, err
		}
		if tree == baseTree {
			in.dropped++
			continue
		}
		committer := c.Committer
		committer.When = when
		h, err := s.o.writeCommit(tree, []plumbing.Hash{base}, c.Message, c.Author, committer)
		if err != nil {
			return in, err
		}
		base, baseTree = h, tree
		in.replayed++
	}
	s.crash("replayed")
	if len(clash) > 0 {
		for p := range clash {
			conflict.Paths = append(conflict.Paths, p)
		}
		sort.Strings(conflict.Paths)
		name, err := s.keepConflict(local, who, when)
		if err != nil {
			return in, err
		}
		conflict.Branch = name
		in.conflict = &conflict
	}
	return in, s.advance(local, base, who, "codal: replay on "+remote.String()[:12])
}

// keepConflict points a new codal/conflict-<time> branch at the local
// commits as they were, and returns its short name.
func (s *session) keepConflict(local plumbing.Hash, who object.Signature, when time.Time) (string, error) {
	base := store.ConflictBranchPrefix + when.UTC().Format("20060102T150405Z")
	name := base
	for i := 2; ; i++ {
		ref := plumbing.NewBranchReferenceName(name)
		if h, err := readRef(s.repo, ref); err == nil && h.IsZero() {
			if err := setRef(s.repo, s.gitdir, ref, local, &plumbing.ZeroHash, who, "codal: keep local commits in conflict"); err != nil {
				return "", err
			}
			return name, nil
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// firstLine is a commit message's subject.
func firstLine(s string) string {
	subject, _, _ := strings.Cut(s, "\n")
	return subject
}
