//go:build lean && unix

package main

import (
	"syscall"

	"github.com/gpso/codal/i18n"
)

// handOver replaces this process with codal-app.
func handOver(path string, argv, env []string) error {
	err := syscall.Exec(path, argv, env)
	return withCode(1, i18n.Wrap(err, i18n.T("lancement de %s : %v", "starting %s: %v"), path, err))
}
