#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-2.0-only
#
"""Plot the results of LwM2M bootstrap runs (PNG files, matplotlib Agg backend).

One run (a directory written by a scenario program: devices.csv, summary.json,
timeline.csv, run.json):
    plot-lwm2m-results.py RUN_DIR [--out DIR]
  latency-cdf.png      empirical CDF of the bootstrap latency and of the time to
                       registered, one curve per bootstrap mode, plus the whole fleet
                       (fraction of all devices, which levels off at the success ratio)
  timeline.png         bootstrap sessions in progress over time; cumulative powered-on,
                       registered and failed devices
  failure-causes.png   devices per failure cause (final causes of FAILED devices, and the
                       last transient cause of devices that did not fail)
  campaign.png         (runs with --campaign) the campaign's completion curve (devices
                       updated, fraction of those targeted) and the bootstrap server's load
                       (first and update sessions in progress) over time

A sweep (the per-grid-point CSV of merge-lwm2m-sweep.py, or its per-run CSV, which is then
aggregated the same way):
    plot-lwm2m-results.py --sweep sweep-aggregate.csv [--x loss] [--out DIR]
  sweep-success-ratio.png  success ratio vs the x parameter, mean and 95 % CI error bars
  sweep-latency.png        mean bootstrap latency and mean time to registered vs x
  One curve per combination of the other grid parameters.

PNG files go next to the input (the run directory, or the CSV's directory) unless --out
is given. Exit status: 0 on success, 2 on missing or invalid input, 1 when matplotlib is
missing.
"""

import argparse
import csv
import importlib.util
import json
import math
import os
import sys

MODE_ORDER = ["CLIENT_INITIATED", "SERVER_INITIATED", "FACTORY", "SMARTCARD", "NONE"]


class InputError(Exception):
    """Missing or invalid input."""


def _pyplot():
    from lwm2m_plotting import pyplot
    return pyplot("plot-lwm2m-results")


def _load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as e:
        raise InputError("cannot read %s: %s" % (path, e.strerror or e))
    except ValueError as e:
        raise InputError("%s is not valid JSON: %s" % (path, e))
    if not isinstance(doc, dict):
        raise InputError("%s: expected a JSON object" % path)
    return doc


def _read_csv(path, required):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            fields = reader.fieldnames or []
    except OSError as e:
        raise InputError("cannot read %s: %s" % (path, e.strerror or e))
    except csv.Error as e:
        raise InputError("%s is not valid CSV: %s" % (path, e))
    missing = [c for c in required if c not in fields]
    if missing:
        raise InputError("%s lacks the column(s) %s" % (path, ", ".join(missing)))
    return rows, fields


def _float_or_none(text, where):
    if text is None or text == "":
        return None
    try:
        v = float(text)
    except ValueError:
        raise InputError("%s: '%s' is not a number" % (where, text))
    if math.isnan(v):
        return None
    return v


def _scenario(run):
    """'1000 devices, loss 0.1, seed 1, run 3' from run.json."""
    params = run.get("parameters") or {}
    parts = []
    devices = params.get("devices", run.get("devices"))
    if devices is not None:
        parts.append("%s devices" % devices)
    if "loss" in params:
        model = params.get("loss-model")
        parts.append("loss %s%s" % (params["loss"], " (%s)" % model if model else ""))
    if "retry-profile" in params:
        parts.append("retry %s" % params["retry-profile"])
    parts.append("seed %s, run %s" % (run.get("seed", "?"), run.get("run", "?")))
    program = run.get("program") or "LwM2M run"
    return "%s: %s" % (program, ", ".join(parts))


def plot_run(run_dir, out_dir):
    """The three plots of one run; returns the files written."""
    if not os.path.isdir(run_dir):
        raise InputError("%s is not a directory" % run_dir)
    files = {n: os.path.join(run_dir, n)
             for n in ("devices.csv", "summary.json", "timeline.csv", "run.json")}
    for n, p in files.items():
        if not os.path.isfile(p):
            raise InputError("%s is missing (not a run directory?)" % p)
    summary = _load_json(files["summary.json"])
    run = _load_json(files["run.json"])
    devices, _ = _read_csv(files["devices.csv"],
                           ["mode", "bootstrap_latency_s", "time_to_registered_s"])
    timeline, _ = _read_csv(files["timeline.csv"],
                            ["time_s", "sessions_in_progress", "registered_cumulative",
                             "failed_cumulative", "powered_on_cumulative"])
    for key in ("devices", "failure_causes"):
        if key not in summary:
            raise InputError("%s has no '%s'" % (files["summary.json"], key))
    title = _scenario(run)
    plt = _pyplot()
    os.makedirs(out_dir, exist_ok=True)
    written = []

    # Latency CDFs.
    n_all = len(devices)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    for ax, column, label in ((axes[0], "bootstrap_latency_s", "bootstrap latency"),
                              (axes[1], "time_to_registered_s", "time to registered")):
        by_mode = {}
        every = []
        for i, row in enumerate(devices):
            v = _float_or_none(row[column], "devices.csv row %d, %s" % (i + 2, column))
            if v is not None:
                by_mode.setdefault(row["mode"], []).append(v)
                every.append(v)
        modes = sorted(by_mode, key=lambda m: (MODE_ORDER.index(m)
                                               if m in MODE_ORDER else len(MODE_ORDER), m))
        for m in modes:
            xs = sorted(by_mode[m])
            ys = [(k + 1) / len(xs) for k in range(len(xs))]
            ax.step(xs, ys, where="post", label="%s (n=%d)" % (m, len(xs)))
        if every and n_all:
            xs = sorted(every)
            ys = [(k + 1) / n_all for k in range(len(xs))]
            ax.step(xs, ys, where="post", color="black", linestyle="--",
                    label="whole fleet, fraction of %d devices" % n_all)
        if not every:
            ax.text(0.5, 0.5, "no device reached this milestone", ha="center",
                    va="center", transform=ax.transAxes)
        ax.set_xlabel("%s since power-on [s]" % label)
        ax.set_title(label)
        ax.grid(True, alpha=0.3)
        ax.set_ylim(0, 1.02)
        if every:
            ax.legend(loc="lower right", fontsize="small")
    axes[0].set_ylabel("empirical CDF (fraction of devices)")
    fig.suptitle("Latency CDF per bootstrap mode - " + title, fontsize="medium")
    fig.tight_layout()
    path = os.path.join(out_dir, "latency-cdf.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    written.append(path)

    # Timeline.
    t, sessions, registered, failed, powered = [], [], [], [], []
    for i, row in enumerate(timeline):
        where = "timeline.csv row %d" % (i + 2)
        vals = [_float_or_none(row[c], where) for c in
                ("time_s", "sessions_in_progress", "registered_cumulative",
                 "failed_cumulative", "powered_on_cumulative")]
        if any(v is None for v in vals):
            raise InputError("%s: empty value" % where)
        t.append(vals[0])
        sessions.append(vals[1])
        registered.append(vals[2])
        failed.append(vals[3])
        powered.append(vals[4])
    if not t:
        raise InputError("%s has no rows" % files["timeline.csv"])
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True)
    ax1.step(t, sessions, where="post", color="tab:purple",
             label="bootstrap sessions in progress")
    ax1.set_ylabel("sessions in progress [devices]")
    ax1.grid(True, alpha=0.3)
    ax1.legend(loc="upper right")
    ax1.set_title("Bootstrap sessions in progress")
    ax2.step(t, powered, where="post", color="tab:gray", label="powered on")
    ax2.step(t, registered, where="post", color="tab:green", label="registered")
    ax2.step(t, failed, where="post", color="tab:red", label="failed")
    ax2.set_xlabel("simulated time [s]")
    ax2.set_ylabel("cumulative devices")
    ax2.grid(True, alpha=0.3)
    ax2.legend(loc="center right")
    ax2.set_title("Cumulative milestones")
    fig.suptitle("Timeline - " + title, fontsize="medium")
    fig.tight_layout()
    path = os.path.join(out_dir, "timeline.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    written.append(path)

    # Failure causes.
    final = summary.get("failure_causes") or {}
    other = summary.get("last_causes_not_failed") or {}
    if not isinstance(final, dict) or not isinstance(other, dict):
        raise InputError("%s: failure_causes is not an object" % files["summary.json"])
    causes = [c for c in final if (final.get(c) or 0) > 0 or (other.get(c) or 0) > 0]
    fig, ax = plt.subplots(figsize=(10, max(3.0, 0.5 * len(causes) + 1.8)))
    if causes:
        ys = list(range(len(causes)))
        h = 0.4
        ax.barh([y - h / 2 for y in ys], [final.get(c, 0) for c in causes], height=h,
                color="tab:red", label="final cause of FAILED devices")
        ax.barh([y + h / 2 for y in ys], [other.get(c, 0) for c in causes], height=h,
                color="tab:orange",
                label="last transient cause, devices that did not fail")
        ax.set_yticks(ys)
        ax.set_yticklabels(causes)
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize="small")
    else:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "no failure recorded", ha="center", va="center",
                transform=ax.transAxes)
    ax.set_xlabel("devices")
    ax.grid(True, axis="x", alpha=0.3)
    failed_n = (summary.get("outcomes") or {}).get("FAILED", "?")
    ax.set_title("Failure causes (%s of %s devices failed) - %s"
                 % (failed_n, summary.get("devices", "?"), title), fontsize="medium")
    fig.tight_layout()
    path = os.path.join(out_dir, "failure-causes.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    written.append(path)

    campaign = summary.get("campaign")
    if isinstance(campaign, dict):
        written.append(_plot_campaign(plt, files["timeline.csv"], campaign, title, out_dir))
    return written


def _plot_campaign(plt, timeline_path, campaign, title, out_dir):
    """The completion curve and the bootstrap server's load of a campaign run."""
    rows, _ = _read_csv(timeline_path, ["time_s", "sessions_in_progress",
                                        "update_sessions_in_progress",
                                        "reregistered_cumulative"])
    try:
        start = float(campaign["start_s"])
        targeted = int(campaign["targeted"])
    except (KeyError, TypeError, ValueError):
        raise InputError("summary.json: campaign has no start_s / targeted")
    t, first, update, done = [], [], [], []
    for i, row in enumerate(rows):
        where = "timeline.csv row %d" % (i + 2)
        vals = [_float_or_none(row[c], where) for c in
                ("time_s", "sessions_in_progress", "update_sessions_in_progress",
                 "reregistered_cumulative")]
        if any(v is None for v in vals):
            raise InputError("%s: empty value" % where)
        t.append(vals[0])
        first.append(vals[1])
        update.append(vals[2])
        done.append(vals[3])
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True)
    frac = [d / targeted if targeted else 0 for d in done]
    ax1.step(t, frac, where="post", color="tab:green",
             label="updated (re-registered after the update)")
    for p in (50, 90, 99):
        v = campaign.get("time_to_%d_percent_s" % p)
        if isinstance(v, (int, float)):
            ax1.axvline(start + v, color="gray", linestyle=":", linewidth=1)
            ax1.text(start + v, p / 100, " %d %%" % p, fontsize="small", va="bottom")
    ax1.axvline(start, color="black", linewidth=1, label="campaign start")
    ax1.set_ylim(0, 1.05)
    ax1.set_ylabel("fraction of the %d devices targeted" % targeted)
    ax1.grid(True, alpha=0.3)
    ax1.legend(loc="lower right", fontsize="small")
    ax1.set_title("Completion: %s campaign, %s updated, %s not updatable, %s not updated"
                  % (campaign.get("kind", "?"), campaign.get("updated", "?"),
                     campaign.get("not_updatable", "?"), campaign.get("not_updated", "?")),
                  fontsize="medium")
    ax2.step(t, [a + b for a, b in zip(first, update)], where="post", color="tab:purple",
             label="bootstrap sessions in progress (all)")
    ax2.step(t, update, where="post", color="tab:orange", label="of which update sessions")
    ax2.axvline(start, color="black", linewidth=1)
    ax2.set_xlabel("simulated time [s]")
    ax2.set_ylabel("sessions in progress")
    ax2.grid(True, alpha=0.3)
    ax2.legend(loc="upper right", fontsize="small")
    ax2.set_title("Bootstrap server load (peak %s from the start)"
                  % campaign.get("peak_bootstrap_sessions", "?"), fontsize="medium")
    fig.suptitle("Campaign - " + title, fontsize="medium")
    fig.tight_layout()
    path = os.path.join(out_dir, "campaign.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _merge_module():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "merge_lwm2m_sweep", os.path.join(here, "merge-lwm2m-sweep.py"))
    if spec is None or spec.loader is None:
        raise InputError("merge-lwm2m-sweep.py not found next to this script")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _aggregate_rows(rows, fields):
    """Per-run rows (sweep-runs.csv) -> per-grid-point rows with _mean/_ci95 columns."""
    merge = _merge_module()
    start = fields.index("run")
    grid = fields[:start]
    metrics = [m for m in merge.METRIC_NAMES if m in fields]
    points = {}
    for r in rows:
        points.setdefault(tuple(r[g] for g in grid), []).append(r)
    out = []
    for key, group in points.items():
        row = dict(zip(grid, key))
        row["runs"] = str(len(group))
        if "devices" not in grid:
            row["devices"] = group[0].get("devices", "")
        for m in metrics:
            vals = [float(r[m]) for r in group if r.get(m, "") != ""]
            mean, ci, n = merge.mean_ci95(vals)
            row[m + "_mean"] = "" if mean is None else repr(mean)
            row[m + "_ci95"] = "" if ci is None else repr(ci)
        out.append(row)
    return out, grid


def plot_sweep(csv_path, x_name, out_dir):
    """The sweep plots; returns the files written."""
    rows, fields = _read_csv(csv_path, [])
    if not rows:
        raise InputError("%s has no rows" % csv_path)
    if "success_ratio_mean" in fields:
        grid = fields[:fields.index("runs")] if "runs" in fields else []
    elif "success_ratio" in fields and "run" in fields:
        rows, grid = _aggregate_rows(rows, fields)
    else:
        raise InputError("%s is neither sweep-aggregate.csv nor sweep-runs.csv "
                         "(no success_ratio_mean / success_ratio column)" % csv_path)
    if not grid:
        raise InputError("%s has no grid parameter column" % csv_path)
    if x_name is None:
        x_name = "loss" if "loss" in grid else grid[0]
    if x_name not in grid:
        raise InputError("--x %s is not a grid parameter of %s (have: %s)"
                         % (x_name, csv_path, ", ".join(grid)))
    others = [g for g in grid if g != x_name]
    for needed in ("success_ratio_mean", "bootstrap_latency_mean_s_mean",
                   "time_to_registered_mean_s_mean"):
        if needed not in rows[0]:
            raise InputError("%s lacks the column %s" % (csv_path, needed))

    def num(row, col, where):
        return _float_or_none(row.get(col, ""), "%s, %s" % (where, col))

    series = {}
    for i, r in enumerate(rows):
        where = "%s row %d" % (csv_path, i + 2)
        x = num(r, x_name, where)
        if x is None:
            raise InputError("%s: %s is not numeric" % (where, x_name))
        key = tuple("%s=%s" % (g, r[g]) for g in others)
        series.setdefault(key, []).append((x, r, where))
    runs = sorted({r.get("runs", "") for r in rows})
    devices = sorted({r.get("devices", "") for r in rows if r.get("devices", "")})
    desc = []
    if "devices" not in grid and len(devices) == 1:
        desc.append("%s devices" % devices[0])
    if len(runs) == 1 and runs[0]:
        desc.append("%s runs per point" % runs[0])
    elif runs:
        desc.append("%s-%s runs per point" % (runs[0], runs[-1]))
    desc.append("mean and 95% CI (Student t)")
    subtitle = ", ".join(desc)
    x_label = {"loss": "packet loss probability", "devices": "devices",
               "access-rate": "access rate"}.get(x_name, x_name)

    plt = _pyplot()
    os.makedirs(out_dir, exist_ok=True)
    written = []

    all_x = [p[0] for pts in series.values() for p in pts]
    # Curves sharing x values are shifted sideways a little so that their error bars do
    # not hide each other.
    dodge = 0.008 * ((max(all_x) - min(all_x)) or 1.0) if len(series) > 1 else 0.0

    def draw(ax, metric, label_suffix=""):
        for index, key in enumerate(sorted(series)):
            shift = (index - (len(series) - 1) / 2.0) * dodge
            pts = sorted(series[key], key=lambda p: p[0])
            xs, ys, es = [], [], []
            for x, r, where in pts:
                y = num(r, metric + "_mean", where)
                if y is None:
                    continue
                e = num(r, metric + "_ci95", where)
                xs.append(x + shift)
                ys.append(y)
                es.append(e if e is not None else 0.0)
            if not xs:
                continue
            label = ", ".join(key) if key else "mean and 95 % CI"
            ax.errorbar(xs, ys, yerr=es, marker="o", capsize=4,
                        label=label + label_suffix)

    fig, ax = plt.subplots(figsize=(8, 5))
    draw(ax, "success_ratio")
    ax.set_xlabel(x_label)
    ax.set_ylabel("success ratio (registered / devices)")
    ax.set_ylim(top=1.02)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    ax.set_title("Success ratio vs %s\n%s" % (x_label, subtitle), fontsize="medium")
    fig.tight_layout()
    path = os.path.join(out_dir, "sweep-success-ratio.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    written.append(path)

    def latency_pair(stat, label, titles, suptitle, name, log=False):
        """Bootstrap latency and time to registered side by side, statistic stat."""
        fig, axes = plt.subplots(1, 2, figsize=(12, 5))
        for ax, metric, what, title in zip(axes, ("bootstrap_latency", "time_to_registered"),
                                           ("bootstrap latency", "time to registered"), titles):
            draw(ax, "%s_%s_s" % (metric, stat))
            ax.set_ylabel("%s %s [s]" % (label, what))
            ax.set_title(title)
            ax.set_xlabel(x_label)
            if log:
                ax.set_yscale("log")  # from a second to hours: a log axis keeps both readable
            ax.grid(True, which="both" if log else "major", alpha=0.3)
            ax.legend(fontsize="small")
        fig.suptitle("%s vs %s - %s" % (suptitle, x_label, subtitle), fontsize="medium")
        fig.tight_layout()
        path = os.path.join(out_dir, name)
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    latency_pair("mean", "mean", ("Bootstrap latency (power-on to Finish)",
                                  "Time to registered (power-on to 2.01)"),
                 "Mean latency", "sweep-latency.png")
    # The tail: the 99th percentile of the devices that got there (a sweep whose merge has
    # no percentile columns, an older one, skips this figure).
    if "time_to_registered_p99_s_mean" in rows[0] and "bootstrap_latency_p99_s_mean" in rows[0]:
        latency_pair("p99", "p99", ("Bootstrap latency, 99th percentile",
                                    "Time to registered, 99th percentile"),
                     "99th percentile of the devices that got there", "sweep-p99.png", log=True)
    return written


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Plot LwM2M bootstrap results: one run directory (latency CDF, "
                    "timeline, failure causes) or a merged sweep CSV (success ratio and "
                    "mean latency vs a parameter, 95 %% CI).")
    p.add_argument("run_dir", nargs="?", help="a run's output directory")
    p.add_argument("--sweep", metavar="CSV",
                   help="sweep-aggregate.csv (or sweep-runs.csv) of merge-lwm2m-sweep.py")
    p.add_argument("--x", help="sweep parameter on the x axis (default: loss)")
    p.add_argument("--out", help="directory for the PNG files (default: next to the input)")
    a = p.parse_args(argv)
    if (a.run_dir is None) == (a.sweep is None):
        p.print_usage(sys.stderr)
        print("plot-lwm2m-results: error: give either RUN_DIR or --sweep CSV",
              file=sys.stderr)
        return 2
    try:
        if a.sweep is not None:
            if not os.path.isfile(a.sweep):
                raise InputError("%s does not exist" % a.sweep)
            out = a.out or os.path.dirname(os.path.abspath(a.sweep))
            written = plot_sweep(a.sweep, a.x, out)
        else:
            out = a.out or a.run_dir
            written = plot_run(a.run_dir, out)
    except InputError as e:
        print("plot-lwm2m-results: error: %s" % e, file=sys.stderr)
        return 2
    for w in written:
        print(w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
