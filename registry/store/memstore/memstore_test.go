package memstore_test

import (
	"context"
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
	"github.com/gpso/codal/registry/store/memstore"
	"github.com/gpso/codal/registry/store/storetest"
)

const origin = "mem://gpso/registre"

// harness is the world of one memstore under test: a network, its remote,
// the store.
type harness struct {
	net    *memstore.Network
	remote *memstore.Remote
	store  *memstore.Store
	forks  int
}

func newHarness(t *testing.T, seed fs.FS, opts storetest.Options) storetest.Harness {
	h := &harness{net: memstore.NewNetwork()}
	var err error
	switch {
	case opts.Plain:
		h.store, err = memstore.New(seed, storetest.Other, storetest.At, memstore.Options{Plain: true, Network: h.net})
	case opts.Remote:
		h.remote, err = h.net.Publish(origin, seed, storetest.Other, storetest.At)
		if err == nil {
			h.store, err = memstore.Clone(context.Background(), origin, memstore.Options{Network: h.net})
		}
	default:
		h.store, err = memstore.New(seed, storetest.Other, storetest.At, memstore.Options{Network: h.net})
	}
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) Store() store.Store { return h.store }

func (h *harness) needRemote(t *testing.T) *memstore.Remote {
	t.Helper()
	if h.remote == nil {
		t.Fatal("this case needs Options.Remote")
	}
	return h.remote
}

func (h *harness) Clone(t *testing.T) store.Store {
	h.needRemote(t)
	s, err := memstore.Clone(context.Background(), origin, memstore.Options{Network: h.net})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (h *harness) SetReachable(t *testing.T, up bool)    { h.needRemote(t).SetReachable(up) }
func (h *harness) RefusePushes(t *testing.T, why string) { h.needRemote(t).RefusePushes(why) }

func (h *harness) PushAs(t *testing.T, ch catalogue.Change, who catalogue.Identity) store.Hash {
	c, err := h.needRemote(t).Commit("main", ch, who, storetest.At)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (h *harness) RemoteHead(t *testing.T) store.Hash {
	c, _ := h.needRemote(t).Branch("main")
	return c
}

func (h *harness) RemoteFile(t *testing.T, name string) ([]byte, bool) {
	return h.needRemote(t).File("main", name)
}

func (h *harness) RemoteLog(t *testing.T) []string { return h.needRemote(t).Log("main") }

func (h *harness) EditFile(t *testing.T, s store.Store, name string, data []byte) {
	s.(*memstore.Store).WriteWorkFile(name, data)
}

func (h *harness) CommitWork(t *testing.T, s store.Store, message string) {
	if _, err := s.(*memstore.Store).CommitWork(message, storetest.Someone, storetest.At); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) NewRepository(t *testing.T) string {
	h.forks++
	url := "mem://fork/" + string(rune('a'+h.forks))
	h.net.NewRemote(url)
	return url
}

func (h *harness) MissingURL(t *testing.T) string { return "mem://nowhere/registre" }

func TestConformance(t *testing.T) {
	storetest.Run(t, newHarness)
	t.Logf("%d cases", storetest.Count())
}

// A fetch records when it heard from the remote; State reports it.
func TestFetchRecordsItsTime(t *testing.T) {
	clock := storetest.At
	net := memstore.NewNetwork()
	if _, err := net.Publish(origin, storetest.Seed(), storetest.Other, storetest.At); err != nil {
		t.Fatal(err)
	}
	s, err := memstore.Clone(context.Background(), origin, memstore.Options{Network: net, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := s.State(); !st.LastFetch.Equal(storetest.At) {
		t.Fatalf("last fetch %v after the clone, want %v", st.LastFetch, storetest.At)
	}
	clock = clock.Add(time.Hour)
	if err := s.Fetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.State(); !st.LastFetch.Equal(clock) {
		t.Fatalf("last fetch %v, want %v", st.LastFetch, clock)
	}
}

// A remote that asks for credentials gets them from the Credentials given
// for its URL; without them, or with others, the exchange is refused.
func TestRemoteAsksForCredentials(t *testing.T) {
	net := memstore.NewNetwork()
	if _, err := net.Publish(origin, storetest.Seed(), storetest.Other, storetest.At); err != nil {
		t.Fatal(err)
	}
	s, err := memstore.Clone(context.Background(), origin, memstore.Options{Network: net})
	if err != nil {
		t.Fatal(err)
	}
	fork := net.NewRemote("mem://fork/registre")
	fork.RequireCredentials("x-access-token", "secret")
	token := func(pass string) store.Credentials {
		return func(url string) (string, string, bool) { return "x-access-token", pass, url == fork.URL() }
	}
	h, _ := s.Head()
	if err := s.SetBranch("codal/actor-gpso", h, storetest.Someone, storetest.At); err != nil {
		t.Fatal(err)
	}
	for _, cred := range []store.Credentials{nil, token("wrong")} {
		if err := s.PushBranch(context.Background(), fork.URL(), "codal/actor-gpso", cred); !errors.Is(err, store.ErrAuth) {
			t.Fatalf("push without the right token: %v", err)
		}
	}
	if err := s.PushBranch(context.Background(), fork.URL(), "codal/actor-gpso", token("secret")); err != nil {
		t.Fatal(err)
	}
	if got, ok := fork.Branch("codal/actor-gpso"); !ok || got != h {
		t.Fatalf("fork's branch %s %v", got, ok)
	}
}
