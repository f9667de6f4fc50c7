package i18n

import "errors"

// Error is an error whose sentence exists in both languages. Error() gives the
// French sentence; Message picks the language.
type Error struct {
	Text Text
	Args []any
	// Err is an optional underlying cause, reachable with errors.Is/As.
	Err error
}

// Errorf builds an *Error from a bilingual text and its arguments.
func Errorf(t Text, args ...any) *Error { return &Error{Text: t, Args: args} }

// Wrap is Errorf keeping cause as the underlying error.
func Wrap(cause error, t Text, args ...any) *Error {
	return &Error{Text: t, Args: args, Err: cause}
}

func (e *Error) Error() string { return e.Text.In(FR, e.Args...) }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// In returns the sentence in the given language.
func (e *Error) In(l Lang) string { return e.Text.In(l, e.Args...) }

// Message renders any error in the given language: an *Error (found with
// errors.As, so also one wrapped in another error) in that language, anything
// else as it is.
func Message(err error, l Lang) string {
	var e *Error
	if errors.As(err, &e) {
		return e.In(l)
	}
	if err == nil {
		return ""
	}
	return err.Error()
}
