#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Do two storms give the same results within sampling error? The outputs of two runs of one
scenario compared device by device population-wise, not row by row: a distributed storm
(lwm2m-bootstrap-storm --distributed under mpirun) against the one-process one, whose ranks
draw the channel losses from streams of their own; the DTLS replay engine against the real
one; two run numbers.

  compare-storms.py [--tolerance SECONDS] REFERENCE_DIR CANDIDATE_DIR [ALPHA]

- the share of each outcome (REGISTERED, FAILED, INCOMPLETE): two-proportion z-test;
- per mode, the distributions of bootstrap_latency_s and time_to_registered_s of the
  registered devices, and when both runs have DTLS handshakes the first handshake's duration
  (handshake_done_s - handshake_start_s): two-sample Kolmogorov-Smirnov test
  (examples/lwm2m_statistics.py); with --tolerance, shifts of up to SECONDS are not counted
  (a conservative test, for runs whose instants differ by microseconds that do not matter);
- the mean per device of coap_retransmissions, and of handshake_retransmissions when both
  runs have it: z-test of equal means;
- the device count, which must be equal.

Every test at level ALPHA (default 0.01); prints one line per test and the smallest shift of
a CDF each KS test detects at that level (its critical D). Exit 0 when no test rejects, 1
when one does, 2 on bad input.
"""
import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lwm2m_statistics import ks_2samp, mean_difference_p  # noqa: E402

PROG = "compare-storms.py"
OUTCOMES = ("REGISTERED", "FAILED", "INCOMPLETE")
LATENCIES = ("bootstrap_latency_s", "time_to_registered_s")
HANDSHAKE = ("handshake_start_s", "handshake_done_s")
COUNTS = ("coap_retransmissions", "handshake_retransmissions")


def fail(message):
    print(f"{PROG}: {message}", file=sys.stderr)
    sys.exit(2)


def read_devices(folder):
    path = os.path.join(folder, "devices.csv")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    if not rows or any(k not in rows[0] for k in ("mode", "outcome", COUNTS[0]) + LATENCIES):
        fail(f"{path} is not a storm's devices.csv")
    return rows


def two_proportion_p(x1, n1, x2, n2):
    """Two-sided p-value of the pooled two-proportion z-test (1 when both shares are 0 or 1)."""
    pooled = (x1 + x2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var <= 0:
        return 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(var)
    return math.erfc(abs(z) / math.sqrt(2))


def ks_critical(alpha, n, m):
    """The D above which the asymptotic two-sample KS test rejects at level alpha."""
    return math.sqrt(-0.5 * math.log(alpha / 2)) * math.sqrt((n + m) / (n * m))


def handshake_duration(row):
    if not row.get(HANDSHAKE[1]):
        return None
    return float(row[HANDSHAKE[1]]) - float(row[HANDSHAKE[0]])


def parse_args(argv):
    args = argv[1:]
    tolerance = 0.0
    if args and args[0] == "--tolerance":
        try:
            tolerance = float(args[1]) if len(args) > 1 else -1
        except ValueError:
            tolerance = -1
        if not 0 <= tolerance < 1:
            print(f"{PROG}: --tolerance must be a number of seconds in [0, 1)", file=sys.stderr)
            sys.exit(2)
        args = args[2:]
    if len(args) not in (2, 3):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        alpha = float(args[2]) if len(args) == 3 else 0.01
    except ValueError:
        alpha = -1
    if not 0 < alpha < 1:
        print(f"{PROG}: ALPHA must be in (0, 1)", file=sys.stderr)
        sys.exit(2)
    return args[0], args[1], alpha, tolerance


def main(argv):
    ref_dir, cand_dir, alpha, tolerance = parse_args(argv)
    ref, cand = read_devices(ref_dir), read_devices(cand_dir)
    rejected = 0
    if len(ref) != len(cand):
        print(f"devices: {len(ref)} against {len(cand)}: REJECT")
        return 1
    n = len(ref)
    print(f"devices: {n} in both; level {alpha}"
          + (f"; shifts up to {tolerance:g} s not counted" if tolerance else ""))
    for outcome in OUTCOMES:
        x1 = sum(r["outcome"] == outcome for r in ref)
        x2 = sum(r["outcome"] == outcome for r in cand)
        p = two_proportion_p(x1, n, x2, n)
        bad = p < alpha
        rejected += bad
        print(f"share {outcome:<10} {x1 / n:8.4f} {x2 / n:8.4f}  p={p:.3f}"
              f"{'  REJECT' if bad else ''}")
    columns = {c: (lambda row, c=c: float(row[c]) if row[c] else None) for c in LATENCIES}
    if all(k in rows[0] for k in HANDSHAKE for rows in (ref, cand)):
        columns["handshake_s"] = handshake_duration
    modes = sorted({r["mode"] for r in ref} | {r["mode"] for r in cand})
    for mode in modes:
        for column, value in columns.items():
            a = [v for v in (value(r) for r in ref
                             if r["mode"] == mode and r["outcome"] == "REGISTERED") if v is not None]
            b = [v for v in (value(r) for r in cand
                             if r["mode"] == mode and r["outcome"] == "REGISTERED") if v is not None]
            if len(a) < 20 or len(b) < 20:
                print(f"KS {column} {mode}: {len(a)} and {len(b)} samples, not tested")
                continue
            d, p, method = ks_2samp(a, b, tolerance)
            bad = p < alpha
            rejected += bad
            print(f"KS {column:<21} {mode:<17} n={len(a)},{len(b)} "
                  f"mean {sum(a) / len(a):.4f} {sum(b) / len(b):.4f}  D={d:.4f} "
                  f"(detects >= {ks_critical(alpha, len(a), len(b)):.4f}) p={p:.3f}"
                  f"{'  REJECT' if bad else ''}")
    for column in COUNTS:
        if column not in ref[0] or column not in cand[0]:
            continue
        a = [int(r[column]) for r in ref]
        b = [int(r[column]) for r in cand]
        p = mean_difference_p(a, b)
        bad = p < alpha
        rejected += bad
        print(f"mean {column:<26} {sum(a) / n:.4f} {sum(b) / n:.4f} per device  p={p:.3f}"
              f"{'  REJECT' if bad else ''}")
    print("same results within sampling error" if not rejected
          else f"{rejected} test(s) rejected: the runs differ")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
