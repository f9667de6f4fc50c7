package portal

import (
	"errors"

	"github.com/gpso/codal/fact"
)

// The sentinel errors behind the package's sentences, for errors.Is.
var (
	// ErrUnreachable: the portal did not answer, timed out, or kept
	// answering 429 or 5xx after the retries.
	ErrUnreachable = errors.New("portal unreachable")
	// ErrNotExplore: the address answered, but not as an Opendatasoft
	// Explore API v2.1 (a 404, or another shape).
	ErrNotExplore = errors.New("not an Opendatasoft Explore API v2.1")
	// ErrRefused: the portal answered with an error status (4xx) other
	// than 429.
	ErrRefused = errors.New("portal refused the request")
	// ErrTooLarge: a response was larger than its cap.
	ErrTooLarge = fact.ErrTooLarge
	// ErrTooDeep: a JSON response was nested deeper than fact.MaxDepth.
	ErrTooDeep = errors.New("JSON response nested too deep")
	// ErrBadResponse: a response could not be read as the API's JSON.
	ErrBadResponse = errors.New("unreadable response")
)
