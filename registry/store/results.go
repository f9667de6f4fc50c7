package store

import (
	"strings"

	"github.com/gpso/codal/i18n"
)

// WriteOptions tune a write.
type WriteOptions struct {
	// Offline commits without touching the network; Sync shares later.
	Offline bool
}

// WriteResult says what a write did.
type WriteResult struct {
	Unchanged bool `json:"unchanged,omitempty"`
	// Sync is how sharing went: Sync.Shared, or Sync.Reason saying why the
	// commit is saved locally but not shared yet.
	Sync SyncResult `json:"sync"`
	// Commit is the new local commit; "" when the registry already held the
	// change (Unchanged). It comes last, as codal's JSON output has always
	// had it.
	Commit Hash `json:"commit,omitempty"`
}

// SyncResult says what a sync, or the sharing step of a write, did.
type SyncResult struct {
	// HasRemote is false for a registry that lives only here (the demo):
	// writes just commit.
	HasRemote bool `json:"has_remote"`
	// Offline is true when the network was skipped on purpose.
	Offline bool `json:"offline,omitempty"`
	// Shared is true when the remote holds every local commit.
	Shared bool `json:"shared"`
	// Reason says why the local commits are not shared yet (nil when
	// Shared, or when there is no remote). errors.Is tells the cause:
	// ErrOffline, ErrUnreachable, ErrRefused, ErrConflict… A conflict is
	// the one reason that goes with Shared: when Conflict is set and nothing
	// else went wrong, Reason is Conflict.Error() (wrapping ErrConflict),
	// though the commits that did not conflict were shared.
	Reason *i18n.Error `json:"-"`
	// Pushed counts the commits sent; Pulled the remote commits received.
	Pushed int `json:"pushed"`
	Pulled int `json:"pulled"`
	// Replayed counts local commits rebuilt on top of the remote's; Dropped
	// those the remote already held (left out rather than made empty).
	Replayed int `json:"replayed"`
	Dropped  int `json:"dropped"`
	// Attempts counts push attempts.
	Attempts int `json:"attempts"`
	// Refused is true when the remote answered and refused the push (a
	// hook, a protected branch, a read-only repository, or a branch that
	// kept moving through every attempt), as opposed to a remote that could
	// not be reached. The commits stay local; ServerReason is what the
	// server said (its status and its hooks' messages, cleaned).
	Refused      bool   `json:"refused"`
	ServerReason string `json:"server_reason,omitempty"`
	// Conflict is set when local commits could not be replayed; they are
	// kept on Conflict.Branch.
	Conflict *Conflict `json:"conflict,omitempty"`
	// State is how the registry stands after the sync.
	State SyncState `json:"state"`
	// Pruned lists the local share branches deleted because their entry is
	// now upstream as it is on the branch (their pull request was merged).
	Pruned []string `json:"pruned_branches,omitempty"`
}

// ConflictBranchPrefix starts the name of the branches that keep local
// commits a sync could not replay.
const ConflictBranchPrefix = "codal/conflict-"

// Conflict is local commits that could not be replayed on the remote's:
// the same files changed on both sides, differently.
type Conflict struct {
	// Branch is the local branch that keeps the local commits as they were
	// before the replay (codal/conflict-<time>).
	Branch string `json:"branch"`
	// Paths are the files changed on both sides, sorted.
	Paths []string `json:"paths"`
	// Commits are the messages of the local commits left out.
	Commits []string `json:"commits"`
}

// Error describes the conflict and how to resolve it, in one paragraph; it
// wraps ErrConflict.
func (c *Conflict) Error() *i18n.Error {
	return i18n.Wrap(ErrConflict, i18n.T(
		"conflit : %s a été modifié à la fois ici et sur le registre partagé, différemment. La version partagée est en place ; la vôtre est gardée sur la branche %s. Pour garder la vôtre : git checkout %[2]s -- %[1]s && git commit -m \"Reprise de ma version\", puis codal sync (ou refaites simplement votre action).",
		"conflict: %s was changed both here and on the shared registry, differently. The shared version is in place; yours is kept on the branch %s. To keep yours: git checkout %[2]s -- %[1]s && git commit -m \"Restore my version\", then codal sync (or simply redo your action)."),
		strings.Join(c.Paths, " "), c.Branch)
}
