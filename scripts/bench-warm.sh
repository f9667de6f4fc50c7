#!/usr/bin/env bash
# bench-warm.sh WORK [OTHER_CODAL] — a warm index's whole-process times
# (docs/scale.md, "The index"), medians of $CODAL_BENCH_REPS runs (default
# 5), each beside its anchor in the same run, with peak RSS (/usr/bin/time):
# `codal show requests/demande-0` and `codal list requests --query climat`
# with the index warm, `codal --version` (the process floor), a hello-world
# Go binary, `git cat-file -p` of the request's file and `git status`.
#
# WORK is a registry's Git work tree, only read (the index goes to a
# temporary cache folder). OTHER_CODAL, when given, is another codal binary
# (say, one built from main) measured in the same run with its own cache.
#
#   git clone -q /tmp/codal-bench/n10000-seed1/work /tmp/w && scripts/bench-warm.sh /tmp/w
#
# Not part of .ci/run.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
[ $# -ge 1 ] && [ -d "$1/.git" ] || { echo "bench-warm: WORK must be a Git work tree" >&2; exit 2; }
reg=$(cd "$1" && pwd)
reps=${CODAL_BENCH_REPS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/codal-bench-warm.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -tags lean -o "$work/codal" ./cmd/codal # the CLI as the packages ship it
mkdir -p "$work/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n' >"$work/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$work/hello/go.mod"
(cd "$work/hello" && go build -o "$work/hello-bin" .)
bins=("$work/codal")
[ $# -ge 2 ] && bins+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
unset CODAL_REGISTRY CODAL_NO_INDEX GIT_DIR GIT_WORK_TREE

# row LABEL CMD...: the median of $reps runs in ms, and the peak RSS of one more.
row() {
  local label=$1 xs=() s e i rss=—
  shift
  for ((i = 0; i < reps; i++)); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    xs+=($(((e - s) / 1000)))
  done
  local m
  m=$(printf '%s\n' "${xs[@]}" | sort -n | sed -n "$(((reps + 1) / 2))p")
  if [ -x /usr/bin/time ]; then rss="$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1) KB"; fi
  printf '| %s | %d.%d ms | %s |\n' "$label" $((m / 1000)) $((m % 1000 / 100)) "$rss"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo
echo "| command | median of $reps | peak RSS |"
echo "|---|---|---|"
for b in "${bins[@]}"; do
  export XDG_CACHE_HOME="$work/cache-$(echo "$b" | cksum | cut -d' ' -f1)"
  "$b" --registry "$reg" list requests --query climat >/dev/null # the index, built
  name=codal
  [ "$b" != "$work/codal" ] && name=$b
  row "\`$name show requests/demande-0\` (warm)" "$b" --registry "$reg" show requests/demande-0
  row "\`$name list requests --query climat\` (warm)" "$b" --registry "$reg" list requests --query climat
  row "\`$name --version\`" "$b" --version
done
row "a hello-world Go binary" "$work/hello-bin"
row "\`git cat-file -p HEAD:requests/demande-0/request.yaml\`" git -C "$reg" cat-file -p HEAD:requests/demande-0/request.yaml
row "\`git status --porcelain\`" git -C "$reg" status --porcelain
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
