package main

import (
	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
)

// usageFR is cobra's usage template with French headings.
const usageFR = `Utilisation :{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [commande]{{end}}{{if gt (len .Aliases) 0}}

Alias :
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Exemples :
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commandes :{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Options :
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Options globales :
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Autres rubriques :{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

« {{.CommandPath}} [commande] --help » décrit chaque commande.{{end}}
`

// localize puts cobra's built-in texts in the app's language.
func localize(root *cobra.Command, a *app) {
	root.InitDefaultVersionFlag()
	root.Flags().Lookup("version").Usage = a.tt("affiche la version de codal", "show codal's version")
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Flags().Lookup("help").Usage = a.tt("affiche cette aide", "show this help")
		switch c.Name() {
		case "help":
			c.Short = a.tt("Aide sur une commande", "Help about any command")
		case "completion":
			c.Short = a.tt("Script de complétion pour votre shell (bash, zsh, fish, powershell)", "Generate the autocompletion script for your shell")
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if a.lang == i18n.FR {
		root.SetUsageTemplate(usageFR)
	}
}
