#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# Robustness checks for CI; about 10 minutes on 2 cores:
#   (a) a sanitizer build (clang, AddressSanitizer + UndefinedBehaviorSanitizer, leak
#       detection) of the library, test runner and examples, and ctest on it;
#   (b) the libFuzzer targets (fuzz/), built in the same build directory, each run briefly
#       from its checked-in seeds;
#   (c) valgrind memcheck of examples/coap-request-response from a build without sanitizers.
#
#   test/ci-robustness.sh [--fuzz-seconds S] [--jobs N] [--ctest-exclude REGEX] [--skip STEP]...
#
# Options:
#   --fuzz-seconds S       time per fuzz target (default 15)
#   --jobs N               parallel build jobs, ctest jobs and fuzz targets at a time (default 2)
#   --ctest-exclude REGEX  suites left out of the sanitizer ctest (default: none; every suite
#                          runs, the 2,000-device validation suite in about a minute at -O1,
#                          except lwm2m-wakaama-retry: that test times a real process in wall
#                          time, which a sanitizer build's load beside it distorts; its
#                          simulated side runs under the sanitizers with --model-only instead)
#   --skip STEP            skip ctest, fuzz or valgrind (repeatable)
# Environment:
#   LWM2M_CI_SANITIZER_BUILD  build directory of (a) and (b) (default <repo>/build-ci-sanitize)
#   LWM2M_CI_PLAIN_BUILD      build directory without sanitizers for (c) (default: the README's
#                             test build <repo>/build-test when it is configured, as in CI after
#                             `quickstart.sh test`; otherwise <repo>/build-ci-plain)
#   LWM2M_CI_WORK             scratch directory for fuzz corpora, artefacts and logs (default:
#                             a new directory under ${TMPDIR:-/tmp}; printed at the end)
# Every step runs even if an earlier one failed; the exit status is non-zero if any failed.
set -uo pipefail

# Everything runs inside main(), which bash reads completely before running it: editing
# this file while a long campaign runs does not disturb that campaign.
main() {

  here=$(cd "$(dirname "$0")" && pwd)
  repo=$(cd "$here/.." && pwd)
  fuzz_seconds=15
  jobs=2
  ctest_exclude=""
  skip=" "
  while [ $# -gt 0 ]; do
    case "$1" in
      --fuzz-seconds) fuzz_seconds=${2:?}; shift 2 ;;
      --jobs) jobs=${2:?}; shift 2 ;;
      --ctest-exclude) ctest_exclude=${2?}; shift 2 ;;
      --skip) skip+="${2:?} "; shift 2 ;;
      -h|--help) sed -n '5,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
  done
  san=${LWM2M_CI_SANITIZER_BUILD:-$repo/build-ci-sanitize}
  if [ -n "${LWM2M_CI_PLAIN_BUILD:-}" ]; then
    plain=$LWM2M_CI_PLAIN_BUILD
  elif [ -f "$repo/build-test/CMakeCache.txt" ]; then
    plain=$repo/build-test
  else
    plain=$repo/build-ci-plain
  fi
  work=${LWM2M_CI_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/lwm2m-ci-robustness.XXXXXX")}
  mkdir -p "$work"

  t0=$(date +%s)
  results=()
  failed=0
  # record NAME RC START: one summary line; RC 0 is ok, "skip" skipped, anything else FAIL.
  record() {
    local status=FAIL
    case "$2" in 0) status=ok ;; skip) status=skip ;; esac
    results+=("$(printf '%-34s %-6s %5ss' "$1" "$status" "$(($(date +%s) - $3))")")
    if [ "$status" = FAIL ]; then failed=1; fi
  }
  # not_run NAME KEY [NEEDS]: true (and recorded) when step KEY was skipped with --skip, or
  # when NEEDS, the status of a step it depends on, is non-zero.
  not_run() {
    case "$skip" in *" $2 "*) record "$1" skip "$(date +%s)"; return 0 ;; esac
    if [ "${3:-0}" -ne 0 ]; then record "$1" 1 "$(date +%s)"; return 0; fi
    return 1
  }

  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_init_order=1:check_initialization_order=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  if [ -f "$here/lsan.supp" ]; then
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}
  fi

  # ---- (a) sanitizer build and ctest; the fuzz targets are built in the same directory ------
  s=$(date +%s)
  echo "== (a) sanitizer build in $san"
  if command -v clang++ >/dev/null 2>&1; then
    {
      # -O1 and line tables only: the usual sanitizer / fuzzing trade-off between build
      # time, run time and stack traces with file:line.
      nice -n 10 cmake -S "$repo" -B "$san" -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" \
        -DLWM2M_SANITIZE=ON -DLWM2M_FUZZ=ON -DLWM2M_TESTS=ON -DLWM2M_EXAMPLES=ON &&
        nice -n 10 cmake --build "$san" -j "$jobs"
    } >"$work/sanitizer-build.log" 2>&1
    rc=$?
  else
    echo "clang++ not found: apt-get install clang libclang-rt-dev (clang >= 14)" >"$work/sanitizer-build.log"
    rc=1
  fi
  [ $rc -eq 0 ] || tail -n 40 "$work/sanitizer-build.log"
  record "sanitizer build" $rc "$s"
  san_built=$rc

  s=$(date +%s)
  if ! not_run "ctest (ASan+UBSan)" ctest $san_built; then
    echo "== (a) ctest under ASan + UBSan${ctest_exclude:+ (leaving out: $ctest_exclude)}"
    exclude="lwm2m-wakaama-retry${ctest_exclude:+|$ctest_exclude}"
    ctest_args=(-j "$jobs" --output-on-failure -E "$exclude")
    (cd "$san" && nice -n 10 ctest "${ctest_args[@]}") >"$work/ctest.log" 2>&1
    rc=$?
    grep -E '^ *[0-9]+/[0-9]+ Test|tests passed|tests failed' "$work/ctest.log"
    if [ $rc -ne 0 ]; then
      # Each failed test's own output (ctest prints it after the test's status line), then
      # the list.
      awk '/\*\*\*(Failed|Timeout|Exception)/ { show = 1; n = 0 }
           show && /^ *[0-9]+\/[0-9]+ Test/ && !/\*\*\*/ { show = 0 }
           show && n++ < 80' "$work/ctest.log"
      sed -n '/The following tests FAILED/,$p' "$work/ctest.log"
    fi
    if [ -x "$san/examples/lwm2m-retry-schedule" ]; then
      echo "== (a) the Wakaama retry check's simulated schedules under ASan + UBSan"
      "$here/check-wakaama-retry.sh" --model-only "$san/examples/lwm2m-retry-schedule" \
        >"$work/wakaama-model.log" 2>&1 || { rc=1; tail -n 20 "$work/wakaama-model.log"; }
    fi
    record "ctest (ASan+UBSan)" $rc "$s"
  fi

  # ---- (b) fuzzers --------------------------------------------------------------------------
  s=$(date +%s)
  if ! not_run "fuzzers (${fuzz_seconds}s each)" fuzz $san_built; then
    echo "== (b) fuzz targets, ${fuzz_seconds}s each, $jobs at a time"
    "$repo/fuzz/run-fuzzers.sh" --build-dir "$san" --no-build --seconds "$fuzz_seconds" \
      --parallel "$jobs" --work-dir "$work/fuzz"
    record "fuzzers (${fuzz_seconds}s each)" $? "$s"
  fi

  # ---- (c) valgrind -------------------------------------------------------------------------
  s=$(date +%s)
  if ! not_run "valgrind coap-request-response" valgrind; then
    echo "== (c) valgrind memcheck, build without sanitizers in $plain"
    {
      if [ ! -f "$plain/CMakeCache.txt" ]; then
        nice -n 10 cmake -S "$repo" -B "$plain" -DCMAKE_BUILD_TYPE=Debug
      fi &&
        nice -n 10 cmake --build "$plain" -j "$jobs" --target coap-request-response
    } >"$work/plain-build.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
      tail -n 40 "$work/plain-build.log"
    else
      # In the scratch directory: the example writes its pcaps to the working directory.
      (cd "$work" && VALGRIND_LOG="$work/valgrind.log" "$here/run-valgrind.sh" \
        "$plain/examples/coap-request-response" --requests=10 --loss=0.3 --pcap=valgrind)
      rc=$?
    fi
    record "valgrind coap-request-response" $rc "$s"
  fi

  echo "== ci-robustness summary (logs in $work)"
  printf '   %s\n' "${results[@]}"
  echo "   total $(($(date +%s) - t0))s"
  exit $failed
}

main "$@"; exit $?
