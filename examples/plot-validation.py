#!/usr/bin/env python3
# Plot simulated versus analytic bootstrap behaviour over the loss range, from the CSV that
# lwm2m-validation-report writes.
#   plot-validation.py validation.csv [--out validation.png]
import argparse
import csv
import sys

from lwm2m_plotting import pyplot

plt = pyplot("plot-validation")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("csv")
    ap.add_argument("--out", default="validation.png")
    a = ap.parse_args()
    try:
        rows = list(csv.DictReader(open(a.csv)))
        col = lambda k: [float(r[k]) for r in rows]  # noqa: E731
        p = col("loss")
        devices = int(rows[0]["devices"])
    except (OSError, KeyError, ValueError, IndexError) as e:
        print(f"plot-validation.py: cannot read {a.csv}: {e}", file=sys.stderr)
        return 2
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.5))
    s, lo, hi = col("bootstrap_success"), col("bootstrap_success_lo"), col("bootstrap_success_hi")
    ax[0].plot(p, col("oracle_bootstrap_success"), "k-", label="oracle $(1-P_{fail})^{k+2}$")
    ax[0].fill_between(p, lo, hi, color="0.85", label="oracle 99 % interval")
    ax[0].plot(p, s, "o", color="C0", label="simulated")
    ax[0].set_xlabel("loss probability per datagram")
    ax[0].set_ylabel("P(whole bootstrap succeeds), k = 3")
    ax[0].set_title("Bootstrap success without retries")
    ax[0].legend()
    ax[1].plot(p, col("oracle_mean_transmissions"), "k-", label="oracle")
    ax[1].errorbar(p, col("mean_transmissions"), yerr=col("mean_transmissions_ci"), fmt="o",
                   color="C1", capsize=3, label="simulated (99 % CI)")
    ax[1].set_xlabel("loss probability per datagram")
    ax[1].set_ylabel("transmissions per CON exchange")
    ax[1].set_title("Expected transmissions")
    ax[1].legend()
    ax[2].plot(p, col("oracle_mean_extra_latency_s"), "k-", label="oracle")
    ax[2].errorbar(p, col("mean_extra_latency_s"), yerr=col("mean_extra_latency_ci_s"), fmt="o",
                   color="C2", capsize=3, label="simulated (99 % CI)")
    ax[2].set_xlabel("loss probability per datagram")
    ax[2].set_ylabel("E[completion - RTT | success] (s)")
    ax[2].set_title("Request Bootstrap latency beyond the RTT")
    ax[2].legend()
    fig.suptitle(f"LwM2M bootstrap vs analytic oracle: {devices} independent devices per point, "
                 "CoAP defaults (ACK_TIMEOUT 2 s, factor 1.5, MAX_RETRANSMIT 4)")
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
