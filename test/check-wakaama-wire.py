#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks test/wakaama_wire.py's bootstrap_timing(), the measurement both sides of
examples/wakaama-comparison.sh use, against the simulation's own record.

  check-wakaama-wire.py STORM_PROGRAM

Runs a storm of 40 devices with the Wakaama retry profile at 20 % loss with pcaps of all of
them, and checks per device, from its access-link pcap: the latency (first Request
Bootstrap to the 2.01 of its Register) is devices.csv's registered_s - bootstrap_request_s
to the pcap's microsecond, no latency exactly when devices.csv has no registered_s, the
distinct Request Bootstraps are its bootstrap_attempts, and every retransmission instant
is one of the profile's 2, 6, 14, 30 s after the first copy (ACK_TIMEOUT 2 s, no random
factor); and that the run has retransmissions at all. Skips (77) without tshark.
"""
import csv
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wakaama_wire  # noqa: E402


def main(argv):
    if len(argv) != 2 or not os.access(argv[1], os.X_OK):
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which("tshark") is None:
        print("check-wakaama-wire: skipped: needs tshark")
        return 77
    errors = []
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([argv[1], "-n", "40", "--retry-profile", "Wakaama", "--mode-mix",
                        "client=1", "--loss", "0.2", "--power-on-window", "20", "--duration",
                        "400", "--pcap", "40", "--no-progress", "-o", out],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "devices.csv"), newline="") as f:
            devices = {r["endpoint"]: r for r in csv.DictReader(f)}
        seen = set()
        offsets = []
        for pcap in sorted(glob.glob(os.path.join(out, "pcap-*.pcap"))):
            rows = wakaama_wire.timed_coap_datagrams(pcap)
            client = wakaama_wire.client_of(rows)
            if client is None or any(s != client and d != client for _, s, d, *_ in rows):
                continue  # a server's core link
            name = wakaama_wire.endpoint_of(rows)
            row = devices[name]
            seen.add(name)
            t = wakaama_wire.bootstrap_timing(rows, client)
            if row["registered_s"]:
                want = float(row["registered_s"]) - float(row["bootstrap_request_s"])
                if t["latency_s"] is None or abs(t["latency_s"] - want) > 2e-6:
                    errors.append("%s: latency %s from the pcap, devices.csv gives %.6f" % (
                        name, t["latency_s"], want))
            elif t["latency_s"] is not None:
                errors.append("%s: not registered in devices.csv, the pcap gives %s" % (
                    name, t["latency_s"]))
            if t["attempts"] != int(row["bootstrap_attempts"]):
                errors.append("%s: %d Request Bootstraps on the wire, bootstrap_attempts %s" % (
                    name, t["attempts"], row["bootstrap_attempts"]))
            for _, offs in t["retransmissions"]:
                for o in offs:
                    offsets.append(o)
                    if not any(abs(o - n) < 1e-6 for n in (2, 6, 14, 30)):
                        errors.append("%s: a retransmission %.6f s after the first copy" % (
                            name, o))
        if seen != set(devices):
            errors.append("pcaps of %d devices, devices.csv has %d" % (len(seen), len(devices)))
        if not offsets:
            errors.append("no retransmission at 20 % loss")
    for e in errors:
        print("  MISMATCH: " + e)
    print("check-wakaama-wire: %d devices, %d retransmissions, %d mismatches" % (
        len(seen), len(offsets), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
