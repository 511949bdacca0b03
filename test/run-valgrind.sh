#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# Run a program under valgrind memcheck; fail on any memory error or definite leak.
#
#   test/run-valgrind.sh BINARY [ARGS...]
#   test/run-valgrind.sh build-plain/examples/coap-request-response --requests=5 --loss=0.2 --pcap=
#
# The binary must come from a build without sanitizers (valgrind cannot run ASan binaries).
# Exit status: 0 clean; 1 memory errors or definitely lost blocks (report printed); the
# program's own status if it failed on its own; 2 bad usage / valgrind missing.
# Environment:
#   VALGRIND_LOG         keep the full valgrind report in this file (default: a temporary file)
#   VALGRIND_EXTRA_ARGS  more valgrind options, e.g. "--track-origins=yes" (slower)
# Only definite leaks fail the run: "still reachable" blocks are ns-3's process-lifetime
# singletons and caches, and "possibly lost" ones come from interior pointers in the
# un-instrumented ns-3 libraries; both are counted in the summary printed at the end.
set -uo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '5,18p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
if ! command -v valgrind >/dev/null 2>&1; then
  echo "run-valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2
  exit 2
fi
binary=$1
shift
if [ ! -x "$binary" ]; then
  echo "run-valgrind.sh: '$binary' is not an executable" >&2
  exit 2
fi
if ldd "$binary" 2>/dev/null | grep -qE 'lib(asan|ubsan|tsan)'; then
  echo "run-valgrind.sh: '$binary' is built with a sanitizer; use a build without LWM2M_SANITIZE" >&2
  exit 2
fi

log=${VALGRIND_LOG:-}
tmp_log=""
if [ -z "$log" ]; then
  tmp_log=$(mktemp "${TMPDIR:-/tmp}/valgrind.XXXXXX")
  log=$tmp_log
fi
# A distinct exit code for "valgrind found errors" so that it is not confused with the
# program's own failures.
error_code=99
# shellcheck disable=SC2086
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --error-exitcode=$error_code --num-callers=40 \
  --log-file="$log" ${VALGRIND_EXTRA_ARGS:-} "$binary" "$@"
rc=$?

summary=$(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|All heap blocks were freed' "$log" |
  sed 's/^==[0-9]*== *//')
echo "== valgrind memcheck: $(basename "$binary") $*"
echo "$summary" | sed 's/^/   /'
if [ $rc -eq $error_code ]; then
  echo "== FAILED: memory errors or definite leaks; full report:" >&2
  cat "$log" >&2
  rc=1
elif [ $rc -ne 0 ]; then
  echo "== FAILED: the program exited with status $rc; valgrind report: $log" >&2
  tmp_log=""
else
  echo "== clean: no memory errors, no definite leaks"
fi
[ -n "$tmp_log" ] && rm -f "$tmp_log"
exit $rc
