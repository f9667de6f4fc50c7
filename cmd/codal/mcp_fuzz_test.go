//go:build !lean

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzMCPArguments decodes arbitrary tool arguments into every tool's input
// and turns them into command lines: nothing panics, every value stays
// inside its own --flag=value or after "--" (so no value becomes a flag),
// and validate_csv's path check never lets a path out of the allowed folder.
func FuzzMCPArguments(f *testing.F) {
	for _, s := range []string{
		`{"kind":"requests","query":"climat"}`, `{"kind":"--help","id":"../x"}`, `{"id":"-x","as":"--as=gpso","status":"planned"}`,
		`{"title":"a\nb","to":"gpso","themes":["--registry=/", "x"]}`, `{"since":"--mark-read","following":true}`,
		`{"schema":"salles","path":"../../etc/passwd","delimiter":";"}`, `{"body":"--","reply_to":"x"}`, `[]`, `null`, `{"kind":3}`,
	} {
		f.Add([]byte(s))
	}
	root := mcpFuzzRoot(f)
	m := &mcpServer{a: &app{}, roots: []string{root}}
	cmdWords := map[string]bool{"list": true, "show": true, "request": true, "rank": true, "news": true, "schema": true, "validate": true,
		"new": true, "vote": true, "unvote": true, "status": true, "comment": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(args []string, positional int) {
			i := 0
			for ; i < len(args) && args[i] != "--"; i++ {
				a := args[i]
				if !cmdWords[a] && a != "--json" && a != "--following" && !(strings.HasPrefix(a, "--") && strings.Contains(a, "=")) {
					t.Fatalf("argument %q of %q may be read as a flag or a word", a, args)
				}
			}
			if positional > 0 && len(args)-i-1 != positional {
				t.Fatalf("%q: want %d arguments after --", args, positional)
			}
		}
		var l listInput
		if json.Unmarshal(data, &l) == nil {
			check(l.args(), 1)
		}
		var s showInput
		if json.Unmarshal(data, &s) == nil {
			check(s.args(), 1)
		}
		var n newsInput
		if json.Unmarshal(data, &n) == nil {
			check(n.args(), 0)
		}
		var fi fileInput
		if json.Unmarshal(data, &fi) == nil {
			check(fi.args(), 0)
		}
		var su supportInput
		if json.Unmarshal(data, &su) == nil {
			check(su.args(), 1)
		}
		var w withdrawInput
		if json.Unmarshal(data, &w) == nil {
			check(w.args(), 1)
		}
		var st statusInput
		if json.Unmarshal(data, &st) == nil {
			check(st.args(), 2)
		}
		var c commentInput
		if json.Unmarshal(data, &c) == nil {
			check(c.args(), 1)
		}
		var v validateInput
		if json.Unmarshal(data, &v) == nil {
			check(v.args("/x.csv"), 2)
			if p, err := m.allowed(v.Path); err == nil && !inside([]string{root}, p) {
				t.Fatalf("path %q allowed as %q, outside %s", v.Path, p, root)
			}
		}
		jsonObject(data)
	})
}

// mcpFuzzRoot is an allowed folder with a file and a link out of it.
func mcpFuzzRoot(f *testing.F) string {
	root, err := filepath.EvalSymlinks(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "a.csv"), []byte("x\n1\n"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(root, "passwd.csv"))
	return root
}
