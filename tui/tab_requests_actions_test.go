package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/registry/store/memstore"
)

// gitRegistry copies the test registry into a new Git repository (one
// commit, no remote) and returns its folder.
func gitRegistry(t *testing.T) string {
	t.Helper()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.org")
	dir := filepath.Join(t.TempDir(), "registre")
	if err := os.CopyFS(dir, os.DirFS("testdata/registry")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "init")
	return dir
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

var sevres = catalogue.Identity{Name: "Service données – Ville de Sèvres", Email: "donnees@sevres.example", Actor: "sevres"}

// memRegistry is the test registry in an in-memory store (memstore, which
// passes the store's conformance suite as the Git store does): one commit,
// no remote, as gitRegistry's. Tests of the app's actions use it when Git
// itself is not the point.
func memRegistry(t *testing.T) *memstore.Store {
	t.Helper()
	s, err := memstore.New(os.DirFS("testdata/registry"), catalogue.Identity{Name: "Test", Email: "test@example.org"}, testNow, memstore.Options{Name: "registre"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// committed returns a file of the memstore's head commit, or "" (what git
// show HEAD:p says).
func committed(s *memstore.Store, p string) string {
	data, _ := s.CommittedFile(p)
	return string(data)
}

// cleanTree fails unless the memstore's work tree is its head commit (what
// an empty git status says).
func cleanTree(t *testing.T, s *memstore.Store) {
	t.Helper()
	if ch := s.Changed(); len(ch) != 0 {
		t.Fatalf("work tree differs from HEAD: %q", ch)
	}
}

// newWriteHarness opens the app on a registry that can be written, as who.
func newWriteHarness(t *testing.T, dir string, who catalogue.Identity) (*harness, *registry.Registry) {
	t.Helper()
	reg, err := registry.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return newStoreHarness(t, reg, who), reg
}

// newStoreHarness opens the app on a store that can be written, as who.
func newStoreHarness(t *testing.T, reg store.Store, who catalogue.Identity) *harness {
	t.Helper()
	hs := &harness{t: t}
	hs.m = New(Options{Lang: i18n.FR, Store: reg, Identity: who,
		Now: func() time.Time { return testNow }, Clipboard: func(string) error { return nil }, Theme: ThemeDark})
	hs.m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	hs.run(hs.m.Init())
	return hs
}

// The forms' text fields blink their cursor: a timer command that comes
// back every half second, for ever. The form tests run commands
// concurrently, like Bubble Tea does, and drop the blinks, so that a step
// ends when the real work (a write, a reload) is done.

// fsend delivers one message, running what follows concurrently.
func (hs *harness) fsend(msg tea.Msg) {
	hs.t.Helper()
	_, cmd := hs.m.Update(msg)
	hs.frun(cmd)
}

// frun runs a command and what follows from it, concurrently (see fsend).
func (hs *harness) frun(cmd tea.Cmd) {
	hs.t.Helper()
	results := make(chan tea.Msg, 64)
	pending := 0
	start := func(c tea.Cmd) {
		if c != nil && !isBlinkCmd(c) {
			pending++
			go func() { results <- c() }()
		}
	}
	start(cmd)
	deadline := time.After(20 * time.Second)
	for pending > 0 {
		select {
		case msg := <-results:
			pending--
			if step, ok := msg.(seqStep); ok {
				pending++ // the sequence goes on
				msg = step.msg
			}
			if cmds, ok := sequence(msg); ok {
				// In order, as Bubble Tea does: each command's message
				// arrives before the next one's; nil ends the sequence.
				pending++
				go func() {
					for _, c := range cmds {
						if c != nil && !isBlinkCmd(c) {
							results <- seqStep{c()}
						}
					}
					results <- nil
				}()
				continue
			}
			switch msg := msg.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					start(c)
				}
			case tea.QuitMsg:
				hs.quit = true
			case cursor.BlinkMsg:
				// Dropped: the next blink would come back for ever.
			default:
				_, next := hs.m.Update(msg)
				start(next)
			}
		case <-deadline:
			hs.t.Fatal("commands never settle")
		}
	}
}

// seqStep carries one message of a sequence running in fsend.
type seqStep struct{ msg tea.Msg }

// fkeys presses keys (see keys) through fsend; text is pasted at once.
func (hs *harness) fkeys(names ...string) {
	hs.t.Helper()
	for _, n := range names {
		if k, ok := special[n]; ok {
			hs.fsend(k)
			continue
		}
		if len([]rune(n)) == 1 {
			hs.fsend(tea.KeyPressMsg{Code: []rune(n)[0], Text: n})
			continue
		}
		hs.fsend(tea.PasteMsg{Content: n})
	}
}

func TestSupportAndWithdrawFromTheRequestsTab(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, catalogue.Identity{Name: "Service données – Ville de Sèvres", Email: "donnees@sevres.example", Actor: "boulogne-billancourt"})
	hs.fkeys("4")
	hs.fkeys("j") // Bornes de recharge, addressed to IDF Mobilités
	if hs.selected() != "bornes-recharge" {
		t.Fatalf("selected %s", hs.selected())
	}
	hs.fkeys("+")
	if hs.m.modal == nil {
		t.Fatalf("+ opens no form:\n%s", hs.text())
	}
	hs.mustShow("Soutenir « Bornes de recharge électrique »", "Besoin", "indispensable")
	hs.fkeys("up", "enter")       // need: useful by default, one up is essential
	hs.fkeys("Pour nos parkings") // comment
	hs.fkeys("enter")
	if hs.m.modal != nil {
		t.Fatalf("the form is still open:\n%s", hs.text())
	}
	hs.mustShow("Soutien de Boulogne-Billancourt enregistré. Enregistré.")
	vote := committed(reg, "requests/bornes-recharge/votes/boulogne-billancourt.yaml")
	if vote != "name: Service données – Ville de Sèvres\nemail: donnees@sevres.example\ndate: 2026-03-02\nneed: essential\ncomment: Pour nos parkings\n" {
		t.Fatalf("vote file:\n%s", vote)
	}
	cleanTree(t, reg)
	// The catalogue was read again: the detail shows the new support.
	hs.mustShow("Boulogne-Billancourt — indispensable — « Pour nos", "3/4 communes")

	hs.fkeys("-")
	hs.mustShow("Retirer un soutien", "Retirer le soutien de Boulogne-Billancourt à « Bornes de recharge", "Annuler")
	hs.fkeys("enter")
	hs.mustShow("Soutien de Boulogne-Billancourt retiré.")
	if committed(reg, "requests/bornes-recharge/votes/boulogne-billancourt.yaml") != "" {
		t.Fatal("vote still committed")
	}
	cleanTree(t, reg)
	if n := len(reg.Log("main")); n != 3 {
		t.Fatalf("%d commits, want 3", n)
	}
}

func TestActionsRefuseWhatTheRulesRefuse(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, catalogue.Identity{Name: "Agent", Email: "agent@gpso.example", Actor: "gpso"})
	hs.fkeys("4") // budget-climat, addressed to gpso
	hs.fkeys("+")
	if hs.m.modal != nil {
		t.Fatal("the addressee may not support: no form expected")
	}
	hs.mustShow("gpso ne peut pas soutenir une demande qui lui est adressée")
	hs.fkeys("-")
	hs.mustShow("gpso ne soutient pas la demande budget-climat")

	// Not a triager nor the addressee: s is refused.
	hs2 := newStoreHarness(t, reg, sevres)
	hs2.fkeys("4", "s")
	if hs2.m.modal != nil {
		t.Fatal("sevres may not change budget-climat's status")
	}
	hs2.mustShow("Sèvres ne peut pas changer le statut de cette demande")
	cleanTree(t, reg)
	if n := len(reg.Log("main")); n != 1 {
		t.Fatalf("%d commits, want none added", n)
	}

	// A read-only registry (a plain folder) and an unknown identity say so.
	ro := newHarness(t, i18n.FR, 120, 40)
	ro.keys("4", "+")
	ro.mustShow("Ce registre est en lecture seule")
}

func TestChangeStatusAsTriager(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, catalogue.Identity{Name: "Secrétariat du CODAL", Email: "codal@gpso.example", Actor: "gpso"})
	hs.fkeys("4", "s")
	hs.mustShow("Statut de « Budget climat détaillé par commune »", "Nouveau statut")
	// submitted, under-review, planned…: down twice to planned.
	hs.fkeys("down", "down", "enter")
	hs.mustShow("Prévue pour")
	hs.fkeys("2026-10-15", "enter")
	hs.mustShow("Note pour les demandeurs")
	hs.fkeys("Au comité de mai.")
	hs.fkeys("tab") // leave the text area
	hs.fkeys("enter")
	if hs.m.modal != nil {
		t.Fatalf("form still open:\n%s", hs.text())
	}
	hs.mustShow("Statut : planifiée. Enregistré.")
	ev := committed(reg, "requests/budget-climat/events/20260302T100000Z-gpso.yaml")
	if ev != "status: planned\nname: Secrétariat du CODAL\nemail: codal@gpso.example\ndate: 2026-03-02\nplanned_for: 2026-10-15\nnote: Au comité de mai.\n" {
		t.Fatalf("event:\n%s", ev)
	}
	cleanTree(t, reg)
}

func TestNewRequestForm(t *testing.T) {
	reg := memRegistry(t)
	hs := newStoreHarness(t, reg, sevres)
	hs.fkeys("4", "n")
	hs.mustShow("Nouvelle demande de données", "Titre")
	hs.fkeys("Arbres d'alignement", "enter")
	hs.fkeys("enter") // addressed to: the first actor offered
	hs.fkeys("nature, voirie", "enter")
	hs.fkeys("2026-09-30", "enter")
	hs.fkeys("Indice de canopée", "enter")
	hs.fkeys("Les arbres des routes.")
	hs.fkeys("tab")
	hs.fkeys("enter")
	if hs.m.modal != nil {
		t.Fatalf("form still open:\n%s", hs.text())
	}
	hs.mustShow("Demande déposée : arbres-d-alignement. Enregistré.")
	if hs.selected() != "arbres-d-alignement" {
		t.Fatalf("selected %q, want the new request", hs.selected())
	}
	got := committed(reg, "requests/arbres-d-alignement/request.yaml")
	if !strings.HasPrefix(got, "title: Arbres d'alignement\ndescription: Les arbres des routes.\nrequested_by: sevres\naddressed_to: boulogne-billancourt\nthemes:\n  - nature\n  - voirie\ncreated: 2026-03-02\nwanted_by: 2026-09-30\nusage: Indice de canopée\n") {
		t.Fatalf("request.yaml:\n%s", got)
	}
	cleanTree(t, reg)
}

func TestPendingChangesInTheStatusBar(t *testing.T) {
	dir := gitRegistry(t)
	// A remote that cannot be reached: the write stays local.
	gitIn(t, dir, "remote", "add", "origin", filepath.Join(t.TempDir(), "nowhere.git"))
	gitIn(t, dir, "update-ref", "refs/remotes/origin/main", "HEAD")
	hs, _ := newWriteHarness(t, dir, catalogue.Identity{Name: "Agent", Email: "agent@vanves.example", Actor: "vanves"})
	hs.fsend(tea.WindowSizeMsg{Width: 240, Height: 40})
	hs.fkeys("4", "+", "enter", "enter")
	hs.mustShow("Soutien de Vanves enregistré. Enregistré ici, pas encore partagé : dépôt distant introuvable")
	hs.fsend(statusExpiredMsg{seq: hs.m.statusSeq})
	hs.mustShow("main ↑1 ↓0 · jamais synchronisé · 1 modification pas encore partagée")
}
