package news

import (
	"encoding/json"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/requests"
)

// CommentsDir is the folder of a request's comments:
// requests/<id>/comments/<YYYYMMDDTHHMMSSZ>-<actor>.yaml.
const CommentsDir = "comments"

// Wants reports whether news reads a file's contents: a request's
// request.yaml, votes, events and comments, and the main file of an actor,
// a snippet or a schema. It is the store.Since.Want of a news walk.
func Wants(p string) bool {
	parts := strings.Split(p, "/")
	switch {
	case len(parts) == 2 && parts[0] == string(catalogue.Actors):
		return strings.HasSuffix(parts[1], ".yaml")
	case len(parts) == 3 && parts[0] == string(catalogue.Snippets):
		return parts[2] == catalogue.SnippetFile
	case len(parts) == 3 && parts[0] == string(catalogue.Schemas):
		return parts[2] == catalogue.SchemaFile
	case len(parts) == 3 && parts[0] == string(catalogue.Requests):
		return parts[2] == catalogue.RequestFile
	case len(parts) == 4 && parts[0] == string(catalogue.Requests):
		return (parts[2] == catalogue.VotesDir || parts[2] == catalogue.EventsDir || parts[2] == CommentsDir) && strings.HasSuffix(parts[3], ".yaml")
	}
	return false
}

// fields are the keys news reads from a fact file; each kind uses a few.
// Unknown keys and wrongly typed fields are ignored: lint reports them.
type fields struct {
	Title       string `yaml:"title"`
	Name        string `yaml:"name"`
	RequestedBy string `yaml:"requested_by"`
	Need        string `yaml:"need"`
	Status      string `yaml:"status"`
	TransferTo  string `yaml:"transfer_to"`
	Note        string `yaml:"note"`
	Body        string `yaml:"body"`
}

func decode(p string, data []byte) fields {
	if data == nil {
		// before f is declared: decoding takes its address, which would
		// allocate it for every unread file of a bulk import
		return fields{}
	}
	var f fields
	if strings.HasSuffix(p, ".json") {
		var j struct {
			Title string `json:"title"`
		}
		if json.Unmarshal(data, &j) == nil {
			f.Title = j.Title
		}
		return f
	}
	fact.SafeDecodeYAML(p, data, &f)
	return f
}

// FromCommit turns one commit of a history walk into news items, in the
// order of the paths it changed. Files outside the registry's layout, and
// files news does not track (a snippet's README, a schema's examples),
// give no item of their own; a change to a snippet's or schema's other
// files is a change of the entry.
func FromCommit(c store.Commit) []Item {
	items, _ := fromCommit(c, 0)
	return items
}

// fromCommit is FromCommit keeping only the first limit items (all when
// limit is 0) and counting them all: a bulk import's commit gives one item
// per entry, and a caller that shows a page of them need not hold them all.
// An entry added or removed is not also "changed" by its other files: the
// entries whose main file the commit adds or removes are known before any
// item is made (a set, not a scan per item: a commit importing 100,000
// entries has as many items).
func fromCommit(c store.Commit, limit int) (out []Item, total int) {
	whole := map[string]bool{}
	for _, ch := range c.Changes {
		if e, ok := wholeEntry(ch); ok {
			whole[e] = true
		}
	}
	changed := map[string]bool{} // entries already reported as changed
	base := baseItem(c)
	for _, ch := range c.Changes {
		it, ok, entryChange := itemOf(base, ch)
		if !ok {
			continue
		}
		if entryChange {
			if changed[it.Entry] || whole[it.Entry] {
				continue
			}
			changed[it.Entry] = true
		}
		it.Seq = total
		total++
		if limit == 0 || len(out) < limit {
			out = append(out, it)
		}
	}
	return out, total
}

// baseItem is what every item of commit c carries.
func baseItem(c store.Commit) Item {
	return Item{Author: c.Author, Commit: string(c.Hash), Date: c.Date}
}

// wholeEntry is the entry ("KIND/ID") whose main file ch adds or removes,
// for an actor, a snippet, a schema, a training or a tip (ok false for any
// other change): the entry is then added or removed, not also changed by
// its other files.
func wholeEntry(ch store.FileChange) (entry string, ok bool) {
	root := catalogue.RootOf(ch.Path)
	kind, name, _ := strings.Cut(root, "/")
	if root == "" || catalogue.Kind(kind) == catalogue.Requests || (ch.HadOld && ch.HasNew) {
		return "", false
	}
	id := strings.TrimSuffix(name, ".yaml")
	if ch.Path != catalogue.Kind(kind).Path(id) {
		return "", false
	}
	return kind + "/" + id, true
}

// itemOf is the item change ch makes (ok false: none), with base's commit
// fields. entryChange says it is an entry changed (EntryChanged) of an
// actor, a snippet, a schema…: a commit reports it once per entry, and not
// at all when it adds or removes the entry's main file (wholeEntry).
func itemOf(base Item, ch store.FileChange) (it Item, ok, entryChange bool) {
	root := catalogue.RootOf(ch.Path)
	if root == "" {
		return Item{}, false, false
	}
	kind, name, _ := strings.Cut(root, "/")
	id := strings.TrimSuffix(name, ".yaml")
	entry := kind + "/" + id
	it = base
	it.Entry = entry
	rest := strings.TrimPrefix(ch.Path, root)
	rest = strings.TrimPrefix(rest, "/")
	switch catalogue.Kind(kind) {
	case catalogue.Requests:
		dir, file := path.Split(rest)
		dir = strings.TrimSuffix(dir, "/")
		switch {
		case rest == catalogue.RequestFile:
			f := decode(ch.Path, ch.New)
			if !ch.HasNew {
				f = decode(ch.Path, ch.Old)
			}
			it.Title, it.Actor = f.Title, f.RequestedBy
			switch {
			case ch.Added():
				it.Kind = RequestFiled
			case ch.Removed():
				it.Kind = EntryRemoved
			default:
				return Item{}, false, false
			}
		case dir == catalogue.VotesDir && strings.HasSuffix(file, ".yaml"):
			it.Actor = strings.TrimSuffix(file, ".yaml")
			switch {
			case ch.Added():
				it.Kind, it.Need = SupportGained, decode(ch.Path, ch.New).Need
			case ch.Removed():
				it.Kind, it.Need = SupportWithdrawn, decode(ch.Path, ch.Old).Need
			default:
				return Item{}, false, false
			}
		case dir == catalogue.EventsDir && ch.Added():
			_, actor, ok := requests.SplitEventName(file)
			if !ok {
				return Item{}, false, false
			}
			f := decode(ch.Path, ch.New)
			it.Actor, it.Text = actor, f.Note
			switch {
			case f.TransferTo != "":
				it.Kind, it.To = Transferred, f.TransferTo
			case f.Status != "":
				it.Kind, it.Status = StatusChanged, f.Status
			default:
				return Item{}, false, false
			}
		case dir == CommentsDir && ch.Added():
			_, actor, ok := requests.SplitEventName(file)
			if !ok {
				return Item{}, false, false
			}
			it.Kind, it.Actor, it.Text = Commented, actor, decode(ch.Path, ch.New).Body
		default:
			return Item{}, false, false
		}
		return it, true, false
	}
	main := catalogue.Kind(kind).Path(id)
	if ch.Path != main {
		it.Kind = EntryChanged
		return it, true, true
	}
	f := decode(ch.Path, ch.New)
	if !ch.HasNew {
		f = decode(ch.Path, ch.Old)
	}
	it.Title = f.Title
	if catalogue.Kind(kind) == catalogue.Actors {
		it.Title = f.Name
	}
	switch {
	case ch.Added():
		it.Kind = EntryAdded
	case ch.Removed():
		it.Kind = EntryRemoved
	default:
		it.Kind = EntryChanged
		return it, true, true
	}
	return it, true, false
}

// FromHistory turns the commits of a history walk (children first) into
// news items, newest first: by commit date, then, for equal dates, in the
// walk's order (a commit before its parents), and within a commit in the
// order of the paths it changed. titles, when not nil, gives the title of
// an entry ("requests/ID") an item's commit did not carry (a vote does not
// hold its request's title): the caller answers it from the catalogue.
func FromHistory(commits []store.Commit, titles func(entry string) string) []Item {
	out, _ := fromCommits(commits, 0)
	out = newestFirst(out)
	fillTitles(out, titles)
	return out
}

// newestFirst sorts items by commit date, newest first, keeping the order
// of equal dates (the walk's, then the paths').
func newestFirst(items []Item) []Item {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Date.After(items[j].Date) })
	return items
}

// fillTitles gives the items that carry no title their entry's title from
// titles (nil: none).
func fillTitles(items []Item, titles func(entry string) string) {
	if titles == nil {
		return
	}
	for i := range items {
		if items[i].Title == "" {
			items[i].Title = titles(items[i].Entry)
		}
	}
}

// fromCommits is fromCommit of each commit (limit items of each, all for
// 0), in their order, with the count of all their items. Commits are
// classified in parallel (decoding their YAML files is most of the work,
// and 10,000 commits since the last look is a case news must handle fast);
// each goroutine writes only its own commits' slots.
func fromCommits(commits []store.Commit, limit int) ([]Item, int) {
	parts := make([][]Item, len(commits))
	totals := make([]int, len(commits))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(commits)/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(commits); i += workers {
				parts[i], totals[i] = fromCommit(commits[i], limit)
			}
		}(w)
	}
	wg.Wait()
	var out []Item
	total := 0
	for i, p := range parts {
		out = append(out, p...)
		total += totals[i]
	}
	return out, total
}
