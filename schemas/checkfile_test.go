package schemas

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpso/codal/i18n"
)

func TestCheckFile(t *testing.T) {
	s := &Schema{ID: "mini", Fields: []Field{{Name: "code", Type: "integer"}}}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte("code\n1\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wrapped := int64(-1)
	rep, err := CheckFile(s, good, Options{}, func(r io.Reader, size int64) io.Reader { wrapped = size; return r })
	if err != nil || rep.Valid() || len(rep.Errors) != 1 {
		t.Fatalf("report %+v, %v", rep, err)
	}
	if wrapped != int64(len("code\n1\nx\n")) {
		t.Errorf("wrap saw size %d", wrapped)
	}
	rep2, err := CheckReader(s, strings.NewReader("code\n1\nx\n"), "stdin", Options{})
	if err != nil || len(rep2.Errors) != len(rep.Errors) {
		t.Errorf("reader: %+v, %v", rep2, err)
	}

	for _, c := range []struct{ path, want string }{
		{dir, dir + " is a folder, not a CSV file"},
		{filepath.Join(dir, "absent.csv"), "unreadable file " + filepath.Join(dir, "absent.csv") + ": it does not exist"},
		{filepath.Join(good, "x.csv"), "unreadable file " + filepath.Join(good, "x.csv") + ": not a directory"},
	} {
		_, err := CheckFile(s, c.path, Options{}, nil)
		if got := i18n.Message(err, i18n.EN); got != c.want {
			t.Errorf("%s: %q, want %q", c.path, got, c.want)
		}
	}
	_, err = CheckFile(&Schema{ID: "empty"}, good, Options{}, nil)
	if got := i18n.Message(err, i18n.EN); !strings.HasPrefix(got, "schema empty cannot be used (schema empty describes no column") {
		t.Errorf("broken schema: %q", got)
	}
	_, err = CheckFile(s, good, Options{Encoding: "klingon"}, nil)
	var ie *i18n.Error
	if !errors.As(err, &ie) || !strings.HasPrefix(i18n.Message(err, i18n.EN), "cannot check "+good+": ") {
		t.Errorf("bad encoding: %v", err)
	}
}
