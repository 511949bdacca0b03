#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The storm on ns-3's distributed simulator against the one-process storm (doc/lwm2m.rst,
# "Distributed runs"): the same scenario run once in one process and once with --distributed
# over RANKS MPI ranks, compared by examples/compare-storms.py (outcome shares and latency
# distributions within sampling error, level 0.01); then a negative control (the distributed
# run with a longer core delay) that the comparison must reject, which shows that it can; and
# the wall time, CPU time and largest rank's peak RSS of both runs, with the speed-up.
#
#   examples/distributed-check.sh [NS3_TREE] [-- STORM OPTIONS...]
#
# NS3_TREE: an ns-3 source tree (>= 3.37) with this module in contrib/lwm2m, configured with
# --enable-mpi --enable-examples and built (default: $NS3_TREE, else ../.. of this module when
# it sits in one). Environment: DEVICES (20000), RANKS (2), RANK0_SHARE (0.2: rank 0 also
# simulates the servers), OUT (a temporary directory, removed unless KEEP=1).
# STORM OPTIONS replace the scenario (default: mixed modes at 20 % loss).
# Exit 0: same results and the control rejected; 1: a difference or a powerless check;
# 77: no MPI build or no mpirun here (skipped).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tree=${NS3_TREE:-}
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    tree=$1
    shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
if [ -z "$tree" ] && [ -f "$here/../../../ns3" ]; then
    tree=$(cd "$here/../../.." && pwd)
fi
devices=${DEVICES:-20000}
ranks=${RANKS:-2}
share=${RANK0_SHARE:-0.2}
scenario=("$@")
if [ ${#scenario[@]} -eq 0 ]; then
    scenario=(--mode-mix client=0.5,server=0.3,factory=0.2 --loss 0.2)
fi

skip() {
    echo "distributed-check: $* (skipped)" >&2
    exit 77
}
command -v mpirun >/dev/null || skip "no mpirun (apt-get install libopenmpi-dev openmpi-bin)"
[ -n "$tree" ] && [ -d "$tree/build/lib" ] || skip "no ns-3 tree given (NS3_TREE or the first argument)"
storm=$(ls "$tree"/build/contrib/lwm2m/examples/ns3.*-lwm2m-bootstrap-storm* 2>/dev/null | head -n 1 || true)
[ -n "$storm" ] || skip "no lwm2m-bootstrap-storm in $tree/build (./ns3 configure --enable-examples --enable-mpi)"
export LD_LIBRARY_PATH="$tree/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
mpi=(mpirun -np "$ranks")
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
[ "$ranks" -gt "$(nproc)" ] && mpi+=(--oversubscribe)
if ! "${mpi[@]}" "$storm" --distributed -n 10 --duration 1 -q --no-progress \
    --output-dir "$(mktemp -d)" >/dev/null 2>&1; then
    "$storm" --distributed -n 10 --duration 1 -q --no-progress --output-dir /tmp 2>&1 | grep -q "no MPI" \
        && skip "$storm was built without MPI"
    echo "distributed-check: a 10-device distributed run failed:" >&2
    "${mpi[@]}" "$storm" --distributed -n 10 --duration 1 -q --no-progress \
        --output-dir "$(mktemp -d)" >&2 || true
    exit 1
fi

out=${OUT:-$(mktemp -d)}
[ "${KEEP:-0}" = 1 ] || [ -n "${OUT:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out"
common=(-n "$devices" --no-progress -q "${scenario[@]}")
measure() { # NAME COMMAND...: runs it, keeps "wall user sys maxrss_kb" in $out/NAME.time
    local name=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1 || {
        echo "distributed-check: the $name run failed:" >&2
        cat "$out/$name.log" >&2
        exit 1
    }
}
echo "storm: $storm"
echo "scenario: ${common[*]}"
measure sequential "$storm" "${common[@]}" --output-dir "$out/sequential"
measure distributed "${mpi[@]}" "$storm" "${common[@]}" --distributed --rank0-share "$share" \
    --output-dir "$out/distributed"
measure control "${mpi[@]}" "$storm" "${common[@]}" --distributed --rank0-share "$share" \
    --core-delay 8 --output-dir "$out/control"

status=0
echo "== distributed ($ranks ranks) against one process"
python3 "$here/compare-storms.py" "$out/sequential" "$out/distributed" || status=1
echo "== negative control: distributed with --core-delay 8 (5 in the reference) must differ"
if python3 "$here/compare-storms.py" "$out/sequential" "$out/control"; then
    echo "distributed-check: the comparison did not see a 3 ms longer core delay" >&2
    status=1
fi
read -r sw su ss sm <"$out/sequential.time"
read -r dw du ds dm <"$out/distributed.time"
python3 - "$sw" "$su" "$ss" "$sm" "$dw" "$du" "$ds" "$dm" "$ranks" "$devices" <<'EOF'
import sys
sw, su, ss, sm, dw, du, ds, dm = map(float, sys.argv[1:9])
ranks, devices = sys.argv[9], sys.argv[10]
print(f"== {devices} devices: one process {sw:.1f} s wall, {su + ss:.1f} s CPU, "
      f"{sm / 1024:.0f} MiB; {ranks} ranks {dw:.1f} s wall, {du + ds:.1f} s CPU (all ranks), "
      f"largest rank {dm / 1024:.0f} MiB; speed-up {sw / dw:.2f}")
EOF
grep -h "^distributed:" "$out/distributed.log" || true
exit $status
