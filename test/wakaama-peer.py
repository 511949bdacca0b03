#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A scripted CoAP peer (RFC 7252) that plays the bootstrap server and the LwM2M server of
one retry situation, for measuring a real LwM2M client's schedule on loopback.

    wakaama-peer.py --situation S --port P [--dm-port Q] --duration D [--max-age N]

Situations (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1 for the bootstrap interface):
  unreachable          the bootstrap server never answers
  4.04                 Request Bootstrap (POST /bs) is answered 4.04 Not Found
  5.03                 Request Bootstrap is answered 5.03 Service Unavailable with Max-Age
  finish-4.06          Request Bootstrap gets 2.04, then a Write of a Security instance that
                       names no usable server (Short Server ID 0) and a Bootstrap-Finish,
                       which a consistent client answers 4.06 Not Acceptable
  registration-silent  a good bootstrap (Security /0/1 and Server /1/1 for the LwM2M server
                       on --dm-port), then the LwM2M server never answers Register
  no-finish            Request Bootstrap gets 2.04, then the Writes of a good bootstrap but
                       no Bootstrap-Finish: what a failed session leaves of its writes
  lost-2.04            the first Request Bootstrap is not answered but the commands of a good
                       bootstrap follow, as when the 2.04 is lost (the first at once, each
                       next one 1 s after the previous is answered); its retransmission gets the 2.04 (a
                       server's deduplication) and no new session; a new request gets a
                       session of its own

Prints one line per datagram received from the client, "TIME TYPE CODE PATH", TIME in
seconds since the first one, and per datagram the peer sends a line starting with '#'.
Stops after --duration seconds.
"""
import argparse
import select
import socket
import struct
import sys
import time

TYPES = ["CON", "NON", "ACK", "RST"]
METHODS = {1: "GET", 2: "POST", 3: "PUT", 4: "DELETE"}
URI_PATH = 11
URI_QUERY = 15
CONTENT_FORMAT = 12
MAX_AGE = 14
TLV = 11542  # application/vnd.oma.lwm2m+tlv (OMA-TS-LightweightM2M_Core-V1_1_1 7.4.3)


def code_text(code):
    if code == 0:
        return "0.00"
    if code < 32:
        return METHODS.get(code, "0.%02d" % code)
    return "%d.%02d" % (code >> 5, code & 31)


def parse(data):
    """Returns (type, code, mid, token, options [(number, bytes)], payload), None if not CoAP."""
    if len(data) < 4 or data[0] >> 6 != 1:
        return None
    mtype = (data[0] >> 4) & 3
    tkl = data[0] & 15
    code = data[1]
    mid = struct.unpack("!H", data[2:4])[0]
    if tkl > 8 or len(data) < 4 + tkl:
        return None
    token = data[4:4 + tkl]
    i = 4 + tkl
    number = 0
    options = []
    while i < len(data) and data[i] != 0xFF:
        delta, length = data[i] >> 4, data[i] & 15
        i += 1
        ext = []
        for v in (delta, length):
            if v == 13:
                if i >= len(data):
                    return None
                v = data[i] + 13
                i += 1
            elif v == 14:
                if i + 1 >= len(data):
                    return None
                v = struct.unpack("!H", data[i:i + 2])[0] + 269
                i += 2
            elif v == 15:
                return None
            ext.append(v)
        number += ext[0]
        if i + ext[1] > len(data):
            return None
        options.append((number, data[i:i + ext[1]]))
        i += ext[1]
    payload = data[i + 1:] if i < len(data) else b""
    return mtype, code, mid, token, options, payload


def uint_bytes(v):
    out = b""
    while v:
        out = bytes([v & 0xFF]) + out
        v >>= 8
    return out


def build(mtype, code, mid, token=b"", options=(), payload=b""):
    out = bytes([0x40 | (mtype << 4) | len(token), code]) + struct.pack("!H", mid) + token
    last = 0
    for number, value in sorted(options, key=lambda o: o[0]):
        parts = []
        head = 0
        for shift, v in ((4, number - last), (0, len(value))):
            if v < 13:
                head |= v << shift
            elif v < 269:
                head |= 13 << shift
                parts.append(bytes([v - 13]))
            else:
                head |= 14 << shift
                parts.append(struct.pack("!H", v - 269))
        out += bytes([head]) + b"".join(parts) + value
        last = number
    if payload:
        out += b"\xff" + payload
    return out


def tlv(kind, ident, value):
    """One LwM2M TLV entry (OMA-TS-LightweightM2M_Core-V1_1_1 7.4.3): kind 0 object
    instance, 3 resource with value."""
    t = kind << 6
    idb = struct.pack("!H", ident) if ident > 255 else bytes([ident])
    if ident > 255:
        t |= 0x20
    n = len(value)
    if n < 8:
        t |= n
        lb = b""
    elif n < 256:
        t |= 0x08
        lb = bytes([n])
    else:
        t |= 0x10
        lb = struct.pack("!H", n)
    return bytes([t]) + idb + lb + value


def int_value(v):
    return bytes([v]) if v < 128 else struct.pack("!h", v) if v < 32768 else struct.pack("!i", v)


def security_instance(uri, ssid):
    res = (tlv(3, 0, uri.encode()) + tlv(3, 1, b"\x00") + tlv(3, 2, int_value(3))
           + tlv(3, 10, int_value(ssid)))
    return tlv(0, 1, res)


def server_instance(ssid, lifetime):
    res = tlv(3, 0, int_value(ssid)) + tlv(3, 1, int_value(lifetime)) + tlv(3, 7, b"U")
    return tlv(0, 1, res)


def path_options(path):
    return [(URI_PATH, seg.encode()) for seg in path.strip("/").split("/") if seg]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--situation", required=True,
                    choices=["unreachable", "4.04", "5.03", "finish-4.06", "registration-silent",
                             "no-finish", "lost-2.04"])
    ap.add_argument("--port", type=int, required=True, help="bootstrap server UDP port")
    ap.add_argument("--dm-port", type=int, default=0, help="LwM2M server UDP port")
    ap.add_argument("--address", default="127.0.0.1")
    ap.add_argument("--duration", type=float, required=True, help="seconds, from start")
    ap.add_argument("--max-age", type=int, default=30, help="Max-Age of the 5.03 (s)")
    a = ap.parse_args()
    if a.duration <= 0 or not 0 < a.port < 65536:
        ap.error("--duration must be > 0 and --port in 1..65535")
    if a.situation != "unreachable" and not 0 < a.dm_port < 65536:
        ap.error("--situation %s needs --dm-port" % a.situation)

    bs = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    bs.bind((a.address, a.port))
    socks = [bs]
    if a.dm_port:
        dm = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        dm.bind((a.address, a.dm_port))
        socks.append(dm)
    start = time.monotonic()
    first = None
    mid = [0x1000]
    # Commands still to send for the current session: (method, path, payload); one at a time.
    pending = []
    waiting = {}  # MID of our CON -> True while unanswered
    unanswered = []  # lost-2.04: the MID of the first Request Bootstrap
    # lost-2.04: in the unanswered request's session each command after the first goes out
    # PACE s after the previous one is answered, so that the client has ended its attempt
    # when the second arrives (sent at once, it raced the client's own failure detection:
    # read before it, it is dropped by the failing attempt and wakes nothing).
    pace = [False]
    due = []  # (monotonic time, peer) of a paced command
    PACE = 1.0

    def stamp():
        return time.monotonic() - (first if first is not None else start)

    def send(sock, peer, data, what):
        sock.sendto(data, peer)
        print("# %.3f sent %s" % (stamp(), what), flush=True)

    def next_command(peer):
        if not pending:
            return
        method, path, payload = pending.pop(0)
        mid[0] = (mid[0] + 1) & 0xFFFF
        opts = path_options(path)
        if payload:
            opts.append((CONTENT_FORMAT, uint_bytes(TLV)))
        waiting[mid[0]] = True
        send(bs, peer, build(0, method, mid[0], struct.pack("!H", mid[0]), opts, payload),
             "CON %s %s" % (METHODS[method], path))

    while True:
        left = a.duration - (time.monotonic() - start)
        if left <= 0:
            break
        if due:
            left = min(left, max(0.0, due[0][0] - time.monotonic()))
        ready, _, _ = select.select(socks, [], [], left)
        if due and time.monotonic() >= due[0][0]:
            next_command(due.pop()[1])
        for sock in ready:
            data, peer = sock.recvfrom(2048)
            now = time.monotonic()
            if first is None:
                first = now
                print("# first datagram %.3f s after the peer started" % (now - start), flush=True)
            m = parse(data)
            if m is None:
                print("%.3f ? ? ? (%d bytes, not CoAP)" % (now - first, len(data)), flush=True)
                continue
            mtype, code, m_id, token, options, payload = m
            path = "/" + "/".join(v.decode("utf-8", "replace") for n, v in options if n == URI_PATH)
            print("%.3f %s %s %s" % (now - first, TYPES[mtype], code_text(code), path), flush=True)
            if sock is not bs or a.situation == "unreachable":
                continue  # the LwM2M server is silent; so is an unreachable bootstrap server
            if mtype == 2 and m_id in waiting:  # the answer to one of our commands
                del waiting[m_id]
                if pace[0]:
                    due[:] = [(now + PACE, peer)]
                else:
                    next_command(peer)
                continue
            if not (mtype == 0 and code == 2 and path == "/bs"):
                if mtype == 0:  # any other CON: acknowledge, empty
                    send(bs, peer, build(2, 0, m_id), "ACK 0.00")
                continue
            # Request Bootstrap.
            if a.situation == "4.04":
                send(bs, peer, build(2, (4 << 5) | 4, m_id, token), "ACK 4.04")
                continue
            if a.situation == "5.03":
                send(bs, peer, build(2, (5 << 5) | 3, m_id, token,
                                     [(MAX_AGE, uint_bytes(a.max_age))]), "ACK 5.03")
                continue
            if a.situation == "lost-2.04" and (not unanswered or unanswered[0] == m_id):
                if unanswered:
                    # A retransmission of the first request: the 2.04 again, as a server's
                    # deduplication answers it, and no new session.
                    send(bs, peer, build(2, (2 << 5) | 4, m_id, token), "ACK 2.04 (again)")
                    continue
                unanswered.append(m_id)
                pace[0] = True
                print("# %.3f first request left unanswered" % stamp(), flush=True)
            else:
                pace[0] = False
                due.clear()
                send(bs, peer, build(2, (2 << 5) | 4, m_id, token), "ACK 2.04")
            uri = "coap://%s:%d" % (a.address, a.dm_port)
            if a.situation == "finish-4.06":
                pending[:] = [(3, "/0/1", security_instance(uri, 0)), (2, "/bs", b"")]
            else:
                pending[:] = [(3, "/0/1", security_instance(uri, 1)),
                              (3, "/1/1", server_instance(1, 300))]
                if a.situation != "no-finish":
                    pending.append((2, "/bs", b""))
            waiting.clear()
            next_command(peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
