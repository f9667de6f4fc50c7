package registry

import (
	"bytes"
	"fmt"
	"math/rand"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

// TestRopeDiffMatchesDecodedDiffOnDeltaChains: chains of 40 versions of a
// folder (a few hundred entries, one to four changed at each step, files
// become folders, names share beginnings, hashes differ in one byte) each
// stored as a delta on the one before — codal's tree deltas and go-git's
// (other shapes of copies) — patched as ropes from the first version: every
// rope holds the version's bytes, and comparing two neighbours from the
// delta (ropeWindows, both ways) gives what the decoded comparison gives.
func TestRopeDiffMatchesDecodedDiffOnDeltaChains(t *testing.T) {
	o := objects{s: memory.NewStorage()}
	rng := rand.New(rand.NewSource(13))
	sub := rawTreeObject(t, o, []object.TreeEntry{{Name: "x", Mode: filemode.Regular, Hash: plumbing.NewHash("1111111111111111111111111111111111111111")}})
	entry := func(name string) object.TreeEntry {
		var h plumbing.Hash
		for i := range h {
			h[i] = 'Q'
		}
		h[rng.Intn(len(h))] = byte(rng.Intn(3))
		switch rng.Intn(4) {
		case 0:
			return object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: sub}
		case 1:
			return object.TreeEntry{Name: name, Mode: filemode.Executable, Hash: h}
		}
		return object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h}
	}
	name := func() string {
		const abc = "ab-.z"
		s := make([]byte, 1+rng.Intn(4))
		for i := range s {
			s[i] = abc[rng.Intn(len(abc))]
		}
		return string(s)
	}
	raw := func(byName map[string]object.TreeEntry) (plumbing.Hash, []byte) {
		var es []object.TreeEntry
		for _, e := range byName {
			es = append(es, e)
		}
		sortGit(es)
		h := rawTreeObject(t, o, es)
		_, data, err := o.readRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		return h, data
	}
	compared, decoded, entries := 0, 0, 0
	for chain := 0; chain < 12; chain++ {
		byName := map[string]object.TreeEntry{}
		for len(byName) < 50+rng.Intn(300) {
			n := name()
			byName[n] = entry(n)
		}
		prevHash, prev := raw(byName)
		r, err := newRootRope(bytes.Clone(prev))
		if err != nil {
			t.Fatal(err)
		}
		for step := 0; step < 40; step++ {
			// One change (every other step) or a few, anywhere.
			changes := 1
			if step%2 == 1 {
				changes += rng.Intn(4)
			}
			for k := changes; k > 0; k-- {
				n := name()
				if rng.Intn(3) == 0 {
					delete(byName, n)
				} else {
					byName[n] = entry(n)
				}
			}
			h, next := raw(byName)
			var delta []byte
			if chain%2 == 0 {
				delta = treeDelta(prev, next)
			} else {
				delta = packfile.DiffDelta(prev, next)
			}
			nr, err := patchRope(r, delta)
			if err != nil {
				t.Fatalf("chain %d step %d: %v", chain, step, err)
			}
			if got := nr.flat(func(n int) []byte { return make([]byte, 0, n) }); !bytes.Equal(got, next) {
				t.Fatalf("chain %d step %d: the rope holds other bytes", chain, step)
			}
			want, err := o.diffTrees(prevHash, h)
			if err != nil {
				t.Fatal(err)
			}
			for _, backwards := range []bool{false, true} {
				var wa, wb []object.TreeEntry
				if backwards {
					// The same pair read as the parent's version patched
					// from the child's: its windows, sides swapped.
					back := packfile.DiffDelta(next, prev)
					br, err := patchRope(nr, back)
					if err != nil {
						t.Fatal(err)
					}
					wb, wa, err = ropeWindows(nr, br, br.pre, br.suf, &[2][]byte{})
				} else {
					wa, wb, err = ropeWindows(r, nr, nr.pre, nr.suf, &[2][]byte{})
				}
				if err != nil {
					t.Fatal(err)
				}
				var got []pathChange
				if err := o.mergeDir("", wa, wb, appendTo(&got)); err != nil {
					t.Fatal(err)
				}
				if len(got) == 0 {
					got = nil
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("chain %d step %d (backwards %v): rope diff\n%v\nwant\n%v", chain, step, backwards, got, want)
				}
				// Only the entries around what changed are decoded
				// (more where the delta's copies are not in place): a
				// fraction of the folders.
				decoded += len(wa) + len(wb)
				entries += 2 * len(byName)
				compared++
			}
			// The marks ropeWindows left are entries' starts: a rope
			// patched from this one finds its windows from them.
			for _, m := range nr.marks {
				if _, err := rawEntryEnd(next, m); err != nil || (m > 0 && next[m-21] != 0) {
					t.Fatalf("chain %d step %d: mark %d is not an entry's start", chain, step, m)
				}
			}
			r, prev, prevHash = nr, next, h
		}
	}
	if compared == 0 || decoded*4 > entries {
		t.Fatalf("%d comparisons decoded %d entries of %d", compared, decoded, entries)
	}
}

// TestPatchRopeRefusesWhatApplyDeltaRefuses: deltas cut short, pointing
// outside their base, claiming another base size or result size, or with
// the reserved instruction 0, are errors for the rope as for applyDelta,
// never a panic; every other mutation rebuilds the same bytes both ways.
func TestPatchRopeRefusesWhatApplyDeltaRefuses(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	alloc := func(n int) []byte { return make([]byte, 0, n) }
	base := make([]byte, 3000)
	for i := range base {
		base[i] = "ab\x00 "[rng.Intn(4)]
	}
	target := append(append(bytes.Clone(base[:1200]), "inserted bytes"...), base[1300:]...)
	good := packfile.DiffDelta(base, target)
	root := &rope{segs: [][]byte{base[:1000], base[1000:]}, starts: []int{0, 1000}, size: len(base)}
	refused := 0
	for round := 0; round < 3000; round++ {
		d := bytes.Clone(good)
		switch rng.Intn(4) {
		case 0:
			d = d[:rng.Intn(len(d))]
		case 1:
			d[rng.Intn(len(d))] = byte(rng.Intn(256))
		case 2:
			d = append(d, byte(rng.Intn(256)), byte(rng.Intn(256)))
		default:
			d[rng.Intn(min(4, len(d)))] ^= 0xff
		}
		want, wantErr := applyDelta(alloc, base, d)
		r, err := patchRope(root, d)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("round %d: rope %v, applyDelta %v", round, err, wantErr)
		}
		if err != nil {
			refused++
			continue
		}
		if got := r.flat(alloc); !bytes.Equal(got, want) {
			t.Fatalf("round %d: rope rebuilds other bytes", round)
		}
	}
	if refused == 0 {
		t.Fatal("no mutated delta refused")
	}
	if _, err := patchRope(root, []byte{0x10}); err != errBadDelta {
		t.Errorf("a delta for another base size: %v", err)
	}
}

// TestHistoryThroughRopesMatchesGitLog: a registry whose requests/ folder
// (400 entries, 13 KB, over ropeMin; with CODAL_LONG_TESTS=1, 3,000
// entries, 96 KB) changes at each of 150 commits
// (requests added and removed, votes, comments), packed as fast-import
// leaves it (each version a delta on its parent's) and as git repack -f
// packs it (the newest whole, older ones deltas on newer), walked by
// History: the same commits and paths as git log --name-status, the same
// as the walk with ropes turned off, and most folders were compared from
// deltas (the rest are pairs neither of which is the other's base).
func TestHistoryThroughRopesMatchesGitLog(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("3,000 requests through 150 commits, repacked twice: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	isolateGit(t)
	size := 3000
	for _, repack := range []string{"reused", "recomputed"} {
		t.Run(repack, func(t *testing.T) {
			r := newTestRegistry(t, smallRegistry())
			dir := r.Dir()
			base := gitOut(t, dir, "rev-parse", "HEAD")
			rng := rand.New(rand.NewSource(3))
			var stream strings.Builder
			live := map[int]bool{}
			for i := 0; i < 151; i++ {
				when := time.Date(2026, 3, 1, 0, i, 0, 0, time.UTC).Unix()
				fmt.Fprintf(&stream, "commit refs/heads/main\nauthor A <a@example.org> %d +0000\ncommitter A <a@example.org> %d +0000\ndata 1\nc\n", when, when)
				if i == 0 {
					fmt.Fprintf(&stream, "from %s\n", base)
					for k := 0; k < size; k++ {
						fmt.Fprintf(&stream, "M 100644 inline requests/r%05d/request.yaml\ndata 6\ntitle\n\n", k*2)
						live[k*2] = true
					}
					continue
				}
				for n := 1 + rng.Intn(3); n > 0; n-- {
					k := rng.Intn(2 * size)
					switch {
					case rng.Intn(4) == 0 && live[k]:
						fmt.Fprintf(&stream, "D requests/r%05d\n", k)
						delete(live, k)
					case rng.Intn(3) == 0:
						fmt.Fprintf(&stream, "M 100644 inline requests/r%05d/request.yaml\ndata 6\ntitle\n\n", k)
						live[k] = true
					default:
						body := fmt.Sprintf("need: n%d\n", i)
						fmt.Fprintf(&stream, "M 100644 inline requests/r%05d/votes/v%d.yaml\ndata %d\n%s\n", k, i%4, len(body), body)
						live[k] = true
					}
				}
			}
			cmd := exec.Command("git", "fast-import", "--quiet")
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(stream.String())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("fast-import: %v\n%s", err, out)
			}
			if repack == "reused" {
				gitOut(t, dir, "repack", "-adq", "--depth=50")
			} else {
				// One thread: the same deltas at every run.
				gitOut(t, dir, "-c", "pack.threads=1", "repack", "-adfq", "--depth=50", "--window=20")
			}
			before := ropeDiffs.Load()
			commits := history(t, r, store.Since{Commit: store.Hash(base)})
			n := ropeDiffs.Load() - before
			t.Logf("%d folders compared from deltas", n)
			if n < 75 {
				t.Errorf("%d folders compared from deltas, want at least 75 of 150 (git repack -f pairs about 90)", n)
			}
			var got []string
			for _, c := range commits {
				got = append(got, string(c.Hash))
				for _, ch := range c.Changes {
					st := "M"
					if ch.Added() {
						st = "A"
					} else if ch.Removed() {
						st = "D"
					}
					got = append(got, st+"\t"+ch.Path)
				}
			}
			want := gitOut(t, dir, "log", "--no-renames", "--name-status", "--format=%H", base+"..HEAD")
			want = strings.ReplaceAll(want, "\n\n", "\n")
			if strings.Join(got, "\n") != want {
				t.Errorf("walk:\n%s\ngit log:\n%s", strings.Join(got, "\n"), want)
			}
			old := ropeMin
			ropeMin = 1 << 40
			flat := history(t, r, store.Since{Commit: store.Hash(base)})
			ropeMin = old
			if !reflect.DeepEqual(commits, flat) {
				t.Error("the walk through ropes differs from the walk without")
			}
		})
	}
}
