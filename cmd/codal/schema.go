package main

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

func init() { commands = append(commands, command{[]string{"schema"}, newSchemaCmd}) }

func newSchemaCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: a.tt("Utilise les schémas de données du registre", "Use the registry's dataset schemas"),
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSchemaValidateCmd(a))
	return cmd
}

func newSchemaValidateCmd(a *app) *cobra.Command {
	var asJSON bool
	var maxErrors int
	var encoding, delimiter, format, output string
	cmd := &cobra.Command{
		Use:   "validate SCHEMA-ID FILE.csv",
		Short: a.tt("Vérifie un fichier CSV avec un schéma du registre", "Check a CSV file against a schema of the registry"),
		Long: a.tt(
			"Vérifie un fichier CSV avec un schéma de données du registre (Table Schema), hors ligne, comme Validata :\n"+
				"colonnes, types, formats de date, contraintes (obligatoire, unique, valeurs permises, motif, longueurs, bornes),\n"+
				"clé primaire. Encodage (UTF-8 avec ou sans BOM, Windows-1252…) et séparateur (« , » « ; » tabulation) sont\n"+
				"détectés. Les lignes sont numérotées en comptant l'en-tête comme ligne 1. FILE « - » lit l'entrée standard.\n"+
				"Code de sortie 0 si le fichier est valide, 1 s'il a des erreurs, 2 si la vérification n'a pas pu se faire\n"+
				"(schéma inconnu, fichier illisible).\n"+
				"--format md ou html écrit un rapport à envoyer au producteur du fichier (résumé, erreurs groupées par type) ;\n"+
				"-o l'écrit dans un fichier, remplacé d'un coup. Voir docs/schema-validation.md.",
			"Checks a CSV file against a dataset schema of the registry (Table Schema), offline, as Validata does: columns,\n"+
				"types, date formats, constraints (required, unique, allowed values, pattern, lengths, bounds), primary key.\n"+
				"The encoding (UTF-8 with or without BOM, Windows-1252…) and the separator (\",\" \";\" tab) are detected.\n"+
				"Rows are numbered counting the header as row 1. FILE \"-\" reads standard input. Exit code 0 when the file\n"+
				"is valid, 1 when it has errors, 2 when the check could not run (unknown schema, unreadable file).\n"+
				"--format md or html writes a report to send to the file's producer (summary, errors grouped by type);\n"+
				"-o writes it to a file, replaced in one step. See docs/schema-validation.md."),
		Example: "  codal schema validate scdl-subventions subventions-2024.csv\n" +
			"  codal schema validate scdl-budget budget.csv --encoding windows-1252 --delimiter ';'\n" +
			"  codal schema validate scdl-equipements equipements.csv --json --max-errors 50\n" +
			"  codal schema validate scdl-subventions subventions-2024.csv --format html -o rapport.html",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := schemas.Options{Encoding: encoding, MaxErrors: maxErrors}
			if maxErrors == 0 {
				opts.MaxErrors = -1
			} else if maxErrors < 0 {
				return withCode(2, i18n.Errorf(i18n.T("--max-errors doit être positif (0 : pas de limite)", "--max-errors must be positive (0: no limit)")))
			}
			if delimiter != "" {
				d, err := parseDelimiter(delimiter)
				if err != nil {
					return withCode(2, err)
				}
				opts.Delimiter = d
			}
			f, err := validateFormat(format, cmd.Flags().Changed("format"), asJSON)
			if err != nil {
				return withCode(2, err)
			}
			if output != "" {
				if err := checkOutput(output); err != nil {
					return err
				}
			}
			return a.validateCSV(args[0], args[1], opts, f, output)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, a.tt("sortie JSON, pour les scripts (comme --format json)", "JSON output, for scripts (as --format json)"))
	cmd.Flags().StringVar(&format, "format", "text", a.tt("format : text, json, md ou html (rapport pour le producteur du fichier)", "format: text, json, md or html (a report for the file's producer)"))
	cmd.Flags().StringVarP(&output, "output", "o", "", a.tt("fichier où écrire le rapport, remplacé d'un coup (sinon la sortie standard)", "file to write the report to, replaced in one step (else standard output)"))
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(validateFormats, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().IntVar(&maxErrors, "max-errors", schemas.DefaultMaxErrors, a.tt("nombre d'erreurs affichées au plus (0 : toutes) ; les autres sont comptées", "most errors shown (0: all); the others are counted"))
	cmd.Flags().StringVar(&encoding, "encoding", "", a.tt("encodage du fichier (utf-8, windows-1252, latin-1…) ; détecté sinon", "file encoding (utf-8, windows-1252, latin-1…); detected otherwise"))
	cmd.Flags().StringVar(&delimiter, "delimiter", "", a.tt("séparateur : « , », « ; », « \\t » (tabulation)… ; détecté sinon", "separator: \",\", \";\", \"\\t\" (tab)…; detected otherwise"))
	cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 1 {
			return []string{"csv", "tsv", "txt"}, cobra.ShellCompDirectiveFilterFileExt
		}
		if len(args) > 1 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		_, c, err := a.load()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		ids := make([]string, 0, len(c.Schemas))
		for _, s := range c.Schemas {
			ids = append(ids, s.ID)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}

// parseDelimiter reads --delimiter: one character, or "\t" / "tab".
func parseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case `\t`, "tab", "tabulation":
		return '\t', nil
	}
	r, size := utf8.DecodeRuneInString(s)
	if size != len(s) || r == utf8.RuneError || r == '"' || r == '\n' || r == '\r' {
		return 0, i18n.Errorf(i18n.T("séparateur invalide %q : un seul caractère, par exemple « , », « ; » ou « \\t »",
			"invalid delimiter %q: a single character, e.g. \",\", \";\" or \"\\t\""), s)
	}
	return r, nil
}

// validateFormats are the formats of codal schema validate.
var validateFormats = []string{"text", "json", "md", "html"}

// validateFormat reads --format and --json (its alias): the format, or an
// error when it is unknown or contradicts --json.
func validateFormat(format string, set, asJSON bool) (string, error) {
	known := false
	for _, f := range validateFormats {
		known = known || f == format
	}
	switch {
	case !known:
		return "", i18n.Errorf(i18n.T("format inconnu %q : text, json, md ou html", "unknown format %q: text, json, md or html"), format)
	case asJSON && set && format != "json":
		return "", i18n.Errorf(i18n.T("--json et --format %s se contredisent : --json est --format json ; gardez-en un", "--json and --format %s contradict each other: --json is --format json; keep one"), format)
	case asJSON:
		return "json", nil
	}
	return format, nil
}

// validateCSV checks file against the schema id and writes the report in
// the format (text, json, md, html) to standard output, or to output in one
// step when it is not "". Text, Markdown and HTML also print the summary
// line on standard error.
func (a *app) validateCSV(id, file string, opts schemas.Options, format, output string) error {
	_, c, err := a.load()
	if err != nil {
		return withCode(2, err)
	}
	s := c.Schema(id)
	if s == nil {
		ids := make([]string, 0, len(c.Schemas))
		for _, x := range c.Schemas {
			ids = append(ids, x.ID)
		}
		sort.Strings(ids)
		if len(ids) == 0 {
			return withCode(2, i18n.Errorf(i18n.T("schéma inconnu %q : le registre n'a aucun schéma", "unknown schema %q: the registry has no schema"), id))
		}
		return withCode(2, i18n.Errorf(i18n.T("schéma inconnu %q : schémas du registre : %s", "unknown schema %q: the registry's schemas are %s"), id, strings.Join(ids, ", ")))
	}
	var rep *schemas.Report
	name := file
	clearProgress := a.validationProgress(&opts, format == "json")
	if file == "-" {
		name = a.tt("l'entrée standard", "standard input")
		rep, err = schemas.CheckReader(s, a.stdin, name, opts)
	} else {
		rep, err = schemas.CheckFile(s, file, opts, nil)
	}
	clearProgress()
	if err != nil {
		return withCode(2, err)
	}
	var b bytes.Buffer
	info := schemas.DocInfo{File: name, SchemaTitle: s.Title, Lang: a.lang}
	if file != "-" {
		info.File = filepath.Base(file)
	}
	switch format {
	case "json":
		err = writeJSON(&b, rep.JSON(a.lang))
	case "md":
		err = rep.Markdown(&b, info)
	case "html":
		err = rep.HTML(&b, info)
	default:
		if len(rep.Errors) > 0 {
			t := newTable(&b, schemas.TableHeader(a.lang)...)
			for _, row := range rep.Table(a.lang) {
				t.row(row...)
			}
			err = t.flush()
		}
	}
	if err != nil {
		return withCode(2, err)
	}
	if output != "" {
		err = writeFileAtomic(output, b.Bytes())
	} else {
		_, err = a.stdout.Write(b.Bytes())
	}
	if err != nil {
		return withCode(2, err)
	}
	if format != "json" {
		say(a.stderr, name+a.tt(" : ", ": ")+rep.Summary(a.lang))
	}
	if !rep.Valid() {
		return silentExit(1)
	}
	return nil
}
