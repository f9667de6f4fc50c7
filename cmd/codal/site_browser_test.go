package main

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests render pages of generated sites in a real headless
// Chromium, check the screenshots are not blank and run axe-core (WCAG 2.0
// and 2.1, levels A and AA) on them. They need Chromium (CODAL_CHROMIUM or
// chromium on the PATH) and axe-core's axe.min.js (CODAL_AXE_JS, from
// npm install axe-core@4): without them they skip with one line, and with
// CI=true (or CODAL_BROWSER_TESTS=1, as .ci/run sets) they fail. .ci/run
// installs both. CODAL_SITE_SHOTS=DIR keeps the screenshots there.

// browserTools finds Chromium and axe-core, or skips (fails under CI).
func browserTools(t *testing.T) (chromium, axe string) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") == "true" || os.Getenv("CODAL_BROWSER_TESTS") == "1" {
			t.Fatalf("browser tests: %s is missing (CI=true or CODAL_BROWSER_TESTS=1: .ci/run installs it)", what)
		}
		t.Skipf("browser tests skipped: %s not found (apt-get install chromium; npm install axe-core@4 and set CODAL_AXE_JS)", what)
	}
	chromium = os.Getenv("CODAL_CHROMIUM")
	if chromium == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				chromium = p
				break
			}
		}
	}
	if chromium == "" {
		missing("Chromium")
	}
	axe = os.Getenv("CODAL_AXE_JS")
	if axe == "" {
		missing("axe-core (CODAL_AXE_JS)")
	}
	if _, err := os.Stat(axe); err != nil {
		missing("axe-core at " + axe)
	}
	return chromium, axe
}

// axeResult is what the test reads of axe.run's results.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes []struct {
		ID string `json:"id"`
	} `json:"passes"`
}

// The board and a request page (plus a snippet, a schema, the directory,
// trainings and tips) of the demo's site, and the board and the hostile
// request of a hostile registry's site, served under a sub-path as GitHub
// Pages does: each renders (a screenshot that is not blank) with zero
// axe-core violation.
func TestSiteInBrowser(t *testing.T) {
	chromium, axePath := browserTools(t)
	axeJS, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	identify(t)
	demo := filepath.Join(t.TempDir(), "demo")
	if _, errOut, code := cli(t, "--registry", demoRegistry(t), "site", demo); code != 0 {
		t.Fatalf("site: %s", errOut)
	}
	hostile := filepath.Join(t.TempDir(), "hostile")
	if _, errOut, code := cli(t, "--registry", hostileSiteRegistry(t), "site", hostile); code != 0 {
		t.Fatalf("hostile site: %s", errOut)
	}
	mux := http.NewServeMux()
	mux.Handle("/demo/", http.StripPrefix("/demo/", http.FileServer(http.Dir(demo))))
	mux.Handle("/hostile/", http.StripPrefix("/hostile/", http.FileServer(http.Dir(hostile))))
	srv := httptest.NewServer(mux) // on 127.0.0.1
	defer srv.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	snippet, schema := firstPage(t, demo, "snippets"), firstPage(t, demo, "schemas")
	for _, p := range []string{"demo/index.html", "demo/requests/budget-climat.html", "demo/" + snippet, "demo/" + schema,
		"demo/actors.html", "demo/trainings.html", "demo/tips.html",
		"hostile/index.html", "hostile/requests/script-title.html"} {
		t.Run(p, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/"+p), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			title, err := chromedp.Run(bctx, chromedp.Title())
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](string(axeJS))); err != nil {
				t.Fatalf("injecting axe-core: %v", err)
			}
			res, err := chromedp.Run(bctx, chromedp.Evaluate[axeResult](
				`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("axe.run: %v", err)
			}
			if strings.Contains(title, "404") || title == "" {
				t.Errorf("title %q: the page was not served", title)
			}
			if dir := os.Getenv("CODAL_SITE_SHOTS"); dir != "" {
				os.WriteFile(filepath.Join(dir, strings.ReplaceAll(p, "/", "_")+".png"), shot, 0o644)
			}
			notBlank(t, shot)
			for _, v := range res.Violations {
				for _, n := range v.Nodes {
					t.Errorf("axe: %s (%s) %s — %v: %s", v.ID, v.Impact, v.Help, n.Target, n.Summary)
				}
			}
			if len(res.Passes) == 0 {
				t.Error("axe checked nothing")
			}
		})
	}
}

// firstPage is the first page of a site's folder (snippets/…html).
func firstPage(t *testing.T, site, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(site, dir))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no page in %s/%s: %v", site, dir, err)
	}
	return dir + "/" + entries[0].Name()
}

// notBlank decodes a PNG screenshot and requires more than one colour and
// at least 3% of pixels unlike the background (the top-right corner's).
func notBlank(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 100 || b.Dy() < 100 {
		t.Fatalf("screenshot of %v", b)
	}
	bg := img.At(b.Max.X-1, b.Max.Y-1)
	colours, other := map[[4]uint32]bool{}, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			c := img.At(x, y)
			r, g, bl, a := c.RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
			if c != bg {
				other++
			}
		}
	}
	total := (b.Dx() / 2) * (b.Dy() / 2)
	if len(colours) < 2 || other*100 < total*3 {
		t.Errorf("the screenshot looks blank: %d colours, %d of %d pixels unlike the background", len(colours), other, total)
	}
}

// hostileSiteRegistry is site/testdata/hostile committed in a new Git
// repository: markup, quotes, escape sequences and javascript: links in
// its texts.
func hostileSiteRegistry(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hostile")
	if err := os.CopyFS(dir, os.DirFS("../../site/testdata/hostile")); err != nil {
		t.Fatal(err)
	}
	gitc(t, dir, "init", "-q", "-b", "main")
	gitc(t, dir, "add", "-A")
	gitc(t, dir, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "hostile", "--date", "2026-09-01T10:00:00Z")
	return dir
}
