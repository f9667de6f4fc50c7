package fact

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// hostileText carries every kind of character a terminal may act upon.
const hostileText = "a\x1b[2J\x1b]0;pwned\a\x1b]52;c;ZXZpbA==\a\u009b31m\u0085\x7f\r\u202eb\u2066\u200f\ufeff\u2028c\nd\te"

func TestWriteJSONEscapesWhatTerminalsActOn(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, map[string]string{"title": hostileText, "plain": "Sèvres <b> & ü"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"\x1b", "\a", "\r", "\x7f", "\u009b", "\u0085", "\u202e", "\u2066", "\u200f", "\ufeff", "\u2028"} {
		if strings.Contains(out, bad) {
			t.Errorf("JSON output holds raw %q:\n%q", bad, out)
		}
	}
	if !strings.Contains(out, `\u009b`) || !strings.Contains(out, `\u202e`) || !strings.Contains(out, `\u007f`) {
		t.Errorf("C1, bidi and DEL not escaped:\n%s", out)
	}
	if !strings.Contains(out, "Sèvres <b> & ü") {
		t.Errorf("ordinary text changed:\n%s", out)
	}
	var back map[string]string
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	if back["title"] != hostileText {
		t.Errorf("round trip: got %q, want %q", back["title"], hostileText)
	}
}

func TestEscapeJSONLeavesCleanInputAlone(t *testing.T) {
	in := []byte(`{"a": "Issy-les-Moulineaux, Sèvres — 3/8 communes"}`)
	if out := EscapeJSON(in); &out[0] != &in[0] {
		t.Errorf("clean input copied")
	}
}

// FuzzWriteJSON: whatever the string, the JSON holds no character EscapeJSON
// escapes and decodes to what encoding/json alone would give.
func FuzzWriteJSON(f *testing.F) {
	for _, s := range []string{hostileText, "", "Sèvres", "\xff\x9b", "\u2028\u2029", `"\u009b"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, s); err != nil {
			t.Fatal(err)
		}
		for _, r := range buf.String() {
			if jsonUnsafe(r) || r < 0x20 && r != '\n' {
				t.Fatalf("raw %U in %q", r, buf.String())
			}
		}
		var got, want string
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("invalid JSON %q: %v", buf.String(), err)
		}
		plain, _ := json.Marshal(s)
		if err := json.Unmarshal(plain, &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("decoded %q, want %q", got, want)
		}
	})
}
