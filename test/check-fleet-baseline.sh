#!/usr/bin/env bash
# Checks of fleet-baseline, the benchmark's plain-UDP reference (examples/benchmark-lwm2m.sh):
#  - --totalRequests R spreads R request/response pairs over the N devices (floor(R / N) each,
#    one more for the first R mod N), exactly R sent and, without loss, R echoed back;
#  - --requests K gives N K pairs; K = 0 gives none (UdpEchoClient's MaxPackets 0 sends one
#    datagram in ns-3.37 and has no limit from ns-3.38 on);
#  - bad values exit with status 2.
#   check-fleet-baseline.sh PATH/TO/fleet-baseline
set -u
prog=$1
fail=0

expect_pairs() { # expect_pairs SENT RECEIVED args...
  local sent=$1 received=$2; shift 2
  out=$(timeout 120 "$prog" --SchedulerType=ns3::PriorityQueueScheduler "$@" 2>&1); rc=$?
  line=$(grep -E '^device datagrams ' <<<"$out")
  want="device datagrams $((sent + received)) (sent $sent + received $received)"
  if [ $rc -ne 0 ] || [ "$line" != "$want" ]; then
    echo "FAIL: $* -> exit $rc, '$line', expected '$want'"; fail=1
  else
    echo "ok: $* -> $line"
  fi
}
expect_pairs 25 25 --devices=7 --totalRequests=25 --loss=0
expect_pairs 5 5 --devices=10 --totalRequests=5 --loss=0
expect_pairs 21 21 --devices=7 --requests=3 --loss=0
expect_pairs 0 0 --devices=7 --requests=0 --loss=0
# At 5 % loss each way: all R sent, fewer received.
out=$(timeout 120 "$prog" --devices=200 --totalRequests=1300 --loss=0.05 2>&1)
sent=$(sed -nE 's/^device datagrams [0-9]+ \(sent ([0-9]+) \+ received ([0-9]+)\)$/\1/p' <<<"$out")
received=$(sed -nE 's/^device datagrams [0-9]+ \(sent ([0-9]+) \+ received ([0-9]+)\)$/\2/p' <<<"$out")
if [ "${sent:-}" != 1300 ] || [ -z "${received:-}" ] || [ "$received" -ge 1300 ] \
  || [ "$received" -lt 1100 ]; then
  echo "FAIL: 200 devices, 1300 pairs at 5 % loss: sent '${sent:-}', received '${received:-}'"
  fail=1
else
  echo "ok: 200 devices, 1300 pairs at 5 % loss: sent $sent, received $received"
fi
for bad in "--devices=0 --totalRequests=5" "--devices=2 --totalRequests=18446744073709551611" \
  "--loss=2" "--ip=5"; do
  # shellcheck disable=SC2086
  out=$(timeout 60 "$prog" $bad 2>&1); rc=$?
  if [ $rc -ne 2 ] || ! grep -q "error:" <<<"$out"; then
    echo "FAIL: $bad -> exit $rc: $out"; fail=1
  else
    echo "ok: $bad -> exit 2: $(head -c 100 <<<"$out")"
  fi
done
exit $fail
