package index_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
)

// requestsList is what `codal list requests` prints of a Lister, in a form
// two listers can be compared by: each row of the board (rank, id, title,
// status, communes and supporters with the names it shows for them), and
// the ids a query finds.
func requestsList(t *testing.T, l catalogue.Lister, query string) string {
	t.Helper()
	type row struct {
		Rank                 int
		ID, Title, Status    string
		Communes, Supporters []string
		Requested, Addressed string
	}
	name := func(id string) string {
		if a := l.Actor(id); a != nil {
			return id + "=" + a.Name
		}
		return id
	}
	names := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return out
	}
	board, err := l.ListRequests(nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for _, s := range board {
		rows = append(rows, row{s.Rank, s.Request.ID, s.Request.Title, string(s.Status), names(s.Communes), names(s.Supporters),
			name(s.Request.RequestedBy), name(s.Request.AddressedTo)})
	}
	found, err := l.ListRequests(catalogue.Terms(query))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range found {
		ids = append(ids, s.Request.ID)
	}
	data, err := json.Marshal(struct {
		Rows  []row
		Found []string
	}{rows, ids})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// replaceIn rewrites file p of the registry at dir with old replaced by
// new (the same length: only the file's time and content tell).
func replaceIn(t *testing.T, dir, p, old, new string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), old, new, 1)
	if edited == string(data) {
		t.Fatalf("%s holds no %q: adapt the test to the demo", p, old)
	}
	if err := os.WriteFile(full, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestScopedListFindsEachHandEdit: `codal list requests` checks only the
// files a list of requests reads (the requests and the directory, with
// registry.yaml and the root folder), and each kind of hand edit of them
// still shows in the next list exactly as a full load shows it: an edit in
// place of the same size, a file added, a file removed, a folder added to
// the kind, a folder removed, and an actor renamed (the rows show the
// names of the communes, the query matches them).
func TestScopedListFindsEachHandEdit(t *testing.T) {
	base := demo(t)
	for name, tc := range map[string]struct {
		edit  func(t *testing.T, dir string)
		query string
	}{
		"title edited in place, same size": {func(t *testing.T, dir string) {
			replaceIn(t, dir, "requests/budget-climat/request.yaml", "Budget climat", "Budget clamat")
		}, "clamat"},
		"vote added": {func(t *testing.T, dir string) {
			write(t, dir, "requests/bornes-recharge-irve/votes/vanves.yaml", voteYAML("ajouté à la main"))
		}, "vanves"},
		"vote removed": {func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "requests/budget-climat/votes/meudon.yaml")); err != nil {
				t.Fatal(err)
			}
		}, "meudon"},
		"request folder added": {func(t *testing.T, dir string) {
			out, err := exec.Command("cp", "-r", filepath.Join(dir, "requests/budget-climat"), filepath.Join(dir, "requests/budget-climat-copie")).CombinedOutput()
			if err != nil {
				t.Fatalf("cp: %v\n%s", err, out)
			}
		}, "budget-climat-copie"},
		"request folder removed": {func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "requests/accessibilite-erp")); err != nil {
				t.Fatal(err)
			}
		}, "accessibilite"},
		"actor renamed": {func(t *testing.T, dir string) {
			replaceIn(t, dir, "actors/meudon.yaml", "name: Meudon", "name: Meudoz")
		}, "meudoz"},
	} {
		t.Run(name, func(t *testing.T) {
			r := copyOf(t, base)
			before := listOf(t, r, tc.query)
			tc.edit(t, r.Dir())
			want, err := catalogue.Load(os.DirFS(r.Dir()))
			if err != nil {
				t.Fatal(err)
			}
			if requestsList(t, want, tc.query) == before {
				t.Fatal("the edit changes nothing a list of requests shows: adapt the test")
			}
			if got := listOf(t, r, tc.query); got != requestsList(t, want, tc.query) {
				t.Fatalf("list requests after the edit:\n%s\nwant (a full load):\n%s", got, requestsList(t, want, tc.query))
			}
		})
	}
}

// copyOf is a copy of registry base (work tree and .git, times kept, the
// objects linked: registrytest.CopyRepo), with an index of its own.
func copyOf(t *testing.T, base *registry.Registry) *registry.Registry {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "reg")
	if err := registrytest.CopyRepo(dir, base.Dir()); err != nil {
		t.Fatal(err)
	}
	r, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.IndexPath = filepath.Join(t.TempDir(), "cache", "index")
	return r
}

// listOf is the list of requests through the index, as `codal list
// requests` reads it.
func listOf(t *testing.T, r *registry.Registry, query string) string {
	t.Helper()
	l, err := r.Lister(catalogue.Requests)
	if err != nil {
		t.Fatal(err)
	}
	return requestsList(t, l, query)
}

// TestScopedListLeavesOtherKinds: a hand edit in a kind a list does not read
// (a snippet's title, for a list of requests) neither costs the list a
// check of that kind nor is lost: the list leaves the index as it is, and
// the next list of snippets shows the edit.
func TestScopedListLeavesOtherKinds(t *testing.T) {
	r := demo(t)
	listOf(t, r, "")
	const p = "snippets/communes-gpso-geo-api/snippet.yaml"
	data, err := os.ReadFile(filepath.Join(r.Dir(), p))
	if err != nil {
		t.Fatal(err)
	}
	title, _, _ := strings.Cut(strings.TrimPrefix(string(data), "title: "), "\n")
	if !strings.HasPrefix(string(data), "title: ") || title == "" {
		t.Fatalf("%s does not start with its title: adapt the test", p)
	}
	edited := "Zz " + title
	replaceIn(t, r.Dir(), p, "title: "+title, "title: "+edited)
	was, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	listOf(t, r, "")
	if now, _ := os.ReadFile(r.IndexPath); string(now) != string(was) {
		t.Fatal("a list of requests checked the snippets (the index was written again after a snippet's edit)")
	}
	l, err := r.Lister(catalogue.Snippets)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := l.ListSnippets(catalogue.Terms(edited))
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 1 || xs[0].Title != edited {
		t.Fatalf("the next list of snippets does not show the edited title %q: %d found", edited, len(xs))
	}
	same(t, r, "the whole check after both lists")
}

// TestScopedCheckIsTheWholeCheckInScope: Table.ChangedIn and
// Mapped.ChangedIn report, for each hand edit, exactly the paths Changed
// reports under the kinds checked (and a new or removed top folder, which
// the root's row shows), nothing of the others.
func TestScopedCheckIsTheWholeCheckInScope(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("the scoped check against the whole check, kind by kind: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	kinds := catalogue.ListReads(catalogue.Requests)
	base := demo(t)
	for name, tc := range map[string]struct {
		edit func(t *testing.T, dir string)
		want []string
	}{
		"nothing": {func(*testing.T, string) {}, nil},
		"a vote in place": {func(t *testing.T, dir string) {
			replaceIn(t, dir, "requests/budget-climat/votes/meudon.yaml", "Utile pour", "Utile vers")
		}, []string{"requests/budget-climat/votes/meudon.yaml"}},
		"an actor added": {func(t *testing.T, dir string) {
			write(t, dir, "actors/nouvel-acteur.yaml", []byte("name: x\n"))
		}, []string{"actors/nouvel-acteur.yaml"}},
		"a snippet edited": {func(t *testing.T, dir string) {
			replaceIn(t, dir, "snippets/communes-gpso-geo-api/snippet.yaml", "title: ", "title: X")
		}, nil},
		"a snippet added": {func(t *testing.T, dir string) {
			write(t, dir, "snippets/nouveau/snippet.yaml", []byte("title: x\n"))
		}, nil},
		"a kind folder removed": {func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "tips")); err != nil {
				t.Fatal(err)
			}
		}, []string{"tips"}},
		"registry.yaml edited": {func(t *testing.T, dir string) {
			f, err := os.OpenFile(filepath.Join(dir, catalogue.MetaFile), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("\n")
			f.Close()
		}, []string{catalogue.MetaFile}},
	} {
		t.Run(name, func(t *testing.T) {
			r := copyOf(t, base)
			if _, err := r.Catalogue(); err != nil {
				t.Fatal(err)
			}
			m, err := index.Open(r.IndexPath)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			tc.edit(t, r.Dir())
			at := time.Now()
			got, folders, err := m.ChangedIn(r.Dir(), at, kinds)
			if err != nil {
				t.Fatal(err)
			}
			table, err := m.Stats()
			if err != nil {
				t.Fatal(err)
			}
			fromTable, tableFolders := table.ChangedIn(r.Dir(), at, kinds)
			if !slices.Equal(got, fromTable) || len(folders) != len(tableFolders) {
				t.Fatalf("Mapped.ChangedIn = %v (folders %v), Table.ChangedIn = %v (folders %v)", got, folders, fromTable, tableFolders)
			}
			whole, _ := table.Changed(r.Dir(), at)
			var want []string
			for _, p := range whole {
				top, _, _ := strings.Cut(p, "/")
				if top == "." || top == catalogue.MetaFile || slices.Contains(kinds, catalogue.Kind(top)) || !strings.Contains(p, "/") {
					want = append(want, p)
				}
			}
			if !slices.Equal(got, want) || !slices.Equal(got, tc.want) {
				t.Fatalf("ChangedIn(%v) = %v; the whole check in scope: %v; want %v", kinds, got, want, tc.want)
			}
		})
	}
}
