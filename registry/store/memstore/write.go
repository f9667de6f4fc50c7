package memstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// PushAttempts bounds how many times a write or a sync pushes before leaving
// the commits local for the next sync, as the go-git store does.
const PushAttempts = 8

// codal signs what the store records itself (replays keep their author).
var codal = catalogue.Identity{Name: "codal", Email: "codal@localhost"}

// Write commits ch on the checked-out branch, then shares it unless
// opts.Offline or the store has no remote. A file of ch with local edits in
// the work tree stops the write (ErrDirty) before anything changes.
func (s *Store) Write(ctx context.Context, ch catalogue.Change, who catalogue.Identity, when time.Time, opts store.WriteOptions) (store.WriteResult, error) {
	var res store.WriteResult
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return res, errNotGit(s.name)
	}
	if err := ch.Check(); err != nil {
		return res, err
	}
	parent := s.branches[s.branch]
	old := s.objects.snapshot(parent)
	ch, err := ch.Raised(old[catalogue.MetaFile]) // registry.yaml's format raised to ch.MinFormat, as the go-git store does
	if err != nil {
		return res, err
	}
	snap := old.apply(ch.Files)
	if p, dir, bad := snap.clash(); bad {
		return res, errFileAndFolder(p, dir)
	}
	if snap.equal(old) {
		res.Unchanged = true
	} else {
		if err := s.checkClean(old, snap); err != nil {
			return res, err
		}
		var parents []store.Hash
		if !parent.IsZero() {
			parents = []store.Hash{parent}
		}
		c := newCommit(parents, snap, ch.Message, who, s.when(when))
		s.objects[c.hash] = c
		s.advance(old, c)
		res.Commit = c.hash
	}
	res.Sync.HasRemote = s.origin != ""
	res.Sync.Offline = opts.Offline
	switch {
	case !res.Sync.HasRemote:
	case opts.Offline:
		res.Sync.Reason = errOffline()
	default:
		s.share(ctx, false, &res.Sync)
	}
	res.Sync.State = s.state()
	return res, nil
}

// Sync fetches, integrates the remote's commits and pushes the local ones;
// with offline it only reports the state. A remote that cannot be reached
// is not an error: Reason says why nothing was shared.
func (s *Store) Sync(ctx context.Context, offline bool) (store.SyncResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return store.SyncResult{}, errNotGit(s.name)
	}
	res := store.SyncResult{HasRemote: s.origin != "", Offline: offline}
	switch {
	case !res.HasRemote:
	case offline:
		res.Reason = errOffline()
	default:
		s.share(ctx, true, &res)
	}
	res.State = s.state()
	if res.HasRemote && !offline && res.Conflict == nil && res.Reason == nil {
		res.Pruned = s.prune()
	}
	return res, nil
}

// Fetch brings origin's main branch into the tracking branch, without
// touching the checked-out one. A store with no remote has nothing to fetch.
func (s *Store) Fetch(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plain {
		return errNotGit(s.name)
	}
	if s.origin == "" {
		return nil
	}
	if _, err := s.fetch(ctx); err != nil {
		return i18n.Wrap(err, i18n.T("impossible de joindre le dépôt distant : %s", "cannot reach the remote repository: %s"), i18n.T(err.In(i18n.FR), err.In(i18n.EN)))
	}
	return nil
}

// fetch updates the tracking branch from origin and returns its commit.
func (s *Store) fetch(ctx context.Context) (store.Hash, *i18n.Error) {
	if err := ctx.Err(); err != nil {
		return "", i18n.Wrap(err, i18n.T("envoi interrompu", "sending interrupted"))
	}
	r := s.opts.Network.Remote(s.origin)
	if r == nil {
		return "", errRepoNotFound(s.origin)
	}
	h, err := r.fetch(s.objects, s.branch, s.opts.Credentials)
	if err != nil {
		return "", err
	}
	s.tracking[s.branch] = h
	s.lastFetch = s.now()
	return h, nil
}

// share pushes the local branch, integrating the remote's commits when the
// push is rejected (or first, with fetchFirst), until the remote holds
// everything or the attempts run out.
func (s *Store) share(ctx context.Context, fetchFirst bool, res *store.SyncResult) {
	defer func() {
		if res.Conflict != nil && res.Reason == nil {
			res.Reason = errConflict(res.Conflict)
		}
	}()
	for attempt := 1; ; attempt++ {
		if fetchFirst || attempt > 1 {
			remote, err := s.fetch(ctx)
			if err != nil {
				res.Reason = err
				return
			}
			in, ierr := s.integrate(s.branches[s.branch], remote)
			res.Pulled += in.pulled
			res.Replayed += in.replayed
			res.Dropped += in.dropped
			if in.conflict != nil {
				res.Conflict = in.conflict
			}
			if ierr != nil {
				res.Reason = ierr
				return
			}
		}
		local, remote := s.branches[s.branch], s.tracking[s.branch]
		if local == remote || local.IsZero() {
			res.Shared = true
			return
		}
		onlyA, onlyB := s.objects.diverge(local, remote)
		if len(onlyA) == 0 {
			res.Shared = true // behind only: nothing of ours to send
			return
		}
		if attempt > PushAttempts {
			res.Reason = errTooManyAttempts(PushAttempts)
			return
		}
		res.Attempts = attempt
		if len(onlyB) > 0 {
			continue // the local branch lacks the remote's commits: integrate first
		}
		if err := ctx.Err(); err != nil {
			res.Reason = i18n.Wrap(err, i18n.T("envoi interrompu", "sending interrupted"))
			return
		}
		r := s.opts.Network.Remote(s.origin)
		if r == nil {
			res.Reason = errRepoNotFound(s.origin)
			return
		}
		err := r.push(s.objects, s.branch, remote, local, s.opts.Credentials)
		if err == nil {
			s.tracking[s.branch] = local
			res.Pushed += len(onlyA)
			res.Shared = true
			return
		}
		if err.Err != store.ErrRejected {
			res.Reason = err
			return
		}
	}
}

// integration is what integrating the remote's commits did.
type integration struct {
	pulled, replayed, dropped int
	conflict                  *store.Conflict
}

// integrate brings the remote's commit into the local branch: a
// fast-forward when the local branch has nothing of its own, else a replay
// of the local commits on top of the remote's, oldest first, re-applying
// each one's file changes. A path the remote left as the local commit found
// it takes the local content; a path the remote already holds with the
// local content needs nothing (a commit left with nothing to apply is
// dropped); any other path is a conflict, and that commit is left out, the
// local commits as they were kept on a codal/conflict-<time> branch.
func (s *Store) integrate(local, remote store.Hash) (integration, *i18n.Error) {
	var in integration
	if remote.IsZero() || local == remote {
		return in, nil
	}
	onlyA, onlyB := s.objects.diverge(local, remote)
	if len(onlyB) == 0 {
		return in, nil
	}
	in.pulled = len(onlyB)
	old := s.objects.snapshot(local)
	if len(onlyA) == 0 {
		if err := s.checkClean(old, s.objects.snapshot(remote)); err != nil {
			return in, err
		}
		s.advance(old, s.objects[remote])
		return in, nil
	}
	base := s.objects[remote]
	var conflict store.Conflict
	clash := map[string]bool{}
	when := s.now()
	var replayed []*commit
	for _, c := range s.objects.oldestFirst(local, onlyA) {
		var parent files
		if len(c.parents) > 0 {
			parent = s.objects.snapshot(c.parents[0])
		}
		edits := map[string][]byte{}
		var bad []string
		for _, ch := range diff(parent, c.files) {
			cur, ok := base.files[ch.path]
			switch {
			case same(cur, ok, ch.to, ch.hasTo): // already there
			case same(cur, ok, ch.from, ch.hadFrom):
				edits[ch.path] = ch.to
				if !ch.hasTo {
					edits[ch.path] = nil
				}
			default:
				bad = append(bad, ch.path)
			}
		}
		if len(bad) > 0 {
			for _, p := range bad {
				clash[p] = true
			}
			conflict.Commits = append(conflict.Commits, c.subject())
			continue
		}
		if len(edits) == 0 {
			in.dropped++
			continue
		}
		snap := base.files.apply(edits)
		if snap.equal(base.files) {
			in.dropped++
			continue
		}
		replayed = append(replayed, newCommit([]store.Hash{base.hash}, snap, c.message, c.author, c.when))
		base = replayed[len(replayed)-1]
		in.replayed++
	}
	if err := s.checkClean(old, base.files); err != nil {
		return integration{}, err
	}
	for _, c := range replayed {
		s.objects[c.hash] = c
	}
	if len(clash) > 0 {
		for p := range clash {
			conflict.Paths = append(conflict.Paths, p)
		}
		sort.Strings(conflict.Paths)
		conflict.Branch = s.keepConflict(local, when)
		in.conflict = &conflict
	}
	s.advance(old, base)
	return in, nil
}

// keepConflict points a new codal/conflict-<time> branch at the local
// commits as they were, and returns its name.
func (s *Store) keepConflict(local store.Hash, when time.Time) string {
	base := store.ConflictBranchPrefix + when.UTC().Format("20060102T150405Z")
	name := base
	for i := 2; ; i++ {
		if _, taken := s.branches[name]; !taken {
			s.branches[name] = local
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// checkClean refuses to move the work tree over files with local edits:
// for each path that changes from old to new, the work tree must hold
// either side.
func (s *Store) checkClean(old, new files) *i18n.Error {
	for _, c := range diff(old, new) {
		d, ok := s.work[c.path]
		if !same(d, ok, c.from, c.hadFrom) && !same(d, ok, c.to, c.hasTo) {
			return errDirty(c.path)
		}
	}
	return nil
}

// advance moves the checked-out branch to c and the work tree's files that
// differ from old to c's.
func (s *Store) advance(old files, c *commit) {
	for _, ch := range diff(old, c.files) {
		if ch.hasTo {
			s.work[ch.path] = ch.to
		} else {
			delete(s.work, ch.path)
		}
	}
	s.branches[s.branch] = c.hash
}
