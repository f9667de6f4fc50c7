// Package demo holds the demo registry, embedded in the binary: GPSO's
// communes, snippets, schemas and data requests, as CODAL members would write
// them. The files beside this one are the registry itself; this Go file is
// not part of it.
package demo

import (
	"embed"
	"io/fs"
)

//go:embed registry.yaml README.md all:actors all:snippets all:schemas all:requests all:trainings all:tips
var files embed.FS

// FS returns the demo registry, rooted at its registry.yaml.
func FS() fs.FS { return files }
