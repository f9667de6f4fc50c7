package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

var issy = map[string][]byte{"actors/issy.yaml": []byte("name: Issy-les-Moulineaux\nkind: commune\ninsee: \"92040\"\npopulation: 69000\n")}

func proposerCases() []testCase {
	return []testCase{
		{"Proposer/EntryFilesHereAndAtACommit", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			hd := head(t, s)
			h.EditFile(t, s, vote, []byte("need: useful\n"))
			h.EditFile(t, s, "requests/budget/.hidden", []byte("x\n"))
			here, err := s.EntryFiles(catalogue.Requests, "budget")
			if err != nil || len(here) != 2 || string(here[vote]) != "need: useful\n" {
				t.Fatalf("work tree files %v %v", here, err)
			}
			at, err := s.EntryFilesAt(hd, catalogue.Requests, "budget")
			if err != nil || len(at) != 1 || at["requests/budget/request.yaml"] == nil {
				t.Fatalf("files at head %v %v", at, err)
			}
			if at, err := s.EntryFilesAt(hd, catalogue.Actors, "gpso"); err != nil || len(at) != 1 {
				t.Fatalf("actor files %v %v", at, err)
			}
			for _, f := range []func() (map[string][]byte, error){
				func() (map[string][]byte, error) { return s.EntryFiles(catalogue.Actors, "nobody") },
				func() (map[string][]byte, error) { return s.EntryFilesAt(hd, catalogue.Schemas, "nothing") },
			} {
				if files, err := f(); err != nil || len(files) != 0 {
					t.Fatalf("missing entry: %v %v", files, err)
				}
			}
		}},
		{"Proposer/BuildShareOnBase", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			hd := head(t, s)
			c, err := s.BuildShare(hd, "", catalogue.Actors, "issy", issy, "Issy", Someone, At)
			if err != nil {
				t.Fatal(err)
			}
			checkHash(t, "share commit", c)
			if !s.HasCommit(c) || head(t, s) != hd || readFile(t, s, "actors/issy.yaml") != "" {
				t.Fatal("BuildShare touched the branch or the work tree, or left no commit")
			}
			if at, err := s.EntryFilesAt(c, catalogue.Actors, "issy"); err != nil || !reflect.DeepEqual(at, issy) {
				t.Fatalf("files at the share commit %v %v", at, err)
			}
			cat, err := s.LoadCommit(c)
			if err != nil || cat.Actor("issy") == nil || len(cat.Actors) != 4 {
				t.Fatalf("load commit: %v", err)
			}
			// A file of the entry left out of files is removed.
			c2, err := s.BuildShare(hd, "", catalogue.Requests, "budget", map[string][]byte{vote: []byte("x\n")}, "Vote", Someone, At)
			if err != nil {
				t.Fatal(err)
			}
			if at, _ := s.EntryFilesAt(c2, catalogue.Requests, "budget"); len(at) != 1 || at[vote] == nil {
				t.Fatalf("entry at c2 %v", at)
			}
		}},
		{"Proposer/BuildShareRefusals", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			hd := head(t, s)
			same := map[string][]byte{"actors/gpso.yaml": []byte("name: Grand Paris Seine Ouest\nkind: ept\n")}
			_, err := s.BuildShare(hd, "", catalogue.Actors, "gpso", same, "x", Someone, At)
			wantErr(t, "nothing to propose", err, store.ErrNoChange)
			if _, err := s.BuildShare(hd, "", catalogue.Actors, "issy", map[string][]byte{"actors/gpso.yaml": []byte("x")}, "x", Someone, At); err == nil {
				t.Fatal("a file of another entry accepted")
			}
		}},
		{"Proposer/BuildShareOnAnEarlierProposal", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			base := head(t, s)
			tip, err := s.BuildShare(base, "", catalogue.Actors, "issy", issy, "Issy", Someone, At)
			if err != nil {
				t.Fatal(err)
			}
			// The same files on top of the earlier proposal: the proposal itself.
			if again, err := s.BuildShare(base, tip, catalogue.Actors, "issy", issy, "Issy", Someone, At); err != nil || again != tip {
				t.Fatalf("same proposal again: %s %v, want %s", again, err, tip)
			}
			// New files descend from it.
			more := map[string][]byte{"actors/issy.yaml": []byte("name: Issy-les-Moulineaux\nkind: commune\ninsee: \"92040\"\npopulation: 70000\n")}
			next, err := s.BuildShare(base, tip, catalogue.Actors, "issy", more, "Issy, corrigé", Someone, At)
			if err != nil || next == tip {
				t.Fatalf("next %s %v", next, err)
			}
			if at, _ := s.EntryFilesAt(next, catalogue.Actors, "issy"); !reflect.DeepEqual(at, more) {
				t.Fatalf("files at next %v", at)
			}
		}},
		{"Proposer/UnknownCommits", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			missing := store.Hash("0123456789abcdef0123456789abcdef01234567")
			if s.HasCommit(missing) {
				t.Fatal("has a commit nobody made")
			}
			_, err := s.LoadCommit(missing)
			wantErr(t, "load an unknown commit", err, store.ErrNotFound)
			_, err = s.EntryFilesAt(missing, catalogue.Actors, "gpso")
			wantErr(t, "files of an unknown commit", err, store.ErrNotFound)
		}},
		{"Proposer/PushFetchAndAskABranchElsewhere", Options{Remote: true}, func(t *testing.T, h Harness) {
			s, peer := h.Store(), h.Clone(t)
			fork := h.NewRepository(t)
			ctx := context.Background()
			if got, ok, err := s.RemoteBranch(ctx, fork, "codal/actor-issy", nil); err != nil || ok || got != "" {
				t.Fatalf("branch of an empty fork: %s %v %v", got, ok, err)
			}
			c, err := s.BuildShare(head(t, s), "", catalogue.Actors, "issy", issy, "Issy", Someone, At)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetBranch("codal/actor-issy", c, Someone, At); err != nil {
				t.Fatal(err)
			}
			if err := s.PushBranch(ctx, fork, "codal/actor-issy", nil); err != nil {
				t.Fatal(err)
			}
			if got, ok, err := s.RemoteBranch(ctx, fork, "codal/actor-issy", nil); err != nil || !ok || got != c {
				t.Fatalf("pushed branch %s %v %v, want %s", got, ok, err, c)
			}
			if peer.HasCommit(c) {
				t.Fatal("the peer has the commit before fetching it")
			}
			if err := peer.FetchBranch(ctx, fork, "codal/actor-issy", nil); err != nil || !peer.HasCommit(c) {
				t.Fatalf("fetch branch: %v", err)
			}
			if bs, _ := peer.ShareBranches(); len(bs) != 0 {
				t.Fatalf("fetching made branches %q", bs)
			}
			// A proposal built on the pushed one goes on without force; one
			// that does not descend from it is refused.
			more := map[string][]byte{"actors/issy.yaml": []byte("name: Issy\nkind: commune\n")}
			next, err := s.BuildShare(head(t, s), c, catalogue.Actors, "issy", more, "Issy 2", Someone, At)
			if err != nil {
				t.Fatal(err)
			}
			s.SetBranch("codal/actor-issy", next, Someone, At)
			if err := s.PushBranch(ctx, fork, "codal/actor-issy", nil); err != nil {
				t.Fatal(err)
			}
			other, err := s.BuildShare(head(t, s), "", catalogue.Actors, "issy", issy, "Issy bis", Other, At)
			if err != nil {
				t.Fatal(err)
			}
			s.SetBranch("codal/actor-issy", other, Someone, At)
			if err := s.PushBranch(ctx, fork, "codal/actor-issy", nil); err == nil {
				t.Fatal("a push that is not a fast-forward went through")
			}
			if got, _, _ := s.RemoteBranch(ctx, fork, "codal/actor-issy", nil); got != next {
				t.Fatalf("fork's branch at %s, want %s", got, next)
			}
		}},
		{"Proposer/MissingRepository", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			_, _, err := s.RemoteBranch(context.Background(), h.MissingURL(t), "main", nil)
			wantErr(t, "missing repository", err, store.ErrRepoNotFound)
			wantErr(t, "push to a missing repository", s.PushBranch(context.Background(), h.MissingURL(t), "main", nil), store.ErrRepoNotFound)
		}},
		{"Proposer/OriginAndHeads", Options{Remote: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			if s.OriginURL() == "" {
				t.Fatal("a clone has no origin")
			}
			rh, ok, err := s.RemoteHead("main")
			if err != nil || !ok || rh != head(t, s) || rh != h.RemoteHead(t) {
				t.Fatalf("remote head %s %v %v", rh, ok, err)
			}
			if _, ok, err := s.RemoteHead("no-such-branch"); ok || err != nil {
				t.Fatalf("remote head of no branch: %v %v", ok, err)
			}
			if got, ok, err := s.RemoteBranch(context.Background(), s.OriginURL(), "main", nil); err != nil || !ok || got != rh {
				t.Fatalf("origin's main %s %v %v", got, ok, err)
			}
		}},
	}
}
