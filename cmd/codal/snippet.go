package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func init() { commands = append(commands, command{[]string{"snippet"}, newSnippetCmd}) }

func newSnippetCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "snippet",
		Short: a.tt("Ajoute des extraits de code au registre", "Add code snippets to the registry"),
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSnippetAddCmd(a))
	return cmd
}

func newSnippetAddCmd(a *app) *cobra.Command {
	var ns catalogue.NewSnippet
	cmd := &cobra.Command{
		Use:   "add FILE... --title TITRE",
		Short: a.tt("Ajoute un extrait de code (à proposer ensuite avec codal share)", "Add a code snippet (to propose afterwards with codal share)"),
		Long: a.tt(
			"Crée snippets/<id>/ dans le registre : snippet.yaml et une copie de chaque fichier, à l'identique.\n"+
				"L'identifiant vient du titre. Le langage est deviné d'après l'extension du premier fichier, sauf\n"+
				"--lang (ou --language) ; ici, --lang désigne le langage du code, pas celui de l'interface (CODAL_LANG).\n"+
				"L'auteur est --author, sinon votre organisation\n"+
				"(CODAL_ACTOR ou « actor: » dans la configuration). Les fichiers doivent être du texte de 256 Kio au plus.\n"+
				"L'extrait est vérifié, puis enregistré sur la branche locale codal/snippet-<id> (main ne bouge pas).\n"+
				"Affiche l'identifiant. Pour le proposer au registre partagé : codal share snippets/<id>.",
			"Creates snippets/<id>/ in the registry: snippet.yaml and a byte-for-byte copy of each file. The id comes\n"+
				"from the title. The language is guessed from the first file's extension, unless --lang (or --language);\n"+
				"here --lang names the code's language, not the interface's (CODAL_LANG). The author is --author, else your\n"+
				"organisation (CODAL_ACTOR or \"actor:\" in the\n"+
				"configuration). Files must be text of 256 KiB at most. The snippet is checked, then committed on the local\n"+
				"branch codal/snippet-<id> (main does not move). Prints the id. To propose it to the shared registry:\n"+
				"codal share snippets/<id>."),
		Example: "  codal snippet add lambert93.py --title \"Lambert-93 vers WGS84\" --tag sig --tag projection\n" +
			"  codal snippet add requete.sql schema.sql --title \"Équipements par commune\" --author issy-les-moulineaux",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := catalogue.ReadCodeFiles(args)
			if err != nil {
				return err
			}
			ns.Files = files
			r, err := a.open()
			if err != nil {
				return err
			}
			id, err := a.writer(r)
			if err != nil {
				return err
			}
			if ns.Author == "" {
				ns.Author = id.Actor
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			sid, err := r.AddSnippet(ctx, ns, id, a.now())
			if err != nil {
				return err
			}
			say(a.stdout, sid)
			say(a.stderr, a.t(i18n.T(
				"Extrait ajouté dans snippets/%s/ et enregistré sur la branche locale %s. Pour le proposer : codal share snippets/%[1]s",
				"Snippet added in snippets/%s/ and committed on the local branch %s. To propose it: codal share snippets/%[1]s"),
				sid, catalogue.ShareBranch(catalogue.Snippets, sid)))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&ns.Title, "title", "t", "", a.tt("titre de l'extrait (obligatoire)", "the snippet's title (required)"))
	f.StringVarP(&ns.Language, "language", "l", "", a.tt("langage du code (sinon deviné d'après l'extension)", "the code's language (else guessed from the extension)"))
	// --lang, as issue 5 spells it, is the code's language here: it shadows
	// the global interface-language flag for this command only.
	f.StringVar(&ns.Language, "lang", "", a.tt("langage du code, comme --language", "the code's language, as --language"))
	f.StringArrayVar(&ns.Tags, "tag", nil, a.tt("mot-clé (répétable)", "tag (repeatable)"))
	f.StringVarP(&ns.Description, "description", "d", "", a.tt("description (Markdown)", "description (Markdown)"))
	f.StringVar(&ns.Author, "author", "", a.tt("auteur : identifiant d'un acteur de l'annuaire", "author: id of an actor of the directory"))
	f.StringVar(&ns.License, "license", catalogue.DefaultLicense, a.tt("licence : identifiant SPDX ou etalab-2.0", "license: SPDX id or etalab-2.0"))
	return cmd
}
