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
	if len(t.Fields) == 0 {
		return 0
	}
	have := make(map[string]bool, len(fields))
	for _, f := range fields {
		have[FieldKey(f)] = true
	}
	n := 0
	seen := make(map[string]bool, len(t.Fields))
	for _, f := range t.Fields {
		k := FieldKey(f)
		if seen[k] {
			continue
		}
		seen[k] = true
		if have[k] {
			n++
		}
	}
	return float64(n) / float64(len(seen))
}

// Score says whether d matches t: a declared schema first (ok, declared),
// else the overlap of field names, a match from Threshold up.
func Score(t Target, d Dataset) (score float64, declared, ok bool) {
	for _, s := range d.Schemas {
		if t.declares(s) {
			return 1, true, true
		}
	}
	o := Overlap(t, d.Fields)
	return o, false, o >= Threshold
}

// Best returns the dataset of ds that best matches t: a dataset declaring
// the schema before one matched by its fields; then the higher score; then
// the most recently modified; then the smaller portal and id, so that the
// choice never depends on the order the portals listed them in.
func Best(t Target, ds []Dataset) (Match, bool) {
	var best Match
	found := false
	for _, d := range ds {
		score, declared, ok := Score(t, d)
		if !ok {
			continue
		}
		m := Match{Dataset: d, Declared: declared, Score: score}
		if !found || better(m, best) {
			best, found = m, true
		}
	}
	return best, found
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
