// Command codal-gen-csv writes a generated subventions CSV file (every row
// valid against scdl-subventions) or reads one with a bare encoding/csv
// loop, for scripts/bench-validate.sh:
//
//	codal-gen-csv -rows 100000 -o subventions.csv   # rows made afresh
//	codal-gen-csv -rows 26000000 -stream | codal schema validate scdl-subventions -
//	codal-gen-csv -bare subventions.csv             # the baseline read ("-": standard input)
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gpso/codal/schemas/schemastest"
)

func main() {
	rows := flag.Int64("rows", 100_000, "data rows to write")
	out := flag.String("o", "-", "file to write (- : standard output)")
	stream := flag.Bool("stream", false, "repeat 8,192 distinct rows, as fast as the pipe takes them")
	bare := flag.String("bare", "", "read this CSV file with encoding/csv alone and print its records (- : standard input)")
	flag.Parse()
	if err := run(*rows, *out, *stream, *bare); err != nil {
		fmt.Fprintln(os.Stderr, "codal-gen-csv:", err)
		os.Exit(1)
	}
}

func run(rows int64, out string, stream bool, bare string) error {
	if bare != "" {
		var r io.Reader = os.Stdin
		if bare != "-" {
			f, err := os.Open(bare)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		n, err := schemastest.BareRead(r)
		if err != nil {
			return err
		}
		fmt.Println(n)
		return nil
	}
	if out == "-" {
		return write(os.Stdout, rows, stream)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := write(f, rows, stream); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func write(w io.Writer, rows int64, stream bool) error {
	if stream {
		return schemastest.SubventionsStream(w, rows)
	}
	_, err := schemastest.Subventions(w, int(rows))
	return err
}
