package registry

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/gpso/codal/registry/catalogue"
)

// objReaderRepo is a repository whose history makes deltas: files growing
// over n commits, folders changing around them, written by one git
// fast-import, then unpacked into loose objects.
func objReaderRepo(t *testing.T, n int) string {
	t.Helper()
	isolateGit(t)
	dir := t.TempDir()
	gitOut(t, dir, "init", "-q", "-b", "main")
	var stream, body strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&body, "ligne %d : une demande de données de la commune %d\n", i, i%8)
		msg := fmt.Sprintf("c%d", i)
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter Test <test@example.org> %d +0000\ndata %d\n%s\n", 1767225600+i*60, len(msg), msg)
		fmt.Fprintf(&stream, "M 100644 inline requests/demande-%d/request.yaml\ndata %d\n%s\n", i%7, len(body.String()), body.String())
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(stream.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fast-import: %v\n%s", err, out)
	}
	// the pack fast-import wrote, unpacked into loose objects
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.pack"))
	for _, p := range packs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".pack", ".idx", ".rev"} {
			os.Remove(strings.TrimSuffix(p, ".pack") + ext)
		}
		cmd := exec.Command("git", "unpack-objects", "-q")
		cmd.Dir, cmd.Stdin = dir, bytes.NewReader(data)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("unpack-objects: %v\n%s", err, out)
		}
	}
	return dir
}

// catFileAll is every object of the repository as git cat-file reads it.
func catFileAll(t *testing.T, dir string) map[plumbing.Hash]struct {
	typ  string
	data []byte
} {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	all := map[plumbing.Hash]struct {
		typ  string
		data []byte
	}{}
	rd := bufio.NewReader(bytes.NewReader(out))
	for {
		line, err := rd.ReadString('\n')
		if err == io.EOF {
			break
		}
		f := strings.Fields(line)
		if err != nil || len(f) != 3 {
			t.Fatalf("cat-file header %q: %v", line, err)
		}
		n, _ := strconv.Atoi(f[2])
		data := make([]byte, n+1)
		if _, err := io.ReadFull(rd, data); err != nil {
			t.Fatal(err)
		}
		all[plumbing.NewHash(f[0])] = struct {
			typ  string
			data []byte
		}{f[1], data[:n]}
	}
	return all
}

// TestObjReaderReadsWhatGitReads: every object of a repository, loose, in a
// pack with offset deltas, then in a pack with reference deltas, read by
// objReader equals git cat-file's.
func TestObjReaderReadsWhatGitReads(t *testing.T) {
	dir := objReaderRepo(t, 40)
	for _, layout := range []struct {
		name string
		args [][]string
	}{
		{"loose", nil},
		{"offset deltas", [][]string{{"repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50"}}},
		{"reference deltas", [][]string{{"-c", "repack.useDeltaBaseOffset=false", "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50"}}},
	} {
		for _, a := range layout.args {
			gitOut(t, dir, a...)
		}
		want := catFileAll(t, dir)
		o, err := openObjReader(filepath.Join(dir, ".git"))
		if err != nil {
			t.Fatal(err)
		}
		if layout.name != "loose" && len(o.packs) != 1 {
			t.Fatalf("%s: %d packs mapped, want 1", layout.name, len(o.packs))
		}
		deltas := 0
		for h, w := range want {
			typ, data, err := o.read(h)
			if err != nil {
				t.Fatalf("%s: %s: %v", layout.name, h, err)
			}
			if typ.String() != w.typ || !bytes.Equal(data, w.data) {
				t.Fatalf("%s: %s read as %s %q, git says %s %q", layout.name, h, typ, data, w.typ, w.data)
			}
			for _, p := range o.packs {
				if off := p.offset(h); off >= 0 {
					if typ, _, _, _ := p.header(off); typ == plumbing.OFSDeltaObject || typ == plumbing.REFDeltaObject {
						deltas++
					}
				}
			}
		}
		if layout.name != "loose" && deltas == 0 {
			t.Errorf("%s: no object was stored as a delta: the test reads no delta", layout.name)
		}
		if _, _, err := o.read(plumbing.NewHash(strings.Repeat("ab", 20))); err != plumbing.ErrObjectNotFound {
			t.Errorf("%s: a missing object: %v, want ErrObjectNotFound", layout.name, err)
		}
		o.close()
	}
}

// TestObjReaderRefusesDamagedPacks: a pack or index with bytes changed or
// cut anywhere gives an error or an object, never a panic or a hang.
func TestObjReaderRefusesDamagedPacks(t *testing.T) {
	dir := objReaderRepo(t, 20)
	gitOut(t, dir, "repack", "-a", "-d", "-f", "-q", "--depth=50")
	want := catFileAll(t, dir)
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.[ip][da][xc]*"))
	orig := map[string][]byte{}
	for _, p := range packs {
		orig[p], _ = os.ReadFile(p)
	}
	for _, p := range packs {
		for i := 0; i < 40; i++ {
			data := append([]byte(nil), orig[p]...)
			at := (i * 7919) % len(data)
			if i%5 == 4 {
				data = data[:at]
			} else {
				data[at] ^= byte(1 + i)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			o, err := openObjReader(filepath.Join(dir, ".git"))
			if err == nil {
				for h := range want {
					o.read(h) // must return, whatever it returns
				}
				o.close()
			}
		}
		os.WriteFile(p, orig[p], 0o644)
	}
}

// TestObjReaderLeavesAlternatesToGoGit: a repository borrowing objects
// (objects/info/alternates) is not read directly.
func TestObjReaderLeavesAlternatesToGoGit(t *testing.T) {
	dir := objReaderRepo(t, 1)
	other := t.TempDir()
	gitOut(t, other, "clone", "-q", "--shared", dir, "c")
	if _, err := openObjReader(filepath.Join(other, "c", ".git")); err != errNoObjReader {
		t.Fatalf("alternates: %v, want errNoObjReader", err)
	}
}

// TestUnsharedReadsThroughObjReader: Unshared at a packed commit reads the
// entry's files as before (here: after a hand edit, the one file modified).
func TestUnsharedReadsThroughObjReader(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	gitOut(t, dir, "repack", "-a", "-d", "-q")
	p := filepath.Join(dir, "requests", "budget", "request.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, append(data, "# note\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := r.Unshared(catalogue.Requests, "budget")
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Diff.Modified) != 1 || u.Diff.Modified[0] != "requests/budget/request.yaml" || len(u.Diff.Added)+len(u.Diff.Removed) != 0 {
		t.Errorf("unshared after a hand edit: %+v", u.Diff)
	}
	f, err := r.entryFS(mustHead(t, r))
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	if _, ok := f.s.(objStorer); !ok {
		t.Errorf("entryFS read through %T, want the objReader", f.s)
	}
}

func mustHead(t *testing.T, r *Registry) plumbing.Hash {
	t.Helper()
	h, err := r.headHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestObjReaderAllocatesWhatTheDataHolds: a loose object whose header
// claims 200 MB over three bytes is refused without allocating the size
// it claims.
func TestObjReaderAllocatesWhatTheDataHolds(t *testing.T) {
	dir := t.TempDir()
	h := plumbing.NewHash(strings.Repeat("cd", 20))
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("blob 200000000\x00abc"))
	zw.Close()
	s := h.String()
	if err := os.MkdirAll(filepath.Join(dir, "objects", s[:2]), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "objects", s[:2], s[2:]), z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := openObjReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer o.close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, _, err := o.read(h); err == nil {
		t.Fatal("an object shorter than its header says was read")
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("reading it allocated %d MB", got>>20)
	}
}

// TestDamagedEntryObjectsSaySoInOneSentence: an entry's blob damaged in
// the pack gives one bilingual sentence naming the entry and git fsck.
func TestDamagedEntryObjectsSaySoInOneSentence(t *testing.T) {
	isolateGit(t)
	r := newTestRegistry(t, smallRegistry())
	dir := r.Dir()
	gitOut(t, dir, "repack", "-a", "-d", "-q")
	blob := plumbing.NewHash(gitOut(t, dir, "rev-parse", "HEAD:requests/budget/request.yaml"))
	o, err := openObjReader(filepath.Join(dir, ".git"))
	if err != nil {
		t.Fatal(err)
	}
	off := o.packs[0].offset(blob)
	_, _, at, err := o.packs[0].header(off)
	o.close()
	if err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "pack-*.pack"))
	data, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	data[at] ^= 0xff // the blob's zlib header
	if err := os.WriteFile(packs[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = r.entryFilesAt(mustHead(t, r), catalogue.Requests, "budget", false)
	if err == nil {
		t.Fatal("a damaged blob was read")
	}
	if msg := err.Error(); !strings.Contains(msg, "requests/budget") || !strings.Contains(msg, "git fsck") || strings.Contains(msg, "\n") {
		t.Errorf("error: %q", msg)
	}
}
