#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# The retry-profile figure of doc/lwm2m.rst: one storm scenario swept over the packet loss for
# every retry preset, then success ratio, mean and p99 latency versus loss, one curve per
# preset (doc/figures/retry-profiles-*.png).
#
#   examples/retry-profile-figure.sh [--program build/examples/lwm2m-bootstrap-storm]
#                                    [--out results/retry-profiles] [--runs 3] [--devices 1000]
#                                    [--figures doc/figures] [-- extra storm options]
#
# The scenario: the storm's defaults (client-initiated bootstrap then registration, power-on
# uniform over 60 s, Bernoulli loss) with a bootstrap server that can hold 50 sessions at once
# (--bs-max-sessions 50, so that 5.03 answers and their handling by each preset show) and 1800 s
# of simulated time. Needs GNU parallel (the sweep) and matplotlib (the plots).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
program="$here/../build/examples/lwm2m-bootstrap-storm"
out="results/retry-profiles"
figures="$here/../doc/figures"
runs=3
devices=1000
. "$here/figure-script-args.sh"
figure_script_args retry-profile-figure.sh 5,17 "$@"
# The presets, from the header row of the program's own table ("key Spec Leshan ... meaning").
presets=$("$program" --retry-profile help 2>/dev/null \
            | awk '$1 == "key" { for (i = 2; i < NF; i++) print $i; exit }' | paste -sd, - || true)
[ -n "$presets" ] || { echo "retry-profile-figure.sh: $program --retry-profile help lists no preset" >&2; exit 2; }
"$here/sweep-lwm2m.sh" --program "$program" --out "$out" --devices "$devices" --runs "$runs" \
  --loss 0,0.05,0.1,0.2,0.3,0.5 --param "retry-profile=$presets" \
  -- --bs-max-sessions 50 --duration 1800 "${extra[@]}"
python3 "$here/plot-lwm2m-results.py" --sweep "$out/sweep-aggregate.csv" --x loss --out "$out"
mkdir -p "$figures"
for f in sweep-success-ratio sweep-latency sweep-p99; do
  cp "$out/$f.png" "$figures/retry-profiles-${f#sweep-}.png"
done
cp "$out/sweep-aggregate.csv" "$figures/retry-profiles.csv"
echo "figures: $figures/retry-profiles-{success-ratio,latency,p99}.png, data: $figures/retry-profiles.csv"
