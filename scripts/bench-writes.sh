#!/usr/bin/env bash
# bench-writes.sh SRC [REPS] [KINDS] — the write commands of issue #11, whole
# process, each beside the git CLI making the same change in the same run
# (docs/scale.md, "Writes, whole process").
#
# SRC is a generated registry's Git repository (bare or not: codal-gen -git,
# or scripts/bench-scale.sh's $CODAL_BENCH_DIR/n10000-seed1/bare.git), never
# written to. It is cloned, packed (--no-local), into two bare remotes and
# two work trees under $CODAL_BENCH_WRITES (default a temporary folder,
# removed at the end unless set): one side for codal, one for git. Then,
# for each kind (default "vote unvote status new"), REPS repetitions
# (default 3) of:
#
#   codal request KIND … (as association-8; status as gpso), commit + push
#   the git CLI in its own clone: the same files written (or removed), add
#   (or rm), commit, push
#   codal show requests/demande-1: the next reader, which applies the tree
#   diff and patches the index's snapshot (skipped with CODAL_BENCH_CHAIN=1:
#   each write then pays for the previous one's, as writes in a row do)
#
# and prints per kind the medians, the ratio codal/git, and the next
# reader's median, with the load average before and after. The index lives
# in $XDG_CACHE_HOME (default: a folder of the run); the first command
# builds it (minutes at 100,000 entries). Not part of .ci/run.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

src=${1:?usage: bench-writes.sh SRC [REPS] [KINDS]}
reps=${2:-3}
kinds=${3:-"vote unvote status new"}
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || { echo "bench-writes: $src is not a Git repository" >&2; exit 2; }
[[ $reps =~ ^[0-9]+$ ]] && [ "$reps" -ge 1 ] || { echo "bench-writes: REPS must be a whole number, not '$reps'" >&2; exit 2; }

run=${CODAL_BENCH_WRITES:-}
if [ -z "$run" ]; then
  run=$(mktemp -d "${TMPDIR:-/tmp}/codal-bench-writes.XXXXXX")
  trap 'rm -rf "$run"' EXIT
fi
mkdir -p "$run/bin" "$run/home"
echo "bench-writes: building codal…" >&2
go build -tags lean -o "$run/bin/codal" ./cmd/codal # the CLI as the packages ship it
codal="$run/bin/codal"

export HOME="$run/home" XDG_CONFIG_HOME="$run/config" XDG_DATA_HOME="$run/data" XDG_STATE_HOME="$run/state"
export XDG_CACHE_HOME=${XDG_CACHE_HOME_BENCH:-$run/cache}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
export CODAL_NAME="Service données – Association n°8" CODAL_EMAIL="donnees@association-8.example" CODAL_ACTOR=association-8
unset CODAL_REGISTRY GIT_DIR GIT_WORK_TREE
voter=association-8

if [ ! -d "$run/codal" ]; then
  echo "bench-writes: cloning $src (packed remotes, two work trees)…" >&2
  for side in codal git; do
    git clone -q --bare --no-local "$src" "$run/$side.git"
    git clone -q "$run/$side.git" "$run/$side"
  done
fi

# secs: run a command quietly and set T to its wall time in seconds.
secs() {
  local t0=$EPOCHREALTIME out
  if ! out=$("$@" 2>&1 >/dev/null); then
    echo "bench-writes: failed: $*" >&2; echo "$out" >&2; exit 1
  fi
  T=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# git_same: the git CLI makes the change of codal's last commit.
git_same() {
  local st p g="$run/git"
  while IFS=$'\t' read -r st p; do
    case $st in
      D) git -C "$g" rm -q -- "$p" ;;
      *) mkdir -p "$(dirname "$g/$p")"; cp "$run/codal/$p" "$g/$p"; git -C "$g" add -- "$p" ;;
    esac
  done < <(git -C "$run/codal" diff --name-status HEAD~1 HEAD)
  git -C "$g" commit -q -m bench && git -C "$g" push -q origin main
}

# Requests still submitted (no events), not filed by nor addressed to the
# voter, without its vote: the votes' and status changes' targets.
mapfile -t open < <(cd "$run/codal/requests" && for d in demande-*; do
  [ -d "$d/events" ] || [ -e "$d/votes/$voter.yaml" ] || grep -qE "^(requested_by|addressed_to): $voter\$" "$d/request.yaml" || echo "$d"
done | head -n 2000)
[ ${#open[@]} -ge $((2 * reps + 2)) ] || { echo "bench-writes: too few open requests" >&2; exit 1; }
used=0
pick() { R=${open[$used]}; used=$((used + 1)); }

secs "$codal" --registry "$run/codal" show requests/demande-1 # the index, warm
echo "bench-writes: $(git -C "$run/codal" ls-files | wc -l) files; load average before $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a voted=()
for k in $kinds; do
  cs=() gs=() ns=()
  for ((i = 1; i <= reps; i++)); do
    case $k in
      vote) pick; voted+=("$R"); args=(request vote "$R" --as "$voter" --need useful --comment "Mesure $i") ;;
      unvote)
        if [ ${#voted[@]} -gt 0 ]; then R=${voted[0]}; voted=("${voted[@]:1}"); else
          pick; secs "$codal" --registry "$run/codal" request vote "$R" --as "$voter"; secs git_same
        fi
        args=(request unvote "$R" --as "$voter") ;;
      status) pick; args=(request status "$R" under-review --as gpso --note "Mesure $i") ;;
      new) args=(request new --title "Mesure $i des arbres $EPOCHSECONDS" --by "$voter" --to gpso --theme arbres --usage Mesure) ;;
      *) echo "bench-writes: unknown kind $k" >&2; exit 2 ;;
    esac
    secs "$codal" --registry "$run/codal" "${args[@]}"; cs+=("$T")
    [ "$(git -C "$run/codal" rev-parse HEAD)" = "$(git -C "$run/codal.git" rev-parse main)" ] || { echo "bench-writes: codal's $k was not pushed" >&2; exit 1; }
    secs git_same; gs+=("$T")
    if [ "${CODAL_BENCH_CHAIN:-0}" = 1 ]; then ns+=(0); else
      secs "$codal" --registry "$run/codal" show requests/demande-1; ns+=("$T")
    fi
  done
  mc=$(median "${cs[@]}") mg=$(median "${gs[@]}") mn=$(median "${ns[@]}")
  echo "| $k | $mc s | $mg s | $(awk -v a="$mc" -v b="$mg" 'BEGIN { printf "%.2f", a / b }') | $mn s |"
done
echo "bench-writes: load average after $(cut -d' ' -f1-3 /proc/loadavg)"
