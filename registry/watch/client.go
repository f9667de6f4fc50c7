package watch

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// Query asks the daemon of the registry at root which paths changed since
// the token since ("" for none: the answer is then "unknown" with a fresh
// token). Any failure — no daemon, a folder not private, a timeout, an
// answer out of bounds — is an error: the caller checks everything.
func Query(root, since string) (Answer, error) {
	var a Answer
	if err := call(root, request{Op: "query", Since: since}, &a, Timeout); err != nil {
		return Answer{}, err
	}
	if _, ok := parseToken(a.Token); !ok {
		return Answer{}, fmt.Errorf("watch: answer without a token")
	}
	if a.Known {
		for _, p := range a.Paths {
			if !cleanPath(p) {
				return Answer{}, fmt.Errorf("watch: answer with a path %q out of the registry", p)
			}
		}
	} else {
		a.Paths = nil
	}
	return a, nil
}

// GetStatus asks the daemon of the registry at root how it stands;
// ErrNotRunning when none answers.
func GetStatus(root string) (Status, error) {
	var s Status
	err := call(root, request{Op: "status"}, &s, 2*Timeout)
	return s, err
}

// Stop asks the daemon of the registry at root to stop, and waits (up to
// a few seconds) until it no longer answers and has let go of its lock, so
// that a daemon started right after is not refused as a second one
// (ErrRunning); ErrNotRunning when none answered.
func Stop(root string) error {
	var s struct{ OK bool }
	if err := call(root, request{Op: "stop"}, &s, 2*Timeout); err != nil {
		return err
	}
	for range 100 {
		if _, err := GetStatus(root); errors.Is(err, ErrNotRunning) && !locked(Dir(root)) {
			return nil
		}
		time.Sleep(30 * time.Millisecond)
	}
	return fmt.Errorf("watch: the watcher did not stop")
}

// call sends one request to the daemon and decodes its one answer.
func call(root string, req request, out any, timeout time.Duration) error {
	dir := Dir(root)
	sock := Socket(root)
	if err := checkSocketPath(sock); err != nil {
		return err
	}
	if err := privateDir(dir); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return ErrNotRunning
		}
		return err
	}
	if _, err := os.Lstat(sock); errors.Is(err, os.ErrNotExist) {
		return ErrNotRunning
	}
	c, err := net.DialTimeout("unix", sock, timeout)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotRunning, err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(timeout))
	b, _ := json.Marshal(req)
	if _, err := c.Write(append(b, '\n')); err != nil {
		return err
	}
	line, err := bufio.NewReaderSize(io.LimitReader(c, maxAnswer+1), 64<<10).ReadBytes('\n')
	if err != nil {
		if errors.Is(err, io.EOF) && len(line) == 0 {
			return fmt.Errorf("%w: closed without an answer", ErrNotRunning)
		}
		return fmt.Errorf("watch: %v", err)
	}
	if len(line) > maxAnswer {
		return fmt.Errorf("watch: answer over %d bytes", maxAnswer)
	}
	if err := json.Unmarshal(line, out); err != nil {
		return fmt.Errorf("watch: bad answer: %v", err)
	}
	return nil
}
