//go:build !lean

package main

import (
	"context"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/registry/catalogue"
)

// addResources adds the entries as resources codal://KIND/ID, each the
// text of `codal show KIND/ID`.
func (m *mcpServer) addResources(s *mcp.Server) {
	s.AddResourceTemplate(&mcp.ResourceTemplate{
		Name:        "entry",
		Title:       "A registry entry",
		Description: "One entry of the CODAL registry (codal://requests/budget-climat, codal://actors/meudon…): its show page, as codal show KIND/ID prints it.",
		MIMEType:    "text/markdown",
		URITemplate: "codal://{kind}/{id}",
	}, func(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		uri := req.Params.URI
		ref, ok := strings.CutPrefix(uri, "codal://")
		if !ok {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		if _, _, err := catalogue.ParseRef(ref); err != nil {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		out, _, err := m.exec([]string{"show", "--", ref})
		if err != nil {
			return nil, err
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: uri, MIMEType: "text/markdown", Text: string(out)}}}, nil
	})
}
