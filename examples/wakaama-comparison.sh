#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Real Eclipse Wakaama clients against simulated clients with the Wakaama retry profile, on
# the same simulated access link at the same loss (issue #14): bootstrap latency (first
# Request Bootstrap to the 2.01 of the Register) and the instants of each request's
# retransmissions, both measured from pcaps of the access link by the same code
# (test/wakaama_wire.py).
#
#   wakaama-comparison.sh STORM_PROGRAM [DATA_DIR]
#
# Real side: for each loss and run r = 1..RUNS, a real-time storm (--realtime, 20 simulated
# devices) with K real lwm2mclient processes (--external-clients K, each in a network
# namespace of its own behind its own TAP; started 1.5 s apart) and --pcap-external. The two
# losses run side by side (two storms at once), the runs one after the other; `uptime` is
# recorded before and after each pair. Model side: for each loss one storm of 1,000 devices
# with --retry-profile Wakaama --mode-mix client=1, pcaps of the first MODEL_PCAPS devices,
# in three variants (below).
# Then examples/wakaama-comparison.py writes doc/figures/wakaama-comparison-*.png and
# doc/figures/wakaama-comparison.csv (and .rst: the table doc/lwm2m.rst includes).
#
# Needs root, /dev/net/tun, ip, tshark, python3 and ../shared/peers/build-wakaama.sh (or
# LWM2M_WAKAAMA_BUILD). Outputs of the runs stay in DATA_DIR (default a new folder under
# /tmp, printed).
#
# Environment: RUNS (3), CLIENTS (10), DURATION (200, seconds of each real-time storm),
# LOSSES ("0.05 0.2"), MODEL_DEVICES (1000), MODEL_PCAPS (300), MODEL_WINDOW (500 s, the
# model's power-on window), MODEL_TAIL (200 s simulated after the window),
# FIGURES (doc/figures of the repository), LWM2M_WAKAAMA_PEERS, LWM2M_WAKAAMA_BUILD.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
peers=${LWM2M_WAKAAMA_PEERS:-$root/../shared/peers}
storm=${1:-}
runs=${RUNS:-3}
clients=${CLIENTS:-10}
duration=${DURATION:-200}
losses=${LOSSES:-0.05 0.2}
model_devices=${MODEL_DEVICES:-1000}
model_pcaps=${MODEL_PCAPS:-300}
model_window=${MODEL_WINDOW:-500}
model_tail=${MODEL_TAIL:-200}
figures=${FIGURES:-$root/doc/figures}
stagger=1.5

[ -x "$storm" ] || { echo "usage: wakaama-comparison.sh STORM_PROGRAM [DATA_DIR]" >&2; exit 2; }
for v in "$runs" "$clients" "$duration" "$model_devices" "$model_pcaps" "$model_window" "$model_tail"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "wakaama-comparison: '$v' is not a whole number" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "wakaama-comparison: needs root (network namespaces, TAPs)" >&2; exit 2; }
[ -c /dev/net/tun ] || { echo "wakaama-comparison: needs /dev/net/tun" >&2; exit 2; }
for tool in ip tshark python3 timeout uptime; do
  command -v "$tool" >/dev/null || { echo "wakaama-comparison: needs $tool" >&2; exit 2; }
done

data=${2:-$(mktemp -d /tmp/wakaama-comparison.XXXXXX)}
mkdir -p "$data"
echo "wakaama-comparison: outputs of the runs in $data"
source "$root/test/wakaama-common.sh"
trap wakaama_netns_del_all EXIT
wakaama_build "$peers" "$data" || exit 1

# One configuration for both sides: every endpoint gets server 1.
cfg="$data/bs.cfg"
printf '[server 1]\nuri = {dm}\nlifetime = 300\n[endpoint *]\ndelete = /\nwrite-server = 1\n' >"$cfg"

# One real-time storm: LABEL LOSS RUN. Client j starts j x 1.5 s after the TAPs are up.
real_storm() {
  local label=$1 loss=$2 run=$3 ns="lwc$$-$1" j
  local out="$data/$label"
  trap wakaama_netns_del_all EXIT # (run in a background subshell: its own namespaces)
  wakaama_netns_add "$ns" || { echo "ip netns add failed" >&2; return 1; }
  for ((j = 0; j < clients; j++)); do
    wakaama_netns_add "$ns-c$j" || return 1
  done
  ip netns exec "$ns" "$storm" -n 20 --power-on-window 10 --duration "$duration" --realtime \
    --loss "$loss" --run "$run" --bs-config "$cfg" --external-clients "$clients" --tap lwc \
    --tap-netns "$ns-c" --external-endpoint wakaama- --pcap-external --no-progress \
    -o "$out" >"$out.log" 2>&1 &
  local storm_pid=$! pids=()
  for ((j = 0; j < clients; j++)); do
    wakaama_wait_tap "$ns-c$j" "lwc$j" || { kill "$storm_pid"; return 1; }
  done
  for ((j = 0; j < clients; j++)); do
    (
      sleep "$(awk -v j="$j" -v s="$stagger" 'BEGIN { print j * s }')"
      wakaama_prefix=(ip netns exec "$ns-c$j")
      wakaama_run "$((duration - 3 - j * 3 / 2))" "$out-client$j.log" "" \
        "$wakaama_bin/lwm2mclient" -4 -b -h 172.16.0.2 -p 5683 -n "wakaama-$j"
    ) &
    pids+=($!)
  done
  local status=0
  wait "$storm_pid" || status=$?
  for p in "${pids[@]}"; do wait "$p" || true; done
  echo "$status" >"$out.status"
  # This function runs in a subshell of its own: it removes the namespaces it made.
  wakaama_netns_del_all
}

for ((r = 1; r <= runs; r++)); do
  labels=()
  for loss in $losses; do labels+=("real-$loss-r$r"); done
  if [ -f "$data/${labels[-1]}.status" ]; then
    echo "run $r: already in $data"
    continue
  fi
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "run $r: real-time storms at loss $losses, ${duration} s, load before: $before"
  pids=()
  for loss in $losses; do
    real_storm "real-$loss-r$r" "$loss" "$r" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  for label in "${labels[@]}"; do
    printf 'load_before=%s\nload_after=%s\n' "$before" "$after" >"$data/$label.load"
    echo "  $label: status $(cat "$data/$label.status" 2>/dev/null || echo none);" \
      "$(grep -E '^real time' "$data/$label.log" | head -n 1)"
  done
  echo "  load after: $after"
  wakaama_netns_del_all
done

# The model, three times (NAME:HOLD-OFF:POWER-ON WINDOW): with the real client's Client
# Hold Off Time (10 s: Wakaama f91cfe0, examples/client/common/object_security.c,
# get_security_object(), clientHoldOffTime of the bootstrap server's instance) and the
# devices powered on over MODEL_WINDOW s, so that the simulated bootstrap server is about
# as idle as in the real-time runs (about 2 new clients a second there); with the storm's
# default hold-off (0 s); and with the real hold-off but the storm's default 60 s window,
# where 1,000 devices load the simulated server (5 ms per operation, --bs-service-time).
for loss in $losses; do
  for variant in "model:10:$model_window" "model-h0:0:$model_window" model-w60:10:60; do
    IFS=: read -r name hold window <<<"$variant"
    out="$data/$name-$loss"
    [ -f "$out/summary.json" ] && continue
    "$storm" -n "$model_devices" --retry-profile Wakaama --mode-mix client=1 --loss "$loss" \
      --hold-off "$hold" --power-on-window "$window" --bs-config "$cfg" \
      --pcap "$model_pcaps" --duration "$((window + model_tail))" --no-progress \
      -o "$out" >"$out.log" 2>&1 || { echo "model storm failed: $out.log" >&2; exit 1; }
  done
done

python3 "$here/wakaama-comparison.py" "$data" "$figures" $losses
