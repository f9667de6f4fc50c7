//go:build !lean

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/i18n"
)

var mcpWriteTools = []string{"file_request", "support_request", "withdraw_support", "change_status", "comment_request"}

func TestMCPWriteToolsOnlyWithAllowWrites(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	commits := func() string { return gitc(t, reg, "rev-list", "--count", "HEAD") }
	before := commits()

	cs := mcpClient(t, reg, i18n.EN, mcpOptions{})
	lr, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range lr.Tools {
		for _, w := range mcpWriteTools {
			if tool.Name == w {
				t.Errorf("%s listed without --allow-writes", w)
			}
		}
	}
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "support_request", Arguments: map[string]any{"id": "budget-climat"}}); err == nil || !strings.Contains(err.Error(), "unknown tool") {
		t.Errorf("support_request without --allow-writes: %v", err)
	}
	if commits() != before {
		t.Fatal("a commit without --allow-writes")
	}

	cs = mcpClient(t, reg, i18n.EN, mcpOptions{allowWrites: true})
	lr, _ = cs.ListTools(context.Background(), nil)
	var names []string
	for _, tool := range lr.Tools {
		names = append(names, tool.Name)
	}
	for _, w := range mcpWriteTools {
		if !strings.Contains(strings.Join(names, " "), w) {
			t.Errorf("%s not listed with --allow-writes: %v", w, names)
		}
	}

	// file_request: with the configured organisation (CODAL_ACTOR=vanves).
	obj, text, isErr := callTool(t, cs, "file_request", map[string]any{"title": "Stationnement vélo sécurisé", "to": "gpso", "themes": []string{"mobilité"}})
	if isErr || obj["action"] != "new" || obj["request"] != "stationnement-velo-securise" || obj["shared"] != false || obj["commit"] == "" {
		t.Fatalf("file_request: error %v %q, %v", isErr, text, obj)
	}
	if data, err := os.ReadFile(filepath.Join(reg, "requests/stationnement-velo-securise/request.yaml")); err != nil || !strings.Contains(string(data), "requested_by: vanves\n") {
		t.Errorf("request.yaml: %v\n%s", err, data)
	}
	obj, text, isErr = callTool(t, cs, "support_request", map[string]any{"id": "budget-climat", "need": "essential", "comment": "Pour notre budget vert"})
	if isErr || obj["action"] != "vote" || obj["path"] != "requests/budget-climat/votes/vanves.yaml" {
		t.Fatalf("support_request: error %v %q, %v", isErr, text, obj)
	}
	obj, text, isErr = callTool(t, cs, "comment_request", map[string]any{"id": "budget-climat", "body": "Les lignes d'investissement suffiraient."})
	if isErr || obj["action"] != "comment" {
		t.Fatalf("comment_request: error %v %q, %v", isErr, text, obj)
	}
	obj, text, isErr = callTool(t, cs, "withdraw_support", map[string]any{"id": "budget-climat"})
	if isErr || obj["action"] != "unvote" {
		t.Fatalf("withdraw_support: error %v %q, %v", isErr, text, obj)
	}
	obj, text, isErr = callTool(t, cs, "change_status", map[string]any{"id": "stationnement-velo-securise", "status": "withdrawn", "reason": "Déjà publié"})
	if isErr || obj["action"] != "status" {
		t.Fatalf("change_status: error %v %q, %v", isErr, text, obj)
	}
	if got := commits(); got == before {
		t.Errorf("no commit after the writes")
	}
	if st := gitc(t, reg, "status", "--porcelain"); st != "" {
		t.Errorf("work tree left dirty:\n%s", st)
	}

	// Bad input: codal's sentences, nothing written.
	after := commits()
	for name, args := range map[string]map[string]any{
		"file_request":     {"title": "", "to": "gpso"},
		"support_request":  {"id": "nulle-part"},
		"withdraw_support": {"id": "--as=gpso"},
		"change_status":    {"id": "budget-climat", "status": "fini"},
		"comment_request":  {"id": "budget-climat", "body": ""},
	} {
		_, text, isErr := callTool(t, cs, name, args)
		if !isErr || text == "" || strings.HasPrefix(text, "codal") {
			t.Errorf("%s %v: error %v, %q", name, args, isErr, text)
		}
	}
	if commits() != after {
		t.Error("a refused write committed")
	}
}
