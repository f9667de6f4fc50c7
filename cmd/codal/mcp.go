// The mcp command's flags and help, in both builds: the lean build (-tags
// lean) hands the run to codal-app (lean.go), the full one serves
// (mcp_run.go), so the lean CLI links no MCP SDK.

package main

import (
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, command{[]string{"mcp"}, newMCPCmd}) }

// mcpOptions is what `codal mcp` allows: the folders validate_csv may read
// (none by default) and whether the write tools are listed.
type mcpOptions struct {
	allowPaths  []string
	allowWrites bool
}

func newMCPCmd(a *app) *cobra.Command {
	var o mcpOptions
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: a.tt("Sert le registre aux assistants IA (Model Context Protocol, sur stdio)", "Serve the registry to AI assistants (Model Context Protocol, over stdio)"),
		Long: a.tt(
			"Sert le protocole MCP sur l'entrée et la sortie standard : les outils list_entries, show_entry, rank_requests,\n"+
				"validate_csv et news, et les ressources codal://KIND/ID. validate_csv ne lit que sous les dossiers donnés par\n"+
				"--allow-path (aucun par défaut). Les outils d'écriture (file_request, support_request, withdraw_support,\n"+
				"change_status, comment_request) ne sont proposés qu'avec --allow-writes, et écrivent comme la ligne de commande.",
			"Serves the MCP protocol over standard input and output: the tools list_entries, show_entry, rank_requests,\n"+
				"validate_csv and news, and the resources codal://KIND/ID. validate_csv reads only under the folders given with\n"+
				"--allow-path (none by default). The write tools (file_request, support_request, withdraw_support,\n"+
				"change_status, comment_request) are offered only with --allow-writes, and write as the command line does."),
		Example: "  codal mcp\n  codal mcp --allow-path ~/donnees --allow-writes",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.serveMCP(o)
		},
	}
	cmd.Flags().StringArrayVar(&o.allowPaths, "allow-path", nil, a.tt("dossier où validate_csv peut lire (répétable ; aucun par défaut)", "folder validate_csv may read (repeatable; none by default)"))
	cmd.Flags().BoolVar(&o.allowWrites, "allow-writes", false, a.tt("proposer les outils d'écriture (déposer, soutenir, statut, commenter)", "offer the write tools (file, support, status, comment)"))
	return cmd
}
