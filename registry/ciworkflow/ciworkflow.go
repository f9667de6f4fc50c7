// Package ciworkflow writes a registry's GitHub Actions workflow: `codal
// lint` on every pull request, and on main the registry's website (`codal
// site`) published on GitHub Pages. The workflow is an embedded template;
// every action is pinned to a full commit SHA (its version in a comment) and
// codal itself to a release, installed with go install. `codal init --demo`
// puts it in the demo's first commit, `codal init --ci github` adds it to a
// registry (docs/ci.md).
package ciworkflow

import (
	"bytes"
	"embed"
	"errors"
	"regexp"
	"strings"
	"sync"
	"text/template"

	"github.com/gpso/codal/i18n"
)

// Path is where the workflow lives in a registry.
const Path = ".github/workflows/codal.yml"

// Version is the codal release a workflow installs when the running codal is
// not itself a release (a development build, `go run`): the latest release.
// It is the one place to change when a release is made (docs/release.md).
const Version = "v0.1.0"

// GoVersion is the Go toolchain the workflow installs codal with: the go
// line of codal's go.mod (a test keeps them equal).
const GoVersion = "1.26.8"

// Action is a GitHub action the workflow uses, pinned to a commit.
type Action struct {
	// Repo is owner/name on GitHub.
	Repo string
	// Tag is the release the commit is, written beside it as a comment.
	Tag string
	// SHA is the commit's full hash, checked against the action's
	// repository (docs/ci.md says how to update it).
	SHA string
}

// Actions are the pinned actions, by repository.
var Actions = []Action{
	{"actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1"},
	{"actions/setup-go", "v7.0.0", "b7ad1dad31e06c5925ef5d2fc7ad053ef454303e"},
	{"actions/configure-pages", "v5.0.0", "983d7736d9b0ae728b81ab479565c72886d7745b"},
	{"actions/upload-pages-artifact", "v5.0.0", "fc324d3547104276b827a68afc52ff2a11cc49c9"},
	{"actions/deploy-pages", "v5.0.0", "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128"},
}

//go:embed codal.yml.tmpl
var files embed.FS

// ErrVersion is the cause of Render's refusal of a version that is not a
// codal release tag.
var ErrVersion = errors.New("not a release version")

// release is a release tag as codal makes them: v1.2.3, or a pre-release
// v1.2.3-rc.1 (alpha, beta, rc), without build metadata. Other suffixes are
// builds, not tags: a Go pseudo-version (v1.2.4-0.20260101120000-abcdef123456),
// goreleaser's snapshots (1.2.4-SNAPSHOT-abcdef1), .ci/run's 0.0.0-ci.
var release = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(alpha|beta|rc)(\.?[0-9]+)?)?$`)
})

// IsRelease reports whether v names a codal release: a tag vX.Y.Z (or an
// alpha, beta or rc pre-release) above v0.0.0; not "dev", not a Go
// pseudo-version, not a snapshot or a dirty build.
func IsRelease(v string) bool {
	return release().MatchString(v) && !strings.HasPrefix(v, "v0.0.0")
}

// PinFor returns the codal version a workflow written by the running codal
// installs: the running version when it is a release (with its "v", which
// goreleaser's version lacks), else Version.
func PinFor(running string) string {
	if !strings.HasPrefix(running, "v") {
		running = "v" + running
	}
	if IsRelease(running) {
		return running
	}
	return Version
}

// Render returns the workflow installing codal at version, a release tag
// (PinFor gives one).
func Render(version string) ([]byte, error) {
	if !IsRelease(version) {
		return nil, i18n.Wrap(ErrVersion, i18n.T("version de codal refusée pour le workflow : %q (vX.Y.Z attendu)", "codal version refused for the workflow: %q (vX.Y.Z expected)"), version)
	}
	uses := map[string]string{}
	for _, a := range Actions {
		uses[a.Repo] = a.Repo + "@" + a.SHA + " # " + a.Tag
	}
	t, err := template.New("codal.yml.tmpl").Delims("[[", "]]").Option("missingkey=error").Funcs(template.FuncMap{
		"action": func(repo string) (string, error) {
			u, ok := uses[repo]
			if !ok {
				return "", errors.New("ciworkflow: no pinned action " + repo)
			}
			return u, nil
		},
	}).ParseFS(files, "codal.yml.tmpl")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, struct{ Version, GoVersion string }{version, GoVersion}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
