package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/store"
)

func syncCases() []testCase {
	return []testCase{
		{"Syncer/WithoutRemote", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			res := doSync(t, s)
			if res.HasRemote || res.Shared || res.Reason != nil || res.Pushed+res.Pulled != 0 {
				t.Fatalf("sync %+v", res)
			}
			if err := s.Fetch(context.Background()); err != nil {
				t.Fatalf("fetch without remote: %v", err)
			}
			if s.OriginURL() != "" {
				t.Fatalf("origin %q", s.OriginURL())
			}
		}},
		{"Syncer/OfflineOnlyReports", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.PushAs(t, change("Leur vote", vote, "theirs\n"), Other)
			h.SetReachable(t, false) // offline touches no network: this is not seen
			res, err := s.Sync(context.Background(), true)
			if err != nil || res.Shared || !res.Offline || !res.HasRemote || res.Pulled != 0 || res.State.Behind != 0 {
				t.Fatalf("offline sync %+v %v", res, err)
			}
			wantReason(t, "offline sync", res.Reason, store.ErrOffline)
		}},
		{"Syncer/FastForward", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			theirs := h.PushAs(t, change("Leur vote", vote, "theirs\n"), Other)
			if st := state(t, s); st.Behind != 0 {
				t.Fatalf("behind %d before any fetch", st.Behind)
			}
			res := doSync(t, s)
			if !res.Shared || res.Pulled != 1 || res.Pushed != 0 || res.Replayed != 0 || res.Attempts != 0 || res.Reason != nil {
				t.Fatalf("sync %+v", res)
			}
			if res.State.Head != theirs || res.State.Ahead != 0 || res.State.Behind != 0 || head(t, s) != theirs {
				t.Fatalf("state %+v, want head %s", res.State, theirs)
			}
			if readFile(t, s, vote) != "theirs\n" {
				t.Fatal("work tree not updated")
			}
			if res.State.LastFetch.IsZero() {
				t.Fatal("no last fetch time")
			}
		}},
		{"Syncer/StateCountsAheadAndBehind", Options{Remote: true}, func(t *testing.T, h Harness) {
			a, b := h.Store(), h.Clone(t)
			for i := range 3 {
				write(t, a, change(fmt.Sprint("a", i), fmt.Sprintf("requests/budget/votes/a%d.yaml", i), "x\n"), store.WriteOptions{})
			}
			for i := range 2 {
				write(t, b, change(fmt.Sprint("b", i), fmt.Sprintf("requests/budget/votes/b%d.yaml", i), "x\n"), store.WriteOptions{Offline: true})
			}
			if st := state(t, b); st.Ahead != 2 || st.Behind != 0 {
				t.Fatalf("before fetch %+v", st)
			}
			before := head(t, b)
			if err := b.Fetch(context.Background()); err != nil {
				t.Fatal(err)
			}
			st := state(t, b)
			if st.Ahead != 2 || st.Behind != 3 || !st.HasRemote || st.Branch != "main" || st.Head != before {
				t.Fatalf("state %+v", st)
			}
			if rh, ok, err := b.RemoteHead("main"); err != nil || !ok || rh != h.RemoteHead(t) {
				t.Fatalf("remote head %s %v %v", rh, ok, err)
			}
			// The sync replays both local commits on the remote's three and
			// sends them.
			res := doSync(t, b)
			if !res.Shared || res.Pulled != 3 || res.Replayed != 2 || res.Pushed != 2 || res.Attempts != 1 || res.State.Ahead != 0 || res.State.Behind != 0 {
				t.Fatalf("sync %+v (%v)", res, res.Reason)
			}
			if n := len(h.RemoteLog(t)); n != 6 {
				t.Fatalf("%d commits on the remote, want 6", n)
			}
		}},
		{"Syncer/FetchWhileUnreachable", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.SetReachable(t, false)
			wantErr(t, "fetch while down", s.Fetch(context.Background()), store.ErrUnreachable)
		}},
		{"Syncer/ReplayDropsCommitsTheRemoteHolds", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			// Two changes saved offline; one reaches the remote another way
			// (as when a pull request is merged upstream).
			write(t, s, change("Same vote", vote, "same\n"), store.WriteOptions{Offline: true})
			write(t, s, change("Other vote", "requests/budget/votes/gpso.yaml", "other\n"), store.WriteOptions{Offline: true})
			h.PushAs(t, change("Merged upstream", vote, "same\n"), Other)
			res := doSync(t, s)
			if !res.Shared || res.Dropped != 1 || res.Replayed != 1 || res.Pushed != 1 || res.Pulled != 1 || res.Conflict != nil || res.Reason != nil {
				t.Fatalf("sync %+v (%v)", res, res.Reason)
			}
			if log := strings.Join(h.RemoteLog(t), "|"); log != "Other vote|Merged upstream|init" {
				t.Fatalf("remote history %q", log)
			}
		}},
		{"Syncer/TrueConflictKeepsOursOnABranch", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			write(t, s, change("Mon vote", vote, "mine\n"), store.WriteOptions{Offline: true})
			write(t, s, change("Autre", "requests/budget/votes/gpso.yaml", "other\n"), store.WriteOptions{Offline: true})
			ours := head(t, s)
			h.PushAs(t, change("Leur vote", vote, "theirs\n"), Other)
			res := doSync(t, s)
			c := res.Conflict
			if c == nil || strings.Join(c.Paths, " ") != vote || !strings.HasPrefix(c.Branch, store.ConflictBranchPrefix) || strings.Join(c.Commits, "|") != "Mon vote" {
				t.Fatalf("conflict %+v", c)
			}
			wantReason(t, "conflict", res.Reason, store.ErrConflict)
			// Ours is kept, as it was, on the conflict branch.
			if kept, ok, err := s.BranchHead(c.Branch); err != nil || !ok || kept != ours {
				t.Fatalf("conflict branch at %s (%v %v), want %s", kept, ok, err, ours)
			}
			// Main is the remote plus the commit that did not conflict, shared.
			if !res.Shared || res.Replayed != 1 || res.Pulled != 1 || res.State.Ahead != 0 || len(res.Pruned) != 0 {
				t.Fatalf("sync %+v", res)
			}
			if remoteFile(t, h, vote) != "theirs\n" || remoteFile(t, h, "requests/budget/votes/gpso.yaml") != "other\n" || readFile(t, s, vote) != "theirs\n" {
				t.Fatal("remote or work tree content wrong")
			}
			// A conflict branch is not a share branch.
			if bs, _ := s.ShareBranches(); len(bs) != 0 {
				t.Fatalf("share branches %q", bs)
			}
			// Redoing the action shares our version.
			res2 := write(t, s, change("Mon vote", vote, "mine\n"), store.WriteOptions{})
			if !res2.Sync.Shared || remoteFile(t, h, vote) != "mine\n" {
				t.Fatalf("redo: %+v", res2.Sync)
			}
		}},
		{"Syncer/HandEditsStopTheFastForward", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.PushAs(t, change("Titre", "requests/budget/request.yaml", "title: Nouveau\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n"), Other)
			h.EditFile(t, s, "requests/budget/request.yaml", []byte("title: à la main\n"))
			before := head(t, s)
			res := doSync(t, s)
			if res.Shared {
				t.Fatalf("sync over a hand edit: %+v", res)
			}
			wantReason(t, "sync over a hand edit", res.Reason, store.ErrDirty)
			if head(t, s) != before || readFile(t, s, "requests/budget/request.yaml") != "title: à la main\n" {
				t.Fatal("the branch moved or the hand edit was lost")
			}
			// Once the hand edit is gone, the sync goes through.
			h.EditFile(t, s, "requests/budget/request.yaml", []byte("title: Budget\nrequested_by: sevres\naddressed_to: gpso\ncreated: 2026-01-05\n"))
			if res := doSync(t, s); !res.Shared || res.Pulled != 1 || !strings.HasPrefix(readFile(t, s, "requests/budget/request.yaml"), "title: Nouveau") {
				t.Fatalf("after undoing the edit: %+v (%v)", res, res.Reason)
			}
		}},
		{"Syncer/HandCommitIsShared", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.EditFile(t, s, vote, []byte("by hand\n"))
			h.CommitWork(t, s, "À la main")
			if st := state(t, s); st.Ahead != 1 {
				t.Fatalf("state %+v", st)
			}
			res := doSync(t, s)
			if !res.Shared || res.Pushed != 1 || remoteFile(t, h, vote) != "by hand\n" {
				t.Fatalf("sync %+v", res)
			}
		}},
	}
}
