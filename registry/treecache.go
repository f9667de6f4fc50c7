package registry

import (
	"container/list"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeCacheBudget bounds the parsed trees a write session keeps
// (objects.trees), as writtenBudget bounds the objects' bytes beside it.
// A change reads and rewrites the trees on its paths, and the requests
// tree of a registry of 100,000 entries weighs 5 to 8 MB parsed: a sync
// replaying many pending changes kept one per change, unbounded. What a
// replay reads again is what it just wrote (a vote, then another vote in
// the same folder: the second edits the trees the first wrote), so the
// trees used last are kept, within the budget — at least the last one,
// whatever its size.
var treeCacheBudget = 32 << 20

// treeEntryBytes is what one entry of a parsed tree weighs besides its
// name's bytes: the TreeEntry (name header, mode, hash) and the name's
// allocation.
const treeEntryBytes = 48

// treeCache keeps parsed trees by hash, the least recently used dropped
// first past treeCacheBudget. It is one session's (or one diff's): not
// safe for concurrent use.
type treeCache struct {
	bytes int
	byKey map[plumbing.Hash]*list.Element
	lru   list.List // of *cachedTree, the most recent first
}

type cachedTree struct {
	h    plumbing.Hash
	t    *object.Tree
	size int
}

func newTreeCache() *treeCache {
	return &treeCache{byKey: map[plumbing.Hash]*list.Element{}}
}

// treeBytes estimates what tree t weighs parsed.
func treeBytes(t *object.Tree) int {
	n := 64
	for _, e := range t.Entries {
		n += treeEntryBytes + len(e.Name)
	}
	return n
}

// get returns tree h if kept (nil cache: never).
func (c *treeCache) get(h plumbing.Hash) (*object.Tree, bool) {
	if c == nil {
		return nil, false
	}
	el, ok := c.byKey[h]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*cachedTree).t, true
}

// put keeps tree t under h, dropping the least recently used trees while
// the cache is over its budget (never t itself).
func (c *treeCache) put(h plumbing.Hash, t *object.Tree) {
	if c == nil {
		return
	}
	if el, ok := c.byKey[h]; ok {
		ct := el.Value.(*cachedTree)
		c.bytes += treeBytes(t) - ct.size
		ct.t, ct.size = t, treeBytes(t)
		c.lru.MoveToFront(el)
	} else {
		ct := &cachedTree{h: h, t: t, size: treeBytes(t)}
		c.byKey[h] = c.lru.PushFront(ct)
		c.bytes += ct.size
	}
	for c.bytes > treeCacheBudget && c.lru.Len() > 1 {
		old := c.lru.Back()
		ct := old.Value.(*cachedTree)
		c.lru.Remove(old)
		delete(c.byKey, ct.h)
		c.bytes -= ct.size
	}
}
