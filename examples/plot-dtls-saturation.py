#!/usr/bin/env python3
"""Plot the crypto-saturation figure of doc/lwm2m.rst ("Crypto time") from storm output folders.

  plot-dtls-saturation.py --run LABEL=DIR [--run LABEL=DIR ...] --out FIGURE.png

Left: CDF of the devices' bootstrap latency (devices.csv, bootstrap_latency_s; devices that
never finished count as not done). Right: per second, the devices' handshakes in progress
(solid) and the most handshake steps waiting for a bootstrap-server core (dashed), from
timeline.csv (the storm writes these columns with --device-class / --bs-cores).
"""
import argparse
import csv
import json
import os
import sys

from lwm2m_plotting import pyplot

plt = pyplot("plot-dtls-saturation")


def read_run(directory):
    with open(os.path.join(directory, "devices.csv")) as f:
        rows = list(csv.DictReader(f))
    latency = sorted(float(r["bootstrap_latency_s"]) for r in rows if r["bootstrap_latency_s"])
    with open(os.path.join(directory, "timeline.csv")) as f:
        timeline = list(csv.DictReader(f))
    t = [int(r["time_s"]) for r in timeline]
    handshakes = [int(r["handshakes_in_progress"]) for r in timeline]
    queue = [int(r["bs_crypto_queue_max"]) for r in timeline]
    with open(os.path.join(directory, "summary.json")) as f:
        summary = json.load(f)
    crypto = summary["dtls"]["bootstrap_server_crypto"]
    crypto["p50"] = summary["modes"]["ALL"]["bootstrap_latency_s"]["p50"]
    return len(rows), latency, t, handshakes, queue, crypto


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", action="append", required=True, help="LABEL=DIR")
    ap.add_argument("--out", required=True)
    ap.add_argument("--title", default="")
    a = ap.parse_args()
    runs = []
    for spec in a.run:
        label, sep, directory = spec.partition("=")
        if not sep:
            print(f"plot-dtls-saturation.py: --run {spec}: LABEL=DIR expected", file=sys.stderr)
            return 2
        try:
            runs.append((label, *read_run(directory)))
        except (OSError, KeyError, ValueError) as e:
            print(f"plot-dtls-saturation.py: cannot read {directory}: {e}", file=sys.stderr)
            return 2
    fig, ax = plt.subplots(1, 2, figsize=(13, 4.8))
    for i, (label, n, latency, t, handshakes, queue, crypto) in enumerate(runs):
        colour = f"C{i}"
        y = [(k + 1) / n for k in range(len(latency))]
        util = crypto["utilisation"]
        ax[0].step(latency, y, where="post", color=colour,
                   label=f"{label} (p50 {crypto['p50']:.2f} s, done {len(latency)}/{n})"
                   if latency else label)
        ax[1].plot(t, handshakes, "-", color=colour, label=f"{label}: handshakes in progress")
        ax[1].plot(t, queue, "--", color=colour,
                   label=f"{label}: steps waiting for a core (utilisation {util:.2f})")
    ax[0].set_xscale("log")
    ax[0].set_xlabel("bootstrap latency, power-on to Bootstrap-Finish [s]")
    ax[0].set_ylabel("fraction of devices")
    ax[0].set_ylim(0, 1.02)
    ax[0].grid(True, which="both", alpha=0.3)
    ax[0].legend(loc="lower right", fontsize=8)
    ax[1].set_xlabel("simulated time [s]")
    ax[1].set_ylabel("count")
    ax[1].grid(True, alpha=0.3)
    ax[1].legend(loc="upper right", fontsize=8)
    last = max((t[-1] for _, _, _, t, _, _, _ in runs), default=0)
    busy = [k for _, _, _, t, h, q, _ in runs for k, (a1, b1) in enumerate(zip(h, q)) if a1 or b1]
    ax[1].set_xlim(0, min(last, (max(busy) + 10) if busy else last))
    if a.title:
        fig.suptitle(a.title)
    fig.tight_layout()
    tmp = a.out + ".tmp.png"
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
