package tui

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/registrytest"
)

// The app's swap to the catalogue at scale (docs/scale.md, round 19):
//
//	go test ./tui -run '^$' -bench Swap -benchtime 10x
//	CODAL_SCALE_WORK=/tmp/codal-bench/w10k go test ./tui -run '^$' -bench 'Swap|ActorMove'
//
// CODAL_SCALE_WORK names an existing registry folder, only read; without
// it a registry of CODAL_SCALE_N entries (10,000 by default) is generated
// once per process (registrytest.Scale: heavy-tailed votes, duplicates).

var (
	swapOnce sync.Once
	swapDir  string
	swapErr  error
	swapTmp  string // the generated registry's folder, removed by TestMain
)

func swapRegistry(b *testing.B) folderSource {
	b.Helper()
	swapOnce.Do(func() {
		if d := os.Getenv("CODAL_SCALE_WORK"); d != "" {
			swapDir = d
			return
		}
		n := 10000
		if s := os.Getenv("CODAL_SCALE_N"); s != "" {
			if n, swapErr = strconv.Atoi(s); swapErr != nil {
				return
			}
		}
		swapTmp, swapErr = os.MkdirTemp("", "codal-tui-swap-")
		if swapErr != nil {
			return
		}
		swapDir = filepath.Join(swapTmp, "work")
		swapErr = registrytest.Generate(swapDir, registrytest.Scale(n), 1)
	})
	if swapErr != nil {
		b.Fatal(swapErr)
	}
	src := testSource()
	src.dir = swapDir
	return src
}

// swapModel is the app at 120×40 before its catalogue, as a program holds
// it while the load command runs.
func swapModel(src folderSource) *Model {
	m := New(Options{Lang: i18n.FR, Store: src, Now: func() time.Time { return testNow }, Theme: ThemeDark})
	m.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

// swapLoad runs the load command once (off the timer: it is off the event
// loop in the app too).
func swapLoad(b *testing.B, m *Model) catalogueMsg {
	b.Helper()
	msg, ok := m.loadCmd()().(catalogueMsg)
	if !ok || msg.err != nil || msg.cat == nil {
		b.Fatalf("the load gave %#v", msg)
	}
	return msg
}

// BenchmarkSwapUpdate is the Update that swaps the loaded catalogue in
// (every tab's Load) and the frame drawn after it (the directory's
// selected page): the time the event loop is held when the catalogue
// arrives. Each op is a fresh app and a fresh load's message, made off the
// timer.
func BenchmarkSwapUpdate(b *testing.B) {
	src := swapRegistry(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m := swapModel(src)
		msg := swapLoad(b, m)
		b.StartTimer()
		m.Update(msg)
		_ = m.View()
	}
}

// BenchmarkActorMove is a move of the directory's cursor (j, then k back
// on odd ops) once the catalogue is in, every page rendered afresh (the
// browser's cache cleared, as after a reload): the first actors are the
// communes, who filed and support the most requests.
func BenchmarkActorMove(b *testing.B) {
	src := swapRegistry(b)
	m := swapModel(src)
	m.Update(swapLoad(b, m))
	t, ok := m.actorsTab()
	if !ok || t.Count() == 0 {
		b.Fatal("no directory")
	}
	keys := []tea.KeyPressMsg{{Code: 'j', Text: "j"}, {Code: 'k', Text: "k"}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		clear(t.cache)
		m.Update(keys[i%2])
		_ = m.View()
	}
	if t.kind != catalogue.Actors {
		b.Fatal("not the directory")
	}
}
