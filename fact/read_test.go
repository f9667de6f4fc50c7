package fact

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadFileCapped(t *testing.T) {
	dir := t.TempDir()
	exact := filepath.Join(dir, "exact")
	over := filepath.Join(dir, "over")
	os.WriteFile(exact, []byte(strings.Repeat("a", 100)), 0o644)
	os.WriteFile(over, []byte(strings.Repeat("a", 101)), 0o644)
	if data, err := ReadFileCapped(exact, 100); err != nil || len(data) != 100 {
		t.Errorf("exact: %d bytes, %v", len(data), err)
	}
	if _, err := ReadFileCapped(over, 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over: %v, want ErrTooLarge", err)
	}
	if _, err := ReadFileCapped(filepath.Join(dir, "absent"), 100); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent: %v", err)
	}
}

func TestReadFileCappedDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	start := time.Now()
	if _, err := ReadFileCapped("/dev/zero", MaxFileSize); !errors.Is(err, ErrTooLarge) {
		t.Errorf("/dev/zero: %v, want ErrTooLarge", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
