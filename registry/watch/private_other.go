//go:build !unix

package watch

import "errors"

// makePrivateDir: no daemon runs here.
func makePrivateDir(string) error { return errors.New("watch: no watcher on this system") }

const syscallNoFollow = 0

// privateDir: no daemon runs here, so no folder is trusted.
func privateDir(string) error { return errors.New("watch: no watcher on this system") }
