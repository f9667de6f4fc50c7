package fact

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gpso/codal/i18n"
)

// MaxIDTries is how many ids FreeID tries: base, then base-2 … base-999.
const MaxIDTries = 999

// ErrNoFreeID is what FreeID's error wraps when every id it tried is taken.
var ErrNoFreeID = errors.New("no free id")

// SuffixedID is base with the suffix -n (n ≥ 2), base cut first so that the
// id stays within MaxIDLen and does not end with a hyphen; n < 2 gives base.
func SuffixedID(base string, n int) string {
	if n < 2 {
		return base
	}
	suffix := fmt.Sprintf("-%d", n)
	if len(base)+len(suffix) > MaxIDLen {
		base = strings.TrimRight(base[:MaxIDLen-len(suffix)], "-")
	}
	return base + suffix
}

// FreeID returns the first of base, base-2, base-3… (see SuffixedID) that
// taken reports free. It stops at taken's first error, and after MaxIDTries
// ids with an error wrapping ErrNoFreeID. It is the one rule for making a new
// entry's id unique, for requests and snippets alike.
func FreeID(base string, taken func(id string) (bool, error)) (string, error) {
	for n := 1; n <= MaxIDTries; n++ {
		id := SuffixedID(base, n)
		used, err := taken(id)
		if err != nil {
			return "", err
		}
		if !used {
			return id, nil
		}
	}
	return "", i18n.Wrap(ErrNoFreeID, i18n.T("l'identifiant %q et ses variantes jusqu'à -%d sont tous pris : choisissez un autre titre",
		"the id %q and its variants up to -%d are all taken: choose another title"), base, MaxIDTries)
}
