// Package packaging holds codal's release configuration, checked by its
// tests: packaging/nfpm.yaml (the .deb and .rpm, nfpm alone, as .ci/run
// builds them), prepare.sh (completions and man pages from the cobra
// commands) and, at the repository root, .goreleaser.yaml (archives,
// packages and checksums of a release). docs/release.md describes the
// procedure. It has no code.
package packaging
