package registry

import (
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/gpso/codal/fact"
)

// Limits on what a Git server may make codal print or remember.
const (
	remoteLineMax   = 4096 // bytes of one side-band line kept before it is cut
	remoteShownMax  = 200  // runes of one line shown
	remoteLinesMax  = 100  // message lines printed per operation
	remoteReasonMax = 20   // message lines kept for a refusal's reason
)

// RemoteOutput receives what a Git server sends on its side band during a
// clone, a fetch or a push (the "remote: …" lines: progress counters, hook
// messages) and prints it safely. Anyone can run the server a registry is
// cloned from, so every line is cleaned of control sequences (fact.Clean:
// ESC, CSI, OSC 52, C1 controls, bidirectional overrides), cut to a bounded
// length, and at most remoteLinesMax lines are printed.
//
// Lines ending in a carriage return are progress (git rewrites them in
// place). On a terminal they are shown as one line updated in place; off a
// terminal (a pipe, a log) they are dropped, so no flood of "\r" ever reaches
// a file. Lines ending in a newline are messages: they are printed, cleaned,
// as "remote: …" lines in both cases. Off a terminal, clones and fetches ask
// the server for no progress at all.
//
// A RemoteOutput is safe for concurrent use.
type RemoteOutput struct {
	w        io.Writer
	terminal bool

	mu       sync.Mutex
	pending  []byte // a line not yet ended
	shown    bool   // a progress line is on screen (terminal only)
	printed  int
	omitted  int
	messages []string // the first message lines, for a refusal's reason
}

// NewRemoteOutput prints a Git server's side band to w; terminal says
// whether w is a terminal (progress is then shown on one updating line).
func NewRemoteOutput(w io.Writer, terminal bool) *RemoteOutput {
	return &RemoteOutput{w: w, terminal: terminal}
}

// Terminal reports whether progress is shown.
func (o *RemoteOutput) Terminal() bool { return o != nil && o.terminal }

// Write takes side-band bytes; it never fails.
func (o *RemoteOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.pending = append(o.pending, p...)
	for {
		i := indexLineEnd(o.pending)
		if i < 0 {
			if len(o.pending) > remoteLineMax {
				o.line(string(o.pending[:remoteLineMax]), false)
				o.pending = o.pending[:0]
			}
			return len(p), nil
		}
		text, end := string(o.pending[:i]), o.pending[i]
		rest := i + 1
		if end == '\r' {
			if rest == len(o.pending) {
				// "\r" may be the first half of "\r\n": wait for the next byte.
				return len(p), nil
			}
			if o.pending[rest] == '\n' {
				end, rest = '\n', rest+1
			}
		}
		if len(text) > remoteLineMax {
			text = text[:remoteLineMax]
		}
		o.line(text, end == '\r')
		o.pending = o.pending[rest:]
	}
}

// Flush prints what is left of an unended line and ends the progress line;
// call it once the transfer is over.
func (o *RemoteOutput) Flush() {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.pending) > 0 {
		text := strings.TrimSuffix(string(o.pending), "\r")
		o.pending = o.pending[:0]
		o.line(text, false)
	}
	if o.shown {
		io.WriteString(o.w, "\n")
		o.shown = false
	}
	if o.omitted > 0 {
		io.WriteString(o.w, "remote: … (+"+strconv.Itoa(o.omitted)+")\n")
		o.omitted = 0
	}
}

// Messages returns the first message lines received (cleaned), which hold
// the reason a hook gives when it refuses a push.
func (o *RemoteOutput) Messages() []string {
	if o == nil {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.messages...)
}

// line handles one line, without its ending; progress says it ended in "\r".
func (o *RemoteOutput) line(raw string, progress bool) {
	text := strings.TrimSpace(fact.Truncate(fact.CleanLine(raw), remoteShownMax))
	if text == "" {
		return
	}
	if progress {
		if o.terminal && o.w != nil {
			io.WriteString(o.w, "\r\x1b[Kremote: "+text)
			o.shown = true
		}
		return
	}
	if len(o.messages) < remoteReasonMax {
		o.messages = append(o.messages, text)
	}
	if o.w == nil {
		return
	}
	if o.printed >= remoteLinesMax {
		o.omitted++
		return
	}
	o.printed++
	if o.shown {
		io.WriteString(o.w, "\r\x1b[K")
		o.shown = false
	}
	io.WriteString(o.w, "remote: "+text+"\n")
}

// indexLineEnd is the index of the first "\r" or "\n" in b, or -1.
func indexLineEnd(b []byte) int {
	for i, c := range b {
		if c == '\r' || c == '\n' {
			return i
		}
	}
	return -1
}
