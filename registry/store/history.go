package store

import (
	"iter"
	"time"
)

// Historian walks a registry's history: what `codal news` reads. The go-git
// store answers it; memstore does not.
type Historian interface {
	// History calls fn for each non-merge commit reachable from HEAD and
	// not from since.Commit (when since.Commit is "": the commits made after
	// since.After), newest first (a commit always before its parents; among
	// commits that do not descend from one another, the later committer
	// date first). Each carries the files it changed against its first
	// parent, found by descending only into folders whose hashes differ;
	// the contents of the files for which since.Want is true (all when it
	// is nil) come with it, up to catalogue.MaxFactSize each. An error from
	// fn stops the walk and is returned. A since.Commit missing from the
	// repository is an error wrapping ErrNotFound.
	History(since Since, fn func(Commit) error) error
	// ResolveCommit finds the commit a revision names (a full or
	// abbreviated hash, a branch, HEAD~2…); none is an error wrapping
	// ErrNotFound.
	ResolveCommit(rev string) (Hash, error)
	// Head is the commit checked out ("" before the first).
	Head() (Hash, error)
}

// Since says where a history walk stops.
type Since struct {
	// Commit is the last commit already seen ("" for none).
	Commit Hash
	// After, when Commit is "", keeps the commits whose committer date is
	// after it (zero: the whole history).
	After time.Time
	// Want says which files' contents the walk reads (nil: every file).
	Want func(path string) bool
	// MaxReads, when above 0, is the most wanted files a commit may change
	// and still have their contents read: a commit changing more (a bulk
	// import, a migration) comes with its paths only (Commit.Skimmed),
	// so that one commit of 100,000 entries costs what its paths weigh.
	MaxReads int
	// Fold, when not nil, takes each commit's changes as the walk finds
	// them, instead of Commit.Changes (then nil): the walk calls Fold once
	// per commit, in the goroutine that diffs it (several commits at
	// once), with the commit's other fields (Skimmed not known yet) and
	// its changes, in path order, each with the contents Want and MaxReads
	// allow; what Fold returns is the commit's Folded. A change is the
	// caller's only while it is being given: a walk over a bulk import
	// (hundreds of thousands of files) holds no list of them. Ranging over
	// changes again diffs the commit again; stopping early stops the diff.
	Fold func(c Commit, changes iter.Seq[FileChange]) any
}

// Commit is one commit of a history walk.
type Commit struct {
	Hash   Hash
	Author string
	Email  string
	// Date is the author's date.
	Date    time.Time
	Message string
	// Changes are the files changed against the first parent (the empty
	// tree for a root commit), sorted by path.
	Changes []FileChange
	// Skimmed says that the commit changed more wanted files than
	// Since.MaxReads: none of their contents was read.
	Skimmed bool
	// Folded is what Since.Fold made of the commit's changes (nil
	// without Fold).
	Folded any
}

// FileChange is one file added, changed or removed by a commit. Old and New
// hold the contents before and after when the walk read them (a wanted file
// no larger than the cap); HadOld and HasNew say whether the file existed.
type FileChange struct {
	Path     string
	HadOld   bool
	HasNew   bool
	Old, New []byte
	// TooLarge is set when a side was wanted but over the size cap, and
	// left unread.
	TooLarge bool
}

// Added reports whether the commit created the file.
func (c FileChange) Added() bool { return !c.HadOld && c.HasNew }

// Removed reports whether the commit deleted the file.
func (c FileChange) Removed() bool { return c.HadOld && !c.HasNew }
