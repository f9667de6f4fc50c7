package store

// Located is what the read-only guard needs of a store: whether it is Git,
// and its folder.
type Located interface {
	IsGit() bool
	Dir() string
}

// Writable is the read-only guard of every layer (the CLI's write commands
// and sync, the app's actions, share): nil when s is a Git registry, which
// can be written; else the one sentence NotARepository naming its folder
// ("?" for no store at all), which wraps ErrNotARepository.
func Writable(s Located) error {
	if s == nil {
		return NotARepository("?")
	}
	if !s.IsGit() {
		return NotARepository(s.Dir())
	}
	return nil
}
