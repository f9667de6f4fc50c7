//go:build linux

package watch

import "testing"

// BenchmarkQuery: one question to a running daemon, nothing changed: the
// connection, the cookie made and its event read back, the answer (what a
// watched list pays instead of its stat check).
func BenchmarkQuery(b *testing.B) {
	root := tree(b)
	start(b, root, Options{})
	a, err := Query(root, "")
	if err != nil {
		b.Fatal(err)
	}
	tok := a.Token
	b.ResetTimer()
	for range b.N {
		a, err := Query(root, tok)
		if err != nil || !a.Known {
			b.Fatalf("%+v %v", a, err)
		}
		tok = a.Token
	}
}
