#!/usr/bin/env bash
# bench-scale.sh [N...] — the scale measurements of issue #11 (docs/scale.md).
#
# Builds codal and codal-gen once, generates a registry of N entries for each
# N (default 10000; 100000 when asked), cached under $CODAL_BENCH_DIR
# (default /tmp/codal-bench), then times each command beside its anchor in
# the same run, $CODAL_BENCH_REPS repetitions (default 5), and prints one
# Markdown table per N: medians, the ratio codal/anchor, peak RSS, the load
# average before and after. Each repetition runs codal then its anchor, so a
# busy machine weighs on both alike.
#
#   scripts/bench-scale.sh                # 10,000 entries
#   scripts/bench-scale.sh 10000 100000   # both sizes
#   CODAL_BENCH_REPS=9 CODAL_BENCH_TUI=0 scripts/bench-scale.sh
#
# Everything runs with its own HOME, XDG folders and Git configuration, as the
# identity CODAL_NAME/CODAL_EMAIL/CODAL_ACTOR (an association that votes on
# demande-0). Nothing is installed; /usr/bin/time gives peak RSS when present,
# else /proc/PID/status is polled (a lower bound). Not part of .ci/run.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 500 ] || { echo "bench-scale: N must be a whole number of at least 500, not '$n'" >&2; exit 2; }
done
cache=${CODAL_BENCH_DIR:-/tmp/codal-bench}
reps=${CODAL_BENCH_REPS:-5}
seed=${CODAL_BENCH_SEED:-1}
tui=${CODAL_BENCH_TUI:-1}

work=$(mktemp -d "${TMPDIR:-/tmp}/codal-bench-run.XXXXXX")
sock="$work/tmux.sock"
cleanup() {
  local s
  for s in "$work"/tmux-*.sock; do [ -S "$s" ] && { tmux -S "$s" kill-server >/dev/null 2>&1 || true; }; done
  # A watcher told to stop may still be removing its socket: try again.
  rm -rf "$work" 2>/dev/null || { sleep 1; rm -rf "$work" || true; }
}
trap cleanup EXIT

echo "bench-scale: building codal (lean), codal-app and codal-gen…" >&2
# As the packages ship it: the lean codal, which hands the app to codal-app.
go build -tags lean -o "$work/bin/codal" ./cmd/codal
go build -o "$work/bin/codal-app" ./cmd/codal
go build -o "$work/bin/codal-gen" ./registry/registrytest/cmd/codal-gen
codal="$work/bin/codal"

# Isolation: after the builds, which need the real Go caches.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
export CODAL_NAME="Service données – Association n°8" CODAL_EMAIL="donnees@association-8.example" CODAL_ACTOR=association-8
unset CODAL_REGISTRY GIT_DIR GIT_WORK_TREE
voter=association-8 request=demande-0 query=eau

# ---- helpers -------------------------------------------------------------

# secs: run a command quietly and set T to its wall time in seconds; stop the
# whole run if it fails.
secs() {
  local t0=$EPOCHREALTIME out
  if ! out=$("$@" 2>&1 >/dev/null); then
    echo "bench-scale: failed: $*" >&2
    echo "$out" >&2
    exit 1
  fi
  local t1=$EPOCHREALTIME
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
fmt_s() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# peak_rss CMD...: peak resident set size of the command, in MB.
peak_rss() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || { echo "bench-scale: failed: $*" >&2; exit 1; }
    awk '{ printf "%.0f MB", $1 / 1024 }' "$work/rss"
    return
  fi
  "$@" >/dev/null 2>&1 &
  local pid=$! hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$v" ] && hwm=$v
    sleep 0.005
  done
  wait "$pid" || { echo "bench-scale: failed: $*" >&2; exit 1; }
  awk -v k="$hwm" 'BEGIN { printf "≥ %.0f MB", k / 1024 }'
}

cat_all() { (cd "$1" && git ls-files -z | xargs -0 cat >/dev/null); }

# git_vote DIR FILE SRC: the git CLI's vote: copy the file codal wrote, add,
# commit, push.
git_vote() {
  mkdir -p "$(dirname "$1/$2")" && cp "$3" "$1/$2"
  git -C "$1" add "$2" && git -C "$1" commit -q -m "Vote de $voter" && git -C "$1" push -q origin main
}

# tui_first_screen REGISTRY: seconds from starting the app in a running tmux
# (120×40) until its first full screen (the Annuaire tab with its first
# commune) reaches the terminal. The tmux server is started first, with a
# placeholder in its pane and a control client (tmux -C) streaming the pane's
# output, so that its own start and any polling stay out of the figure; the
# app then replaces the placeholder (respawn-pane) and the clock stops at the
# first output holding the first commune, once the pane shows the whole
# screen. With REGISTRY empty, the same for a shell printing that screen: the
# shell's and tmux's own cost, the anchor.
tui_first_screen() {
  local cmd t0 line tailpid i
  # A server of its own each time: a killed server may still be exiting.
  tuis=$((${tuis:-0} + 1))
  sock="$work/tmux-$tuis.sock"
  if [ -n "$1" ]; then
    cmd="/usr/bin/time -f %M -o '$work/tui-rss' '$codal' --registry '$1'; sleep 30"
    [ -x /usr/bin/time ] || cmd="'$codal' --registry '$1'; sleep 30"
  else
    cmd="printf '1 Annuaire\\nBoulogne-Billancourt\\n'; sleep 30"
  fi
  rm -f "$work/tui-rss" "$work/ctl-out" "$work/ctl-in"
  tmux -S "$sock" new-session -d -s bench -x 120 -y 40 "sleep 60"
  mkfifo "$work/ctl-in"
  sleep 60 >"$work/ctl-in" &
  ctl_hold=$!
  tmux -S "$sock" -C attach -t bench <"$work/ctl-in" >"$work/ctl-out" 2>&1 &
  sleep 0.3
  T=
  t0=$EPOCHREALTIME
  tmux -S "$sock" respawn-pane -k -t bench "env TERM=xterm-256color $cmd"
  exec {tailfd}< <(exec timeout 30 tail -f -n +1 "$work/ctl-out")
  tailpid=$!
  while IFS= read -r -u "$tailfd" line; do
    case $line in
    *Boulogne-Billancourt*)
      local now=$EPOCHREALTIME
      if tmux -S "$sock" capture-pane -p -t bench 2>/dev/null | tr '\n' ' ' | grep -q '1 Annuaire.*Boulogne-Billancourt'; then
        T=$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.4f", b - a }')
        break
      fi
      ;;
    esac
  done
  kill "$tailpid" 2>/dev/null || true
  exec {tailfd}<&-
  if [ -z "$T" ]; then
    echo "bench-scale: the app showed no first screen within 30 s:" >&2
    tmux -S "$sock" capture-pane -p -t bench >&2 || true
    exit 1
  fi
  if [ -n "$1" ]; then
    tmux -S "$sock" send-keys -t bench q
    for ((i = 0; i < 500; i++)); do [ -s "$work/tui-rss" ] && break; sleep 0.02; done
    [ -s "$work/tui-rss" ] && cp "$work/tui-rss" "$work/tui-rss-peak"
  fi
  tmux -S "$sock" kill-server >/dev/null 2>&1 || true
  kill "$ctl_hold" 2>/dev/null || true
  return 0
}

# ---- one size ------------------------------------------------------------

bench() {
  local n=$1 src="$cache/n$1-seed$seed" load_before
  if [ ! -f "$src/ready" ]; then
    echo "bench-scale: generating $n entries into $src (once; cached)…" >&2
    rm -rf "$src"
    mkdir -p "$src"
    "$work/bin/codal-gen" -n "$n" -seed "$seed" -bare "$src/bare.git" "$src/work" >&2
    touch "$src/ready"
  fi
  local run="$work/n$n"
  mkdir -p "$run"
  # Each side gets its own copy of the bare repository to push to and its own
  # clone of it (made by git: the clone's cost is measured separately).
  # Packed (--no-local), as a hosted remote is: the generated bare repository
  # holds every object loose, which makes each push's connectivity check read
  # thousands of files and starts a repack in the background.
  git clone -q --bare --no-local "$src/bare.git" "$run/codal.git"
  git clone -q --bare --no-local "$src/bare.git" "$run/git.git"
  git clone -q "$run/codal.git" "$run/codal"
  git clone -q "$run/git.git" "$run/git"
  local files
  files=$(git -C "$run/codal" ls-files | wc -l)
  load_before=$(loadavg)
  echo "bench-scale: $n entries ($files files), $reps repetitions, load average $load_before…" >&2

  # Warm the page cache and codal's caches, if any.
  secs cat_all "$run/codal"
  secs "$codal" --registry "$run/codal" list requests --json

  local -a l_codal=() lint_codal=() cat_t=() s_codal=() s_git=() v_codal=() v_git=() c_codal=() c_git=() t_codal=() t_tmux=()
  local -a sf_codal=() sw_codal=() sv_codal=() q_codal=() qw_codal=() st_git=()
  local i vote="requests/$request/votes/$voter.yaml" watching=0
  # The opt-in watcher (codal watch) for the list's second row; without it
  # (another system, max_user_watches) that row says so.
  if "$codal" --registry "$run/codal" watch start >/dev/null 2>"$work/watch.err"; then
    watching=1
  else
    echo "bench-scale: no watcher ($(head -c 300 "$work/watch.err")): its row is left out" >&2
  fi
  for ((i = 1; i <= reps; i++)); do
    echo "bench-scale:   repetition $i/$reps" >&2
    secs cat_all "$run/codal"; cat_t+=("$T")
    secs "$codal" --registry "$run/codal" list requests --json; l_codal+=("$T")
    secs "$codal" --registry "$run/codal" lint; lint_codal+=("$T")
    # show: cold (no index), first run (index wiped, then built), warm
    secs "$codal" --registry "$run/codal" --no-index show "requests/$request"; s_codal+=("$T")
    rm -rf "$XDG_CACHE_HOME/codal/index"
    secs "$codal" --registry "$run/codal" show "requests/$request"; sf_codal+=("$T")
    secs "$codal" --registry "$run/codal" show "requests/$request"; sw_codal+=("$T")
    secs git -C "$run/codal" cat-file -p "HEAD:requests/$request/request.yaml"; s_git+=("$T")
    secs env CODAL_WATCH=0 "$codal" --registry "$run/codal" list requests --query "$query"; q_codal+=("$T")
    if [ "$watching" = 1 ]; then
      # The index was rebuilt above: the first list with the watcher takes
      # its token (a whole check, as with no token); the next one is a
      # user's every day.
      secs "$codal" --registry "$run/codal" list requests --query "$query"
      secs "$codal" --registry "$run/codal" list requests --query "$query"; qw_codal+=("$T")
    fi
    secs git -C "$run/codal" status --porcelain; st_git+=("$T")

    secs "$codal" --registry "$run/codal" request vote "$request" --as "$voter" --need useful --comment "Mesure $i"; v_codal+=("$T")
    if [ "$(git -C "$run/codal" rev-parse HEAD)" != "$(git -C "$run/codal.git" rev-parse main)" ]; then
      echo "bench-scale: codal's vote was not pushed" >&2; exit 1
    fi
    secs git_vote "$run/git" "$vote" "$run/codal/$vote"; v_git+=("$T")
    # the next reader after one's own vote applies the tree diff
    secs "$codal" --registry "$run/codal" show "requests/$request"; sv_codal+=("$T")

    rm -rf "$run/init-codal" "$run/init-git"
    # Both from the pristine bare copy; git with --no-local, so that it
    # transfers a pack as over a network instead of hard-linking objects.
    secs "$codal" init "$run/init-codal" --from "$src/bare.git"; c_codal+=("$T")
    secs git clone -q --no-local "$src/bare.git" "$run/init-git"; c_git+=("$T")

    if [ "$tui" = 1 ] && command -v tmux >/dev/null; then
      tui_first_screen "$run/codal"; t_codal+=("$T")
      tui_first_screen ""; t_tmux+=("$T")
    fi
  done
  rm -rf "$run/init-codal" "$run/init-git"
  [ "$watching" = 1 ] && "$codal" --registry "$run/codal" watch stop >/dev/null 2>&1

  local rss_show rss_list rss_tui="—"
  rss_show=$(peak_rss "$codal" --registry "$run/codal" show "requests/$request")
  rss_list=$(peak_rss "$codal" --registry "$run/codal" list requests --json)
  [ -s "$work/tui-rss-peak" ] && rss_tui=$(awk '{ printf "%.0f MB", $1 / 1024 }' "$work/tui-rss-peak")

  local m_cat m_list m_lint m_show m_cf m_vc m_vg m_cc m_cg
  m_cat=$(median "${cat_t[@]}") m_list=$(median "${l_codal[@]}") m_lint=$(median "${lint_codal[@]}")
  m_show=$(median "${s_codal[@]}") m_cf=$(median "${s_git[@]}")
  local m_sf m_sw m_sv m_q m_st
  m_sf=$(median "${sf_codal[@]}") m_sw=$(median "${sw_codal[@]}") m_sv=$(median "${sv_codal[@]}")
  m_q=$(median "${q_codal[@]}") m_st=$(median "${st_git[@]}")
  m_vc=$(median "${v_codal[@]}") m_vg=$(median "${v_git[@]}")
  m_cc=$(median "${c_codal[@]}") m_cg=$(median "${c_git[@]}")

  echo
  echo "### $n entries ($files files), seed $seed"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sm); median of $reps; load average before $load_before, after $(loadavg)."
  echo
  echo "| command | codal | anchor | anchor time | ratio codal/anchor | peak RSS |"
  echo "|---|---|---|---|---|---|"
  echo "| \`codal list requests --json\` | $(fmt_s "$m_list") | \`git ls-files -z \| xargs -0 cat\` (warm) | $(fmt_s "$m_cat") | $(ratio "$m_list" "$m_cat") | $rss_list |"
  echo "| \`codal show requests/$request\`, cold (\`--no-index\`) | $(fmt_s "$m_show") | \`git cat-file -p HEAD:…/request.yaml\` | $(fmt_s "$m_cf") | $(ratio "$m_show" "$m_cf") | |"
  echo "| \`codal show requests/$request\`, first run (index built) | $(fmt_s "$m_sf") | \`git cat-file -p HEAD:…/request.yaml\` | $(fmt_s "$m_cf") | $(ratio "$m_sf" "$m_cf") | |"
  echo "| \`codal show requests/$request\`, warm (index, nothing changed) | $(fmt_s "$m_sw") | \`git cat-file -p HEAD:…/request.yaml\` | $(fmt_s "$m_cf") | $(ratio "$m_sw" "$m_cf") | $rss_show |"
  echo "| \`codal show requests/$request\`, after one vote (tree diff) | $(fmt_s "$m_sv") | \`git cat-file -p HEAD:…/request.yaml\` | $(fmt_s "$m_cf") | $(ratio "$m_sv" "$m_cf") | |"
  echo "| \`codal list requests --query $query\`, warm, stat check (\`CODAL_WATCH=0\`) | $(fmt_s "$m_q") | \`git status --porcelain\` | $(fmt_s "$m_st") | $(ratio "$m_q" "$m_st") | |"
  if [ ${#qw_codal[@]} -gt 0 ]; then
    local m_qw
    m_qw=$(median "${qw_codal[@]}")
    echo "| \`codal list requests --query $query\`, warm, with \`codal watch\` | $(fmt_s "$m_qw") | \`git status --porcelain\` | $(fmt_s "$m_st") | $(ratio "$m_qw" "$m_st") | |"
  fi
  echo "| \`codal request vote\` (commit + push, local bare) | $(fmt_s "$m_vc") | git add + commit + push (same file) | $(fmt_s "$m_vg") | $(ratio "$m_vc" "$m_vg") | |"
  echo "| \`codal init --from\` (local bare, file path) | $(fmt_s "$m_cc") | \`git clone --no-local\` (same bare) | $(fmt_s "$m_cg") | $(ratio "$m_cc" "$m_cg") | |"
  if [ ${#t_codal[@]} -gt 0 ]; then
    local m_tc m_tt
    m_tc=$(median "${t_codal[@]}") m_tt=$(median "${t_tmux[@]}")
    echo "| the app, to its first full screen (tmux 120×40) | $(fmt_s "$m_tc") | tmux showing a printed screen | $(fmt_s "$m_tt") | $(ratio "$m_tc" "$m_tt") | $rss_tui |"
  fi
  echo "| \`codal lint\` | $(fmt_s "$m_lint") | \`git ls-files -z \| xargs -0 cat\` (warm) | $(fmt_s "$m_cat") | $(ratio "$m_lint" "$m_cat") | |"
  echo
}

for n in "${sizes[@]}"; do bench "$n"; done
