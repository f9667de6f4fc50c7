// Package registrytest builds registries for tests and benchmarks: a
// generator of large, valid registries in the on-disk format.
package registrytest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// Sizes says how many entries of each kind to generate.
type Sizes struct {
	Actors   int // at least 8: the first eight are communes
	Snippets int
	Schemas  int
	Requests int
	// Trainings and Tips are the toolbox's entries (trainings/, tips/).
	Trainings int
	Tips      int
	// Votes is the most votes a request gets (each request gets 0..Votes).
	Votes int
	// Realistic writes requests the way a registry looks after a few years
	// of use (see realistic.go): support spread like real support (a few
	// requests with many supporters, most with few, up to Votes), status
	// histories on a share of requests, comments on votes and notes on
	// events, dates from 2023 to 2026. Scale sets it.
	Realistic bool
}

// Spread splits n entries the way a big registry looks: few actors and
// schemas, many requests and snippets.
func Spread(n int) Sizes {
	s := Sizes{Actors: max(8, n/50), Schemas: max(1, n/40), Snippets: n / 4, Votes: 6}
	s.Requests = max(0, n-s.Actors-s.Schemas-s.Snippets)
	// A few trainings and tips on top: a committee records a handful a
	// year.
	s.Trainings, s.Tips = max(2, n/500), max(3, n/250)
	return s
}

var communes = []struct {
	id, name, insee string
	pop             int
}{
	{"boulogne-billancourt", "Boulogne-Billancourt", "92012", 121000},
	{"chaville", "Chaville", "92022", 20000},
	{"issy-les-moulineaux", "Issy-les-Moulineaux", "92040", 68000},
	{"marnes-la-coquette", "Marnes-la-Coquette", "92047", 1800},
	{"meudon", "Meudon", "92048", 46000},
	{"sevres", "Sèvres", "92072", 23000},
	{"vanves", "Vanves", "92075", 28000},
	{"ville-d-avray", "Ville-d'Avray", "92077", 11000},
}

var words = []string{"budget", "climat", "voirie", "arbres", "parkings", "écoles", "énergie", "déchets", "vélo",
	"médiathèques", "subventions", "délibérations", "équipements", "eau", "bruit", "air", "logement", "sport"}

// Generate writes a valid registry with the given sizes into dir (created if
// needed). The content is deterministic for a given seed.
func Generate(dir string, s Sizes, seed uint64) error {
	return generate(&writer{dir: dir}, s, seed)
}

// GenerateFS is Generate into memory: the same files, with the same bytes,
// as an fstest.MapFS (mode 0644, no folder entries), for tests that load a
// registry through fs.FS and need no disk.
func GenerateFS(s Sizes, seed uint64) fstest.MapFS {
	w := &writer{m: fstest.MapFS{}}
	generate(w, s, seed) // a map is never full
	return w.m
}

func generate(w *writer, s Sizes, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w.file("registry.yaml", "format: 1\nname: Registre généré\nlanguage: fr\ntriagers:\n  - gpso\n")
	w.file("actors/gpso.yaml", "name: Grand Paris Seine Ouest\nkind: ept\nsiren: \"200057974\"\ncodal: true\n")
	actors := []string{"gpso"}
	for i := 0; i < s.Actors; i++ {
		if i < len(communes) {
			c := communes[i]
			w.file("actors/"+c.id+".yaml", fmt.Sprintf("name: %s\nkind: commune\ninsee: %q\npopulation: %d\nparent: gpso\ncodal: true\ncontacts:\n  - role: Service données\n    email: donnees@%s.example\n", quote(c.name), c.insee, c.pop, c.id))
			actors = append(actors, c.id)
			continue
		}
		id := fmt.Sprintf("association-%d", i)
		w.file("actors/"+id+".yaml", fmt.Sprintf("name: Association n°%d\nkind: association\ncompetences: [%s]\n", i, words[i%len(words)]))
		actors = append(actors, id)
	}
	for i := 0; i < s.Snippets; i++ {
		id := fmt.Sprintf("extrait-%d", i)
		w.file("snippets/"+id+"/snippet.yaml", fmt.Sprintf("title: Extrait %d sur %s\ndescription: |\n  Exemple **%d**.\nlanguage: python\ntags: [%s, %s]\nauthor: %s\nlicense: etalab-2.0\nfiles:\n  - main.py\n",
			i, words[i%len(words)], i, words[i%len(words)], words[(i+3)%len(words)], actors[rng.IntN(len(actors))]))
		w.file("snippets/"+id+"/main.py", fmt.Sprintf("print(%d)\n", i))
	}
	for i := 0; i < s.Schemas; i++ {
		id := fmt.Sprintf("schema-%d", i)
		w.file("schemas/"+id+"/schema.json", fmt.Sprintf(`{"name": %q, "title": "Schéma %d", "version": "1.0.0", "fields": [{"name": "id", "type": "integer", "constraints": {"required": true}}, {"name": "libelle", "type": "string"}, {"name": "date", "type": "date"}]}`+"\n", id, i))
	}
	// The toolbox draws nothing from rng: the other kinds stay what they
	// were before it existed.
	toolboxEntries(w, s, actors)
	if s.Realistic {
		realisticRequests(w, rng, s, actors)
		return w.err
	}
	for i := 0; i < s.Requests; i++ {
		id := fmt.Sprintf("demande-%d", i)
		by := actors[1+rng.IntN(min(len(communes), len(actors)-1))]
		created := fmt.Sprintf("2026-%02d-%02d", 1+rng.IntN(9), 1+rng.IntN(28))
		w.file("requests/"+id+"/request.yaml", fmt.Sprintf("title: Données %s n°%d\ndescription: |\n  Nous souhaitons les données **%s**.\nrequested_by: %s\naddressed_to: gpso\nthemes: [%s]\ncreated: %s\nusage: Tableau de bord.\n",
			words[i%len(words)], i, words[i%len(words)], by, words[i%len(words)], created))
		for _, v := range rng.Perm(len(actors) - 1)[:rng.IntN(s.Votes+1)] {
			voter := actors[1+v]
			w.file("requests/"+id+"/votes/"+voter+".yaml", fmt.Sprintf("name: Service données\nemail: donnees@%s.example\ndate: 2026-10-01\nneed: useful\ncomment: Utile pour nous aussi.\n", voter))
		}
		if i%3 == 0 {
			w.file("requests/"+id+"/events/20261015T100000Z-gpso.yaml", "status: under-review\nname: Mission données\nemail: donnees@gpso.example\ndate: 2026-10-15\nnote: À l'étude.\n")
		}
	}
	return w.err
}

// toolboxEntries writes s.Trainings trainings (their slides as a file
// beside them) and s.Tips tips, related to the generated schemas and
// snippets.
func toolboxEntries(w *writer, s Sizes, actors []string) {
	levels := []string{"débutant", "intermédiaire", "avancé"}
	for i := 0; i < s.Trainings; i++ {
		id := fmt.Sprintf("formation-%d", i)
		w.file("trainings/"+id+"/training.yaml", fmt.Sprintf("title: Formation %d sur %s\ndate: 2026-%02d-%02d\nduration: %d\nspeakers:\n  - %s\n  - {name: Intervenant %d, actor: gpso}\norganiser: gpso\nlevel: %s\ntopics: [%s, %s]\nlanguage: fr\nvideo: https://video.example/w/%d\nslides: [support.pdf]\ndescription: |\n  Séance **%d**.\nlicense: etalab-2.0\n",
			i, words[i%len(words)], 1+i%12, 1+i%28, 30+15*(i%6), actors[i%len(actors)], i, levels[i%3], words[i%len(words)], words[(i+5)%len(words)], i, i))
		w.file("trainings/"+id+"/support.pdf", fmt.Sprintf("%%PDF-1.4 %d\n", i))
	}
	for i := 0; i < s.Tips; i++ {
		id := fmt.Sprintf("astuce-%d", i)
		related := ""
		if s.Schemas > 0 {
			related += fmt.Sprintf("\n  - schemas/schema-%d", i%s.Schemas)
		}
		if s.Snippets > 0 {
			related += fmt.Sprintf("\n  - snippets/extrait-%d", i%s.Snippets)
		}
		if related != "" {
			related = "related:" + related + "\n"
		}
		w.file("tips/"+id+"/tip.md", fmt.Sprintf("---\ntitle: Astuce %d sur %s\ntags: [%s]\nauthor: %s\ndate: 2026-%02d-%02d\n%s---\n# Astuce %d\n\nVoir https://doc.example/%d pour **%s**.\n",
			i, words[i%len(words)], words[i%len(words)], actors[i%len(actors)], 1+i%12, 1+i%28, related, i, i, words[i%len(words)]))
	}
}

func quote(s string) string {
	if strings.ContainsAny(s, "':") {
		return "\"" + s + "\""
	}
	return s
}

// writer writes the files under dir, or into m when it is not nil.
type writer struct {
	dir string
	m   fstest.MapFS
	err error
}

func (w *writer) file(rel, content string) {
	if w.err != nil {
		return
	}
	if w.m != nil {
		w.m[rel] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(content), 0o644)
}
