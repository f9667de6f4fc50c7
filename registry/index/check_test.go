package index_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/index"
	"github.com/gpso/codal/registry/registrytest"
)

// TestInPlaceCheckFindsEachHandEdit: the stat check read in place from the
// mapped index file (Mapped.Changed, what list and the app run) reports each
// kind of hand edit at its path, exactly as the decoded table's check does,
// and nothing on an untouched tree.
func TestInPlaceCheckFindsEachHandEdit(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("every kind of hand edit, each against a fresh index: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	vote := "requests/budget-climat/votes/meudon.yaml"
	for name, tc := range map[string]struct {
		edit func(t *testing.T, dir string)
		want []string
	}{
		"same-size edit in place": {func(t *testing.T, dir string) {
			p := filepath.Join(dir, vote)
			data, _ := os.ReadFile(p)
			data[len(data)-3] ^= 0x20
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt(data, 0)
			f.Close()
		}, []string{vote}},
		"file added": {func(t *testing.T, dir string) {
			write(t, dir, "requests/bornes-recharge-irve/votes/vanves.yaml", voteYAML("x"))
		}, []string{"requests/bornes-recharge-irve/votes/vanves.yaml"}},
		"file removed": {func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, vote)); err != nil {
				t.Fatal(err)
			}
		}, []string{vote}},
		"folder removed": {func(t *testing.T, dir string) {
			os.RemoveAll(filepath.Join(dir, "requests/accessibilite-erp"))
		}, []string{"requests/accessibilite-erp"}},
		"link appearing": {func(t *testing.T, dir string) {
			if err := os.Symlink("meudon.yaml", filepath.Join(dir, "requests/budget-climat/votes/lien.yaml")); err != nil {
				t.Fatal(err)
			}
		}, []string{"requests/budget-climat/votes/lien.yaml"}},
		"file replaced by a link": {func(t *testing.T, dir string) {
			p := filepath.Join(dir, vote)
			os.Remove(p)
			if err := os.Symlink("chaville.yaml", p); err != nil {
				t.Fatal(err)
			}
		}, []string{vote}},
		"folder replaced by a link": {func(t *testing.T, dir string) {
			p := filepath.Join(dir, "requests/accessibilite-erp")
			os.RemoveAll(p)
			if err := os.Symlink("budget-climat", p); err != nil {
				t.Fatal(err)
			}
		}, []string{"requests/accessibilite-erp"}},
		"mode changed": {func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, vote), 0o755); err != nil {
				t.Fatal(err)
			}
		}, []string{vote}},
		"kind folder added to": {func(t *testing.T, dir string) {
			write(t, dir, "actors/nouvel-acteur.yaml", []byte("name: x\n"))
		}, []string{"actors/nouvel-acteur.yaml"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := demo(t)
			if _, err := r.Catalogue(); err != nil {
				t.Fatal(err)
			}
			m, err := index.Open(r.IndexPath)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			if ch, _, err := m.Changed(r.Dir(), time.Now()); err != nil || len(ch) != 0 {
				t.Fatalf("changed before any edit: %v, %v", ch, err)
			}
			tc.edit(t, r.Dir())
			at := time.Now() // one time for both checks: it decides which rows are racy
			got, folders, err := m.Changed(r.Dir(), at)
			if err != nil {
				t.Fatal(err)
			}
			var top []string
			for _, p := range got {
				if !slices.ContainsFunc(top, func(q string) bool { return strings.HasPrefix(p, q+"/") }) {
					top = append(top, p)
				}
			}
			if !slices.Equal(top, tc.want) {
				t.Fatalf("Mapped.Changed = %v, want %v", got, tc.want)
			}
			table, err := m.Stats()
			if err != nil {
				t.Fatal(err)
			}
			want, wantFolders := table.Changed(r.Dir(), at)
			if !slices.Equal(got, want) {
				t.Fatalf("Mapped.Changed = %v, Table.Changed = %v", got, want)
			}
			if len(folders) != len(wantFolders) {
				t.Fatalf("folders listed again: %v in place, %v from the table", folders, wantFolders)
			}
			for i := range folders {
				if folders[i] != wantFolders[i] {
					t.Fatalf("folder row %+v in place, %+v from the table", folders[i], wantFolders[i])
				}
			}
		})
	}
}

// TestInPlaceCheckRefusesUnsortedRows: the binary searches of the check
// assume sorted rows; a table that is not (a foreign or damaged file with
// good checksums) is ErrBad, rebuilt, never a wrong answer.
func TestInPlaceCheckRefusesUnsortedRows(t *testing.T) {
	r := demo(t)
	table := index.Scan(r.Dir(), time.Now())
	table[1], table[len(table)-1] = table[len(table)-1], table[1]
	f := filepath.Join(t.TempDir(), "index")
	if err := index.Write(f, &index.File{Stats: table, Snapshot: []byte{}}); err != nil {
		t.Fatal(err)
	}
	m, err := index.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, _, err := m.Changed(r.Dir(), time.Now()); !errors.Is(err, index.ErrBad) {
		t.Fatalf("Mapped.Changed of unsorted rows: %v, want ErrBad", err)
	}
}

// TestListerReadsOnlyItsBlocks: a list checks the index's tables, its list
// section and the records lists decode (every kind's but the requests'),
// not the requests' records: a damaged block in a request's record leaves
// the list as it is (the next whole check rebuilds), a damaged block in
// another kind's record is found and rebuilt.
func TestListerReadsOnlyItsBlocks(t *testing.T) {
	defer index.SetBlockSize(256)()
	r := demo(t)
	c := same(t, r, "first load")
	good, err := os.ReadFile(r.IndexPath)
	if err != nil {
		t.Fatal(err)
	}
	title := c.Request("budget-climat").Title
	at := strings.LastIndex(string(good), title)
	if at < 0 {
		t.Fatalf("title %q not in the index file", title)
	}
	bad := append([]byte(nil), good...)
	bad[at+1] ^= 0x40
	if err := os.WriteFile(r.IndexPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := r.Lister()
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := l.ListRequests(nil); err != nil || len(rows) != len(c.Requests) {
		t.Fatalf("ListRequests after a damaged request record: %d rows, %v", len(rows), err)
	}
	if now, _ := os.ReadFile(r.IndexPath); string(now) != string(bad) {
		t.Fatal("the list read (and rebuilt for) a request's record it does not read")
	}
	same(t, r, "the whole check after a damaged request record")
	valid(t, r)

	// the last record of the file is not a request's (tips, trainings
	// sort after requests): a list checks it and rebuilds
	bad = append([]byte(nil), good...)
	bad[len(bad)-3] ^= 0x40
	if err := os.WriteFile(r.IndexPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Lister(); err != nil {
		t.Fatal(err)
	}
	valid(t, r)
}
