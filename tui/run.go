package tui

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
)

// Run opens the full-screen app on the terminal and returns when the user
// quits, or chooses another registry (Result.SwitchTo). in and out are the
// terminal (os.Stdin, os.Stdout).
func Run(ctx context.Context, o Options, in io.Reader, out io.Writer) (Result, error) {
	limitMemory()
	m := New(o)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out))
	_, err := p.Run()
	return Result{SwitchTo: m.Next()}, err
}
