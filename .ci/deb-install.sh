#!/usr/bin/env bash
# The .deb, end to end (issue 17): build codal (lean) and codal-app with their
# version injected as goreleaser does, write completions and man pages (packaging/prepare.sh),
# package with nfpm alone (packaging/nfpm.yaml), install with dpkg, run the
# installed binary with a fresh HOME and XDG folders (the embedded demo;
# nothing of the machine's is touched), check the man page and the bash
# completion are where they belong, and remove the package again, also on
# failure. Needs root (or sudo), dpkg and Go.
set -euo pipefail
cd "$(dirname "$0")/.."

NFPM_VERSION=v2.45.2
VERSION=0.0.0-ci
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dpkg >/dev/null 2>&1; then
  echo "deb-install: dpkg is missing: this check needs a Debian-like machine" >&2
  exit 1
fi
if dpkg -s codal >/dev/null 2>&1; then
  echo "deb-install: a codal package is already installed here; remove it first (dpkg -r codal)" >&2
  exit 1
fi

GOBIN="$(go env GOPATH)/bin"
# nfpm's --version says "dev" when built by go install: read the module's version.
if ! { [ -x "$GOBIN/nfpm" ] && go version -m "$GOBIN/nfpm" | grep -Eq "^[[:space:]]+mod[[:space:]]+github.com/goreleaser/nfpm/v2[[:space:]]+${NFPM_VERSION}[[:space:]]"; }; then
  go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@${NFPM_VERSION}"
fi

rm -rf build
mkdir -p build
# Neither -trimpath nor CGO_ENABLED=0 (the release has both): this build reuses
# the test run's cache instead of compiling everything again.
# The pair the packages ship: codal (lean) and codal-app (full), which codal
# runs for the app and codal site.
go build -tags lean -ldflags "-s -w -X main.version=$VERSION" -o build/codal ./cmd/codal
go build -ldflags "-s -w -X main.version=$VERSION" -o build/codal-app ./cmd/codal
CODAL=build/codal SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" sh packaging/prepare.sh
GOARCH="$(go env GOARCH)" CODAL_VERSION="$VERSION" "$GOBIN/nfpm" package -f packaging/nfpm.yaml -p deb -t build/
deb=$(ls build/codal_*.deb)

home=$(mktemp -d)
cleanup() {
  as_root dpkg -r codal >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap cleanup EXIT
as_root dpkg -i "$deb" >/dev/null

run() { env -i PATH=/usr/bin:/bin HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" /usr/bin/codal "$@"; }
got=$(run --version)
[ "$got" = "codal $VERSION" ] || { echo "deb-install: codal --version says '$got', not 'codal $VERSION'" >&2; exit 1; }
board=$(run list requests)
echo "$board" | grep -q budget-climat || { echo "deb-install: codal list requests from the installed binary does not list the demo:" >&2; echo "$board" >&2; exit 1; }
# codal site goes through the installed codal-app: the lean codal links no site writer.
run site "$home/site"
[ -s "$home/site/index.html" ] || { echo "deb-install: codal site through the installed codal-app wrote no index.html" >&2; exit 1; }
for f in /usr/bin/codal-app /usr/share/man/man1/codal.1.gz /usr/share/man/man1/codal-init.1.gz /usr/share/bash-completion/completions/codal \
  /usr/share/zsh/vendor-completions/_codal /usr/share/fish/vendor_completions.d/codal.fish; do
  [ -s "$f" ] || { echo "deb-install: $f is not installed" >&2; exit 1; }
done
zcat /usr/share/man/man1/codal.1.gz | head -2 | grep -q '^\.TH "CODAL" "1"' || { echo "deb-install: codal.1 has no roff header" >&2; exit 1; }
if command -v man >/dev/null 2>&1; then
  man -P cat -l /usr/share/man/man1/codal.1.gz 2>/dev/null | grep -q "CODAL toolbox" || { echo "deb-install: man cannot render codal.1" >&2; exit 1; }
fi
grep -q '__start_codal' /usr/share/bash-completion/completions/codal || { echo "deb-install: the bash completion is not codal's" >&2; exit 1; }
# codal wrote only into the fresh home.
[ -f "$home/data/codal/registry/registry.yaml" ] || { echo "deb-install: the demo was not installed in the fresh home" >&2; exit 1; }

as_root dpkg -r codal >/dev/null
for f in /usr/bin/codal /usr/bin/codal-app /usr/share/man/man1/codal.1.gz /usr/share/bash-completion/completions/codal; do
  if [ -e "$f" ]; then echo "deb-install: dpkg -r left $f behind" >&2; exit 1; fi
done
echo "deb-install: $(basename "$deb") installed, ran (codal --version, codal list requests, codal site through codal-app), man page and completions in place, removed"
