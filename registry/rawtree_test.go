package registry

import (
	"bytes"
	"fmt"
	"math/rand"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// rawTreeObject stores entries as a tree, in the order given (go-git's
// encoder would refuse entries out of Git's order), with modes written as
// Git writes them ("100644", "40000").
func rawTreeObject(t *testing.T, o objects, es []object.TreeEntry) plumbing.Hash {
	t.Helper()
	var raw []byte
	for _, e := range es {
		raw = strconv.AppendUint(raw, uint64(e.Mode), 8)
		raw = append(raw, ' ')
		raw = append(raw, e.Name...)
		raw = append(raw, 0)
		raw = append(raw, e.Hash[:]...)
	}
	obj := o.s.NewEncodedObject()
	obj.SetType(plumbing.TreeObject)
	w, _ := obj.Writer()
	w.Write(raw)
	w.Close()
	h, err := o.s.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestRawDiffMatchesDecodedDiffOnRandomTrees compares folders of a few
// hundred entries that differ in a few (added, removed, changed, a file
// become a folder, a mode changed, names sharing prefixes) through the raw
// bytes (the history walk's way) and through decoded trees (everyone
// else's): the same changes, and the raw way decodes only the entries
// around what changed.
func TestRawDiffMatchesDecodedDiffOnRandomTrees(t *testing.T) {
	o := objects{s: memory.NewStorage()}
	rng := rand.New(rand.NewSource(12))
	blob := func(s string) plumbing.Hash {
		h, err := o.writeBlob([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	subs := []plumbing.Hash{
		rawTreeObject(t, o, []object.TreeEntry{{Name: "x", Mode: filemode.Regular, Hash: blob("1")}}),
		rawTreeObject(t, o, []object.TreeEntry{{Name: "x", Mode: filemode.Regular, Hash: blob("2")}, {Name: "y", Mode: filemode.Executable, Hash: blob("3")}}),
	}
	// Files' hashes that differ in one byte, anywhere: two versions of a
	// folder then share bytes across entry boundaries, before and after
	// what changed. (A diff reads no file: these blobs need not exist.)
	fileHash := func() plumbing.Hash {
		var h plumbing.Hash
		for i := range h {
			h[i] = 'Q'
		}
		h[rng.Intn(len(h))] = byte(rng.Intn(3))
		return h
	}
	randomEntry := func(name string) object.TreeEntry {
		switch rng.Intn(4) {
		case 0:
			return object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: subs[rng.Intn(len(subs))]}
		case 1:
			return object.TreeEntry{Name: name, Mode: filemode.Executable, Hash: fileHash()}
		default:
			return object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: fileHash()}
		}
	}
	names := func() string {
		// Short names from a small alphabet: many share a beginning, and
		// "a", "a-b", "a.b", "a/"… sort apart as files and folders.
		const abc = "ab-.z"
		n := 1 + rng.Intn(4)
		s := make([]byte, n)
		for i := range s {
			s[i] = abc[rng.Intn(len(abc))]
		}
		return string(s)
	}
	for round := 0; round < 300; round++ {
		byName := map[string]object.TreeEntry{}
		for len(byName) < 50+rng.Intn(300) {
			n := names()
			byName[n] = randomEntry(n)
		}
		var a []object.TreeEntry
		for _, e := range byName {
			a = append(a, e)
		}
		sortGit(a)
		// One change (every other round) or a few, anywhere.
		changes := 1
		if round%2 == 1 {
			changes += rng.Intn(4)
		}
		var n string
		for k := 0; k < changes; k++ {
			n = names()
			switch rng.Intn(3) {
			case 0:
				delete(byName, n)
			default:
				byName[n] = randomEntry(n)
			}
		}
		var b []object.TreeEntry
		for _, e := range byName {
			b = append(b, e)
		}
		sortGit(b)
		ha, hb := rawTreeObject(t, o, a), rawTreeObject(t, o, b)
		want, err := o.diffTrees(ha, hb)
		if err != nil {
			t.Fatal(err)
		}
		got, err := objects{s: o.s, raw: newRawCache()}.diffTrees(ha, hb)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: raw diff\n%v\nwant\n%v", round, got, want)
		}
		ra, _ := o.rawTree(ha)
		rb, _ := o.rawTree(hb)
		wa, wb, err := rawWindows(ra, rb)
		if err != nil {
			t.Fatal(err)
		}
		// One change: the entry that changed, on each side, is decoded,
		// and nothing else but, when a file became a folder or back (which
		// sorts it elsewhere), the names it sorts between. (Several:
		// everything between the first and the last.)
		if changes == 1 {
			bound := 1
			for _, e := range a {
				if len(e.Name) > len(n) && e.Name[:len(n)] == n {
					bound++
				}
			}
			if len(wa) > bound || len(wb) > bound {
				t.Fatalf("round %d: one change decoded %d and %d entries, want at most %d", round, len(wa), len(wb), bound)
			}
		}
	}
}

// TestRawDiffRefusesMalformedTrees: bytes that are not a list of entries
// are an error, never a panic nor a silent skip.
func TestRawDiffRefusesMalformedTrees(t *testing.T) {
	good := []byte("100644 a\x00aaaaaaaaaaaaaaaaaaaa100644 b\x00bbbbbbbbbbbbbbbbbbbb")
	for _, bad := range [][]byte{
		[]byte("100644 a\x00aaaaaaaaaaaaaaaaaaaa100644 b\x00bbb"),                  // hash cut short
		[]byte("100644 a\x00aaaaaaaaaaaaaaaaaaaa100644b\x00bbbbbbbbbbbbbbbbbbbb"),  // no space
		[]byte("100644 a\x00aaaaaaaaaaaaaaaaaaaa1x0644 b\x00bbbbbbbbbbbbbbbbbbbb"), // mode not octal
	} {
		if _, _, err := rawWindows(good, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestRawDiffEndsOnWholeEntries: the common end of two folders may begin
// inside an entry on one side and at an entry on the other — here "y"'s
// whole entry on the right is the end of the entry "x 100644 y" on the left
// — and the raw diff still compares whole entries: "y" is added.
func TestRawDiffEndsOnWholeEntries(t *testing.T) {
	o := objects{s: memory.NewStorage()}
	var h, q plumbing.Hash
	for i := range h {
		h[i], q[i] = 'H', 'Q'
	}
	z := object.TreeEntry{Name: "z", Mode: filemode.Regular, Hash: q}
	a := rawTreeObject(t, o, []object.TreeEntry{{Name: "x 100644 y", Mode: filemode.Regular, Hash: h}, z})
	b := rawTreeObject(t, o, []object.TreeEntry{{Name: "x", Mode: filemode.Regular, Hash: q}, {Name: "y", Mode: filemode.Regular, Hash: h}, z})
	got, err := objects{s: o.s, raw: newRawCache()}.diffTrees(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, c := range got {
		paths = append(paths, c.Path)
	}
	if want := []string{"x", "x 100644 y", "y"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("changed %q, want %q", paths, want)
	}
}

// TestRawTreesFromDeltaChainsInAPack: in a repository repacked with long
// delta chains (a folder of 2,500 entries, 80 KB, rewritten by 120
// commits), every tree read through the history walk's way (deltas patched
// by applyDelta, bases from the cache, a cache small enough to drop trees
// and reuse their memory) is byte for byte what go-git reads, in the walk's
// order and in the reverse, through a pool storage as History uses.
func TestRawTreesFromDeltaChainsInAPack(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	gitOut(t, dir, "init", "-q", "-b", "main")
	var stream strings.Builder
	for i := 0; i < 120; i++ {
		when := time.Date(2026, 3, 1, 0, i, 0, 0, time.UTC).Unix()
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter A <a@example.org> %d +0000\ndata 1\nc\n", when)
		if i == 0 {
			for k := 0; k < 2500; k++ {
				fmt.Fprintf(&stream, "M 100644 inline requests/r%04d/request.yaml\ndata 6\ntitle\n\n", k)
			}
		}
		body := fmt.Sprintf("need: n%d\n", i)
		fmt.Fprintf(&stream, "M 100644 inline requests/r%04d/votes/v%d.yaml\ndata %d\n%s\n", (i*37)%2500, i%4, len(body), body)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stream.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v\n%s", err, out)
	}
	gitOut(t, dir, "repack", "-adfq", "--depth=50", "--window=20")
	gitdir := filepath.Join(dir, ".git")
	idx, _ := filepath.Glob(filepath.Join(gitdir, "objects", "pack", "*.idx"))
	if len(idx) != 1 {
		t.Fatalf("packs: %v", idx)
	}
	verify := gitOut(t, dir, "verify-pack", "-v", idx[0])
	if !strings.Contains(verify, "chain length = 2") {
		t.Fatalf("no delta chains in the pack:\n%s", verify)
	}
	var trees []plumbing.Hash
	for _, line := range strings.Split(gitOut(t, dir, "log", "--format=%T"), "\n") {
		if line != "" {
			trees = append(trees, plumbing.NewHash(line))
		}
	}
	for _, line := range strings.Split(gitOut(t, dir, "rev-list", "--objects", "--all"), "\n") {
		h, name, _ := strings.Cut(line, " ")
		if name == "requests" || strings.HasSuffix(name, "votes") {
			trees = append(trees, plumbing.NewHash(h))
		}
	}
	pool := newHistoryPool(gitdir)
	defer pool.close()
	st := pool.get()
	defer pool.put(st)
	decoded := objects{s: st}
	reused := 0
	for _, order := range []string{"newest first", "oldest first"} {
		o := objects{s: st, raw: newRawCache()}
		o.raw.limit = 1 << 20
		for k := range trees {
			h := trees[k]
			if order == "oldest first" {
				h = trees[len(trees)-1-k]
			}
			got, err := o.rawTree(h)
			if err != nil {
				t.Fatalf("%s: tree %s: %v", order, h, err)
			}
			typ, want, err := decoded.readRaw(h)
			if err != nil || typ != plumbing.TreeObject {
				t.Fatalf("go-git: %v, %v", typ, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: tree %s: %d bytes, go-git reads %d", order, h, len(got), len(want))
			}
			if len(o.raw.free) > 0 {
				reused++
			}
			o.raw.release()
		}
	}
	if reused == 0 {
		t.Error("no tree's memory was reused")
	}
}
