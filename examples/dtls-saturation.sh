#!/usr/bin/env bash
#
# SPDX-License-Identifier: GPL-2.0-only
#
# The crypto-saturation figure of doc/lwm2m.rst ("Crypto time"): the same storm with
# certificate (x509) and PSK handshakes against a 2-core bootstrap server whose handshake
# crypto takes simulated time, and the certificate storm again with a bounded crypto queue
# (refusals answered by a fatal alert). Writes doc/figures/dtls-saturation.png and the runs'
# summaries as doc/figures/dtls-saturation.csv.
#
#   examples/dtls-saturation.sh [--program build/examples/lwm2m-bootstrap-storm]
#                               [--out results/dtls-saturation] [--devices 300]
#                               [--figures doc/figures] [-- extra storm options]
#
# The scenario: Cortex-M4 devices (--device-class m4), power-on uniform over 20 s, no loss,
# a bootstrap server with 2 cores of Cortex-M7 speed (--bs-class m7 --bs-cores 2: about 207 ms
# of crypto per certificate handshake, so about 9.7 certificate handshakes per second, against
# 15 arriving per second), 300 s of simulated time. About 20 s of wall-clock time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
program="$here/../build/examples/lwm2m-bootstrap-storm"
out="results/dtls-saturation"
figures="$here/../doc/figures"
devices=300
. "$here/figure-script-args.sh"
figure_script_args dtls-saturation.sh 5,19 "$@"
# (--max-half-open 100: a server that keeps at most 100 handshakes half-open, the
# DtlsTransport attribute's default; the storm's own default, 10,000, would not evict.)
common=(--devices "$devices" --device-class m4 --bs-class m7 --bs-cores 2 --power-on uniform
        --power-on-window 20 --loss 0 --duration 300 --max-half-open 100 --no-progress --quiet)
declare -A options=(
  [x509]="--security x509"
  [psk]="--security psk"
  [x509-queue]="--security x509 --bs-crypto-queue 20 --bs-crypto-saturation alert"
)
mkdir -p "$out"
for name in x509 psk x509-queue; do
  # shellcheck disable=SC2086 # the options are words
  "$program" "${common[@]}" ${options[$name]} --output-dir "$out/$name" "${extra[@]}"
done
python3 "$here/plot-dtls-saturation.py" --out "$out/dtls-saturation.png" \
  --title "$devices Cortex-M4 devices over 20 s, bootstrap server 2 cores (Cortex-M7 crypto)" \
  --run "x509=$out/x509" --run "psk=$out/psk" \
  --run "x509, crypto queue 20, alert=$out/x509-queue"
mkdir -p "$figures"
cp "$out/dtls-saturation.png" "$figures/dtls-saturation.png"
python3 - "$out" "$figures/dtls-saturation.csv" <<'PY'
import json, os, sys
out, dest = sys.argv[1], sys.argv[2]
rows = ["run,success_ratio,bootstrap_p50_s,bootstrap_p90_s,bootstrap_p99_s,handshakes_failed,"
        "flights_retransmitted,steps,steps_queued,max_queue,mean_wait_s,utilisation,"
        "handshakes_refused"]
for name in ("x509", "psk", "x509-queue"):
    s = json.load(open(os.path.join(out, name, "summary.json")))
    lat = s["modes"]["ALL"]["bootstrap_latency_s"]
    c = s["dtls"]["bootstrap_server_crypto"]
    rows.append(",".join(str(v) for v in (
        name, s["success_ratio"], lat["p50"], lat["p90"], lat["p99"],
        s["dtls"]["handshakes_failed"], s["dtls"]["flights_retransmitted"], c["steps"],
        c["steps_queued"], c["max_queue"], c["mean_wait_s"], c["utilisation"],
        c["handshakes_refused"])))
tmp = dest + ".tmp"
open(tmp, "w").write("\n".join(rows) + "\n")
os.replace(tmp, dest)
PY
echo "dtls-saturation.sh: $figures/dtls-saturation.png, $figures/dtls-saturation.csv"
