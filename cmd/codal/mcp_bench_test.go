//go:build !lean

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/i18n"
)

// BenchmarkMCPShowEntry compares a show_entry tool call over the in-memory
// transport with the command it runs (codal show --json, in process): the
// difference is the protocol's cost (JSON-RPC, schema validation, decoding
// and re-encoding the command's JSON). It reads the small test registry.
func BenchmarkMCPShowEntry(b *testing.B) {
	b.Setenv("XDG_CACHE_HOME", b.TempDir())
	b.Setenv("XDG_CONFIG_HOME", b.TempDir())
	b.Run("cli", func(b *testing.B) {
		for b.Loop() {
			var out, errb bytes.Buffer
			if run([]string{"--lang", "en", "--registry", mini, "show", "--json", "--", "requests/budget-climat"}, strings.NewReader(""), &out, &errb) != 0 {
				b.Fatal(errb.String())
			}
		}
	})
	b.Run("mcp", func(b *testing.B) {
		cs := mcpClient(b, mini, i18n.EN, mcpOptions{})
		args := map[string]any{"kind": "requests", "id": "budget-climat"}
		for b.Loop() {
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "show_entry", Arguments: args})
			if err != nil || res.IsError {
				b.Fatal(err, res)
			}
		}
	})
}
