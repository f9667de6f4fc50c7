package registrytest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// CommitAll makes dir a Git repository on branch main holding every file in
// one commit with the given message, made by the git command with a fixed
// author, committer and date and no user or system configuration, so that
// the same files always give the same commit. It returns the commit's hash.
func CommitAll(dir, message string) (string, error) {
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "-A"},
		{"commit", "-q", "--no-gpg-sign", "-m", message},
	} {
		if _, err := Git(dir, args...); err != nil {
			return "", err
		}
	}
	return Git(dir, "rev-parse", "HEAD")
}

// Git runs the git command in dir (the current folder when empty) with
// CommitAll's fixed identity and date, and returns its trimmed output.
func Git(dir string, args ...string) (string, error) {
	if dir != "" {
		args = append([]string{"-C", dir}, args...)
	}
	cmd := exec.Command("git", args...)
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=codal-gen", "GIT_AUTHOR_EMAIL=codal-gen@example.org",
		"GIT_COMMITTER_NAME=codal-gen", "GIT_COMMITTER_EMAIL=codal-gen@example.org",
		"GIT_AUTHOR_DATE=2026-11-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-11-01T00:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return strings.TrimSpace(string(out)), nil
}
