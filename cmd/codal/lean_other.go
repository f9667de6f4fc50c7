//go:build lean && !unix

package main

import (
	"errors"
	"os"
	"os/exec"

	"github.com/gpso/codal/i18n"
)

// handOver runs codal-app as a child on the same terminal and exits with its
// code (no exec(2) outside Unix).
func handOver(path string, argv, env []string) error {
	cmd := exec.Command(path, argv[1:]...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		os.Exit(exit.ExitCode())
	}
	if err != nil {
		return withCode(1, i18n.Wrap(err, i18n.T("lancement de %s : %v", "starting %s: %v"), path, err))
	}
	os.Exit(0)
	return nil
}
