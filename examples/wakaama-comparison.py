#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Real Wakaama clients against simulated ones with the Wakaama retry profile: the figures
and the table of examples/wakaama-comparison.sh, from the pcaps of its runs.

  wakaama-comparison.py DATA_DIR FIGURES_DIR LOSS...

DATA_DIR holds, per loss L, the real-time storms real-L-rR/ (with R.load, R.status beside
them) and the model storm model-L/. Every pcap of a client's access link is read with
test/wakaama_wire.py (the bridge checker's tshark reading): per client the latency from the
first transmission of its first Request Bootstrap to the first 2.01 answering its Register,
and per request it sent (source, message ID) the offsets of its retransmissions from its
first transmission. A client not registered within HORIZON_S of its first Request Bootstrap
counts as not registered (both sides' runs last at least that long after every first
request). Real-time runs that were not valid (run.json realtime.valid false) are left out
and counted.

Writes FIGURES_DIR/wakaama-comparison.csv (one row per loss and side, with the two-sample
Kolmogorov-Smirnov test of the latencies of that loss), wakaama-comparison-latency.png (the
latency CDFs) and wakaama-comparison-retransmissions.png (the retransmission offsets).
"""
import csv
import glob
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "test"))
from lwm2m_plotting import pyplot  # noqa: E402
import wakaama_wire  # noqa: E402

PROG = "wakaama-comparison.py"
HORIZON_S = 170.0


def quantile(values, q):
    """The q-quantile, linear between order statistics (numpy's default); None if empty."""
    if not values:
        return None
    v = sorted(values)
    pos = q * (len(v) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def ks_2samp(a, b):
    """Two-sample Kolmogorov-Smirnov statistic D and its p-value: scipy's ks_2samp (exact for
    small samples) when scipy is there, else the asymptotic Kolmogorov distribution with
    Stephens' small-sample correction. (D, p, method)."""
    try:
        from scipy import stats
        r = stats.ks_2samp(a, b)
        return float(r.statistic), float(r.pvalue), "scipy.stats.ks_2samp"
    except ImportError:
        pass
    a, b = sorted(a), sorted(b)
    n, m = len(a), len(b)
    i = j = 0
    d = 0.0
    while i < n and j < m:
        x = min(a[i], b[j])
        while i < n and a[i] == x:
            i += 1
        while j < m and b[j] == x:
            j += 1
        d = max(d, abs(i / n - j / m))
    en = math.sqrt(n * m / (n + m))
    lam = (en + 0.12 + 0.11 / en) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p)), "asymptotic Kolmogorov"


def clients_of(pcaps):
    """timing dicts (wakaama_wire.bootstrap_timing) of the pcaps that are one client's access
    link (one client address; the servers' core links carry many and are skipped)."""
    out = []
    for pcap in pcaps:
        rows = wakaama_wire.timed_coap_datagrams(pcap)
        client = wakaama_wire.client_of(rows)
        if client is None:
            continue
        if any(src != client and dst != client for _, src, dst, *_ in rows):
            continue
        timing = wakaama_wire.bootstrap_timing(rows, client)
        timing["endpoint"] = wakaama_wire.endpoint_of(rows)
        out.append(timing)
    return out


def side(timings):
    """The latencies within the horizon, the number not registered within it, and the
    retransmission offsets by kind."""
    latencies = [t["latency_s"] for t in timings
                 if t["latency_s"] is not None and t["latency_s"] <= HORIZON_S]
    offsets = {"bs": [], "rd": []}
    requests = {"bs": 0, "rd": 0}
    for t in timings:
        for kind, offs in t["retransmissions"]:
            requests[kind] += 1
            offsets[kind].extend(offs)
    return {"clients": len(timings), "latencies": latencies,
            "unregistered": len(timings) - len(latencies), "offsets": offsets,
            "requests": requests}


def fmt(x, digits=3):
    return "" if x is None else ("%.*f" % (digits, x))


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    data, figures, losses = argv[1], argv[2], argv[3:]
    plt = pyplot(PROG)
    results = {}
    for loss in losses:
        real_timings, runs, invalid, loads, lags = [], 0, 0, [], []
        for run in sorted(glob.glob(os.path.join(data, "real-%s-r*" % loss))):
            if not os.path.isdir(run):
                continue
            runs += 1
            with open(os.path.join(run, "run.json")) as f:
                realtime = json.load(f)["realtime"]
            if not realtime["valid"]:
                invalid += 1
                continue
            lags.append(realtime["max_lag_s"])
            with open(run + ".load") as f:
                loads += [line.split("=", 1)[1].split()[0] for line in f if "=" in line]
            real_timings += clients_of(sorted(glob.glob(os.path.join(run, "pcap-*.pcap"))))
        model_timings = clients_of(sorted(glob.glob(os.path.join(data, "model-%s" % loss,
                                                                 "pcap-*.pcap"))))
        if not real_timings or not model_timings:
            print("%s: no clients at loss %s (real %d, model %d)" % (
                PROG, loss, len(real_timings), len(model_timings)), file=sys.stderr)
            return 1
        results[loss] = {"real": side(real_timings), "model": side(model_timings),
                         "runs": runs, "invalid": invalid, "loads": loads, "lags": lags}

    os.makedirs(figures, exist_ok=True)
    rows = []
    for loss, r in results.items():
        d, p, method = ks_2samp(r["real"]["latencies"], r["model"]["latencies"])
        ob = r["real"]["offsets"]["bs"] + r["real"]["offsets"]["rd"]
        mb = r["model"]["offsets"]["bs"] + r["model"]["offsets"]["rd"]
        do, po, _ = ks_2samp(ob, mb) if ob and mb else (None, None, None)
        for name in ("real", "model"):
            s = r[name]
            lat = s["latencies"]
            offs = s["offsets"]["bs"] + s["offsets"]["rd"]
            rows.append({
                "loss": loss, "side": name,
                "runs": r["runs"] - r["invalid"] if name == "real" else 1,
                "clients": s["clients"],
                "registered_within_%ds" % HORIZON_S: len(lat),
                "latency_median_s": fmt(quantile(lat, 0.5)),
                "latency_p90_s": fmt(quantile(lat, 0.9)),
                "latency_max_s": fmt(max(lat) if lat else None),
                "request_bootstraps": s["requests"]["bs"],
                "bs_retransmissions": len(s["offsets"]["bs"]),
                "registers": s["requests"]["rd"],
                "rd_retransmissions": len(s["offsets"]["rd"]),
                "retransmission_offsets_s": " ".join(
                    "%g x%d" % (v, sum(1 for o in offs if round(o, 1) == v))
                    for v in sorted({round(o, 1) for o in offs})),
                "ks_latency_D": fmt(d),
                "ks_latency_p": "%.3g" % p,
                "ks_offsets_D": fmt(do),
                "ks_offsets_p": "" if po is None else "%.3g" % po,
                "real_max_lag_s": fmt(max(r["lags"])) if name == "real" else "",
                "real_load_1min": " ".join(r["loads"]) if name == "real" else "",
            })
    csv_path = os.path.join(figures, "wakaama-comparison.csv")
    with open(csv_path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    os.replace(csv_path + ".tmp", csv_path)

    colours = {"real": "tab:red", "model": "tab:blue"}
    fig, axes = plt.subplots(1, len(results), figsize=(5.2 * len(results), 4), squeeze=False)
    for ax, (loss, r) in zip(axes[0], results.items()):
        for name in ("real", "model"):
            s = r[name]
            lat = sorted(s["latencies"])
            ys = [(i + 1) / s["clients"] for i in range(len(lat))]
            label = "%s (%s, n=%d, %d not registered)" % (
                "real Wakaama lwm2mclient" if name == "real" else "model, profile Wakaama",
                "%d runs" % (r["runs"] - r["invalid"]) if name == "real" else "1 run",
                s["clients"], s["unregistered"])
            ax.step(lat, ys, where="post", color=colours[name], label=label)
        d, p, _ = ks_2samp(r["real"]["latencies"], r["model"]["latencies"])
        ax.set_xscale("log")
        ax.set_xlabel("first Request Bootstrap to 2.01 of Register [s]")
        ax.set_ylabel("fraction of clients")
        ax.set_title("loss %g %% per direction; KS D=%.3f p=%.3g" % (float(loss) * 100, d, p))
        ax.set_ylim(0, 1.02)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(figures, "wakaama-comparison-latency.png"), dpi=110)
    plt.close(fig)

    fig, axes = plt.subplots(1, len(results), figsize=(5.2 * len(results), 3.6), squeeze=False)
    for ax, (loss, r) in zip(axes[0], results.items()):
        ticks = []
        for y, (name, kind) in enumerate([("real", "bs"), ("model", "bs"), ("real", "rd"),
                                          ("model", "rd")]):
            offs = r[name]["offsets"][kind]
            # A deterministic spread (not random) so that equal offsets show as a band.
            ys = [y + 0.3 * (((i * 0.618034) % 1.0) - 0.5) for i in range(len(offs))]
            ax.scatter(offs, ys, s=9, color=colours[name], alpha=0.6)
            ticks.append("%s %s (%d of %d req.)" % (
                name, "Request Bootstrap" if kind == "bs" else "Register", len(offs),
                r[name]["requests"][kind]))
        ax.set_yticks(range(4))
        ax.set_yticklabels(ticks, fontsize=7)
        ax.set_xlabel("retransmission instant after the first transmission [s]")
        ax.set_title("loss %g %%" % (float(loss) * 100))
        ax.set_xlim(0, 65)
        ax.set_xticks([0, 2, 6, 14, 30, 62])
        ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(figures, "wakaama-comparison-retransmissions.png"), dpi=110)
    plt.close(fig)

    for row in rows:
        print(", ".join("%s=%s" % kv for kv in row.items()))
    print("%s: wrote %s and wakaama-comparison-{latency,retransmissions}.png (KS: %s)" % (
        PROG, csv_path, ks_2samp([0.0], [1.0])[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
