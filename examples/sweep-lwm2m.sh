#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# Run a parameter grid of an LwM2M scenario program with replications, in parallel with
# GNU parallel, one output folder per run, then merge the runs (merge-lwm2m-sweep.py).
#
#   sweep-lwm2m.sh --program build/examples/lwm2m-bootstrap-storm --out results/sweep \
#                  --loss 0,0.05,0.1,0.2,0.3 --devices 1000 --runs 5 [-- extra args]
#
# Every combination of the grid values is run --runs times (run numbers --first-run ...),
# all with the same --seed (ns-3 convention: one seed, independent runs). A parameter with
# several values becomes a folder level: <out>/loss=0.1/run=3/ (with --devices 100,1000
# as well: <out>/devices=100/loss=0.1/run=3/). Each run is called as
#   PROGRAM --devices N --loss P [--NAME V ...] --seed S --run R --output-dir DIR \
#           --no-progress [extra args]
# and its standard output and error go to DIR/log.txt.
#
# Written in <out>: jobs.txt (the commands), joblog.tsv (GNU parallel's job log, with which
# --resume runs only what failed or did not run), sweep-runs.csv and sweep-aggregate.csv
# (the merge).
#
# On a SLURM cluster, --slurm runs nothing: it writes the same runs as a job array,
#   <out>/slurm/array.sbatch   task i (SLURM_ARRAY_TASK_ID) runs line i+1 of jobs.txt
#   <out>/slurm/merge.sbatch   merge-lwm2m-sweep.py <out>
#   <out>/slurm/submit.sh      sbatch the array, then the merge with
#                              --dependency=afterok:ARRAY_JOB (--submit runs it)
# and --list-tasks prints "TASK_ID<TAB>command" for each run.
# Exit status: 0 when every run succeeded, 1 when some failed (the others are merged
# anyway), 2 on a usage error.

set -u
set -o pipefail

usage() {
    cat <<'EOF'
usage: sweep-lwm2m.sh --program PATH --out DIR [grid] [options] [-- extra program args]

grid (comma-separated values; every combination is run):
  --loss LIST            packet loss probabilities, e.g. 0,0.05,0.1
  --devices LIST         fleet sizes, e.g. 1000 or 100,1000,10000
  --param NAME=LIST      any other program option, e.g. --param retry-profile=Spec,Anjay
                         (repeatable; passed as --NAME VALUE)
options:
  --runs N               replications per grid point (default 5)
  --first-run R          first run number (default 1)
  --seed S               RNG seed of every run (default 1)
  --jobs J               parallel jobs (default: number of processors)
  --resume               run only the runs that failed or did not run yet (joblog.tsv)
  --dry-run              print the commands, run nothing
  --list-tasks           print "TASK_ID<TAB>command" per run (the SLURM array's tasks)
  --no-merge             do not run merge-lwm2m-sweep.py (with --slurm: submit.sh
                         submits the array only)
  -h, --help             this text
SLURM (instead of GNU parallel):
  --slurm                write OUT/slurm/array.sbatch (a job array, one task per run),
                         merge.sbatch and submit.sh; run nothing
  --submit               with --slurm: submit them (the merge runs after the array with
                         --dependency=afterok)
  --time T               time limit of each task (default 01:00:00)
  --job-name NAME        job name (default lwm2m-sweep; the merge job is NAME-merge)
  --partition P          partition of both jobs
  --sbatch OPT           another #SBATCH line for the tasks, e.g. --sbatch --mem=4G
                         (repeatable)
  --jobs J               with --slurm: at most J tasks at once (--array=...%J)
environment: PYTHON (default python3) runs the merge script.
EOF
}

die() {
    echo "sweep-lwm2m.sh: error: $*" >&2
    exit 2
}

program=""
out=""
runs=5
first_run=1
seed=1
jobs=""
resume=0
dry_run=0
list_tasks=0
merge=1
slurm=0
submit=0
slurm_time="01:00:00"
job_name="lwm2m-sweep"
partition=""
sbatch_extra=()
grid_names=()
grid_values=()
extra=()

add_grid() { # name list
    local name="$1" list="$2" i
    [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_-]*$ ]] || die "bad parameter name '$name'"
    [[ "$list" =~ ^[^,]+(,[^,]+)*$ ]] \
        || die "--$name needs a comma-separated list of values, got '$list'"
    [[ "$list" != *[[:space:]/]* ]] || die "--$name values must not hold spaces or '/'"
    for i in "${!grid_names[@]}"; do
        [[ "${grid_names[$i]}" != "$name" ]] || die "--$name given twice"
    done
    grid_names+=("$name")
    grid_values+=("$list")
}

need_value() { # option remaining-args
    [[ "$2" -ge 2 ]] || die "$1 needs a value"
}

while [[ $# -gt 0 ]]; do
    case "$1" in
    --program) need_value "$1" $#; program="$2"; shift 2 ;;
    --out) need_value "$1" $#; out="$2"; shift 2 ;;
    --loss) need_value "$1" $#; add_grid loss "$2"; shift 2 ;;
    --devices) need_value "$1" $#; add_grid devices "$2"; shift 2 ;;
    --param)
        need_value "$1" $#
        [[ "$2" == *=* ]] || die "--param needs NAME=LIST, got '$2'"
        add_grid "${2%%=*}" "${2#*=}"
        shift 2 ;;
    --runs) need_value "$1" $#; runs="$2"; shift 2 ;;
    --first-run) need_value "$1" $#; first_run="$2"; shift 2 ;;
    --seed) need_value "$1" $#; seed="$2"; shift 2 ;;
    --jobs | -j) need_value "$1" $#; jobs="$2"; shift 2 ;;
    --resume) resume=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    --list-tasks) list_tasks=1; shift ;;
    --no-merge) merge=0; shift ;;
    --slurm) slurm=1; shift ;;
    --submit) submit=1; shift ;;
    --time) need_value "$1" $#; slurm_time="$2"; shift 2 ;;
    --job-name) need_value "$1" $#; job_name="$2"; shift 2 ;;
    --partition) need_value "$1" $#; partition="$2"; shift 2 ;;
    --sbatch) need_value "$1" $#; sbatch_extra+=("$2"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
done

[[ -n "$program" ]] || die "--program is required"
[[ -n "$out" ]] || die "--out is required"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ "$first_run" =~ ^[0-9]+$ ]] || die "--first-run must be a non-negative integer"
[[ "$seed" =~ ^[1-9][0-9]*$ ]] || die "--seed must be a positive integer"
[[ -z "$jobs" || "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer"
[[ "$submit" -eq 0 || "$slurm" -eq 1 ]] || die "--submit needs --slurm"
[[ "$slurm" -eq 0 || "$resume" -eq 0 ]] \
    || die "--resume is GNU parallel's; on SLURM submit the failed tasks again (doc/lwm2m.rst)"
# SLURM takes D-HH:MM:SS, HH:MM:SS, MM:SS or minutes.
[[ "$slurm_time" =~ ^([0-9]+-)?[0-9]+(:[0-9]{2}){0,2}$ ]] \
    || die "--time must be a SLURM time (e.g. 30, 01:00:00, 2-00:00:00), got '$slurm_time'"
[[ "$job_name" =~ ^[A-Za-z0-9._-]+$ ]] || die "--job-name may hold letters, digits, '.', '_', '-'"
[[ -z "$partition" || "$partition" =~ ^[A-Za-z0-9._,-]+$ ]] || die "bad --partition '$partition'"
for o in "${sbatch_extra[@]}"; do
    [[ "$o" == --* && "$o" != *$'\n'* ]] || die "--sbatch needs an sbatch option such as --mem=4G, got '$o'"
done
if [[ "$program" != */* ]]; then
    program_path="$(command -v "$program" || true)"
else
    program_path="$program"
fi
[[ -n "$program_path" && -x "$program_path" && ! -d "$program_path" ]] \
    || die "program '$program' not found or not executable"
program_path="$(cd "$(dirname "$program_path")" && pwd)/$(basename "$program_path")"
if [[ "$slurm" -eq 0 && "$dry_run" -eq 0 && "$list_tasks" -eq 0 ]]; then
    command -v parallel >/dev/null 2>&1 || die "GNU parallel is not installed (apt install parallel)"
    if [[ -z "$jobs" ]]; then
        jobs="$(nproc 2>/dev/null || echo 1)"
    fi
fi
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

mkdir -p "$out" || die "cannot create '$out'"
out="$(cd "$out" && pwd)"

# Expand the grid: every combination, in the order the parameters were given.
combos=("")
for i in "${!grid_names[@]}"; do
    IFS=',' read -r -a values <<<"${grid_values[$i]}"
    next=()
    for c in "${combos[@]}"; do
        for v in "${values[@]}"; do
            next+=("$c${c:+ }$i=$v")
        done
    done
    combos=("${next[@]}")
done

# One command per run. Parameters with several values name a folder level.
jobfile="$out/jobs.txt"
: >"$jobfile" || die "cannot write '$jobfile'"
n_jobs=0
for c in "${combos[@]}"; do
    args=()
    sub=""
    for item in $c; do
        i="${item%%=*}"
        v="${item#*=}"
        name="${grid_names[$i]}"
        args+=("--$name" "$v")
        if [[ "${grid_values[$i]}" == *,* ]]; then
            sub="$sub/$name=$v"
        fi
    done
    for ((r = first_run; r < first_run + runs; ++r)); do
        dir="$out$sub/run=$r"
        cmd=("$program_path" "${args[@]}" --seed "$seed" --run "$r" --output-dir "$dir"
             --no-progress "${extra[@]}")
        printf 'mkdir -p %q && %s >%q 2>&1\n' "$dir" "$(printf '%q ' "${cmd[@]}")" \
            "$dir/log.txt" >>"$jobfile"
        n_jobs=$((n_jobs + 1))
    done
done

if [[ "$dry_run" -eq 1 ]]; then
    cat "$jobfile"
    exit 0
fi
if [[ "$list_tasks" -eq 1 ]]; then
    awk '{ printf "%d\t%s\n", NR - 1, $0 }' "$jobfile"
    exit 0
fi

if [[ "$slurm" -eq 1 ]]; then
    # The same runs as a SLURM job array: task i runs line i+1 of jobs.txt (copied into the
    # script, so that the array and its size stay together), each in its own folder.
    sdir="$out/slurm"
    [[ "$sdir" != *[[:space:]]* ]] || die "--slurm: the --out path must not hold spaces (#SBATCH lines)"
    mkdir -p "$sdir/logs" || die "cannot create '$sdir/logs'" # sbatch does not create it
    {
        cat <<EOF
#!/bin/bash
#SBATCH --job-name=$job_name
#SBATCH --array=0-$((n_jobs - 1))${jobs:+%$jobs}
#SBATCH --time=$slurm_time
#SBATCH --output=$sdir/logs/task-%A_%a.out
EOF
        [[ -z "$partition" ]] || echo "#SBATCH --partition=$partition"
        for o in "${sbatch_extra[@]}"; do
            echo "#SBATCH $o"
        done
        cat <<EOF
# Written by sweep-lwm2m.sh: task i runs line i+1 of $jobfile
# (the program's output goes to log.txt in the run's folder). Run one task by hand:
#   SLURM_ARRAY_TASK_ID=i bash $sdir/array.sbatch
set -euo pipefail
case "\${SLURM_ARRAY_TASK_ID:?not a SLURM array task (set SLURM_ARRAY_TASK_ID)}" in
EOF
        awk '{ printf "%d) %s ;;\n", NR - 1, $0 }' "$jobfile"
        cat <<EOF
*) echo "array.sbatch: no task '\$SLURM_ARRAY_TASK_ID' (0 to $((n_jobs - 1)))" >&2; exit 2 ;;
esac
EOF
    } >"$sdir/array.sbatch" || die "cannot write '$sdir/array.sbatch'"
    {
        cat <<EOF
#!/bin/bash
#SBATCH --job-name=$job_name-merge
#SBATCH --time=00:30:00
#SBATCH --output=$sdir/logs/merge-%j.out
EOF
        [[ -z "$partition" ]] || echo "#SBATCH --partition=$partition"
        echo "# Written by sweep-lwm2m.sh: merges the runs below $out."
        echo "set -euo pipefail"
        printf 'exec %q %q %q\n' "${PYTHON:-python3}" "$script_dir/merge-lwm2m-sweep.py" "$out"
    } >"$sdir/merge.sbatch" || die "cannot write '$sdir/merge.sbatch'"
    {
        echo "#!/bin/bash"
        echo "# Written by sweep-lwm2m.sh: submits the array, then the merge after it."
        echo "set -euo pipefail"
        printf 'dir=%q\n' "$sdir"
        cat <<'EOF'
array="$(sbatch --parsable "$dir/array.sbatch")"
array="${array%%;*}" # --parsable prints JOBID or JOBID;CLUSTER
[[ "$array" =~ ^[0-9]+$ ]] || { echo "submit.sh: sbatch said '$array'" >&2; exit 1; }
EOF
        if [[ "$merge" -eq 1 ]]; then
            echo 'merge="$(sbatch --parsable --dependency=afterok:"$array" "$dir/merge.sbatch")"'
            echo "echo \"array job \$array ($n_jobs tasks), merge job \${merge%%;*} after it\""
        else # --no-merge: merge.sbatch is there to be submitted by hand
            echo "echo \"array job \$array ($n_jobs tasks)\""
        fi
    } >"$sdir/submit.sh" || die "cannot write '$sdir/submit.sh'"
    chmod +x "$sdir/array.sbatch" "$sdir/merge.sbatch" "$sdir/submit.sh"
    if [[ "$submit" -eq 1 ]]; then
        command -v sbatch >/dev/null 2>&1 || die "sbatch not found: is this a SLURM login node?"
        "$sdir/submit.sh" || exit 1
    else
        echo "sweep-lwm2m.sh: $n_jobs runs as a SLURM job array in $sdir;" \
             "submit with $sdir/submit.sh" >&2
    fi
    exit 0
fi


echo "sweep-lwm2m.sh: $n_jobs runs, $jobs in parallel, output in $out" >&2
parallel_args=(--will-cite --jobs "$jobs" --joblog "$out/joblog.tsv" --halt never)
if [[ "$resume" -eq 1 ]]; then
    parallel_args+=(--resume-failed)
fi
PARALLEL_SHELL=/bin/bash parallel "${parallel_args[@]}" <"$jobfile"
failed=$?
if [[ "$failed" -ne 0 ]]; then
    echo "sweep-lwm2m.sh: $failed run(s) failed; see log.txt in their folders and" \
         "$out/joblog.tsv" >&2
fi

if [[ "$merge" -eq 1 ]]; then
    "${PYTHON:-python3}" "$script_dir/merge-lwm2m-sweep.py" "$out" || exit 1
fi
[[ "$failed" -eq 0 ]] || exit 1
exit 0
