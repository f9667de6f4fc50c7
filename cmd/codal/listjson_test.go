package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// encoderString is s as writeJSON's encoder quotes it (HTML escaping off).
func encoderString(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestJSONStringIsTheEncoders: appendJSONString quotes every string as
// encoding/json does with HTML escaping off: every character up to
// U+30000 alone and between text, every byte alone (invalid UTF-8 among
// them), cut and overlong sequences, surrogates, and random strings of
// hostile pieces.
func TestJSONStringIsTheEncoders(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := string(appendJSONString(nil, s)), encoderString(t, s); got != want {
			t.Fatalf("%q: got %s, encoding/json writes %s", s, got, want)
		}
	}
	for r := rune(0); r <= 0x30000; r++ {
		c := string(r)
		check(c)
		if r%7 == 0 {
			check("a" + c + "é")
		}
	}
	for b := 0; b < 256; b++ {
		check(string([]byte{byte(b)}))
		check("x" + string([]byte{byte(b)}) + "y")
	}
	pieces := []string{"", "a", "é", "水", "✓", "\"", "\\", "\n", "\t", "\b", "\f", "\r", "\x00", "\x1b[31m", "\x7f",
		"\u0085", "\u009b", "\u2028", "\u2029", "\u202e", "\ufeff", "<script>", "&amp;", ">", "\xff", "\xc3", "\xe2\x80",
		"\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\U0001F600"}
	rng := rand.New(rand.NewPCG(18, 18))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
}

// hostileJSON gives the first requests of the registry in dir a title, a
// description, a usage and themes a JSON list must escape exactly as
// encoding/json and fact.EscapeJSON do (quotes, backslashes, controls, an
// escape sequence, DEL, C1, bidirectional controls, U+2028, a byte order
// mark, HTML, invalid UTF-8 where the file's reader lets it through), and
// commits them.
func hostileJSON(t *testing.T, dir string) {
	t.Helper()
	titles := []string{
		`"Eau \"potable\" \\ C:\\eau\\ <script>alert('x')</script> & co"`,
		`"Rouge \e[31m et cloche \a, NUL \0, DEL \x7f, C1 \x85 \u009b, bidi \u202e\u2066 fin"`,
		`"Séparateurs \u2028 de ligne \u2029 et BOM \ufeff, tab \t, retour \r\n"`,
		"Eau \xff\xfe invalide \xc3 coupé",
	}
	ids, err := os.ReadDir(filepath.Join(dir, "requests"))
	if err != nil || len(ids) < len(titles) {
		t.Fatalf("requests of %s: %d, %v", dir, len(ids), err)
	}
	for i, title := range titles {
		p := filepath.Join(dir, "requests", ids[i].Name(), "request.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		skip := false
		for _, line := range strings.Split(string(data), "\n") {
			if skip && strings.HasPrefix(line, " ") {
				continue
			}
			skip = false
			switch {
			case strings.HasPrefix(line, "title:"):
				line = "title: " + title
			case strings.HasPrefix(line, "description:"), strings.HasPrefix(line, "usage:"), strings.HasPrefix(line, "themes:"):
				skip = true
				continue
			}
			out = append(out, line)
		}
		out = append(out, "description: "+titles[(i+1)%len(titles)], "usage: "+titles[(i+2)%len(titles)],
			"themes:", "  - "+titles[(i+3)%len(titles)], "  - eau")
		if err := os.WriteFile(p, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// two transfers of the first request, one with a note to escape
	events := filepath.Join(dir, "requests", ids[0].Name(), "events")
	if err := os.MkdirAll(events, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"20260601T120000Z-gpso.yaml":   "transfer_to: meudon\nname: A\nemail: a@example.org\ndate: 2026-06-01\n",
		"20260602T083015Z-meudon.yaml": "transfer_to: vanves\nname: B\nemail: b@example.org\ndate: 2026-06-02T10:30:15+02:00\nnote: " + titles[1] + "\n",
	} {
		if err := os.WriteFile(filepath.Join(events, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "--no-gpg-sign", "-m", "hostile"}} {
		if out, err := registrytest.Git(dir, args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// encoderListing is `list requests --json` as it was printed before
// requestJSONList: ListRequests' standings as requestJSON objects through
// writeJSON (encoding/json), with listOutput's separator.
func encoderListing(t *testing.T, l catalogue.Lister, terms []string) string {
	t.Helper()
	board, err := l.ListRequests(terms)
	if err != nil {
		t.Fatal(err)
	}
	objs := []any{}
	for _, s := range board {
		objs = append(objs, newRequestJSON(s))
	}
	var out bytes.Buffer
	if err := writeJSON(&out, objs); err != nil {
		t.Fatal(err)
	}
	return out.String() + "\x00stderr\x00"
}

// TestRequestJSONIsTheListing: `list requests --json` printed by
// requestJSONList from the index's standings (catalogue.StandingLister),
// from ListRequests' (a Lister without them) and from a full load of the
// work tree is byte for byte what writeJSON prints from ListRequests'
// standings through encoding/json, for queries that keep many rows,
// a few and none, in French and in English, with hostile text in titles,
// descriptions, usages and themes; on the demo (transfers, every status)
// and, in the long suite, a generated registry.
func TestRequestJSONIsTheListing(t *testing.T) {
	isolate(t)
	regs := map[string]string{"demo": demoRegistry(t)}
	if registrytest.Long() {
		gen := filepath.Join(t.TempDir(), "gen")
		if err := registrytest.Generate(gen, registrytest.Scale(400), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := registrytest.CommitAll(gen, "generated"); err != nil {
			t.Fatal(err)
		}
		regs["generated"] = gen
	}
	for _, dir := range regs {
		hostileJSON(t, dir)
		agedFiles(t, dir)
	}
	for name, dir := range regs {
		t.Run(name, func(t *testing.T) {
			r, err := registry.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			r.IndexPath = filepath.Join(t.TempDir(), "index")
			if _, err := r.Catalogue(); err != nil { // builds the index
				t.Fatal(err)
			}
			l, err := r.Lister(catalogue.Requests)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := l.(catalogue.StandingLister); !ok {
				t.Fatalf("the warm index's lister is a %T, without standings", l)
			}
			loaded, err := r.Load()
			if err != nil {
				t.Fatal(err)
			}
			all := listOutput(t, l, i18n.FR, nil, true)
			for _, want := range []string{`\"potable\" \\ C:\\eau\\ <script>`, `\u001b[31m`, `\u0007`, `\u0000`, `\u007f`, `\u0085`,
				`\u202e`, `\u2028`, `\u2029`, `\ufeff`, `\t`, `\r\n`, `"transfers": [` + "\n", `"from": `, `"note": `, `"wanted_by": `, `+02:00"`} {
				if !strings.Contains(all, want) {
					t.Errorf("the whole list has no %s", want)
				}
			}
			if !utf8.ValidString(all) {
				t.Error("the list is not valid UTF-8")
			}
			block := jsonBlock
			defer func() { jsonBlock = block }()
			for _, q := range []string{"", "eau", "EAU potable", "rouge", "separateurs", "climat sevres", "meudon", "demande-3", "zzzqqq"} {
				terms := catalogue.Terms(q)
				for _, lang := range []i18n.Lang{i18n.FR, i18n.EN} {
					jsonBlock = block
					fast := listOutput(t, l, lang, terms, true)
					jsonBlock = 1 // a block for each request
					if blocks := listOutput(t, l, lang, terms, true); blocks != fast {
						t.Fatalf("--query %q, %s: the JSON differs when each request is a block: %s", q, lang, firstDiff(blocks, fast))
					}
					if enc := encoderListing(t, l, terms); fast != enc {
						t.Fatalf("--query %q, %s: the JSON differs from encoding/json's: %s", q, lang, firstDiff(fast, enc))
					}
					if plain := listOutput(t, plainLister{l}, lang, terms, true); plain != fast {
						t.Fatalf("--query %q, %s: the JSON from ListRequests differs: %s", q, lang, firstDiff(plain, fast))
					}
					full := listOutput(t, loaded, lang, terms, true)
					if enc := encoderListing(t, loaded, terms); full != enc {
						t.Fatalf("--query %q, %s: a full load's JSON differs from encoding/json's: %s", q, lang, firstDiff(full, enc))
					}
					if full != fast {
						t.Fatalf("--query %q, %s: the JSON differs from a full load's: %s", q, lang, firstDiff(fast, full))
					}
				}
			}
		})
	}
}
