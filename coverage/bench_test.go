package coverage

import (
	"strconv"
	"testing"
	"time"
)

// benchBoard is a large board: 10 actors, each with a portal of 200
// datasets of 20 fields, against 20 schemas of 15 fields (accented names,
// as SCDL's labels are); one dataset per actor follows schema 0.
func benchBoard() ([]Actor, []Target) {
	var targets []Target
	for s := range 20 {
		t := Target{ID: "schema-" + strconv.Itoa(s), Name: "schema" + strconv.Itoa(s)}
		for f := range 15 {
			t.Fields = append(t.Fields, "champ"+strconv.Itoa(s)+"Numéro"+strconv.Itoa(f))
		}
		targets = append(targets, t)
	}
	var actors []Actor
	for a := range 10 {
		x := Actor{ID: "actor-" + strconv.Itoa(a), HasPortal: true}
		for d := range 200 {
			ds := Dataset{ID: "jeu-" + strconv.Itoa(d), Modified: time.Unix(int64(d), 0)}
			for f := range 20 {
				ds.Fields = append(ds.Fields, "champ_"+strconv.Itoa((d+f)%97)+"_numero_"+strconv.Itoa(f))
			}
			if d == 7 {
				ds.Fields = append([]string(nil), targets[0].Fields...)
			}
			x.Datasets = append(x.Datasets, ds)
		}
		actors = append(actors, x)
	}
	return actors, targets
}

// BenchmarkBuild is the matrix as Build computes it (each dataset's field
// keys folded once); BenchmarkBuildNaive is the baseline: Best per cell,
// folding every dataset's fields for every schema.
func BenchmarkBuild(b *testing.B) {
	actors, targets := benchBoard()
	b.ResetTimer()
	for b.Loop() {
		m := Build(actors, targets)
		if m.Find("actor-0", "schema-0").State != Found {
			b.Fatal("not found")
		}
	}
}

func BenchmarkBuildNaive(b *testing.B) {
	actors, targets := benchBoard()
	b.ResetTimer()
	for b.Loop() {
		for _, a := range actors {
			for _, t := range targets {
				Best(t, a.Datasets)
			}
		}
	}
}

// The prepared matching gives what Best gives, cell by cell.
func TestBuildAgreesWithBest(t *testing.T) {
	actors, targets := benchBoard()
	actors = actors[:3]
	m := Build(actors, targets)
	for i, a := range actors {
		for j, tg := range targets {
			best, ok := Best(tg, a.Datasets)
			c := m.At(i, j)
			if ok != (c.State == Found) || (ok && (best.Dataset.ID != c.Dataset || best.Score != c.Score)) {
				t.Errorf("%s × %s: Build %+v, Best %+v %v", a.ID, tg.ID, c, best, ok)
			}
		}
	}
}
