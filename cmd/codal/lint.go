package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
)

func init() { commands = append(commands, command{[]string{"lint"}, newLintCmd}) }

func newLintCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "lint [DIR]",
		Short: a.tt("Vérifie tous les fichiers d'un registre", "Check every file of a registry"),
		Long: a.tt(
			"Vérifie chaque fichier du registre (syntaxe, champs, identifiants, références entre entrées, codes INSEE et\n"+
				"SIREN, dates, schémas de données, liens symboliques) et affiche chaque problème sous la forme\n"+
				"chemin:ligne:colonne: CODE message. Code de sortie 1 s'il y a au moins une erreur, 0 s'il n'y a que des\n"+
				"avertissements, 2 si la vérification n'a pas pu se faire. Sans DIR : --registry, sinon le dossier courant\n"+
				"s'il contient registry.yaml, sinon le registre configuré. Les codes sont décrits dans docs/lint.md.",
			"Checks every file of the registry (syntax, fields, ids, references between entries, INSEE and SIREN codes,\n"+
				"dates, dataset schemas, symbolic links) and prints each problem as path:line:col: CODE message. Exit code 1\n"+
				"when there is at least one error, 0 with warnings only, 2 when the check could not run. Without DIR:\n"+
				"--registry, else the current folder if it holds registry.yaml, else the configured registry. The codes are\n"+
				"described in docs/lint.md."),
		Example: "  codal lint\n  codal lint ./registre --format github",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" && format != "github" {
				return withCode(2, i18n.Errorf(i18n.T("format inconnu %q : text, json ou github", "unknown format %q: text, json or github"), format))
			}
			var r *registry.Registry
			var err error
			switch {
			case len(args) == 1:
				r, err = registry.Open(args[0])
			case a.registry == "" && os.Getenv("CODAL_REGISTRY") == "" && fileExists(catalogue.MetaFile):
				r, err = registry.Open(".")
			default:
				r, err = a.open()
			}
			if err != nil {
				return withCode(2, err)
			}
			c, err := r.Load()
			if err != nil {
				return withCode(2, err)
			}
			return a.printProblems(c.Problems, format, r.Dir())
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", a.tt("format de sortie : text, json ou github (annotations GitHub Actions)", "output format: text, json or github (GitHub Actions annotations)"))
	return cmd
}

type problemJSON struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func (a *app) printProblems(ps []fact.Problem, format, dir string) error {
	errs, warns := 0, 0
	for _, p := range ps {
		if p.Severity == fact.Error {
			errs++
		} else {
			warns++
		}
	}
	switch format {
	case "json":
		out := make([]problemJSON, 0, len(ps))
		for _, p := range ps {
			out = append(out, problemJSON{p.Path, max(p.Line, 1), max(p.Col, 1), p.Code, p.Severity.String(), p.Message(a.lang)})
		}
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
	case "github":
		for _, p := range ps {
			level := "error"
			if p.Severity == fact.Warning {
				level = "warning"
			}
			fmt.Fprintf(a.stdout, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level, ghEscapeProp(p.Path), max(p.Line, 1), max(p.Col, 1), ghEscapeProp(p.Code), ghEscapeData(p.Message(a.lang)))
		}
	default:
		for _, p := range ps {
			say(a.stdout, p.Format(a.lang))
		}
	}
	rel := dir
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	if errs == 0 && warns == 0 {
		say(a.stderr, a.t(i18n.T("%s : aucun problème.", "%s: no problems."), rel))
	} else {
		say(a.stderr, a.t(i18n.T("%s : %d erreur(s), %d avertissement(s).", "%s: %d error(s), %d warning(s)."), rel, errs, warns))
	}
	if errs > 0 {
		return silentExit(1)
	}
	return nil
}

// ghEscapeData escapes a GitHub Actions workflow command message. The
// message is cleaned to one line first: GitHub's log viewer renders ANSI
// escape sequences, and a newline would end the command (the escapes of the
// workflow-command syntax stay for what cleaning keeps).
func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(fact.CleanLine(s))
}

// ghEscapeProp escapes a workflow command property value, cleaned to one
// line first as ghEscapeData does.
func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(fact.CleanLine(s))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
