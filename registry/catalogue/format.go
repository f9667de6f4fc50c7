package catalogue

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/gpso/codal/requests"

	"github.com/gpso/codal/i18n"
)

// FilesFormat is the registry format a set of files (path -> content, nil
// for a removal) needs: 2 when it writes a comment
// (requests/<id>/comments/…) or a transfer (an event file that parses with
// a transfer_to), otherwise 0 (any). A store proposing files it
// did not prepare (a share branch) asks it for the Change's MinFormat. A
// format-2 fact that is not told by its path alone must be added here.
func FilesFormat(files map[string][]byte) int {
	need := 0
	for p, data := range files {
		if data == nil {
			continue
		}
		parts := strings.Split(p, "/")
		if len(parts) != 4 || parts[0] != string(Requests) {
			continue
		}
		switch parts[2] {
		case CommentsDir:
			need = max(need, 2)
		case EventsDir:
			if e, _ := requests.ParseEvent(p, data); e != nil && e.IsTransfer() {
				need = max(need, 2)
			}
		}
	}
	return need
}

// Raised returns ch ready to commit over a tree whose registry.yaml holds
// meta: when ch.MinFormat is more than meta's format line says, ch with
// registry.yaml added, its format line raised to MinFormat and every other
// byte kept (RaiseFormat); otherwise ch itself. ch's own map is never
// modified. A change that writes registry.yaml itself is left as it is.
func (ch Change) Raised(meta []byte) (Change, error) {
	if ch.MinFormat <= 0 {
		return ch, nil
	}
	if _, own := ch.Files[MetaFile]; own {
		return ch, nil
	}
	raised, changed, err := RaiseFormat(meta, ch.MinFormat)
	if err != nil || !changed {
		return ch, err
	}
	files := make(map[string][]byte, len(ch.Files)+1)
	for p, data := range ch.Files {
		files[p] = data
	}
	files[MetaFile] = raised
	ch.Files = files
	return ch, nil
}

// RaiseFormat edits registry.yaml's top-level format line so that it says at
// least min: only the number changes, the line's spacing, quotes and
// trailing comment, the other lines, their order, comments and line ends
// stay byte for byte. changed is false (and data returned as is) when the
// format already says min or more. A file with no format line gets
// "format: min" as its first line (after a byte order mark or a "---"
// document start). A format that is not a whole number, or a registry.yaml
// that is not a block mapping (a flow mapping "{…}"), is an error: codal
// does not guess.
func RaiseFormat(data []byte, min int) (_ []byte, changed bool, _ error) {
	start := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		start = 3
	}
	insertAt := start
	for i := start; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if end >= 0 {
			next = i + end + 1
			end = i + end
		} else {
			end = len(data)
		}
		line := string(bytes.TrimRight(data[i:end], "\r"))
		if i == insertAt && (line == "---" || strings.HasPrefix(line, "--- ") || strings.HasPrefix(line, "%")) {
			insertAt = next // a directive or the document start: the format line goes after it
		}
		if strings.HasPrefix(line, "{") {
			return data, false, errFormatLine(i18n.T("registry.yaml n'est pas une suite de lignes clé: valeur", "registry.yaml is not a list of key: value lines"))
		}
		if rest, ok := strings.CutPrefix(line, "format"); ok {
			rest2 := strings.TrimLeft(rest, " \t")
			if strings.HasPrefix(rest2, ":") {
				off := i + len("format") + (len(rest) - len(rest2)) + 1 // just after the ':'
				return raiseValue(data, off, i+len(line), min)
			}
		}
		i = next
	}
	line := "format: " + strconv.Itoa(min) + "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		line = "format: " + strconv.Itoa(min) + "\r\n"
	}
	out := make([]byte, 0, len(data)+len(line))
	out = append(out, data[:insertAt]...)
	if insertAt > 0 && data[insertAt-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, line...)
	out = append(out, data[insertAt:]...)
	return out, true, nil
}

// raiseValue rewrites the number between off (just after "format:") and
// end (the line's end, before any \r) when it is less than min.
func raiseValue(data []byte, off, end, min int) ([]byte, bool, error) {
	value := string(data[off:end])
	lead := len(value) - len(strings.TrimLeft(value, " \t"))
	token := value[lead:]
	if i := strings.Index(token, " #"); i >= 0 {
		token = token[:i]
	} else if i := strings.Index(token, "\t#"); i >= 0 {
		token = token[:i]
	}
	token = strings.TrimRight(token, " \t")
	num, quote := token, ""
	if len(num) >= 2 && (num[0] == '"' || num[0] == '\'') && num[len(num)-1] == num[0] {
		num, quote = num[1:len(num)-1], num[:1]
	}
	n, err := strconv.Atoi(num)
	if err != nil || num == "" || num[0] == '+' || num[0] == '-' {
		return data, false, errFormatLine(i18n.T("le format de registry.yaml (%q) n'est pas un nombre entier", "registry.yaml's format (%q) is not a whole number"), token)
	}
	if n >= min {
		return data, false, nil
	}
	at := off + lead
	repl := quote + strconv.Itoa(min) + quote
	if lead == 0 {
		repl = " " + repl // "format:1" is not a YAML mapping entry; "format: 2" is
	}
	out := make([]byte, 0, len(data)+len(repl))
	out = append(out, data[:at]...)
	out = append(out, repl...)
	out = append(out, data[at+len(token):]...)
	return out, true, nil
}

func errFormatLine(t i18n.Text, args ...any) error {
	return i18n.Errorf(i18n.T("impossible de relever le format du registre : %s", "cannot raise the registry's format: %s"), i18n.Errorf(t, args...))
}
