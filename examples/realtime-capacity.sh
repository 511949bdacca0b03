#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The largest fleet the storm runs in real time on this machine (issue #14): bisects the
# device count N of a real-time storm (--realtime, no bridge) at LOSS until the largest
# valid N and the smallest invalid one are within PRECISION of each other. A run is valid
# when its largest lag stays within --realtime-max-lag (run.json realtime.valid; the storm
# exits with status 3 otherwise, or is aborted by ns-3's HardLimit: "Hard real-time limit
# exceeded").
#
#   realtime-capacity.sh STORM_PROGRAM [DATA_DIR]
#
# Writes FIGURES/realtime-capacity.csv: one row per run tried (devices, valid, exit status,
# largest lag and its bound, load average before and after, wall seconds), in the order
# tried, and prints the result. Use a release build; the result depends on what else the
# machine runs, which the load columns record.
#
# Environment: LOSS (0.05), DURATION (150 s), WINDOW (60 s, --power-on-window, uniform),
# START (5000), MAX (400000: no doubling beyond), PRECISION (0.1), TRY (see below), MAX_LAG (0.1 s), FIGURES (doc/figures).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
storm=${1:-}
loss=${LOSS:-0.05}
duration=${DURATION:-150}
window=${WINDOW:-60}
start=${START:-5000}
max=${MAX:-400000}
precision=${PRECISION:-0.1}
max_lag=${MAX_LAG:-0.1}
figures=${FIGURES:-$root/doc/figures}

[ -x "$storm" ] || { echo "usage: realtime-capacity.sh STORM_PROGRAM [DATA_DIR]" >&2; exit 2; }
for v in "$duration" "$window" "$start"; do
  [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 1 ] || { echo "realtime-capacity: '$v' is not a positive whole number" >&2; exit 2; }
done
data=${2:-$(mktemp -d /tmp/realtime-capacity.XXXXXX)}
mkdir -p "$data" "$figures"
echo "realtime-capacity: outputs of the runs in $data"
csv="$data/realtime-capacity.csv"
if [ -z "${TRY:-}" ] || [ ! -f "$csv" ]; then
  echo "devices,valid,status,max_lag_s,lag_bound_s,load_before,load_after,wall_s,loss,duration_s,power_on_window_s" >"$csv"
fi

# try N: runs the storm with N devices; 0 if valid, 1 if not.
try() {
  local n=$1 out="$data/n$1" status=0 before after t0 lag bound valid
  before=$(cut -d' ' -f1 /proc/loadavg)
  t0=$SECONDS
  "$storm" -n "$n" --realtime --realtime-max-lag "$max_lag" --loss "$loss" \
    --duration "$duration" --power-on-window "$window" --no-progress -o "$out" \
    >"$out.log" 2>&1 || status=$?
  after=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ] && ! grep -q "Hard real-time limit exceeded" "$out.log"; then
    echo "realtime-capacity: the storm failed with status $status (not a lag): $out.log" >&2
    tail -n 5 "$out.log" >&2
    exit 1
  fi
  if [ -f "$out/run.json" ] && [ "$status" -ne 134 ]; then
    read -r lag bound valid < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["realtime"]; print(r["max_lag_s"], r["lag_bound_s"], int(r["valid"]))' "$out/run.json")
  else
    lag=hardlimit bound=$max_lag valid=0
  fi
  [ "$status" -eq 0 ] || valid=0
  echo "$n,$valid,$status,$lag,$bound,$before,$after,$((SECONDS - t0)),$loss,$duration,$window" >>"$csv"
  echo "  N=$n: $([ "$valid" = 1 ] && echo valid || echo INVALID), status $status, largest lag $lag s, load $before -> $after"
  rm -f -- "$out"/timeline.csv
  [ "$valid" = 1 ]
}

# TRY="N ...": only these device counts, once each, the rows added to DATA_DIR's table (to
# repeat the bisection's last two: TRY="LARGEST_VALID SMALLEST_INVALID").
if [ -n "${TRY:-}" ]; then
  for n in $TRY; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "realtime-capacity: TRY: '$n' is not a whole number" >&2; exit 2; }
    try "$n" || true
  done
  cp "$csv" "$figures/realtime-capacity.csv.tmp" && mv "$figures/realtime-capacity.csv.tmp" "$figures/realtime-capacity.csv"
  # Per device count: valid runs of all, and the median of the largest lags.
  python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for n in sorted({int(r["devices"]) for r in rows}):
    rs = [r for r in rows if int(r["devices"]) == n]
    lags = [float(r["max_lag_s"]) for r in rs if r["max_lag_s"] != "hardlimit"]
    print("  N=%d: %d of %d runs valid, median largest lag %s s, loads before %s" % (
        n, sum(r["valid"] == "1" for r in rs), len(rs),
        "%.3f" % statistics.median(lags) if lags else "-",
        " ".join(r["load_before"] for r in rs)))
PY
  exit 0
fi
lo=0 hi=0 n=$start
# Bracket, doubling or halving, then bisect geometrically (rounded to 100 devices).
while :; do
  if try "$n"; then
    lo=$n
    [ "$hi" -gt 0 ] && break
    [ $((n * 2)) -le "$max" ] || { echo "realtime-capacity: valid up to MAX=$max" >&2; break; }
    n=$((n * 2))
  else
    hi=$n
    [ "$lo" -gt 0 ] && break
    n=$((n / 2))
    [ "$n" -ge 100 ] || { echo "realtime-capacity: not even 100 devices run in real time" >&2; break; }
  fi
done
while [ "$lo" -gt 0 ] && [ "$hi" -gt 0 ] &&
  awk -v l="$lo" -v h="$hi" -v p="$precision" 'BEGIN { exit !((h - l) / l > p) }'; do
  n=$(awk -v l="$lo" -v h="$hi" 'BEGIN { printf "%d", int(sqrt(l * h) / 100 + 0.5) * 100 }')
  { [ "$n" -le "$lo" ] || [ "$n" -ge "$hi" ]; } && break
  if try "$n"; then lo=$n; else hi=$n; fi
done
cp "$csv" "$figures/realtime-capacity.csv.tmp" && mv "$figures/realtime-capacity.csv.tmp" "$figures/realtime-capacity.csv"
echo "realtime-capacity: largest valid N $lo, smallest invalid N $hi (loss $loss, ${duration} s," \
  "power-on window ${window} s, bound ${max_lag} s); $figures/realtime-capacity.csv"
