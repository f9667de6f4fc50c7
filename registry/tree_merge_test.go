package registry

import (
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// The side-by-side diff of folders in Git's order gives what the map gives,
// names that sort differently as file and folder ("a" vs "a/", "a-b", "a.x")
// included, and a tree not in Git's order still diffs through the map.
func TestDiffTreesInGitOrderAndNot(t *testing.T) {
	o := objects{s: memory.NewStorage()}
	blob := func(s string) plumbing.Hash {
		h, err := o.writeBlob([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	tree := func(sorted bool, es ...object.TreeEntry) plumbing.Hash {
		sortGit(es)
		if !sorted {
			for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
				es[i], es[j] = es[j], es[i]
			}
		}
		// Written by hand: go-git refuses to encode entries out of order.
		var raw []byte
		for _, e := range es {
			raw = append(raw, e.Mode.String()...)
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
	file := func(name, data string) object.TreeEntry {
		return object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob(data)}
	}
	dir := func(name string, h plumbing.Hash) object.TreeEntry {
		return object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h}
	}
	sub := tree(true, file("x", "1"))
	for _, sorted := range []bool{true, false} {
		a := tree(sorted, file("a", "file"), file("a-b", "1"), file("a.x", "1"), file("z", "same"), dir("m", sub))
		b := tree(sorted, dir("a", sub), file("a-b", "2"), file("a.x", "1"), file("z", "same"), file("new", "n"))
		// Decoded trees, and raw bytes as the history walk compares them.
		for _, oo := range []objects{o, {s: o.s, raw: newRawCache()}} {
			changes, err := oo.diffTrees(a, b)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, c.Path)
			}
			if want := "a,a-b,a/x,m/x,new"; strings.Join(got, ",") != want {
				t.Errorf("sorted %v, raw %v: %v, want %s", sorted, oo.raw != nil, got, want)
			}
			// Streamed (the history walk's way), unsorted afterwards: the
			// same paths in the same order.
			var streamed []string
			if err := oo.streamDiff(a, b, func(c pathChange) error { streamed = append(streamed, c.Path); return nil }); err != nil {
				t.Fatal(err)
			}
			if want := "a,a-b,a/x,m/x,new"; strings.Join(streamed, ",") != want {
				t.Errorf("sorted %v, raw %v: streamed %v, want %s", sorted, oo.raw != nil, streamed, want)
			}
		}
	}
}

// TestDiffFromNothingReadsRawEntriesInOrder: a folder added or removed
// whole, compared from its raw bytes entry by entry (oneSidedRaw), gives
// the paths and entries the decoded comparison gives, in path order; a
// folder not in Git's order is compared decoded instead.
func TestDiffFromNothingReadsRawEntriesInOrder(t *testing.T) {
	o := objects{s: memory.NewStorage()}
	blob := func(s string) plumbing.Hash {
		h, err := o.writeBlob([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	var sub plumbing.Hash
	raw := func(entries ...string) plumbing.Hash {
		obj := o.s.NewEncodedObject()
		obj.SetType(plumbing.TreeObject)
		w, _ := obj.Writer()
		for _, e := range entries {
			mode, name, _ := strings.Cut(e, " ")
			h := blob(name)
			if mode == "40000" {
				h = sub
			}
			w.Write([]byte(mode + " " + name + "\x00"))
			w.Write(h[:])
		}
		w.Close()
		h, err := o.s.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	sub = raw("100644 x", "100755 y")
	for _, tc := range []struct {
		name string
		tree plumbing.Hash
		want string
	}{
		{"git order", raw("100644 a", "100644 a-b", "100644 a.x", "40000 a", "120000 l", "40000 m"), "a,a-b,a.x,a/x,a/y,l,m/x,m/y"},
		{"not in order", raw("100644 z", "40000 a", "100644 b"), "a/x,a/y,b,z"},
	} {
		for _, added := range []bool{true, false} {
			from, to := plumbing.ZeroHash, tc.tree
			if !added {
				from, to = to, from
			}
			want, err := o.diffTrees(from, to)
			if err != nil {
				t.Fatal(err)
			}
			var got []pathChange
			if err := (objects{s: o.s, raw: newRawCache()}).streamDiff(from, to, appendTo(&got)); err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, c := range got {
				paths = append(paths, c.Path)
			}
			if strings.Join(paths, ",") != tc.want || !reflect.DeepEqual(got, want) {
				t.Errorf("%s, added %v: streamed %v, want %s and the decoded diff's entries", tc.name, added, paths, tc.want)
			}
		}
	}
}

// sortGit orders entries as Git writes them.
func sortGit(es []object.TreeEntry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && gitCompare(es[j-1], es[j]) > 0; j-- {
			es[j-1], es[j] = es[j], es[j-1]
		}
	}
}
