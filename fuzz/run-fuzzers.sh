#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# Build (if needed) and run the libFuzzer targets of fuzz/.
#
#   fuzz/run-fuzzers.sh --seconds 60                 every target for 60 s
#   fuzz/run-fuzzers.sh --runs 10000000 lwm2m-tlv    one target for 10 million inputs
#
# Options:
#   --seconds S      time budget per target (libFuzzer -max_total_time)
#   --runs N         number of inputs per target (libFuzzer -runs); with --seconds, the first
#                    limit reached ends the run; default: --seconds 60
#   --build-dir DIR  build directory (default: <repo>/build-fuzz); configured with clang++,
#                    LWM2M_FUZZ=ON and LWM2M_SANITIZE=ON if it has no CMakeCache.txt
#   --work-dir DIR   scratch directory for working corpora, crash artefacts and logs
#                    (default: a new directory under ${TMPDIR:-/tmp}); keep it outside the
#                    repository. A working corpus left by an earlier run is reused.
#   --parallel N     run N targets at a time (default 1; each target is one process)
#   --no-build       do not build, use the executables as they are
#   --max-len N      largest input (default: per target, the table below)
#   --replay         run every input of the working corpus and of the seeds once, without
#                    fuzzing (libFuzzer -runs=0): e.g. a corpus grown by a campaign on an
#                    UBSan-only build (LWM2M_FUZZ_SANITIZERS=undefined) replayed under ASan
#   --list           list the targets and exit
#   [TARGET ...]     names without the fuzz- prefix (default: every fuzz/fuzz-*.cc)
#
# Each target runs as one process (no -jobs / -workers) under `nice -n 15`, starting from its
# checked-in seeds (fuzz/corpus/<name>, never modified) and the working corpus, with the
# -max_len and -rss_limit_mb of the table below and fuzz/dict/<name>.dict when present.
# The script prints, per target, the number of executions, exec/s and the outcome, and exits
# non-zero if any target crashed, leaked, hit a sanitizer report, a failed property check
# (FUZZ_CHECK), a timeout or the memory limit. Reproduce a crash with
#   <build-dir>/fuzz/fuzz-<name> <work-dir>/artifacts-<name>/crash-...
set -uo pipefail

# Everything runs inside main(), which bash reads completely before running it: editing
# this file while a long campaign runs does not disturb that campaign.
main() {

  here=$(cd "$(dirname "$0")" && pwd)
  repo=$(cd "$here/.." && pwd)
  seconds=""
  runs=""
  build_dir="$repo/build-fuzz"
  work_dir=""
  do_build=1
  replay=0
  max_len_override=""
  parallel=1
  targets=()

  usage() {
    sed -n '5,34p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
  }

  while [ $# -gt 0 ]; do
    case "$1" in
      --seconds) seconds=${2:?}; shift 2 ;;
      --runs) runs=${2:?}; shift 2 ;;
      --build-dir) build_dir=${2:?}; shift 2 ;;
      --work-dir) work_dir=${2:?}; shift 2 ;;
      --no-build) do_build=0; shift ;;
      --replay) replay=1; shift ;;
      --max-len) max_len_override=${2:?}; shift 2 ;;
      --parallel) parallel=${2:?}; shift 2 ;;
      --list)
        for f in "$here"/fuzz-*.cc; do basename "$f" .cc | sed 's/^fuzz-//'; done
        exit 0 ;;
      -h|--help) usage ;;
      -*) echo "unknown option $1" >&2; usage ;;
      *) targets+=("$1"); shift ;;
    esac
  done
  if [ "$replay" = 1 ]; then
    seconds=""
    runs=0
  elif [ -z "$seconds" ] && [ -z "$runs" ]; then
    seconds=60
  fi
  case "$build_dir" in /*) ;; *) build_dir="$PWD/$build_dir" ;; esac
  if [ ${#targets[@]} -eq 0 ]; then
    for f in "$here"/fuzz-*.cc; do
      targets+=("$(basename "$f" .cc | sed 's/^fuzz-//')")
    done
  fi
  if [ -z "$work_dir" ]; then
    work_dir=$(mktemp -d "${TMPDIR:-/tmp}/lwm2m-fuzz.XXXXXX")
  fi
  mkdir -p "$work_dir"
  work_dir=$(cd "$work_dir" && pwd)
  case "$work_dir/" in
    "$repo"/*) echo "warning: --work-dir $work_dir is inside the repository" >&2 ;;
  esac

  # Per-target limits: the largest input that makes sense, and memory.
  max_len_of() {
    case "$1" in
      coap-block-option) echo 16 ;;
      lwm2m-path) echo 64 ;;
      coap-message) echo 1500 ;;      # one UDP datagram on an Ethernet MTU
      coap-endpoint | lwm2m-object-store) echo 1024 ;;  # sequences of datagrams / operations
      dtls-receive) echo 2048 ;;      # a handshake's datagrams of both sides
      lwm2m-tlv | lwm2m-content-codec | lwm2m-storm-config) echo 2048 ;;
      lwm2m-senml-json | lwm2m-link-format) echo 4096 ;;
      *) echo 8192 ;;                 # text files: provisioning, configuration
    esac
  }
  rss_limit_mb=2048

  if [ "$do_build" = 1 ]; then
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
      echo "== configuring $build_dir (clang++, LWM2M_FUZZ=ON, LWM2M_SANITIZE=ON)"
      nice -n 10 cmake -S "$repo" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLWM2M_FUZZ=ON -DLWM2M_SANITIZE=ON \
        -DLWM2M_TESTS=OFF -DLWM2M_EXAMPLES=OFF >"$work_dir/configure.log" 2>&1 || {
        cat "$work_dir/configure.log" >&2
        exit 1
      }
    fi
    build_targets=()
    for t in "${targets[@]}"; do build_targets+=(--target "fuzz-$t"); done
    echo "== building ${targets[*]} in $build_dir"
    nice -n 10 cmake --build "$build_dir" -j2 "${build_targets[@]}" >"$work_dir/build.log" 2>&1 || {
      tail -n 60 "$work_dir/build.log" >&2
      exit 1
    }
  fi

  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

  echo "== work directory: $work_dir"

  # Run one target; its result line goes to $work_dir/result-<name>.txt, status 1 on failure.
  run_one() {
    local t=$1
    local exe="$build_dir/fuzz/fuzz-$t"
    local seeds="$here/corpus/$t"
    local corpus="$work_dir/corpus-$t"
    local artifacts="$work_dir/artifacts-$t"
    local log="$work_dir/fuzz-$t.log"
    local out="$work_dir/result-$t.txt"
    mkdir -p "$corpus" "$artifacts"
    if [ ! -x "$exe" ]; then
      printf '%-24s %12s %10s %8s %7s  %s\n' "$t" - - - - "FAIL: missing $exe" >"$out"
      return 1
    fi
    local args=(-max_len="${max_len_override:-$(max_len_of "$t")}" -rss_limit_mb=$rss_limit_mb -timeout=10
                -print_final_stats=1 -artifact_prefix="$artifacts/" -detect_leaks=1)
    [ -n "$seconds" ] && args+=(-max_total_time="$seconds")
    [ -n "$runs" ] && args+=(-runs="$runs")
    [ -f "$here/dict/$t.dict" ] && args+=(-dict="$here/dict/$t.dict")
    local dirs=("$corpus")
    [ -d "$seeds" ] && dirs+=("$seeds")
    local start rc took execs speed size result reason artefact
    start=$(date +%s)
    nice -n 15 "$exe" "${args[@]}" "${dirs[@]}" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    size=$(find "$corpus"/ -type f | wc -l)
    result=ok
    if [ $rc -ne 0 ] || grep -qE '^==[0-9]+==ERROR|runtime error:|==FUZZ_CHECK failed==|^SUMMARY: ' "$log"; then
      reason=$(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z-]+|runtime error: .{0,60}|==FUZZ_CHECK failed==.{0,80}|deadly signal|out-of-memory|timeout|leak' "$log" | head -n 1)
      artefact=$(grep -m1 -oE "Test unit written to [^ ]+" "$log" | sed 's/Test unit written to //')
      result="FAIL rc=$rc ${reason:-} ${artefact:+-> $artefact} (log: $log)"
    fi
    printf '%-24s %12s %10s %8s %7s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$took" "$size" "$result" >"$out"
    [ "$result" = ok ]
  }

  printf '%-24s %12s %10s %8s %7s  %s\n' target executions "exec/s" seconds corpus result
  running=0
  for t in "${targets[@]}"; do
    rm -f "$work_dir/result-$t.txt"
    if [ "$parallel" -le 1 ]; then
      run_one "$t"
      cat "$work_dir/result-$t.txt"
      continue
    fi
    run_one "$t" &
    running=$((running + 1))
    if [ $running -ge "$parallel" ]; then
      wait -n
      running=$((running - 1))
    fi
  done
  wait
  failures=0
  : >"$work_dir/summary.txt"
  for t in "${targets[@]}"; do
    line=$(cat "$work_dir/result-$t.txt" 2>/dev/null || echo "$t FAIL: no result")
    [ "$parallel" -gt 1 ] && echo "$line"
    echo "$line" >>"$work_dir/summary.txt"
    case "$line" in *FAIL*) failures=$((failures + 1)) ;; esac
  done
  echo "== logs, corpora and artefacts: $work_dir"
  if [ $failures -ne 0 ]; then
    echo "== $failures target(s) FAILED" >&2
    exit 1
  fi
  echo "== all targets passed"
}

main "$@"; exit $?
