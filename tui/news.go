package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/config"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/registry/news"
	"github.com/gpso/codal/registry/store"
)

// The news view (N, from every tab) and the unread count of the status
// bar. The news is computed by a command after each load of the catalogue
// (the history walk does I/O: never in Update); opening the view marks it
// read by moving the marker in codal's state folder, through Do.

// newsPageMax caps the items the news page renders; the rest are counted.
const newsPageMax = 500

// newsMsg carries the news since the last commit marked read: the newest
// newsPageMax items, and the count of them all.
type newsMsg struct {
	items []news.Item
	total int
	// head is the commit the news runs to: what opening the view marks
	// read.
	head store.Hash
	// first is true when nothing was ever marked read (the last 30 days).
	first bool
	err   error
}

// newsState is the app's news: nil until the first walk, or when the
// registry has no history (a plain folder, a store with no walk).
type newsState struct {
	newsMsg
	// read is true once the view was opened on these items.
	read bool
}

// historian is what news needs of the store.
type historian interface {
	store.Reader
	store.Historian
}

// loadNews is the command that walks the history since the last commit
// marked read, for the unread count and the news view; nil when the store
// has no history (a plain folder, a store that cannot walk it).
func (m *Model) loadNews() tea.Cmd {
	h, ok := m.src.(historian)
	if !ok || !m.src.IsGit() || m.env.cat == nil {
		return nil
	}
	cat, now := m.env.cat, m.env.now()
	return func() tea.Msg {
		st, err := config.LoadState(h.Dir())
		if err != nil {
			return newsMsg{err: err}
		}
		page, head, _, err := news.Unread(h, st.LastSeen, now, news.Titles(cat), newsPageMax)
		return newsMsg{items: page.Items, total: page.Total, head: head, first: st.LastSeen == "", err: err}
	}
}

// setNews installs freshly computed news.
func (m *Model) setNews(msg newsMsg) tea.Cmd {
	if msg.err != nil {
		m.news = nil
		return m.setStatus(statusMsg{text: errorText(m.env.lang, msg.err), err: true})
	}
	m.news = &newsState{newsMsg: msg}
	if m.overlay == newsOverlay {
		m.refreshPage()
	}
	return nil
}

// unread is the count the status bar shows.
func (m *Model) unread() int {
	if m.news == nil || m.news.read {
		return 0
	}
	return m.news.total
}

// openNews opens the news view and marks its items read (the marker moves
// to the head the news ran to).
func (m *Model) openNews() tea.Cmd {
	m.openOverlay(newsOverlay)
	if m.news == nil || m.news.read || m.news.head == "" {
		return nil
	}
	m.news.read = true
	dir, head, now := m.src.Dir(), m.news.head, m.env.now()
	return Do(false, func() (string, error) {
		st, err := config.LoadState(dir)
		if err != nil {
			return "", err
		}
		st.LastSeen, st.SeenAt = string(head), now.UTC()
		return "", st.Save()
	})
}

// newsSegment is the status bar's unread count: "● 3 nouveautés (N)".
func (m *Model) newsSegment() string {
	n := m.unread()
	if n == 0 {
		return ""
	}
	word := plural(m.env.lang, n, m.env.t("nouveauté", "new item"), m.env.t("nouveautés", "new items"))
	return m.env.st.StatusMsg.Render(fmt.Sprintf(" ● %d %s (N)", n, word))
}

// newsPage lists the news, newest first, one line each, every registry
// string cleaned (news.Sentence).
func (m *Model) newsPage(width int) string {
	e, st := m.env, m.env.st
	if m.news == nil {
		if _, ok := m.src.(historian); !ok || !m.src.IsGit() {
			return st.Title.Render(e.t("Nouveautés", "What's new")) + "\n\n" +
				st.Muted.Render(wrap(e.t("Ce registre n'a pas d'historique Git : pas de nouveautés à montrer.",
					"This registry has no Git history: no news to show."), width))
		}
		return st.Muted.Render(e.t("Lecture de l'historique…", "Reading the history…"))
	}
	items := m.news.items
	var b strings.Builder
	b.WriteString(st.Title.Render(fmt.Sprintf("%s (%d)", e.t("Nouveautés depuis votre dernière lecture", "What's new since you last looked"), m.news.total)))
	if m.news.first {
		b.WriteString("\n" + st.Muted.Render(wrap(e.t("Première lecture : voici les 30 derniers jours.", "First look: here are the last 30 days."), width)))
	}
	if len(items) == 0 {
		b.WriteString("\n\n" + st.Good.Render(e.t("Rien de nouveau.", "Nothing new.")))
		return b.String()
	}
	var names news.Names
	if e.cat != nil {
		names = news.ActorNames(e.cat)
	}
	b.WriteString("\n")
	for _, it := range items {
		date := it.Date.In(e.now().Location()).Format("2006-01-02 15:04")
		text := truncate(news.Sentence(it, e.lang, names), max(width-len(date)-2, 10))
		b.WriteString("\n" + st.Muted.Render(date) + "  " + fact.CleanLine(text))
	}
	if more := m.news.total - len(items); more > 0 {
		b.WriteString("\n" + st.Muted.Render(fmt.Sprintf(e.t("… et %d de plus (codal news)", "… and %d more (codal news)"), more)))
	}
	return b.String()
}
