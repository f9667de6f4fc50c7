// Package mmapfile maps a file read-only into memory where the system can
// (its pages are read when first touched, never copied into the heap), and
// reads it into the heap elsewhere. It serves the index (registry/index)
// and the history walk's pack files (registry).
package mmapfile
