package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func writeFile(t testing.TB, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolveIdentityOrder(t *testing.T) {
	isolateGit(t)
	os.Unsetenv("GIT_CONFIG_GLOBAL")
	home := os.Getenv("HOME")
	xdg := os.Getenv("XDG_CONFIG_HOME")

	// Nothing anywhere: a sentence telling how to set it.
	_, err := ResolveIdentity(config.Config{})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "git config --global user.name") {
		t.Fatalf("want a how-to error, got %v", err)
	}

	// XDG file, then ~/.gitconfig overriding it (git's order).
	writeFile(t, filepath.Join(xdg, "git", "config"), "[user]\n\tname = Xdg Name\n\temail = xdg@example.org\n")
	id, err := ResolveIdentity(config.Config{})
	if err != nil || id.Name != "Xdg Name" || id.Email != "xdg@example.org" {
		t.Fatalf("xdg: %+v %v", id, err)
	}
	writeFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = \"Home Name\"\n")
	id, _ = ResolveIdentity(config.Config{})
	if id.Name != "Home Name" || id.Email != "xdg@example.org" {
		t.Fatalf("home over xdg: %+v", id)
	}

	// codal's configuration over Git's; the environment over both.
	id, _ = ResolveIdentity(config.Config{Name: "Cfg Name", Actor: "sevres"})
	if id.Name != "Cfg Name" || id.Email != "xdg@example.org" || id.Actor != "sevres" {
		t.Fatalf("config: %+v", id)
	}
	t.Setenv("CODAL_NAME", "Env Name")
	t.Setenv("CODAL_EMAIL", "env@example.org")
	t.Setenv("CODAL_ACTOR", "vanves")
	id, _ = ResolveIdentity(config.Config{Name: "Cfg Name", Email: "cfg@example.org", Actor: "sevres"})
	if id != (catalogue.Identity{Name: "Env Name", Email: "env@example.org", Actor: "vanves"}) {
		t.Fatalf("env: %+v", id)
	}

	// A bad e-mail is refused.
	t.Setenv("CODAL_EMAIL", "not an email")
	if _, err := ResolveIdentity(config.Config{}); err == nil {
		t.Fatal("bad e-mail accepted")
	}
}

func TestRegistryIdentityReadsLocalConfigLikeGit(t *testing.T) {
	isolateGit(t)
	writeFile(t, os.Getenv("GIT_CONFIG_GLOBAL"), "[user]\n\tname = Global\n\temail = global@example.org\n")
	r := newTestRegistry(t, smallRegistry())
	gitOut(t, r.Dir(), "config", "user.email", "local@example.org")
	id, err := r.Identity(config.Config{})
	if err != nil || id.Name != "Global" || id.Email != "local@example.org" {
		t.Fatalf("%+v %v", id, err)
	}
	// ResolveIdentity alone does not look into a repository.
	id, _ = ResolveIdentity(config.Config{})
	if id.Email != "global@example.org" {
		t.Fatalf("%+v", id)
	}
	// GIT_CONFIG_GLOBAL replaces the global files, as in git.
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "none"))
	if _, err := ResolveIdentity(config.Config{}); err == nil {
		t.Fatal("identity found in a file GIT_CONFIG_GLOBAL hides")
	}
}
