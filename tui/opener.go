package tui

import (
	"net/url"
	"os/exec"
	"runtime"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// systemOpener hands an http(s) URL to the system's opener (xdg-open,
// open, or rundll32's URL handler): the browser or video player opens
// outside the terminal. The child gets no terminal (its standard streams
// are /dev/null) and is waited for in the background.
func systemOpener(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the opener's own exit status says nothing useful
	return nil
}

// cleanURL returns the URL an opener may be given: an absolute http or
// https URL with a host, without control characters or spaces, re-encoded
// by net/url (so nothing the registry wrote reaches the opener as
// written); ok is false for anything else (a file name, javascript:, a
// URL with an escape sequence).
func cleanURL(s string) (string, bool) {
	if _, bad := fact.ControlChar(s); bad || !fact.ValidURL(s) {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil {
		return "", false
	}
	return u.String(), true
}

// openURL opens a registry's URL with the env's opener, in a command, and
// says in the status bar what it opened or why not. what names the link
// in both languages ("la vidéo", "the video").
func openURL(e *env, raw string, what i18n.Text) tea.Cmd {
	w := what.In(e.lang)
	if raw == "" {
		return StatusError(sentence(i18n.T("pas de %s à ouvrir pour cette entrée", "no %s to open for this entry").In(e.lang, w)))
	}
	u, ok := cleanURL(raw)
	if !ok {
		return StatusError(sentence(i18n.T("%s %q n'est pas une adresse web http(s) : codal ne l'ouvre pas",
			"%s %q is not an http(s) web address: codal does not open it").In(e.lang, w, truncate(line(raw), 40))))
	}
	open := e.open
	return func() tea.Msg {
		if err := open(u); err != nil {
			return statusMsg{text: sentence(i18n.T("impossible d'ouvrir %s : %s", "cannot open %s: %s").In(e.lang, w, line(err.Error()))), err: true}
		}
		return statusMsg{text: sentence(i18n.T("ouverture hors du terminal : %s", "opening outside the terminal: %s").In(e.lang, line(u)))}
	}
}
