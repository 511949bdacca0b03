#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Measures the real retry schedule of Eclipse Wakaama's example client on loopback in seven
# situations and compares it with the simulated client's under the Wakaama retry profile.
#
#   check-wakaama-retry.sh [SCHEDULE_PROGRAM]
#   check-wakaama-retry.sh --model-only SCHEDULE_PROGRAM
#
# SCHEDULE_PROGRAM is examples/lwm2m-retry-schedule (without it only the measurement runs).
# --model-only runs the simulated schedules of the seven situations and nothing else (no
# root, no Wakaama, no wall-clock timing): the sanitizer CI runs it that way.
# Needs ../shared/peers/build-wakaama.sh beside the repository (test equipment, never part
# of it), root, unshare, ip and python3; skips with 77 otherwise. Everything runs in a
# network namespace of its own (loopback only): nothing touches the machine's network.
#
# The situations run in parallel, each for LWM2M_WAKAAMA_DURATION seconds (default 345;
# about 6 minutes in all with the build; instants are compared up to DURATION - 12 s, the
# client's first datagram leaving after its 10 s hold-off):
#   unreachable          the bootstrap server is silent: Request Bootstrap retransmissions
#                        (CoAP timers) and the restart after the failed exchange
#   4.04                 Request Bootstrap answered 4.04: the restart after a refused request
#   5.03                 answered 5.03 with Max-Age 30: whether Max-Age is honoured
#   finish-4.06          a Write the client cannot use, then Finish, answered 4.06: how long
#                        the session stays pending (the restart comes at about 317 s)
#   registration-silent  bootstrap succeeds, the LwM2M server never answers Register: the
#                        Register retransmissions and the registration retry sequence
#   no-finish            the Writes of a good bootstrap, no Finish: the session timer, and
#                        whether the restart keeps the written server account (it does not:
#                        the example client restores /0 and /1, and bootstraps again)
#   lost-2.04            the first request is not answered but its session's commands come:
#                        the first is served, then the attempt fails, the second is dropped
#                        and wakes the client; the first request's copy at 2 s goes out
#                        after the failure (and gets the 2.04 the client ignores)
#
# Environment:
#   LWM2M_WAKAAMA_PEERS     the folder of build-wakaama.sh (default: ../shared/peers relative
#                           to the repository root)
#   LWM2M_WAKAAMA_DURATION  seconds per situation (default 345)
#   LWM2M_WAKAAMA_SITUATIONS  the situations to run (default: all seven, as listed above)
#   LWM2M_WAKAAMA_BUILD     an existing build-wakaama.sh output folder to reuse
#   LWM2M_WAKAAMA_KEEP      a folder to copy the logs (peer-*.log, model-*.log) to
# Tolerance: 0.2 s + 0.2 % of the instant, or that much around a whole second off. Wakaama's timers are deterministic (no random
# factor) but count whole seconds of the wall clock (time()) and wake from select(), so its
# instants lie a few hundredths of a second after the model's and the lag grows over a run
# (0.07 s per 133 s restart cycle, 0.27 s at 317 s, 0.33 s at 334 s measured on a quiet
# machine; 0.49 s at 280 s beside a sanitizer build's tests and a compile); the datagrams
# of a bootstrap session wait for the scripted peer, which answered within 0.11 s on a loaded
# 2-core machine. A wait that starts within a wall-clock second ends up to a second early
# or late (the restart after an unreachable server came at 132.1 s in one run, 133.1 s in
# three), hence the whole-second slip. A wrong wait (two seconds or more, or a fraction of a
# second) shows as a larger difference, and a datagram present on one side only is a
# mismatch.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
peers=${LWM2M_WAKAAMA_PEERS:-$root/../shared/peers}
model_only=0
if [ "${1:-}" = "--model-only" ]; then
  model_only=1
  shift
  [ -n "${1:-}" ] || { echo "check-wakaama-retry: --model-only needs SCHEDULE_PROGRAM" >&2; exit 2; }
fi
program=${1:-}
duration=${LWM2M_WAKAAMA_DURATION:-345}
tolerance=0.2
drift=0.002
all_situations="unreachable 4.04 5.03 finish-4.06 registration-silent no-finish lost-2.04"
situations=${LWM2M_WAKAAMA_SITUATIONS:-$all_situations}
for s in $situations; do
  [[ " $all_situations " == *" $s "* ]] ||
    { echo "check-wakaama-retry: LWM2M_WAKAAMA_SITUATIONS: '$s' is not one of: $all_situations" >&2; exit 2; }
done

skip() {
  echo "check-wakaama-retry: skipped: $*"
  exit 77
}

if [ "$model_only" -eq 1 ]; then
  [ -x "$program" ] || { echo "check-wakaama-retry: $program is not an executable" >&2; exit 2; }
  for s in $situations; do
    echo "== $s (simulated, Wakaama profile)"
    "$program" --profile=Wakaama --situation="$s" --duration="$duration" ||
      { echo "check-wakaama-retry: $program failed for $s" >&2; exit 1; }
  done
  exit 0
fi

if [ -z "${LWM2M_WAKAAMA_IN_NETNS:-}" ]; then
  [ -x "$peers/build-wakaama.sh" ] || skip "no Wakaama source ($peers/build-wakaama.sh)"
  [ "$(id -u)" -eq 0 ] || skip "needs root for a network namespace"
  command -v unshare >/dev/null && command -v ip >/dev/null || skip "needs unshare and ip"
  command -v python3 >/dev/null || skip "needs python3"
  [[ "$duration" =~ ^[0-9]+$ ]] && [ "$duration" -ge 20 ] ||
    { echo "check-wakaama-retry: LWM2M_WAKAAMA_DURATION must be a whole number >= 20" >&2; exit 2; }
  if [ -n "$program" ] && [ ! -x "$program" ]; then
    echo "check-wakaama-retry: $program is not an executable" >&2
    exit 2
  fi
  unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"
  exec env LWM2M_WAKAAMA_IN_NETNS=1 unshare -n bash "$0" "$@"
fi

# Inside the namespace.
ip link set lo up
work=$(mktemp -d /tmp/wakaama-retry.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
source "$here/wakaama-common.sh"
wakaama_build "$peers" "$work" || exit 1
client="$wakaama_bin/lwm2mclient"

# The simulated schedules first, so that they do not load the machine while it measures.
for s in $situations; do
  [ -n "$program" ] || break
  "$program" --profile=Wakaama --situation="$s" --duration="$duration" >"$work/model-$s.log" ||
    { echo "check-wakaama-retry: $program failed for $s" >&2; exit 1; }
done

i=0
pids=()
for s in $situations; do
  bsPort=$((5700 + 10 * i))
  dmPort=$((bsPort + 1))
  localPort=$((56830 + i))
  python3 "$here/wakaama-peer.py" --situation "$s" --port "$bsPort" --dm-port "$dmPort" \
    --duration "$duration" >"$work/peer-$s.log" 2>&1 &
  pids+=($!)
  (
    sleep 0.5 # the peer is listening before the client's first datagram
    wakaama_run "$((duration - 1))" "$work/client-$s.log" "" \
      "$client" -4 -b -h 127.0.0.1 -p "$bsPort" -l "$localPort" -n "wakaama-$s"
  ) &
  pids+=($!)
  i=$((i + 1))
done
echo "measuring $situations for ${duration} s each (in parallel)"
status=0
for p in "${pids[@]}"; do
  wait "$p" || status=1
done
[ "$status" -eq 0 ] || { echo "a peer failed" >&2; tail -n 5 "$work"/peer-*.log >&2; exit 1; }

if [ -n "${LWM2M_WAKAAMA_KEEP:-}" ]; then
  mkdir -p "$LWM2M_WAKAAMA_KEEP"
  cp "$work"/peer-*.log "$LWM2M_WAKAAMA_KEEP/"
  [ -z "$program" ] || cp "$work"/model-*.log "$LWM2M_WAKAAMA_KEEP/"
fi

mismatch=0
for s in $situations; do
  echo "== $s"
  if [ -n "$program" ]; then
    python3 "$here/compare-retry-schedule.py" --tolerance "$tolerance" --drift "$drift" --slip --horizon "$((duration - 12))" \
      "$work/model-$s.log" "$work/peer-$s.log" || mismatch=1
  else
    grep -v '^#' "$work/peer-$s.log" || true
  fi
done
if [ "$mismatch" -ne 0 ]; then
  echo "check-wakaama-retry: the Wakaama profile does not match the measured schedule"
  exit 1
fi
echo "check-wakaama-retry: the Wakaama profile matches the measured schedule in every situation"
exit 0
