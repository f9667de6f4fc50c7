package directory

import "testing"

func TestDataGouvKey(t *testing.T) {
	base := "name: Meudon\nkind: commune\ninsee: \"92048\"\n"
	for v, ok := range map[string]bool{
		"ville-de-meudon":          true,
		"534fff81a3a7292c64a77e5c": true,
		"Ville de Meudon":          false,
		"../../users/me":           false,
		"-meudon":                  false,
	} {
		a, probs := Parse("actors/meudon.yaml", []byte(base+"datagouv: \""+v+"\"\n"))
		if a.DataGouv != v {
			t.Errorf("%q read as %q", v, a.DataGouv)
		}
		bad := false
		for _, p := range probs {
			if p.Code == "invalid-value" {
				bad = true
			}
		}
		if bad == ok {
			t.Errorf("datagouv %q: problems %v", v, probs)
		}
	}
}
