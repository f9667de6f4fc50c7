package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

const linkSecret = "SECRET-OUTSIDE-THE-REGISTRY"

// linkedClone builds, with the git CLI, an upstream registry where a snippet
// file is committed as a relative symbolic link leading out of the clone
// (snippets/evil/passwd -> ../../../secret.txt), and a whole snippet folder
// is a link (snippets/evil-dir -> ../../outside-dir), then clones it as
// anyone would: git checks links out as links. It returns the clone's
// registry.
func linkedClone(t *testing.T) *Registry {
	t.Helper()
	isolateGit(t)
	base := t.TempDir()
	// base/secret.txt and base/outside-dir sit next to the clone base/clone.
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte(linkSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(base, "outside-dir")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"snippet.yaml": "title: Ailleurs\nlanguage: text\nauthor: gpso\nlicense: MIT\nfiles: [code.txt]\n",
		"code.txt":     linkSecret + "\n",
	} {
		if err := os.WriteFile(filepath.Join(outside, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	up := filepath.Join(base, "upstream")
	for p, data := range smallRegistry() {
		full := filepath.Join(up, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	evil := filepath.Join(up, "snippets", "evil")
	if err := os.MkdirAll(evil, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(evil, "snippet.yaml"), []byte("title: Mots de passe\nlanguage: text\nauthor: gpso\nlicense: MIT\nfiles: [passwd]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../../secret.txt", filepath.Join(evil, "passwd")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../outside-dir", filepath.Join(up, "snippets", "evil-dir")); err != nil {
		t.Fatal(err)
	}
	gitOut(t, up, "init", "-q", "-b", "main")
	gitOut(t, up, "add", "-A")
	gitOut(t, up, "commit", "-q", "-m", "init")
	clone := filepath.Join(base, "clone")
	gitOut(t, base, "clone", "-q", up, clone)
	if target, err := os.Readlink(filepath.Join(clone, "snippets", "evil", "passwd")); err != nil || target != "../../../secret.txt" {
		t.Fatalf("the clone does not hold the link: %q, %v", target, err)
	}
	r, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantLinkRefusal checks err is the refusal of a symbolic link, in one
// sentence naming the entry and the link, and that nothing behind the link
// came back.
func wantLinkRefusal(t *testing.T, what string, data []byte, err error, want string) {
	t.Helper()
	if strings.Contains(string(data), linkSecret) {
		t.Errorf("%s read the file behind the link: %q", what, data)
	}
	if !errors.Is(err, store.ErrSymlink) {
		t.Fatalf("%s: err = %v, want a refused symbolic link", what, err)
	}
	if got := i18n.Message(err, i18n.EN); got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestReadersRefuseSymlinks(t *testing.T) {
	r := linkedClone(t)
	const fileMsg = "the entry snippets/evil holds a symbolic link, snippets/evil/passwd: codal never follows a link (it can lead outside the registry)"
	const dirMsg = "snippets/evil-dir is a symbolic link: codal never follows a link (it can lead outside the registry)"

	c, err := r.Load()
	if err != nil {
		t.Fatal(err)
	}
	// lint: each link is a `symlink` problem at its path.
	found := map[string]bool{}
	for _, p := range c.Problems {
		if p.Code == "symlink" {
			found[p.Path] = true
		}
	}
	for _, p := range []string{"snippets/evil/passwd", "snippets/evil-dir"} {
		if !found[p] {
			t.Errorf("lint does not report the link %s: %v", p, c.Problems)
		}
	}
	s := c.Snippet("evil")
	if s == nil {
		t.Fatal("snippet evil not loaded")
	}
	// show and the app's detail and copy read through SnippetFile.
	data, err := r.ReadFile(catalogue.SnippetPath(s.ID, "passwd"))
	wantLinkRefusal(t, "ReadFile", data, err, fileMsg)
	data, err = r.ReadFile("snippets/evil-dir/code.txt")
	wantLinkRefusal(t, "ReadFile through a linked folder", data, err, dirMsg)

	// share reads the entry from the work tree, and from commits.
	files, err := r.EntryFiles(catalogue.Snippets, "evil")
	wantLinkRefusal(t, "EntryFiles", files["snippets/evil/passwd"], err, fileMsg)
	files, err = r.EntryFiles(catalogue.Snippets, "evil-dir")
	wantLinkRefusal(t, "EntryFiles of a linked folder", files["snippets/evil-dir/code.txt"], err, dirMsg)
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	files, err = r.EntryFilesAt(head, catalogue.Snippets, "evil")
	wantLinkRefusal(t, "EntryFilesAt", files["snippets/evil/passwd"], err, fileMsg)
	files, err = r.EntryFilesAt(head, catalogue.Snippets, "evil-dir")
	wantLinkRefusal(t, "EntryFilesAt of a linked folder", nil, err, dirMsg)

	// A catalogue loaded from the commit reports the link, and a read of
	// the commit's tree refuses it, rather than handing out the link's
	// target as the file's content.
	fromCommit, err := r.LoadCommit(head)
	if err != nil {
		t.Fatal(err)
	}
	if !fact.HasCode(fromCommit.ProblemsUnder("snippets/evil"), "symlink") {
		t.Errorf("the commit's link is not reported: %v", fromCommit.ProblemsUnder("snippets/evil"))
	}
	commit, err := object.GetCommit(r.gitRepo().Storer, gitHash(head))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := commit.Tree()
	if err != nil {
		t.Fatal(err)
	}
	data, err = catalogue.ReadNoFollow(newTreeFS(r.gitRepo().Storer, tree), "snippets/evil/passwd", catalogue.MaxFactSize)
	wantLinkRefusal(t, "a read of the commit's tree", data, err, fileMsg)
	if strings.Contains(string(data), "secret.txt") {
		t.Errorf("the link's target came back as content: %q", data)
	}

	// Whoever fixes the entry (the link replaced by a regular file) can
	// still propose it: the commit's link is data to replace, not a file
	// to follow.
	fixed := filepath.Join(r.Dir(), "snippets", "evil", "passwd")
	if err := os.Remove(fixed); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixed, []byte("root:x:0:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err = r.EntryFiles(catalogue.Snippets, "evil")
	if err != nil {
		t.Fatal(err)
	}
	sig := object.Signature{Name: "Test", Email: "test@example.org"}
	proposal, err := r.buildEntryCommit(gitHash(head), catalogue.Snippets, "evil", files, "fix", sig)
	if err != nil {
		t.Fatalf("the fixed entry cannot be proposed: %v", err)
	}
	if mode := gitOut(t, r.Dir(), "ls-tree", proposal.String(), "snippets/evil/passwd"); !strings.HasPrefix(mode, "100644 blob") {
		t.Errorf("proposed passwd: %q, want a regular file", mode)
	}
}

// registry.yaml itself as a link stops the load with one sentence.
func TestLoadRefusesALinkedRegistryYAML(t *testing.T) {
	r := newTestRegistry(t, smallRegistry())
	outside := filepath.Join(t.TempDir(), "registry.yaml")
	if err := os.WriteFile(outside, []byte("format: 1\nname: "+linkSecret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	meta := filepath.Join(r.Dir(), catalogue.MetaFile)
	if err := os.Remove(meta); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, meta); err != nil {
		t.Fatal(err)
	}
	c, err := r.Load()
	if c != nil && strings.Contains(c.Meta.Name, linkSecret) {
		t.Fatal("registry.yaml was read through the link")
	}
	wantLinkRefusal(t, "Load", nil, err, "registry.yaml is a symbolic link: codal never follows a link (it can lead outside the registry)")
}

// linkFolder replaces the registry folder dir by a symbolic link to a new
// empty folder outside the registry, which it returns.
func linkFolder(t *testing.T, r *Registry, dir string) string {
	t.Helper()
	outside := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(r.Dir(), dir)
	if err := os.RemoveAll(full); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, full); err != nil {
		t.Fatal(err)
	}
	return outside
}

func wantEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("written outside the registry: %s", filepath.Join(dir, e.Name()))
	}
}

// requests/ -> /elsewhere: a write refuses before the branch moves, and
// nothing is written outside the registry.
func TestWriteRefusesBeyondASymlink(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	outside := linkFolder(t, r, "requests")
	before, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	who := catalogue.Identity{Name: "Test", Email: "test@example.org"}
	_, err = r.Write(context.Background(), catalogue.Change{Message: "new", Files: map[string][]byte{
		"requests/voirie/request.yaml": []byte("title: Voirie\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-06\n"),
	}}, who, time.Time{}, store.WriteOptions{Offline: true})
	wantLinkRefusal(t, "Write", nil, err,
		"cannot write requests/voirie/request.yaml: requests is a symbolic link, and codal never writes beyond a symbolic link (it can lead outside the registry)")
	wantEmpty(t, outside)
	if after, _ := r.Head(); after != before {
		t.Errorf("the branch moved from %s to %s", before, after)
	}
	if out := gitOut(t, r.Dir(), "status", "--porcelain", "--", "requests/voirie"); out != "" {
		t.Errorf("git sees changes: %s", out)
	}
}

// snippets/ -> /elsewhere: snippet add refuses before making its branch,
// and writes nothing outside the registry.
func TestAddSnippetRefusesBeyondASymlink(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	if err := os.MkdirAll(filepath.Join(r.Dir(), "snippets"), 0o755); err != nil {
		t.Fatal(err)
	}
	outside := linkFolder(t, r, "snippets")
	who := catalogue.Identity{Name: "Test", Email: "test@example.org"}
	_, err := r.AddSnippet(context.Background(), catalogue.NewSnippet{
		Title: "Luhn", Author: "gpso", Files: []catalogue.CodeFile{{Name: "luhn.js", Data: []byte("function luhn() {}\n")}},
	}, who, time.Time{})
	wantLinkRefusal(t, "AddSnippet", nil, err,
		"cannot write snippets/luhn: snippets is a symbolic link, and codal never writes beyond a symbolic link (it can lead outside the registry)")
	wantEmpty(t, outside)
	if branches, _ := r.ShareBranches(); len(branches) > 0 {
		t.Errorf("share branches made: %v", branches)
	}
}
