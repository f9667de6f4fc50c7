#!/usr/bin/env bash
# bench-validate.sh [ROWS] — the speed and size measurements of issue #15.4
# (docs/schema-validation.md, "Speed and memory").
#
# Builds codal and codal-gen-csv, generates a ROWS-row subventions file
# (default 100000; every row valid against scdl-subventions), then times,
# whole processes, each $CODAL_BENCH_REPS times (default 3, the median
# kept), in the same run:
#   - a bare encoding/csv read of the file (codal-gen-csv -bare),
#   - codal schema validate on one core (GOMAXPROCS=1) and on all cores,
#   - tableschema 1.12.6 (npm) reading and casting every row, when node and
#     npm are present (installed once under $CODAL_BENCH_DIR/node),
# and prints the times and the ratios. Then it pipes 26 million generated
# rows ($CODAL_BENCH_STREAM_ROWS; 0 skips it) into `codal schema validate
# scdl-subventions -` and into the bare read, never on disk, with their
# peak RSS (GNU time when installed, else VmHWM polled from /proc).
#
#   scripts/bench-validate.sh
#   CODAL_BENCH_STREAM_ROWS=0 scripts/bench-validate.sh 100000
#
# Not part of .ci/run (minutes of CPU, figures for a quiet machine).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

rows=${1:-100000}
[[ $rows =~ ^[0-9]+$ ]] && [ "$rows" -ge 1 ] || { echo "bench-validate: ROWS must be a whole number, not '$rows'" >&2; exit 2; }
reps=${CODAL_BENCH_REPS:-3}
stream=${CODAL_BENCH_STREAM_ROWS:-26000000}
cache=${CODAL_BENCH_DIR:-/tmp/codal-bench}
work=$(mktemp -d "${TMPDIR:-/tmp}/codal-bench-validate.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "bench-validate: building codal and codal-gen-csv…" >&2
go build -tags lean -o "$work/codal" ./cmd/codal # the CLI as the packages ship it
go build -o "$work/codal-gen-csv" ./schemas/schemastest/cmd/codal-gen-csv
registry=$PWD/registry/demo
schema=$registry/schemas/scdl-subventions/schema.json
file=$work/subventions-$rows.csv
"$work/codal-gen-csv" -rows "$rows" -o "$file"
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"

# median of the wall times and of the CPU times (user + system, from GNU
# time when installed, else "-") of a command run $reps times, in seconds:
# on a busy machine wall times swell, CPU times much less.
gnutime=0
command time -f %e true >/dev/null 2>&1 && gnutime=1
median() {
  local i walls=() cpus=()
  for ((i = 0; i < reps; i++)); do
    local t0 t1
    t0=$(date +%s.%N)
    if [ $gnutime = 1 ]; then
      command time -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>&1 || { echo "bench-validate: failed: $*" >&2; exit 1; }
      cpus+=("$(awk 'END {print $1 + $2}' "$work/cpu")")
    else
      "$@" >/dev/null 2>&1 || { echo "bench-validate: failed: $*" >&2; exit 1; }
    fi
    t1=$(date +%s.%N)
    walls+=("$(echo "$t1 - $t0" | bc -l)")
  done
  local w c=-
  w=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}')
  [ ${#cpus[@]} -gt 0 ] && c=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
  echo "$w $c"
}
ratio() { echo "$1 $2" | awk '{ if ($2 + 0 > 0) printf "%.2f", $1 / $2; else print "-" }'; }

node_dir=""
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  node_dir=$cache/node
  if [ ! -f "$node_dir/node_modules/tableschema/package.json" ]; then
    echo "bench-validate: npm install tableschema@1.12.6 in $node_dir…" >&2
    mkdir -p "$node_dir"
    (cd "$node_dir" && npm install --no-audit --no-fund --silent tableschema@1.12.6 >&2) || node_dir=""
  fi
  if [ -n "$node_dir" ]; then
    cat >"$node_dir/validate.js" <<'JS'
// Reads and casts every row of a CSV file against a Table Schema, as
// tableschema's own validation does (it throws at the first invalid row).
const {Table, Schema} = require('tableschema');
(async () => {
  const schema = await Schema.load(require(process.argv[2]));
  const table = await Table.load(process.argv[3], {schema, delimiter: ';'});
  const rows = await table.read({keyed: true});
  console.log(rows.length);
})().catch((e) => { console.error(e.errors || e); process.exit(1); });
JS
  fi
else
  echo "bench-validate: node or npm absent: tableschema is not measured." >&2
fi

echo "## codal schema validate, $rows rows ($(du -h "$file" | cut -f1)), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
read -r bare barecpu < <(median "$work/codal-gen-csv" -bare "$file")
read -r one onecpu < <(GOMAXPROCS=1 median "$work/codal" --registry "$registry" schema validate scdl-subventions "$file")
read -r all allcpu < <(median "$work/codal" --registry "$registry" schema validate scdl-subventions "$file")
echo "| run | median wall (s) | median CPU (s) | wall ratio | CPU ratio |"
echo "|---|---|---|---|---|"
echo "| bare encoding/csv read | $bare | $barecpu | 1 | 1 |"
echo "| codal, one core | $one | $onecpu | $(ratio "$one" "$bare")× bare | $(ratio "$onecpu" "$barecpu")× bare |"
echo "| codal, all cores | $all | $allcpu | $(ratio "$all" "$bare")× bare | $(ratio "$allcpu" "$barecpu")× bare |"
if [ -n "$node_dir" ]; then
  read -r ts tscpu < <(median node "$node_dir/validate.js" "$schema" "$file")
  echo "| tableschema 1.12.6 (node $(node --version)) | $ts | $tscpu | codal all cores $(ratio "$ts" "$all")× faster, one core $(ratio "$ts" "$one")× | $(ratio "$tscpu" "$allcpu")× codal's CPU |"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$stream" -gt 0 ] || exit 0

# peak RSS (MB) and wall time (s) of "generator | command": GNU time when
# installed, else VmHWM read from /proc while the command runs.
peak() {
  local t0 t1 pid hwm=0 h
  t0=$(date +%s.%N)
  if command time -f %M true >/dev/null 2>&1; then
    "$work/codal-gen-csv" -stream -rows "$stream" | command time -f %M -o "$work/rss" "$@" >/dev/null 2>/dev/null || true
    hwm=$(tail -1 "$work/rss")
  else
    "$work/codal-gen-csv" -stream -rows "$stream" | "$@" >/dev/null 2>/dev/null &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      h=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ "${h:-0}" -gt "$hwm" ] && hwm=$h
      sleep 0.2
    done
    wait "$pid" || true
  fi
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l | awk '{printf "%.1f", $1}') $(awk -v k="$hwm" 'BEGIN {printf "%.0f", k / 1024}')"
}
echo
echo "## $stream rows piped to standard input (never on disk)"
read -r bt bm < <(peak "$work/codal-gen-csv" -bare -)
read -r vt vm < <(peak "$work/codal" --registry "$registry" schema validate scdl-subventions -)
echo "| run | wall (s) | peak RSS (MB) |"
echo "|---|---|---|"
echo "| bare encoding/csv read | $bt | $bm |"
echo "| codal schema validate … - | $vt ($(ratio "$vt" "$bt")× bare) | $vm |"
