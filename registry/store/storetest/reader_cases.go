package storetest

import (
	"context"
	"testing"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

func readerCases() []testCase {
	return []testCase{
		{"Reader/LoadReadsTheRegistry", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			c, err := s.Load()
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Actors) != 3 || c.Request("budget") == nil || len(c.Problems) != 0 {
				t.Fatalf("catalogue: %d actors, budget %v, problems %v", len(c.Actors), c.Request("budget"), c.Problems)
			}
			only, err := s.Load(catalogue.Actors)
			if err != nil || len(only.Actors) != 3 || len(only.Requests) != 0 {
				t.Fatalf("Load(actors): %v, %+v", err, only)
			}
		}},
		{"Reader/ReadFileAndNotFound", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			data, err := s.ReadFile("actors/gpso.yaml")
			if err != nil || string(data) != "name: Grand Paris Seine Ouest\nkind: ept\n" {
				t.Fatalf("ReadFile: %q, %v", data, err)
			}
			_, err = s.ReadFile("actors/nobody.yaml")
			wantErr(t, "missing file", err, store.ErrNotFound)
		}},
		{"Reader/LoadSeesHandEdits", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.EditFile(t, s, "actors/issy.yaml", []byte("name: Issy-les-Moulineaux\nkind: commune\ninsee: \"92040\"\npopulation: 69000\n"))
			c, err := s.Load(catalogue.Actors)
			if err != nil || c.Actor("issy") == nil {
				t.Fatalf("hand-written actor not loaded: %v", err)
			}
		}},
		{"Reader/NoRegistryYAML", Options{}, func(t *testing.T, h Harness) {
			s := h.Store()
			h.EditFile(t, s, "registry.yaml", nil)
			_, err := s.Load()
			wantErr(t, "load without registry.yaml", err, store.ErrNoRegistry)
		}},
		{"Reader/PlainFolderIsReadOnly", Options{Plain: true}, func(t *testing.T, h Harness) {
			s := h.Store()
			if s.IsGit() {
				t.Fatal("a plain folder says it is a repository")
			}
			if c, err := s.Load(); err != nil || len(c.Actors) != 3 {
				t.Fatalf("load: %v", err)
			}
			if st, err := s.State(); err != nil || st.HasRemote || st.Ahead != 0 {
				t.Fatalf("state %+v %v", st, err)
			}
			_, err := s.Write(context.Background(), change("Vote", "requests/budget/votes/vanves.yaml", "need: useful\n"), Someone, At, store.WriteOptions{})
			wantErr(t, "write", err, store.ErrNotARepository)
			_, err = s.AddSnippet(context.Background(), catalogue.NewSnippet{Title: "Luhn", Author: "gpso", Files: []catalogue.CodeFile{{Name: "luhn.py", Data: []byte("print(1)\n")}}}, Someone, At)
			wantErr(t, "add snippet", err, store.ErrNotARepository)
			_, err = s.Unshared(catalogue.Actors, "gpso")
			wantErr(t, "unshared", err, store.ErrNotARepository)
			if got := readFile(t, s, "requests/budget/votes/vanves.yaml"); got != "" {
				t.Fatalf("refused write left %q", got)
			}
		}},
	}
}
