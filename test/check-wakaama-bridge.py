#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks the outputs of one run of check-wakaama-bridge.sh (real software in the loop).

  check-wakaama-bridge.py clients OUT K SSID LIFETIME DM_URI MIN_SIMULATED MODE CLIENT_LOG...
      real Wakaama clients wakaama-0 .. wakaama-(K-1) bootstrapped from the simulated
      bootstrap server: devices.csv (and at least MIN_SIMULATED simulated devices
      registered), the wire sequence on each client's simulated access link (OUT/pcap-*.pcap,
      read with tshark) and each client's object store after Finish as it printed it
      (`dump /0`, `dump /99`, `dump /1` on its standard input). MODE: ci (each client sent
      Request Bootstrap) or si (the network-provider trigger made the bootstrap server open
      a server-initiated session to each during its hold-off: no Request Bootstrap at all).
  check-wakaama-bridge.py fleet OUT N SSID LIFETIME BS_HOST
      N simulated devices bootstrapped from the real Wakaama bootstrap server: devices.csv,
      summary.json, and the wire sequence of the first device (its pcap).

Exits 1 with a message per mismatch.
"""
import csv
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wakaama_wire import coap_datagrams  # noqa: E402 (the tshark reading, shared)

errors = []


def fail(message):
    errors.append(message)
    print("  MISMATCH: " + message)


def devices(out):
    with open(os.path.join(out, "devices.csv"), newline="") as f:
        return list(csv.DictReader(f))


METHODS = {1: "GET", 2: "POST", 3: "PUT", 4: "DELETE"}


def exchanges(rows, client):
    """The confirmable requests in order of first appearance, each as [label, answer code or
    None, peer]. A request is its (source, destination, message ID): retransmissions are
    folded, and an answer counts only if it comes back from the peer the request went to."""
    seen = {}
    order = []
    for src, dst, typ, code, mid, path, query in rows:
        if typ == 0 and 1 <= code <= 31:
            key = (src, dst, mid)
            if key not in seen:
                direction = "up" if src == client else "down"
                label = "%s %s /%s" % (direction, METHODS.get(code, str(code)), path)
                if query:
                    label += "?" + query.replace(",", "&")
                seen[key] = len(order)
                order.append([label, None, dst if direction == "up" else src])
        elif typ == 2 and code != 0:
            key = (dst, src, mid)
            if key in seen and order[seen[key]][1] is None:
                order[seen[key]][1] = "%d.%02d" % (code >> 5, code & 31)
    return order


def answered(got, expected):
    """True if the exchanges match the expected (label pattern, answer pattern) pairs; None
    (no answer on the wire) is matched as the text "None"."""
    return len(got) == len(expected) and all(
        re.fullmatch(e_label, g_label) and re.fullmatch(e_answer, str(g_answer))
        for (g_label, g_answer), (e_label, e_answer) in zip(got, expected))


def check_realtime(out):
    """run.json: the real-time run is valid (its largest lag within the bound)."""
    with open(os.path.join(out, "run.json")) as f:
        realtime = json.load(f)["realtime"]
    if not realtime["valid"]:
        fail("run.json: the real-time run is not valid (lag %s s)" % realtime["max_lag_s"])
    print("  run.json: largest lag %.6f s, bound %.3f s" % (realtime["max_lag_s"],
                                                           realtime["lag_bound_s"]))


def check_sequence(name, order, expected):
    """The last attempt (from the last Request Bootstrap) is the expected sequence with its
    answers; earlier attempts, if any (losses), are prefixes of it."""
    starts = [i for i, (label, *_) in enumerate(order) if label.startswith("up POST /bs?")]
    if not starts:
        fail("%s: no Request Bootstrap on the wire" % name)
        return
    attempts = [order[a:b] for a, b in zip(starts, starts[1:] + [len(order)])]
    last = attempts[-1]
    got = [(label, answer) for label, answer, _ in last]
    if not answered(got, expected):
        fail("%s: wire sequence\n      %s\n    expected\n      %s" % (
            name, "\n      ".join("%s -> %s" % g for g in got),
            "\n      ".join("%s -> %s" % e for e in expected)))
    for attempt in attempts[:-1]:
        labels = [label for label, *_ in attempt]
        if len(labels) > len(expected) or any(
                not re.fullmatch(e[0], g) for g, e in zip(labels, expected)):
            fail("%s: an earlier attempt is not a prefix of the sequence: %s" % (name, labels))
    print("  %s: %d exchanges on the wire, %d bootstrap attempt(s), last: %s" % (
        name, len(order), len(attempts), "; ".join("%s %s" % (l, a) for l, a in got)))


def check_exact(name, order, expected):
    """A server-initiated session at 0 % loss: exactly the expected exchanges, answered."""
    got = [(label, answer) for label, answer, _ in order]
    if not answered(got, expected):
        fail("%s: wire sequence\n      %s\n    expected\n      %s" % (
            name, "\n      ".join("%s -> %s" % g for g in got),
            "\n      ".join("%s -> %s" % e for e in expected)))
    print("  %s: %d exchanges on the wire (server-initiated): %s" % (
        name, len(order), "; ".join("%s %s" % g for g in got)))


def parse_dump(text):
    """The client's output after `dump /0`, `dump /99` (prints "Object not found."), `dump /1`:
    {object: {instance: {resource: value}}}."""
    text = text.replace("\r", "")
    at = text.find("Instance ")
    if at < 0:
        return None
    parts = text[at:].split("Object not found.")
    if len(parts) < 2:
        return None
    objects = {}
    for obj, part in zip((0, 1), parts[:2]):
        instances = {}
        chunks = re.split(r"Instance (\d+):\n", part)
        for i in range(1, len(chunks) - 1, 2):
            resources = {}
            for m in re.finditer(r"id: (\d+)\n\s*type: (LWM2M_TYPE_\w+)(?::\s*(\S+))?\n(?:\s*\"([^\"]*)\")?",
                                 chunks[i + 1]):
                value = m.group(3) if m.group(3) is not None else m.group(4)
                resources[int(m.group(1))] = value
            instances[int(chunks[i])] = resources
        objects[obj] = instances
    return objects


def check_store(name, log, ssid, lifetime, dm_uri, races):
    """The store as the configuration writes it: one LwM2M server Security instance and one
    Server instance, both of SSID. races: per Delete / of the server, whether it overtook the
    answer to Request Bootstrap, (1). The client's output must show the failed bootstrap and
    the restore if, and only if, one did; the restored /1/0 (short server id 123) is in the
    store beside the configured account if the last Delete / was such a one (a later,
    ordinary Delete / removes it)."""
    with open(log, errors="replace") as f:
        text = f.read()
    store = parse_dump(text)
    if store is None:
        fail("%s: no object dump in %s" % (name, log))
        return
    restored = "[BOOTSTRAP] ObjectList restored" in text
    if any(races) and not (restored and "lwm2m_step() failed: 0xA3" in text):
        fail("%s: Delete / came before the answer to Request Bootstrap, but the client did not "
             "fail its bootstrap and restore its objects as Wakaama f91cfe0 does" % name)
    elif restored and not any(races):
        fail("%s: the client restored its objects, but no Delete / overtook the answer to "
             "Request Bootstrap" % name)
    security = {i: r for i, r in store[0].items() if r.get(1) == "false"}
    servers = dict(store[1])
    if any(races):
        kept = races[-1]
        stale = {i: r for i, r in servers.items() if r.get(0) == WAKAAMA_RESTORED_SSID}
        if list(stale) != ([0] if kept else []):
            fail("%s: after the restore, Server instances %s, expected %s" % (
                name, sorted(servers), "/1/0 of short server id %s beside the configured one"
                % WAKAAMA_RESTORED_SSID if kept else "the configured one only (a later "
                "Delete / removed the restored /1/0)"))
            return
        servers.pop(0, None) if kept else None
        print("  %s: Delete / overtook the lost answer to Request Bootstrap: the client failed "
              "its bootstrap (0xA3) and restored its objects; %s" % (
                  name, "/1/0 (short server id %s) restored beside the configured account"
                  % WAKAAMA_RESTORED_SSID if kept else "a later Delete / removed them"))
    want_security = {0: dm_uri, 1: "false", 2: "3", 10: str(ssid)}
    want_server = {0: str(ssid), 1: str(lifetime), 7: "U"}
    ok = True
    if len(security) != 1 or len(servers) != 1:
        fail("%s: %d LwM2M server Security instances and %d Server instances, expected 1 and 1"
             % (name, len(security), len(servers)))
        return
    sec = next(iter(security.values()))
    srv = next(iter(servers.values()))
    for rid, value in want_security.items():
        if sec.get(rid) != value:
            fail("%s: /0/x/%d is %r, the configuration says %r" % (name, rid, sec.get(rid), value))
            ok = False
    for rid, value in want_server.items():
        if srv.get(rid) != value:
            fail("%s: /1/x/%d is %r, the configuration says %r" % (name, rid, srv.get(rid), value))
            ok = False
    if ok:
        print("  %s: object store after Finish as configured: /0/%d %s NoSec SSID %d, /1/%d "
              "lifetime %d binding U" % (name, next(iter(security)), dm_uri, ssid,
                                         next(iter(servers)), lifetime))


def finish_lost(rows, client):
    """True if the client answered the Bootstrap-Finish (POST /bs from the server) with 2.04 on
    its access link, and the server retransmitted it afterwards, unanswered: the answer was
    lost on the simulated link, and the real client, registered by then, ignores the copies
    (Wakaama core/bootstrap.c, bootstrap_handleFinish(), commit f91cfe0: COAP_IGNORE unless
    the bootstrap server is in STATE_BS_PENDING; no answer is sent)."""
    finish = [(i, mid) for i, (src, _, typ, code, mid, path, q) in enumerate(rows)
              if typ == 0 and code == 2 and path == "bs" and not q and src != client]
    if not finish:
        return False
    mid = finish[-1][1]
    answers = [i for i, (src, _, typ, code, m, _, _) in enumerate(rows)
               if typ == 2 and m == mid and src == client and code == 68]
    copies = [i for i, m in finish if m == mid]
    return len(answers) == 1 and len(copies) > 1 and answers[0] < copies[-1] and all(
        not (rows[i][2] == 2 and rows[i][4] == mid) for i in range(copies[1], len(rows)))


# Two behaviours of the real Wakaama client (commit f91cfe0, the one in ../shared/peers) that
# the 10 % loss run can meet, recognised from the wire and the client's own output, and then
# checked as what they are rather than as mismatches:
#
# (1) The answer to Request Bootstrap is lost and the server's Delete / reaches the client
#     first. core/bootstrap.c, prv_checkServerStatus(): STATE_BS_INITIATED ("the ACK was
#     probably lost") moves to STATE_BS_PENDING without setting the pending deadline
#     (`registration`, set for STATE_BS_PENDING only), so the next bootstrap_step() finds it
#     passed and fails the bootstrap; lwm2m_step() returns 0xA3 (5.03). The example client
#     (examples/client/common/lwm2mclient.c, main loop) then calls prv_restore_objects(): the
#     copy of objects 0 and 1 taken when bootstrapping began comes back, with its Server
#     instance /1/0 (short server id 123, main()'s serverId default), and the client starts
#     again from STATE_INITIAL, taking the server's following Writes and Finish. Its store then
#     holds the configured account and that restored /1/0, which no Security instance backs.
# (2) The Request Bootstrap transaction outlives its connection: bootstrap_step(),
#     STATE_BS_FINISHING, closes the bootstrap server's connection (lwm2m_close_connection()
#     frees it) while the transaction, unanswered in the client's eyes, still points at it;
#     a later retransmission leaves through whatever connection took that memory, the LwM2M
#     server's, which answers 4.04 (it has no /bs). Seen as a Request Bootstrap to the LwM2M
#     server after the Finish.
WAKAAMA_RESTORED_SSID = "123"


def deletes_before_answer(rows, client, bs_host):
    """(1), for each Delete / the server sent (retransmissions folded): whether it reached the
    client before any answer to the client's latest Request Bootstrap (the one first sent
    most recently; an older one may still be retransmitted, (2))."""
    requests = []
    answered_mids = set()
    deletes = set()
    races = []
    for src, dst, typ, code, mid, path, q in rows:
        if src == client and dst == bs_host and typ == 0 and code == 2 and path == "bs" and q:
            if mid not in requests:
                requests.append(mid)
        elif src == bs_host and dst == client and typ == 2 and code != 0:
            answered_mids.add(mid)
        elif src == bs_host and dst == client and typ == 0 and code == 4 and path == "":
            if mid not in deletes:
                deletes.add(mid)
                races.append(bool(requests) and requests[-1] not in answered_mids)
    return races


def without_stale_requests(name, order, bs_host):
    """(2): drops each Request Bootstrap the client sent to a peer other than the bootstrap
    server, after checking it came after the Finish and was answered 4.04 (or lost)."""
    finish = next((i for i, (label, *_) in enumerate(order) if label == "down POST /bs"), None)
    kept = []
    for i, (label, answer, peer) in enumerate(order):
        if label.startswith("up POST /bs?") and peer != bs_host:
            if finish is None or i < finish or answer not in ("4.04", None):
                fail("%s: Request Bootstrap to %s (not the bootstrap server %s), answered %s, "
                     "%s the Finish" % (name, peer, bs_host, answer,
                                       "before" if finish is None or i < finish else "after"))
            else:
                print("  %s: a retransmission of its Request Bootstrap left after the Finish "
                      "through the LwM2M server's connection (%s), answered %s: Wakaama's "
                      "transaction outlived the closed bootstrap connection" % (name, peer,
                                                                                answer))
            continue
        kept.append([label, answer, peer])
    return kept


def clients(out, k, ssid, lifetime, dm_uri, min_simulated, mode, logs):
    table = devices(out)
    external = [r for r in table if r["mode"] == "EXTERNAL"]
    names = ["wakaama-%d" % j for j in range(k)]
    if [r["endpoint"] for r in external] != names:
        fail("devices.csv: EXTERNAL rows %s, expected %s" % ([r["endpoint"] for r in external],
                                                           names))
    pcaps = sorted(glob.glob(os.path.join(out, "pcap-*.pcap")))
    wire = {}
    for pcap in pcaps:
        rows = coap_datagrams(pcap)
        query = next((q for _, _, typ, _, _, path, q in rows if path == "rd" and q), "")
        m = re.search(r"ep=([^,]+)", query)
        if m:
            wire[m.group(1)] = rows
    for r in external:
        rows = wire.get(r["endpoint"], [])
        client = next((src for src, _, typ, _, _, path, q in rows if path == "rd" and q), None)
        if not r["finish_s"] and rows and finish_lost(rows, client):
            print("  %s: the 2.04 to Bootstrap-Finish was lost on its simulated uplink and the "
                  "client ignored the retransmitted Finish: no finish at the server" %
                  r["endpoint"])
        elif not r["finish_s"]:
            fail("devices.csv: %s has no finish" % r["endpoint"])
        if (mode == "si") != (r["bootstrap_request_s"] == ""):
            fail("devices.csv: %s bootstrap_request_s %r in a %s run" % (
                r["endpoint"], r["bootstrap_request_s"], mode))
        if r["outcome"] != "REGISTERED" or not r["registered_s"]:
            fail("devices.csv: %s outcome %s, registered %r" % (
                r["endpoint"], r["outcome"], r["registered_s"]))
    simulated = [r for r in table if r["mode"] != "EXTERNAL"]
    registered = sum(r["outcome"] == "REGISTERED" for r in simulated)
    if registered < min_simulated:
        fail("devices.csv: %d simulated devices registered, expected at least %d" % (
            registered, min_simulated))
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    if summary["modes"].get("EXTERNAL", {}).get("devices") != k:
        fail("summary.json: modes.EXTERNAL.devices is not %d" % k)
    print("  devices.csv: %d EXTERNAL rows, all REGISTERED: %s; %d/%d simulated devices "
          "registered" % (len(external), all(r["outcome"] == "REGISTERED" for r in external),
                          registered, len(simulated)))
    check_realtime(out)
    if len(pcaps) != k:
        fail("%d pcaps of external access links, expected %d" % (len(pcaps), k))
    race_of = {}
    for pcap in pcaps:
        rows = coap_datagrams(pcap)
        if not rows:
            fail("%s: no CoAP" % pcap)
            continue
        client = next(src for src, _, typ, code, _, path, query in rows
                      if typ == 0 and path == "rd" and "ep=" in query)
        query = next(q for _, _, typ, _, _, path, q in rows if path == "rd" and q)
        name = re.search(r"ep=([^,]+)", query).group(1)
        order = exchanges(rows, client)
        races = []
        if mode == "ci":
            bs_host = next((peer for label, _, peer in order if label.startswith("up POST /bs?")),
                           None)
            order = without_stale_requests(name, order, bs_host)
            races = deletes_before_answer(rows, client, bs_host)
        race_of[name] = races
        race = bool(races) and races[-1]
        # The answer to Request Bootstrap may be missing from the client's link only when
        # every copy of it was lost and the server's Delete shows it admitted the request.
        expected = [] if mode == "si" else [
            (r"up POST /bs\?ep=%s(&pct=\d+)?" % re.escape(name),
             r"2\.04|None" if race else r"2\.04")]
        expected += [
            (r"down DELETE /", r"2\.02"),
            (r"down PUT /0/%d" % ssid, r"2\.04"),
            (r"down PUT /1/%d" % ssid, r"2\.04"),
            (r"down POST /bs", r"2\.04"),
            (r"up POST /rd\?.*ep=%s.*&lt=%d.*" % (re.escape(name), lifetime), r"2\.01"),
        ]
        if mode == "si":
            check_exact(name, order, expected)
        else:
            check_sequence(name, order, expected)
    for j, log in enumerate(logs):
        name = "wakaama-%d" % j
        check_store(name, log, ssid, lifetime, dm_uri, race_of.get(name, []))


def fleet(out, n, ssid, lifetime, bs_host):
    rows = devices(out)
    registered = [r for r in rows if r["outcome"] == "REGISTERED" and r["finish_s"]]
    if len(rows) != n or len(registered) != n:
        fail("devices.csv: %d rows, %d bootstrapped and registered, expected %d" % (
            len(rows), len(registered), n))
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    ext = summary.get("external_bootstrap_server")
    if not ext or ext["sessions_finished"] != n or not ext["sessions_per_second"]:
        fail("summary.json: external_bootstrap_server %r" % ext)
    else:
        finishes = sorted(float(r["finish_s"]) for r in registered)
        first = min(float(r["bootstrap_request_s"]) for r in registered)
        expect = n / (finishes[-1] - first)
        if abs(expect - ext["sessions_per_second"]) > 0.001 + 1e-6 * expect:
            fail("summary.json: sessions_per_second %s, devices.csv gives %.3f" % (
                ext["sessions_per_second"], expect))
        print("  %d/%d devices bootstrapped from the real server and registered; it sustained "
              "%.3f sessions/s (%d sessions, %.3f s to %.3f s)" % (
                  len(registered), n, ext["sessions_per_second"], n, first, finishes[-1]))
    check_realtime(out)
    # The first device's own access link (--pcap 1 traces device 0 and the servers).
    dev0 = None
    for p in sorted(glob.glob(os.path.join(out, "pcap-*.pcap"))):
        rows = coap_datagrams(p)
        if any(q.startswith("ep=dev0") or ",ep=dev0" in q or "ep=dev0," in q
               for *_, q in rows) and len({s for s, *_ in rows if s.startswith("10.")}) == 1:
            dev0 = (p, rows)
            break
    if dev0 is None:
        fail("no pcap of device 0's access link")
        return
    rows = dev0[1]
    client = next(src for src, _, typ, _, _, path, _ in rows if typ == 0 and path == "bs")
    expected = [
        (r"up POST /bs\?ep=dev0(&pct=\d+)?", r"2\.04"),
        (r"down DELETE /", r"2\.02"),
        (r"down PUT /0/%d" % ssid, r"2\.04"),
        (r"down PUT /1/%d" % ssid, r"2\.04"),
        (r"down POST /bs", r"2\.04"),
        (r"up POST /rd\?.*ep=dev0.*&lt=%d.*" % lifetime, r"2\.01"),
    ]
    servers = {dst for src, dst, typ, _, _, path, _ in rows
               if typ == 0 and path == "bs" and src == client}
    if servers != {bs_host}:
        fail("device 0 sent Request Bootstrap to %s, not to the real server %s" % (servers,
                                                                                    bs_host))
    check_sequence("dev0", exchanges(rows, client), expected)


def main(argv):
    if len(argv) >= 9 and argv[1] == "clients" and argv[8] in ("ci", "si"):
        clients(argv[2], int(argv[3]), int(argv[4]), int(argv[5]), argv[6], int(argv[7]),
                argv[8], argv[9:])
    elif len(argv) == 7 and argv[1] == "fleet":
        fleet(argv[2], int(argv[3]), int(argv[4]), int(argv[5]), argv[6])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
