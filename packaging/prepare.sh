#!/bin/sh
# Writes what codal's packages hold beside the binary, from the cobra
# commands: shell completions (build/completions: codal.bash, _codal for
# zsh, codal.fish) and the English man pages, gzipped (build/man/*.1.gz).
# goreleaser runs it as a before hook; .ci/run before nfpm. CODAL names a
# codal binary that runs here (else one is built). The man pages are dated
# by SOURCE_DATE_EPOCH, else by the last commit (reproducible packages).
set -eu
cd "$(dirname "$0")/.."
codal=${CODAL:-}
if [ -z "$codal" ]; then
  mkdir -p build
  go build -o build/codal-host ./cmd/codal
  codal=build/codal-host
fi
rm -rf build/completions build/man
mkdir -p build/completions build/man
# A fresh home: generating files reads no configuration and installs nothing.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
gen() { HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" CODAL_REGISTRY='' "$codal" "$@"; }
gen completion bash > build/completions/codal.bash
gen completion zsh > build/completions/_codal
gen completion fish > build/completions/codal.fish
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH
gen man build/man 2>/dev/null
gzip -n -9 build/man/*.1
