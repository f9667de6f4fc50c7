package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
)

// keyMap is the one keymap of the app. Every binding the app reacts to is
// here, so the full help (?) is generated from it and can never drift from
// what the keys do. A tab's own actions are bindings of this struct too; the
// tab lists them in its Keys method so that they show in the help only where
// they apply.
type keyMap struct {
	// Global.
	Quit key.Binding
	// Interrupt quits from anywhere, even while typing or in a dialog.
	Interrupt key.Binding
	Help      key.Binding
	Problems  key.Binding
	NextTab   key.Binding
	PrevTab   key.Binding
	GoTab     key.Binding // 1–6
	// tabs are GoTab's keys one by one: tabs[i] goes to tab i.
	tabs    []key.Binding
	Back    key.Binding
	Reload  key.Binding
	Propose key.Binding // the selected entry, on every tab
	// SwitchRegistry picks another configured registry (R).
	SwitchRegistry key.Binding
	News           key.Binding // the news view, on every tab
	// Coverage is the coverage view (C, every tab); CellLeft and
	// CellRight move across its columns.
	Coverage  key.Binding
	CellLeft  key.Binding
	CellRight key.Binding

	// Lists and details.
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Open     key.Binding
	Filter   key.Binding

	// While typing a filter (every other key is text).
	FilterApply key.Binding
	FilterClear key.Binding
	FilterUp    key.Binding
	FilterDown  key.Binding

	// Schémas.
	Validate key.Binding
	// Extraits de code (with Copy below).
	AddSnippet key.Binding

	// Formations and Astuces: open the video or the first link outside
	// the terminal.
	OpenLink key.Binding
	// AddEntry adds a training or a tip (Formations, Astuces).
	AddEntry key.Binding

	// Dialogs: the file field's suggestions, confirm, cancel, close.
	PickUp   key.Binding
	PickDown key.Binding
	Complete key.Binding
	Confirm  key.Binding
	Cancel   key.Binding
	Close    key.Binding

	// Extraits de code.
	Copy key.Binding

	// Demandes.
	NewRequest key.Binding
	Support    key.Binding
	Withdraw   key.Binding
	SetStatus  key.Binding
	Transfer   key.Binding
	Comment    key.Binding
}

// newKeyMap builds the keymap with help texts in the interface language.
func newKeyMap(l i18n.Lang) keyMap {
	t := func(fr, en string) string { return i18n.T(fr, en).In(l) }
	return keyMap{
		Quit:           key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", t("quitter", "quit"))),
		Interrupt:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("quitter", "quit"))),
		Help:           key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t("aide", "help"))),
		Problems:       key.NewBinding(key.WithKeys("!"), key.WithHelp("!", t("problèmes", "problems"))),
		NextTab:        key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("onglet suivant", "next tab"))),
		PrevTab:        key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t("onglet précédent", "previous tab"))),
		GoTab:          key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1–6", t("aller à l'onglet", "go to tab"))),
		Back:           key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("retour", "back"))),
		Reload:         key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", t("relire le registre", "reload the registry"))),
		Propose:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("proposer", "propose"))),
		SwitchRegistry: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", t("changer de registre", "switch registry"))),
		News:           key.NewBinding(key.WithKeys("N"), key.WithHelp("N", t("nouveautés", "what's new"))),
		Coverage:       key.NewBinding(key.WithKeys("C"), key.WithHelp("C", t("couverture", "coverage"))),
		CellLeft:       key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", t("colonne précédente", "previous column"))),
		CellRight:      key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", t("colonne suivante", "next column"))),

		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", t("monter", "up"))),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", t("descendre", "down"))),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", t("début", "top"))),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", t("fin", "bottom"))),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", t("page précédente", "page up"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d", "space"), key.WithHelp("pgdn", t("page suivante", "page down"))),
		Open:     key.NewBinding(key.WithKeys("enter", "l", "right"), key.WithHelp(t("entrée", "enter"), t("ouvrir", "open"))),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", t("filtrer", "filter"))),

		FilterApply: key.NewBinding(key.WithKeys("enter"), key.WithHelp(t("entrée", "enter"), t("garder le filtre", "keep the filter"))),
		FilterClear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("effacer le filtre", "clear the filter"))),
		FilterUp:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", t("monter", "up"))),
		FilterDown:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", t("descendre", "down"))),

		Validate:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", t("vérifier un CSV", "check a CSV"))),
		AddSnippet: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("ajouter", "add"))),

		OpenLink: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t("ouvrir le lien", "open the link"))),
		AddEntry: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("ajouter", "add"))),

		PickUp:   key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", t("monter", "up"))),
		PickDown: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", t("descendre", "down"))),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("compléter", "complete"))),
		Confirm:  key.NewBinding(key.WithKeys("enter"), key.WithHelp(t("entrée", "enter"), t("valider", "confirm"))),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("annuler", "cancel"))),
		Close:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("fermer", "close"))),

		Copy: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", t("copier le code", "copy code"))),

		NewRequest: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("déposer", "file"))),
		Support:    key.NewBinding(key.WithKeys("+"), key.WithHelp("+", t("soutenir", "support"))),
		Withdraw:   key.NewBinding(key.WithKeys("-"), key.WithHelp("-", t("retirer", "withdraw"))),
		SetStatus:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t("statut", "status"))),
		Transfer:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t("transférer", "transfer"))),
		Comment:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("commenter", "comment"))),
	}
}

// tabIndex is the tab a GoTab key goes to: the key's place in GoTab.
func (k *keyMap) tabIndex(msg tea.KeyPressMsg) (int, bool) {
	for i, name := range k.GoTab.Keys() {
		if key.Matches(msg, key.NewBinding(key.WithKeys(name))) {
			return i, true
		}
	}
	return 0, false
}

// helpKeys is what the help bubble renders: the short line and the full
// page, for the current context.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
