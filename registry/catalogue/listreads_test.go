package catalogue_test

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/demo"
)

// shown is what a list of kind k shows of catalogue c, in a form two
// catalogues can be compared by: its entries in order (JSON), the haystack
// each is matched against, and for requests the names the rows show for
// the organisations (Actor).
func shown(t *testing.T, c *catalogue.Catalogue, k catalogue.Kind) string {
	t.Helper()
	var entries, hays []any
	name := func(id string) string {
		if a := c.Actor(id); a != nil {
			return a.Name
		}
		return ""
	}
	switch k {
	case catalogue.Actors:
		xs, _ := c.ListActors(nil)
		for _, x := range xs {
			entries, hays = append(entries, x), append(hays, c.ActorHaystack(x))
		}
	case catalogue.Snippets:
		xs, _ := c.ListSnippets(nil)
		for _, x := range xs {
			entries, hays = append(entries, x), append(hays, c.SnippetHaystack(x))
		}
	case catalogue.Schemas:
		xs, _ := c.ListSchemas(nil)
		for _, x := range xs {
			entries, hays = append(entries, x), append(hays, c.SchemaHaystack(x))
		}
	case catalogue.Requests:
		xs, _ := c.ListRequests(nil)
		for _, x := range xs {
			var names []string
			for _, id := range append(append([]string{x.Request.RequestedBy, x.Request.AddressedTo}, x.Communes...), x.Supporters...) {
				names = append(names, name(id))
			}
			entries, hays = append(entries, x), append(hays, c.RequestHaystack(x), names)
		}
	case catalogue.Trainings:
		xs, _ := c.ListTrainings(nil)
		for _, x := range xs {
			entries, hays = append(entries, x), append(hays, c.TrainingHaystack(x))
		}
	case catalogue.Tips:
		xs, _ := c.ListTips(nil)
		for _, x := range xs {
			entries, hays = append(entries, x), append(hays, c.TipHaystack(x))
		}
	default:
		t.Fatalf("no list of %q: adapt the test", k)
	}
	if len(entries) == 0 {
		t.Fatalf("the demo has no %s: the test would prove nothing", k)
	}
	data, err := json.Marshal([]any{entries, hays})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestListReadsCoversWhatListsShow: removing every file of a kind that
// ListReads(k) leaves out changes nothing a list of k shows (its entries,
// their haystacks, the names its rows show), so the index's stat check of
// a list may leave that kind's hand edits to the next command; and each
// kind ListReads names beside k does change it (a kind named for nothing
// would only cost stat calls).
func TestListReadsCoversWhatListsShow(t *testing.T) {
	files := fstest.MapFS{}
	err := fs.WalkDir(demo.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(demo.FS(), p)
		files[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// the demo without the kind's folder (in memory: what a load reads is
	// the files, TestLoadFromDiskIsLoadFromFS)
	load := func(without catalogue.Kind) *catalogue.Catalogue {
		t.Helper()
		m := fstest.MapFS{}
		for p, f := range files {
			if without == "" || !strings.HasPrefix(p, string(without)+"/") {
				m[p] = f
			}
		}
		if len(m) == len(files) && without != "" {
			t.Fatalf("the demo has no %s", without)
		}
		c, err := catalogue.Load(m)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	whole := load("")
	less := map[catalogue.Kind]*catalogue.Catalogue{}
	for _, j := range catalogue.Kinds {
		less[j] = load(j)
	}
	for _, k := range catalogue.Kinds {
		reads := catalogue.ListReads(k)
		if len(reads) == 0 || reads[0] != k {
			t.Fatalf("ListReads(%s) = %v: the kind itself first", k, reads)
		}
		want := shown(t, whole, k)
		for _, j := range catalogue.Kinds {
			if j == k {
				continue
			}
			changes := shown(t, less[j], k) != want
			if read := slices.Contains(reads, j); changes != read {
				t.Errorf("without the %s, a list of %s changes: %v; ListReads(%s) = %v", j, k, changes, k, reads)
			}
		}
	}
}
