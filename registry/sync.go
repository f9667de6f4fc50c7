package registry

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/store"
)

// PushAttempts bounds how many times a write or a sync pushes before leaving
// the commits local for the next sync: under sustained contention one writer
// can keep losing the race.
var PushAttempts = 8

// backoff is the first wait between push attempts; it doubles each time, up
// to maxBackoff, and each wait is drawn at random below it (jitter), so that
// writers that collided do not collide again.
var (
	backoff    = 20 * time.Millisecond
	maxBackoff = 1 * time.Second
)

// Sync brings the registry and its remote together: it fetches, integrates
// the remote's commits (fast-forward, or replay of the local commits on top
// of them), and pushes the local commits, retrying a refused push after
// fetching again, a bounded number of times with jittered backoff. With
// offline, it touches no network and only reports the state. A remote that
// cannot be reached is not an error: the result says why nothing was shared
// (Reason) and the commits stay local. Errors are local failures only (the
// lock, an unreadable repository, a detached HEAD). Sync blocks; call it off
// the UI thread.
func (r *Registry) Sync(ctx context.Context, offline bool) (_ store.SyncResult, err error) {
	defer sentence(&err)
	s, err := r.begin(ctx)
	if err != nil {
		return store.SyncResult{}, err
	}
	defer s.end()
	res := store.SyncResult{HasRemote: s.remoteURL() != "", Offline: offline}
	if res.HasRemote && !offline {
		s.share(ctx, true, &res)
	} else if res.HasRemote {
		res.Reason = errOffline
	}
	res.State, err = s.state()
	if err == nil && res.HasRemote && !offline && res.Reason == nil && res.State.Ahead == 0 {
		res.Shared = true
	}
	if err == nil && res.HasRemote && !offline && res.Conflict == nil {
		// A merged pull request leaves its share branch behind: once the
		// entry is upstream as the branch has it, the branch has done its
		// work. A failure here only leaves a branch for the next sync.
		res.Pruned, _ = r.PruneShareBranches()
	}
	return res, err
}

var errOffline = i18n.Wrap(store.ErrOffline, i18n.T("hors ligne (--offline)", "offline (--offline)"))

// share pushes the local branch, integrating the remote's commits when the
// push is refused (or first, with fetchFirst), until the remote holds
// everything or the attempts run out.
func (s *session) share(ctx context.Context, fetchFirst bool, res *store.SyncResult) {
	defer func() {
		// A conflict is a reason too, even when the rest was shared (see
		// store.SyncResult.Reason).
		if res.Conflict != nil && res.Reason == nil {
			res.Reason = res.Conflict.Error()
		}
	}()
	url := s.remoteURL()
	who := codalSig()
	lastRejection := ""
	for attempt := 1; ; attempt++ {
		if fetchFirst || attempt > 1 {
			remote, err := s.fetch(ctx)
			if err != nil {
				res.Reason = translate(err, url)
				return
			}
			local, err := s.head()
			if err != nil {
				res.Reason = asI18n(err)
				return
			}
			in, err := s.integrate(local, remote, who)
			res.Pulled += in.pulled
			res.Replayed += in.replayed
			res.Dropped += in.dropped
			if in.conflict != nil {
				res.Conflict = in.conflict
			}
			if err != nil {
				res.Reason = asI18n(err)
				return
			}
		}
		local, err := s.head()
		if err != nil {
			res.Reason = asI18n(err)
			return
		}
		remote, err := s.remoteHead()
		if err != nil {
			res.Reason = asI18n(err)
			return
		}
		if local == remote || local.IsZero() {
			res.Shared = true
			return
		}
		d, err := s.o.diverge(local, remote)
		if err != nil {
			res.Reason = asI18n(err)
			return
		}
		if len(d.onlyA) == 0 {
			res.Shared = true // behind only: nothing of ours to send
			return
		}
		if attempt > PushAttempts {
			res.Refused = true
			res.ServerReason = lastRejection
			res.Reason = i18n.Wrap(both{store.ErrRefused, store.ErrRejected}, i18n.T(
				"le dépôt distant %s a refusé chacun des %d envois, le registre partagé ayant changé entre-temps (%s) ; vos modifications restent ici et partiront au prochain codal sync",
				"the remote repository %s refused each of %d sends, the shared registry having changed meanwhile (%s); your changes stay here and will go with the next codal sync"), store.RedactURL(url), PushAttempts, lastRejection)
			return
		}
		res.Attempts = attempt
		var pushErr error
		if len(d.onlyB) > 0 {
			pushErr = &errRejected{"local branch does not contain the remote one"}
		} else {
			mine, err := s.o.topoOrder(local, d.onlyA)
			if err != nil {
				res.Reason = asI18n(err)
				return
			}
			pushErr = s.push(ctx, url, remote, local, mine)
			if pushErr == nil {
				s.crash("pushed")
				if err := setRef(s.repo, s.gitdir, s.tracking, local, nil, who, "codal: push"); err != nil {
					res.Reason = asI18n(err)
					return
				}
				res.Pushed += len(mine)
				res.Shared = true
				return
			}
		}
		var rej *errRejected
		var refused *errRefused
		switch {
		case errors.As(pushErr, &refused):
			res.Refused, res.ServerReason = true, refused.why
			res.Reason = translate(pushErr, url)
			return
		case !errors.As(pushErr, &rej):
			res.Reason = translate(pushErr, url)
			return
		}
		lastRejection = rej.why
		wait := min(maxBackoff, backoff<<min(attempt-1, 10))
		select {
		case <-ctx.Done():
			res.Reason = translate(ctx.Err(), url)
			return
		case <-time.After(rand.N(wait) + time.Millisecond):
		}
	}
}

// codalSig signs what codal records in reflogs and replays.
func codalSig() object.Signature {
	return object.Signature{Name: "codal", Email: "codal@localhost", When: now()}
}

// sentence makes sure an error leaving the package's write API is an
// *i18n.Error (one sentence in both languages), wrapping go-git's own.
func sentence(err *error) {
	if *err != nil {
		*err = asI18n(*err)
	}
}

func asI18n(err error) *i18n.Error {
	return translate(err, "")
}

// state is State within a session.
func (s *session) state() (store.SyncState, error) {
	st := store.SyncState{Branch: s.branch.Short(), HasRemote: s.remoteURL() != "", LastFetch: lastFetch(s.gitdir)}
	local, err := s.head()
	if err != nil {
		return st, err
	}
	st.Head = hashOf(local)
	if !st.HasRemote {
		return st, nil
	}
	remote, err := s.remoteHead()
	if err != nil {
		return st, err
	}
	d, err := s.o.diverge(local, remote)
	if err != nil {
		return st, err
	}
	st.Ahead, st.Behind = len(d.onlyA), len(d.onlyB)
	return st, nil
}
