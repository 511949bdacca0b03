#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compares two lists of a client's datagrams, "TIME TYPE CODE PATH" per line (lines
starting with '#' are comments), the simulated one and the measured one, datagram by
datagram in order.

    compare-retry-schedule.py [--tolerance S] [--drift F] [--slip] [--horizon S] MODEL MEASURED

Prints a table (index, model instant, measured instant, difference, datagram) and exits 1
when a datagram differs in type, code or path, an instant T differs by more than the
tolerance plus F x T (default 0.05 s and 0: a real client's timer errors add up over a run),
or one list has datagrams the other has not (both cut at --horizon, in seconds since the
first datagram); 0 when they agree; 2 on unreadable input. With --slip an instant may also
be one second early or late (within the same tolerance): a timer counted in whole seconds of
the wall clock ends up to a second off, depending on where in its second it started.
"""
import argparse
import sys


def read(path, horizon):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            try:
                t = float(fields[0])
            except (ValueError, IndexError):
                raise ValueError("%s:%d: not 'TIME TYPE CODE PATH': %r" % (path, n, line))
            if len(fields) < 4:
                raise ValueError("%s:%d: not 'TIME TYPE CODE PATH': %r" % (path, n, line))
            if horizon is None or t < horizon:
                out.append((t, " ".join(fields[1:4])))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tolerance", type=float, default=0.05)
    ap.add_argument("--drift", type=float, default=0.0)
    ap.add_argument("--slip", action="store_true")
    ap.add_argument("--horizon", type=float, default=None)
    ap.add_argument("model")
    ap.add_argument("measured")
    a = ap.parse_args()
    try:
        model = read(a.model, a.horizon)
        measured = read(a.measured, a.horizon)
    except (OSError, ValueError) as e:
        print("compare-retry-schedule: %s" % e, file=sys.stderr)
        return 2
    bad = 0
    print("%4s %10s %10s %8s  %s" % ("#", "model", "measured", "diff", "datagram (model | measured)"))
    for i in range(max(len(model), len(measured))):
        m = model[i] if i < len(model) else None
        r = measured[i] if i < len(measured) else None
        if m and r:
            diff = r[0] - m[0]
            tol = a.tolerance + a.drift * m[0]
            ok = m[1] == r[1] and (abs(diff) <= tol or (a.slip and abs(abs(diff) - 1) <= tol))
            what = m[1] if m[1] == r[1] else "%s | %s" % (m[1], r[1])
            print("%4d %10.3f %10.3f %+8.3f  %s%s" % (i, m[0], r[0], diff, what,
                                                      "" if ok else "  MISMATCH"))
        else:
            ok = False
            t, what = m or r
            cols = ("%10.3f" % t, "%10s" % "-") if m else ("%10s" % "-", "%10.3f" % t)
            print("%4d %s %s %8s  %s  MISMATCH (%s only)" % (i, cols[0], cols[1], "", what,
                                                            "model" if m else "measured"))
        bad += 0 if ok else 1
    print("%d datagrams in the model, %d measured, %d mismatches (tolerance %.3f s + %g x T%s%s)"
          % (len(model), len(measured), bad, a.tolerance, a.drift,
             ", or a whole second off" if a.slip else "",
             "" if a.horizon is None else ", up to %.0f s" % a.horizon))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
