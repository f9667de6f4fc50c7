package registry

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
)

// AddEntry commits a new tip on its share branch codal/tip-<id> on top of
// HEAD (which does not move), writes it in the work tree, and gives the
// next tip of the same title another id; a tip that lint would refuse
// leaves nothing behind.
func TestAddEntryTip(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	who := catalogue.Identity{Name: "Test", Email: "test@example.org"}
	head := gitOut(t, r.Dir(), "rev-parse", "HEAD")
	prepare := func(body string) catalogue.EntryPreparer {
		return func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
			date, _ := fact.ParseDate("2026-10-01")
			return c.PrepareTip(catalogue.NewTip{Title: "Vérifier un CSV", Author: "gpso", Date: date, Body: body}, taken)
		}
	}
	id, err := r.AddEntry(context.Background(), catalogue.Tips, prepare("Avec `codal schema validate`.\n"), who, time.Now())
	if err != nil || id != "verifier-un-csv" {
		t.Fatalf("AddEntry: %q, %v", id, err)
	}
	if got := gitOut(t, r.Dir(), "rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved: %s → %s", head, got)
	}
	files := gitOut(t, r.Dir(), "ls-tree", "-r", "--name-only", "codal/tip-verifier-un-csv")
	if !strings.Contains(files, "tips/verifier-un-csv/tip.md") {
		t.Errorf("the share branch lacks the tip:\n%s", files)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir(), "tips", "verifier-un-csv", "tip.md"))
	if err != nil || !strings.HasPrefix(string(data), "---\ntitle: Vérifier un CSV\n") {
		t.Fatalf("work tree: %q, %v", data, err)
	}
	// The folder and the branch now hold the id: the next one is -2.
	id, err = r.AddEntry(context.Background(), catalogue.Tips, prepare("Encore.\n"), who, time.Now())
	if err != nil || id != "verifier-un-csv-2" {
		t.Fatalf("second AddEntry: %q, %v", id, err)
	}
	// A preparer that writes outside its kind is refused.
	_, err = r.AddEntry(context.Background(), catalogue.Tips, func(c *catalogue.Catalogue, taken func(string) (bool, error)) (catalogue.Prepared, error) {
		return catalogue.Prepared{Path: "actors/gpso.yaml", Change: catalogue.Change{Files: map[string][]byte{"actors/gpso.yaml": []byte("x")}}}, nil
	}, who, time.Now())
	if err == nil {
		t.Fatal("a preparer writing outside tips/ was accepted")
	}
	if branches, _ := r.ShareBranches(); len(branches) != 2 {
		t.Errorf("share branches: %v", branches)
	}
}
