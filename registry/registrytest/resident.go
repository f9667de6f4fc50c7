package registrytest

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// ResidentKB is the resident size in KiB of the memory mapping holding b,
// read from /proc/self/smaps (tests of what a mapping keeps in memory); the
// test is skipped where /proc/self/smaps does not exist.
func ResidentKB(t testing.TB, b []byte) int {
	t.Helper()
	addr := uintptr(unsafe.Pointer(&b[0]))
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= addr && addr < hi
			continue
		}
		var kb int
		if in {
			if n, _ := fmt.Sscanf(line, "Rss: %d kB", &kb); n == 1 {
				return kb
			}
		}
	}
	t.Fatal("the mapping is not in /proc/self/smaps")
	return 0
}
