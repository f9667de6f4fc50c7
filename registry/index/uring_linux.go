package index

import (
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The stat check's batch path on Linux: the rows' statx calls go through
// one io_uring, a few hundred in flight, instead of one system call each.
// In this project's VM a system call costs ~5 µs of CPU (docs/scale.md,
// round 14); the ring does the same lookups for about half of that. Any
// failure to set the ring up (an old kernel, io_uring disabled or refused
// by a seccomp filter) leaves the per-row fstatat path, and any row whose
// statx does not answer plainly (an error other than "not there", a reply
// without every field asked for) is stat'ed again by fstatat: the rows the
// check compares are the same either way (TestBatchStatIsFstatat).

// batchRow is one row's statx answer: state 0 means "ask fstatat".
type batchRow struct {
	size  int64
	mtime int64
	ino   uint64
	mode  uint32
	state uint8 // 0 unknown, 1 stat'ed, 2 gone
}

const (
	ringEntries = 256
	pathSlot    = 512 // bytes per path buffer (with its NUL); longer paths go to fstatat
	opStatx     = 21  // IORING_OP_STATX
	offSQEs     = 0x10000000
	offCQRing   = 0x8000000
	featSingle  = 1 // IORING_FEAT_SINGLE_MMAP
	enterGetEv  = 1 // IORING_ENTER_GETEVENTS
)

// uringParams is struct io_uring_params.
type uringParams struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFd uint32
	resv                                                                   [3]uint32
	sqOff                                                                  [10]uint32
	cqOff                                                                  [10]uint32
}

// uringSQE is struct io_uring_sqe (64 bytes).
type uringSQE struct {
	opcode, flags uint8
	ioprio        uint16
	fd            int32
	off           uint64 // statx: the buffer
	addr          uint64 // statx: the path
	len           uint32 // statx: the mask
	opFlags       uint32 // statx: the flags
	userData      uint64
	_             [3]uint64
}

// uringCQE is struct io_uring_cqe (16 bytes).
type uringCQE struct {
	userData uint64
	res      int32
	flags    uint32
}

// minBatch is the fewest rows worth a ring (its setup is a few system
// calls; a test lowers it).
var minBatch = 64

var noRing atomic.Bool // set once a ring could not be made: never tried again

// leaked keeps the buffers of a ring that failed midway (see batchStat).
var (
	leakedMu sync.Mutex
	leaked   []any
)

// batchStat statx'es every row of src relative to the open folder dfd
// through an io_uring and returns one answer per row, or nil when no ring
// can be had (the caller then uses fstatat for every row).
func batchStat(dfd int, src rowSource) []batchRow {
	if noRing.Load() || os.Getenv("CODAL_NO_IO_URING") != "" || src.len() < minBatch {
		return nil
	}
	var p uringParams
	r1, _, e := unix.Syscall(unix.SYS_IO_URING_SETUP, ringEntries, uintptr(unsafe.Pointer(&p)), 0)
	if e != 0 {
		noRing.Store(true)
		debugf("no io_uring (%v): one fstatat per row", e)
		return nil
	}
	fd := int(r1)
	defer unix.Close(fd)
	sq, err := unix.Mmap(fd, 0, int(p.sqOff[6]+p.sqEntries*4), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return nil
	}
	defer unix.Munmap(sq)
	sqes, err := unix.Mmap(fd, offSQEs, int(p.sqEntries*64), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return nil
	}
	defer unix.Munmap(sqes)
	cq := sq
	if p.features&featSingle == 0 {
		if cq, err = unix.Mmap(fd, offCQRing, int(p.cqOff[5]+p.cqEntries*16), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE); err != nil {
			return nil
		}
		defer unix.Munmap(cq)
	}
	u32 := func(b []byte, off uint32) *uint32 { return (*uint32)(unsafe.Pointer(&b[off])) }
	sqHead, sqTail, sqMask, sqArray := u32(sq, p.sqOff[0]), u32(sq, p.sqOff[1]), *u32(sq, p.sqOff[2]), p.sqOff[6]
	cqHead, cqTail, cqMask, cqes := u32(cq, p.cqOff[0]), u32(cq, p.cqOff[1]), *u32(cq, p.cqOff[2]), p.cqOff[5]
	slots := int(min(p.sqEntries, p.cqEntries))

	out := make([]batchRow, src.len())
	paths := make([]byte, slots*pathSlot)
	bufs := make([]unix.Statx_t, slots)
	rowOf := make([]int, slots)
	free := make([]int, slots)
	for i := range free {
		free[i] = i
	}
	const want = unix.STATX_TYPE | unix.STATX_MODE | unix.STATX_INO | unix.STATX_SIZE | unix.STATX_MTIME
	next, inflight := 0, 0
	for next < len(out) || inflight > 0 {
		tail := atomic.LoadUint32(sqTail)
		queued := 0
		for ; next < len(out) && len(free) > 0; next++ {
			row, err := src.at(next)
			if err != nil || row.Path == "." || len(row.Path) >= pathSlot {
				continue // fstatat's (a bad row fails there too)
			}
			s := free[len(free)-1]
			free = free[:len(free)-1]
			path := paths[s*pathSlot : (s+1)*pathSlot]
			path[copy(path, row.Path)] = 0
			rowOf[s] = next
			idx := tail & sqMask
			*(*uringSQE)(unsafe.Pointer(&sqes[idx*64])) = uringSQE{
				opcode: opStatx, fd: int32(dfd),
				addr: uint64(uintptr(unsafe.Pointer(&path[0]))), off: uint64(uintptr(unsafe.Pointer(&bufs[s]))),
				len: want, opFlags: unix.AT_SYMLINK_NOFOLLOW, userData: uint64(s),
			}
			*u32(sq, sqArray+4*idx) = idx
			tail++
			queued++
		}
		atomic.StoreUint32(sqTail, tail)
		inflight += queued
		if inflight == 0 {
			break
		}
		// submit every entry the kernel has not taken yet (an interrupted
		// call may have left some), and wait for one answer at least
		pending := tail - atomic.LoadUint32(sqHead)
		_, _, e := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(fd), uintptr(pending), 1, enterGetEv, 0, 0)
		if e != 0 && e != unix.EINTR && e != unix.EAGAIN && e != unix.EBUSY {
			// the ring failed midway: the kernel may still write into
			// the buffers of requests in flight, so they are kept
			// reachable for the life of the process, never reused
			debugf("io_uring: %v: one fstatat per row", e)
			noRing.Store(true)
			leakedMu.Lock()
			leaked = append(leaked, paths, bufs)
			leakedMu.Unlock()
			return nil
		}
		head := atomic.LoadUint32(cqHead)
		for end := atomic.LoadUint32(cqTail); head != end; head++ {
			c := (*uringCQE)(unsafe.Pointer(&cq[cqes+(head&cqMask)*16]))
			s := int(c.userData)
			if s < 0 || s >= slots {
				continue
			}
			st := &bufs[s]
			row := &out[rowOf[s]]
			switch {
			case c.res == -int32(unix.ENOENT) || c.res == -int32(unix.ENOTDIR):
				row.state = 2
			case c.res == 0 && st.Mask&want == want:
				*row = batchRow{
					size:  int64(st.Size),
					mtime: time.Unix(st.Mtime.Sec, int64(st.Mtime.Nsec)).UnixNano(),
					ino:   st.Ino,
					mode:  uint32(fileMode(uint32(st.Mode))),
					state: 1,
				}
			}
			free = append(free, s)
			inflight--
		}
		atomic.StoreUint32(cqHead, head)
	}
	// the buffers the kernel wrote stay alive until every answer is read
	keepAlive(paths, bufs)
	return out
}

//go:noinline
func keepAlive(...any) {}

// batch statx'es every row through an io_uring (batchStat), or nil.
func (s *statDir) batch(src rowSource) []batchRow { return batchStat(s.fd, src) }

// stat is the row's Stat from a batch answer, or false when fstatat must
// say (no answer) or it is gone (ok false, known true).
func (b *batchRow) stat() (st Stat, ok, known bool) {
	switch b.state {
	case 1:
		return Stat{Size: b.size, MTime: b.mtime, Inode: b.ino, Mode: b.mode}, true, true
	case 2:
		return Stat{}, false, true
	}
	return Stat{}, false, false
}
