package coverage

import (
	"strings"

	"github.com/gpso/codal/fact"
)

// Threshold is the share of a schema's fields a dataset must have, by name,
// to match it when it declares no schema: 0.6, three fields in five. Names
// are compared folded (case and accents ignored) with everything but letters
// and digits removed, so "nomAttribuant", "nom_attribuant" and
// "Nom attribuant" are one name.
const Threshold = 0.6

// Match is the dataset chosen for one schema, and why.
type Match struct {
	Dataset Dataset
	// Declared is true when the dataset declares the schema.
	Declared bool
	// Score is the share of the schema's fields the dataset has (1 for a
	// declared schema).
	Score float64
}

// FieldKey is a field name as matching compares it.
func FieldKey(name string) string {
	var b strings.Builder
	for _, r := range fact.Fold(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r > 0x7f {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Overlap is the share of the target's fields found among the dataset's
// fields, from 0 to 1; 0 for a schema with no field.
func Overlap(t Target, fields []string) float64 {
	return overlap(targetKeys(t), datasetKeys(fields))
}

// targetKeys are the target's distinct field keys.
func targetKeys(t Target) []string {
	seen := make(map[string]bool, len(t.Fields))
	out := make([]string, 0, len(t.Fields))
	for _, f := range t.Fields {
		if k := FieldKey(f); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// datasetKeys is the set of a dataset's field keys.
func datasetKeys(fields []string) map[string]bool {
	have := make(map[string]bool, len(fields))
	for _, f := range fields {
		have[FieldKey(f)] = true
	}
	return have
}

func overlap(want []string, have map[string]bool) float64 {
	if len(want) == 0 {
		return 0
	}
	n := 0
	for _, k := range want {
		if have[k] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

// Score says whether d matches t: a declared schema first (ok, declared),
// else the overlap of field names, a match from Threshold up.
func Score(t Target, d Dataset) (score float64, declared, ok bool) {
	return scoreKeys(t, targetKeys(t), &d, datasetKeys(d.Fields))
}

func scoreKeys(t Target, want []string, d *Dataset, have map[string]bool) (float64, bool, bool) {
	for _, s := range d.Schemas {
		if t.declares(s) {
			return 1, true, true
		}
	}
	o := overlap(want, have)
	return o, false, o >= Threshold
}

// Best returns the dataset of ds that best matches t: a dataset declaring
// the schema before one matched by its fields; then the higher score; then
// the most recently modified; then the smaller portal and id, so that the
// choice never depends on the order the portals listed them in.
func Best(t Target, ds []Dataset) (Match, bool) {
	keys := make([]map[string]bool, len(ds))
	for i := range ds {
		keys[i] = datasetKeys(ds[i].Fields)
	}
	return best(t, targetKeys(t), ds, keys)
}

// best is Best with the field keys folded beforehand (Build folds each
// dataset's once for every schema).
func best(t Target, want []string, ds []Dataset, keys []map[string]bool) (Match, bool) {
	var top Match
	found := false
	for i := range ds {
		sc, declared, ok := scoreKeys(t, want, &ds[i], keys[i])
		if !ok {
			continue
		}
		m := Match{Dataset: ds[i], Declared: declared, Score: sc}
		if !found || better(m, top) {
			top, found = m, true
		}
	}
	return top, found
}

func better(a, b Match) bool {
	if a.Declared != b.Declared {
		return a.Declared
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if !a.Dataset.Modified.Equal(b.Dataset.Modified) {
		return a.Dataset.Modified.After(b.Dataset.Modified)
	}
	if a.Dataset.Portal != b.Dataset.Portal {
		return a.Dataset.Portal < b.Dataset.Portal
	}
	return a.Dataset.ID < b.Dataset.ID
}
