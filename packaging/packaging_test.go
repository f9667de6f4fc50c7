package packaging

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

type content struct {
	Src      string         `yaml:"src"`
	Dst      string         `yaml:"dst"`
	Packager string         `yaml:"packager"`
	FileInfo map[string]any `yaml:"file_info"`
}

// PkgFields are what packaging/nfpm.yaml and goreleaser's nfpms section
// both say.
type PkgFields struct {
	Section     string    `yaml:"section"`
	Priority    string    `yaml:"priority"`
	Maintainer  string    `yaml:"maintainer"`
	Vendor      string    `yaml:"vendor"`
	Homepage    string    `yaml:"homepage"`
	Description string    `yaml:"description"`
	Recommends  []string  `yaml:"recommends"`
	Contents    []content `yaml:"contents"`
}

type nfpmFile struct {
	Name      string `yaml:"name"`
	Arch      string `yaml:"arch"`
	Version   string `yaml:"version"`
	Platform  string `yaml:"platform"`
	PkgFields `yaml:",inline"`
}

type goreleaser struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Before      struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Tags    []string `yaml:"tags"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		IDs             []string `yaml:"ids"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		Files []any `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
	Nfpms []struct {
		IDs         []string `yaml:"ids"`
		PackageName string   `yaml:"package_name"`
		Formats     []string `yaml:"formats"`
		Bindir      string   `yaml:"bindir"`
		PkgFields   `yaml:",inline"`
	} `yaml:"nfpms"`
	Release struct {
		GitHub struct {
			Owner string `yaml:"owner"`
			Name  string `yaml:"name"`
		} `yaml:"github"`
	} `yaml:"release"`
}

func load(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// The goreleaser configuration (v2 schema) builds codal (lean) and codal-app
// (full) for Linux, macOS and Windows on amd64 and arm64 with their version
// injected where cmd/codal reads it, archives both (zip for Windows) with the
// completions and man pages, packages them as .deb and .rpm, and writes
// checksums.
func TestGoreleaserConfig(t *testing.T) {
	var g goreleaser
	load(t, "../.goreleaser.yaml", &g)
	if g.Version != 2 || g.ProjectName != "codal" {
		t.Errorf("version %d, project %q", g.Version, g.ProjectName)
	}
	if !slices.Contains(g.Before.Hooks, "sh packaging/prepare.sh") {
		t.Errorf("completions and man pages are not generated before the build: %v", g.Before.Hooks)
	}
	if len(g.Builds) != 2 {
		t.Fatalf("%d builds, want codal and codal-app", len(g.Builds))
	}
	for i, want := range []struct {
		id   string
		tags []string
	}{{"codal", []string{"lean"}}, {"codal-app", nil}} {
		b := g.Builds[i]
		if b.ID != want.id || b.Main != "./cmd/codal" || b.Binary != want.id || !slices.Equal(b.Tags, want.tags) || !slices.Contains(b.Env, "CGO_ENABLED=0") {
			t.Errorf("build %d: %+v, want %s with tags %v", i, b, want.id, want.tags)
		}
		if !reflect.DeepEqual(b.Goos, []string{"linux", "darwin", "windows"}) || !reflect.DeepEqual(b.Goarch, []string{"amd64", "arm64"}) {
			t.Errorf("%s targets: %v × %v", b.ID, b.Goos, b.Goarch)
		}
		if len(b.Ldflags) != 1 || !strings.Contains(b.Ldflags[0], "-X main.version={{ .Version }}") {
			t.Errorf("%s: the version is not injected into main.version: %v", b.ID, b.Ldflags)
		}
	}
	if len(g.Archives) != 1 || !slices.Equal(g.Archives[0].IDs, []string{"codal", "codal-app"}) {
		t.Errorf("archives do not hold both executables: %+v", g.Archives)
	}
	if len(g.Archives) != 1 || !slices.Equal(g.Archives[0].Formats, []string{"tar.gz"}) ||
		len(g.Archives[0].FormatOverrides) != 1 || g.Archives[0].FormatOverrides[0].Goos != "windows" || !slices.Equal(g.Archives[0].FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("archives: %+v", g.Archives)
	}
	files := ""
	for _, f := range g.Archives[0].Files {
		if m, ok := f.(map[string]any); ok {
			files += " " + m["src"].(string)
		} else {
			files += " " + f.(string)
		}
	}
	if !strings.Contains(files, "build/completions/") || !strings.Contains(files, "build/man/") {
		t.Errorf("archives without completions or man pages: %s", files)
	}
	if g.Checksum.NameTemplate != "checksums.txt" || g.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum: %+v", g.Checksum)
	}
	if len(g.Nfpms) != 1 || !slices.Equal(g.Nfpms[0].IDs, []string{"codal", "codal-app"}) || !slices.Equal(g.Nfpms[0].Formats, []string{"deb", "rpm"}) || g.Nfpms[0].Bindir != "/usr/bin" || g.Nfpms[0].PackageName != "codal" {
		t.Errorf("nfpms: %+v", g.Nfpms)
	}
	if g.Release.GitHub.Owner+"/"+g.Release.GitHub.Name != "gpso/codal" {
		t.Errorf("releases go to %s/%s, not the module's repository", g.Release.GitHub.Owner, g.Release.GitHub.Name)
	}
	mod, err := os.ReadFile("../go.mod")
	if err != nil || !strings.HasPrefix(string(mod), "module github.com/gpso/codal\n") {
		t.Errorf("go.mod's module is not github.com/gpso/codal")
	}
}

// packaging/nfpm.yaml (nfpm alone, .ci/run) and goreleaser's nfpms section
// make the same package: same fields, same files (the two executables,
// which goreleaser adds itself under bindir, apart).
func TestNfpmMatchesGoreleaser(t *testing.T) {
	var n nfpmFile
	load(t, "nfpm.yaml", &n)
	var g goreleaser
	load(t, "../.goreleaser.yaml", &g)
	if n.Name != "codal" || n.Arch != "${GOARCH}" || n.Version != "${CODAL_VERSION}" || n.Platform != "linux" {
		t.Errorf("nfpm.yaml: name %q arch %q version %q platform %q", n.Name, n.Arch, n.Version, n.Platform)
	}
	if len(n.Contents) < 2 || n.Contents[0].Src != "build/codal" || n.Contents[0].Dst != "/usr/bin/codal" ||
		n.Contents[1].Src != "build/codal-app" || n.Contents[1].Dst != "/usr/bin/codal-app" {
		t.Fatalf("nfpm.yaml does not install the executables first as /usr/bin/codal and /usr/bin/codal-app: %+v", n.Contents)
	}
	standalone := n.PkgFields
	standalone.Contents = n.Contents[2:]
	if len(g.Nfpms) != 1 {
		t.Fatalf("%d nfpms", len(g.Nfpms))
	}
	if !reflect.DeepEqual(standalone, g.Nfpms[0].PkgFields) {
		t.Errorf("packaging/nfpm.yaml and .goreleaser.yaml's nfpms differ:\n%+v\n%+v", standalone, g.Nfpms[0].PkgFields)
	}
	dsts := map[string]string{}
	for _, c := range n.Contents {
		dsts[c.Dst] = c.Packager
	}
	for dst, packager := range map[string]string{
		"/usr/share/bash-completion/completions/codal":    "",
		"/usr/share/zsh/vendor-completions/_codal":        "deb",
		"/usr/share/zsh/site-functions/_codal":            "rpm",
		"/usr/share/fish/vendor_completions.d/codal.fish": "",
		"/usr/share/man/man1/":                            "",
	} {
		if p, ok := dsts[dst]; !ok || p != packager {
			t.Errorf("%s: installed %v, packager %q (want %q)", dst, ok, p, packager)
		}
	}
	// prepare.sh writes every source the packages take.
	script, err := os.ReadFile("prepare.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range n.Contents[2:] {
		name := strings.TrimPrefix(c.Src, "build/completions/")
		if name != c.Src && !strings.Contains(string(script), "> "+c.Src) {
			t.Errorf("prepare.sh does not write %s", c.Src)
		}
	}
	if !strings.Contains(string(script), " man build/man") || !strings.Contains(string(script), "gzip -n -9 build/man/*.1") {
		t.Error("prepare.sh does not write the man pages gzipped")
	}
}
