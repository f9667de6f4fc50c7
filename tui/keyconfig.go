package tui

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"

	"github.com/gpso/codal/i18n"
)

// action is one remappable binding: its name in the configuration's
// `keys:` (snake_case of the keymap's field) and the groups of actions it
// must not share a key with (the keys that are live at the same time).
type action struct {
	name   string
	b      *key.Binding
	groups []string
}

// Groups of actions live at the same time: everywhere in a tab ("main"),
// one tab's own actions ("tab:…", checked with main), the filter field,
// dialogs.
const (
	grMain   = "main"
	grFilter = "filter"
	grDialog = "dialog"
)

// actions lists every remappable binding of the keymap. docs/tui.md lists
// the same names (TestKeyActionsAreDocumented); a new binding is added here
// too (TestEveryBindingIsAnAction).
func (k *keyMap) actions() []action {
	return []action{
		{"quit", &k.Quit, []string{grMain}},
		{"help", &k.Help, []string{grMain}},
		{"problems", &k.Problems, []string{grMain}},
		{"next_tab", &k.NextTab, []string{grMain}},
		{"prev_tab", &k.PrevTab, []string{grMain}},
		{"go_tab", &k.GoTab, []string{grMain}},
		{"back", &k.Back, []string{grMain}},
		{"reload", &k.Reload, []string{grMain}},
		{"propose", &k.Propose, []string{grMain}},
		{"switch_registry", &k.SwitchRegistry, []string{grMain}},
		{"news", &k.News, []string{grMain}},
		{"coverage", &k.Coverage, []string{grMain}},
		{"cell_left", &k.CellLeft, []string{"coverage"}},
		{"cell_right", &k.CellRight, []string{"coverage"}},
		{"up", &k.Up, []string{grMain}},
		{"down", &k.Down, []string{grMain}},
		{"top", &k.Top, []string{grMain}},
		{"bottom", &k.Bottom, []string{grMain}},
		{"page_up", &k.PageUp, []string{grMain}},
		{"page_down", &k.PageDown, []string{grMain}},
		{"open", &k.Open, []string{grMain}},
		{"filter", &k.Filter, []string{grMain}},
		{"filter_apply", &k.FilterApply, []string{grFilter}},
		{"filter_clear", &k.FilterClear, []string{grFilter}},
		{"filter_up", &k.FilterUp, []string{grFilter}},
		{"filter_down", &k.FilterDown, []string{grFilter}},
		{"validate", &k.Validate, []string{"tab:schemas"}},
		{"add_snippet", &k.AddSnippet, []string{"tab:snippets"}},
		{"open_link", &k.OpenLink, []string{"tab:trainings", "tab:tips"}},
		{"add_entry", &k.AddEntry, []string{"tab:trainings", "tab:tips"}},
		{"copy", &k.Copy, []string{"tab:snippets"}},
		{"pick_up", &k.PickUp, []string{grDialog}},
		{"pick_down", &k.PickDown, []string{grDialog}},
		{"complete", &k.Complete, []string{grDialog}},
		{"confirm", &k.Confirm, []string{grDialog}},
		{"cancel", &k.Cancel, []string{grDialog}},
		// close and cancel are esc in different dialogs: close is alone.
		{"close", &k.Close, []string{"close"}},
		{"new_request", &k.NewRequest, []string{"tab:requests"}},
		{"support", &k.Support, []string{"tab:requests"}},
		{"withdraw", &k.Withdraw, []string{"tab:requests"}},
		{"set_status", &k.SetStatus, []string{"tab:requests"}},
		{"transfer", &k.Transfer, []string{"tab:requests"}},
		{"comment", &k.Comment, []string{"tab:requests"}},
	}
}

// ErrKeys is the error of a `keys:` configuration codal cannot use: an
// unknown action or key, or two actions on one key.
var ErrKeys = errors.New("tui: bad key configuration")

// ApplyKeys rebinds the actions the configuration's `keys:` names (action →
// keys) and checks the result: every action known, every key a key, and no
// two actions live at the same time on one key. ctrl+c always quits. The
// help (?) shows the keys as configured.
func (k *keyMap) ApplyKeys(custom map[string][]string, l i18n.Lang) error {
	acts := k.actions()
	byName := map[string]*action{}
	for i := range acts {
		byName[acts[i].name] = &acts[i]
	}
	names := make([]string, 0, len(custom))
	for n := range custom {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := byName[n]
		if a == nil {
			return i18n.Wrap(ErrKeys, i18n.T("keys: action inconnue %q (les actions sont listées dans docs/tui.md)",
				"keys: unknown action %q (docs/tui.md lists the actions)"), n)
		}
		ks := custom[n]
		if len(ks) == 0 {
			return i18n.Wrap(ErrKeys, i18n.T("keys: l'action %q n'a aucune touche", "keys: action %q has no key"), n)
		}
		for _, s := range ks {
			if !validKey(s) {
				return i18n.Wrap(ErrKeys, i18n.T("keys: touche inconnue %q pour l'action %q (par exemple x, X, ctrl+x, alt+x, enter, esc, tab, space, up, pgdown, f5)",
					"keys: unknown key %q for action %q (for instance x, X, ctrl+x, alt+x, enter, esc, tab, space, up, pgdown, f5)"), s, n)
			}
			if s == "ctrl+c" && n != "quit" {
				return i18n.Wrap(ErrKeys, i18n.T("keys: ctrl+c quitte toujours, elle ne peut pas servir à %q", "keys: ctrl+c always quits, it cannot serve %q"), n)
			}
		}
		h := a.b.Help()
		a.b.SetKeys(ks...)
		a.b.SetHelp(strings.Join(ks, "/"), h.Desc)
	}
	return checkClashes(acts)
}

// checkClashes refuses one key on two actions that are live together: two
// of one group, or a tab's action and one of main.
func checkClashes(acts []action) error {
	type owner struct{ action, group string }
	seen := map[string]owner{} // group + key → the first action
	clash := func(a, b, k string) error {
		if a > b {
			a, b = b, a
		}
		return i18n.Wrap(ErrKeys, i18n.T("keys: les actions %q et %q ont toutes deux la touche %q", "keys: actions %q and %q both have key %q"), a, b, k)
	}
	for _, a := range acts {
		for _, g := range a.groups {
			for _, k := range a.b.Keys() {
				if o, ok := seen[g+"\x00"+k]; ok && o.action != a.name {
					return clash(o.action, a.name, k)
				}
				seen[g+"\x00"+k] = owner{a.name, g}
			}
		}
	}
	for _, a := range acts {
		for _, g := range a.groups {
			if !strings.HasPrefix(g, "tab:") {
				continue
			}
			for _, k := range a.b.Keys() {
				if o, ok := seen[grMain+"\x00"+k]; ok {
					return clash(o.action, a.name, k)
				}
			}
		}
	}
	return nil
}

var namedKeys = []string{"enter", "esc", "tab", "space", "backspace", "delete", "insert", "up", "down", "left", "right",
	"home", "end", "pgup", "pgdown", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"}

// validKey reports whether s names a key as the app reads it: one printable
// character, or a named key, each after any of ctrl+, alt+, shift+.
func validKey(s string) bool {
	for _, mod := range []string{"ctrl+", "alt+", "shift+"} {
		for strings.HasPrefix(s, mod) && len(s) > len(mod) {
			s = s[len(mod):]
		}
	}
	if slices.Contains(namedKeys, s) {
		return true
	}
	r, size := utf8.DecodeRuneInString(s)
	return size == len(s) && r != utf8.RuneError && r > ' ' && r != 0x7f && !(r >= 0x80 && r < 0xa0)
}

// CheckKeys checks a `keys:` configuration against the keymap (ApplyKeys)
// without starting the app: the caller stops with its sentence.
func CheckKeys(custom map[string][]string, l i18n.Lang) error {
	k := newKeyMap(l)
	return k.ApplyKeys(custom, l)
}
