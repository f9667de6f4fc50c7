package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

const vote = "requests/budget/votes/vanves.yaml"

func writerCases() []testCase {
	return []testCase{
		{"Writer/WithoutRemoteJustCommits", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			before := head(t, s)
			checkHash(t, "head", before)
			res := write(t, s, change("Vote de Vanves", vote, "need: useful\n"), store.WriteOptions{})
			checkHash(t, "commit", res.Commit)
			if res.Unchanged || res.Sync.HasRemote || res.Sync.Shared || res.Sync.Reason != nil || res.Sync.Pushed != 0 {
				t.Fatalf("result %+v", res)
			}
			if res.Sync.State.Head != res.Commit || head(t, s) != res.Commit || res.Sync.State.HasRemote || res.Sync.State.Branch != "main" {
				t.Fatalf("state %+v, commit %s", res.Sync.State, res.Commit)
			}
			if got := readFile(t, s, vote); got != "need: useful\n" {
				t.Fatalf("work tree file %q", got)
			}
			if files, err := s.EntryFilesAt(before, catalogue.Requests, "budget"); err != nil || len(files) != 1 {
				t.Fatalf("the parent changed: %v %v", files, err)
			}
		}},
		{"Writer/SameChangeAgainIsUnchanged", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			first := write(t, s, change("Vote", vote, "need: useful\n"), store.WriteOptions{})
			res := write(t, s, change("Vote", vote, "need: useful\n"), store.WriteOptions{})
			if !res.Unchanged || res.Commit != "" || head(t, s) != first.Commit {
				t.Fatalf("second write %+v", res)
			}
			if !res.Sync.Shared || res.Sync.Pushed != 0 || res.Sync.State.Ahead != 0 {
				t.Fatalf("second write's sync %+v", res.Sync)
			}
			// Deleting a file that is not there changes nothing either.
			if res := write(t, s, change("Rien", "requests/budget/votes/nobody.yaml", "<delete>"), store.WriteOptions{}); !res.Unchanged {
				t.Fatalf("deleting nothing: %+v", res)
			}
		}},
		{"Writer/DeleteRemovesTheFile", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			write(t, s, change("Vote", vote, "need: useful\n"), store.WriteOptions{})
			write(t, s, change("Retrait", vote, "<delete>"), store.WriteOptions{})
			if got := readFile(t, s, vote); got != "" {
				t.Fatalf("deleted file reads %q", got)
			}
			if files, _ := s.EntryFiles(catalogue.Requests, "budget"); len(files) != 1 {
				t.Fatalf("entry files after delete: %v", files)
			}
		}},
		{"Writer/RefusesBadPaths", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			before := head(t, s)
			for _, p := range []string{"", "/abs", "a/../b", "./a", "a//b", "a/", ".git/config", "x/.GIT/hooks", "a\\b", "..", "a/./b"} {
				if _, err := s.Write(context.Background(), change("x", p, "x"), Someone, At, store.WriteOptions{}); err == nil {
					t.Errorf("path %q accepted", p)
				}
			}
			for _, ch := range []catalogue.Change{
				change("x", "a", "x", "a/b", "y"),
				change("x", "actors", "x"),                // a file where a folder is
				change("x", "actors/gpso.yaml/more", "x"), // a folder where a file is
			} {
				if _, err := s.Write(context.Background(), ch, Someone, At, store.WriteOptions{}); err == nil {
					t.Errorf("a file and a folder at the same path accepted: %v", ch.Paths())
				}
			}
			if _, err := s.Write(context.Background(), catalogue.Change{Message: "x"}, Someone, At, store.WriteOptions{}); err == nil {
				t.Error("an empty change accepted")
			}
			if head(t, s) != before {
				t.Fatal("a refused write moved the branch")
			}
		}},
		{"Writer/RefusesFileWithHandEdits", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			before := head(t, s)
			h.EditFile(t, s, "requests/budget/request.yaml", []byte("title: edited by hand\n"))
			_, err := s.Write(context.Background(), change("x", "requests/budget/request.yaml", "title: codal\n"), Someone, At, store.WriteOptions{})
			wantErr(t, "write over a hand edit", err, store.ErrDirty)
			if !strings.Contains(err.Error(), "requests/budget/request.yaml") {
				t.Fatalf("the sentence does not name the file: %v", err)
			}
			if head(t, s) != before || readFile(t, s, "requests/budget/request.yaml") != "title: edited by hand\n" {
				t.Fatal("a refused write moved the branch or lost the hand edit")
			}
			// Other files can still be written; the hand edit stays.
			write(t, s, change("Vote", vote, "need: useful\n"), store.WriteOptions{})
			if readFile(t, s, "requests/budget/request.yaml") != "title: edited by hand\n" {
				t.Fatal("hand edit lost")
			}
		}},
		{"Writer/PushesToTheRemote", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			res := write(t, s, change("Vote de Vanves", vote, "need: useful\n"), store.WriteOptions{})
			if !res.Sync.HasRemote || !res.Sync.Shared || res.Sync.Pushed != 1 || res.Sync.Attempts != 1 || res.Sync.Reason != nil || res.Sync.State.Ahead != 0 {
				t.Fatalf("result %+v (reason %v)", res.Sync, res.Sync.Reason)
			}
			if remoteFile(t, h, vote) != "need: useful\n" || h.RemoteHead(t) != res.Commit {
				t.Fatalf("remote at %s, want %s", h.RemoteHead(t), res.Commit)
			}
			if log := h.RemoteLog(t); len(log) != 2 || log[0] != "Vote de Vanves" {
				t.Fatalf("remote log %q", log)
			}
		}},
		{"Writer/OfflineSavesThenSyncShares", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			res := write(t, s, change("Vote hors ligne", vote, "offline\n"), store.WriteOptions{Offline: true})
			if res.Commit == "" || res.Sync.Shared || !res.Sync.Offline || res.Sync.State.Ahead != 1 {
				t.Fatalf("offline write %+v", res.Sync)
			}
			wantReason(t, "offline write", res.Sync.Reason, store.ErrOffline)
			if remoteFile(t, h, vote) != "" {
				t.Fatal("an offline write reached the remote")
			}
			sres := doSync(t, s)
			if !sres.Shared || sres.Pushed != 1 || sres.State.Ahead != 0 || sres.Reason != nil {
				t.Fatalf("sync %+v (%v)", sres, sres.Reason)
			}
			if remoteFile(t, h, vote) != "offline\n" {
				t.Fatal("the vote did not reach the remote")
			}
		}},
		{"Writer/UnreachableRemoteLeavesTheCommitForSync", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.SetReachable(t, false)
			res := write(t, s, change("Vote", vote, "down\n"), store.WriteOptions{})
			if res.Commit == "" || res.Sync.Shared || res.Sync.State.Ahead != 1 {
				t.Fatalf("while down: %+v", res.Sync)
			}
			wantReason(t, "write while down", res.Sync.Reason, store.ErrUnreachable)
			sres := doSync(t, s)
			if sres.Shared || sres.Pushed != 0 {
				t.Fatalf("sync while down: %+v", sres)
			}
			wantReason(t, "sync while down", sres.Reason, store.ErrUnreachable)
			h.SetReachable(t, true)
			sres = doSync(t, s)
			if !sres.Shared || sres.Pushed != 1 || sres.State.Ahead != 0 {
				t.Fatalf("sync once up: %+v (%v)", sres, sres.Reason)
			}
			if remoteFile(t, h, vote) != "down\n" {
				t.Fatal("vote not on the remote")
			}
		}},
		{"Writer/RefusedPushSaysWhy", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.RefusePushes(t, "branche protégée")
			res := write(t, s, change("Vote", vote, "x\n"), store.WriteOptions{})
			if res.Commit == "" || res.Sync.Shared || res.Sync.Attempts != 1 || res.Sync.State.Ahead != 1 {
				t.Fatalf("refused: %+v", res.Sync)
			}
			wantReason(t, "refused push", res.Sync.Reason, store.ErrRefused)
			if remoteFile(t, h, vote) != "" {
				t.Fatal("a refused push reached the remote")
			}
			h.RefusePushes(t, "")
			if sres := doSync(t, s); !sres.Shared || sres.Pushed != 1 {
				t.Fatalf("sync once accepted: %+v (%v)", sres, sres.Reason)
			}
		}},
		{"Writer/RejectedPushReplaysOnTopOfTheRemote", Options{Remote: true}, func(t *testing.T, h Harness) {
			a, b := h.Store(), h.Clone(t)
			ra := write(t, a, change("Vote A", vote, "a\n"), store.WriteOptions{})
			rb := write(t, b, change("Vote B", "requests/budget/votes/gpso.yaml", "b\n"), store.WriteOptions{})
			if !ra.Sync.Shared || !rb.Sync.Shared {
				t.Fatalf("not shared: %v / %v", ra.Sync.Reason, rb.Sync.Reason)
			}
			if rb.Sync.Replayed != 1 || rb.Sync.Pulled != 1 || rb.Sync.Attempts != 2 || rb.Sync.Pushed != 1 || rb.Sync.Dropped != 0 {
				t.Fatalf("b: %+v", rb.Sync)
			}
			if remoteFile(t, h, vote) != "a\n" || remoteFile(t, h, "requests/budget/votes/gpso.yaml") != "b\n" {
				t.Fatal("a vote is missing on the remote")
			}
			if log := h.RemoteLog(t); strings.Join(log, "|") != "Vote B|Vote A|init" {
				t.Fatalf("remote history %q", log)
			}
			if readFile(t, b, vote) != "a\n" || rb.Sync.State.Head != h.RemoteHead(t) {
				t.Fatal("b does not hold a's vote")
			}
			// A catches up with a plain sync.
			res := doSync(t, a)
			if !res.Shared || res.Pulled != 1 || res.State.Behind != 0 || res.State.Ahead != 0 || readFile(t, a, "requests/budget/votes/gpso.yaml") != "b\n" {
				t.Fatalf("a's sync: %+v", res)
			}
		}},
		{"Writer/ConcurrentWritersTakeTurns", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			var wg sync.WaitGroup
			errs := make(chan error, 20)
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 5 {
						p := fmt.Sprintf("requests/budget/votes/w%d-%d.yaml", w, i)
						res, err := s.Write(context.Background(), change(p, p, "x\n"), Someone, At, store.WriteOptions{})
						if err == nil && !res.Sync.Shared {
							err = fmt.Errorf("%s not shared: %v", p, res.Sync.Reason)
						}
						if err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if n := len(h.RemoteLog(t)); n != 21 {
				t.Fatalf("%d commits on the remote, want 21", n)
			}
			if files, _ := s.EntryFiles(catalogue.Requests, "budget"); len(files) != 21 {
				t.Fatalf("%d files in the request, want 21", len(files))
			}
		}},
		{"Writer/TwoStoresSameWriteSameHash", Options{Remote: true}, func(t *testing.T, h Harness) {
			// A commit is named by what it holds: the same change on the same
			// parent, by the same person at the same time, is the same commit.
			a, b := h.Store(), h.Clone(t)
			ra := write(t, a, change("Vote", vote, "x\n"), store.WriteOptions{Offline: true})
			rb := write(t, b, change("Vote", vote, "x\n"), store.WriteOptions{Offline: true})
			if ra.Commit != rb.Commit {
				t.Fatalf("%s and %s", ra.Commit, rb.Commit)
			}
			if rc := write(t, h.Clone(t), change("Vote", vote, "y\n"), store.WriteOptions{Offline: true}); rc.Commit == ra.Commit {
				t.Fatal("another content, the same hash")
			}
		}},
	}
}
