package storetest

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// testCase is one case of the suite.
type testCase struct {
	name string
	// opts is the world the case needs.
	opts Options
	run  func(t *testing.T, h Harness)
}

// cases lists every case, by role.
func cases() []testCase {
	var all []testCase
	for _, group := range [][]testCase{readerCases(), writerCases(), syncCases(), branchCases(), proposerCases(), formatCases()} {
		all = append(all, group...)
	}
	return all
}

// Count is the number of cases Run runs.
func Count() int { return len(cases()) }

// Run runs every case against the stores newStore builds, each in its own
// subtest with a fresh store.
func Run(t *testing.T, newStore Factory) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			c.run(t, newStore(t, Seed(), c.opts))
		})
	}
}

// Seed is the registry every case starts from: two communes, GPSO, one
// request addressed to GPSO.
func Seed() fstest.MapFS {
	return fstest.MapFS{
		"registry.yaml":                {Data: []byte("format: 1\nname: Test\nlanguage: fr\ntriagers: [gpso]\n")},
		"actors/gpso.yaml":             {Data: []byte("name: Grand Paris Seine Ouest\nkind: ept\n")},
		"actors/sevres.yaml":           {Data: []byte("name: Sèvres\nkind: commune\ninsee: \"92072\"\npopulation: 23500\n")},
		"actors/vanves.yaml":           {Data: []byte("name: Vanves\nkind: commune\ninsee: \"92075\"\npopulation: 28000\n")},
		"requests/budget/request.yaml": {Data: []byte("title: Budget\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n")},
	}
}

// change builds a change from path, content pairs; "<delete>" removes.
func change(msg string, kv ...string) catalogue.Change {
	ch := catalogue.Change{Message: msg, Files: map[string][]byte{}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "<delete>" {
			ch.Files[kv[i]] = nil
		} else {
			ch.Files[kv[i]] = []byte(kv[i+1])
		}
	}
	return ch
}

func write(t *testing.T, s store.Store, ch catalogue.Change, opts store.WriteOptions) store.WriteResult {
	t.Helper()
	res, err := s.Write(context.Background(), ch, Someone, At, opts)
	if err != nil {
		t.Fatalf("write %q: %v", ch.Message, err)
	}
	return res
}

func doSync(t *testing.T, s store.Store) store.SyncResult {
	t.Helper()
	res, err := s.Sync(context.Background(), false)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}

func state(t *testing.T, s store.Store) store.SyncState {
	t.Helper()
	st, err := s.State()
	if err != nil {
		t.Fatalf("state: %v", err)
	}
	return st
}

func head(t *testing.T, s store.Store) store.Hash {
	t.Helper()
	h, err := s.Head()
	if err != nil {
		t.Fatalf("head: %v", err)
	}
	return h
}

// readFile reads a file of s's work tree, "" when absent.
func readFile(t *testing.T, s store.Store, name string) string {
	t.Helper()
	data, err := s.ReadFile(name)
	if errors.Is(err, store.ErrNotFound) {
		return ""
	}
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(data)
}

// remoteFile reads a file of the remote's main branch, "" when absent.
func remoteFile(t *testing.T, h Harness, name string) string {
	t.Helper()
	data, _ := h.RemoteFile(t, name)
	return string(data)
}

var hashRE = regexp.MustCompile(`^[0-9a-f]{40}$`)

// checkHash fails unless h names a commit as Git does: 40 hex digits.
func checkHash(t *testing.T, what string, h store.Hash) {
	t.Helper()
	if !hashRE.MatchString(string(h)) {
		t.Fatalf("%s %q is not 40 hexadecimal digits", what, h)
	}
}

// wantErr fails unless err is an *i18n.Error, with a sentence in both
// languages, that wraps target.
func wantErr(t *testing.T, what string, err error, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %v, want one wrapping %q", what, err, target)
	}
	var ie *i18n.Error
	if !errors.As(err, &ie) || ie.In(i18n.FR) == "" || ie.In(i18n.EN) == "" {
		t.Fatalf("%s: error %v (%T) is not a sentence in both languages", what, err, err)
	}
	en := " " + ie.In(i18n.EN) + " "
	for _, fr := range []string{" le ", " la ", " les ", " est ", " de ", " du ", " des "} {
		if strings.Contains(en, fr) {
			t.Fatalf("%s: the English sentence has French in it: %s", what, en)
		}
	}
}

// wantReason fails unless r is a sentence that wraps target.
func wantReason(t *testing.T, what string, r *i18n.Error, target error) {
	t.Helper()
	if r == nil {
		t.Fatalf("%s: no reason, want one wrapping %q", what, target)
	}
	wantErr(t, what, r, target)
}
