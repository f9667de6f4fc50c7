//go:build !lean

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gpso/codal/registry/registrytest"
)

// TestMCPBinarySpeaksJSONRPC builds codal, starts `codal mcp` and speaks
// JSON-RPC over its standard input and output, as an MCP client does.
func TestMCPBinarySpeaksJSONRPC(t *testing.T) {
	if !registrytest.Long() {
		t.Skip("builds the binary: a long test (" + registrytest.LongEnv + "=1, which .ci/run sets)")
	}
	bin := filepath.Join(t.TempDir(), "codal")
	goBuild(t, bin, ".")
	isolate(t)
	reg, err := filepath.Abs(mini)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--registry", reg, "--lang", "en", "mcp")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		stdin.Close()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("codal mcp exited with %v: %s", err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Error("codal mcp did not stop when its input closed")
		}
	}()
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<20), 1<<24)
	send := func(msg string) { fmt.Fprintln(stdin, msg) }
	// call sends a request and returns its response's result.
	call := func(id int, method, params string) map[string]any {
		t.Helper()
		send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, params))
		for lines.Scan() {
			var resp struct {
				ID     int            `json:"id"`
				Result map[string]any `json:"result"`
				Error  any            `json:"error"`
			}
			if err := json.Unmarshal(lines.Bytes(), &resp); err != nil {
				t.Fatalf("not JSON-RPC on stdout: %q", lines.Text())
			}
			if resp.ID != id {
				continue // a notification
			}
			if resp.Error != nil {
				t.Fatalf("%s: error %v", method, resp.Error)
			}
			return resp.Result
		}
		t.Fatalf("%s: no response (%v); stderr: %s", method, lines.Err(), stderr.String())
		return nil
	}

	init := call(1, "initialize", `{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}`)
	if info, _ := init["serverInfo"].(map[string]any); info["name"] != "codal" {
		t.Errorf("initialize: %v", init)
	}
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	list := call(2, "tools/list", `{}`)
	var names []string
	tools, _ := list["tools"].([]any)
	for _, x := range tools {
		names = append(names, x.(map[string]any)["name"].(string))
	}
	got := strings.Join(names, " ")
	for _, want := range []string{"list_entries", "show_entry", "rank_requests", "validate_csv", "news"} {
		if !strings.Contains(got, want) {
			t.Errorf("tools/list lacks %s: %s", want, got)
		}
	}
	if strings.Contains(got, "support_request") {
		t.Errorf("write tools listed without --allow-writes: %s", got)
	}

	res := call(3, "tools/call", `{"name":"show_entry","arguments":{"kind":"requests","id":"budget-climat"}}`)
	if sc, _ := res["structuredContent"].(map[string]any); res["isError"] == true || sc["id"] != "budget-climat" {
		t.Errorf("tools/call show_entry: %v", res)
	}
	res = call(4, "tools/call", `{"name":"show_entry","arguments":{"kind":"requests","id":"nulle-part"}}`)
	content, _ := res["content"].([]any)
	if res["isError"] != true || len(content) != 1 || !strings.Contains(fmt.Sprint(content[0]), "nulle-part") {
		t.Errorf("tools/call with an unknown id: %v", res)
	}
}
