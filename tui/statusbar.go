package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/gpso/codal/fact"
)

// statusBar is one line: the registry's name, its sync state, its number of
// problems, and on the right a transient message or the selection's
// position.
func (m *Model) statusBar() string {
	st := m.env.st
	name := m.env.t("registre", "registry")
	if m.loaded() && strings.TrimSpace(m.env.cat.Meta.Name) != "" {
		name = line(m.env.cat.Meta.Name)
	} else if m.previewing() && strings.TrimSpace(m.env.preview.Meta().Name) != "" {
		name = line(m.env.preview.Meta().Name)
	}
	if m.current != "" && len(m.registries) > 1 {
		// which of the configured registries this is
		name = "[" + line(m.current) + "] " + name
	}
	probs := m.problemsSegment()
	unread := m.newsSegment()
	right := ""
	rightStyle := st.StatusSync
	switch {
	case m.status.text != "":
		right = m.status.text
		rightStyle = st.StatusMsg
		if m.status.err {
			rightStyle = st.StatusErr
		}
	case (m.loaded() || m.previewShown()) && m.overlay == noOverlay && m.modal == nil:
		right = m.tab().Position()
	}
	// The longest name and sync text that leave room for the right part;
	// at the narrowest, the right part is cut. Detail 3 adds the changes
	// not shared yet.
	// The unread count (news.go) comes only where it fits whole with the
	// rest: the tries with it go first, then the same without it.
	tries := []struct {
		detail, nameW int
		news          bool
	}{{3, 36, true}, {2, 36, true}, {1, 36, true}, {1, 20, true}}
	if unread == "" {
		tries = tries[:0]
	}
	tries = append(tries, []struct {
		detail, nameW int
		news          bool
	}{{3, 36, false}, {2, 36, false}, {1, 36, false}, {1, 20, false}, {0, 20, false}, {0, 12, false}}...)
	for i, try := range tries {
		left := st.StatusName.Render(truncate(name, try.nameW))
		if s := m.syncText(try.detail); s != "" {
			left += st.StatusSync.Render(s)
		}
		left += probs
		if try.news {
			left += unread
		}
		r := ""
		if right != "" {
			r = rightStyle.Render(right)
		}
		gap := m.width - lipgloss.Width(left) - lipgloss.Width(r)
		last := i == len(tries)-1
		if gap < 0 && last && right != "" {
			r = rightStyle.Render(truncate(right, max(m.width-lipgloss.Width(left)-2, 1)))
			gap = m.width - lipgloss.Width(left) - lipgloss.Width(r)
		}
		if gap >= 0 || last {
			return pad(left+st.StatusBar.Render(strings.Repeat(" ", max(gap, 0)))+r, m.width)
		}
	}
	return ""
}

func (m *Model) problemsSegment() string {
	st := m.env.st
	if m.checking {
		// the whole load after the preview: problems unknown yet
		return st.StatusSync.Render(m.env.t("vérification…", "checking…"))
	}
	if !m.loaded() {
		return ""
	}
	n := len(m.env.cat.Problems)
	if n == 0 {
		return st.StatusOK.Render("✓ " + m.env.t("aucun problème", "no problems"))
	}
	word := plural(m.env.lang, n, m.env.t("problème", "problem"), m.env.t("problèmes", "problems"))
	return st.StatusProbs.Render(fmt.Sprintf("⚠ %d %s (!)", n, word))
}

// syncText describes the sync state: detail 3 is "main ↑1 ↓0 · synchro il
// y a 3 h · 1 modification pas encore partagée", 2 the same without the
// sentence, 1 is "↑1 ↓0", 0 is nothing.
func (m *Model) syncText(detail int) string {
	if detail == 3 {
		s := m.syncText(2)
		if p := m.pendingText(); p != "" && s != "" {
			s += " · " + p
		}
		return s
	}
	if detail == 0 {
		return ""
	}
	e := m.env
	switch {
	case m.sync == nil:
		return "…"
	case m.sync.err != nil:
		return e.t("synchro inconnue", "sync unknown")
	case !m.sync.state.HasRemote:
		if detail == 1 {
			return e.t("local", "local")
		}
		return e.t("local, sans dépôt distant", "local, no remote")
	}
	s := m.sync.state
	counts := e.t("à jour", "up to date")
	if s.Ahead > 0 || s.Behind > 0 {
		counts = fmt.Sprintf("↑%d ↓%d", s.Ahead, s.Behind)
	}
	if detail == 1 {
		return counts
	}
	when := e.t("jamais synchronisé", "never synced")
	switch {
	case m.syncing:
		when = e.t("synchro en cours…", "syncing…")
	case !s.LastFetch.IsZero():
		when = e.t("synchro ", "synced ") + ago(e, s.LastFetch)
	}
	return line(s.Branch) + " " + counts + " · " + when
}

// ago says how long ago t was: "il y a 3 h" / "3 h ago".
func ago(e *env, t time.Time) string {
	d := e.now().Sub(t)
	var n string
	switch {
	case d < time.Minute:
		return e.t("à l'instant", "just now")
	case d < time.Hour:
		n = fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		n = fmt.Sprintf("%d h", int(d.Hours()))
	default:
		n = fmt.Sprintf(e.t("%d j", "%d d"), int(d.Hours()/24))
	}
	return fmt.Sprintf(e.t("il y a %s", "%s ago"), n)
}

// problemLine is "path:line" and the message, cleaned (a problem can quote
// a file's content).
func problemLine(e *env, p fact.Problem) (where, msg string) {
	where = p.Path
	if p.Line > 0 {
		where += fmt.Sprintf(":%d", p.Line)
	}
	return line(where), line(p.Code + " " + p.Message(e.lang))
}
