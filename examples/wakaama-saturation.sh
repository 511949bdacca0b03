#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# How many bootstrap sessions per second the real Eclipse Wakaama bootstrap server sustains
# (issue #14): N simulated devices, powered on at once after a 5 s hold-off, bootstrap from
# the real bootstrap_server (--external-bootstrap-server, its own network namespace behind
# its own TAP) in a real-time storm at 0 % loss, for each N of SIZES, REPEATS times.
#
#   wakaama-saturation.sh STORM_PROGRAM [DATA_DIR]
#
# Per run: summary.json's external_bootstrap_server (sessions finished, sessions/s from the
# first Request Bootstrap to the last Finish), the devices registered (devices.csv), the
# largest real-time lag (run.json), the load average before and after (/proc/loadavg) and
# the UDP counters of the server's namespace after the run (/proc/net/snmp: InDatagrams,
# RcvbufErrors, the datagrams its socket's full receive buffer dropped). Then
# examples/wakaama-saturation.py writes doc/figures/wakaama-saturation.csv and .png.
#
# Needs root, /dev/net/tun, ip, python3 and ../shared/peers/build-wakaama.sh (or
# LWM2M_WAKAAMA_BUILD); use a release build of the storm.
#
# Environment: SIZES ("300 1000 3000 5000 10000"), REPEATS (2), DURATION (60 s), FIGURES
# (doc/figures), LWM2M_WAKAAMA_PEERS, LWM2M_WAKAAMA_BUILD.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
peers=${LWM2M_WAKAAMA_PEERS:-$root/../shared/peers}
storm=${1:-}
sizes=${SIZES:-300 1000 3000 5000 10000}
repeats=${REPEATS:-2}
duration=${DURATION:-60}
figures=${FIGURES:-$root/doc/figures}

[ -x "$storm" ] || { echo "usage: wakaama-saturation.sh STORM_PROGRAM [DATA_DIR]" >&2; exit 2; }
for v in $sizes "$repeats" "$duration"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "wakaama-saturation: '$v' is not a whole number" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "wakaama-saturation: needs root (network namespaces, TAPs)" >&2; exit 2; }
[ -c /dev/net/tun ] || { echo "wakaama-saturation: needs /dev/net/tun" >&2; exit 2; }

data=${2:-$(mktemp -d /tmp/wakaama-saturation.XXXXXX)}
mkdir -p "$data"
echo "wakaama-saturation: outputs of the runs in $data"
source "$root/test/wakaama-common.sh"
trap wakaama_netns_del_all EXIT
wakaama_build "$peers" "$data" || exit 1

cfg="$data/bs.cfg"
printf '[server 1]\nuri = {dm}\nlifetime = 300\n[endpoint *]\ndelete = /\nwrite-server = 1\n' >"$cfg"
"$storm" --bs-config "$cfg" --wakaama-bs-ini "$data/wakaama-bs.ini" -n 1 -o "$data/ini" >/dev/null ||
  { echo "wakaama-saturation: --wakaama-bs-ini failed" >&2; exit 1; }

for n in $sizes; do
  for ((r = 1; r <= repeats; r++)); do
    label="n$n-r$r"
    out="$data/$label"
    [ -f "$out.result" ] && { echo "$label: already in $data"; continue; }
    ns="lws$$-$label"
    wakaama_netns_add "$ns" && wakaama_netns_add "$ns-bs" || { echo "ip netns add failed" >&2; exit 1; }
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    ip netns exec "$ns" "$storm" -n "$n" --power-on all --hold-off 5 --duration "$duration" \
      --realtime --loss 0 --bs-config "$cfg" --mode-mix client=1 --run "$r" \
      --external-bootstrap-server --tap lws --tap-netns "$ns-" --no-progress -o "$out" \
      >"$out.log" 2>&1 &
    storm_pid=$!
    wakaama_wait_tap "$ns-bs" lwsbs || { kill "$storm_pid"; exit 1; }
    (
      cd "$data"
      wakaama_prefix=(ip netns exec "$ns-bs")
      wakaama_run "$((duration - 1))" "$out-bs.log" "" \
        "$wakaama_bin/bootstrap_server" -4 -l 5683 -f "$data/wakaama-bs.ini"
    ) &
    bs_pid=$!
    status=0
    wait "$storm_pid" || status=$?
    wait "$bs_pid" || true
    after=$(cut -d' ' -f1-3 /proc/loadavg)
    udp=$(ip netns exec "$ns-bs" awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) n[i] = $i; h = 1 }
      else { for (i = 2; i <= NF; i++) if (n[i] == "InDatagrams" || n[i] == "RcvbufErrors") printf "%s=%s ", n[i], $i } }' \
      /proc/net/snmp)
    printf 'devices=%s\nrun=%s\nstatus=%s\nload_before=%s\nload_after=%s\nudp=%s\n' \
      "$n" "$r" "$status" "$before" "$after" "$udp" >"$out.result.tmp"
    mv "$out.result.tmp" "$out.result"
    echo "$label: status $status, load $before -> $after, $udp;" \
      "$(grep -E '^external' "$out.log" | head -n 1)"
    wakaama_netns_del_all
  done
done

python3 "$here/wakaama-saturation.py" "$data" "$figures"
