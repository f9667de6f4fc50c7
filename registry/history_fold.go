package registry

import (
	"errors"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/registry/store"
)

// A commit's changes given one at a time (store.Since.Fold). A bulk import
// changes hundreds of thousands of files (383,000 at 100,000 entries):
// listed, with their paths, before news classified them, they were most of
// the app's memory on a first start (docs/news.md, Performance). The walk
// now hands each change on as the tree diff finds it (streamDiff), in path
// order. What it cannot know before the end is whether the commit changes
// more wanted files than MaxReads (their contents are then not read): it
// holds the changes back until it knows — as soon as the count passes
// MaxReads (a bulk import: after MaxReads wanted files), or at the end of
// a commit of fewer changes than foldHeld. A commit of more changes, few of
// them wanted (a migration of files news does not read), is diffed once to
// count them, then again to hand them on.

// foldHeldMin is the fewest changes a fold holds back while it does not
// know whether the commit is skimmed (4 × MaxReads when that is more).
var foldHeldMin = 1 << 14

var (
	// errStopDiff stops a diff whose changes the fold no longer wants.
	errStopDiff = errors.New("diff stopped by its reader")
	// errHeldTooMany stops a diff holding back more changes than
	// foldHeld: they are counted first.
	errHeldTooMany = errors.New("too many changes held back")
	// errSkimmedCount stops the count once it passes MaxReads.
	errSkimmedCount = errors.New("more wanted changes than read")
)

// foldCommit gives the changes from tree from to tree to to since.Fold, as
// the commit c's, and returns c with what Fold made of them.
func (o objects) foldCommit(c store.Commit, from, to plumbing.Hash, since store.Since) (store.Commit, error) {
	var derr error
	skimmed := false
	changes := func(yield func(store.FileChange) bool) {
		skimmed, derr = o.streamCommit(from, to, since.Want, since.MaxReads, yield)
	}
	c.Folded = since.Fold(c, changes)
	if derr != nil {
		return store.Commit{}, derr
	}
	c.Skimmed = skimmed
	return c, nil
}

// streamCommit gives yield each change from tree from to tree to, in path
// order, with the contents of the wanted files unless the commit changes
// more than maxReads of them (skimmed, when maxReads > 0). yield returning
// false stops the diff (no error).
func (o objects) streamCommit(from, to plumbing.Hash, want func(string) bool, maxReads int, yield func(store.FileChange) bool) (skimmed bool, err error) {
	wanted := func(p string) bool { return want == nil || want(p) }
	give := func(ch pathChange, read bool) error {
		fc, err := o.fileChange(ch, read)
		if err != nil {
			return err
		}
		if !yield(fc) {
			return errStopDiff
		}
		return nil
	}
	done := func(err error) (bool, error) {
		if err == errStopDiff {
			err = nil
		}
		return skimmed, err
	}
	if maxReads <= 0 {
		return done(o.streamDiff(from, to, func(ch pathChange) error { return give(ch, wanted(ch.Path)) }))
	}
	foldHeld := max(4*maxReads, foldHeldMin)
	var held []pathChange
	n := 0 // wanted changes seen
	decided := false
	err = o.streamDiff(from, to, func(ch pathChange) error {
		if decided {
			return give(ch, false)
		}
		held = append(held, ch)
		if wanted(ch.Path) {
			n++
		}
		if n > maxReads {
			decided, skimmed = true, true
			for _, h := range held {
				if err := give(h, false); err != nil {
					return err
				}
			}
			held = nil
			return nil
		}
		if len(held) > foldHeld {
			return errHeldTooMany
		}
		return nil
	})
	switch {
	case err == errHeldTooMany:
		held, n = nil, 0
		err = o.streamDiff(from, to, func(ch pathChange) error {
			if wanted(ch.Path) {
				if n++; n > maxReads {
					return errSkimmedCount
				}
			}
			return nil
		})
		if err == errSkimmedCount {
			skimmed, err = true, nil
		}
		if err != nil {
			return false, err
		}
		return done(o.streamDiff(from, to, func(ch pathChange) error { return give(ch, !skimmed && wanted(ch.Path)) }))
	case err != nil || decided:
		return done(err)
	}
	for _, h := range held {
		if err := give(h, wanted(h.Path)); err != nil {
			return done(err)
		}
	}
	return false, nil
}
