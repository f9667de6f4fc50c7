package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkProcessStart runs whole codal processes, the full build beside the
// lean one (-tags lean) built in the same run: --version is the process
// start alone (package initialisation, the command tree), show one entry of a
// small registry adds the index's warm path. The ratio lean/full is what the
// lean build saves at every CLI start; scripts/bench-scale.sh gives the same
// at 10,000 and 100,000 entries.
func BenchmarkProcessStart(b *testing.B) {
	dir := b.TempDir()
	bins := map[string]string{"full": filepath.Join(dir, "codal-app"), "lean": filepath.Join(dir, "codal")}
	goBuild(b, bins["full"], ".")
	goBuild(b, bins["lean"], ".", "-tags", "lean")
	reg, err := filepath.Abs(mini)
	if err != nil {
		b.Fatal(err)
	}
	cache := b.TempDir()
	for _, run := range []struct {
		name string
		args []string
	}{
		{"version", []string{"--version"}},
		{"show", []string{"--registry", reg, "show", "requests/budget-climat"}},
	} {
		for _, build := range []string{"full", "lean"} {
			b.Run(run.name+"/"+build, func(b *testing.B) {
				for b.Loop() {
					cmd := exec.Command(bins[build], run.args...)
					cmd.Env = append(cmd.Environ(), "XDG_CACHE_HOME="+cache, "HOME="+cache)
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("%s %v: %v\n%s", build, run.args, err, out)
					}
				}
			})
		}
	}
}
