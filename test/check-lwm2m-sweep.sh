#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# End-to-end check of the output tool chain with a scenario program:
#   check-lwm2m-sweep.sh PROGRAM
# runs a 2 x 2 sweep (loss 0 and 0.2, two runs each, 20 devices) through
# examples/sweep-lwm2m.sh, then checks the run folders, the merged CSV files (row counts,
# the 95 % CI recomputed independently), that a run repeated with the same seed and run
# number gives byte-identical devices.csv / summary.json / timeline.csv, the plots, and the
# exit status 2 of the scripts on missing input.
# Exit status: 0 pass, 1 fail, 77 skipped (GNU parallel missing).

set -u
program="${1:?usage: check-lwm2m-sweep.sh PROGRAM}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
examples="$here/../examples"
command -v parallel >/dev/null 2>&1 || { echo "SKIP: GNU parallel not installed"; exit 77; }

# A Python with matplotlib if there is one (the merge needs only the standard library).
py="${PYTHON:-python3}"
plot_py=""
for candidate in "$py" /usr/bin/python3; do
    if "$candidate" -c 'import matplotlib' >/dev/null 2>&1; then
        plot_py="$candidate"
        break
    fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

out="$work/sweep"
PYTHON="$py" "$examples/sweep-lwm2m.sh" --program "$program" --out "$out" --loss 0,0.2 \
    --devices 20 --runs 2 --jobs 2 -- --duration 120 >"$work/sweep.log" 2>&1 \
    || { cat "$work/sweep.log" >&2; fail "sweep-lwm2m.sh exited with $?"; }

for loss in 0 0.2; do
    for run in 1 2; do
        d="$out/loss=$loss/run=$run"
        for f in devices.csv summary.json timeline.csv run.json; do
            [[ -s "$d/$f" ]] || fail "$d/$f missing"
        done
        [[ -f "$d/log.txt" ]] || fail "$d/log.txt missing"
        rows=$(($(wc -l <"$d/devices.csv") - 1))
        [[ "$rows" -eq 20 ]] || fail "$d/devices.csv has $rows rows, expected 20"
    done
done

[[ $(wc -l <"$out/sweep-runs.csv") -eq 5 ]] || fail "sweep-runs.csv: expected 4 runs"
[[ $(wc -l <"$out/sweep-aggregate.csv") -eq 3 ]] || fail "sweep-aggregate.csv: expected 2 points"

# The aggregate, recomputed from the runs' summary.json files with the t quantile for one
# degree of freedom (two runs per point).
"$py" - "$out" <<'EOF' || fail "aggregate does not match the runs"
import csv, json, math, os, sys
out = sys.argv[1]
agg = {r["loss"]: r for r in csv.DictReader(open(os.path.join(out, "sweep-aggregate.csv")))}
for loss in ("0", "0.2"):
    vals = []
    for run in (1, 2):
        with open(os.path.join(out, "loss=%s" % loss, "run=%d" % run, "summary.json")) as f:
            vals.append(json.load(f)["success_ratio"])
    mean = sum(vals) / 2
    sd = math.sqrt(sum((v - mean) ** 2 for v in vals))
    ci = 12.706204736 * sd / math.sqrt(2)
    row = agg[loss]
    assert row["runs"] == "2", row["runs"]
    assert abs(float(row["success_ratio_mean"]) - mean) < 1e-6, (row, mean)
    assert abs(float(row["success_ratio_ci95"]) - ci) < 1e-6, (row, ci)
EOF

# Same seed and run: byte-identical deterministic files.
again="$work/again"
"$program" --devices 20 --loss 0.2 --seed 1 --run 2 --output-dir "$again" --no-progress \
    --duration 120 >/dev/null 2>&1 || fail "repeated run failed"
for f in devices.csv summary.json timeline.csv; do
    cmp -s "$again/$f" "$out/loss=0.2/run=2/$f" || fail "$f differs for the same seed and run"
done

# Missing input: exit status 2.
"$py" "$examples/merge-lwm2m-sweep.py" "$work/nothing-here" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "merge of a missing directory: expected exit 2"

if [[ -n "$plot_py" ]]; then
    "$plot_py" "$examples/plot-lwm2m-results.py" "$out/loss=0.2/run=1" >/dev/null \
        || fail "plot of a run failed"
    "$plot_py" "$examples/plot-lwm2m-results.py" --sweep "$out/sweep-aggregate.csv" >/dev/null \
        || fail "plot of the sweep failed"
    for f in loss=0.2/run=1/latency-cdf.png loss=0.2/run=1/timeline.png \
        loss=0.2/run=1/failure-causes.png sweep-success-ratio.png sweep-latency.png; do
        [[ -s "$out/$f" ]] || fail "$f not written"
    done
    "$plot_py" "$examples/plot-lwm2m-results.py" "$work/nothing-here" >/dev/null 2>&1
    [[ $? -eq 2 ]] || fail "plot of a missing run directory: expected exit 2"
else
    echo "note: matplotlib not found, plots not checked"
fi
echo "PASS"
