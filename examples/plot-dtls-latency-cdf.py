#!/usr/bin/env python3
"""Plot the DTLS latency figure of doc/lwm2m.rst ("Bootstrap latency over DTLS") and write its
table, from storm output folders.

  plot-dtls-latency-cdf.py --run SECURITY,LOSS=DIR [--run ...] --out FIGURE.png --csv TABLE.csv

One panel per loss percentage (in the order first given), one CDF per security mode in it:
the devices' bootstrap latency, power-on to Bootstrap-Finish (devices.csv,
bootstrap_latency_s; devices that never finished count as not done). The table has one row
per run: success ratio and latency percentiles from summary.json, and per device the DTLS
handshake flights and CoAP requests the devices retransmitted.
"""
import argparse
import csv
import json
import os
import sys

from lwm2m_plotting import pyplot

plt = pyplot("plot-dtls-latency-cdf")

COLUMNS = ["security", "loss_percent", "devices", "success_ratio", "bootstrap_p50_s",
           "bootstrap_p90_s", "bootstrap_p99_s", "handshakes_per_device",
           "handshakes_failed", "flights_retransmitted_per_device",
           "coap_retransmissions_per_device"]


def read_run(directory):
    with open(os.path.join(directory, "devices.csv")) as f:
        rows = list(csv.DictReader(f))
    latency = sorted(float(r["bootstrap_latency_s"]) for r in rows if r["bootstrap_latency_s"])
    with open(os.path.join(directory, "summary.json")) as f:
        summary = json.load(f)
    return rows, latency, summary


def table_row(security, loss, summary):
    n = summary["devices"]
    lat = summary["modes"]["ALL"]["bootstrap_latency_s"]
    dtls = summary.get("dtls", {})
    flights = dtls.get("flights_retransmitted", 0)  # the devices' timer-driven flights
    coap = summary["traffic"]["coap_retransmissions"]  # the devices' CoAP endpoints

    def fmt(v):
        return "" if v is None else f"{v:.3f}"
    return [security, loss, str(n), f"{summary['success_ratio']:.4f}", fmt(lat["p50"]),
            fmt(lat["p90"]), fmt(lat["p99"]), f"{dtls.get('handshakes', 0) / n:.3f}",
            str(dtls.get("handshakes_failed", 0)), f"{flights / n:.3f}", f"{coap / n:.3f}"]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", action="append", required=True, help="SECURITY,LOSS=DIR")
    ap.add_argument("--out", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--title", default="")
    a = ap.parse_args()
    runs = []
    for spec in a.run:
        key, sep, directory = spec.partition("=")
        security, comma, loss = key.partition(",")
        if not sep or not comma or not security or not loss:
            print(f"plot-dtls-latency-cdf.py: --run {spec}: SECURITY,LOSS=DIR expected",
                  file=sys.stderr)
            return 2
        try:
            runs.append((security, loss, *read_run(directory)))
        except (OSError, KeyError, ValueError) as e:
            print(f"plot-dtls-latency-cdf.py: cannot read {directory}: {e}", file=sys.stderr)
            return 2
    try:
        table = [COLUMNS] + [table_row(s, loss, summary)
                             for s, loss, rows, _, summary in runs]
    except (KeyError, ValueError, ZeroDivisionError) as e:
        print(f"plot-dtls-latency-cdf.py: incomplete summary: {e}", file=sys.stderr)
        return 2
    losses = list(dict.fromkeys(loss for _, loss, _, _, _ in runs))
    securities = list(dict.fromkeys(s for s, _, _, _, _ in runs))
    fig, axes = plt.subplots(1, len(losses), figsize=(5 * len(losses), 4.6), sharex=True, sharey=True,
                             squeeze=False)
    for ax, loss in zip(axes[0], losses):
        for security, l2, rows, latency, summary in runs:
            if l2 != loss:
                continue
            n = len(rows)
            y = [(k + 1) / n for k in range(len(latency))]
            p50 = summary["modes"]["ALL"]["bootstrap_latency_s"]["p50"]
            label = (f"{security} (p50 {p50:.2f} s, done {len(latency)}/{n})"
                     if latency else f"{security} (none done)")
            ax.step(latency, y, where="post", color=f"C{securities.index(security)}",
                    label=label)
        ax.set_xscale("log")
        ax.set_title(f"{loss} % loss per direction", fontsize=10)
        ax.set_xlabel("bootstrap latency, power-on to Bootstrap-Finish [s]")
        ax.set_ylim(0, 1.02)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    axes[0][0].set_ylabel("fraction of devices")
    if a.title:
        fig.suptitle(a.title, fontsize=11)
    fig.tight_layout()
    tmp = a.out + ".tmp.png"
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, a.out)
    tmp = a.csv + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(",".join(r) for r in table) + "\n")
    os.replace(tmp, a.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
