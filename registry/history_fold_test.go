package registry

import (
	"fmt"
	"iter"
	"maps"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/registrytest"
	"github.com/gpso/codal/registry/store"
)

// commitFiles commits files (nil content: removed) on top of HEAD at date,
// through git fast-import: hundreds of files in one process, the work
// tree left as it was (the walk reads commits).
func commitFiles(t *testing.T, dir, date string, files map[string]*string) {
	t.Helper()
	when, err := time.Parse(time.RFC3339, date)
	if err != nil {
		t.Fatal(err)
	}
	ref := gitOut(t, dir, "symbolic-ref", "HEAD")
	head := gitOut(t, dir, "rev-parse", "HEAD")
	var b strings.Builder
	fmt.Fprintf(&b, "commit %s\nauthor Test <test@example.org> %d +0000\ncommitter Test <test@example.org> %d +0000\ndata %d\n%s\nfrom %s\n",
		ref, when.Unix(), when.Unix(), len(date), date, head)
	paths := slices.Sorted(maps.Keys(files))
	for _, p := range paths { // removals first: a file may become a folder
		if files[p] == nil {
			fmt.Fprintf(&b, "D %s\n", p)
		}
	}
	for _, p := range paths {
		if data := files[p]; data != nil {
			fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", p, len(*data), *data)
		}
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
}

func text(s string) *string { return &s }

// TestHistoryFoldGivesTheListedChanges: a walk handing each commit's
// changes to Since.Fold gives, commit by commit, the changes a listing walk
// lists, in the same order, with the same contents read and the same
// Skimmed: a bulk import skimmed as soon as it passes MaxReads, a commit of
// many unwanted files and few wanted ones (counted first, then read), one
// of many unwanted files and too many wanted ones, small commits, a file
// turned into a folder. A fold that stops early stops the diff.
func TestHistoryFoldGivesTheListedChanges(t *testing.T) {
	isolateGit(t)
	old := foldHeldMin
	foldHeldMin = 100
	t.Cleanup(func() { foldHeldMin = old })
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()

	imp := map[string]*string{}
	for i := range 150 {
		id := fmt.Sprintf("r%04d", i)
		imp["requests/"+id+"/request.yaml"] = text("title: T" + id + "\nrequested_by: sevres\n")
		imp["requests/"+id+"/votes/vanves.yaml"] = text("need: n" + id + "\n")
		imp["snippets/s"+id+"/README.md"] = text("x" + id)
	}
	commitFiles(t, dir, "2026-03-01T10:00:00Z", imp)
	// Files news does not read, sorted before the wanted ones: more than
	// the fold holds back before it knows.
	few := map[string]*string{}
	for i := range 120 {
		few[fmt.Sprintf("schemas/c%04d/examples/a.csv", i)] = text("y")
	}
	few["snippets/sr0001/snippet.yaml"] = text("title: S\n")
	few["snippets/sr0002/snippet.yaml"] = text("title: S\n")
	commitFiles(t, dir, "2026-03-02T10:00:00Z", few)
	many := map[string]*string{}
	for i := range 120 {
		many[fmt.Sprintf("schemas/c%04d/examples/a.csv", i)] = text("z")
		if i%4 == 0 {
			many[fmt.Sprintf("snippets/sr%04d/snippet.yaml", i)] = text("title: many\n")
		}
	}
	commitFiles(t, dir, "2026-03-03T10:00:00Z", many)
	commitFiles(t, dir, "2026-03-04T10:00:00Z", map[string]*string{
		"requests/r0002/votes/vanves.yaml": nil, "actors/a.yaml": text("name: A\n"),
		"snippets/sr0003/README.md": nil, "snippets/sr0003/README.md/x": text("folder now"),
	})

	want := func(p string) bool { return strings.HasSuffix(p, ".yaml") }
	listed := history(t, r, store.Since{Want: want, MaxReads: 20})
	var folded []store.Commit
	type fold struct{ changes []store.FileChange }
	if err := r.History(store.Since{Want: want, MaxReads: 20, Fold: func(c store.Commit, changes iter.Seq[store.FileChange]) any {
		var f fold
		for ch := range changes {
			f.changes = append(f.changes, ch)
		}
		return f
	}}, func(c store.Commit) error {
		folded = append(folded, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(folded) != len(listed) || len(listed) < 5 {
		t.Fatalf("%d commits folded, %d listed", len(folded), len(listed))
	}
	for i, l := range listed {
		f := folded[i]
		if f.Changes != nil {
			t.Fatalf("commit %d: a folding walk listed %d changes", i, len(f.Changes))
		}
		got := f.Folded.(fold).changes
		if f.Hash != l.Hash || f.Skimmed != l.Skimmed || !reflect.DeepEqual(got, l.Changes) {
			t.Errorf("commit %d (%s): folded %d changes (skimmed %v), listed %d (skimmed %v)", i, l.Message, len(got), f.Skimmed, len(l.Changes), l.Skimmed)
		}
	}
	// The import is skimmed, the commit of 122 files of which 2 wanted is
	// read, the one of 30 wanted among 150 is skimmed.
	if s := fmt.Sprint(listed[3].Skimmed, listed[2].Skimmed, listed[1].Skimmed, listed[0].Skimmed); s != "true false true false" {
		t.Errorf("skimmed (oldest first) %s", s)
	}

	// Stopping after three changes of the import stops its diff.
	n := 0
	if err := r.History(store.Since{Want: want, MaxReads: 20, Fold: func(c store.Commit, changes iter.Seq[store.FileChange]) any {
		for range changes {
			if n++; n%3 == 0 {
				break
			}
		}
		return nil
	}}, func(store.Commit) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if n > 3*len(listed) {
		t.Errorf("%d changes given to folds that stopped after 3 each", n)
	}
}

// importCommit commits, on top of HEAD, requests×votes vote files
// (requests/rNNNNN/votes/vNN.yaml, one content) through git fast-import:
// a bulk import of tens of thousands of files in a second.
func importCommit(t *testing.T, dir string, requests, votes int) {
	t.Helper()
	ref := gitOut(t, dir, "symbolic-ref", "HEAD")
	head := gitOut(t, dir, "rev-parse", "HEAD")
	var b strings.Builder
	fmt.Fprintf(&b, "blob\nmark :1\ndata 12\nneed: utile\n\n")
	fmt.Fprintf(&b, "commit %s\nauthor A <a@example.org> 1780000000 +0000\ncommitter A <a@example.org> 1780000000 +0000\ndata 7\nimport\nfrom %s\n", ref, head)
	for i := range requests {
		for v := range votes {
			fmt.Fprintf(&b, "M 100644 :1 requests/r%05d/votes/v%02d.yaml\n", i, v)
		}
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
}

// liveHeap is the heap's live bytes, after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// samplingHistorian is the registry's walk with the live heap sampled
// while a commit's changes are given (every 5,000) and when each commit is
// handed over: the most, above base, is peak.
type samplingHistorian struct {
	*Registry
	base, peak uint64
}

func (s *samplingHistorian) sample() {
	if h := liveHeap(); h > s.base && h-s.base > s.peak {
		s.peak = h - s.base
	}
}

func (s *samplingHistorian) History(since store.Since, fn func(store.Commit) error) error {
	if fold := since.Fold; fold != nil {
		since.Fold = func(c store.Commit, changes iter.Seq[store.FileChange]) any {
			return fold(c, func(yield func(store.FileChange) bool) {
				n := 0
				for ch := range changes {
					if n++; n%5000 == 0 {
						s.sample()
					}
					if !yield(ch) {
						return
					}
				}
			})
		}
	}
	s.base = liveHeap()
	return s.Registry.History(since, func(c store.Commit) error {
		s.sample()
		return fn(c)
	})
}

// TestNewsWalkHoldsNoListOfAnImportsChanges: news over a bulk import of
// 20,000 files (40,000 in the long run) holds, at its most, less than half of what the import's
// changes weigh listed (measured in the same run: the commit as a walk
// that lists its changes hands it over). The live heap is sampled after a
// collection, while the changes stream and when the commit is handed on.
func TestNewsWalkHoldsNoListOfAnImportsChanges(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	folders := 1000
	if registrytest.Long() {
		folders = 2000
	}
	importCommit(t, r.Dir(), folders, 20)
	s := &samplingHistorian{Registry: r}
	if err := s.History(store.Since{Want: news.Wants, MaxReads: news.MaxReadsPerCommit}, func(c store.Commit) error { return nil }); err != nil {
		t.Fatal(err)
	}
	listed := s.peak
	s.peak = 0
	p, err := news.CollectPage(s, store.Since{}, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total < 20*folders || len(p.Items) != 10 {
		t.Fatalf("%d items of %d, want 10 of %d and more", len(p.Items), p.Total, 20*folders)
	}
	t.Logf("the walk held %d KB at most; the listed changes %d KB", s.peak>>10, listed>>10)
	if s.peak > listed/2 {
		t.Errorf("the news walk held %d KB at most, the listed changes weigh %d KB: it holds them", s.peak>>10, listed>>10)
	}
}
