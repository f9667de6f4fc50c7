// Command codal is the CODAL toolbox of Grand Paris Seine Ouest: a terminal
// app and a CLI over the shared registry of actors, code snippets, dataset
// schemas and data requests.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
