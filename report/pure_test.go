package report

import (
	"os/exec"
	"strings"
	"testing"
)

// The renderer is pure: nothing it imports, directly or not, reads Git or
// draws a terminal app. (It may reach the catalogue's layout, pure too,
// through the news items it renders.)
func TestImportsNoGitNorTUI(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/go-git/", "charm.land/", "github.com/charmbracelet/", "github.com/gpso/codal/tui"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("package report depends on %s", dep)
			}
		}
	}
}
