#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Real software in the loop (issue #14): nothing is left behind after a bridged run, also
# when it is stopped midway, and a real bootstrap server that does not answer is reported.
#
#   check-bridge-cleanup.sh STORM_PROGRAM
#
# Each scenario runs as a child of this script (the same script with --inner), in network
# namespaces of its own (`ip netns add`): the storm's, one per real client, or one for the
# bootstrap server's TAP. This script checks the machine's state after the child and its
# EXIT trap have finished: no namespace of the child, no process whose command line names
# the child's tag, no process the child started.
#  int, term, hup
#             a 60 s storm with --external-clients 2 (2 real Wakaama clients, lwm2mclient,
#             bootstrapped server-initiated from 1 s, --external-trigger-at 1; without the
#             Wakaama build, Python processes sending UDP datagrams to the simulated bootstrap
#             server), 10 simulated devices, --pcap 2 --pcap-external, is sent SIGINT
#             (SIGTERM, SIGHUP) 4 s after the clients started. Checked by the child before its
#             clean-up: frames crossed both TAPs both ways before the signal, exit status 130
#             (143, 129), the message on standard error, no file in the output folder (the six
#             pcaps it had opened removed), no TAP left in the clients' namespaces.
#  fail       the same run, and the child itself fails midway (LWM2M_CLEANUP_FAIL=1: a
#             command that fails under set -e). Its EXIT trap stops the storm (SIGTERM: exit
#             143, no output; no TAP left), the clients, and deletes the namespaces.
#  noanswer   --external-bootstrap-server with nothing listening behind the TAP: 5 devices
#             request bootstrap at 1 s; the storm writes its outputs and exits 4 with "the
#             external bootstrap server at 192.168.0.2:5683 answered none of 5 Request
#             Bootstraps"; summary.json says request_bootstraps 5, requests_answered 0. Its
#             lag bound is 1 ns, so the run is also invalid (run.json): 4 takes precedence.
#
# Needs root, /dev/net/tun, ip and python3; skips with 77 otherwise. Uses the Wakaama
# clients when ../shared/peers/build-wakaama.sh is beside the repository (LWM2M_WAKAAMA_PEERS,
# LWM2M_WAKAAMA_BUILD as for check-wakaama-bridge.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
source "$here/wakaama-common.sh"

# While the clients' namespaces exist: the TAPs left in them, into taps-left (the kernel
# removes a TAP when its last file descriptor is closed; allow it a second).
taps_left() {
  local left="" j
  for j in 0 1; do
    ip netns list | grep -q "^$trap_tag-c$j\b" || continue
    for _ in $(seq 10); do
      ip -n "$trap_tag-c$j" link show "cl$j" >/dev/null 2>&1 || break
      sleep 0.1
    done
    ip -n "$trap_tag-c$j" link show "cl$j" >/dev/null 2>&1 && left+=" $trap_tag-c$j/cl$j"
  done
  echo "$left" >"$trap_work/taps-left"
}

# ---- the child: one scenario --------------------------------------------------------------
# --inner SCENARIO STORM WORK TAG [WAKAAMA_BIN]
inner() {
  local scenario=$1 storm=$2 work=$3 tag=$4 bin=${5:-} j
  # Globals: the EXIT trap reads them after the function is left.
  out="$work/out" storm_pid="" client_pids=() trap_work=$work trap_tag=$tag
  # Job control: every background job is a process group of its own, and does not ignore
  # SIGINT (a shell without job control starts its background jobs with SIGINT ignored).
  set -m
  stop_all() {
    local p
    if [ -n "$storm_pid" ] && kill -0 "$storm_pid" 2>/dev/null; then
      kill -TERM "$storm_pid" 2>/dev/null || true
      local status=0
      wait "$storm_pid" || status=$?
      echo "$status" >"$trap_work/trap-storm-status"
      taps_left
    fi
    for p in "${client_pids[@]}"; do
      kill -TERM -- "-$p" 2>/dev/null || true
      wait "$p" 2>/dev/null || true
    done
    wakaama_netns_del_all
  }
  trap stop_all EXIT
  mkdir -p "$out"
  wakaama_netns_add "$tag-s" || return 1
  if [ "$scenario" = noanswer ]; then
    wakaama_netns_add "$tag-bs" || return 1
    ip netns exec "$tag-s" "$storm" -n 5 --power-on all --hold-off 1 --mode-mix client=1 \
      --duration 8 --realtime --realtime-max-lag 0.000000001 --external-bootstrap-server \
      --tap nb --tap-netns "$tag-" \
      --no-progress -q -o "$out" >"$work/storm.out" 2>"$work/storm.err" &
    storm_pid=$!
    echo "$storm_pid" >>"$work/pids"
    local status=0
    wait "$storm_pid" || status=$?
    storm_pid=""
    echo "$status" >"$work/storm-status"
    return 0
  fi
  for j in 0 1; do
    wakaama_netns_add "$tag-c$j" || return 1
  done
  ip netns exec "$tag-s" "$storm" -n 10 --power-on-window 5 --duration 60 --realtime \
    --external-clients 2 --external-trigger-at 1 --tap cl --tap-netns "$tag-c" \
    --external-endpoint "$tag-ext" \
    --pcap 2 --pcap-external --no-progress -o "$out" >"$work/storm.out" 2>"$work/storm.err" &
  storm_pid=$!
  echo "$storm_pid" >>"$work/pids"
  for j in 0 1; do
    wakaama_wait_tap "$tag-c$j" "cl$j" || return 1
    if [ -n "$bin" ]; then
      # Standard input: a FIFO opened for reading and writing, never at end of file (the
      # client spins at end of file) and held by no other process.
      mkfifo -m 600 "$work/in$j"
      ip netns exec "$tag-c$j" "$bin/lwm2mclient" -4 -b -h 172.16.0.2 -p 5683 \
        -n "$tag-ext$j" <>"$work/in$j" >"$work/client$j.log" 2>&1 &
    else
      ip netns exec "$tag-c$j" python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    s.sendto(b"\x40\x02\x00\x01", ("172.16.0.2", 5683))
    time.sleep(0.2)' "$tag-ext$j" >"$work/client$j.log" 2>&1 &
    fi
    client_pids+=($!)
    echo "$!" >>"$work/pids"
  done
  sleep 4
  kill -0 "$storm_pid" || { echo "the storm ended before the signal" >&2; return 1; }
  ls "$out"/pcap-*.pcap >"$work/pcaps-before" 2>/dev/null || true
  # What crossed each TAP so far: frames the simulation wrote to it (rx) and read from it (tx).
  for j in 0 1; do
    ip -n "$tag-c$j" -s -j link show "cl$j" | python3 -c 'import json, sys
s = json.load(sys.stdin)[0]["stats64"]
print(s["rx"]["packets"], s["tx"]["packets"])' >>"$work/tap-frames"
  done
  if [ "$scenario" = fail ]; then
    [ "${LWM2M_CLEANUP_FAIL:-}" != 1 ] # the injected failure: set -e ends the child here
  fi
  kill "-${scenario^^}" "$storm_pid"
  local status=0
  wait "$storm_pid" || status=$?
  storm_pid=""
  echo "$status" >"$work/storm-status"
  taps_left
  return 0
}

if [ "${1:-}" = --inner ]; then
  shift
  inner "$@"
  exit $?
fi

# ---- the checks ---------------------------------------------------------------------------
peers=${LWM2M_WAKAAMA_PEERS:-$root/../shared/peers}
storm=${1:-}
skip() {
  echo "check-bridge-cleanup: skipped: $*"
  exit 77
}
[ -x "$storm" ] || { echo "usage: check-bridge-cleanup.sh STORM_PROGRAM" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces and TAP interfaces"
[ -c /dev/net/tun ] || skip "needs /dev/net/tun"
for tool in ip python3 pgrep; do
  command -v "$tool" >/dev/null || skip "needs $tool"
done
ip netns add "bcprobe$$" 2>/dev/null || skip "ip netns add is not permitted here"
ip netns del "bcprobe$$"

work=$(mktemp -d /tmp/bridge-cleanup.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
bin=""
if [ -x "$peers/build-wakaama.sh" ] || [ -x "${LWM2M_WAKAAMA_BUILD:-/nonexistent}/bin/lwm2mclient" ]; then
  wakaama_build "$peers" "$work" || exit 1
  bin=$wakaama_bin
  echo "clients: Wakaama lwm2mclient ($bin)"
else
  echo "clients: no Wakaama build ($peers/build-wakaama.sh): Python UDP senders"
fi

fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# The state after a child: none of its namespaces, none of its processes.
check_clean() {
  local label=$1 tag=$2 dir=$3 p left
  left=$(ip netns list | awk '{ print $1 }' | grep -E "^$tag-" || true)
  [ -z "$left" ] && ok "$label: no namespace left" || bad "$label: namespaces left: $left"
  left=""
  for p in $(cat "$dir/pids" 2>/dev/null); do
    kill -0 "$p" 2>/dev/null && left+=" $p"
  done
  left+=" $(pgrep -f -- "$tag" | tr "\n" " " || true)"
  [ -z "${left// /}" ] && ok "$label: no process left ($(wc -l <"$dir/pids") started)" ||
    bad "$label: processes left:$left"
}

# An interrupted run's files and message.
check_interrupted() {
  local label=$1 dir=$2 status=$3 name=$4 expected=$5 message pcaps
  [ "$status" = "$expected" ] && ok "$label: the storm exited $status" ||
    bad "$label: the storm exited $status, not $expected ($(tail -n 3 "$dir/storm.err"))"
  message=$(grep -E "^lwm2m-bootstrap-storm: interrupted by $name at t=[0-9]+\.[0-9]{2} s \(simulated\); no output written$" "$dir/storm.err" || true)
  [ -n "$message" ] && ok "$label: \"$message\"" || bad "$label: no message in: $(cat "$dir/storm.err")"
  pcaps=$(wc -l <"$dir/pcaps-before" 2>/dev/null || echo 0)
  # --pcap 2: two devices' access links and the two servers' core links; --pcap-external:
  # the two external clients' access links.
  [ "$pcaps" -eq 6 ] && ok "$label: 6 pcap files open before the signal" ||
    bad "$label: $pcaps pcap files before the signal (expected 6)"
  if [ -z "$(ls -A "$dir/out")" ]; then
    ok "$label: the output folder is empty (no devices.csv, summary.json, run.json, timeline.csv, pcap)"
  else
    bad "$label: files left in the output folder: $(ls -A "$dir/out" | tr '\n' ' ')"
  fi
}

scenario() {
  local label=$1 tag="bc$$$2" dir="$work/$1-bc$$$2" status=0
  shift 2
  mkdir -p "$dir"
  "$@" bash "$0" --inner "$label" "$storm" "$dir" "$tag" "$bin" >"$dir/inner.log" 2>&1 || status=$?
  echo "$status" >"$dir/inner-status"
  SCENARIO_DIR=$dir
  SCENARIO_TAG=$tag
}

start=$SECONDS
for sig in int:INT:130 term:TERM:143 hup:HUP:129; do
  IFS=: read -r label name expected <<<"$sig"
  scenario "$label" "${label:0:1}"
  d=$SCENARIO_DIR
  [ "$(cat "$d/inner-status")" = 0 ] || bad "$label: the child failed: $(tail -n 3 "$d/inner.log")"
  check_interrupted "$label" "$d" "$(cat "$d/storm-status" 2>/dev/null || echo none)" "SIG$name" "$expected"
  # Midway: frames crossed each TAP both ways before the signal (the simulation's ARP answer
  # and at least one datagram; with Wakaama the server-initiated bootstrap in progress).
  frames=$(tr '\n' ' ' <"$d/tap-frames" 2>/dev/null || true)
  if python3 -c 'import sys; v = [int(x) for x in sys.argv[1:]]; sys.exit(not (len(v) == 4 and min(v) >= 2))' $frames; then
    ok "$label: frames to/from the simulation on TAP 0, 1 before the signal: $frames"
  else
    bad "$label: frames to/from the simulation before the signal: '$frames' (expected >= 2 each way on both TAPs)"
  fi
  left=$(cat "$d/taps-left" 2>/dev/null || echo unknown)
  [ -z "${left// /}" ] && ok "$label: no TAP left in the clients' namespaces" || bad "$label: TAPs left: $left"
  check_clean "$label" "$SCENARIO_TAG" "$d"
done

# The child fails midway: its trap must leave nothing behind.
scenario fail f env LWM2M_CLEANUP_FAIL=1
d=$SCENARIO_DIR
status=$(cat "$d/inner-status")
[ "$status" = 1 ] && ok "fail: the child failed midway (status 1)" || bad "fail: the child exited $status, not 1"
check_interrupted fail "$d" "$(cat "$d/trap-storm-status" 2>/dev/null || echo none)" SIGTERM 143
left=$(cat "$d/taps-left" 2>/dev/null || echo unknown)
[ -z "${left// /}" ] && ok "fail: no TAP left in the clients' namespaces (after the trap stopped the storm)" || bad "fail: TAPs left: $left"
check_clean fail "$SCENARIO_TAG" "$d"

# A real bootstrap server that answers nothing.
scenario noanswer n
d=$SCENARIO_DIR
status=$(cat "$d/storm-status" 2>/dev/null || echo none)
[ "$status" = 4 ] && ok "noanswer: the storm exited 4" || bad "noanswer: the storm exited $status, not 4 ($(cat "$d/storm.err"))"
expected="lwm2m-bootstrap-storm: the external bootstrap server at 192.168.0.2:5683 answered none of 5 Request Bootstraps"
grep -qxF "$expected" "$d/storm.err" && ok "noanswer: \"$expected\"" || bad "noanswer: standard error: $(cat "$d/storm.err")"
if python3 - "$d/out" <<'EOF'; then
import csv, json, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/devices.csv")))
ext = json.load(open(out + "/summary.json"))["external_bootstrap_server"]
realtime = json.load(open(out + "/run.json"))["realtime"]
assert realtime["valid"] is False, realtime  # exit 4 before 3
open(out + "/timeline.csv").read()
assert len(rows) == 5, rows
assert ext["request_bootstraps"] == 5 and ext["requests_answered"] == 0, ext
assert ext["sessions_finished"] == 0, ext
print("ok: noanswer: outputs written: 5 rows in devices.csv, run.json realtime.valid false "
      "(lag %.6f s above the 1 ns bound: 4 before 3), summary.json %s" % (realtime["max_lag_s"], json.dumps(ext)))
EOF
  :
else
  bad "noanswer: outputs"
fi
check_clean noanswer "$SCENARIO_TAG" "$d"

echo "scenarios done in $((SECONDS - start)) s"
if [ "$fail" -ne 0 ]; then
  if [ -n "${LWM2M_BRIDGE_KEEP:-}" ]; then
    mkdir -p "$LWM2M_BRIDGE_KEEP" && cp -r "$work"/*-bc* "$LWM2M_BRIDGE_KEEP/" || true
  fi
  echo "check-bridge-cleanup: FAILED"
  exit 1
fi
echo "check-bridge-cleanup: interrupted and failed bridged runs leave nothing behind; a silent bootstrap server exits 4"
exit 0
