package registry

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/gpso/codal/registry/catalogue"
)

var testSig = object.Signature{Name: testWho.Name, Email: testWho.Email, When: time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)}

// testWho is testSig as the identity the store API takes.
var testWho = catalogue.Identity{Name: "Camille Martin", Email: "camille@example.org"}

func head(t testing.TB, r *Registry) plumbing.Hash {
	t.Helper()
	h, err := r.repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	return h.Hash()
}

func TestCommitOnBuildsTreeWithoutTouchingRefsOrWorkTree(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	parent := head(t, r)
	files := map[string][]byte{
		"requests/budget/votes/vanves.yaml":                 []byte("name: A\n"),
		"requests/budget/events/20260302T101500Z-gpso.yaml": []byte("status: planned\n"),
		"requests/neuf/request.yaml":                        []byte("title: Neuf\n"),
		"requests/neuf.d/x.yaml":                            []byte("x\n"),
		"requests/neuf-a/x.yaml":                            []byte("y\n"),
		"actors/sevres.yaml":                                nil,
		"nope/never/existed.yaml":                           nil,
	}
	h, err := r.commitOnParent(parent, catalogue.Change{Message: "Vote", Files: files}, testSig)
	if err != nil {
		t.Fatal(err)
	}
	if got := head(t, r); got != parent {
		t.Fatalf("HEAD moved to %s", got)
	}
	if st := gitOut(t, r.Dir(), "status", "--porcelain"); st != "" {
		t.Fatalf("work tree touched:\n%s", st)
	}
	gitOut(t, r.Dir(), "fsck", "--strict", "--no-dangling", h.String())
	list := gitOut(t, r.Dir(), "ls-tree", "-r", "--name-only", h.String())
	want := []string{
		"actors/gpso.yaml", "actors/vanves.yaml", "registry.yaml",
		"requests/budget/events/20260302T101500Z-gpso.yaml", "requests/budget/request.yaml", "requests/budget/votes/vanves.yaml",
		"requests/neuf-a/x.yaml", "requests/neuf.d/x.yaml", "requests/neuf/request.yaml",
	}
	if list != strings.Join(want, "\n") {
		t.Fatalf("tree:\n%s\nwant:\n%s", list, strings.Join(want, "\n"))
	}
	if got := gitOut(t, r.Dir(), "show", h.String()+":requests/budget/votes/vanves.yaml"); got != "name: A" {
		t.Fatalf("content %q", got)
	}
	if got := gitOut(t, r.Dir(), "log", "-1", "--format=%P|%an|%ae|%cn|%s|%at", h.String()); got != parent.String()+"|Camille Martin|camille@example.org|Camille Martin|Vote|1772446500" {
		t.Fatalf("commit %q", got)
	}
	// Deleting the only file of folders removes the folders.
	h2, err := r.commitOnParent(h, catalogue.Change{Message: "Retrait", Files: map[string][]byte{"requests/neuf.d/x.yaml": nil}}, testSig)
	if err != nil {
		t.Fatal(err)
	}
	if out := gitOut(t, r.Dir(), "ls-tree", "--name-only", h2.String(), "requests/"); out != "requests/budget\nrequests/neuf-a\nrequests/neuf" {
		t.Fatalf("after delete: %q", out)
	}
	gitOut(t, r.Dir(), "fsck", "--strict", "--no-dangling", h2.String())
}

func TestCommitOnNoChangeAndRootCommit(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	parent := head(t, r)
	same := map[string][]byte{"registry.yaml": []byte("format: 1\nname: Test\nlanguage: fr\ntriagers: [gpso]\n"), "absent.yaml": nil}
	h, err := r.commitOnParent(parent, catalogue.Change{Message: "x", Files: same}, testSig)
	if !errors.Is(err, errNoChange) || h != parent {
		t.Fatalf("got %s, %v; want parent and errNoChange", h, err)
	}
	root, err := r.commitOnParent(plumbing.ZeroHash, catalogue.Change{Message: "root", Files: map[string][]byte{"a/b.txt": []byte("b")}}, testSig)
	if err != nil {
		t.Fatal(err)
	}
	if p := gitOut(t, r.Dir(), "log", "-1", "--format=%P", root.String()); p != "" {
		t.Fatalf("root commit has parents %q", p)
	}
	if got := gitOut(t, r.Dir(), "ls-tree", "-r", "--name-only", root.String()); got != "a/b.txt" {
		t.Fatalf("root tree %q", got)
	}
}

func TestCommitOnRefusesBadPaths(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	parent := head(t, r)
	for _, p := range []string{"", "/abs", "a/../b", "./a", "a//b", "a/", ".git/config", "x/.GIT/hooks", "a\\b", "..", "a/./b"} {
		_, err := r.commitOnParent(parent, catalogue.Change{Message: "x", Files: map[string][]byte{p: []byte("x")}}, testSig)
		if err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
	_, err := r.commitOnParent(parent, catalogue.Change{Message: "x", Files: map[string][]byte{"a": []byte("x"), "a/b": []byte("y")}}, testSig)
	if err == nil {
		t.Error("file and folder at the same path accepted")
	}
	if _, err := r.commitOnParent(parent, catalogue.Change{Message: "x"}, testSig); err == nil {
		t.Error("empty change accepted")
	}
}
