package registry

import (
	"context"
	"errors"

	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Write records a change in the registry: it commits the files on top of the
// checked-out branch at once (objects, then the branch, then the work tree
// and the index, each step safe if the process is killed), so the change is
// durable before any network is touched; then, unless opts.Offline or the
// registry has no remote, it pushes, integrating concurrent changes from the
// remote and retrying as Sync does. The work tree is never committed: only
// the files of ch change, and a file of ch with uncommitted local edits stops
// the write before anything is written.
//
// The error is for a write that did not happen (bad paths, a locked or
// unreadable repository, local edits in the way). A write that was committed
// but could not be shared is a success: the result's Sync.Reason says why,
// and Sync, later, shares it. Write blocks (disk, then network); call it off
// the UI thread.
func (r *Registry) Write(ctx context.Context, ch catalogue.Change, who catalogue.Identity, when time.Time, opts store.WriteOptions) (res store.WriteResult, err error) {
	defer sentence(&err)
	s, err := r.begin(ctx)
	if err != nil {
		return res, err
	}
	defer s.end()
	parent, err := s.head()
	if err != nil {
		return res, err
	}
	if when.IsZero() {
		when = now()
	}
	sig := signature(who, when)
	c, err := commitOn(s.o, parent, ch, sig)
	switch {
	case errors.Is(err, errNoChange):
		res.Unchanged = true
	case err != nil:
		return res, err
	default:
		s.crash("objects")
		if err := s.advance(parent, c, sig, "codal: "+firstLine(ch.Message)); err != nil {
			return res, err
		}
		res.Commit = hashOf(c)
	}
	res.Sync.HasRemote = s.remoteURL() != ""
	res.Sync.Offline = opts.Offline
	switch {
	case !res.Sync.HasRemote:
	case opts.Offline:
		res.Sync.Reason = errOffline
	default:
		s.share(ctx, false, &res.Sync)
	}
	res.Sync.State, err = s.state()
	if err != nil {
		return res, err
	}
	return res, nil
}
