package index

import (
	"io/fs"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// statDir lstats paths relative to an open registry folder: fstatat with
// AT_SYMLINK_NOFOLLOW on a NUL-terminated copy of the path in the worker's
// buffer, so the kernel walks only the path below the registry and Go
// allocates nothing per row (os.Lstat joins the path, copies it and builds
// a FileInfo for each).
type statDir struct {
	dir string
	fd  int
}

func openStatDir(dir string) (*statDir, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return &statDir{dir: dir, fd: fd}, nil
}

func (s *statDir) close() { unix.Close(s.fd) }

// lstat returns the row of rel as Scan records it (Path left empty), or
// false when rel cannot be stat'ed (gone, say).
func (s *statDir) lstat(buf []byte, rel string) (Stat, []byte, bool) {
	if rel == "." {
		fi, err := os.Lstat(s.dir)
		if err != nil {
			return Stat{}, buf, false
		}
		return Stat{Size: fi.Size(), MTime: fi.ModTime().UnixNano(), Inode: inode(fi), Mode: uint32(fi.Mode())}, buf, true
	}
	buf = append(append(buf[:0], rel...), 0)
	var st unix.Stat_t
	for {
		_, _, e := unix.Syscall6(unix.SYS_NEWFSTATAT, uintptr(s.fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&st)), unix.AT_SYMLINK_NOFOLLOW, 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return Stat{}, buf, false
		}
		break
	}
	return Stat{
		Size:  st.Size,
		MTime: time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec)).UnixNano(),
		Inode: uint64(st.Ino),
		Mode:  uint32(fileMode(uint32(st.Mode))),
	}, buf, true
}

// fileMode is Go's fs.FileMode of a stat mode, as os.Lstat computes it.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
