//go:build !linux

package mmapfile

// Release does nothing here: mapped pages stay resident until unmapped.
func Release([]byte) {}
