package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
)

func init() { commands = append(commands, command{[]string{"man"}, newManCmd}) }

// newManCmd is `codal man DIR`, hidden: it writes the man pages of every
// command, in English (man pages usually are), for packages: codal.1 and
// one page per subcommand (codal-request-vote.1). The date is
// SOURCE_DATE_EPOCH's when set (reproducible packages), else today.
func newManCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  a.tt("Écrit les pages de manuel (en anglais) dans DIR, pour les paquets", "Write the man pages (in English) into DIR, for packages"),
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return i18n.Wrap(err, i18n.T("dossier %s impossible à créer : %v", "cannot create folder %s: %v"), args[0], err)
			}
			if err := writeManPages(a, args[0]); err != nil {
				return i18n.Wrap(err, i18n.T("pages de manuel impossibles à écrire dans %s : %v", "cannot write the man pages into %s: %v"), args[0], err)
			}
			say(a.stderr, a.t(i18n.T("Pages de manuel écrites dans %s", "Man pages written into %s"), args[0]))
			return nil
		},
	}
}

// writeManPages writes the English man pages of codal's command tree
// into dir.
func writeManPages(a *app, dir string) error {
	en := &app{lang: i18n.EN, cfg: a.cfg, cfgErr: a.cfgErr, stdin: a.stdin, stdout: a.stdout, stderr: a.stderr, now: a.now}
	root := newRoot(en)
	noAutoGenTag(root)
	date, err := manDate(time.Now())
	if err != nil {
		return err
	}
	return writeManTree(root, dir, manHeader{title: "CODAL", section: "1", date: date, source: "codal " + versionString(), manual: "codal manual"})
}

// noAutoGenTag drops cobra's "auto generated" footer, which carries a date.
func noAutoGenTag(c *cobra.Command) {
	c.DisableAutoGenTag = true
	for _, sub := range c.Commands() {
		noAutoGenTag(sub)
	}
}
