package news

import (
	"fmt"
	"io"
	"strings"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/requests"
)

// Names gives an actor's name from its id ("" or the id itself when
// unknown); nil shows ids.
type Names func(id string) string

func (n Names) of(id string) string {
	if n == nil || id == "" {
		return id
	}
	if s := n(id); s != "" {
		return s
	}
	return id
}

// Sentence says what an item is, in one line, in lang, registry text
// cleaned of control characters.
func Sentence(it Item, lang i18n.Lang, names Names) string {
	who := names.of(it.Actor)
	if who == "" {
		who = it.Author
	}
	title := it.Title
	if title == "" {
		title = it.Entry
	}
	title = fact.Truncate(title, 80)
	var s string
	switch it.Kind {
	case RequestFiled:
		s = i18n.T("nouvelle demande « %s », déposée par %s", "new request “%s”, filed by %s").In(lang, title, who)
	case SupportGained:
		s = i18n.T("%s soutient « %s » (%s)", "%s supports “%s” (%s)").In(lang, who, title, requests.Need(it.Need).Label(lang))
	case SupportWithdrawn:
		s = i18n.T("%s retire son soutien à « %s »", "%s withdraws its support for “%s”").In(lang, who, title)
	case StatusChanged:
		s = i18n.T("%s passe « %s » au statut %s", "%s sets “%s” to %s").In(lang, who, title, requests.Status(it.Status).Label(lang))
	case Transferred:
		s = i18n.T("%s transmet « %s » à %s", "%s transfers “%s” to %s").In(lang, who, title, names.of(it.To))
	case Commented:
		s = i18n.T("%s commente « %s »", "%s comments on “%s”").In(lang, who, title)
	case EntryAdded:
		s = i18n.T("ajout : %s « %s »", "added: %s “%s”").In(lang, kindNoun(it.Entry, lang), title)
	case EntryChanged:
		s = i18n.T("modification : %s « %s »", "changed: %s “%s”").In(lang, kindNoun(it.Entry, lang), title)
	case EntryRemoved:
		s = i18n.T("suppression : %s « %s »", "removed: %s “%s”").In(lang, kindNoun(it.Entry, lang), title)
	default:
		s = string(it.Kind) + " " + title
	}
	if it.Text != "" {
		s += i18n.T(" : ", ": ").In(lang) + fact.Truncate(it.Text, 120)
	}
	return fact.CleanLine(s)
}

func kindNoun(entry string, lang i18n.Lang) string {
	kind, _, _ := strings.Cut(entry, "/")
	switch kind {
	case "actors":
		return i18n.T("acteur", "actor").In(lang)
	case "snippets":
		return i18n.T("extrait de code", "code snippet").In(lang)
	case "schemas":
		return i18n.T("schéma", "schema").In(lang)
	}
	return i18n.T("demande", "request").In(lang)
}

// WriteText prints items one a line: date (UTC), entry, sentence.
// Everything from the registry is cleaned of control characters.
func WriteText(w io.Writer, items []Item, lang i18n.Lang, names Names) error {
	for _, it := range items {
		if _, err := fmt.Fprintf(w, "%s  %-32s  %s\n", it.Date.UTC().Format("2006-01-02 15:04"), fact.CleanLine(it.Entry), Sentence(it, lang, names)); err != nil {
			return err
		}
	}
	return nil
}
