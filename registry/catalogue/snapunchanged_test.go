package catalogue_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// TestUnchangedIsSound: along random change sequences (every kind of step),
// Snapshot.Unchanged of the paths a step touched says true only when a full
// load now encodes, byte for byte, the snapshot it was asked about; and
// roots (and registry.yaml) rewritten with the bytes they held (touched, not changed) are
// always found unchanged.
func TestUnchangedIsSound(t *testing.T) {
	steps, n := 40, 60
	if registrytest.Long() {
		steps, n = 300, 150
	}
	m := mapRegistry(t, n, 19)
	x := &mutator{m: m, rng: rand.New(rand.NewPCG(19, 3)), ops: []int{-1}}
	encode := func() []byte {
		c, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		data, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	data := encode()
	said := 0
	for i := range steps {
		snap, err := catalogue.OpenSnapshot(data)
		if err != nil {
			t.Fatal(err)
		}
		// files rewritten as they were, under a few roots
		var same []string
		paths := slices.Sorted(func(yield func(string) bool) {
			for p := range m {
				if !yield(p) {
					return
				}
			}
		})
		for range 3 {
			p := paths[x.rng.IntN(len(paths))]
			if catalogue.RootOf(p) == "" || m[p].Mode.IsDir() {
				continue
			}
			m[p].Data = bytes.Clone(m[p].Data)
			same = append(same, p)
		}
		same = append(same, catalogue.MetaFile)
		if !snap.Unchanged(m, same) {
			t.Fatalf("step %d: %v rewritten as they were: not unchanged", i, same)
		}
		x.did, x.touched = nil, nil
		x.step()
		now := encode()
		if snap.Unchanged(m, x.touched) {
			said++
			if !bytes.Equal(now, data) {
				t.Fatalf("step %d (ops %v, paths %v): unchanged, but a full load encodes another snapshot", i, x.did, x.touched)
			}
		}
		data = now
	}
	t.Logf("%d steps of %d found unchanged", said, steps)
}

// TestUnchangedFindsEachChange: a vote's comment edited, a file added to a
// request's folder, a request filed, registry.yaml given triagers, a bad
// response clock or a key twice: not unchanged; a YAML comment added (the
// entry, or registry.yaml, reads the same), or a root that
// is nowhere, in the snapshot or on disk, is.
func TestUnchangedFindsEachChange(t *testing.T) {
	m := mapRegistry(t, 30, 5)
	c, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := catalogue.OpenSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	var vote string
	for p := range m {
		if strings.Contains(p, "/votes/") && strings.HasSuffix(p, ".yaml") {
			vote = p
			break
		}
	}
	if vote == "" {
		t.Fatal("no vote in the registry")
	}
	root := catalogue.RootOf(vote)
	if !snap.Unchanged(m, []string{root, "requests/nowhere"}) {
		t.Fatal("nothing changed: not unchanged")
	}
	old := m[vote].Data
	m[vote].Data = append(bytes.Clone(old), []byte("\nneed: édité à la main\n")...)
	if snap.Unchanged(m, []string{vote}) {
		t.Fatal("a vote edited: unchanged")
	}
	m[vote].Data = append(bytes.Clone(old), []byte("\n# un commentaire YAML\n")...)
	if !snap.Unchanged(m, []string{vote}) {
		t.Fatal("a YAML comment added (the entry reads the same): not unchanged")
	}
	m[vote].Data = old
	m[root+"/notes.txt"] = m[vote]
	if snap.Unchanged(m, []string{root + "/notes.txt"}) {
		t.Fatal("a file added: unchanged")
	}
	delete(m, root+"/notes.txt")
	m["requests/nouvelle/request.yaml"] = m[root+"/"+catalogue.RequestFile]
	if snap.Unchanged(m, []string{"requests/nouvelle"}) {
		t.Fatal("a request filed: unchanged")
	}
	delete(m, "requests/nouvelle/request.yaml")
	if !snap.Unchanged(m, []string{root}) {
		t.Fatal("back as it was: not unchanged")
	}
	if !snap.Unchanged(m, []string{catalogue.MetaFile}) {
		t.Fatal("registry.yaml as it was: not unchanged")
	}
	meta := m[catalogue.MetaFile].Data
	m[catalogue.MetaFile].Data = append(bytes.Clone(meta), []byte("\n# un commentaire\n")...)
	if !snap.Unchanged(m, []string{catalogue.MetaFile}) {
		t.Fatal("registry.yaml with a YAML comment added: not unchanged")
	}
	for _, edit := range []string{"triagers:\n  - meudon\n", "response_days: -3\n", "format: 1\nformat: 1\n"} {
		m[catalogue.MetaFile].Data = append(bytes.Clone(meta), []byte("\n"+edit)...)
		if snap.Unchanged(m, []string{catalogue.MetaFile}) {
			t.Fatalf("registry.yaml given %q: unchanged", edit)
		}
	}
	m[catalogue.MetaFile].Data = meta
	if snap.Unchanged(m, []string{catalogue.MetaFile, root + "/notes.txt", "requests/x/y"}) == false {
		t.Fatal("registry.yaml and roots that are nowhere: not unchanged")
	}
}
