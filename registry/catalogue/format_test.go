package catalogue

import (
	"bytes"
	"testing"
)

func TestRaiseFormat(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"format: 1\nname: R\n", "format: 2\nname: R\n"},
		{"# Le registre\nformat: 1 # ne pas toucher\nname: R\n", "# Le registre\nformat: 2 # ne pas toucher\nname: R\n"},
		{"name: R\ntriagers:\n  - gpso\nformat:   1\n", "name: R\ntriagers:\n  - gpso\nformat:   2\n"},
		{"format: 1\r\nname: R\r\n", "format: 2\r\nname: R\r\n"},
		{"format: \"1\"\nname: R\n", "format: \"2\"\nname: R\n"},
		{"format: '1'\n", "format: '2'\n"},
		{"format:1\n", "format: 2\n"},
		{"format : 1\n", "format : 2\n"},
		{"format:\t1\t# tab\n", "format:\t2\t# tab\n"},
		{"format: 1", "format: 2"},
		{"\ufeffformat: 1\n", "\ufeffformat: 2\n"},
		{"description: |\n  format: 1 in a block\nformat: 1\n", "description: |\n  format: 1 in a block\nformat: 2\n"},
		{"# format: 1\nformats: x\nformat: 01\n", "# format: 1\nformats: x\nformat: 2\n"},
		{"name: R\n", "format: 2\nname: R\n"},
		{"---\nname: R\n", "---\nformat: 2\nname: R\n"},
		{"", "format: 2\n"},
		{"name: R\r\n", "format: 2\r\nname: R\r\n"},
		// Already there or newer: unchanged.
		{"format: 2\nname: R\n", "format: 2\nname: R\n"},
		{"format: 3 # futur\n", "format: 3 # futur\n"},
	} {
		got, changed, err := RaiseFormat([]byte(tc.in), 2)
		if err != nil {
			t.Errorf("RaiseFormat(%q): %v", tc.in, err)
			continue
		}
		if string(got) != tc.want || changed != (tc.in != tc.want) {
			t.Errorf("RaiseFormat(%q) = %q, %v; want %q", tc.in, got, changed, tc.want)
		}
		if changed && parseOK([]byte(tc.in)) {
			if m, _, err := parseMeta(got); err != nil || m.Format != 2 {
				t.Errorf("RaiseFormat(%q) reads back as format %d (%v)", tc.in, m.Format, err)
			}
		}
	}
	for _, bad := range []string{"format: deux\n", "format: -1\n", "format: 1.5\n", "{format: 1, name: R}\n", "format:\n"} {
		if got, _, err := RaiseFormat([]byte(bad), 2); err == nil {
			t.Errorf("RaiseFormat(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzRaiseFormat(f *testing.F) {
	for _, s := range []string{"format: 1\nname: R\n", "# c\nformat: 1 # x\r\n", "name: R\n", "---\n", "format: '1'", "\ufeff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, changed, err := RaiseFormat(data, 2)
		if err != nil || !changed {
			if !bytes.Equal(got, data) {
				t.Fatalf("unchanged or refused, yet edited: %q -> %q", data, got)
			}
			return
		}
		// Only one line changed or one line added; raising again changes nothing.
		if again, ch2, err := RaiseFormat(got, 2); err != nil || ch2 || !bytes.Equal(again, got) {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", data, got, again, err)
		}
		if d := len(got) - len(data); d < 0 || d > len("format: 2\r\n")+1 {
			t.Fatalf("grew by %d bytes: %q -> %q", d, data, got)
		}
		if m, _, err := parseMeta(got); err == nil && !bytes.Contains(got, []byte("{")) && m.Format != 2 && parseOK(data) {
			t.Fatalf("%q raised to %q reads as format %d", data, got, m.Format)
		}
	})
}

// parseOK reports whether data is a registry.yaml that decodes with no
// problem at all (only then must the raised file read as format 2).
func parseOK(data []byte) bool {
	_, probs, err := parseMeta(data)
	return err == nil && len(probs) == 0
}

func TestFilesFormatTellsCommentsAndTransfers(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string][]byte
		want  int
	}{
		"a vote":     {map[string][]byte{"requests/x/votes/gpso.yaml": []byte("need: useful\n")}, 0},
		"a status":   {map[string][]byte{"requests/x/events/20260301T100000Z-gpso.yaml": []byte("status: planned\nname: A\nemail: a@b.example\ndate: 2026-03-01\n")}, 0},
		"a comment":  {map[string][]byte{"requests/x/comments/20260301T100000Z-gpso.yaml": []byte("body: x\n")}, 2},
		"a transfer": {map[string][]byte{"requests/x/events/20260301T100000Z-gpso.yaml": []byte("transfer_to: meudon\nname: A\nemail: a@b.example\ndate: 2026-03-01\n")}, 2},
		"a removal":  {map[string][]byte{"requests/x/comments/20260301T100000Z-gpso.yaml": nil}, 0},
	} {
		if got := FilesFormat(tc.files); got != tc.want {
			t.Errorf("%s: format %d, want %d", name, got, tc.want)
		}
	}
}
