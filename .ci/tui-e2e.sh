#!/usr/bin/env bash
# End-to-end test of the full-screen app: builds the real binary, runs it in
# tmux at 80×24 on a freshly installed demo registry, drives it with
# send-keys and reads the screen with capture-pane. Exits non-zero, showing
# the screen, as soon as one is not as expected.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v tmux >/dev/null || { echo "tui-e2e: tmux is missing" >&2; exit 1; }

work=$(mktemp -d)
sock="$work/tmux.sock"
tm() { tmux -S "$sock" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

# As the packages ship it: codal is the lean build, which hands the app to
# codal-app beside it.
go build -tags lean -o "$work/codal" ./cmd/codal
go build -o "$work/codal-app" ./cmd/codal

# A clean environment: no configured registry, so codal installs the demo in
# its XDG data folder; French interface; 256 colours.
tm new-session -d -s e2e -x 80 -y 24 \
  "env -i HOME='$work' XDG_DATA_HOME='$work/data' XDG_CONFIG_HOME='$work/config' TERM=xterm-256color PATH='$PATH' '$work/codal'; echo codal-exited:\$?; sleep 60"

screen() { tm capture-pane -p -t e2e; }
step=""
fail() {
  echo "tui-e2e: FAILED at step: $step — $1" >&2
  echo "---- screen ----" >&2
  screen >&2
  echo "----------------" >&2
  exit 1
}

# wait_for PATTERN [TIMEOUT]: wait until the screen matches the extended
# regular expression.
wait_for() {
  local pattern=$1 timeout=${2:-10} i
  for ((i = 0; i < timeout * 10; i++)); do
    if screen | grep -Eq -- "$pattern"; then return 0; fi
    sleep 0.1
  done
  fail "expected /$pattern/"
}

# list_title TITLE: the list header (second line) names the active tab.
list_title() {
  local i
  for ((i = 0; i < 50; i++)); do
    if screen | sed -n 2p | grep -q -- "^$1"; then return 0; fi
    sleep 0.1
  done
  fail "expected the $1 tab"
}

# wait_gone PATTERN: wait until the screen no longer matches.
wait_gone() {
  local i
  for ((i = 0; i < 100; i++)); do
    if ! screen | grep -Eq -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "still showing /$1/"
}

keys() { tm send-keys -t e2e "$@"; }
text() { tm send-keys -t e2e -l "$1"; }

step="open the demo"
wait_for "1 Annuaire" 20
wait_for "Boulogne-Billancourt"
list_title "Annuaire"

step="switch through the six tabs"
keys 2; list_title "Extraits de code"
keys 3; list_title "Schémas"
keys 4; list_title "Demandes"
keys 5; list_title "Formations"
keys 6; list_title "Astuces"
keys Tab; list_title "Annuaire"
keys BTab; list_title "Astuces"
keys 4; list_title "Demandes"

step="filter climat"
keys /
text climat
wait_for "/ climat"
wait_for "Budget climat"
# The header counts matches/total: the filter must have narrowed the list.
total=$(screen | sed -n 2p | grep -Eo '[0-9]+/[0-9]+ *$' | tr -d ' ')
[ -n "$total" ] && [ "${total%/*}" -lt "${total#*/}" ] || fail "the filter did not narrow the list ($total)"
keys Enter # keep the filter, back to the list

step="open the climate-budget request"
found=""
for ((n = 0; n < 20; n++)); do
  keys Enter
  sleep 0.2
  if screen | grep -Eq "ID +budget-climat"; then found=1; break; fi
  keys Escape; sleep 0.2; keys j
done
[ -n "$found" ] || fail "budget-climat not found among the filtered requests"
wait_for "Demandes › budget-climat"

step="check its supporters are shown"
found=""
for ((n = 0; n < 15; n++)); do
  if screen | grep -q "Communes en soutien"; then found=1; break; fi
  keys PageDown
  sleep 0.2
done
[ -n "$found" ] || fail "no supporters section"
wait_for "Issy-les-Moulineaux — à l'origine de la demande"
wait_for "(indispensable|utile|intéressée)"

step="check a schema's example CSV (v in Schémas)"
keys 3; list_title "Schémas"
keys v
wait_for "Vérifier un fichier CSV"
wait_for "exemple du schéma"
keys Enter # the first suggestion: the selected schema's example
wait_for "✓ valide"
wait_for "conformes? au sch"
wait_for "Fichier valide"
keys Escape
wait_gone "Vérification :"
list_title "Schémas"
sleep 0.2 # the next key must not be read as alt+key

step="click the Demandes tab and the second row with the mouse (SGR sequences, as a terminal sends them)"
# click X Y: a left press and release at column X, row Y (1-based), as the
# bytes an xterm-compatible terminal sends in SGR mouse mode.
click() {
  local hex
  hex=$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$1" "$2" "$1" "$2" | od -An -tx1)
  # shellcheck disable=SC2086 # one argument per byte
  tm send-keys -t e2e -H $hex
}
# back to the Demandes list, unfiltered, then to the Annuaire
keys 4; sleep 0.2; keys Escape; sleep 0.2; keys Escape; list_title "Demandes"
keys 1; list_title "Annuaire"
sleep 0.2
bar=$(screen | sed -n 1p)
prefix=${bar%%4 Demandes*}
[ "$prefix" != "$bar" ] || fail "no Demandes label in the tab bar"
# characters, not bytes: UTF-8 continuation bytes are not counted
col=$(($(printf %s "$prefix" | LC_ALL=C tr -d '\200-\277' | wc -c) + 3))
click "$col" 1
list_title "Demandes"
click 6 4
found=""
for ((n = 0; n < 50; n++)); do
  if screen | sed -n 23p | grep -Eq ' 2/[0-9]+ *$'; then found=1; break; fi
  sleep 0.1
done
[ -n "$found" ] || fail "a click on the second row did not select it"

step="open the help"
keys ?
wait_for "Touches de codal"
wait_for "quitter"

step="quit"
keys q
wait_for "codal-exited:0"

echo "tui-e2e: ok (demo opened, six tabs, filter, request detail with supporters, schema check, mouse clicks, help, quit)"
