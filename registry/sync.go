package registry

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
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

// SyncResult says what a sync, or the sharing step of a write, did.
type SyncResult struct {
	// HasRemote is false for a registry that lives only here (the demo):
	// writes just commit.
	HasRemote bool `json:"has_remote"`
	// Offline is true when the network was skipped on purpose.
	Offline bool `json:"offline,omitempty"`
	// Shared is true when the remote holds every local commit.
	Shared bool `json:"shared"`
	// Reason says why the local commits are not shared yet (nil when
	// Shared, or when there is no remote).
	Reason *i18n.Error `json:"-"`
	// Pushed counts the commits sent; Pulled the remote commits received.
	Pushed int `json:"pushed"`
	Pulled int `json:"pulled"`
	// Replayed counts local commits rebuilt on top of the remote's; Dropped
	// those the remote already held (left out rather than made empty).
	Replayed int `json:"replayed"`
	Dropped  int `json:"dropped"`
	// Attempts counts push attempts.
	Attempts int `json:"attempts"`
	// Refused is true when the remote answered and refused the push (a
	// hook, a protected branch, a read-only repository, or a branch that
	// kept moving through every attempt), as opposed to a remote that could
	// not be reached. The commits stay local; ServerReason is what the
	// server said (its status and its hooks' messages, cleaned).
	Refused      bool   `json:"refused"`
	ServerReason string `json:"server_reason,omitempty"`
	// Conflict is set when local commits could not be replayed; they are
	// kept on Conflict.Branch.
	Conflict *Conflict `json:"conflict,omitempty"`
	// State is how the registry stands after the sync.
	State SyncState `json:"state"`
	// Pruned lists the local share branches deleted because their entry is
	// now upstream as it is on the branch (their pull request was merged).
	Pruned []string `json:"pruned_branches,omitempty"`
}

// Sync brings the registry and its remote together: it fetches, integrates
// the remote's commits (fast-forward, or replay of the local commits on top
// of them), and pushes the local commits, retrying a refused push after
// fetching again, a bounded number of times with jittered backoff. With
// offline, it touches no network and only reports the state. A remote that
// cannot be reached is not an error: the result says why nothing was shared
// (Reason) and the commits stay local. Errors are local failures only (the
// lock, an unreadable repository, a detached HEAD). Sync blocks; call it off
// the UI thread.
func (r *Registry) Sync(ctx context.Context, offline bool) (_ SyncResult, err error) {
	defer sentence(&err)
	s, err := r.begin(ctx)
	if err != nil {
		return SyncResult{}, err
	}
	defer s.end()
	res := SyncResult{HasRemote: s.remoteURL() != "", Offline: offline}
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

var errOffline = i18n.Errorf(i18n.T("hors ligne (--offline)", "offline (--offline)"))

// share pushes the local branch, integrating the remote's commits when the
// push is refused (or first, with fetchFirst), until the remote holds
// everything or the attempts run out.
func (s *session) share(ctx context.Context, fetchFirst bool, res *SyncResult) {
	url := s.remoteURL()
	who := codalSig()
	lastRejection := ""
	for attempt := 1; ; attempt++ {
		if fetchFirst || attempt > 1 {
			remote, err := s.fetch(ctx)
			if err != nil {
				res.Reason = describeNetError(err, url)
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
			res.Reason = i18n.Errorf(i18n.T(
				"le dépôt distant %s a refusé chacun des %d envois, le registre partagé ayant changé entre-temps (%s) ; vos modifications restent ici et partiront au prochain codal sync",
				"the remote repository %s refused each of %d sends, the shared registry having changed meanwhile (%s); your changes stay here and will go with the next codal sync"), RedactURL(url), PushAttempts, lastRejection)
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
			res.Reason = describeNetError(pushErr, url)
			return
		case !errors.As(pushErr, &rej):
			res.Reason = describeNetError(pushErr, url)
			return
		}
		lastRejection = rej.why
		wait := min(maxBackoff, backoff<<min(attempt-1, 10))
		select {
		case <-ctx.Done():
			res.Reason = describeNetError(ctx.Err(), url)
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
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie
	}
	return i18n.Wrap(err, i18n.T("erreur Git : %v", "Git error: %v"), err)
}

// describeNetError turns a fetch or push failure into one sentence saying
// why the changes are not shared.
func describeNetError(err error, remote string) *i18n.Error {
	where := RedactURL(remote)
	var dns *net.DNSError
	var op *net.OpError
	var refused *errRefused
	msg := strings.ToLower(err.Error())
	switch {
	case errors.As(err, &refused):
		return i18n.Wrap(err, i18n.T("le dépôt distant %s a refusé l'envoi : %s", "the remote repository %s refused the push: %s"), where, refused.why)
	case errors.Is(err, transport.ErrRepositoryNotFound) || strings.Contains(msg, "repository not found") || strings.Contains(msg, "does not appear to be a git repository"):
		return i18n.Wrap(err, i18n.T("dépôt distant introuvable : %s", "remote repository not found: %s"), where)
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed), errors.Is(err, transport.ErrInvalidAuthMethod):
		return i18n.Wrap(err, i18n.T("authentification refusée par %s", "authentication refused by %s"), where)
	case errors.As(err, &dns):
		return i18n.Wrap(err, i18n.T("hôte inconnu %s (pas de réseau ?)", "unknown host %s (no network?)"), dns.Name)
	case errors.Is(err, context.DeadlineExceeded):
		return i18n.Wrap(err, i18n.T("le dépôt distant %s ne répond pas (délai dépassé)", "the remote repository %s does not answer (timed out)"), where)
	case errors.Is(err, context.Canceled):
		return i18n.Wrap(err, i18n.T("envoi interrompu", "sending interrupted"))
	case errors.As(err, &op) || strings.Contains(msg, "connection refused") || strings.Contains(msg, "no route to host") || strings.Contains(msg, "network is unreachable"):
		return i18n.Wrap(err, i18n.T("impossible de joindre %s (réseau coupé ou serveur arrêté)", "cannot reach %s (network down or server stopped)"), where)
	}
	return i18n.Wrap(err, i18n.T("échange avec %s impossible : %s", "exchange with %s failed: %s"), where, fact.CleanLine(redactIn(err.Error(), remote)))
}

// state is State within a session.
func (s *session) state() (SyncState, error) {
	st := SyncState{Branch: s.branch.Short(), HasRemote: s.remoteURL() != "", LastFetch: lastFetch(s.gitdir)}
	local, err := s.head()
	if err != nil {
		return st, err
	}
	st.Head = local
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

// MarshalJSON writes Head as a hexadecimal string.
func (st SyncState) MarshalJSON() ([]byte, error) {
	type plain SyncState
	return json.Marshal(struct {
		plain
		Head string `json:"head,omitempty"`
	}{plain(st), hashString(st.Head)})
}

// MarshalJSON writes Commit as a hexadecimal string.
func (w WriteResult) MarshalJSON() ([]byte, error) {
	type plain WriteResult
	return json.Marshal(struct {
		plain
		Commit string `json:"commit,omitempty"`
	}{plain(w), hashString(w.Commit)})
}

func hashString(h plumbing.Hash) string {
	if h.IsZero() {
		return ""
	}
	return h.String()
}
