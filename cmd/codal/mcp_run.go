//go:build !lean

package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/i18n"
)

// serveMCP serves the MCP protocol on the app's standard input and output
// until the client closes it or an interrupt.
func (a *app) serveMCP(o mcpOptions) error {
	s, err := a.mcpServer(o)
	if err != nil {
		return withCode(2, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	t := &mcp.IOTransport{Reader: readCloser{a.stdin}, Writer: writeCloser{a.stdout}}
	if err := s.Run(ctx, t); err != nil && ctx.Err() == nil {
		return i18n.Wrap(err, i18n.T("le serveur MCP s'est arrêté : %v", "the MCP server stopped: %v"), err)
	}
	return nil
}
