package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"

	"github.com/gpso/codal/fact"
)

// errRejected is a push the remote refused because its branch is not where
// we thought: someone pushed first. The cure is fetch, replay, push again.
type errRejected struct{ why string }

func (e *errRejected) Error() string { return "push rejected: " + e.why }

// errRefused is a push the remote refused for good (a hook, a protected
// branch, a read-only repository): retrying will not help.
type errRefused struct{ why string }

func (e *errRefused) Error() string { return "push refused: " + e.why }

// push sends the commits of local (the commits on top of expect, the remote
// branch's commit as last seen) and moves the remote branch from expect to
// tip, in one round trip of git's receive-pack protocol. It is the push of
// tip:refs/heads/<branch> with the remote ref required to be expect: when
// the advertised branch is not expect, nothing is sent (errRejected), and the
// server itself refuses the update if the branch moves meanwhile. Only the
// objects the local commits add are sent, so the cost does not grow with the
// history.
func (s *session) push(ctx context.Context, url string, expect, tip plumbing.Hash, local []*object.Commit) error {
	ep, err := transport.NewEndpoint(url)
	if err != nil {
		return err
	}
	cl, err := client.NewClient(ep)
	if err != nil {
		return err
	}
	sess, err := cl.NewReceivePackSession(ep, s.r.auth(url))
	if err != nil {
		return err
	}
	defer sess.Close()
	ar, err := sess.AdvertisedReferencesContext(ctx)
	if err != nil {
		return err
	}
	refs, err := ar.AllReferences()
	if err != nil {
		return err
	}
	cur := plumbing.ZeroHash
	if ref, err := refs.Reference(s.branch); err == nil {
		cur = ref.Hash()
	}
	if cur != expect {
		return &errRejected{fmt.Sprintf("remote ref %s required to be %s but is %s", s.branch, expect, cur)}
	}
	objs, err := s.objectsToSend(local)
	if err != nil {
		return err
	}
	req := packp.NewReferenceUpdateRequestFromCapabilities(ar.Capabilities)
	req.Commands = []*packp.Command{{Name: s.branch, Old: expect, New: tip}}
	// The side band carries what the server's hooks say, such as why they
	// refuse the push; progress counters are not wanted for a few small
	// files.
	out := s.r.remoteOutput()
	defer out.Flush()
	switch {
	case ar.Capabilities.Supports(capability.Sideband64k):
		_ = req.Capabilities.Set(capability.Sideband64k)
	case ar.Capabilities.Supports(capability.Sideband):
		_ = req.Capabilities.Set(capability.Sideband)
	}
	if ar.Capabilities.Supports(capability.Quiet) {
		_ = req.Capabilities.Set(capability.Quiet)
	}
	req.Progress = out
	pr, pw := io.Pipe()
	req.Packfile = pr
	done := make(chan error, 1)
	thin := !ar.Capabilities.Supports(capNoThin)
	go func() {
		err := writePack(pw, s.o, objs, thin)
		done <- err
		pw.CloseWithError(err)
	}()
	s.crash("push")
	rs, err := sess.ReceivePack(ctx, req)
	pr.Close()
	if encErr := <-done; err == nil && encErr != nil && !errors.Is(encErr, io.ErrClosedPipe) {
		return encErr
	}
	// A refusing server still sends its report: read it before the error
	// go-git makes of it, so that a refusal is not taken for a lost link.
	if rs == nil {
		return err
	}
	out.Flush()
	if rs.UnpackStatus != "ok" {
		return &errRefused{serverReason("unpack: "+rs.UnpackStatus, out.Messages())}
	}
	for _, cs := range rs.CommandStatuses {
		if cs.Status == "ok" {
			continue
		}
		if isRaceStatus(cs.Status) {
			return &errRejected{serverReason(cs.Status, out.Messages())}
		}
		return &errRefused{serverReason(cs.Status, out.Messages())}
	}
	return err
}

// capNoThin is the capability of a server that wants every delta's base
// in the pack (go-git does not name it).
const capNoThin = capability.Capability("no-thin")

// serverReason is a refusal's status followed by what the server's hooks
// said, cleaned and bounded: the server is anyone's.
func serverReason(status string, messages []string) string {
	why := fact.CleanLine(status)
	if len(messages) > 0 {
		why += " (" + strings.Join(messages, " / ") + ")"
	}
	return fact.Truncate(why, 600)
}

// isRaceStatus reports whether a receive-pack refusal means the branch moved
// under us (retry after fetching) rather than a refusal for good.
func isRaceStatus(st string) bool {
	st = strings.ToLower(st)
	for _, s := range []string{"fetch first", "non-fast-forward", "failed to update ref", "failed to lock", "cannot lock ref", "stale info", "but expected", "incorrect old value"} {
		if strings.Contains(st, s) {
			return true
		}
	}
	return false
}

// objectsToSend lists the objects the commits add to their first parents:
// the commits, and the trees and blobs that differ from the parent's, each
// with the object it replaces at the same path as a delta base (see
// pack.go). Everything else the remote has, since the parent chain ends at
// what it holds; a base is the remote's or comes earlier in the list.
func (s *session) objectsToSend(commits []*object.Commit) ([]packObject, error) {
	seen := map[plumbing.Hash]bool{}
	var out []packObject
	add := func(h, base plumbing.Hash) bool {
		if seen[h] {
			return false
		}
		seen[h] = true
		out = append(out, packObject{h, base})
		return true
	}
	for _, c := range commits {
		add(c.Hash, plumbing.ZeroHash)
		parentTree := plumbing.ZeroHash
		if len(c.ParentHashes) > 0 {
			t, err := s.o.commitTree(c.ParentHashes[0])
			if err != nil {
				return nil, err
			}
			parentTree = t
		}
		if err := s.newObjects(c.TreeHash, parentTree, add); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// newObjects adds tree a and everything under it that tree b (zero: none)
// does not hold at the same place, with b's object at that place as base.
func (s *session) newObjects(a, b plumbing.Hash, add func(h, base plumbing.Hash) bool) error {
	if a == b || !add(a, b) {
		return nil
	}
	ta, err := s.o.readTree(a)
	if err != nil {
		return err
	}
	tb, err := s.o.readTree(b)
	if err != nil {
		return err
	}
	visit := func(e, old object.TreeEntry, ok bool) error {
		if ok && old.Hash == e.Hash {
			return nil
		}
		switch e.Mode {
		case filemode.Dir:
			sub := plumbing.ZeroHash
			if ok && old.Mode == filemode.Dir {
				sub = old.Hash
			}
			return s.newObjects(e.Hash, sub, add)
		case filemode.Submodule:
			// a commit of another repository: not ours to send
		default:
			base := plumbing.ZeroHash
			if ok && old.Mode != filemode.Dir && old.Mode != filemode.Submodule {
				base = old.Hash
			}
			add(e.Hash, base)
		}
		return nil
	}
	// Both folders in Git's order (as Git writes them): one walk pairs the
	// names, where a map of b's names cost a map of the whole requests/
	// folder for each push.
	if gitSorted(ta.Entries) && gitSorted(tb.Entries) {
		j := 0
		for _, e := range ta.Entries {
			for j < len(tb.Entries) && gitCompare(tb.Entries[j], e) < 0 {
				j++
			}
			if j < len(tb.Entries) && gitCompare(tb.Entries[j], e) == 0 {
				if err := visit(e, tb.Entries[j], true); err != nil {
					return err
				}
			} else if err := visit(e, object.TreeEntry{}, false); err != nil {
				return err
			}
		}
		return nil
	}
	inB := make(map[string]object.TreeEntry, len(tb.Entries))
	for _, e := range tb.Entries {
		inB[e.Name] = e
	}
	for _, e := range ta.Entries {
		old, ok := inB[e.Name]
		if err := visit(e, old, ok); err != nil {
			return err
		}
	}
	return nil
}
