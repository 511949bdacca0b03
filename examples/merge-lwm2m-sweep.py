#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-2.0-only
#
"""Merge the runs of a parameter sweep into two CSV files.

Every directory below SWEEP_DIR that holds a summary.json (written by the scenario
programs through Lwm2mStatisticsCollector) is one run. Its grid parameters are read from
the NAME=VALUE components of its path relative to SWEEP_DIR (sweep-lwm2m.sh lays runs out
as SWEEP_DIR/loss=0.1/run=3/); the run number from the run=R component, else from run.json.

Outputs (default: in SWEEP_DIR):
  sweep-runs.csv       one row per run: grid parameters, run, seed, devices, and the
                       metrics of summary.json / run.json (METRICS below)
  sweep-aggregate.csv  one row per grid point: grid parameters, runs, and for every metric
                       <metric>_mean, <metric>_ci95 (half-width of the two-sided 95 %
                       confidence interval of the mean, Student t with n-1 degrees of
                       freedom; empty for n < 2), <metric>_n (runs with a value)

Only the Python standard library is used. Exit status: 0 on success, 2 on missing or
invalid input (no run found, unreadable JSON).
"""

import argparse
import csv
import json
import math
import os
import sys

# Two-sided 95 % Student t quantiles t(0.975, df) for df = 1..30.
_T975 = [
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
    2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
    2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
    2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
]
_Z975 = 1.959963984540054


def t_quantile_975(df):
    """t(0.975, df): table up to 30, Cornish-Fisher expansion above (error < 1e-6)."""
    if df < 1:
        raise ValueError("degrees of freedom must be >= 1")
    if df <= 30:
        return _T975[df - 1]
    z = _Z975
    v = float(df)
    return (z
            + (z ** 3 + z) / (4 * v)
            + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3)
            + (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z)
            / (92160 * v ** 4))


def mean_ci95(values):
    """(mean, half-width of the 95 % CI, n) of a list of numbers; CI None when n < 2."""
    n = len(values)
    if n == 0:
        return None, None, 0
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None, n
    var = math.fsum((x - mean) ** 2 for x in values) / (n - 1)
    return mean, t_quantile_975(n - 1) * math.sqrt(var / n), n


def _get(doc, path):
    """doc["a"]["b"] for path "a.b"; None when missing."""
    for key in path.split("."):
        if not isinstance(doc, dict) or key not in doc:
            return None
        doc = doc[key]
    return doc


# Metric columns: (column, source file, JSON path).
METRICS = [
    ("success_ratio", "summary", "success_ratio"),
    ("registered", "summary", "outcomes.REGISTERED"),
    ("failed", "summary", "outcomes.FAILED"),
    ("incomplete", "summary", "outcomes.INCOMPLETE"),
    ("bootstrap_latency_mean_s", "summary", "modes.ALL.bootstrap_latency_s.mean"),
    ("bootstrap_latency_p50_s", "summary", "modes.ALL.bootstrap_latency_s.p50"),
    ("bootstrap_latency_p90_s", "summary", "modes.ALL.bootstrap_latency_s.p90"),
    ("bootstrap_latency_p99_s", "summary", "modes.ALL.bootstrap_latency_s.p99"),
    ("bootstrap_latency_max_s", "summary", "modes.ALL.bootstrap_latency_s.max"),
    ("time_to_registered_mean_s", "summary", "modes.ALL.time_to_registered_s.mean"),
    ("time_to_registered_p50_s", "summary", "modes.ALL.time_to_registered_s.p50"),
    ("time_to_registered_p90_s", "summary", "modes.ALL.time_to_registered_s.p90"),
    ("time_to_registered_p99_s", "summary", "modes.ALL.time_to_registered_s.p99"),
    ("time_to_registered_max_s", "summary", "modes.ALL.time_to_registered_s.max"),
    ("bootstrap_attempts", "summary", "attempts.bootstrap"),
    ("register_attempts", "summary", "attempts.register"),
    ("bs_peak_active_sessions", "summary", "bootstrap_server.peak_active_sessions"),
    ("bs_peak_queue_length", "summary", "bootstrap_server.peak_queue_length"),
    ("bs_responses_5_03", "summary", "bootstrap_server.responses_5_03"),
    ("bs_responses_4_00", "summary", "bootstrap_server.responses_4_00"),
    ("datagrams_up", "summary", "traffic.datagrams_up"),
    ("datagrams_down", "summary", "traffic.datagrams_down"),
    ("bytes_up", "summary", "traffic.bytes_up"),
    ("bytes_down", "summary", "traffic.bytes_down"),
    ("coap_retransmissions", "summary", "traffic.coap_retransmissions"),
    ("simulated_duration_s", "summary", "simulated_duration_s"),
    ("events_executed", "summary", "events_executed"),
    ("wall_time_s", "run", "wall_time_s"),
    ("events_per_second", "run", "events_per_second"),
]
METRIC_NAMES = [m[0] for m in METRICS]


class InputError(Exception):
    """Missing or invalid input."""


def _load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InputError("cannot read %s: %s" % (path, e.strerror or e))
    except ValueError as e:
        raise InputError("%s is not valid JSON: %s" % (path, e))


def _number(value):
    """A JSON number as a float; None for null/missing; InputError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("expected a number, got %r" % (value,))
    return float(value)


def find_runs(sweep_dir):
    """Directories below sweep_dir holding a summary.json, sorted."""
    runs = []
    for root, dirs, files in os.walk(sweep_dir):
        dirs.sort()
        if "summary.json" in files:
            runs.append(root)
    return runs


def _sort_key(value):
    """Numbers before text, numbers in numeric order."""
    try:
        return (0, float(value), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(value))


def read_run(sweep_dir, run_dir):
    """One row (dict) of sweep-runs.csv, plus the list of grid parameter names."""
    rel = os.path.relpath(run_dir, sweep_dir)
    grid = []
    row = {}
    run_from_path = None
    if rel != ".":
        for part in rel.split(os.sep):
            if "=" not in part:
                continue
            name, value = part.split("=", 1)
            if name == "run":
                run_from_path = value
            else:
                grid.append(name)
                row[name] = value
    summary = _load_json(os.path.join(run_dir, "summary.json"))
    if not isinstance(summary, dict) or "devices" not in summary:
        raise InputError("%s/summary.json is not a run summary" % run_dir)
    run_json = {}
    run_path = os.path.join(run_dir, "run.json")
    if os.path.exists(run_path):
        run_json = _load_json(run_path)
        if not isinstance(run_json, dict):
            raise InputError("%s is not a run description" % run_path)
    run = run_from_path if run_from_path is not None else run_json.get("run", "")
    row["run"] = run
    row["seed"] = run_json.get("seed", "")
    row["devices"] = summary.get("devices", "")
    docs = {"summary": summary, "run": run_json}
    for name, source, path in METRICS:
        try:
            value = _number(_get(docs[source], path))
        except InputError as e:
            raise InputError("%s: %s: %s" % (run_dir, path, e))
        row[name] = value
    row["run_dir"] = rel
    return row, grid


def _fmt(value):
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return "%.9g" % value
    return str(value)


def merge(sweep_dir, runs_csv, aggregate_csv):
    """Write both CSV files; return (number of runs, number of grid points)."""
    if not os.path.isdir(sweep_dir):
        raise InputError("%s is not a directory" % sweep_dir)
    run_dirs = find_runs(sweep_dir)
    if not run_dirs:
        raise InputError("no summary.json below %s" % sweep_dir)
    rows = []
    grid = []
    for d in run_dirs:
        row, names = read_run(sweep_dir, d)
        for n in names:
            if n not in grid:
                grid.append(n)
        rows.append(row)
    grid_set = set(grid)
    if "devices" in grid_set:
        fixed = ["run", "seed"]
    else:
        fixed = ["run", "seed", "devices"]
    rows.sort(key=lambda r: tuple(_sort_key(r.get(g, "")) for g in grid)
              + (_sort_key(r["run"]), r["run_dir"]))
    header = grid + fixed + METRIC_NAMES + ["run_dir"]
    with open(runs_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([_fmt(r.get(c)) for c in header])

    points = {}
    for r in rows:
        key = tuple(r.get(g, "") for g in grid)
        points.setdefault(key, []).append(r)
    agg_header = list(grid) + ["runs"]
    if "devices" not in grid_set:
        agg_header.append("devices")
    for m in METRIC_NAMES:
        agg_header += [m + "_mean", m + "_ci95", m + "_n"]
    with open(aggregate_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(agg_header)
        for key in sorted(points, key=lambda k: tuple(_sort_key(v) for v in k)):
            group = points[key]
            out = list(key) + [str(len(group))]
            if "devices" not in grid_set:
                devices = sorted({str(r["devices"]) for r in group})
                out.append(devices[0] if len(devices) == 1 else "/".join(devices))
            for m in METRIC_NAMES:
                values = [r[m] for r in group if r[m] is not None]
                mean, ci, n = mean_ci95(values)
                out += [_fmt(mean), _fmt(ci), str(n)]
            w.writerow(out)
    return len(rows), len(points)


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Merge the runs of an LwM2M sweep (summary.json + run.json per run) "
                    "into sweep-runs.csv and sweep-aggregate.csv (mean, 95 %% CI).")
    p.add_argument("sweep_dir", help="the sweep's output directory")
    p.add_argument("--runs-csv", help="per-run CSV (default SWEEP_DIR/sweep-runs.csv)")
    p.add_argument("--aggregate-csv",
                   help="per-grid-point CSV (default SWEEP_DIR/sweep-aggregate.csv)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    a = p.parse_args(argv)
    runs_csv = a.runs_csv or os.path.join(a.sweep_dir, "sweep-runs.csv")
    aggregate_csv = a.aggregate_csv or os.path.join(a.sweep_dir, "sweep-aggregate.csv")
    try:
        n_runs, n_points = merge(a.sweep_dir, runs_csv, aggregate_csv)
    except InputError as e:
        print("merge-lwm2m-sweep: error: %s" % e, file=sys.stderr)
        return 2
    except OSError as e:
        print("merge-lwm2m-sweep: error: %s" % e, file=sys.stderr)
        return 1
    if not a.quiet:
        print("merged %d runs into %d grid points: %s, %s"
              % (n_runs, n_points, runs_csv, aggregate_csv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
