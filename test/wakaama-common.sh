# SPDX-License-Identifier: GPL-2.0-only
#
# Shell functions shared by the scripts that run Eclipse Wakaama's example programs (test
# equipment: ../shared/peers/build-wakaama.sh builds them; nothing of Wakaama is in this
# repository). Source it; it defines:
#
#   wakaama_build PEERS WORK
#       sets wakaama_bin to a folder holding lwm2mclient and bootstrap_server: the build
#       named by LWM2M_WAKAAMA_BUILD when it has both, else a new build into WORK/wakaama
#       (about a minute on 2 cores, no network). Returns 1 if the build fails.
#
#   wakaama_run SECONDS LOG COMMANDS PROGRAM ARGS...
#       runs PROGRAM ARGS (behind the command words of the array wakaama_prefix, e.g.
#       `ip netns exec NAME`) for at most SECONDS, standard output and error into LOG. The
#       examples read commands from standard input and spin on a busy loop at end of file:
#       their input is a pipe that stays open, silent, for longer than the run (a sleep holds
#       its write end; it must not be redirected away, or the pipe is at end of file at
#       once), and carries COMMANDS first: items "DELAY TEXT" separated by ';', each
#       TEXT written as a line DELAY seconds after the previous item ("" for none). Returns 0
#       (the program is stopped by timeout at the latest).
#
#   wakaama_netns_add NAME
#       creates the network namespace NAME (`ip netns add`), brings its loopback up and
#       records it for wakaama_netns_del_all. Returns 1 if it cannot be made.
#
#   wakaama_netns_del_all
#       deletes every namespace wakaama_netns_add made (for the caller's EXIT trap).
#
#   wakaama_wait_tap NAMESPACE NAME
#       waits until the storm has made the TAP NAME in NAMESPACE and it is up (10 s at
#       most). Returns 1, with a message, if it is not.

wakaama_prefix=()
wakaama_namespaces=()

wakaama_netns_add() {
  ip netns add "$1" 2>/dev/null || return 1
  wakaama_namespaces+=("$1")
  ip -n "$1" link set lo up
}

wakaama_netns_del_all() {
  local ns
  for ns in "${wakaama_namespaces[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  wakaama_namespaces=()
}

wakaama_wait_tap() {
  local i
  for ((i = 0; i < 100; i++)); do
    ip -n "$1" link show "$2" 2>/dev/null | grep -q ',UP' && return 0
    sleep 0.1
  done
  echo "no TAP $2 in $1" >&2
  return 1
}

wakaama_build() {
  local peers=$1 work=$2
  if [ -n "${LWM2M_WAKAAMA_BUILD:-}" ] && [ -x "$LWM2M_WAKAAMA_BUILD/bin/lwm2mclient" ] &&
    [ -x "$LWM2M_WAKAAMA_BUILD/bin/bootstrap_server" ]; then
    wakaama_bin=$LWM2M_WAKAAMA_BUILD/bin
    return 0
  fi
  echo "building Wakaama into $work/wakaama"
  "$peers/build-wakaama.sh" "$work/wakaama" >/dev/null || { echo "Wakaama build failed" >&2; return 1; }
  wakaama_bin=$work/wakaama/bin
}

wakaama_feed() {
  local seconds=$1 commands=$2 item
  local IFS=';'
  for item in $commands; do
    item=${item# }
    sleep "${item%% *}"
    printf '%s\n' "${item#* }"
  done
  exec sleep "$((seconds + 5))"
}

wakaama_run() {
  local seconds=$1 log=$2 commands=$3 fifo feeder
  shift 3
  # Through a FIFO, with the feeder's process ID known: stopped when the program is, it keeps
  # no output of the caller open (a pipe would also make bash wait for the feeder's sleep).
  fifo=$(mktemp -u "${TMPDIR:-/tmp}/wakaama-feed.XXXXXX")
  mkfifo -m 600 "$fifo"
  wakaama_feed "$seconds" "$commands" >"$fifo" 2>/dev/null &
  feeder=$!
  "${wakaama_prefix[@]}" timeout "$seconds" "$@" <"$fifo" >"$log" 2>&1 || true
  kill "$feeder" 2>/dev/null || true
  wait "$feeder" 2>/dev/null || true
  rm -f -- "$fifo"
}
