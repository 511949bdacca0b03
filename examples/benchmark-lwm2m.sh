#!/usr/bin/env bash
# Scale benchmark of the main scenario, with a plain-UDP baseline on the same fleet wiring.
#   benchmark-lwm2m.sh [BUILD_DIR] [N ...]        (default: build, 1000 10000 100000)
# For each fleet size N it runs lwm2m-bootstrap-storm with its defaults (client-initiated
# bootstrap then registration, 5 % independent loss, power-on uniform over 60 s) under
# /usr/bin/time -v, then fleet-baseline with the same number of devices exchanging the same
# number of UDP datagrams (request/response pairs) with no LwM2M logic, and prints one table:
# wall and CPU seconds, peak RSS, simulator events, events per CPU second, devices per wall
# second, and the LwM2M / baseline CPU ratio. Build in Release first
# (./quickstart.sh build). Wall times on a shared machine vary: CPU seconds are the steadier
# figure; run it twice and quote medians.
set -euo pipefail
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
storm="$build/examples/lwm2m-bootstrap-storm"
base="$build/examples/fleet-baseline"
for p in "$storm" "$base" /usr/bin/time; do
  [ -x "$p" ] || { echo "benchmark-lwm2m.sh: $p not found (build in Release first)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { grep -E "$1" "$2" | head -1 | sed -E "s/.*$1[^0-9]*([0-9.]+).*/\1/"; }
cpu() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u + s}' "$1"; }
rss() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2, a, ":"); t=0; for (i=1;i<=n;i++) t=t*60+a[i]; printf "%.1f", t}' "$1"; }

printf "%-8s | %8s %8s %8s %11s %10s %9s %6s | %8s %8s %8s %11s | %6s\n" \
  N "wall_s" "cpu_s" "RSS_MiB" "events" "events/cpu" "devs/wall" "reg%" \
  "b_wall" "b_cpu" "b_RSS" "b_events" "ratio"
prev_wall=""
for n in "${sizes[@]}"; do
  /usr/bin/time -v "$storm" -n "$n" -o "$work/run-$n" --no-progress > "$work/storm-$n.txt" 2> "$work/time-$n.txt"
  events=$(grep -E "^wall time" "$work/storm-$n.txt" | sed -E 's/.*s, ([0-9]+) events.*/\1/')
  up=$(grep -E "device traffic" "$work/storm-$n.txt" | sed -E 's/.*up ([0-9]+) datagrams.*/\1/')
  down=$(grep -E "device traffic" "$work/storm-$n.txt" | sed -E 's/.*down ([0-9]+) datagrams.*/\1/')
  reg=$(awk '$1 == "REGISTERED" {print $3; exit}' "$work/storm-$n.txt")
  k=$(( (up + down + n) / (2 * n) ))
  /usr/bin/time -v "$base" --devices="$n" --requests="$k" --loss=0.05 --window=60 \
      > "$work/base-$n.txt" 2> "$work/btime-$n.txt"
  bevents=$(grep -E "^events " "$work/base-$n.txt" | sed -E 's/^events ([0-9]+).*/\1/')
  w=$(wall "$work/time-$n.txt"); c=$(cpu "$work/time-$n.txt")
  bw=$(wall "$work/btime-$n.txt"); bc=$(cpu "$work/btime-$n.txt")
  printf "%-8s | %8s %8s %8s %11s %10.0f %9.0f %6s | %8s %8s %8s %11s | %6.2f\n" \
    "$n" "$w" "$c" "$(rss "$work/time-$n.txt")" "$events" "$(echo "$events / $c" | bc -l)" \
    "$(echo "$n / $w" | bc -l)" "$reg" "$bw" "$bc" "$(rss "$work/btime-$n.txt")" "$bevents" \
    "$(echo "$c / $bc" | bc -l)"
  if [ -n "$prev_wall" ]; then
    echo "         growth: wall x$(echo "scale=2; $w / $prev_wall" | bc -l), cpu x$(echo "scale=2; $c / $prev_cpu" | bc -l) for N x$(echo "scale=1; $n / $prev_n" | bc -l)"
  fi
  prev_wall=$w; prev_cpu=$c; prev_n=$n
done
echo "baseline: fleet-baseline with K = (up + down datagrams) / (2 N) request/response pairs per device"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
