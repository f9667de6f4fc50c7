package tui

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
)

func TestDefaultKeymapHasNoClash(t *testing.T) {
	k := newKeyMap(i18n.FR)
	if err := checkClashes(k.actions()); err != nil {
		t.Fatal(err)
	}
}

// Every binding of the keymap but Interrupt (ctrl+c, always) is an action
// the configuration can rebind.
func TestEveryBindingIsAnAction(t *testing.T) {
	k := newKeyMap(i18n.FR)
	known := map[*key.Binding]bool{}
	for _, a := range k.actions() {
		known[a.b] = true
	}
	v := reflect.ValueOf(&k).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Type != reflect.TypeOf(key.Binding{}) || f.Name == "Interrupt" {
			continue
		}
		if !known[v.Field(i).Addr().Interface().(*key.Binding)] {
			t.Errorf("keyMap.%s is not in actions(): it cannot be rebound", f.Name)
		}
	}
}

func TestKeyActionsAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/tui.md")
	if err != nil {
		t.Fatal(err)
	}
	k := newKeyMap(i18n.FR)
	for _, a := range k.actions() {
		if !strings.Contains(string(doc), "`"+a.name+"`") {
			t.Errorf("docs/tui.md does not list the action %q", a.name)
		}
	}
}

func TestKeyConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		keys map[string][]string
		want string
	}{
		{map[string][]string{"soutenir": {"S"}}, `keys: action inconnue "soutenir" (les actions sont listées dans docs/tui.md)`},
		{map[string][]string{"support": {"ctrl+plouf"}}, `keys: touche inconnue "ctrl+plouf" pour l'action "support" (par exemple x, X, ctrl+x, alt+x, enter, esc, tab, space, up, pgdown, f5)`},
		{map[string][]string{"help": {"q"}}, `keys: les actions "help" et "quit" ont toutes deux la touche "q"`},
		{map[string][]string{"support": {"/"}}, `keys: les actions "filter" et "support" ont toutes deux la touche "/"`},
		{map[string][]string{"reload": {"ctrl+c"}}, `keys: ctrl+c quitte toujours, elle ne peut pas servir à "reload"`},
		{map[string][]string{"copy": {}}, `keys: l'action "copy" n'a aucune touche`},
	} {
		err := CheckKeys(tc.keys, i18n.FR)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%v:\n got %v\nwant %s", tc.keys, err, tc.want)
		}
	}
	// Different tabs may share a key; so may the filter field and a list.
	if err := CheckKeys(map[string][]string{"support": {"v"}, "filter_apply": {"ctrl+s"}, "quit": {"Q"}}, i18n.FR); err != nil {
		t.Errorf("valid remapping refused: %v", err)
	}
}

func TestRemappedKeysWorkAndShowInHelp(t *testing.T) {
	hs := newStoreHarness(t, memRegistry(t), catalogue.Identity{Name: "Service données", Email: "donnees@sevres.example", Actor: "boulogne-billancourt"})
	keys := map[string][]string{"support": {"S"}, "go_tab": {"&", "é", "\"", "'"}}
	if err := CheckKeys(keys, i18n.FR); err != nil {
		t.Fatal(err)
	}
	if err := hs.m.env.keys.ApplyKeys(keys, i18n.FR); err != nil {
		t.Fatal(err)
	}
	hs.fkeys("'")
	if hs.m.active != 3 {
		t.Fatalf("go_tab remapped: ' leads to tab %d", hs.m.active)
	}
	hs.fkeys("j", "+")
	if hs.m.modal != nil {
		t.Fatal("+ still supports after support was remapped")
	}
	hs.fkeys("S")
	if hs.m.modal == nil {
		t.Fatal("S does not open the support form")
	}
	hs.fkeys("esc", "?")
	hs.mustShow("S ", "soutenir", "&/é/\"/'")
}
