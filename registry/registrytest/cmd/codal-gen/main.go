// Command codal-gen writes a generated registry for the scale measurements
// (docs/scale.md): n entries with realistic support and status histories
// (registrytest.Scale), deterministic for a seed.
//
//	go run ./registry/registrytest/cmd/codal-gen -n 10000 -seed 1 DIR
//	go run ./registry/registrytest/cmd/codal-gen -n 10000 -git -bare DIR.git DIR
//
// With -git, DIR becomes a Git repository (branch main) holding the registry
// as one commit, made by the git command with a fixed author and date, so the
// same n and seed give the same commit hash. With -bare, a bare clone of it is
// written too, for the push and clone measurements. DIR must not exist or be
// empty. It prints what it wrote: files, requests, votes, events.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gpso/codal/registry/registrytest"
)

func main() {
	n := flag.Int("n", 10000, "number of entries (actors, snippets, schemas, requests)")
	seed := flag.Uint64("seed", 1, "seed: the same n and seed write the same registry")
	useGit := flag.Bool("git", false, "make DIR a Git repository holding the registry as one commit")
	bare := flag.String("bare", "", "also write a bare clone of DIR there (implies -git)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: codal-gen [-n N] [-seed S] [-git] [-bare BARE] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *n, *seed, *useGit || *bare != "", *bare); err != nil {
		fmt.Fprintln(os.Stderr, "codal-gen:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, seed uint64, useGit bool, bare string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	if err := registrytest.Generate(dir, registrytest.Scale(n), seed); err != nil {
		return err
	}
	st, err := count(dir)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d entries, %d files, %d requests, %d votes (most on one request: %d), %d events\n",
		dir, n, st.files, st.requests, st.votes, st.mostVotes, st.events)
	if !useGit {
		return nil
	}
	head, err := registrytest.CommitAll(dir, fmt.Sprintf("Registre généré : %d entrées, graine %d", n, seed))
	if err != nil {
		return err
	}
	fmt.Printf("%s: commit %s\n", dir, head)
	if bare != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		if _, err := registrytest.Git("", "clone", "-q", "--bare", abs, bare); err != nil {
			return err
		}
		fmt.Printf("%s: bare clone\n", bare)
	}
	return nil
}

type stats struct{ files, requests, votes, mostVotes, events int }

func count(dir string) (stats, error) {
	var st stats
	perRequest := map[string]int{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		st.files++
		rel, _ := filepath.Rel(dir, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) < 3 || parts[0] != "requests" {
			return nil
		}
		switch parts[2] {
		case "request.yaml":
			st.requests++
		case "votes":
			st.votes++
			perRequest[parts[1]]++
			st.mostVotes = max(st.mostVotes, perRequest[parts[1]])
		case "events":
			st.events++
		}
		return nil
	})
	return st, err
}
