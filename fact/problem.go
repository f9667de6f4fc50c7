// Package fact holds what every kind of registry entry shares: entry ids, the
// problems a broken file becomes, dates, and YAML decoding that keeps line and
// column numbers. It knows nothing of Git or of the terminal.
package fact

import (
	"fmt"
	"sort"

	"github.com/gpso/codal/i18n"
)

// Severity says whether a problem fails lint.
type Severity int

const (
	// Error fails `codal lint` (exit 1).
	Error Severity = iota
	// Warning is reported but does not fail lint.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one thing wrong with one file of the registry. Path is relative to
// the registry root with forward slashes; Line and Col are 1-based, 0 when
// unknown. Code is stable and documented in docs/lint.md.
type Problem struct {
	Path     string
	Line     int
	Col      int
	Code     string
	Severity Severity
	Text     i18n.Text
	Args     []any
}

// Message returns the problem's sentence in the given language.
func (p Problem) Message(l i18n.Lang) string { return p.Text.In(l, p.Args...) }

// Format renders the problem as "path:line:col: CODE message".
func (p Problem) Format(l i18n.Lang) string {
	return fmt.Sprintf("%s:%d:%d: %s %s", p.Path, max(p.Line, 1), max(p.Col, 1), p.Code, p.Message(l))
}

// String is Format in French.
func (p Problem) String() string { return p.Format(i18n.FR) }

// At returns a copy of p placed at pos.
func (p Problem) At(pos Pos) Problem {
	p.Line, p.Col = pos.Line, pos.Col
	return p
}

// Pos is a 1-based line and column in a file.
type Pos struct {
	Line int
	Col  int
}

// Errorf builds an error-level problem.
func Errorf(path string, pos Pos, code string, t i18n.Text, args ...any) Problem {
	return Problem{Path: path, Line: pos.Line, Col: pos.Col, Code: code, Severity: Error, Text: t, Args: args}
}

// Warnf builds a warning-level problem.
func Warnf(path string, pos Pos, code string, t i18n.Text, args ...any) Problem {
	return Problem{Path: path, Line: pos.Line, Col: pos.Col, Code: code, Severity: Warning, Text: t, Args: args}
}

// HasErrors reports whether any problem is an error.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders problems by path, line, column and code, so output is stable.
func Sort(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Code < b.Code
	})
}
