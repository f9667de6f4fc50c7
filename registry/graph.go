package registry

import (
	"container/heap"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// divergence is how two commits relate: the commits reachable from a but not
// from b (onlyA) and the reverse (onlyB).
type divergence struct {
	onlyA, onlyB []plumbing.Hash
}

// diverge compares the histories of a and b (either may be the zero hash: no
// history) by painting them down from both ends, newest commits first, and
// stopping as soon as every commit still to visit is reachable from both: the
// cost is that of the commits that differ, not of the whole history.
//
// A flag is only ever set on a commit reachable from that side, so a commit
// listed as reachable from both truly is. Commit times order the walk (ties,
// frequent as times are in seconds, go to the commit queued first); when a
// commit already walked gains the other side's flag, it is walked again; and
// the walk goes on until every commit left is strictly older than every
// commit found on one side only, so the result is exact whenever a commit is
// never older than its parents. A history whose times go backwards can still
// leave a commit listed on one side only: callers treat the lists as "to
// check", never as "safe to drop".
func (o objects) diverge(a, b plumbing.Hash) (divergence, error) {
	const fromA, fromB, both = 1, 2, 3
	var d divergence
	if a == b {
		return d, nil
	}
	flags := map[plumbing.Hash]uint8{}
	times := map[plumbing.Hash]time.Time{}
	walked := map[plumbing.Hash]uint8{} // the flags a commit had when walked
	q := &commitQueue{}
	seq := 0
	pending := 0 // queued entries that still matter
	push := func(h plumbing.Hash, f uint8) error {
		old := flags[h]
		nf := old | f
		if nf == old {
			return nil
		}
		flags[h] = nf
		c, err := object.GetCommit(o.s, h)
		if err != nil {
			return err
		}
		times[h] = c.Committer.When
		counted := nf != both || walked[h] != 0
		if counted {
			pending++
		}
		seq++
		heap.Push(q, queued{c, seq, counted})
		return nil
	}
	if !a.IsZero() {
		if err := push(a, fromA); err != nil {
			return d, err
		}
	}
	if !b.IsZero() {
		if err := push(b, fromB); err != nil {
			return d, err
		}
	}
	step := func() error {
		it := heap.Pop(q).(queued)
		if it.counted {
			pending--
		}
		f := flags[it.c.Hash] // may have grown since it was queued
		if walked[it.c.Hash] == f {
			return nil
		}
		walked[it.c.Hash] = f
		for _, p := range it.c.ParentHashes {
			if err := push(p, f); err != nil {
				return err
			}
		}
		return nil
	}
	for {
		for q.Len() > 0 && pending > 0 {
			if err := step(); err != nil {
				return d, err
			}
		}
		if q.Len() == 0 {
			break
		}
		// Every queued commit is reachable from both sides. Those not older
		// than a one-side commit could still lead to it: walk them.
		var oldest time.Time
		found := false
		for h, f := range flags {
			if f != both && (!found || times[h].Before(oldest)) {
				oldest, found = times[h], true
			}
		}
		if !found || (*q)[0].c.Committer.When.Before(oldest) {
			break
		}
		for q.Len() > 0 && !(*q)[0].c.Committer.When.Before(oldest) {
			if err := step(); err != nil {
				return d, err
			}
		}
	}
	for h, f := range flags {
		switch f {
		case fromA:
			d.onlyA = append(d.onlyA, h)
		case fromB:
			d.onlyB = append(d.onlyB, h)
		}
	}
	return d, nil
}

// topoOrder returns the commits of set ordered parents first (oldest first),
// starting from tip.
func (o objects) topoOrder(tip plumbing.Hash, set []plumbing.Hash) ([]*object.Commit, error) {
	in := make(map[plumbing.Hash]bool, len(set))
	for _, h := range set {
		in[h] = true
	}
	var out []*object.Commit
	done := map[plumbing.Hash]bool{}
	type frame struct {
		c    *object.Commit
		next int
	}
	if !in[tip] {
		return nil, nil
	}
	c, err := object.GetCommit(o.s, tip)
	if err != nil {
		return nil, err
	}
	stack := []frame{{c, 0}}
	done[tip] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.c.ParentHashes) {
			p := top.c.ParentHashes[top.next]
			top.next++
			if in[p] && !done[p] {
				done[p] = true
				pc, err := object.GetCommit(o.s, p)
				if err != nil {
					return nil, err
				}
				stack = append(stack, frame{pc, 0})
			}
			continue
		}
		out = append(out, top.c)
		stack = stack[:len(stack)-1]
	}
	return out, nil
}

type queued struct {
	c       *object.Commit
	seq     int
	counted bool
}

// commitQueue pops the newest commit first, the first queued among equals.
type commitQueue []queued

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	ti, tj := q[i].c.Committer.When, q[j].c.Committer.When
	if !ti.Equal(tj) {
		return ti.After(tj)
	}
	return q[i].seq < q[j].seq
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *commitQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}
