//go:build !lean

package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// mcpServer is what `codal mcp` serves. Each tool runs the very command the
// CLI runs with --json (same flags, same checks, same writes), in process,
// with its output captured: the MCP tools and the CLI share one
// implementation, and a tool's error is the CLI's sentence in the app's
// language.
type mcpServer struct {
	a     *app
	roots []string // --allow-path folders, absolute, links evaluated
}

// mcpResult is every tool's structured result: a JSON object (a list is
// wrapped as {"entries": [...]}).
type mcpResult = map[string]any

func (a *app) mcpServer(o mcpOptions) (*mcp.Server, error) {
	roots, err := allowedRoots(o.allowPaths)
	if err != nil {
		return nil, err
	}
	m := &mcpServer{a: a, roots: roots}
	s := mcp.NewServer(&mcp.Implementation{Name: "codal", Version: versionString()}, nil)
	m.addReadTools(s)
	if o.allowWrites {
		m.addWriteTools(s)
	}
	m.addResources(s)
	m.addPrompts(s)
	return s, nil
}

// exec runs one codal command in process with the server's language,
// registry and index flags, and returns its standard output; a failure is
// the CLI's own error sentence. okCodes lists the non-zero exit codes that
// still carry a result on stdout (schema validate's 1: the file is invalid).
func (m *mcpServer) exec(args []string, okCodes ...int) ([]byte, int, error) {
	base := []string{"--lang", string(m.a.lang)}
	if m.a.registry != "" {
		base = append(base, "--registry", m.a.registry)
	}
	if m.a.noIndex {
		base = append(base, "--no-index")
	}
	var out, errb bytes.Buffer
	code := run(append(base, args...), strings.NewReader(""), &out, &errb)
	if code == 0 {
		return out.Bytes(), 0, nil
	}
	for _, c := range okCodes {
		if c == code && out.Len() > 0 {
			return out.Bytes(), code, nil
		}
	}
	return nil, code, &mcpError{msg: cliMessage(errb.String(), m.a.lang)}
}

// mcpError is a failed tool call: the CLI's sentence, without "codal : ".
type mcpError struct{ msg string }

func (e *mcpError) Error() string { return e.msg }

// fail is a tool error of the server's own (not the CLI's): its sentence
// in the app's language, on one clean line.
func (m *mcpServer) fail(err error) error {
	return &mcpError{msg: fact.CleanLine(i18n.Message(err, m.a.lang))}
}

// cliMessage takes what the CLI printed on stderr for an error and keeps
// the sentence: the last "codal : …" line without its prefix.
func cliMessage(stderr string, l i18n.Lang) string {
	prefix := "codal : "
	if l == i18n.EN {
		prefix = "codal: "
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if msg, ok := strings.CutPrefix(lines[i], prefix); ok {
			return msg
		}
	}
	if s := strings.TrimSpace(stderr); s != "" {
		return s
	}
	return i18n.T("la commande a échoué", "the command failed").In(l)
}

// jsonObject turns a command's JSON output into a tool result: an object as
// is, a list as {"entries": [...]}.
func jsonObject(out []byte) (mcpResult, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(out))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case []any:
		return mcpResult{"entries": x}, nil
	case nil:
		return mcpResult{"entries": []any{}}, nil
	}
	return mcpResult{"value": v}, nil
}

// tool runs a command and returns its JSON output as the tool's result.
func (m *mcpServer) tool(args []string, okCodes ...int) (*mcp.CallToolResult, mcpResult, error) {
	out, _, err := m.exec(args, okCodes...)
	if err != nil {
		return nil, nil, err
	}
	obj, err := jsonObject(out)
	if err != nil {
		return nil, nil, m.fail(err)
	}
	return nil, obj, nil
}

// readCloser and writeCloser give the app's streams the Close the SDK's
// transport wants, without closing the process's own standard streams.
type readCloser struct{ io.Reader }

func (readCloser) Close() error { return nil }

type writeCloser struct{ io.Writer }

func (writeCloser) Close() error { return nil }
