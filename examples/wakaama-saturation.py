#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The table and figure of examples/wakaama-saturation.sh, from the outputs of its runs.

  wakaama-saturation.py DATA_DIR FIGURES_DIR

DATA_DIR holds per run nN-rR/ (the storm's outputs) and nN-rR.result (devices, run,
status, load_before, load_after, udp: the server namespace's InDatagrams and RcvbufErrors).
Writes FIGURES_DIR/wakaama-saturation-runs.csv (one row per run), wakaama-saturation.csv
(per device count: runs, the median of sessions/s over the valid runs, the medians of the
span, RcvbufErrors and InDatagrams over all runs, largest lag, loads),
wakaama-saturation-table.csv (the same for doc/lwm2m.rst) and
wakaama-saturation.png (sessions/s and RcvbufErrors against the device count). A run whose
real-time lag exceeded its bound (run.json realtime.valid false, exit status 3) is listed,
marked, but left out of the sessions/s median (the simulation, late, paced the devices).
"""
import csv
import glob
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwm2m_plotting import pyplot  # noqa: E402

PROG = "wakaama-saturation.py"


def read_result(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            out[key] = value
    udp = dict(item.split("=") for item in out.get("udp", "").split())
    out["in_datagrams"] = int(udp["InDatagrams"]) if "InDatagrams" in udp else None
    out["rcvbuf_errors"] = int(udp["RcvbufErrors"]) if "RcvbufErrors" in udp else None
    return out


def write_csv(path, rows):
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    os.replace(path + ".tmp", path)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    data, figures = argv[1], argv[2]
    runs = []
    for result in glob.glob(os.path.join(data, "n*-r*.result")):
        res = read_result(result)
        out = result[:-len(".result")]
        with open(os.path.join(out, "run.json")) as f:
            realtime = json.load(f)["realtime"]
        with open(os.path.join(out, "summary.json")) as f:
            ext = json.load(f).get("external_bootstrap_server") or {}
        with open(os.path.join(out, "devices.csv"), newline="") as f:
            devices = list(csv.DictReader(f))
        registered = sum(1 for d in devices if d["outcome"] == "REGISTERED" and d["finish_s"])
        finishes = [float(d["finish_s"]) for d in devices if d["finish_s"]]
        requests = [float(d["bootstrap_request_s"]) for d in devices if d["bootstrap_request_s"]]
        span = max(finishes) - min(requests) if finishes and requests else None
        runs.append({
            "devices": int(res["devices"]), "run": int(res["run"]), "status": res["status"],
            "valid": realtime["valid"], "max_lag_s": "%.3f" % realtime["max_lag_s"],
            "registered": registered, "sessions_finished": ext.get("sessions_finished"),
            "sessions_per_second": ext.get("sessions_per_second"),
            "span_s": "" if span is None else "%.2f" % span,
            "in_datagrams": res["in_datagrams"], "rcvbuf_errors": res["rcvbuf_errors"],
            "load_before": res["load_before"].split()[0],
            "load_after": res["load_after"].split()[0],
        })
    if not runs:
        print("%s: no runs in %s" % (PROG, data), file=sys.stderr)
        return 1
    runs.sort(key=lambda r: (r["devices"], r["run"]))
    os.makedirs(figures, exist_ok=True)
    write_csv(os.path.join(figures, "wakaama-saturation-runs.csv"), runs)

    table = []
    for n in sorted({r["devices"] for r in runs}):
        all_n = [r for r in runs if r["devices"] == n]
        ok = [r for r in all_n if r["valid"] and r["sessions_per_second"]]

        def med(key, fmt="%.1f", runs=ok):
            values = [float(r[key]) for r in runs if r[key] not in (None, "")]
            return fmt % statistics.median(values) if values else ""
        table.append({
            "devices": n, "runs": len(all_n), "valid_runs": len(ok),
            "registered_min": min(r["registered"] for r in all_n),
            "sessions_per_second_median": med("sessions_per_second"),
            # Each run's figure, "*" after those of invalid runs (lag above the bound).
            "sessions_per_second_runs": " ".join(
                ("%.1f" % r["sessions_per_second"] if r["sessions_per_second"] else "n/a")
                + ("" if r["valid"] else "*") for r in all_n),
            # The server's counters and the span are the real server's, whatever the lag: over
            # all runs.
            "span_s_median": med("span_s", "%.2f", all_n),
            "rcvbuf_errors_median": med("rcvbuf_errors", "%.0f", all_n),
            "in_datagrams_median": med("in_datagrams", "%.0f", all_n),
            "max_lag_s_max": "%.3f" % max(float(r["max_lag_s"]) for r in all_n),
            "load_1min_before": " ".join(r["load_before"] for r in all_n),
        })
    write_csv(os.path.join(figures, "wakaama-saturation.csv"), table)
    write_csv(os.path.join(figures, "wakaama-saturation-table.csv"), [{
        "devices": "{:,}".format(t["devices"]),
        "valid runs": "%d of %d" % (t["valid_runs"], t["runs"]),
        "sessions/s (median; each run)": "%s (%s)" % (t["sessions_per_second_median"] or "n/a",
                                                    t["sessions_per_second_runs"]),
        "registered (fewest)": "{:,}".format(t["registered_min"]),
        "span [s]": t["span_s_median"] or "n/a",
        "RcvbufErrors / InDatagrams": "%s / %s" % (t["rcvbuf_errors_median"] or "n/a",
                                                  t["in_datagrams_median"] or "n/a"),
        "largest lag [s]": t["max_lag_s_max"],
        "load (1 min) before": t["load_1min_before"],
    } for t in table])

    plt = pyplot(PROG)
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for r in runs:
        if r["sessions_per_second"]:
            ax.plot(r["devices"], r["sessions_per_second"], "o" if r["valid"] else "x",
                    color="tab:blue" if r["valid"] else "tab:gray", alpha=0.6)
    xs = [t["devices"] for t in table if t["sessions_per_second_median"]]
    ys = [float(t["sessions_per_second_median"]) for t in table if t["sessions_per_second_median"]]
    ax.plot(xs, ys, "-", color="tab:blue", label="sessions/s (median of valid runs)")
    ax.set_xscale("log")
    ax.set_xlabel("devices requesting at the same instant")
    ax.set_ylabel("sessions/s, first request to last Finish")
    ax2 = ax.twinx()
    xe = [t["devices"] for t in table if t["rcvbuf_errors_median"]]
    ye = [float(t["rcvbuf_errors_median"]) for t in table if t["rcvbuf_errors_median"]]
    ax2.plot(xe, ye, "s--", color="tab:red", label="RcvbufErrors (median)")
    ax2.set_ylabel("datagrams dropped by the server's socket")
    ax.set_title("real Wakaama bootstrap_server, 0 % loss, release build")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, loc="upper left")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(figures, "wakaama-saturation.png"), dpi=110)
    plt.close(fig)
    for t in table:
        print(", ".join("%s=%s" % kv for kv in t.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
