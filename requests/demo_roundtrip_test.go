package requests_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/gpso/codal/registry/demo"
	"github.com/gpso/codal/requests"
)

// Every request, vote and event file of the demo, written by hand in the
// format's style, comes out of Parse and YAML byte for byte: codal writes
// files the way people do.
func TestDemoFilesRenderBackIdentically(t *testing.T) {
	demo := demo.FS()
	n := 0
	err := fs.WalkDir(demo, "requests", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := fs.ReadFile(demo, p)
		if err != nil {
			return err
		}
		var out []byte
		switch {
		case strings.Contains(p, "/votes/"):
			v, _ := requests.ParseVote(p, data)
			out = v.YAML()
		case strings.Contains(p, "/events/"):
			e, _ := requests.ParseEvent(p, data)
			out = e.YAML()
		default:
			r, _ := requests.Parse(p, data)
			out = r.YAML()
		}
		if string(out) != string(data) {
			t.Errorf("%s renders differently:\n%s\nwant:\n%s", p, out, data)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Fatalf("only %d demo files", n)
	}
}
