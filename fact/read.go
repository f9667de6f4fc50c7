package fact

import (
	"errors"
	"io"
	"os"
)

// MaxFileSize is the largest YAML or JSON file of a registry (4 MiB): the
// loader refuses a bigger one (too-large), so no input that becomes such a
// file (a description read from a file) may be bigger.
const MaxFileSize = 4 << 20

// ErrTooLarge is returned by ReadCapped and ReadFileCapped when the input
// holds more than the limit; the caller names the input and the limit.
var ErrTooLarge = errors.New("input over the size limit")

// ReadCapped reads r to its end, but never more than limit+1 bytes: an input
// over limit bytes (/dev/zero, a runaway pipe) is ErrTooLarge, found as soon
// as the limit is passed, without holding more than limit+1 bytes.
func ReadCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}

// ReadFileCapped is os.ReadFile through ReadCapped: every file a user names
// is read with a limit.
func ReadFileCapped(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCapped(f, limit)
}
