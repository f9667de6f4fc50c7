package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/registry/registrytest"
)

// Two registries named in the configuration: a folder and a URL served by
// a real git http-backend, cloned on first use into the data folder.
func TestSeveralRegistries(t *testing.T) {
	isolate(t)
	identify(t)
	gpso := demoRegistry(t)
	srv, err := registrytest.NewGitServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	url, err := srv.Publish(demoSource(t), "cd92")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Load()
	cfg.Registries = map[string]string{"gpso": gpso, "cd92": url}
	cfg.Registry = "gpso"
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}

	// registry: gpso names the default by name; nothing is cloned for it.
	out, errOut, code := cli(t, "list", "actors", "--kind", "ept")
	if code != 0 || !strings.Contains(out, "gpso") {
		t.Fatalf("default by name: exit %d %s\n%s", code, errOut, out)
	}
	clone := filepath.Join(config.DataDir(), "registries", "cd92")
	if _, err := os.Stat(clone); !os.IsNotExist(err) {
		t.Fatalf("cd92 cloned before its first use: %v", err)
	}
	// --registry takes a configured name first; the URL is cloned on first use.
	out, errOut, code = cli(t, "--registry", "cd92", "list", "requests")
	if code != 0 || !strings.Contains(out, "budget-climat") || !strings.Contains(errOut, "clonage") {
		t.Fatalf("--registry cd92: exit %d\n%s\n%s", code, errOut, out)
	}
	if _, err := os.Stat(filepath.Join(clone, "registry.yaml")); err != nil {
		t.Fatalf("no clone in the data folder: %v", err)
	}
	_, errOut, _ = cli(t, "--registry", "cd92", "list", "requests")
	if strings.Contains(errOut, "clonage") {
		t.Errorf("cloned twice: %s", errOut)
	}
	// A folder still works as --registry.
	if _, errOut, code := cli(t, "--registry", gpso, "list", "schemas"); code != 0 {
		t.Fatalf("--registry FOLDER: %s", errOut)
	}

	// --all: every registry, a registry column, the name first in JSON.
	out, _, code = cli(t, "list", "actors", "--all", "--kind", "ept")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "REGISTRE") || !strings.HasPrefix(lines[1], "cd92 ") || !strings.HasPrefix(lines[2], "gpso ") {
		t.Fatalf("--all text (exit %d):\n%s", code, out)
	}
	out, _, _ = cli(t, "list", "requests", "--all", "--json")
	var objs []map[string]any
	if err := json.Unmarshal([]byte(out), &objs); err != nil {
		t.Fatalf("--all --json: %v\n%s", err, out)
	}
	per := map[any]int{}
	for _, o := range objs {
		per[o["registry"]]++
		if o["id"] == nil || o["rank"] == nil {
			t.Fatalf("entry lost its keys: %v", o)
		}
	}
	if len(per) != 2 || per["gpso"] != per["cd92"] || per["gpso"] == 0 {
		t.Errorf("entries per registry: %v", per)
	}
	if !strings.HasPrefix(strings.TrimSpace(out), "[\n  {\n    \"registry\": ") {
		t.Errorf("registry is not the first key:\n%.200s", out)
	}
}

func TestAllNeedsNamedRegistries(t *testing.T) {
	isolate(t)
	out, errOut, code := cli(t, "--registry", mini, "list", "actors", "--all")
	if code != 2 || out != "" || !strings.Contains(errOut, "registries:") {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
}
