package catalogue

import (
	"strings"

	"github.com/gpso/codal/fact"
)

// Share branches: a local branch codal/<kind>-<id> holds one commit on top of
// the remote's default branch whose tree is that branch's tree with one
// entry's files set to their local state. It is what a pull request proposes:
// exactly that entry, whatever else the user has locally. These names are
// layout; the store keeps the branches.

// ShareBranchPrefix starts the name of every share branch.
const ShareBranchPrefix = "codal/"

// singular names a kind in a branch name: snippet, actor, schema, request.
func singular(k Kind) string { return strings.TrimSuffix(string(k), "s") }

// ShareBranch names the share branch of an entry: codal/snippet-<id>.
func ShareBranch(k Kind, id string) string {
	return ShareBranchPrefix + singular(k) + "-" + id
}

// ParseShareBranch reads a share branch name back into its entry. The id
// must be a valid entry id (fact.CheckID, the rule the load applies to every
// entry): a branch named after an id no entry can have is not a share branch.
func ParseShareBranch(name string) (Kind, string, bool) {
	rest, ok := strings.CutPrefix(name, ShareBranchPrefix)
	if !ok {
		return "", "", false
	}
	for _, k := range Kinds {
		if id, ok := strings.CutPrefix(rest, singular(k)+"-"); ok && fact.ValidID(id) {
			return k, id, true
		}
	}
	return "", "", false
}

// EntryRoot is the path that holds an entry's files: the file
// actors/<id>.yaml, or the folder snippets/<id>, schemas/<id>, requests/<id>.
func EntryRoot(k Kind, id string) string {
	if k == Actors {
		return Actors.Path(id)
	}
	return string(k) + "/" + id
}

// InEntry reports whether the registry path p is one of the entry's files:
// the actor's file itself, or a path under the entry's folder.
func InEntry(k Kind, id, p string) bool {
	root := EntryRoot(k, id)
	if k == Actors {
		return p == root
	}
	return strings.HasPrefix(p, root+"/")
}
