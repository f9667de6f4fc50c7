package storetest

import (
	"strings"
	"testing"

	"github.com/gpso/codal/registry/store"
)

const (
	comment1 = "requests/budget/comments/20260302T101500Z-sevres.yaml"
	comment2 = "requests/budget/comments/20260302T111500Z-vanves.yaml"
	format2  = "format: 2\nname: Test\nlanguage: fr\ntriagers: [gpso]\n"
)

// formatCases: a change whose MinFormat is more than registry.yaml says
// raises its format line in the same commit, and only then.
func formatCases() []testCase {
	return []testCase{
		{"Writer/MinFormatRaisesRegistryYAML", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			ch := change("Commentaire", comment1, "body: x\n")
			ch.MinFormat = 2
			write(t, s, ch, store.WriteOptions{})
			if got := readFile(t, s, "registry.yaml"); got != format2 {
				t.Fatalf("registry.yaml after a format 2 change:\n%s", got)
			}
			before := head(t, s)
			ch = change("Vote", vote, "need: useful\n")
			ch.MinFormat = 2 // already format 2: nothing more
			write(t, s, ch, store.WriteOptions{})
			if got := readFile(t, s, "registry.yaml"); got != format2 || head(t, s) == before {
				t.Fatalf("registry.yaml after a second change:\n%s", got)
			}
		}},
		{"Sync/TwoRaisesMeetWithoutConflict", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			ch := change("Mon commentaire", comment1, "body: x\n")
			ch.MinFormat = 2
			write(t, s, ch, store.WriteOptions{Offline: true})
			h.PushAs(t, change("Leur commentaire", comment2, "body: y\n", "registry.yaml", format2), Other)
			res := doSync(t, s)
			if res.Conflict != nil || !res.Shared {
				t.Fatalf("sync %+v", res)
			}
			for _, p := range []string{comment1, comment2} {
				if _, ok := h.RemoteFile(t, p); !ok {
					t.Fatalf("%s missing on the remote", p)
				}
			}
			if data, _ := h.RemoteFile(t, "registry.yaml"); string(data) != format2 {
				t.Fatalf("remote registry.yaml:\n%s", data)
			}
			if log := strings.Join(h.RemoteLog(t), "|"); log != "Mon commentaire|Leur commentaire|init" {
				t.Fatalf("remote log %s", log)
			}
		}},
	}
}
