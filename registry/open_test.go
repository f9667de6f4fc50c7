package registry

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenMissingRegistry(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "absent")); err == nil || !strings.Contains(err.Error(), "n'existe pas") {
		t.Errorf("Open(absent) = %v", err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "registry.yaml") {
		t.Errorf("Open(empty folder) = %v", err)
	}
}
