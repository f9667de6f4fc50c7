//go:build !lean

package main

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// argser is a tool input that becomes a CLI command line.
type argser interface{ args() []string }

// addCLITool adds a tool that runs the command its input names and returns
// the command's JSON output. okCodes: see exec.
func addCLITool[In argser](m *mcpServer, s *mcp.Server, t *mcp.Tool, okCodes ...int) {
	mcp.AddTool(s, t, func(_ context.Context, _ *mcp.CallToolRequest, in In) (*mcp.CallToolResult, mcpResult, error) {
		return m.tool(in.args(), okCodes...)
	})
}

// addReadTools adds the tools that only read.
func (m *mcpServer) addReadTools(s *mcp.Server) {
	ro := &mcp.ToolAnnotations{ReadOnlyHint: true}
	addCLITool[listInput](m, s, &mcp.Tool{Name: "list_entries", Annotations: ro,
		Description: "List the registry's entries of one kind (requests in priority order), optionally keeping those that contain every word of query. Result: {\"entries\": [...]}, as `codal list KIND --json`."})
	addCLITool[showInput](m, s, &mcp.Tool{Name: "show_entry", Annotations: ro,
		Description: "One entry in full (a request with its standing, supporters, votes, history and comments), as `codal show KIND/ID --json`."})
	addCLITool[rankInput](m, s, &mcp.Tool{Name: "rank_requests", Annotations: ro,
		Description: "GPSO's priority board of data requests: open first, then more supporting communes, organisations, inhabitants, the older. Result: {\"entries\": [...]}, as `codal request rank --format json`."})
	addCLITool[newsInput](m, s, &mcp.Tool{Name: "news", Annotations: ro,
		Description: "What changed in the registry since a date or commit (new requests, votes, status changes, comments…), as `codal news --json`; it never marks anything read."})
	mcp.AddTool(s, &mcp.Tool{Name: "validate_csv", Annotations: ro,
		Description: "Check a CSV file against one of the registry's schemas (Table Schema), as `codal schema validate ID FILE --json`. The file must be inside a folder the server was started with (--allow-path)."},
		func(_ context.Context, _ *mcp.CallToolRequest, in validateInput) (*mcp.CallToolResult, mcpResult, error) {
			path, err := m.allowed(in.Path)
			if err != nil {
				return nil, nil, m.fail(err)
			}
			// Exit 1 is an invalid file: its report is the result.
			return m.tool(in.args(path), 1)
		})
}

// addWriteTools adds the tools that write (--allow-writes): they act with
// the configured identity and organisation, commit locally, then share, as
// the CLI does; their result says whether the change is shared.
func (m *mcpServer) addWriteTools(s *mcp.Server) {
	w := func(name, desc string, destructive bool) *mcp.Tool {
		return &mcp.Tool{Name: name, Description: desc + " It commits to the registry with the user's identity, then shares it; the result's shared and reason say whether it reached the shared registry.",
			Annotations: &mcp.ToolAnnotations{DestructiveHint: &destructive}}
	}
	// Exit 1 after a write is a refusal or a conflict: the JSON says which.
	addCLITool[fileInput](m, s, w("file_request", "File a data request (as `codal request new --json`).", false), 1)
	addCLITool[supportInput](m, s, w("support_request", "Support a data request for an organisation (as `codal request vote --json`).", false), 1)
	addCLITool[withdrawInput](m, s, w("withdraw_support", "Withdraw an organisation's support of a request (as `codal request unvote --json`).", true), 1)
	addCLITool[statusInput](m, s, w("change_status", "Change a request's status, for its addressee or a triager (as `codal request status --json`).", false), 1)
	addCLITool[commentInput](m, s, w("comment_request", "Comment on a request for an organisation (as `codal request comment --json`).", false), 1)
}
