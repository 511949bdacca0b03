#!/usr/bin/env bash
# The cellular access study of doc/lwm2m.rst ("Cellular access presets"): bootstrap success and
# p99 time-to-registered of a storm over each cellular preset, with RFC 7252's ACK_TIMEOUT (2 s)
# and a tuned one, at each residual loss of LOSSES (no published measurement gives one, so the
# study sweeps it: --residual-loss); server- vs client-initiated
# bootstrap with PSM on.
#   cellular-study.sh [BUILD_DIR] [OUT_DIR] [DEVICES] [TUNED_ACK_TIMEOUT_S] [LOSSES]
#   (defaults: build, results/cellular-study, 10000, 8, "0 0.02 0.1")
# Writes OUT_DIR/study.csv (one row per run; copied to doc/figures/cellular-study.csv) and
# doc/figures/cellular-*.png (through plot-cellular-study.py). Runs two storms at a time; the same seed gives the same figures.
set -euo pipefail
build=${1:-build}
out=${2:-results/cellular-study}
n=${3:-10000}
tuned=${4:-8}
losses=${5:-"0 0.02 0.1"}
storm="$build/examples/lwm2m-bootstrap-storm"
[ -x "$storm" ] || { echo "cellular-study.sh: $storm not found" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
runs=()
for loss in $losses; do
  [[ "$loss" =~ ^(0|1|0?\.[0-9]+)$ ]] || { echo "cellular-study.sh: '$loss' is not a loss in [0, 1]" >&2; exit 2; }
done
for access in nbiot-ce0 nbiot-ce1 nbiot-ce2 ltem-cea ltem-ceb; do
  for loss in $losses; do
    set_loss="--residual-loss $loss"
    runs+=("$access rfc client 0.1 $loss --access $access $set_loss")
    runs+=("$access tuned client 0.1 $loss --access $access $set_loss --set ns3::CoapEndpoint::AckTimeout=${tuned}s")
  done
done
for notif in 0.1 120; do
  runs+=("nbiot-ce1 psm server $notif 0 --access nbiot-ce1 --psm --mode-mix server=1 --notification-delay $notif")
done
runs+=("nbiot-ce1 psm client 0.1 0 --access nbiot-ce1 --psm --mode-mix client=1")
printf '%s\n' "${runs[@]}" | nice xargs -P 2 -I{} bash -c '
  set -- {}; dir="'"$out"'/$1-$2-$3-$4-$5"; shift 5
  "'"$storm"'" -n '"$n"' --seed 1 --run 1 --no-progress --quiet -o "$dir" "$@"'
tmp="$out/study.csv.tmp"
echo "access,ack,mode,notification_delay_s,residual_loss,devices,success_ratio,p99_time_to_registered_s,retransmissions" > "$tmp"
for r in "${runs[@]}"; do
  set -- $r
  /usr/bin/python3 - "$out/$1-$2-$3-$4-$5/summary.json" "$1" "$2" "$3" "$4" "$5" >> "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p99 = d["modes"]["ALL"]["time_to_registered_s"]["p99"]
print(",".join(sys.argv[2:7] + [str(d["devices"]), "%.4f" % d["success_ratio"],
                                "" if p99 is None else "%.3f" % p99,
                                str(d["traffic"]["coap_retransmissions"])]))
PY
done
mv "$tmp" "$out/study.csv"
cp "$out/study.csv" "$here/../doc/figures/cellular-study.csv"
/usr/bin/python3 "$here/plot-cellular-study.py" "$out/study.csv" "$here/../doc/figures"
