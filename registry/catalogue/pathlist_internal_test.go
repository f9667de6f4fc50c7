package catalogue

import (
	"slices"
	"testing"
)

// A pathList answers has and gives back its paths as they were given; the
// nil list and the empty one stay apart (the snapshot encodes both), and
// paths sharing no prefix, or out of order (a damaged snapshot), do not
// make it panic.
func TestPathList(t *testing.T) {
	for _, paths := range [][]string{
		nil, {}, {"requests/a"}, {"requests/a", "requests/a/request.yaml", "requests/a/votes", "requests/a/votes/x.yaml"},
		{"actors", "registry.yaml", "requests"}, {"b", "a", "abc", ""}, {"", "x"},
	} {
		l := newPathList(paths)
		if l.isNil() != (paths == nil) || l.len() != len(paths) || !slices.Equal(l.all(), paths) {
			t.Errorf("%q: nil %v, %d paths %q", paths, l.isNil(), l.len(), l.all())
		}
		for _, p := range paths {
			if !slices.IsSorted(paths) {
				break
			}
			if !l.has(p) {
				t.Errorf("%q: %q not found", paths, p)
			}
		}
		for _, p := range []string{"requests/b", "requests/a/", "zzz", "requests/a/votes/x.yam"} {
			if l.has(p) {
				t.Errorf("%q: has %q", paths, p)
			}
		}
	}
}
