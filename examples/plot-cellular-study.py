#!/usr/bin/env python3
"""Figures of the cellular access study (examples/cellular-study.sh): per preset, bootstrap
success and p99 time-to-registered with RFC and tuned ACK_TIMEOUT; PSM server vs client."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(study, figures):
    rows = list(csv.DictReader(open(study)))
    presets = [r["access"] for r in rows if r["ack"] == "rfc"]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8))
    width = 0.38
    for k, (ack, label) in enumerate((("rfc", "ACK_TIMEOUT 2 s (RFC 7252)"),
                                      ("tuned", "tuned ACK_TIMEOUT"))):
        sel = {r["access"]: r for r in rows if r["ack"] == ack}
        xs = [i + (k - 0.5) * width for i in range(len(presets))]
        a.bar(xs, [100 * float(sel[p]["success_ratio"]) for p in presets], width, label=label)
        b.bar(xs, [float(sel[p]["p99_time_to_registered_s"] or 0) for p in presets], width,
              label=label)
    for ax, title in ((a, "registered [%]"), (b, "p99 time to registered [s]")):
        ax.set_xticks(range(len(presets)))
        ax.set_xticklabels(presets)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
    a.legend(loc="lower left", fontsize=8)
    n = rows[0]["devices"]
    fig.suptitle(f"{n}-device storm per cellular preset (client-initiated, power-on over 60 s)")
    fig.tight_layout()
    fig.savefig(f"{figures}/cellular-presets.png", dpi=110)

    psm = [r for r in rows if r["ack"] == "psm"]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    labels = [f"{r['mode']}-initiated\nnotification {r['notification_delay_s']} s"
              if r["mode"] == "server" else "client-initiated" for r in psm]
    ax.bar(range(len(psm)), [100 * float(r["success_ratio"]) for r in psm], color="tab:green")
    for i, r in enumerate(psm):
        p99 = r["p99_time_to_registered_s"]
        ax.text(i, 2, f"p99 {float(p99):.1f} s" if p99 else "none registered", ha="center")
    ax.set_xticks(range(len(psm)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_ylabel("registered [%]")
    ax.set_title(f"nbiot-ce1 with PSM (T3324 60 s, T3412 54 min), {n} devices")
    fig.tight_layout()
    fig.savefig(f"{figures}/cellular-psm.png", dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
