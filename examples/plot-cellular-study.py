#!/usr/bin/env python3
"""Figures of the cellular access study (examples/cellular-study.sh): per preset and residual
loss, bootstrap success, p99 time-to-registered and retransmissions with RFC and tuned
ACK_TIMEOUT; PSM server vs client."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(study, figures):
    rows = list(csv.DictReader(open(study)))
    n = rows[0]["devices"]
    presets = []
    for r in rows:
        if r["ack"] == "rfc" and r["access"] not in presets:
            presets.append(r["access"])
    colors = dict(zip(presets, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    fig, (a, b, c) = plt.subplots(1, 3, figsize=(13, 4))
    for p in presets:
        for ack, style in (("rfc", "-"), ("tuned", "--")):
            sel = sorted((r for r in rows if r["access"] == p and r["ack"] == ack),
                         key=lambda r: float(r["residual_loss"]))
            xs = [100 * float(r["residual_loss"]) for r in sel]
            label = p if ack == "rfc" else None
            a.plot(xs, [100 * float(r["success_ratio"]) for r in sel], style, marker="o",
                   color=colors[p], label=label)
            b.plot(xs, [float(r["p99_time_to_registered_s"] or "nan") for r in sel], style,
                   marker="o", color=colors[p], label=label)
            c.plot(xs, [float(r["retransmissions"]) / float(n) for r in sel], style, marker="o",
                   color=colors[p], label=label)
    a.set_ylabel("registered at the end [%]")
    a.set_ylim(0, 105)
    b.set_ylabel("p99 time to registered [s]")
    b.set_yscale("log")
    c.set_ylabel("CoAP retransmissions per device")
    for ax in (a, b, c):
        ax.set_xlabel("residual loss after HARQ/RLC [%]")
        ax.grid(alpha=0.3)
    a.legend(loc="lower center", fontsize=8, title="solid: ACK_TIMEOUT 2 s\ndashed: tuned",
             title_fontsize=8)
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
