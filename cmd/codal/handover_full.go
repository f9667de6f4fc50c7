//go:build !lean

package main

import "os"

// The full build clears the hand-over mark, so that a codal started later
// from inside the app (a shell, an editor it opened) hands over again.
func init() { os.Unsetenv(handedEnv) }
