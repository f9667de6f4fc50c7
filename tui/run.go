package tui

import (
	"context"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Run opens the full-screen app on the terminal and returns when the user
// quits, or chooses another registry (Result.SwitchTo). in and out are the
// terminal (os.Stdin, os.Stdout).
func Run(ctx context.Context, o Options, in io.Reader, out io.Writer) (Result, error) {
	limitMemory()
	m := New(o)
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out)}
	if out == io.Writer(os.Stdout) {
		// lipgloss detected the standard output's colours as the process
		// started (inside tmux, by running `tmux info`, 30-50 ms): the
		// program takes that answer instead of asking again
		opts = append(opts, tea.WithColorProfile(lipgloss.Writer.Profile))
	}
	p := tea.NewProgram(m, opts...)
	_, err := p.Run()
	return Result{SwitchTo: m.Next()}, err
}
