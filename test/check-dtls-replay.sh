#!/bin/bash
# Engine=Replay against real Mbed TLS on a 1,000-device storm at 5 % loss (issue: replay of
# recorded flights). psk: devices.csv, timeline.csv and summary.json identical (summary.json's
# events_executed aside: Mbed TLS sets and cancels more timer events). x509: every column
# identical except handshake_bytes and the instants after the first handshake, which differ
# by the ECDSA signatures' DER lengths (70 to 72 bytes, a value the replay does not compute):
# at most 4 bytes per handshake, and the instants by less than 1 ms; checked at 0 % loss.
# Under loss those microseconds reorder transmissions of different devices, which then draw
# other loss outcomes from the shared loss stream, so x509 at 5 % loss is compared by
# distribution (examples/compare-storms.py at level 0.01, shifts up to 1 ms not counted): the
# real engine's run 1 against the replay's run 2 (independent samples), outcome shares,
# bootstrap, registration and handshake latency (KS) and retransmissions per device; and the
# same comparison must reject a replay whose initial handshake timer is 1.2 s instead of 1 s,
# so that the test shows its power.
# Usage: check-dtls-replay.sh STORM [DEVICES]
set -e
storm=$1
n=${2:-1000}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
for e in real replay; do
  "$storm" -n "$n" --loss 0.05 --security psk --dtls-engine $e --no-progress -q -o "$d/psk-$e"
  "$storm" -n "$n" --loss 0 --security x509 --dtls-engine $e --no-progress -q -o "$d/x509-$e"
done
"$storm" -n "$n" --loss 0.05 --security x509 --dtls-engine real --no-progress -q -o "$d/lossy-real"
"$storm" -n "$n" --loss 0.05 --security x509 --dtls-engine replay --run 2 --no-progress -q \
  -o "$d/lossy-replay"
"$storm" -n "$n" --loss 0.05 --security x509 --dtls-engine replay --run 2 --no-progress -q \
  --set ns3::DtlsTransport::HandshakeTimeoutMin=1.2s -o "$d/lossy-slow-timer"
cmp "$d/psk-real/devices.csv" "$d/psk-replay/devices.csv"
cmp "$d/psk-real/timeline.csv" "$d/psk-replay/timeline.csv"
diff <(grep -v events_executed "$d/psk-real/summary.json") \
     <(grep -v events_executed "$d/psk-replay/summary.json")
echo "psk: devices.csv, timeline.csv, summary.json identical ($n devices, 5 % loss)"
/usr/bin/python3 - "$d/x509-real/devices.csv" "$d/x509-replay/devices.csv" <<'PY'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1])))
b = list(csv.DictReader(open(sys.argv[2])))
assert len(a) == len(b) and len(a) > 0
timing = [k for k in a[0] if k.endswith("_s")]
worst = 0.0
bytes_off = 0
for x, y in zip(a, b):
    for k in x:
        if k == "handshake_bytes":
            off = abs(int(x[k]) - int(y[k]))
            limit = 4 * int(x["handshakes"])
            assert off <= limit, (x["endpoint"], k, x[k], y[k])
            bytes_off = max(bytes_off, off)
        elif k in timing and x[k] and y[k]:
            off = abs(float(x[k]) - float(y[k]))
            assert off < 1e-3, (x["endpoint"], k, x[k], y[k])
            worst = max(worst, off)
        else:
            assert x[k] == y[k], (x["endpoint"], k, x[k], y[k])
print("x509: every other column identical; handshake_bytes within %d B, instants within %.0f us"
      % (bytes_off, worst * 1e6))
PY
compare="$(cd "$(dirname "$0")/.." && pwd)/examples/compare-storms.py"
python3 "$compare" --tolerance 0.001 "$d/lossy-real" "$d/lossy-replay"
echo "x509 at 5 % loss: the replay's distributions are the real engine's (level 0.01)"
if python3 "$compare" --tolerance 0.001 "$d/lossy-real" "$d/lossy-slow-timer" >"$d/control.txt"; then
  cat "$d/control.txt"
  echo "FAIL: a 1.2 s initial handshake timer was not told apart from the real 1 s one" >&2
  exit 1
fi
grep -E "REJECT|rejected" "$d/control.txt"
echo "x509 at 5 % loss: a 1.2 s initial handshake timer is told apart (negative control)"
