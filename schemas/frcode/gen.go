//go:build ignore

// gen writes the code lists of package frcode from the npm packages
// @etalab/decoupage-administratif and codes-postaux:
//
//	cd /tmp && npm install @etalab/decoupage-administratif@6.0.0 codes-postaux@4.1.2
//	go generate ./schemas/frcode   (or: go run gen.go -npm /tmp/node_modules)
//
// Each list is the sorted, deduplicated codes, one a line, gzip-compressed
// (deterministic: no name, no time in the gzip header).
package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	npm := flag.String("npm", "/tmp/node_modules", "the node_modules folder holding the two packages")
	flag.Parse()
	dec := filepath.Join(*npm, "@etalab", "decoupage-administratif", "data")

	var communes []struct{ Code, Type string }
	read(filepath.Join(dec, "communes.json"), &communes)
	var codes []string
	for _, c := range communes {
		// Every type: commune-actuelle, commune-deleguee,
		// commune-associee, arrondissement-municipal (INSEE's COG lists
		// them all, and so does fr-format's CodeCommuneInsee).
		codes = append(codes, c.Code)
	}
	write("communes.txt.gz", codes, `^(\d{5}|2[AB]\d{3})$`)

	var deps []struct{ Code string }
	read(filepath.Join(dec, "departements.json"), &deps)
	codes = nil
	for _, d := range deps {
		codes = append(codes, d.Code)
	}
	write("departements.txt.gz", codes, `^(\d{2}|2[AB]|9\d\d)$`)

	var regs []struct{ Code string }
	read(filepath.Join(dec, "regions.json"), &regs)
	codes = nil
	for _, r := range regs {
		// Regions only: the package also lists the overseas
		// collectivities (975, 977…) with three-digit codes.
		if len(r.Code) == 2 {
			codes = append(codes, r.Code)
		}
	}
	write("regions.txt.gz", codes, `^\d{2}$`)

	var cps []struct{ CodePostal string }
	read(filepath.Join(*npm, "codes-postaux", "codes-postaux.json"), &cps)
	codes = nil
	for _, c := range cps {
		codes = append(codes, c.CodePostal)
	}
	write("postaux.txt.gz", codes, `^\d{5}$`)
}

func read(path string, v any) {
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		fail(fmt.Errorf("%s: %w", path, err))
	}
}

func write(name string, codes []string, shape string) {
	re := regexp.MustCompile(shape)
	for _, c := range codes {
		if !re.MatchString(c) {
			fail(fmt.Errorf("%s: unexpected code %q", name, c))
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	f, err := os.Create(name)
	if err != nil {
		fail(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if _, err := zw.Write([]byte(strings.Join(codes, "\n") + "\n")); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	fmt.Printf("%s: %d codes\n", name, len(codes))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
