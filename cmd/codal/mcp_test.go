//go:build !lean

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
)

// mcpClient serves codal's MCP server on reg over the SDK's in-memory
// transport and returns a connected client session.
func mcpClient(t testing.TB, reg string, lang i18n.Lang, o mcpOptions) *mcp.ClientSession {
	t.Helper()
	a := &app{lang: lang, registry: reg, now: clock}
	a.cfg, a.cfgErr = config.Load()
	s, err := a.mcpServer(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ct, st := mcp.NewInMemoryTransports()
	ss, err := s.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close(); ss.Wait() })
	return cs
}

// callTool calls a tool and returns its structured result (nil on a tool
// error) and its text.
func callTool(t *testing.T, cs *mcp.ClientSession, name string, args any) (map[string]any, string, bool) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error %v", name, err)
	}
	var text string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			text += tc.Text
		}
	}
	var obj map[string]any
	if res.StructuredContent != nil {
		data, _ := json.Marshal(res.StructuredContent)
		if err := json.Unmarshal(data, &obj); err != nil {
			t.Fatalf("%s: structured content is not an object: %s", name, data)
		}
	}
	return obj, text, res.IsError
}

func entries(t *testing.T, obj map[string]any) []map[string]any {
	t.Helper()
	xs, ok := obj["entries"].([]any)
	if !ok {
		t.Fatalf("no entries list in %v", obj)
	}
	var out []map[string]any
	for _, x := range xs {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestMCPListEntries(t *testing.T) {
	isolate(t)
	cs := mcpClient(t, mini, i18n.EN, mcpOptions{})
	obj, text, isErr := callTool(t, cs, "list_entries", map[string]any{"kind": "requests", "query": "climat sèvres"})
	if isErr {
		t.Fatalf("list_entries: %s", text)
	}
	es := entries(t, obj)
	if len(es) != 1 || es[0]["id"] != "budget-climat" || es[0]["status"] != "under-review" {
		t.Errorf("list_entries requests: %v", es)
	}
	obj, _, isErr = callTool(t, cs, "list_entries", map[string]any{"kind": "snippets", "query": "introuvable"})
	if isErr || len(entries(t, obj)) != 0 {
		t.Errorf("no match: %v", obj)
	}
	// Bad input: an unknown kind is codal's sentence; a missing kind is
	// refused by the input schema; a kind that looks like a flag is a kind.
	_, text, isErr = callTool(t, cs, "list_entries", map[string]any{"kind": "people"})
	if !isErr || text != `unknown kind "people": actors, snippets, schemas, requests, trainings or tips` {
		t.Errorf("unknown kind: error %v, %q", isErr, text)
	}
	_, text, isErr = callTool(t, cs, "list_entries", map[string]any{"kind": "--help"})
	if !isErr || !strings.Contains(text, `unknown kind "--help"`) {
		t.Errorf("kind --help: error %v, %q", isErr, text)
	}
	if _, _, isErr = callTool(t, cs, "list_entries", map[string]any{"query": "x"}); !isErr {
		t.Error("a missing kind is accepted")
	}
	if _, _, isErr = callTool(t, cs, "list_entries", map[string]any{"kind": 3}); !isErr {
		t.Error("a numeric kind is accepted")
	}
}

func TestMCPShowEntryAndRank(t *testing.T) {
	isolate(t)
	cs := mcpClient(t, mini, i18n.FR, mcpOptions{})
	obj, text, isErr := callTool(t, cs, "show_entry", map[string]any{"kind": "requests", "id": "budget-climat"})
	if isErr || obj["id"] != "budget-climat" || obj["requested_by"] != "issy-les-moulineaux" {
		t.Fatalf("show_entry: error %v %q, %v", isErr, text, obj)
	}
	obj, _, isErr = callTool(t, cs, "show_entry", map[string]any{"kind": "actors", "id": "meudon"})
	if isErr || obj["id"] != "meudon" {
		t.Errorf("show_entry actor: %v", obj)
	}
	// Bad input, in the configured language (French here).
	_, text, isErr = callTool(t, cs, "show_entry", map[string]any{"kind": "requests", "id": "nulle-part"})
	if !isErr || !strings.Contains(text, "nulle-part") || strings.HasPrefix(text, "codal") {
		t.Errorf("unknown id: error %v, %q", isErr, text)
	}
	_, text, isErr = callTool(t, cs, "show_entry", map[string]any{"kind": "requests", "id": "../../etc"})
	if !isErr || text == "" {
		t.Errorf("bad id: error %v, %q", isErr, text)
	}

	obj, text, isErr = callTool(t, cs, "rank_requests", map[string]any{})
	if isErr {
		t.Fatalf("rank_requests: %s", text)
	}
	es := entries(t, obj)
	if len(es) < 2 || es[0]["id"] != "budget-climat" || es[0]["rank"] != 1.0 {
		t.Errorf("rank_requests: %v", es)
	}
	if _, _, isErr = callTool(t, cs, "rank_requests", map[string]any{"format": "md"}); !isErr {
		t.Error("rank_requests accepts an unknown argument")
	}
}

func TestMCPValidateCSVOnlyInAllowedFolders(t *testing.T) {
	isolate(t)
	allowed, outside := t.TempDir(), t.TempDir()
	good := "id,nom,insee\n1,Salle des fêtes,92040\n"
	bad := "id,nom,insee\nx,Salle,75001\n"
	for name, body := range map[string]string{"bonnes.csv": good, "mauvaises.csv": bad} {
		if err := os.WriteFile(filepath.Join(allowed, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(outside, "secret.csv")
	os.WriteFile(secret, []byte(good), 0o644)
	if err := os.Symlink(secret, filepath.Join(allowed, "lien.csv")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(allowed, "dehors"))

	cs := mcpClient(t, mini, i18n.EN, mcpOptions{allowPaths: []string{allowed}})
	obj, text, isErr := callTool(t, cs, "validate_csv", map[string]any{"schema": "salles", "path": filepath.Join(allowed, "bonnes.csv")})
	if isErr || obj["valid"] != true {
		t.Fatalf("valid file: error %v %q, %v", isErr, text, obj)
	}
	obj, text, isErr = callTool(t, cs, "validate_csv", map[string]any{"schema": "salles", "path": filepath.Join(allowed, "mauvaises.csv")})
	if isErr || obj["valid"] != false {
		t.Fatalf("invalid file: error %v %q, %v", isErr, text, obj)
	}
	// Bad input: an unknown schema, then paths that leave the allowed folder.
	_, text, isErr = callTool(t, cs, "validate_csv", map[string]any{"schema": "piscines", "path": filepath.Join(allowed, "bonnes.csv")})
	if !isErr || !strings.Contains(text, `unknown schema "piscines"`) {
		t.Errorf("unknown schema: error %v, %q", isErr, text)
	}
	for _, p := range []string{secret, filepath.Join(allowed, "..", filepath.Base(outside), "secret.csv"), filepath.Join(allowed, "lien.csv"),
		filepath.Join(allowed, "dehors", "secret.csv"), "/etc/passwd", "", allowed + "\x00/bonnes.csv"} {
		_, text, isErr = callTool(t, cs, "validate_csv", map[string]any{"schema": "salles", "path": p})
		if !isErr || !strings.Contains(text, "is not inside an allowed folder") {
			t.Errorf("path %q: error %v, %q", p, isErr, text)
		}
	}
	_, text, isErr = callTool(t, cs, "validate_csv", map[string]any{"schema": "salles", "path": allowed})
	if !isErr || !strings.Contains(text, "is not a file") {
		t.Errorf("folder: error %v, %q", isErr, text)
	}

	// None allowed by default.
	cs = mcpClient(t, mini, i18n.EN, mcpOptions{})
	_, text, isErr = callTool(t, cs, "validate_csv", map[string]any{"schema": "salles", "path": filepath.Join(allowed, "bonnes.csv")})
	if !isErr || !strings.Contains(text, "codal mcp --allow-path") {
		t.Errorf("no --allow-path: error %v, %q", isErr, text)
	}
}

func TestMCPNews(t *testing.T) {
	identify(t)
	reg := demoRegistry(t)
	if _, errOut, code := cli(t, "--registry", reg, "request", "vote", "budget-climat", "--as", "vanves"); code != 0 {
		t.Fatal(errOut)
	}
	cs := mcpClient(t, reg, i18n.EN, mcpOptions{})
	obj, text, isErr := callTool(t, cs, "news", map[string]any{"since": "2000-01-01"})
	if isErr {
		t.Fatalf("news: %s", text)
	}
	items, _ := obj["items"].([]any)
	if obj["head"] == "" || len(items) == 0 || !strings.Contains(text, "vanves") {
		t.Errorf("news: %v", obj)
	}
	_, text, isErr = callTool(t, cs, "news", map[string]any{"since": "hier"})
	if !isErr || text == "" {
		t.Errorf("bad since: error %v, %q", isErr, text)
	}
	// news is a plain read: nothing marked read.
	if st, _ := config.LoadState(reg); st.LastSeen != "" {
		t.Errorf("news marked %s read", st.LastSeen)
	}
}

func TestMCPResources(t *testing.T) {
	isolate(t)
	cs := mcpClient(t, mini, i18n.EN, mcpOptions{})
	res, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "codal://requests/budget-climat"})
	if err != nil || len(res.Contents) != 1 || !strings.Contains(res.Contents[0].Text, "budget-climat") || res.Contents[0].MIMEType != "text/markdown" {
		t.Fatalf("read resource: %v %+v", err, res)
	}
	if _, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "codal://requests/nulle-part"}); err == nil {
		t.Error("an unknown entry reads")
	}
	if _, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: "codal://people/x"}); err == nil {
		t.Error("an unknown kind reads")
	}
}

func TestMCPPrompts(t *testing.T) {
	isolate(t)
	cs := mcpClient(t, mini, i18n.FR, mcpOptions{})
	res, err := cs.GetPrompt(context.Background(), &mcp.GetPromptParams{Name: "draft_request", Arguments: map[string]string{"need": "les arceaux vélo"}})
	if err != nil || len(res.Messages) != 1 || !strings.Contains(res.Messages[0].Content.(*mcp.TextContent).Text, "Mon besoin : les arceaux vélo") {
		t.Fatalf("draft_request: %v %+v", err, res)
	}
	if _, err := cs.GetPrompt(context.Background(), &mcp.GetPromptParams{Name: "draft_request"}); err == nil {
		t.Error("draft_request without its required argument")
	}
	if _, err := cs.GetPrompt(context.Background(), &mcp.GetPromptParams{Name: "meeting_pack", Arguments: map[string]string{"since": "2026-01-01"}}); err != nil {
		t.Error(err)
	}
}
