package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/gpso/codal/i18n"
)

// exitError carries the exit code a command wants; err, when not nil, is
// printed as one sentence.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withCode makes err exit with code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// silentExit exits with code without printing anything more (the command has
// already said what it had to).
func silentExit(code int) error { return &exitError{code: code} }

// report prints err as "codal : sentence" and returns the exit code. The
// sentence is cleaned of control characters: its arguments may be registry
// data, a path, a remote URL or a server's reply.
func report(w io.Writer, err error, l i18n.Lang) int {
	if err == nil {
		return 0
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		err = ee.err
	}
	if err != nil {
		sep := " : "
		if l == i18n.EN {
			sep = ": "
		}
		say(w, "codal"+sep+i18n.Message(err, l))
	}
	return code
}
