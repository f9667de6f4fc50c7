package config

import (
	"path/filepath"
	"strings"
)

// ExpandHome replaces a leading ~ (alone, or followed by /) with home, the
// user's home folder: "~/registre" gives home/registre. Any other path, and
// every path when home is "", is returned as it is. It is the one home rule
// of the configuration's registry and of the paths typed in the app.
func ExpandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, p[1:])
	}
	return p
}
