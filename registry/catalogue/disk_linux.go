//go:build linux

package catalogue

import (
	"encoding/binary"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// disk reads a registry folder with plain system calls (see disk.go). Every
// open is relative to the registry's folder, opened once, and never follows
// a symbolic link at the last element of the path (O_NOFOLLOW): the walk has
// already refused every link it listed, and one swapped in since is refused
// here too instead of being read. Files are opened O_NONBLOCK, so a named
// pipe swapped in for a file cannot block the load.
type disk struct {
	dir  string // the registry's folder, as given to os.DirFS
	root int    // its file descriptor
	// dirBuf is the listing's buffer: only the walk lists folders, one at
	// a time.
	dirBuf []byte
	mu     sync.Mutex
}

const (
	fileFlags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	dirFlags  = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NOFOLLOW | syscall.O_DIRECTORY
)

func openDisk(dir string) (*disk, error) {
	fd, err := retry(func() (int, error) {
		return syscall.Open(dir, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY, 0)
	})
	if err != nil {
		return nil, err
	}
	return &disk{dir: dir, root: fd, dirBuf: make([]byte, 32<<10)}, nil
}

func (d *disk) close() { syscall.Close(d.root) }

// retry repeats a system call interrupted by a signal.
func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}

func (d *disk) openat(name string, flags int) (int, error) {
	return retry(func() (int, error) { return syscall.Openat(d.root, name, flags, 0) })
}

func (d *disk) readFact(name string, buf *[]byte) ([]byte, error) {
	fd, err := d.openat(name, fileFlags)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	if cap(*buf) == 0 {
		*buf = make([]byte, 16<<10)
	}
	data := (*buf)[:0]
	for {
		if len(data) == cap(data) {
			if int64(len(data)) > maxFactSize {
				break
			}
			data = slices.Grow(data, min(cap(data), maxFactSize+1))
			*buf = data[:0]
		}
		n, err := retry(func() (int, error) { return syscall.Read(fd, data[len(data):cap(data)]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		// A short read is not taken for the end of the file: only a
		// read that returns 0 is (see readDir).
		data = data[:len(data)+n]
	}
	if int64(len(data)) > maxFactSize {
		size := int64(-1)
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) == nil {
			size = st.Size
		}
		return nil, &errTooLargeFile{size: size}
	}
	return slices.Clone(data), nil
}

// readDir lists a folder with getdents64, as os.ReadDir does (sorted by
// name, the type from the listing, asked with an lstat only when the file
// system does not give it).
func (d *disk) readDir(name string) ([]fs.DirEntry, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fd, err := d.openat(name, dirFlags)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var out []fs.DirEntry
	base := d.dir + "/"
	if name != "." {
		base += name + "/"
	}
	for {
		n, err := retry(func() (int, error) { return syscall.ReadDirent(fd, d.dirBuf) })
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		for b := d.dirBuf[:n]; len(b) >= 19; {
			// struct linux_dirent64: ino u64, off s64, reclen u16,
			// type u8, name (NUL-terminated).
			ino := binary.NativeEndian.Uint64(b)
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				break
			}
			typ, rawName := b[18], b[19:reclen]
			b = b[reclen:]
			if i := slices.Index(rawName, 0); i >= 0 {
				rawName = rawName[:i]
			}
			entry := string(rawName)
			if ino == 0 || entry == "." || entry == ".." {
				continue
			}
			mode, ok := direntMode(typ)
			if !ok {
				var st syscall.Stat_t
				if _, err := retry(func() (int, error) { return 0, syscall.Lstat(base+entry, &st) }); err != nil {
					continue // gone since the listing, as os.ReadDir skips it
				}
				mode = statMode(st.Mode)
			}
			out = append(out, &diskEntry{base: base, name: entry, typ: mode})
		}
		// Only a listing that returns 0 ends it: a short one is not the
		// last, even on ext4 (taking it for the last lost one request.yaml
		// of 44,000 files in two runs out of three, on this machine).
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// direntMode is the type bits of a listing's d_type, or false when the
// file system did not say (DT_UNKNOWN).
func direntMode(t byte) (fs.FileMode, bool) {
	switch t {
	case syscall.DT_REG:
		return 0, true
	case syscall.DT_DIR:
		return fs.ModeDir, true
	case syscall.DT_LNK:
		return fs.ModeSymlink, true
	case syscall.DT_FIFO:
		return fs.ModeNamedPipe, true
	case syscall.DT_SOCK:
		return fs.ModeSocket, true
	case syscall.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case syscall.DT_BLK:
		return fs.ModeDevice, true
	}
	return 0, false
}

// statMode is the type bits of a stat's mode.
func statMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	}
	return 0
}

// diskEntry is one file of a listing.
type diskEntry struct {
	base, name string // base: the folder's path on the disk, with a final "/"
	typ        fs.FileMode
}

func (e *diskEntry) Name() string               { return e.name }
func (e *diskEntry) IsDir() bool                { return e.typ.IsDir() }
func (e *diskEntry) Type() fs.FileMode          { return e.typ }
func (e *diskEntry) Info() (fs.FileInfo, error) { return os.Lstat(e.base + e.name) }
func (e *diskEntry) String() string             { return fs.FormatDirEntry(e) }
