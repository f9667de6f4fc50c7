//go:build lean

// The lean build of codal (go build -tags lean): the CLI without the
// full-screen app and without codal site, whose rendering stack (chroma's
// lexers and styles, glamour, goldmark, bluemonday) costs ~60 ms of package
// initialisation at every start, and without codal mcp's server (the MCP
// SDK). Those three hand their command line, whole, to codal-app — the
// full build, installed beside codal — the way git runs its git-*
// programs. docs/architecture.md ("Two executables") says why.

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/gpso/codal/i18n"
)

func init() {
	runTUI = func(a *app) error { return a.handToApp() }
}

// site hands `codal site` to codal-app.
func (a *app) site(string, string, int) error { return a.handToApp() }

// serveMCP hands `codal mcp` to codal-app: the MCP SDK and its JSON Schema
// package cost ~2-3 ms of package initialisation at every start of the
// lean CLI (docs/scale.md, round 18), for a server started once a session.
func (a *app) serveMCP(mcpOptions) error { return a.handToApp() }

// errNoApp is the hand-over's failure: codal-app is missing, or is a lean
// build itself.
var errNoApp = errors.New("codal-app not found")

// handToApp runs codal-app with this command line; on Unix it replaces this
// process, so the terminal, the signals and the exit code are codal-app's.
func (a *app) handToApp() error {
	if os.Getenv(handedEnv) != "" {
		self, _ := os.Executable()
		return withCode(1, i18n.Wrap(errNoApp, i18n.T(
			"%s est une construction allégée de codal (-tags lean), sans l'application, codal site ni codal mcp : installez à sa place le codal-app du paquet codal (voir README)",
			"%s is a lean build of codal (-tags lean), without the app, codal site or codal mcp: install the codal package's codal-app in its place (see README)"), self))
	}
	path, err := findApp()
	if err != nil {
		self, _ := os.Executable()
		return withCode(1, i18n.Wrap(errNoApp, i18n.T(
			"l'application plein écran, codal site et codal mcp sont dans codal-app, introuvable à côté de %s comme dans le PATH : installez le paquet codal, ou construisez codal-app (go build -o codal-app ./cmd/codal, voir README)",
			"the full-screen app, codal site and codal mcp live in codal-app, found neither beside %s nor on the PATH: install the codal package, or build codal-app (go build -o codal-app ./cmd/codal, see README)"), self))
	}
	env := append(os.Environ(), handedEnv+"=1")
	return handOver(path, append([]string{appProgram}, a.args...), env)
}

// findApp is codal-app beside this executable, else on the PATH.
func findApp() (string, error) {
	name := appProgram
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		// Windows has no executable bits: there the name says it.
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && (runtime.GOOS == "windows" || info.Mode()&0o111 != 0) {
			return p, nil
		}
	}
	return exec.LookPath(appProgram)
}
