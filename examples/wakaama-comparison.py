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
Kolmogorov-Smirnov test of each model's latencies and retransmission offsets against the
real ones of that loss), wakaama-comparison-table.csv (its main columns, for
doc/lwm2m.rst), wakaama-comparison-samples.csv (one row per client), wakaama-comparison-latency.png (the
latency CDFs) and wakaama-comparison-retransmissions.png (the retransmission offsets).
"""
import csv
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "test"))
from lwm2m_plotting import pyplot  # noqa: E402
from lwm2m_statistics import ks_2samp, quantile  # noqa: E402
import wakaama_wire  # noqa: E402

PROG = "wakaama-comparison.py"
HORIZON_S = 170.0
MODELS = ("model", "model-h0", "model-w60")


def clients_of(folder):
    """timing dicts (wakaama_wire.bootstrap_timing) of the pcaps of a storm's output folder
    that are one client's access link (one client address; the servers' core links carry
    many and are skipped). Kept in FOLDER/wire-timings.json, read again while it is newer
    than every pcap."""
    pcaps = sorted(glob.glob(os.path.join(folder, "pcap-*.pcap")))
    cache = os.path.join(folder, "wire-timings.json")
    if os.path.exists(cache) and all(os.path.getmtime(cache) > os.path.getmtime(p)
                                     for p in pcaps):
        with open(cache) as f:
            cached = json.load(f)
        if all("copies_after_answer" in t for t in cached):
            return cached
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
    with open(cache + ".tmp", "w") as f:
        json.dump(out, f)
    os.replace(cache + ".tmp", cache)
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
    turnarounds = [sum(t["turnarounds"]) for t in timings]
    commands = sum(t["commands"] for t in timings)
    command_copies = sum(t["command_copies"] for t in timings)
    return {"clients": len(timings), "latencies": latencies, "turnarounds": turnarounds,
            "unregistered": len(timings) - len(latencies), "offsets": offsets,
            "restarted": sum(1 for t in timings if t["attempts"] > 1),
            "commands": commands, "command_copies": command_copies,
            "copies_after_answer": sum(t["copies_after_answer"] for t in timings),
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
    samples = []
    for loss in losses:
        real_timings, runs, invalid, loads, lags, real_runs = [], 0, 0, [], [], []
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
            real_timings += clients_of(run)
            real_runs.append(run)
        sides = {"real": real_timings}
        for name in MODELS:
            sides[name] = clients_of(os.path.join(data, "%s-%s" % (name, loss)))
        if not all(sides.values()):
            print("%s: no clients at loss %s (%s)" % (PROG, loss, ", ".join(
                "%s %d" % (k, len(v)) for k, v in sides.items())), file=sys.stderr)
            return 1
        for name, timings in sides.items():
            for t in timings:
                samples.append({
                    "loss": loss, "side": name, "endpoint": t["endpoint"],
                    "first_request_s": fmt(t["first_request_s"], 6),
                    "latency_s": fmt(t["latency_s"], 6), "attempts": t["attempts"],
                    "bs_retransmission_offsets_s": " ".join(
                        "%.3f" % o for kind, offs in t["retransmissions"] if kind == "bs"
                        for o in offs),
                    "rd_retransmission_offsets_s": " ".join(
                        "%.3f" % o for kind, offs in t["retransmissions"] if kind == "rd"
                        for o in offs),
                    "turnaround_sum_s": fmt(sum(t["turnarounds"]), 6),
                })
        results[loss] = {name: side(timings) for name, timings in sides.items()}
        for name in sides:
            folders = real_runs if name == "real" else [os.path.join(data, "%s-%s" % (name, loss))]
            peaks = []
            for folder in folders:
                with open(os.path.join(folder, "summary.json")) as f:
                    peaks.append(json.load(f)["bootstrap_server"]["peak_active_sessions"])
            results[loss][name]["bs_peak_active"] = max(peaks)
        results[loss].update({"runs": runs, "invalid": invalid, "loads": loads, "lags": lags})

    os.makedirs(figures, exist_ok=True)
    rows = []
    for loss, r in results.items():
        for name in ("real",) + MODELS:
            s = r[name]
            lat = s["latencies"]
            offs = s["offsets"]["bs"] + s["offsets"]["rd"]
            real_offs = r["real"]["offsets"]["bs"] + r["real"]["offsets"]["rd"]
            d = p = do = po = None
            if name != "real":
                d, p, _ = ks_2samp(r["real"]["latencies"], lat)
                if offs and real_offs:
                    do, po, _ = ks_2samp(real_offs, offs)
            rows.append({
                "loss": loss, "side": name,
                "runs": r["runs"] - r["invalid"] if name == "real" else 1,
                "clients": s["clients"],
                "registered_within_%ds" % HORIZON_S: len(lat),
                "more_than_one_request_bootstrap": s["restarted"],
                "latency_min_s": fmt(min(lat) if lat else None),
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
                "turnaround_sum_median_s": fmt(quantile(s["turnarounds"], 0.5), 4),
                # The same server and link on both sides: copies of its commands that reached
                # the client per command, and copies per request of the client's own.
                "bootstrap_server_peak_active_sessions": s["bs_peak_active"],
                "client_copies_after_answer": s["copies_after_answer"],
                "server_command_copies_per_command": fmt(
                    s["command_copies"] / s["commands"] if s["commands"] else None),
                "client_copies_per_request": fmt(
                    (sum(s["requests"].values()) + len(offs)) / sum(s["requests"].values())),
                "ks_latency_D_vs_real": fmt(d),
                "ks_latency_p_vs_real": "" if p is None else "%.3g" % p,
                "ks_offsets_D_vs_real": fmt(do),
                "ks_offsets_p_vs_real": "" if po is None else "%.3g" % po,
                "real_max_lag_s": fmt(max(r["lags"])) if name == "real" else "",
                "real_load_1min": " ".join(r["loads"]) if name == "real" else "",
            })
    csv_path = os.path.join(figures, "wakaama-comparison.csv")
    with open(csv_path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    os.replace(csv_path + ".tmp", csv_path)
    # The narrower table doc/lwm2m.rst shows (csv-table :file:).
    doc_rows = [{
        "loss": "%g %%" % (float(row["loss"]) * 100), "side": row["side"],
        "clients (runs)": "%d (%d)" % (row["clients"], row["runs"]),
        "registered <= %d s" % HORIZON_S: row["registered_within_%ds" % HORIZON_S],
        "> 1 Request Bootstrap": row["more_than_one_request_bootstrap"],
        "latency min / median / p90 [s]": "%s / %s / %s" % (
            row["latency_min_s"], row["latency_median_s"], row["latency_p90_s"]),
        "retransmissions / requests: Req. Bootstrap, Register": "%d/%d, %d/%d" % (
            row["bs_retransmissions"], row["request_bootstraps"], row["rd_retransmissions"],
            row["registers"]),
        "server's peak sessions": row["bootstrap_server_peak_active_sessions"],
        "copies sent after the answer": row["client_copies_after_answer"],
        "copies per request: client, server": "%s, %s" % (
            row["client_copies_per_request"], row["server_command_copies_per_command"]),
        "KS latency vs real: D, p": "" if not row["ks_latency_D_vs_real"] else "%s, %s" % (
            row["ks_latency_D_vs_real"], row["ks_latency_p_vs_real"]),
    } for row in rows]
    doc_path = os.path.join(figures, "wakaama-comparison-table.csv")
    with open(doc_path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(doc_rows[0]))
        w.writeheader()
        w.writerows(doc_rows)
    os.replace(doc_path + ".tmp", doc_path)
    samples_path = os.path.join(figures, "wakaama-comparison-samples.csv")
    with open(samples_path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(samples[0]))
        w.writeheader()
        w.writerows(samples)
    os.replace(samples_path + ".tmp", samples_path)

    colours = {"real": "tab:red", "model": "tab:blue", "model-h0": "tab:gray",
               "model-w60": "tab:orange"}
    labels = {"real": "real Wakaama lwm2mclient", "model": "model: hold-off 10 s, window 500 s",
              "model-h0": "model-h0: hold-off 0 s, window 500 s",
              "model-w60": "model-w60: hold-off 10 s, window 60 s"}
    fig, axes = plt.subplots(1, len(results), figsize=(5.6 * len(results), 4.2), squeeze=False)
    for ax, (loss, r) in zip(axes[0], results.items()):
        for name in ("real",) + MODELS:
            s = r[name]
            lat = sorted(s["latencies"])
            ys = [(i + 1) / s["clients"] for i in range(len(lat))]
            label = "%s (n=%d, %d not reg.)" % (labels[name], s["clients"], s["unregistered"])
            if name != "real":
                d, p, _ = ks_2samp(r["real"]["latencies"], s["latencies"])
                label += " KS D=%.2f p=%.2g" % (d, p)
            ax.step(lat, ys, where="post", color=colours[name], label=label,
                    linestyle={"model-h0": "--", "model-w60": ":"}.get(name, "-"))
        ax.set_xscale("log")
        ax.set_xlabel("first Request Bootstrap to 2.01 of Register [s]")
        ax.set_ylabel("fraction of clients")
        ax.set_title("loss %g %% per direction (real: %d runs x 10 clients)" % (
            float(loss) * 100, r["runs"] - r["invalid"]))
        ax.set_ylim(0, 1.02)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6.5, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(figures, "wakaama-comparison-latency.png"), dpi=110)
    plt.close(fig)

    fig, axes = plt.subplots(1, len(results), figsize=(5.6 * len(results), 3.8), squeeze=False)
    for ax, (loss, r) in zip(axes[0], results.items()):
        ticks = []
        lanes = [(n, k) for k in ("bs", "rd") for n in ("real",) + MODELS]
        for y, (name, kind) in enumerate(lanes):
            offs = r[name]["offsets"][kind]
            # A deterministic spread (not random) so that equal offsets show as a band.
            ys = [y + 0.3 * (((i * 0.618034) % 1.0) - 0.5) for i in range(len(offs))]
            ax.scatter(offs, ys, s=8, color=colours[name], alpha=0.6)
            ticks.append("%s %s (%d copies, %d req.)" % (
                name, "Req. Bootstrap" if kind == "bs" else "Register", len(offs),
                r[name]["requests"][kind]))
        ax.set_yticks(range(len(lanes)))
        ax.set_yticklabels(ticks, fontsize=6.5)
        ax.set_xlabel("retransmission instant after the first transmission [s]")
        ax.set_title("loss %g %%" % (float(loss) * 100))
        ax.set_xlim(0, 34)
        ax.set_xticks([0, 2, 6, 14, 30])
        ax.set_xticks(range(0, 35), minor=True)
        ax.grid(True, axis="x", which="both", alpha=0.25)
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
