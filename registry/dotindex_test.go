package registry

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/gpso/codal/registry/store"
)

// A write changes only its own entries of .git/index: the others keep every
// bit git gave them, including those go-git's decoder does not know, such
// as "assume unchanged" (git update-index --assume-unchanged), which a
// decode and re-encode of the whole index used to drop.
func TestWriteKeepsTheOtherIndexEntriesAsTheyAre(t *testing.T) {
	isolateGit(t)
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			r := newTestRegistry(t, smallRegistry())
			gitOut(t, r.Dir(), "update-index", "--index-version", version)
			gitOut(t, r.Dir(), "update-index", "--assume-unchanged", "actors/vanves.yaml")
			gitOut(t, r.Dir(), "update-index", "--skip-worktree", "actors/gpso.yaml")
			others := func() string {
				return gitOut(t, r.Dir(), "ls-files", "-v", "--debug", "actors", "registry.yaml", "requests/budget/request.yaml")
			}
			before := others()
			write(t, r, change("Vote", "requests/budget/votes/vanves.yaml", "need: useful\n"), store.WriteOptions{})
			write(t, r, change("Vote 2", "requests/budget/votes/vanves.yaml", "need: critical\n", "requests/budget/votes/sevres.yaml", "need: useful\n"), store.WriteOptions{})
			write(t, r, change("Retrait", "requests/budget/votes/vanves.yaml", "<delete>"), store.WriteOptions{})
			after := others()
			if version == "4" {
				// Version 4 goes through go-git, which knows no "assume
				// unchanged" bit: only the rest is compared.
				before = strings.ReplaceAll(before, "h actors/vanves.yaml", "H actors/vanves.yaml")
				before = strings.ReplaceAll(before, "flags: 8000", "flags: 0")
			}
			if after != before {
				t.Fatalf("the entries the writes did not touch changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			if got := gitOut(t, r.Dir(), "ls-files", "-s", "requests/budget/votes"); !strings.Contains(got, "requests/budget/votes/sevres.yaml") || strings.Contains(got, "vanves") {
				t.Fatalf("votes in the index: %s", got)
			}
			assertClean(t, r)
		})
	}
}

// patch gives the index a full decode, edit and encode would give, for
// random indexes (stages, skip-worktree, names up to and past the 4,095
// bytes the entry's flags can count) and random sets of changes.
func TestIndexPatchMatchesADecodeAndEncode(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	name := func() string {
		parts := make([]string, 1+rng.IntN(4))
		for i := range parts {
			parts[i] = string(rune('a'+rng.IntN(4))) + strings.Repeat("x", rng.IntN(3))
		}
		if rng.IntN(40) == 0 {
			parts = append(parts, strings.Repeat("l", 4090+rng.IntN(10)))
		}
		return strings.Join(parts, "/")
	}
	when := func() time.Time {
		if rng.IntN(5) == 0 {
			return time.Time{}
		}
		return time.Unix(1.7e9+rng.Int64N(1e8), rng.Int64N(1e9))
	}
	entry := func(n string) *index.Entry {
		var h plumbing.Hash
		for i := range h {
			h[i] = byte(rng.IntN(256))
		}
		return &index.Entry{Name: n, Hash: h, Mode: filemode.Regular, Size: rng.Uint32(), CreatedAt: when(), ModifiedAt: when(), Dev: rng.Uint32(), Inode: rng.Uint32(), UID: rng.Uint32N(2000), GID: rng.Uint32N(2000)}
	}
	for round := range 300 {
		version := uint32(2 + rng.IntN(2))
		idx := &index.Index{Version: version}
		seen := map[string]bool{}
		for range rng.IntN(60) {
			n := name()
			if seen[n] {
				continue
			}
			seen[n] = true
			e := entry(n)
			if rng.IntN(8) == 0 { // an unmerged path: stages 1 to 3
				for st := index.Stage(1); st <= 3; st++ {
					c := *e
					c.Stage = st
					idx.Entries = append(idx.Entries, &c)
				}
				continue
			}
			e.SkipWorktree = version == 3 && rng.IntN(6) == 0
			idx.Entries = append(idx.Entries, e)
		}
		sortEntries(idx.Entries)
		var enc bytes.Buffer
		if err := index.NewEncoder(&enc).Encode(idx); err != nil {
			t.Fatal(err)
		}
		set := map[string]*index.Entry{}
		names := slices.Sorted(func(yield func(string) bool) {
			for n := range seen {
				if !yield(n) {
					return
				}
			}
		})
		for range rng.IntN(6) {
			n := name()
			if len(names) > 0 && rng.IntN(2) == 0 {
				n = names[rng.IntN(len(names))]
			}
			if rng.IntN(3) == 0 {
				set[n] = nil
			} else {
				set[n] = entry("")
			}
		}
		var want []*index.Entry
		for _, e := range idx.Entries {
			if _, ok := set[e.Name]; !ok {
				want = append(want, e)
			}
		}
		for n, e := range set {
			if e != nil {
				c := *e
				c.Name = n
				want = append(want, &c)
			}
		}
		sortEntries(want)

		p := filepath.Join(t.TempDir(), "index")
		if err := writeFileVia(filepath.Dir(p), p, enc.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		x, unmap, err := readIndexFile(p)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		defer unmap()
		var data bytes.Buffer
		if err := x.patch(&data, set); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		got := &index.Index{}
		if err := index.NewDecoder(&data).Decode(got); err != nil {
			t.Fatalf("round %d: the patched index does not decode: %v", round, err)
		}
		if got.Version != version || len(got.Entries) != len(want) {
			t.Fatalf("round %d: version %d, %d entries; want %d, %d", round, got.Version, len(got.Entries), version, len(want))
		}
		for i := range want {
			if g, w := fmt.Sprintf("%+v", *got.Entries[i]), fmt.Sprintf("%+v", *want[i]); g != w {
				t.Fatalf("round %d, entry %d:\n got %s\nwant %s", round, i, g, w)
			}
		}
	}
}

// An index cut anywhere, with a checksum that matches (as a buggy writer
// would leave it), is an error, never a panic.
func TestIndexCutShortIsAnError(t *testing.T) {
	idx := &index.Index{Version: 3}
	for i, n := range []string{"a", "b/" + strings.Repeat("l", 4100), "c/d.yaml"} {
		idx.Entries = append(idx.Entries, &index.Entry{Name: n, Mode: filemode.Regular, SkipWorktree: i != 2})
	}
	var enc bytes.Buffer
	if err := index.NewEncoder(&enc).Encode(idx); err != nil {
		t.Fatal(err)
	}
	full := enc.Bytes()[:enc.Len()-indexSumLen]
	// One file written over for each cut, one byte longer each time (a
	// file per cut cost 4,000 new inodes, and truncating one file each
	// time makes ext4 write it out: the most of this package's time).
	p := filepath.Join(t.TempDir(), "index")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cut := indexHeaderLen; cut < len(full); cut++ {
		data := slices.Clone(full[:cut])
		sum := sha1.Sum(data)
		if _, err := f.WriteAt(append(data, sum[:]...), 0); err != nil {
			t.Fatal(err)
		}
		x, unmap, err := readIndexFile(p)
		if err != nil {
			continue
		}
		_, errStaged := x.staged([]string{"c/d.yaml"})
		errPatch := x.patch(io.Discard, map[string]*index.Entry{"c/e.yaml": {}})
		unmap()
		if errStaged == nil || errPatch == nil {
			t.Fatalf("cut at %d of %d: staged %v, patch %v", cut, len(full), errStaged, errPatch)
		}
	}
}

func sortEntries(es []*index.Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Name != es[j].Name {
			return es[i].Name < es[j].Name
		}
		return es[i].Stage < es[j].Stage
	})
}

// BenchmarkIndexUpdate measures one write's update of .git/index (one vote
// added, the file read and written) at the sizes of the generated registries (44,393 files at 10,000
// entries, 485,210 at 100,000): the patch of dotindex.go against a decode,
// edit and encode of the whole index with go-git (the write path before),
// in the same loop; reports both and their ratio.
func BenchmarkIndexUpdate(b *testing.B) {
	for _, n := range []int{44393, 485210} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			idx := &index.Index{Version: 2}
			for i := range n {
				idx.Entries = append(idx.Entries, &index.Entry{
					Name: fmt.Sprintf("requests/demande-%06d/votes/association-%d.yaml", i/4, i%4),
					Mode: filemode.Regular, Size: 200, ModifiedAt: time.Unix(1.7e9, int64(i)), CreatedAt: time.Unix(1.7e9, int64(i)),
				})
			}
			var enc bytes.Buffer
			if err := index.NewEncoder(&enc).Encode(idx); err != nil {
				b.Fatal(err)
			}
			p := filepath.Join(b.TempDir(), "index")
			if err := writeFileVia(filepath.Dir(p), p, enc.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			vote := "requests/demande-000100/votes/vanves.yaml"
			out := p + ".new"
			var patched, whole time.Duration
			for b.Loop() {
				t0 := time.Now()
				x, unmap, err := readIndexFile(p)
				if err != nil {
					b.Fatal(err)
				}
				if err := writeTo(out, func(w io.Writer) error {
					return x.patch(w, map[string]*index.Entry{vote: {Mode: filemode.Regular, Size: 60}})
				}); err != nil {
					b.Fatal(err)
				}
				unmap()
				patched += time.Since(t0)

				t0 = time.Now()
				data, err := os.ReadFile(p)
				if err != nil {
					b.Fatal(err)
				}
				got := &index.Index{}
				if err := index.NewDecoder(bytes.NewReader(data)).Decode(got); err != nil {
					b.Fatal(err)
				}
				got.Entries = append(got.Entries, &index.Entry{Name: vote, Mode: filemode.Regular, Size: 60})
				sortEntries(got.Entries)
				if err := writeTo(out, func(w io.Writer) error {
					bw := bufio.NewWriter(w)
					if err := index.NewEncoder(bw).Encode(got); err != nil {
						return err
					}
					return bw.Flush()
				}); err != nil {
					b.Fatal(err)
				}
				whole += time.Since(t0)
			}
			b.ReportMetric(float64(patched.Nanoseconds())/float64(b.N), "patch-ns/op")
			b.ReportMetric(float64(whole.Nanoseconds())/float64(b.N), "gogit-ns/op")
			b.ReportMetric(float64(patched)/float64(whole), "patch/gogit")
		})
	}
}

func writeTo(p string, write func(io.Writer) error) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// TestSessionReadsGitIndexOnceUnlessReplaced: a write session reads
// .git/index once while the file stays the same, and again as soon as git
// (or anyone) replaces it, so the update under index.lock never patches an
// index older than the file on disk.
func TestSessionReadsGitIndexOnceUnlessReplaced(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	s, err := r.begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer s.end()
	first, err := s.index()
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.index()
	if err != nil || again != first {
		t.Fatalf("the unchanged index was read again (%v)", err)
	}
	const added = "requests/budget/votes/vanves.yaml"
	if err := os.MkdirAll(filepath.Join(r.Dir(), filepath.Dir(added)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.Dir(), added), []byte("date: 2026-11-29\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, r.Dir(), "add", added) // git replaces .git/index
	now, err := s.index()
	if err != nil {
		t.Fatal(err)
	}
	if now == first {
		t.Fatal("the index replaced by git add was not read again")
	}
	staged, err := now.staged([]string{added})
	if err != nil || staged[added].IsZero() {
		t.Fatalf("the index read again misses %s (%v)", added, err)
	}
}
