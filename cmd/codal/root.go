package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/i18n"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// clock is where codal reads the time (today, for the response clock and a
// write's date): the one edge, which tests set.
var clock = time.Now

// run builds the command tree, runs it and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: clock, args: args}
	a.cfg, a.cfgErr = config.Load()
	lang, err := chooseLang(args, a.cfg.Lang)
	a.lang = lang
	if err != nil {
		return report(stderr, err, lang)
	}
	root := newRoot(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return report(stderr, translateCobra(root.Execute(), a), a.lang)
}

// chooseLang reads --lang from the arguments before the command tree is built
// (help texts depend on it), then CODAL_LANG, then the configuration. After
// "snippet add", --lang is the snippet's code language (issue 5's contract)
// and is left to that command.
func chooseLang(args []string, configured string) (i18n.Lang, error) {
	sawSnippet := false
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if arg == "snippet" {
			sawSnippet = true
		}
		if sawSnippet && arg == "add" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			return i18n.Parse(v)
		}
		if arg == "--lang" && i+1 < len(args) {
			return i18n.Parse(args[i+1])
		}
	}
	if v := os.Getenv("CODAL_LANG"); v != "" {
		return i18n.Parse(v)
	}
	if configured != "" {
		return i18n.Parse(configured)
	}
	return i18n.FR, nil
}

func newRoot(a *app) *cobra.Command {
	var langFlag string
	root := &cobra.Command{
		Use:   "codal",
		Short: a.tt("La boîte à outils CODAL de Grand Paris Seine Ouest", "The CODAL toolbox of Grand Paris Seine Ouest"),
		Long: a.tt(
			"codal parcourt et enrichit le registre partagé de CODAL : l'annuaire des acteurs du territoire, des extraits de code,\n"+
				"des schémas de données et les demandes de données des communes. Sans sous-commande, sur un terminal, codal ouvre\n"+
				"l'application plein écran. Sans registre configuré, codal installe et ouvre le registre de démonstration de GPSO.",
			"codal browses and extends CODAL's shared registry: the directory of the territory's actors, code snippets,\n"+
				"dataset schemas and the communes' data requests. With no subcommand, on a terminal, codal opens the full-screen\n"+
				"app. With no registry configured, codal installs and opens GPSO's demo registry."),
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runTUI != nil && isTerminal(a.stdout) {
				return runTUI(a)
			}
			return cmd.Help()
		},
	}
	root.PersistentFlags().StringVar(&a.registry, "registry", "", a.tt("dossier du registre (sinon $CODAL_REGISTRY, la configuration, ou le registre par défaut)", "registry folder (else $CODAL_REGISTRY, the configuration, or the default registry)"))
	root.PersistentFlags().BoolVar(&a.noIndex, "no-index", false, a.tt("lire tout le registre sans son index (aussi CODAL_NO_INDEX=1), pour déboguer", "read the whole registry without its index (also CODAL_NO_INDEX=1), for debugging"))
	root.PersistentFlags().StringVar(&langFlag, "lang", string(a.lang), a.tt("langue de l'interface : fr ou en", "interface language: fr or en"))
	root.SetVersionTemplate("codal {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return withCode(2, i18n.Wrap(err, i18n.T("%v (voir --help)", "%v (see --help)"), err))
	})
	called := calledCommand(a.args)
	for _, c := range commands {
		if called == "" || slices.Contains(c.names, called) {
			root.AddCommand(c.new(a))
		}
	}
	localize(root, a)
	return root
}

// commands lists the subcommand constructors; each command file adds itself
// in an init function, so wiring a new command is a one-file change.
var commands []command

// command is a subcommand's constructor and the names that call it: its
// name, then its aliases (TestCommandNamesAreTheirs checks them against
// the command built).
type command struct {
	names []string
	new   func(*app) *cobra.Command
}

// calledCommand is the subcommand args call by one of its names, when
// nothing else is asked of the command tree: then newRoot builds that
// command alone, not the seventeen others with their flags and help (a
// sixth of a short command's time in the process, by perf). Anything else
// gets the whole tree and "": help, completion, --version, a flag before
// the name other than the root's own --registry, --lang and --no-index,
// a name no command has (cobra suggests the nearest), or no name — and an
// app without arguments (codal man's, which walks the whole tree).
func calledCommand(args []string) string {
	for i := 0; i < len(args); i++ {
		switch arg := args[i]; {
		case arg == "--registry" || arg == "--lang":
			i++ // its value
		case strings.HasPrefix(arg, "--registry=") || strings.HasPrefix(arg, "--lang=") || arg == "--no-index":
		case strings.HasPrefix(arg, "-"):
			return ""
		default:
			for _, c := range commands {
				if slices.Contains(c.names, arg) {
					return arg
				}
			}
			return ""
		}
	}
	return ""
}

// runTUI opens the full-screen app; nil until the tui wiring registers it.
var runTUI func(*app) error

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// translateCobra gives cobra's own English errors a French sentence.
func translateCobra(err error, a *app) error {
	if err == nil || a.lang != i18n.FR {
		return err
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unknown command "):
		name := strings.TrimPrefix(msg, "unknown command ")
		name, _, _ = strings.Cut(name, " for ")
		return withCode(2, fmt.Errorf("commande inconnue %s : voir codal --help", name))
	case strings.HasPrefix(msg, "accepts ") || strings.HasPrefix(msg, "requires ") || strings.HasPrefix(msg, "unknown flag") || strings.HasPrefix(msg, "invalid argument"):
		return withCode(2, fmt.Errorf("arguments invalides (%s) : voir --help", msg))
	}
	return err
}
