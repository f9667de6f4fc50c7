package registry

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

func TestUnshared(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	check := func(k catalogue.Kind, id string, want store.Unshared) {
		t.Helper()
		got, err := r.Unshared(k, id)
		if err != nil {
			t.Fatal(err)
		}
		want.Base = got.Base
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Unshared(%s/%s) = %+v, want %+v", k, id, got, want)
		}
		if got.Any() != (!want.Diff.Empty() || want.Branch != "") {
			t.Fatalf("Any() = %v for %+v", got.Any(), got)
		}
	}
	write := func(p, content string) {
		t.Helper()
		full := filepath.Join(r.Dir(), filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Nothing changed: nothing to propose, compared with HEAD (no remote).
	check(catalogue.Actors, "sevres", store.Unshared{})
	check(catalogue.Requests, "budget", store.Unshared{})
	if u, _ := r.Unshared(catalogue.Actors, "sevres"); u.Remote || u.Base.String() != gitOut(t, r.Dir(), "rev-parse", "HEAD") {
		t.Fatalf("base %s (remote %v), want HEAD", u.Base, u.Remote)
	}

	// Changed, added and removed files of one entry; others untouched.
	write("actors/sevres.yaml", "name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23600\n")
	write("requests/budget/votes/sevres.yaml", "need: useful\n")
	write("requests/budget/.hidden", "ignored\n")
	if err := os.Remove(filepath.Join(r.Dir(), "actors", "vanves.yaml")); err != nil {
		t.Fatal(err)
	}
	check(catalogue.Actors, "sevres", store.Unshared{Diff: store.EntryDiff{Modified: []string{"actors/sevres.yaml"}}})
	check(catalogue.Requests, "budget", store.Unshared{Diff: store.EntryDiff{Added: []string{"requests/budget/votes/sevres.yaml"}}})
	check(catalogue.Actors, "vanves", store.Unshared{Diff: store.EntryDiff{Removed: []string{"actors/vanves.yaml"}}})
	check(catalogue.Actors, "gpso", store.Unshared{})

	// A share branch counts even when the files are the same here.
	h, _ := r.Head()
	if err := r.SetBranch(catalogue.ShareBranch(catalogue.Actors, "gpso"), h, DemoAuthor, time.Now()); err != nil {
		t.Fatal(err)
	}
	check(catalogue.Actors, "gpso", store.Unshared{Branch: "codal/actor-gpso"})

	// With a remote, the comparison is with origin's branch: a change
	// committed here but not pushed is still to propose.
	gitOut(t, r.Dir(), "remote", "add", "origin", filepath.Join(t.TempDir(), "nowhere.git"))
	gitOut(t, r.Dir(), "update-ref", "refs/remotes/origin/main", "HEAD")
	gitOut(t, r.Dir(), "add", "-A")
	gitOut(t, r.Dir(), "commit", "-qm", "local")
	u, err := r.Unshared(catalogue.Actors, "sevres")
	if err != nil || !u.Remote || u.Base != h || !reflect.DeepEqual(u.Diff.Modified, []string{"actors/sevres.yaml"}) {
		t.Fatalf("after a local commit: %+v %v", u, err)
	}
	gitOut(t, r.Dir(), "update-ref", "refs/remotes/origin/main", "HEAD")
	check(catalogue.Actors, "sevres", store.Unshared{Remote: true})
}
