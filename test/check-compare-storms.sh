#!/usr/bin/env bash
# The population comparison of two storms (examples/compare-storms.py) that
# examples/distributed-check.sh makes between a distributed and a one-process storm and
# test/check-dtls-replay.sh between the DTLS replay engine and the real one, on one-process
# runs here (no MPI in this build): two run numbers of one scenario agree; a 3 ms longer core
# delay, the distributed check's negative control, and a higher loss are rejected; different
# fleet sizes, a missing file, a bad level and a bad tolerance exit as documented.
#   check-compare-storms.sh PATH/TO/lwm2m-bootstrap-storm
set -u
prog=$1
here=$(cd "$(dirname "$0")/.." && pwd)
compare=(python3 "$here/examples/compare-storms.py")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
scenario=(-n 3000 --mode-mix client=0.5,server=0.3,factory=0.2 --no-progress -q)
run() { # DIR ARGS...
  local dir=$1; shift
  "$prog" "${scenario[@]}" "$@" -o "$work/$dir" || { echo "FAIL: storm $*"; exit 1; }
}
run a --run 1 --loss 0.2
run b --run 2 --loss 0.2
run delay --run 2 --loss 0.2 --core-delay 8
run loss --run 2 --loss 0.3
"$prog" -n 2999 --no-progress -q --run 2 -o "$work/smaller" || exit 1
expect() { # STATUS WHAT ARGS...
  local want=$1 what=$2; shift 2
  out=$("${compare[@]}" "$@" 2>&1); rc=$?
  if [ $rc -ne "$want" ]; then
    echo "FAIL: $what: exit $rc (want $want)"; echo "$out"; fail=1
  else
    echo "ok: $what: exit $rc: $(tail -n 1 <<<"$out")"
  fi
}
expect 0 "two run numbers agree" "$work/a" "$work/b"
expect 1 "a 3 ms longer core delay is seen" "$work/a" "$work/delay"
expect 1 "20 % against 30 % loss is seen" "$work/a" "$work/loss"
expect 1 "3000 against 2999 devices" "$work/a" "$work/smaller"
expect 2 "a folder without devices.csv" "$work/a" "$work/none"
expect 2 "a level of 2" "$work/a" "$work/b" 2
expect 2 "a negative tolerance" --tolerance -1 "$work/a" "$work/b"
expect 2 "a tolerance without a value" --tolerance
exit $fail
