package catalogue_test

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

func TestRootOf(t *testing.T) {
	for p, want := range map[string]string{
		"requests/budget/request.yaml":                          "requests/budget",
		"requests/budget/votes/sevres.yaml":                     "requests/budget",
		"requests/budget/comments/20260305T093000Z-meudon.yaml": "requests/budget",
		"requests/budget":                                       "requests/budget",
		"snippets/x/main.py":                                    "snippets/x",
		"schemas/s/examples/a.csv":                              "schemas/s",
		"actors/sevres.yaml":                                    "actors/sevres.yaml",
		"actors/sub/x.yaml":                                     "actors/sub",
		"actors/README.md":                                      "actors/README.md",
		"requests/.hidden":                                      "requests/.hidden",
		"requests/README.md":                                    "",
		"snippets/README.md":                                    "",
		"registry.yaml":                                         "",
		"README.md":                                             "",
		"requests":                                              "",
		"other/x/y":                                             "",
		"":                                                      "",
	} {
		if got := catalogue.RootOf(p); got != want {
			t.Errorf("RootOf(%q) = %q, want %q", p, got, want)
		}
	}
}

// mapRegistry generates a realistic registry of n entries into an
// fstest.MapFS (in memory: the files Generate writes, TestGenerateFSIsGenerate).
func mapRegistry(tb testing.TB, n int, seed uint64) fstest.MapFS {
	tb.Helper()
	return registrytest.GenerateFS(registrytest.Scale(n), seed)
}

// noLstat hides fstest.MapFS's Lstat, so Update lists kind folders instead.
type noLstat struct{ fs.FS }

// mutator applies random changes to a registry in a MapFS and records the
// paths it touched.
type mutator struct {
	m       fstest.MapFS
	rng     *rand.Rand
	touched []string
	did     []string
	// ops, when set, are the steps drawn from (a step may appear more
	// than once, to weigh it; -1 is any step).
	ops []int
}

func (x *mutator) write(p, content string) {
	x.m[p] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
	x.touched = append(x.touched, p)
}

// edit sets a top-level key of the YAML file (or front matter) at p:
// its line replaced, or added at the end of a YAML file that lacks it.
// Nothing happens when p does not exist.
func (x *mutator) edit(p, key, value string) {
	f := x.m[p]
	if f == nil {
		return
	}
	lines := strings.Split(string(f.Data), "\n")
	done := false
	for i, l := range lines {
		if strings.HasPrefix(l, key+":") {
			lines[i] = key + ": " + value
			// a block value below it goes
			j := i + 1
			for j < len(lines) && strings.HasPrefix(lines[j], "  ") {
				j++
			}
			lines = append(lines[:i+1], lines[j:]...)
			done = true
			break
		}
	}
	if !done {
		if strings.HasSuffix(p, ".md") {
			return
		}
		lines = append(lines[:len(lines)-1], key+": "+value, "")
	}
	x.write(p, strings.Join(lines, "\n"))
}

func (x *mutator) remove(p string) {
	delete(x.m, p)
	x.touched = append(x.touched, p)
}

// removeAll removes p and everything under it.
func (x *mutator) removeAll(p string) {
	for k := range x.m {
		if k == p || strings.HasPrefix(k, p+"/") {
			x.remove(k)
		}
	}
}

// under lists the names directly under dir (files or folders), sorted.
func (x *mutator) under(dir string) []string {
	seen := map[string]bool{}
	for k := range x.m {
		if rest, ok := strings.CutPrefix(k, dir+"/"); ok {
			name, _, _ := strings.Cut(rest, "/")
			seen[name] = true
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (x *mutator) pick(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return list[x.rng.IntN(len(list))]
}

func (x *mutator) actor() string {
	if x.rng.IntN(8) == 0 {
		return "inconnu-" + fmt.Sprint(x.rng.IntN(3))
	}
	return strings.TrimSuffix(x.pick(x.under("actors")), ".yaml")
}

func (x *mutator) request() string { return x.pick(x.under("requests")) }

var statuses = []string{"under-review", "planned", "in-progress", "published", "declined", "duplicate", "withdrawn", "bogus"}

// step applies one random change.
func (x *mutator) step() {
	req := x.request()
	dir := "requests/" + req
	op := x.rng.IntN(34)
	if len(x.ops) > 0 {
		if o := x.ops[x.rng.IntN(len(x.ops))]; o >= 0 {
			op = o
		}
	}
	x.did = append(x.did, fmt.Sprint(op))
	switch op {
	case 0, 1: // a vote
		x.write(dir+"/votes/"+x.actor()+".yaml", fmt.Sprintf("name: Service\nemail: a@b.example\ndate: 2026-%02d-%02d\nneed: useful\ncomment: n°%d\n", 1+x.rng.IntN(12), 1+x.rng.IntN(28), x.rng.IntN(100)))
	case 2: // a vote withdrawn
		x.remove(dir + "/votes/" + x.pick(x.under(dir+"/votes")))
	case 3, 4: // a status change
		st := x.pick(statuses)
		body := fmt.Sprintf("status: %s\nname: Mission\nemail: m@b.example\ndate: 2026-10-%02d\n", st, 1+x.rng.IntN(28))
		switch st {
		case "duplicate":
			body += "duplicate_of: " + x.pick([]string{x.request(), fmt.Sprintf("nouvelle-%d", x.rng.IntN(4))}) + "\n"
		case "declined":
			body += "reason: non\n"
		}
		x.write(fmt.Sprintf("%s/events/202610%02dT1000%02dZ-%s.yaml", dir, 1+x.rng.IntN(28), x.rng.IntN(60), x.actor()), body)
	case 5:
		x.remove(dir + "/events/" + x.pick(x.under(dir+"/events")))
	case 6: // a new request
		x.write(fmt.Sprintf("requests/nouvelle-%d/request.yaml", x.rng.IntN(4)), fmt.Sprintf("title: Nouvelle\nrequested_by: %s\naddressed_to: %s\ncreated: 2026-01-%02d\n", x.actor(), x.actor(), 1+x.rng.IntN(28)))
	case 7: // a request removed (perhaps one a duplicate_of names)
		x.removeAll(x.pick([]string{dir, fmt.Sprintf("requests/nouvelle-%d", x.rng.IntN(4))}))
	case 8: // a request edited
		x.write(dir+"/request.yaml", fmt.Sprintf("title: Modifiée %d\nrequested_by: %s\naddressed_to: %s\ncreated: 2026-02-01\nwanted_by: 2026-01-01\n", x.rng.IntN(9), x.actor(), x.actor()))
	case 9: // an actor removed, that requests may reference
		x.remove("actors/" + x.pick(x.under("actors")))
	case 10: // an actor renamed
		from := x.pick(x.under("actors"))
		if f := x.m["actors/"+from]; f != nil {
			x.remove("actors/" + from)
			x.write(fmt.Sprintf("actors/renomme-%d.yaml", x.rng.IntN(50)), string(f.Data))
		}
	case 11: // an actor added (a commune: it counts on the board)
		x.write("actors/"+x.pick([]string{"inconnu-0", "inconnu-1", "inconnu-2", "sevres", "nouvelle-commune"})+".yaml",
			fmt.Sprintf("name: Commune %d\nkind: commune\ninsee: \"92%03d\"\npopulation: %d\nparent: gpso\n", x.rng.IntN(9), x.rng.IntN(999), x.rng.IntN(100000)))
	case 12: // a snippet's code file added or removed
		s := "snippets/" + x.pick(x.under("snippets"))
		if x.rng.IntN(2) == 0 {
			x.write(s+"/extra.py", "print(1)\n")
		} else {
			x.remove(s + "/" + x.pick(x.under(s)))
		}
	case 13: // a snippet's list of files edited
		s := "snippets/" + x.pick(x.under("snippets"))
		x.write(s+"/snippet.yaml", fmt.Sprintf("title: Extrait modifié\nlanguage: python\nlicense: etalab-2.0\nauthor: %s\nfiles:\n  - main.py\n  - extra.py\n", x.actor()))
	case 14: // a snippet removed
		x.removeAll("snippets/" + x.pick(x.under("snippets")))
	case 15: // a schema edited, broken, given examples or a README
		s := "schemas/" + x.pick(x.under("schemas"))
		switch x.rng.IntN(5) {
		case 0:
			x.write(s+"/schema.json", `{"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": 1, "enum": [1, 2, "x"]}}]`)
		case 1:
			x.write(s+"/schema.json", `{"name": "x", "fields": [{"name": "a", "type": "number", "constraints": {"minimum": 1.5, "maximum": 9}}, {"name": "b", "type": "array", "arrayItem": {"type": "string"}}]}`)
		case 2:
			x.write(s+"/examples/ex.csv", "a\n1\n")
		case 3:
			x.write(s+"/README.md", "# Schéma\n")
		default:
			x.write(s+"/examples/notes.txt", "?")
		}
	case 16: // broken YAML
		x.write(x.pick([]string{dir + "/request.yaml", dir + "/votes/sevres.yaml", "actors/" + x.pick(x.under("actors"))}), "title: [unclosed\n\t- :")
	case 17: // files in wrong places
		x.write(x.pick([]string{dir + "/stray.txt", "actors/sub/x.yaml", "requests/loose.txt", dir + "/votes/Bad Name.yaml", "snippets/" + x.pick(x.under("snippets")) + "/sub/f.py", "actors/README.md", "requests/Bad_ID/request.yaml", dir + "/events/hier-gpso.yaml"}), "x: 1\n")
	case 18: // a request's folder replaced by a file
		x.removeAll(dir)
		x.write(dir, "not a folder\n")
	case 19: // a request folder without request.yaml
		x.remove(dir + "/request.yaml")
	case 20: // a symbolic link
		p := x.pick([]string{dir + "/votes/lien.yaml", "requests/lien", "actors/lien.yaml"})
		x.m[p] = &fstest.MapFile{Data: []byte("../registry.yaml"), Mode: fs.ModeSymlink | 0o777}
		x.touched = append(x.touched, p)
	case 21: // a hidden file
		x.write(x.pick([]string{dir + "/.notes", "requests/.cache/x", dir + "/votes/.x.yaml"}), "x")
	case 22: // an empty folder
		p := x.pick([]string{dir + "/votes", "requests/vide", "schemas/vide"})
		x.removeAll(p)
		x.m[p] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
		x.touched = append(x.touched, p)
	case 23: // the triagers changed: root "", a full load
		x.write("registry.yaml", fmt.Sprintf("format: %d\nname: Registre\nresponse_days: %d\ntriagers:\n  - %s\n", 1+x.rng.IntN(2), x.rng.IntN(60), x.actor()))
	case 24: // a vote file grown too large
		x.write(dir+"/votes/gros.yaml", "comment: "+strings.Repeat("x", catalogue.MaxFactSize)+"\n")
	case 25: // a duplicate of a request that may come and go
		x.write(dir+"/events/20261101T100000Z-gpso.yaml", fmt.Sprintf("status: duplicate\nname: Mission\nemail: m@b.example\ndate: 2026-11-01\nduplicate_of: nouvelle-%d\n", x.rng.IntN(4)))
	case 27: // a comment, perhaps answering one (that may not exist)
		body := fmt.Sprintf("name: Service\nemail: a@b.example\ndate: 2026-10-01\nbody: |\n  Avis n°%d\n\n  **merci**\n", x.rng.IntN(100))
		if old := x.under(dir + "/comments"); len(old) > 0 && x.rng.IntN(2) == 0 {
			body += "reply_to: " + strings.TrimSuffix(x.pick(append(old, "20260101T000000Z-gpso.yaml")), ".yaml") + "\n"
		}
		x.write(fmt.Sprintf("%s/comments/202610%02dT1000%02dZ-%s.yaml", dir, 1+x.rng.IntN(28), x.rng.IntN(60), x.actor()), body)
	case 28: // a comment removed (perhaps one a reply names)
		x.remove(dir + "/comments/" + x.pick(x.under(dir+"/comments")))
	case 29: // a broken comment
		x.write(x.pick([]string{dir + "/comments/hier-gpso.yaml", dir + "/comments/20261002T100000Z-gpso.yaml"}), "name: Service\nemail: a@b.example\nbody: \"\"\n")
	case 30: // a training edited: its speakers, organiser and slides
		tr := "trainings/" + x.pick(x.under("trainings"))
		x.write(tr+"/training.yaml", fmt.Sprintf("title: Formation modifiée %d\ndate: 2026-0%d-01\nspeakers:\n  - %s\n  - {name: Camille, actor: %s}\norganiser: %s\nlevel: avancé\nslides: [support.pdf, autre.pdf]\n",
			x.rng.IntN(9), 1+x.rng.IntN(9), x.actor(), x.actor(), x.actor()))
	case 31: // a training's file added or removed, or the training removed
		tr := "trainings/" + x.pick(x.under("trainings"))
		switch x.rng.IntN(3) {
		case 0:
			x.write(tr+"/autre.pdf", "%PDF")
		case 1:
			x.remove(tr + "/" + x.pick(x.under(tr)))
		default:
			x.removeAll(tr)
		}
	case 32: // a tip whose related entries may come and go
		x.write(fmt.Sprintf("tips/nouvelle-%d/tip.md", x.rng.IntN(3)), fmt.Sprintf("---\ntitle: Astuce %d\nauthor: %s\nrelated:\n  - requests/%s\n  - requests/nouvelle-%d\n  - snippets/%s\n  - trainings/%s\n  - tips/nouvelle-%d\n---\nTexte.\n",
			x.rng.IntN(9), x.actor(), x.request(), x.rng.IntN(4), x.pick(x.under("snippets")), x.pick(x.under("trainings")), x.rng.IntN(3)))
	case 33: // a tip removed or broken
		tp := "tips/" + x.pick(x.under("tips"))
		if x.rng.IntN(2) == 0 {
			x.removeAll(tp)
		} else {
			x.write(tp+"/tip.md", "no front matter\n")
		}
	case 34: // a new request no entry names (drawn by ops only)
		x.write(fmt.Sprintf("requests/neuve-%d/request.yaml", x.rng.IntN(1000)), fmt.Sprintf("title: Neuve %d\nrequested_by: %s\naddressed_to: %s\ncreated: 2026-03-%02d\n", x.rng.IntN(9), x.actor(), x.actor(), 1+x.rng.IntN(28)))
	case 35: // a request removed (drawn by ops only)
		x.removeAll(dir)
	case 36: // closed as a duplicate once, open again since: it names a request, and is no duplicate (drawn by ops only)
		x.write(fmt.Sprintf("%s/events/202201%02dT100000Z-gpso.yaml", dir, 1+x.rng.IntN(28)), fmt.Sprintf("status: duplicate\nname: Mission\nemail: m@b.example\ndate: 2022-01-01\nduplicate_of: %s\n",
			x.pick([]string{x.request(), fmt.Sprintf("neuve-%d", x.rng.IntN(1000)), fmt.Sprintf("nouvelle-%d", x.rng.IntN(4))})))
		x.write(dir+"/events/20261120T100000Z-gpso.yaml", "status: planned\nname: Mission\nemail: m@b.example\ndate: 2026-11-20\nplanned_for: 2027-01-01\n")
	case 37: // an actor edited in place: its competences, perhaps its parent (drawn by ops only)
		a := "actors/" + x.pick(x.under("actors"))
		x.edit(a, "competences", fmt.Sprintf("[eau, n°%d]", x.rng.IntN(9)))
		if x.rng.IntN(3) == 0 {
			x.edit(a, "parent", x.actor())
		}
	case 38: // a snippet edited in place: its tags and author (drawn by ops only)
		sn := "snippets/" + x.pick(x.under("snippets")) + "/snippet.yaml"
		x.edit(sn, "tags", fmt.Sprintf("[eau, t%d]", x.rng.IntN(9)))
		x.edit(sn, "author", x.actor())
	case 39: // a schema given a README or an example (drawn by ops only)
		sc := "schemas/" + x.pick(x.under("schemas"))
		if x.rng.IntN(2) == 0 {
			x.write(sc+"/README.md", fmt.Sprintf("# Schéma %d\n", x.rng.IntN(9)))
		} else {
			x.write(sc+"/examples/ex.csv", "a\n1\n")
		}
	case 40: // a training edited in place: its organiser and topics (drawn by ops only)
		tr := "trainings/" + x.pick(x.under("trainings")) + "/training.yaml"
		x.edit(tr, "organiser", x.actor())
		x.edit(tr, "topics", fmt.Sprintf("[eau, s%d]", x.rng.IntN(9)))
	case 41: // a tip edited in place: its author and related entries (drawn by ops only)
		tp := "tips/" + x.pick(x.under("tips")) + "/tip.md"
		x.edit(tp, "author", x.actor())
		x.edit(tp, "related", fmt.Sprintf("[requests/%s, requests/nouvelle-%d, snippets/%s]", x.request(), x.rng.IntN(4), x.pick(x.under("snippets"))))
	case 42: // an actor's name, kind or population edited in place (drawn by ops only)
		a := "actors/" + x.pick(x.under("actors"))
		switch x.rng.IntN(3) {
		case 0:
			x.edit(a, "name", fmt.Sprintf("Nom %d", x.rng.IntN(9)))
		case 1:
			x.edit(a, "population", fmt.Sprint(x.rng.IntN(100000)))
		default:
			x.edit(a, "kind", x.pick([]string{"commune", "association", "epci"}))
		}
	case 43: // a new snippet (a tip may name it) (drawn by ops only)
		sn := fmt.Sprintf("snippets/neuf-%d", x.rng.IntN(5))
		x.write(sn+"/snippet.yaml", fmt.Sprintf("title: %s neuf\nlanguage: python\nlicense: etalab-2.0\nauthor: %s\ntags: [eau]\nfiles:\n  - main.py\n", x.pick([]string{"Extrait", "Zéro", "Abc", "Eau"}), x.actor()))
		x.write(sn+"/main.py", "print(1)\n")
	case 44: // a new training (drawn by ops only)
		x.write(fmt.Sprintf("trainings/neuve-%d/training.yaml", x.rng.IntN(5)), fmt.Sprintf("title: Formation neuve %d\ndate: 2026-0%d-15\nspeakers:\n  - %s\norganiser: %s\nlevel: débutant\n", x.rng.IntN(9), 1+x.rng.IntN(9), x.actor(), x.actor()))
	default: // a request with a README
		x.write(dir+"/README.md", "# notes\n")
	}
}

// TestUpdateIsLoad: after every random change, Update of the previous
// catalogue with the roots of the changed paths gives exactly what a full
// Load gives.
func TestUpdateIsLoad(t *testing.T) {
	steps, seeds := 20, 2
	if registrytest.Long() {
		steps, seeds = 150, 8
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			m := mapRegistry(t, 80, seed+1)
			x := &mutator{m: m, rng: rand.New(rand.NewPCG(seed, 7))}
			prev, err := catalogue.Load(m)
			if err != nil {
				t.Fatal(err)
			}
			for i := range steps {
				x.touched, x.did = nil, nil
				for range 1 + x.rng.IntN(3) {
					x.step()
				}
				var roots []string
				for _, p := range x.touched {
					if p == catalogue.MetaFile {
						roots = append(roots, p) // its content, not root "" (a full Load)
						continue
					}
					roots = append(roots, catalogue.RootOf(p))
				}
				var fsys fs.FS = m
				if i%2 == 1 {
					fsys = noLstat{m}
				}
				got, err := catalogue.Update(prev, fsys, roots)
				if err != nil {
					t.Fatal(err)
				}
				want, err := catalogue.Load(m)
				if err != nil {
					t.Fatal(err)
				}
				if d := catalogue.Diff(got, want); d != "" {
					t.Fatalf("step %d (ops %v, paths %v): Update differs from Load:\n%s", i, x.did, x.touched, d)
				}
				checkExists(t, got, want, m)
				prev = got
			}
		})
	}
}

// checkExists compares Exists on every path either catalogue or the file
// system knows, and their parents.
func checkExists(t *testing.T, got, want *catalogue.Catalogue, m fstest.MapFS) {
	t.Helper()
	all := map[string]bool{"requests/absent": true}
	for _, p := range append(catalogue.Paths(got), catalogue.Paths(want)...) {
		all[p] = true
	}
	for p := range m {
		for ; p != "."; p = path.Dir(p) {
			all[p] = true
		}
	}
	for p := range all {
		if got.Exists(p) != want.Exists(p) {
			t.Fatalf("Exists(%q) = %v after Update, %v after Load", p, got.Exists(p), want.Exists(p))
		}
	}
}

// Update leaves the catalogue it starts from as it was.
func TestUpdateLeavesOldAlone(t *testing.T) {
	m := mapRegistry(t, 120, 3)
	old, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := catalogue.Load(m)
	req := old.Requests[0].ID
	m["requests/"+req+"/votes/sevres.yaml"] = &fstest.MapFile{Data: []byte("name: S\nemail: s@x.example\ndate: 2026-01-01\nneed: useful\n")}
	delete(m, "actors/chaville.yaml")
	if _, err := catalogue.Update(old, m, []string{"requests/" + req, "actors/chaville.yaml"}); err != nil {
		t.Fatal(err)
	}
	if d := catalogue.Diff(old, before); d != "" {
		t.Fatalf("Update changed the old catalogue:\n%s", d)
	}
}

// registry.yaml changed (its triagers, its format) is read again by
// Update, not a full Load: every entry's references checked again (a
// status change by an actor no longer a triager is a warning now), the
// other entries kept as they were.
func TestUpdateTakesRegistryYAML(t *testing.T) {
	m := mapRegistry(t, 40, 5)
	old, err := catalogue.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	x := &mutator{m: m}
	for _, meta := range []string{
		"format: 2\nname: Registre\ntriagers:\n  - sevres\n",
		"format: 1\nname: Registre renommé\nresponse_days: 0\ntriagers:\n  - gpso\n  - inconnu-1\n",
		"format: 2\nname: Registre\ntriagers: [gpso]\n",
	} {
		x.write(catalogue.MetaFile, meta)
		got, err := catalogue.Update(old, m, []string{catalogue.MetaFile})
		if err != nil {
			t.Fatal(err)
		}
		want, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		if d := catalogue.Diff(got, want); d != "" {
			t.Fatalf("registry.yaml %q: Update differs from Load:\n%s", meta, d)
		}
		if a := old.Actors[0]; got.Actor(a.ID) != a {
			t.Fatal("Update loaded the whole registry again for registry.yaml")
		}
		old = got
	}
}
