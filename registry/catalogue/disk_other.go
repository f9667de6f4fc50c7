//go:build !linux

package catalogue

import (
	"errors"
	"io/fs"
)

// disk has no faster reader than os.DirFS outside Linux: sourceOf reads
// through fsys.
type disk struct{}

func openDisk(string) (*disk, error) { return nil, errors.ErrUnsupported }

func (*disk) readDir(string) ([]fs.DirEntry, error)    { return nil, errors.ErrUnsupported }
func (*disk) readFact(string, *[]byte) ([]byte, error) { return nil, errors.ErrUnsupported }
func (*disk) close()                                   {}
