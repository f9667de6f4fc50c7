//go:build !linux

package watch

import (
	"context"
	"os/exec"
)

// Run is the daemon; only Linux has one for now.
func Run(ctx context.Context, root string, opt Options) error { return ErrUnsupported }

// Supported reports whether this system has a watcher.
const Supported = false

// Detach does nothing where no daemon runs.
func Detach(*exec.Cmd) {}

// locked: no daemon runs on this system.
func locked(string) bool { return false }
