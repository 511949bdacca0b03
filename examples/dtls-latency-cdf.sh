#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# The DTLS latency figure of doc/lwm2m.rst ("Bootstrap latency over DTLS"): the storm with
# plain CoAP (nosec), PSK and certificate (x509) DTLS at 0, 5 and 20 % loss, nine runs. Writes
# doc/figures/dtls-latency-cdf.png (one panel per loss, the bootstrap-latency CDF of each
# security mode) and doc/figures/dtls-latency-cdf.csv (per run: success ratio, bootstrap
# latency p50/p90/p99, DTLS handshake flights and CoAP requests retransmitted per device).
#
#   examples/dtls-latency-cdf.sh [--program build/release/examples/lwm2m-bootstrap-storm]
#                                [--out results/dtls-latency-cdf] [--devices 2000]
#                                [--figures doc/figures] [-- extra storm options]
#
# The scenario: with DTLS, Cortex-M4 devices (--device-class m4: their handshake crypto takes
# simulated time, 428 ms per certificate handshake, about 1 ms per PSK one, doc/lwm2m.rst
# "Crypto time"; the servers' takes the host's time on unlimited cores), power-on uniform over
# 60 s, Bernoulli loss per direction on the 250 kbit/s, 50 ms access links, the default DTLS
# timer (1 s initial, doubled, 60 s maximum, RFC 6347), 900 s of simulated time. About 8 min
# of wall-clock time in all (2.5 min of CPU) on a shared 2-core machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
program="$here/../build/release/examples/lwm2m-bootstrap-storm"
out="results/dtls-latency-cdf"
figures="$here/../doc/figures"
devices=2000
. "$here/figure-script-args.sh"
figure_script_args dtls-latency-cdf.sh 5,20 "$@"
common=(--devices "$devices" --power-on uniform --power-on-window 60
        --duration 900 --no-progress --quiet)
runs=()
mkdir -p "$out"
for loss in 0 5 20; do
  for security in nosec psk x509; do
    name="$security-loss$loss"
    lossp=$(python3 -c "print($loss / 100)")
    class=(--device-class m4)
    [ "$security" = nosec ] && class=() # no handshake to price
    "$program" "${common[@]}" "${class[@]}" --security "$security" --loss "$lossp" \
      --output-dir "$out/$name" "${extra[@]}"
    runs+=(--run "$security,$loss=$out/$name")
  done
done
python3 "$here/plot-dtls-latency-cdf.py" --out "$out/dtls-latency-cdf.png" \
  --csv "$out/dtls-latency-cdf.csv" \
  --title "$devices Cortex-M4 devices over 60 s, Bernoulli loss per direction" "${runs[@]}"
mkdir -p "$figures"
cp "$out/dtls-latency-cdf.png" "$figures/dtls-latency-cdf.png.tmp"
mv "$figures/dtls-latency-cdf.png.tmp" "$figures/dtls-latency-cdf.png"
cp "$out/dtls-latency-cdf.csv" "$figures/dtls-latency-cdf.csv.tmp"
mv "$figures/dtls-latency-cdf.csv.tmp" "$figures/dtls-latency-cdf.csv"
echo "dtls-latency-cdf.sh: $figures/dtls-latency-cdf.png, $figures/dtls-latency-cdf.csv"
