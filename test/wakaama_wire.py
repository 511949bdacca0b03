# SPDX-License-Identifier: GPL-2.0-only
"""The CoAP datagrams of a pcap, read with tshark, and what one client's bootstrap looks like
on its access link. Shared by test/check-wakaama-bridge.py (the bridge checks) and
examples/wakaama-comparison.py (real Wakaama clients against simulated ones): both sides of
the comparison are measured by this code, from pcaps taken at the same point (the device end
of the client's simulated access link).

  timed_coap_datagrams(pcap)  [(time, src, dst, type, code, mid, path, query)]
  coap_datagrams(pcap)        the same without the time
  bootstrap_timing(rows, client)  one client's bootstrap latency and retransmission offsets
"""
import subprocess

# CoAP message types and codes used here (RFC 7252).
CON, NON, ACK, RST = 0, 1, 2, 3
POST = 2
CREATED = 65  # 2.01


def timed_coap_datagrams(pcap):
    """(time, src, dst, type, code, mid, path, query) of every CoAP datagram of a pcap, time
    the frame's timestamp in seconds (frame.time_epoch: ns-3 stamps simulated time, so in
    the storm's pcaps it is the simulated instant), path with '/' between its segments, query with ',' between its options."""
    text = subprocess.run(
        ["tshark", "-r", pcap, "-Y", "coap", "-T", "fields", "-E", "separator=/t",
         "-E", "occurrence=a", "-E", "aggregator=,", "-e", "frame.time_epoch", "-e", "ip.src",
         "-e", "ip.dst", "-e", "coap.type", "-e", "coap.code", "-e", "coap.mid",
         "-e", "coap.opt.uri_path", "-e", "coap.opt.uri_query"],
        check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        f = line.split("\t")
        f += [""] * (8 - len(f))
        rows.append((float(f[0]), f[1], f[2], int(f[3]), int(f[4]), int(f[5]),
                     f[6].replace(",", "/"), f[7]))
    return rows


def coap_datagrams(pcap):
    """(src, dst, type, code, mid, path, query) of every CoAP datagram of a pcap."""
    return [row[1:] for row in timed_coap_datagrams(pcap)]


def client_of(rows):
    """The address that sent Request Bootstrap (POST /bs?ep=...) in timed rows, or None."""
    return next((src for _, src, _, typ, code, _, path, q in rows
                 if typ == CON and code == POST and path == "bs" and q.startswith("ep=")), None)


def endpoint_of(rows):
    """The endpoint name of the first Request Bootstrap or Register in timed rows, or None."""
    for _, _, _, typ, code, _, path, q in rows:
        if typ == CON and code == POST and path in ("bs", "rd"):
            for option in q.split(","):
                if option.startswith("ep="):
                    return option[3:]
    return None


def bootstrap_timing(rows, client):
    """One client's bootstrap as its access link shows it, from timed rows:

    latency_s: from the first transmission of its first Request Bootstrap to the first 2.01
      answering one of its Registers (matched by message ID), None if none came;
    retransmissions: per confirmable request the client sent, (kind, [offsets]): kind "bs"
      (Request Bootstrap) or "rd" (Register), offsets of the later copies from the first
      transmission. A request is its (source, message ID): a copy that leaves towards
      another peer (Wakaama's stale Request Bootstrap, see check-wakaama-bridge.py) is still
      a copy of it;
    attempts: the distinct Request Bootstraps sent;
    turnarounds: per copy of a confirmable request the client received (a server's
      command), from the copy on the link to the client's next answer with its message ID
      (on a bridged client: the host's stack, the TAP and the client's own processing);
    commands, command_copies: the confirmable requests the client received (by source and
      message ID) and the copies of them that reached it;
    copies_after_answer: copies of its requests it sent after an answer (any ACK with the
      request's message ID) had reached it (Wakaama's transaction layer stops at the first:
      coap/transaction.c, transaction_handleResponse())."""
    first_bs = None
    first = {}
    kinds = {}
    offsets = {}
    registers = set()
    registered = None
    received = {}
    turnarounds = []
    copies = {}
    answered = set()
    after_answer = 0
    for t, src, dst, typ, code, mid, path, q in rows:
        if dst == client and typ == ACK:
            answered.add(mid)
        elif src == client and typ == CON and (src, mid) in first and mid in answered:
            after_answer += 1
        if dst == client and typ == CON and 1 <= code <= 31:
            received.setdefault((src, mid), t)
            copies[(src, mid)] = copies.get((src, mid), 0) + 1
        elif src == client and typ == ACK and (dst, mid) in received:
            turnarounds.append(t - received.pop((dst, mid)))
        if src == client and typ == CON and code == POST and path in ("bs", "rd") and q:
            key = (src, mid)
            if key not in first:
                first[key] = t
                kinds[key] = path
                offsets[key] = []
                if path == "bs" and first_bs is None:
                    first_bs = t
                if path == "rd":
                    registers.add(mid)
            else:
                offsets[key].append(t - first[key])
        elif dst == client and typ == ACK and code == CREATED and mid in registers:
            if registered is None:
                registered = t
    latency = registered - first_bs if registered is not None and first_bs is not None else None
    return {
        "latency_s": latency,
        "first_request_s": first_bs,
        "retransmissions": [(kinds[k], offsets[k]) for k in sorted(first, key=first.get)],
        "attempts": sum(1 for k in kinds.values() if k == "bs"),
        "turnarounds": turnarounds,
        "commands": len(copies),
        "command_copies": sum(copies.values()),
        "copies_after_answer": after_answer,
    }
