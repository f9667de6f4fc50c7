package ciworkflow

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

type step struct {
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]any    `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

type job struct {
	If          string            `yaml:"if"`
	Needs       string            `yaml:"needs"`
	Permissions map[string]string `yaml:"permissions"`
	Environment map[string]string `yaml:"environment"`
	Steps       []step            `yaml:"steps"`
}

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency map[string]string `yaml:"concurrency"`
	Env         map[string]string `yaml:"env"`
	Jobs        map[string]job    `yaml:"jobs"`
}

func parse(t *testing.T, v string) (workflow, string) {
	t.Helper()
	raw, err := Render(v)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(raw, &w); err != nil {
		t.Fatalf("the workflow is not YAML: %v\n%s", err, raw)
	}
	return w, string(raw)
}

// What runs when: lint on pull requests, the site on main, published on
// Pages with the permissions it needs, codal and every action pinned.
func TestWorkflowShape(t *testing.T) {
	w, raw := parse(t, "v1.4.2")
	if _, ok := w.On["pull_request"]; !ok {
		t.Error("no pull_request trigger")
	}
	if push, _ := w.On["push"].(map[string]any); push == nil || len(push["branches"].([]any)) != 1 || push["branches"].([]any)[0] != "main" {
		t.Errorf("push trigger: %v", w.On["push"])
	}
	if w.Permissions["contents"] != "read" || len(w.Permissions) != 1 {
		t.Errorf("top-level permissions: %v", w.Permissions)
	}
	if w.Concurrency["group"] == "" {
		t.Error("no concurrency group")
	}
	if w.Env["CODAL_VERSION"] != "v1.4.2" || w.Env["GO_VERSION"] != GoVersion || w.Env["CODAL_REGISTRY"] != "${{ github.workspace }}" {
		t.Errorf("env: %v", w.Env)
	}
	lint, site, deploy := w.Jobs["lint"], w.Jobs["site"], w.Jobs["deploy"]
	if !strings.Contains(lint.If, "pull_request") || !strings.Contains(site.If, "refs/heads/main") {
		t.Errorf("conditions: lint %q, site %q", lint.If, site.If)
	}
	runs := func(j job) string {
		var b strings.Builder
		for _, s := range j.Steps {
			b.WriteString(s.Run + "\n")
		}
		return b.String()
	}
	if !strings.Contains(runs(lint), "codal lint --format github") {
		t.Errorf("lint job runs:\n%s", runs(lint))
	}
	if !strings.Contains(runs(site), `codal site _site --base-url "$BASE_URL"`) {
		t.Errorf("site job runs:\n%s", runs(site))
	}
	for _, j := range []job{lint, site} {
		if !strings.Contains(runs(j), `go install "github.com/gpso/codal/cmd/codal@${CODAL_VERSION}"`) {
			t.Errorf("codal not installed at the pinned version:\n%s", runs(j))
		}
		if j.Steps[0].Uses == "" || !strings.HasPrefix(j.Steps[0].Uses, "actions/checkout@") || j.Steps[0].With["fetch-depth"] != uint64(0) {
			t.Errorf("checkout without the whole history: %+v", j.Steps[0])
		}
	}
	var baseURL string
	for _, s := range site.Steps {
		if s.Env["BASE_URL"] != "" {
			baseURL = s.Env["BASE_URL"]
		}
	}
	if baseURL != "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/" {
		t.Errorf("base URL: %q", baseURL)
	}
	if deploy.Needs != "site" || deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" || deploy.Environment["name"] != "github-pages" {
		t.Errorf("deploy job: %+v", deploy)
	}
	// Every action is pinned to a full commit, its tag as a comment.
	pinned := regexp.MustCompile(`(?m)^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$`)
	uses := regexp.MustCompile(`(?m)uses:`)
	if n, m := len(uses.FindAllString(raw, -1)), len(pinned.FindAllString(raw, -1)); n != m || n != 7 {
		t.Errorf("%d uses:, %d pinned to a SHA with its tag:\n%s", n, m, raw)
	}
	for _, want := range []string{"actions/checkout", "actions/setup-go", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} {
		if !strings.Contains(raw, "uses: "+want+"@") {
			t.Errorf("%s is not used", want)
		}
	}
}

// The pin follows the running codal when it is a release.
func TestPinFor(t *testing.T) {
	for running, want := range map[string]string{
		"v1.2.3":                               "v1.2.3",
		"1.2.3":                                "v1.2.3", // goreleaser's {{.Version}}
		"v2.0.0-rc.1":                          "v2.0.0-rc.1",
		"dev":                                  Version,
		"":                                     Version,
		"(devel)":                              Version,
		"v0.0.0-20261129103000-abcdef123456":   Version,
		"v1.2.4-0.20261129103000-abcdef123456": Version,
		"v1.2.3+dirty":                         Version,
		"v1.2.3\nrun: rm -rf /":                Version,
		"0.0.0-ci":                             Version, // .ci/run's build
		"0.1.1-SNAPSHOT-abc1234":               Version, // goreleaser --snapshot
		"v1.0.0-beta2":                         "v1.0.0-beta2",
	} {
		if got := PinFor(running); got != want {
			t.Errorf("PinFor(%q) = %q, want %q", running, got, want)
		}
	}
	if !IsRelease(Version) {
		t.Errorf("Version %q is not a release tag", Version)
	}
}

// Render refuses what is not a release tag: nothing from a version reaches
// the YAML unchecked.
func TestRenderRefusesNonReleases(t *testing.T) {
	for _, v := range []string{"dev", "latest", "v1.2", "v1.2.3 # x", "v1.2.3\n  evil: true", "${{ github.token }}"} {
		if _, err := Render(v); !errors.Is(err, ErrVersion) {
			t.Errorf("Render(%q): %v", v, err)
		}
	}
}

// The workflow's Go is the one codal's go.mod asks for.
func TestGoVersionIsGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil || string(m[1]) != GoVersion {
		t.Errorf("go.mod says go %s, GoVersion is %s: change GoVersion", m[1], GoVersion)
	}
}
