package catalogue_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// deepVotes are vote files nested 20,000 levels deep, a few dozen KB each:
// a flow sequence and a flow map (issue 9).
var deepVotes = map[string]string{
	"boulogne-billancourt.yaml": "date: 2026-01-05\ncomment: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n",
	"chaville.yaml":             "date: 2026-01-05\ncomment: " + strings.Repeat("{a: ", 20000) + "1" + strings.Repeat("}", 20000) + "\n",
}

// addDeepVotes writes deepVotes into the first request of the generated
// registry at dir and returns that request's folder.
func addDeepVotes(tb testing.TB, dir string) string {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "requests"))
	if err != nil || len(entries) == 0 {
		tb.Fatal("no request in the generated registry", err)
	}
	req := "requests/" + entries[0].Name()
	if err := os.MkdirAll(filepath.Join(dir, req, "votes"), 0o755); err != nil {
		tb.Fatal(err)
	}
	for name, src := range deepVotes {
		if err := os.WriteFile(filepath.Join(dir, req, "votes", name), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return req
}

func TestLoadRefusesDeeplyNestedVotes(t *testing.T) {
	dir := t.TempDir()
	if err := registrytest.Generate(dir, registrytest.Spread(200), 1); err != nil {
		t.Fatal(err)
	}
	clean, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	req := addDeepVotes(t, dir)
	start := time.Now()
	c, err := catalogue.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("load took %v", d)
	}
	var got []string
	for _, p := range c.Problems {
		got = append(got, p.Format("en"))
	}
	want := []string{
		req + "/votes/boulogne-billancourt.yaml:2:73: too-deep YAML nested too deeply (more than 64 levels): the file is not read",
		req + "/votes/chaville.yaml:2:262: too-deep YAML nested too deeply (more than 64 levels): the file is not read",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !fact.HasErrors(c.Problems) {
		t.Error("too-deep must be an error")
	}
	if len(c.Requests) != len(clean.Requests) || len(c.Actors) != len(clean.Actors) {
		t.Errorf("the rest of the registry must still load: %d requests, %d actors; want %d, %d",
			len(c.Requests), len(c.Actors), len(clean.Requests), len(clean.Actors))
	}
}

// BenchmarkLoadDeepVotes loads a generated registry of CODAL_SCALE_N entries
// (10,000 by default, as the scale benchmarks), clean and then holding the two
// vote files of deepVotes, and reports the ratio of the two times (the issue
// asks for at most 2).
func BenchmarkLoadDeepVotes(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("CODAL_SCALE_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if err := registrytest.Generate(dir, registrytest.Scale(n), 1); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	load := func(wantProblems int) time.Duration {
		start := time.Now()
		c, err := catalogue.Load(fsys)
		if err != nil || len(c.Problems) != wantProblems {
			b.Fatal(err, c.Problems)
		}
		return time.Since(start)
	}
	load(0)
	var clean, deep time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		for _, name := range []string{"boulogne-billancourt.yaml", "chaville.yaml"} {
			os.Remove(filepath.Join(dir, "requests", firstRequest(b, dir), "votes", name))
		}
		b.StartTimer()
		clean += load(0)
		b.StopTimer()
		addDeepVotes(b, dir)
		b.StartTimer()
		deep += load(2)
	}
	b.ReportMetric(float64(deep)/float64(clean), "deep/clean")
}

func firstRequest(tb testing.TB, dir string) string {
	entries, err := os.ReadDir(filepath.Join(dir, "requests"))
	if err != nil || len(entries) == 0 {
		tb.Fatal("no request", err)
	}
	return entries[0].Name()
}
