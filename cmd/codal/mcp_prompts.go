//go:build !lean

package main

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/gpso/codal/i18n"
)

// addPrompts adds the prompts an assistant may offer its user: preparing the
// committee's meeting pack, and drafting a data request (filed only with the
// user's agreement, through file_request when writes are allowed).
func (m *mcpServer) addPrompts(s *mcp.Server) {
	text := func(t i18n.Text, args ...any) *mcp.GetPromptResult {
		return &mcp.GetPromptResult{Messages: []*mcp.PromptMessage{{Role: "user", Content: &mcp.TextContent{Text: m.a.t(t, args...)}}}}
	}
	s.AddPrompt(&mcp.Prompt{Name: "meeting_pack", Title: "Prepare the CODAL meeting pack",
		Description: "Summarise what changed, the priority board and the overdue requests for the next CODAL meeting.",
		Arguments:   []*mcp.PromptArgument{{Name: "since", Description: "the last meeting's date, YYYY-MM-DD"}}},
		func(_ context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			return text(i18n.T(
				"Prépare le dossier de la prochaine réunion CODAL : appelle news (since : %q) pour ce qui a changé, rank_requests pour le tableau des priorités, puis show_entry pour les demandes en tête. Rédige en Markdown : nouveautés, dix premières demandes (communes en soutien, statut), demandes sans réponse, décisions à prendre.",
				"Prepare the pack for the next CODAL meeting: call news (since: %q) for what changed, rank_requests for the priority board, then show_entry for the requests at the top. Write in Markdown: news, the top ten requests (supporting communes, status), requests without an answer, decisions to take."),
				req.Params.Arguments["since"]), nil
		})
	s.AddPrompt(&mcp.Prompt{Name: "draft_request", Title: "Draft a data request",
		Description: "Help the user write a data request for the registry, checking first that it is not already asked.",
		Arguments:   []*mcp.PromptArgument{{Name: "need", Description: "which data, and what for", Required: true}}},
		func(_ context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			if req.Params.Arguments["need"] == "" {
				return nil, m.fail(i18n.Errorf(i18n.T("l'argument need manque : quelles données, et pour quoi faire", "the argument need is missing: which data, and what for")))
			}
			return text(i18n.T(
				"Aide-moi à rédiger une demande de données CODAL. Mon besoin : %s. Cherche d'abord avec list_entries (kind requests) si une demande proche existe ; si oui, propose de la soutenir. Sinon, propose un titre court, l'organisation destinataire (list_entries kind actors), les thèmes, l'usage et une description, et ne dépose (file_request) qu'après mon accord.",
				"Help me write a CODAL data request. My need: %s. First search with list_entries (kind requests) whether a similar request exists; if so, offer to support it. Otherwise propose a short title, the addressed organisation (list_entries kind actors), themes, usage and a description, and file it (file_request) only after I agree."),
				req.Params.Arguments["need"]), nil
		})
}
