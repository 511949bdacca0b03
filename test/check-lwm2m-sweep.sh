#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# End-to-end check of the output tool chain with a scenario program:
#   check-lwm2m-sweep.sh PROGRAM
# runs a 2 x 2 sweep (loss 0 and 0.2, two runs each, 20 devices) through
# examples/sweep-lwm2m.sh, then checks the run folders, the merged CSV files (row counts,
# the 95 % CI recomputed independently), the same grid as a SLURM job array (--slurm: the
# #SBATCH lines, its tasks run here without sbatch, the merge identical to GNU parallel's,
# submit.sh with a stand-in sbatch), that a run repeated with the same seed and run
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

# SLURM: the same grid written as a job array (sweep-lwm2m.sh --slurm). Its tasks are run
# here one by one as SLURM would start them (SLURM_ARRAY_TASK_ID=i, no sbatch), then the
# merge job's script: the merged CSV files equal GNU parallel's but for the wall-clock
# columns (wall_time_s, events_per_second).
sl="$work/slurm-sweep"
"$examples/sweep-lwm2m.sh" --program "$program" --out "$sl" --loss 0,0.2 --devices 20 \
    --runs 2 --slurm --job-name storm-test --time 00:20:00 --sbatch --mem=1G \
    -- --duration 120 >"$work/slurm.log" 2>&1 || { cat "$work/slurm.log" >&2; fail "--slurm"; }
arr="$sl/slurm/array.sbatch"
want="#SBATCH --job-name=storm-test
#SBATCH --array=0-3
#SBATCH --time=00:20:00
#SBATCH --output=$sl/slurm/logs/task-%A_%a.out
#SBATCH --mem=1G"
[[ "$(grep '^#SBATCH' "$arr")" == "$want" ]] || fail "array.sbatch: #SBATCH lines: $(grep '^#SBATCH' "$arr")"
want="#SBATCH --job-name=storm-test-merge
#SBATCH --time=00:30:00
#SBATCH --output=$sl/slurm/logs/merge-%j.out"
[[ "$(grep '^#SBATCH' "$sl/slurm/merge.sbatch")" == "$want" ]] || fail "merge.sbatch: #SBATCH lines"
[[ -d "$sl/slurm/logs" ]] || fail "the log folder of the tasks is not created (sbatch does not)"
"$examples/sweep-lwm2m.sh" --program "$program" --out "$sl" --loss 0,0.2 --devices 20 \
    --runs 2 --list-tasks -- --duration 120 >"$work/tasks.txt" 2>&1 || fail "--list-tasks"
[[ $(wc -l <"$work/tasks.txt") -eq 4 ]] || fail "--list-tasks: expected 4 tasks"
paste <(seq 0 3) "$sl/jobs.txt" | cmp -s - "$work/tasks.txt" \
    || fail "--list-tasks is not 'TASK_ID<TAB>line of jobs.txt'"
grep -q "^3"$'\t'"mkdir -p $sl/loss=0.2/run=2 && .* --loss 0.2 --devices 20 --seed 1 --run 2 --output-dir $sl/loss=0.2/run=2 " \
    "$work/tasks.txt" || fail "task 3 is not loss 0.2, run 2: $(tail -1 "$work/tasks.txt")"
for i in 0 1 2 3; do
    SLURM_ARRAY_TASK_ID=$i bash "$arr" || fail "task $i exited with $?"
done
SLURM_ARRAY_TASK_ID=4 bash "$arr" 2>/dev/null
[[ $? -eq 2 ]] || fail "task 4 of 4: expected exit 2"
for d in loss=0/run=1 loss=0/run=2 loss=0.2/run=1 loss=0.2/run=2; do
    for f in devices.csv summary.json timeline.csv; do
        cmp -s "$sl/$d/$f" "$out/$d/$f" || fail "$d/$f: the SLURM task and GNU parallel differ"
    done
done
PYTHON="$py" bash "$sl/slurm/merge.sbatch" >/dev/null || fail "merge.sbatch exited with $?"
"$py" - "$out" "$sl" <<'EOF' || fail "the SLURM sweep's merge differs from GNU parallel's"
import csv, os, sys
clock = ("wall_time_s", "events_per_second")
for name in ("sweep-runs.csv", "sweep-aggregate.csv"):
    tables = []
    for d in sys.argv[1:]:
        with open(os.path.join(d, name)) as f:
            rows = list(csv.reader(f))
        keep = [i for i, c in enumerate(rows[0]) if not c.startswith(clock)]
        tables.append([[r[i] for i in keep] for r in rows])
    assert tables[0] == tables[1], (name, tables)
    assert len(tables[0]) == (5 if name == "sweep-runs.csv" else 3), name
    assert len(tables[0][0]) > 20, tables[0][0]
EOF
# submit.sh (--submit) with a stand-in sbatch that logs its arguments: the merge is submitted
# after the array, --dependency=afterok:ARRAY_JOB.
mkdir -p "$work/bin"
cat >"$work/bin/sbatch" <<EOF
#!/bin/bash
echo "\$*" >>"$work/sbatch-calls"
if [[ "\$*" == *array.sbatch ]]; then echo 4242; else echo "4243;cluster1"; fi
EOF
chmod +x "$work/bin/sbatch"
PATH="$work/bin:$PATH" "$examples/sweep-lwm2m.sh" --program "$program" --out "$sl" \
    --loss 0,0.2 --devices 20 --runs 2 --slurm --submit -- --duration 120 >"$work/submit.log" 2>&1 \
    || fail "--slurm --submit: $(cat "$work/submit.log")"
want="--parsable $sl/slurm/array.sbatch
--parsable --dependency=afterok:4242 $sl/slurm/merge.sbatch"
[[ "$(cat "$work/sbatch-calls")" == "$want" ]] || fail "sbatch calls: $(cat "$work/sbatch-calls")"
grep -q "array job 4242 (4 tasks), merge job 4243 after it" "$work/submit.log" \
    || fail "submit.sh output: $(cat "$work/submit.log")"
: >"$work/sbatch-calls"
PATH="$work/bin:$PATH" "$examples/sweep-lwm2m.sh" --program "$program" --out "$work/nomerge" \
    --loss 0 --runs 1 --slurm --submit --no-merge >/dev/null 2>&1 || fail "--submit --no-merge"
[[ "$(cat "$work/sbatch-calls")" == "--parsable $work/nomerge/slurm/array.sbatch" ]] \
    || fail "--no-merge: sbatch calls: $(cat "$work/sbatch-calls")"
"$examples/sweep-lwm2m.sh" --program "$program" --out "$work/throttle" --loss 0,0.2 \
    --runs 3 --slurm --jobs 2 >/dev/null 2>&1 || fail "--slurm --jobs 2"
grep -qx '#SBATCH --array=0-5%2' "$work/throttle/slurm/array.sbatch" || fail "--jobs 2: no %2"
for bad in "--submit" "--slurm --time soon" "--slurm --resume" "--slurm --sbatch mem=1G"; do
    # shellcheck disable=SC2086
    "$examples/sweep-lwm2m.sh" --program "$program" --out "$work/bad" --loss 0 $bad \
        >/dev/null 2>&1
    [[ $? -eq 2 ]] || fail "sweep-lwm2m.sh $bad: expected exit 2"
done

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
