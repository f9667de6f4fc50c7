//go:build linux

package watch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// testHold, when set (tests), is called before each read of the kernel's
// events: a test holds it to let the queue overflow.
var testHold atomic.Pointer[func()]

// Supported reports whether this system has a watcher.
const Supported = true

// mask is what every watch asks for: any change of a name, a content, an
// attribute (a mode, a time), a folder of its own; never through a link.
const mask = unix.IN_MODIFY | unix.IN_ATTRIB | unix.IN_CLOSE_WRITE | unix.IN_MOVED_FROM | unix.IN_MOVED_TO |
	unix.IN_CREATE | unix.IN_DELETE | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF |
	unix.IN_EXCL_UNLINK | unix.IN_ONLYDIR | unix.IN_DONT_FOLLOW

type daemon struct {
	root    string // absolute, resolved
	shown   string // as commands name it (Dir's key)
	dir     string // the private folder
	cookies string
	fd      int
	file    *os.File
	cancel  context.CancelFunc

	mu       sync.Mutex
	log      *changeLog
	wds      map[int]string // watch → its folder's slash path ("." the root)
	paths    map[string]int
	cookieWD int
	waiters  map[string]chan uint64
	started  time.Time
	ready    time.Time

	cookieN atomic.Uint64
}

// Run is the daemon of the registry at root, in the foreground: it watches
// the work tree, serves its socket, and returns when ctx ends, when asked
// to stop, or when root disappears. ErrRunning when another daemon serves
// root already.
func Run(ctx context.Context, root string, opt Options) (err error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	// The root may be a link the user chose (~/registre → …): it is
	// resolved once, and nothing under it is ever followed. The daemon is
	// keyed by the path commands are given.
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return err
	}
	if fi, err := os.Lstat(real); err != nil || !fi.IsDir() {
		return fmt.Errorf("watch: %s is not a folder", abs)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := &daemon{root: real, shown: abs, dir: Dir(abs), cancel: cancel, wds: map[int]string{}, paths: map[string]int{},
		waiters: map[string]chan uint64{}, started: time.Now()}
	logCap := opt.LogCap
	if logCap <= 0 {
		logCap = MaxLog
	}
	d.log = newLog(logCap)
	sock := filepath.Join(d.dir, "sock")
	if err := checkSocketPath(sock); err != nil {
		return err
	}
	if err := makePrivateDir(d.dir); err != nil {
		return err
	}
	lock, err := os.OpenFile(filepath.Join(d.dir, "lock"), os.O_CREATE|os.O_RDWR|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		if errors.Is(err, unix.EWOULDBLOCK) {
			return ErrRunning
		}
		return err
	}
	d.cookies = filepath.Join(d.dir, "cookies")
	os.RemoveAll(d.cookies)
	if err := os.Mkdir(d.cookies, 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(d.cookies)

	d.fd, err = unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return fmt.Errorf("watch: inotify: %v", err)
	}
	d.file = os.NewFile(uintptr(d.fd), "inotify") // non-blocking: Close wakes its reader
	defer d.file.Close()
	if d.cookieWD, err = unix.InotifyAddWatch(d.fd, d.cookies, unix.IN_CREATE|unix.IN_ONLYDIR|unix.IN_DONT_FOLLOW); err != nil {
		return fmt.Errorf("watch: %s: %v", d.cookies, err)
	}

	read := make(chan struct{})
	go func() { defer close(read); d.read() }()
	d.mu.Lock()
	d.walk()
	d.ready = time.Now()
	blind := d.log.blind
	d.mu.Unlock()
	if blind != "" {
		// blind from the start: say why rather than hold the watches
		// for nothing
		d.file.Close()
		<-read
		return fmt.Errorf("%w: %s", ErrBlind, blind)
	}

	os.Remove(sock) // a stale socket: we hold the lock, nobody serves it
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(true)
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return err
	}
	served := make(chan struct{})
	go func() { defer close(served); d.serve(ln) }()
	if opt.Ready != nil {
		opt.Ready(d.status())
	}
	select {
	case <-ctx.Done():
	case <-read:
		cancel()
	}
	ln.Close()
	<-served
	d.file.Close()
	<-read
	return nil
}

// walk watches the root and everything under the kind folders (d.mu held).
func (d *daemon) walk() {
	if !d.watch(".") {
		return
	}
	ents, err := os.ReadDir(d.root)
	if err != nil {
		d.log.blind = fmt.Sprintf("%s: %v", d.root, err)
		return
	}
	for _, e := range ents {
		if e.IsDir() && inTop(e.Name()) {
			d.addTree(e.Name(), false, 1)
		}
	}
}

// watch adds (or renews) the watch of folder rel; false when it is gone or
// no folder (a link, say): nothing to watch. Any other failure (the
// system's max_user_watches, a folder not readable) makes the daemon blind.
func (d *daemon) watch(rel string) bool {
	wd, err := unix.InotifyAddWatch(d.fd, filepath.Join(d.root, filepath.FromSlash(rel)), mask)
	if err != nil {
		if !errors.Is(err, unix.ENOENT) && !errors.Is(err, unix.ENOTDIR) && !errors.Is(err, unix.ELOOP) {
			d.log.blind = fmt.Sprintf("%s: %v", rel, err)
		}
		return false
	}
	if old, ok := d.paths[rel]; ok && old != wd {
		delete(d.wds, old)
	}
	if old, ok := d.wds[wd]; ok && old != rel {
		delete(d.paths, old)
	}
	d.wds[wd] = rel
	d.paths[rel] = wd
	return true
}

// addTree watches folder rel and every folder under it, watching each
// before listing it, so that nothing made meanwhile is missed; with report,
// everything found is logged as changed (a folder made, then filled before
// its watch was added).
func (d *daemon) addTree(rel string, report bool, depth int) {
	if depth > maxDepth {
		d.log.blind = fmt.Sprintf("%s: deeper than %d folders", rel, maxDepth)
		return
	}
	if !d.watch(rel) {
		return
	}
	ents, err := os.ReadDir(filepath.Join(d.root, filepath.FromSlash(rel)))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, unix.ENOTDIR) {
			d.log.blind = fmt.Sprintf("%s: %v", rel, err)
		}
		return
	}
	for _, e := range ents {
		p := rel + "/" + e.Name()
		if report {
			d.log.add(p)
		}
		if e.IsDir() { // from the folder's own entry type: a link is no folder
			d.addTree(p, report, depth+1)
		}
	}
}

// unwatchTree drops the watches of rel and every folder under it (a folder
// moved away: its watches would report under the old name).
func (d *daemon) unwatchTree(rel string) {
	for p, wd := range d.paths {
		if p == rel || strings.HasPrefix(p, rel+"/") {
			unix.InotifyRmWatch(d.fd, uint32(wd))
			delete(d.paths, p)
			delete(d.wds, wd)
		}
	}
}

// read reads the kernel's events until the inotify file is closed, or
// the registry's root is gone.
func (d *daemon) read() {
	buf := make([]byte, 64<<10)
	for {
		if h := testHold.Load(); h != nil {
			(*h)()
		}
		n, err := d.file.Read(buf)
		if err != nil {
			return
		}
		d.mu.Lock()
		gone := false
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			end := off + unix.SizeofInotifyEvent + int(ev.Len)
			if end > n {
				break
			}
			name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:end]), "\x00")
			if d.event(int(ev.Wd), ev.Mask, name) {
				gone = true
			}
			off = end
		}
		d.mu.Unlock()
		if gone {
			return
		}
	}
}

// event logs one event (d.mu held); true when the root is gone.
func (d *daemon) event(wd int, m uint32, name string) bool {
	if m&unix.IN_Q_OVERFLOW != 0 {
		// events were lost: every older token is unknown, and a folder
		// made meanwhile may be unwatched: watch everything again
		d.log.lost()
		d.walk()
		return false
	}
	if wd == d.cookieWD {
		if m&unix.IN_CREATE != 0 {
			if ch, ok := d.waiters[name]; ok {
				ch <- d.log.seq
				delete(d.waiters, name)
			}
		}
		return false
	}
	rel, ok := d.wds[wd]
	if !ok {
		return false
	}
	if m&unix.IN_IGNORED != 0 {
		delete(d.wds, wd)
		if d.paths[rel] == wd {
			delete(d.paths, rel)
		}
		return false
	}
	if name == "" {
		if rel == "." && m&(unix.IN_DELETE_SELF|unix.IN_MOVE_SELF) != 0 {
			return true
		}
		if rel != "." {
			d.log.add(rel)
		}
		return false
	}
	if rel == "." && !inTop(name) {
		return false
	}
	p := join(rel, name)
	d.log.add(p)
	if m&unix.IN_ISDIR != 0 {
		if m&unix.IN_MOVED_FROM != 0 {
			d.unwatchTree(p)
		}
		if m&(unix.IN_CREATE|unix.IN_MOVED_TO) != 0 {
			d.addTree(p, true, strings.Count(p, "/")+1)
		}
	}
	return false
}

// sync is the cookie: a file made in the watched cookie folder, whose own
// event, once read, proves that every event queued before it is logged.
// It returns the log's point then.
func (d *daemon) sync() (uint64, bool) {
	name := strconv.FormatUint(d.cookieN.Add(1), 10)
	ch := make(chan uint64, 1)
	d.mu.Lock()
	d.waiters[name] = ch
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		delete(d.waiters, name)
		d.mu.Unlock()
	}()
	p := filepath.Join(d.cookies, name)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return 0, false
	}
	f.Close()
	defer os.Remove(p)
	t := time.NewTimer(Timeout * 9 / 10)
	defer t.Stop()
	select {
	case seq := <-ch:
		return seq, true
	case <-t.C:
		return 0, false
	}
}

func (d *daemon) status() Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return Status{Dir: d.shown, PID: os.Getpid(), Since: utcMillis(d.started), Ready: utcMillis(d.ready), Folders: len(d.wds),
		Token: d.log.token().String(), Logged: len(d.log.entries), Blind: d.log.blind, Socket: filepath.Join(d.dir, "sock")}
}

// serve answers clients, at most maxConns at once (others are closed at
// once: they check everything).
func (d *daemon) serve(ln net.Listener) {
	sem := make(chan struct{}, maxConns)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		select {
		case sem <- struct{}{}:
		default:
			c.Close()
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			defer c.Close()
			d.answer(c)
		}()
	}
}

// answer reads one request line (capped) and writes one answer line.
func (d *daemon) answer(c net.Conn) {
	c.SetDeadline(time.Now().Add(2 * Timeout))
	line, err := bufio.NewReaderSize(io.LimitReader(c, maxRequest), maxRequest).ReadBytes('\n')
	if err != nil {
		return
	}
	var req request
	if json.Unmarshal(line, &req) != nil {
		return
	}
	var out any
	switch req.Op {
	case "query":
		seq, ok := d.sync()
		if !ok {
			out = Answer{}
			break
		}
		d.mu.Lock()
		out = d.log.since(req.Since, seq)
		d.mu.Unlock()
	case "status":
		out = d.status()
	case "stop":
		out = struct{ OK bool }{true}
		defer d.cancel()
	default:
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		return
	}
	c.Write(append(b, '\n'))
}

// Detach makes c, the daemon started by `codal watch start`, a session of
// its own: it outlives the command and its terminal.
func Detach(c *exec.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }

// locked reports whether a daemon holds the lock in its folder dir (it
// runs, or has not finished stopping).
func locked(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|unix.O_NOFOLLOW, 0)
	if err != nil {
		return false // no lock file: no daemon ever held it
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return errors.Is(err, unix.EWOULDBLOCK)
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return false
}
