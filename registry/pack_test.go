package registry

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

// A vote on a registry of many requests sends a pack the size of the vote:
// the new file, and each folder above it as a delta against the version the
// remote holds (requests/ lists every request), not the whole folder. The
// remote receives a complete commit (git fsck), after a plain push and after
// a replay on top of someone else's push.
func TestPushSendsWhatChangedNotTheFolders(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("hundreds of requests pushed: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	isolateGit(t)
	files := smallRegistry()
	// 800 requests: the requests/ folder alone is far more than what a
	// vote may send.
	n := 800
	for i := range n {
		files[fmt.Sprintf("requests/demande-%03d/request.yaml", i)] = &fstest.MapFile{
			Data: fmt.Appendf(nil, "title: Demande %d\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n", i)}
	}
	h := host(t, files)
	r := h.clone(t)
	size := func(what string, f func()) {
		t.Helper()
		before := h.srv.PushedBytes()
		f()
		// The requests/ folder alone is n entries of 38 bytes (11 KB at
		// 300, 30 KB at 800), half of it hashes no compression shrinks.
		sent := h.srv.PushedBytes() - before
		if sent > 4000 {
			t.Fatalf("%s sent %d bytes", what, sent)
		}
		t.Logf("%s: %d bytes sent", what, sent)
		gitOut(t, h.bare, "fsck", "--full", "--strict", "--no-dangling")
	}
	size("a vote", func() {
		res := write(t, r, change("Vote", "requests/demande-150/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
		if !res.Sync.Shared || res.Sync.Pushed != 1 {
			t.Fatalf("vote not shared: %+v", res.Sync)
		}
	})
	size("a vote and a status", func() {
		write(t, r, change("Deux", "requests/demande-150/votes/vanves.yaml", "need: critical\n",
			"requests/demande-007/events/2026-02-01T10-00-00Z-gpso.yaml", "status: planned\n"), store.WriteOptions{})
	})
	// Someone else pushes first: codal fetches, replays its vote on top of
	// theirs and pushes it, against folders it received from the fetch.
	other := filepath.Join(t.TempDir(), "other")
	gitOut(t, "", "clone", "-q", h.url, other)
	gitOut(t, other, "rm", "-q", "requests/demande-100/request.yaml")
	gitOut(t, other, "commit", "-q", "-m", "Retrait")
	gitOut(t, other, "push", "-q", "origin", "main")
	size("a replayed vote", func() {
		res := write(t, r, change("Vote", "requests/demande-250/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
		if !res.Sync.Shared || res.Sync.Replayed != 1 {
			t.Fatalf("vote not replayed and shared: %+v", res.Sync)
		}
	})
	if got := h.remoteFile(t, "requests/demande-250/votes/vanves.yaml"); got != "need: useful" {
		t.Fatalf("remote vote %q", got)
	}
	if got := h.remoteFile(t, "requests/demande-100/request.yaml"); got != "" {
		t.Fatalf("the other push was lost: %q", got)
	}
	if local, remote := head(t, r).String(), gitOut(t, h.bare, "rev-parse", "main"); local != remote {
		t.Fatalf("remote at %s, local at %s", remote, local)
	}
	assertClean(t, r)
}

// A delta rebuilds its target from its base, whatever the two hold:
// neighbouring lines changed, nothing in common, one empty, copies longer
// than the 64 KiB one instruction carries.
func TestPrefixSuffixDeltaRebuildsTheTarget(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(3))
		}
		return b
	}
	for round := range 400 {
		base := random([]int{0, 1, 10, 300, 70000, 200000}[rng.IntN(6)])
		var target []byte
		switch rng.IntN(4) {
		case 0:
			target = random(rng.IntN(1000))
		default: // an edit in the middle, as a folder's
			at := rng.IntN(len(base) + 1)
			cut := min(len(base)-at, rng.IntN(200))
			target = append(append(append([]byte{}, base[:at]...), random(rng.IntN(300))...), base[at+cut:]...)
		}
		if len(base) == 0 || len(target) == 0 {
			continue // never sent as a delta
		}
		d := prefixSuffixDelta(base, target)
		got, err := packfile.PatchDelta(base, d)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !bytes.Equal(got, target) {
			t.Fatalf("round %d: the delta rebuilds %d bytes, want %d", round, len(got), len(target))
		}
	}
}

// A tree's delta rebuilds it from the old tree, and stays small when a few
// entries anywhere in a large folder change, are added or removed.
func TestTreeDeltaRebuildsTheTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	encode := func(es []object.TreeEntry) []byte {
		tr := &object.Tree{Entries: slices.Clone(es)}
		sort.Sort(object.TreeEntrySorter(tr.Entries))
		obj := &plumbing.MemoryObject{}
		if err := tr.Encode(obj); err != nil {
			t.Fatal(err)
		}
		r, _ := obj.Reader()
		b, _ := io.ReadAll(r)
		return b
	}
	entry := func(name string) object.TreeEntry {
		var h plumbing.Hash
		for i := range h {
			h[i] = byte(rng.IntN(256))
		}
		mode := filemode.Regular
		if rng.IntN(2) == 0 {
			mode = filemode.Dir
		}
		return object.TreeEntry{Name: name, Mode: mode, Hash: h}
	}
	for round := range 200 {
		n := []int{0, 1, 5, 3000}[rng.IntN(4)]
		var base []object.TreeEntry
		for i := range n {
			// Names such as a, a.b and a-c sort differently as folders.
			base = append(base, entry(fmt.Sprintf("d%d%s", i, []string{"", ".x", "-y", "0"}[rng.IntN(4)])))
		}
		target := slices.Clone(base)
		edits := rng.IntN(4)
		for range edits {
			switch k := rng.IntN(3); {
			case k == 0 && len(target) > 0: // changed
				i := rng.IntN(len(target))
				target[i] = entry(target[i].Name)
			case k == 1 && len(target) > 0: // removed
				i := rng.IntN(len(target))
				target = slices.Delete(target, i, i+1)
			default: // added
				target = append(target, entry(fmt.Sprintf("new%d", rng.IntN(1e6))))
			}
		}
		b, tg := encode(base), encode(target)
		if len(b) == 0 || len(tg) == 0 {
			continue // never sent as a delta
		}
		d := treeDelta(b, tg)
		got, err := packfile.PatchDelta(b, d)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !bytes.Equal(got, tg) {
			t.Fatalf("round %d: the delta does not rebuild the tree", round)
		}
		if n == 3000 && len(d) > 100+edits*120 {
			t.Fatalf("round %d: %d edits in a folder of %d entries make a delta of %d bytes", round, edits, n, len(d))
		}
	}
}
