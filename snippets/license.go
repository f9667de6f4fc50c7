package snippets

import "strings"

// licenses are the licence ids accepted without a warning: the SPDX ids most
// used for shared code and open data in French administrations, and the
// Licence Ouverte (etalab-2.0).
var licenses = map[string]bool{
	"etalab-2.0": true, "etalab-1.0": true,
	"mit": true, "apache-2.0": true, "bsd-2-clause": true, "bsd-3-clause": true, "isc": true, "0bsd": true,
	"mpl-2.0": true, "eupl-1.2": true, "eupl-1.1": true, "gpl-2.0": true, "gpl-2.0-only": true, "gpl-2.0-or-later": true,
	"gpl-3.0": true, "gpl-3.0-only": true, "gpl-3.0-or-later": true, "lgpl-2.1": true, "lgpl-2.1-only": true,
	"lgpl-2.1-or-later": true, "lgpl-3.0": true, "lgpl-3.0-only": true, "lgpl-3.0-or-later": true,
	"agpl-3.0": true, "agpl-3.0-only": true, "agpl-3.0-or-later": true, "cecill-2.1": true, "cecill-b": true,
	"cecill-c": true, "cc0-1.0": true, "cc-by-4.0": true, "cc-by-sa-4.0": true, "unlicense": true, "odbl-1.0": true,
	"wtfpl": true, "zlib": true, "bsl-1.0": true,
}

// KnownLicense reports whether id is an accepted licence id (case-insensitive).
func KnownLicense(id string) bool { return licenses[strings.ToLower(strings.TrimSpace(id))] }
